/* Robust and priority-inheritance mutexes, timed waits on CLOCK_REALTIME,
 * and the futex operations behind them, called directly: what glibc's
 * pthread_mutex_* and sem_* ask of futex(2), set_robust_list(2) and
 * get_robust_list(2). Output has no tids or times, so it is the same on
 * every run. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long futex(uint32_t *uaddr, int op, uint32_t val, void *timeout, uint32_t *uaddr2, uint32_t val3)
{
    return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static void show(const char *what, long r)
{
    if (r == -1)
        printf("%s: -1 %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

static void show_err(const char *what, int err)
{
    printf("%s: %s\n", what, err ? strerror(err) : "ok");
}

/* An absolute CLOCK_REALTIME time `ms` from now. */
static struct timespec in_ms(clockid_t clock, long ms)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    ts.tv_nsec += ms * 1000000;
    ts.tv_sec += ts.tv_nsec / 1000000000;
    ts.tv_nsec %= 1000000000;
    return ts;
}

static void init_mutex(pthread_mutex_t *m, int robust, int protocol, int shared)
{
    pthread_mutexattr_t at;
    pthread_mutexattr_init(&at);
    pthread_mutexattr_setrobust(&at, robust ? PTHREAD_MUTEX_ROBUST : PTHREAD_MUTEX_STALLED);
    pthread_mutexattr_setprotocol(&at, protocol);
    pthread_mutexattr_setpshared(&at, shared ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE);
    pthread_mutex_init(m, &at);
    pthread_mutexattr_destroy(&at);
}

static pthread_mutex_t held;
static void *lock_and_exit(void *arg)
{
    pthread_mutex_lock(&held);
    if (arg)
        usleep(50000); /* long enough for the main thread to wait */
    return 0;
}

/* A robust mutex whose owner thread ends: the next locker gets EOWNERDEAD,
 * makes it consistent, and it works again; with `wait`, the main thread is
 * already waiting when the owner ends. */
static void robust_thread(const char *name, int protocol, int wait)
{
    init_mutex(&held, 1, protocol, 0);
    pthread_t t;
    pthread_create(&t, 0, lock_and_exit, wait ? &t : 0);
    if (wait)
        usleep(10000);
    else
        pthread_join(t, 0);
    int r = pthread_mutex_lock(&held);
    printf("%s: lock after the owner ended: %s\n", name, strerror(r));
    if (r == EOWNERDEAD) {
        show_err("  consistent", pthread_mutex_consistent(&held));
        show_err("  unlock", pthread_mutex_unlock(&held));
        show_err("  lock again", pthread_mutex_lock(&held));
        show_err("  unlock", pthread_mutex_unlock(&held));
    }
    if (wait)
        pthread_join(t, 0);
    pthread_mutex_destroy(&held);
}

/* A process-shared robust mutex whose owner process is killed, or execs. */
static void robust_process(const char *name, int how)
{
    pthread_mutex_t *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    init_mutex(m, 1, PTHREAD_PRIO_NONE, 1);
    int ready[2], go[2];
    pipe(ready);
    pipe(go);
    pid_t child = fork();
    char c;
    if (child == 0) {
        pthread_mutex_lock(m);
        write(ready[1], "x", 1);
        read(go[0], &c, 1);
        if (how == 1)
            execl("/bin/true", "true", (char *)0);
        pause();
        _exit(1);
    }
    read(ready[0], &c, 1);
    show_err("trylock while the child holds it", pthread_mutex_trylock(m));
    if (how == 0)
        kill(child, SIGKILL);
    else
        write(go[1], "x", 1);
    int status;
    waitpid(child, &status, 0);
    int r = pthread_mutex_lock(m);
    printf("%s: lock after the owner process ended: %s\n", name, strerror(r));
    if (r == EOWNERDEAD)
        pthread_mutex_consistent(m);
    pthread_mutex_unlock(m);
    close(ready[0]);
    close(ready[1]);
    close(go[0]);
    close(go[1]);
    munmap(m, 4096);
}

static pthread_mutex_t pi;
static long counter;
static void *pi_worker(void *arg)
{
    for (int i = 0; i < 200; i++) {
        pthread_mutex_lock(&pi);
        long c = counter;
        if (i % 50 == 0)
            usleep(1000); /* hold it long enough for the others to wait */
        counter = c + 1;
        pthread_mutex_unlock(&pi);
    }
    return arg;
}

