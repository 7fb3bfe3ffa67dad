"""Prints the first Fibonacci numbers, and a big one, to show Python running in a tab."""


def fibonacci(count):
    """Yields the first `count` Fibonacci numbers."""
    a, b = 0, 1
    for _ in range(count):
        yield a
        a, b = b, a + b


if __name__ == "__main__":
    for index, value in enumerate(fibonacci(20)):
        print(f"fib({index}) = {value}")
    big = list(fibonacci(301))[-1]
    print(f"fib(300) has {len(str(big))} digits: {big}")
