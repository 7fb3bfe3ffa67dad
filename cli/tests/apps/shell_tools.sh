# Job-control and plumbing tools; every wait is bounded.
cd /tmp
timeout 0.3 sleep 5; echo "timeout $?"
timeout -s INT 0.3 sh -c 'trap "echo got INT; exit 9" INT; while :; do sleep 0.05; done'; echo "timeout INT $?"
timeout -k 0.2 0.2 sh -c 'trap "" TERM; sleep 3'; echo "timeout -k $?"
timeout 5 true; echo "in time $?"; timeout --preserve-status 0.2 sleep 3; echo "preserve $?"
nohup python3 -c 'import signal; print(signal.getsignal(signal.SIGHUP))' 2>&1
nohup sh -c 'kill -HUP $$; echo survived HUP' > hup.txt 2>&1; cat hup.txt
stdbuf -oL sh -c 'echo line1; sleep 0.1; echo line2' | cat
stdbuf -o0 python3 -c 'import sys; print(sys.stdout.line_buffering)'
seq 1 12 | xargs -P2 -n3 sh -c 'echo "$@" | tr " " +' x | sort
seq 1 8 | xargs -P4 -I{} sh -c 'sleep 0.0{}; echo {}' | sort -n | tr '\n' ' '; echo
printf '%s\n' c a b | xargs -t echo 2>&1; echo | xargs -r echo never; echo "xargs -r $?"
seq 1 4 | xargs sh -c 'exit 255' x; echo "xargs 255: $?"
seq 200000 -1 1 | sort -n --parallel=2 -S 1M | md5sum
seq 100000 | awk '{print ($1 * 7919) % 100003}' | sort -n --parallel=2 -S 256k -T /tmp | tail -2
printf 'b 2\na 1\nb 1\n' | sort -k1,1 -k2n --parallel=2 --stable
date -u -d '2024-02-28 + 1 day' +%F; date -u -d '@1700000000' '+%F %T %Z %s %j %U %a'
date -u -d 'next year' +%Y >/dev/null && echo next year parses; date -u -d '2024-03-31 - 1 month' +%F
TZ=America/New_York date -d '2024-03-10 03:30' '+%F %T %Z %z'; TZ=Asia/Kolkata date -d @0 '+%F %T %Z'
date -d 'not a date' 2>&1; echo "date $?"; date -u --iso-8601=seconds -d '2020-01-01T00:00:00+02:00'
touch -d '2021-06-01 10:00' f; date -u -r f +%F; ls -l --time-style=+%F f | awk '{print $6, $7}'
flock -n /tmp/lk -c 'flock -n /tmp/lk -c "echo inner" || echo "inner busy $?"'
( flock 9; echo "held"; sleep 0.3 ) 9>/tmp/lk2 & sleep 0.1
flock -w 3 /tmp/lk2 -c 'echo "got it after the holder"'; wait
flock -w 0.1 /tmp/lk2 true; echo "free $?"; ( flock -s 9; flock -s -n /tmp/lk2 -c 'echo shared too' ) 9>/tmp/lk2
exec 8>/tmp/lk3; flock 8; flock -n /tmp/lk3 -c true || echo "busy $?"; flock -u 8; flock -n /tmp/lk3 -c 'echo unlocked'
timeout 2 watch -n 0.1 -g -t 'cat /tmp/w 2>/dev/null' > /dev/null 2>&1 & sleep 0.5; echo changed > /tmp/w; wait $!; echo "watch -g $?"