/* Holds `pi` from when it posts `locked` until `release` is posted, so
 * what the main thread sees does not hang on timing. */
static sem_t locked, release;
static void *pi_hold(void *arg)
{
    pthread_mutex_lock(&pi);
    sem_post(&locked);
    sem_wait(&release);
    pthread_mutex_unlock(&pi);
    return arg;
}

static volatile sig_atomic_t handled;
static void on_usr1(int sig)
{
    handled += sig == SIGUSR1;
}

/* Signals the main thread (waiting for `pi`, or about to), then lets
 * the holder go. */
static void *poke_main(void *main_thread)
{
    usleep(20000);
    pthread_kill(*(pthread_t *)main_thread, SIGUSR1);
    usleep(20000);
    sem_post(&release);
    return 0;
}

static void pi_mutexes(void)
{
    init_mutex(&pi, 0, PTHREAD_PRIO_INHERIT, 0);
    show_err("pi lock", pthread_mutex_lock(&pi));
    show_err("pi trylock held by itself", pthread_mutex_trylock(&pi));
    show_err("pi unlock", pthread_mutex_unlock(&pi));
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], 0, pi_worker, 0);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], 0);
    printf("pi counter: %ld\n", counter);
    sem_init(&locked, 0, 0);
    sem_init(&release, 0, 0);
    pthread_create(&t[0], 0, pi_hold, 0);
    sem_wait(&locked);
    show_err("pi trylock held by another thread", pthread_mutex_trylock(&pi));
    struct timespec soon = in_ms(CLOCK_REALTIME, 20);
    show_err("pi timedlock", pthread_mutex_timedlock(&pi, &soon));
    sem_post(&release);
    show_err("pi lock once it is free", pthread_mutex_lock(&pi));
    show_err("pi unlock", pthread_mutex_unlock(&pi));
    pthread_join(t[0], 0);
    /* A handler (without SA_RESTART) runs while the lock is awaited: the
     * wait goes on after it. */
    struct sigaction sa = { .sa_handler = on_usr1 };
    sigaction(SIGUSR1, &sa, 0);
    pthread_t self = pthread_self();
    pthread_create(&t[0], 0, pi_hold, 0);
    sem_wait(&locked);
    pthread_create(&t[1], 0, poke_main, &self);
    show_err("pi lock with a handler run meanwhile", pthread_mutex_lock(&pi));
    printf("  handler ran %d\n", handled);
    show_err("pi unlock, so it was held", pthread_mutex_unlock(&pi));
    pthread_join(t[0], 0);
    pthread_join(t[1], 0);
    pthread_mutex_destroy(&pi);
}

static void timed_waits(void)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    pthread_mutex_lock(&m);
    struct timespec ts = in_ms(CLOCK_REALTIME, 30);
    show_err("cond timedwait on CLOCK_REALTIME", pthread_cond_timedwait(&c, &m, &ts));
    ts = in_ms(CLOCK_MONOTONIC, 30);
    show_err("cond clockwait on CLOCK_MONOTONIC", pthread_cond_clockwait(&c, &m, CLOCK_MONOTONIC, &ts));
    ts = in_ms(CLOCK_REALTIME, 30);
    show_err("mutex timedlock held by itself", pthread_mutex_timedlock(&m, &ts));
    pthread_mutex_unlock(&m);
    sem_t s;
    sem_init(&s, 0, 0);
    ts = in_ms(CLOCK_REALTIME, 30);
    show("sem_timedwait", sem_timedwait(&s, &ts));
    ts = in_ms(CLOCK_MONOTONIC, 30);
    show("sem_clockwait", sem_clockwait(&s, CLOCK_MONOTONIC, &ts));
    /* A deadline already past times out at once; a bad one is EINVAL. */
    ts.tv_sec = 1;
    ts.tv_nsec = 0;
    show("sem_timedwait in the past", sem_timedwait(&s, &ts));
    ts.tv_nsec = 1000000000;
    show("sem_timedwait bad nanoseconds", sem_timedwait(&s, &ts));
}

