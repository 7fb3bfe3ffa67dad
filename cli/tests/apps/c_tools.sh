# The C sources are in the files before this script (heredocs in apps.rs).
gcc -O1 -Wall -pthread -o threads threads.c && ./threads
gcc -O1 -Wall -fPIC -shared -o libplugin.so plugin.c && gcc -O1 -Wall -o dl dlopen.c && ./dl
nm -D --defined-only libplugin.so | grep plugin_
gcc -fsanitize=undefined -o ub ubsan.c && ./ub 2>&1 | grep -v "WARNING: reading executable name"
clang -O0 -fsanitize=undefined -fsanitize-trap=undefined -o ubt ubsan.c && { ./ubt || echo "trap $?"; }
# make -j2: three objects in parallel, an archive, a program.
mkdir proj; cd proj
for n in one two three; do printf 'int %s(void) { return %d; }\n' $n ${#n} > $n.c; done
printf 'int one(void), two(void), three(void);\nint main(void) { return one() + two() + three(); }\n' > main.c
printf 'OBJS = one.o two.o three.o\napp: main.o libnum.a\n\t$(CC) -o $@ main.o -L. -lnum\nlibnum.a: $(OBJS)\n\t$(AR) rcs $@ $^\n%%.o: %%.c\n\t$(CC) -O1 -c -o $@ $<\n' > Makefile
make -j2 -s; ./app || echo "app $?"
make -q && echo up to date
touch -d '1 hour ago' *; touch two.c; make -j2
ar t libnum.a; nm libnum.a; nm -n app | grep -E ' T (one|two|three|main)$'
readelf -h app | grep -E 'Class|Data|Type|Machine|Entry|Number of section headers'
cp app app.full; strip app; { test "$(stat -c %s app)" -lt "$(stat -c %s app.full)" && echo stripped smaller; }
nm app 2>&1; ./app || echo "stripped app $?"
size -A libnum.a | grep -E '^(\.text|one|two|three)' ; objdump -d one.o | grep -A3 '<one>:'