static void raw_calls(void)
{
    uint32_t word = 0, other = 5;
    struct timespec rel = { 0, 1000000 };
    /* FUTEX_WAKE_OP: other += 3 (old 5 > 4, so waiters on it wake too). */
    int op = FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_GT, 4);
    show("wake_op", futex(&word, FUTEX_WAKE_OP, 1, (void *)1, &other, op));
    printf("  other is now %u\n", other);
    op = FUTEX_OP((FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT), 4, FUTEX_OP_CMP_EQ, 0);
    show("wake_op set 1<<4", futex(&word, FUTEX_WAKE_OP, 1, 0, &other, op));
    printf("  other is now %u\n", other);
    show("wake_op bad op", futex(&word, FUTEX_WAKE_OP, 1, 0, &other, 7 << 28));
    show("wake_op bad cmp", futex(&word, FUTEX_WAKE_OP, 1, 0, &other, FUTEX_OP(FUTEX_OP_SET, 9, 9, 0)));
    printf("  other is now %u\n", other);
    show("wait with CLOCK_REALTIME", futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &rel, 0, 0));
    show("wake with CLOCK_REALTIME", futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, 0, 0, 0));
    show("wait_bitset with an empty set", futex(&word, FUTEX_WAIT_BITSET, 0, 0, 0, 0));
    show("wait with a wrong value", futex(&word, FUTEX_WAIT, 1, 0, 0, 0));
    show("wait timing out", futex(&word, FUTEX_WAIT, 0, &rel, 0, 0));
    rel.tv_nsec = -1;
    show("wait with bad nanoseconds", futex(&word, FUTEX_WAIT, 0, &rel, 0, 0));
    show("wait unaligned", futex((uint32_t *)((char *)&word + 1), FUTEX_WAIT, 0, 0, 0, 0));

    uint32_t me = syscall(SYS_gettid);
    uint32_t lock = 0;
    show("lock_pi free", futex(&lock, FUTEX_LOCK_PI, 0, 0, 0, 0));
    printf("  word is the caller's tid: %d\n", lock == me);
    show("lock_pi held by itself", futex(&lock, FUTEX_LOCK_PI, 0, 0, 0, 0));
    show("trylock_pi held by itself", futex(&lock, FUTEX_TRYLOCK_PI, 0, 0, 0, 0));
    show("unlock_pi", futex(&lock, FUTEX_UNLOCK_PI, 0, 0, 0, 0));
    printf("  word: %u\n", lock);
    show("unlock_pi not the owner", futex(&lock, FUTEX_UNLOCK_PI, 0, 0, 0, 0));
    lock = FUTEX_OWNER_DIED;
    show("lock_pi owner died", futex(&lock, FUTEX_LOCK_PI, 0, 0, 0, 0));
    printf("  died bit kept: %d\n", lock == (me | FUTEX_OWNER_DIED));
    lock = 0x3ffffff0; /* a tid no thread has */
    show("lock_pi held by no thread", futex(&lock, FUTEX_LOCK_PI, 0, 0, 0, 0));
    show("trylock_pi held by no thread", futex(&lock, FUTEX_TRYLOCK_PI, 0, 0, 0, 0));

    struct robust_list_head *head;
    size_t len;
    show("get_robust_list", syscall(SYS_get_robust_list, 0, &head, &len));
    printf("  len %zu, head is glibc's: %d\n", len, head != 0);
    show("get_robust_list of no process", syscall(SYS_get_robust_list, 0x3ffffff0, &head, &len));
    show("set_robust_list bad length", syscall(SYS_set_robust_list, head, 13));
}

int main(void)
{
    setvbuf(stdout, 0, _IONBF, 0);
    robust_thread("robust", PTHREAD_PRIO_NONE, 0);
    robust_thread("robust, waited for", PTHREAD_PRIO_NONE, 1);
    robust_thread("robust pi", PTHREAD_PRIO_INHERIT, 0);
    robust_thread("robust pi, waited for", PTHREAD_PRIO_INHERIT, 1);
    robust_process("robust shared, killed", 0);
    robust_process("robust shared, exec", 1);
    pi_mutexes();
    timed_waits();
    raw_calls();
    return 0;
}
