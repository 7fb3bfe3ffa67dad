# Process tools on /proc, under tabvm only (the chroot has none): each line
# checks itself against the pids the shell knows.
cp /bin/sleep /tmp/zzsnapc
bash -c 'exec -a zzsnapa sleep 30' & s1=$!; bash -c 'exec -a zzsnapb sleep 31' & s2=$!; /tmp/zzsnapc 32 & s3=$!
sleep 0.3
echo "pgrep $(pgrep -f '^zzsnap' | wc -l) $(pgrep -f '^zzsnapa' | grep -cx $s1) $(pgrep -c -f '^zzsnapb') $(pgrep -x zzsnapc | grep -cx $s3)"
echo "pidof $(pidof zzsnapb | wc -w) $(pidof -s zzsnapa | grep -cx $s1) $(pidof zzsnapc | grep -cx $s3)"
pstree -p $$ | sed 's/[0-9]\+/N/g'
pstree -A $$ | sort
pkill -f '^zzsnapb 31'; wait $s2; echo "pkill -> $?"
pkill -USR1 -f '^zzsnapa'; wait $s1; echo "pkill -USR1 -> $?"
killall -v zzsnapc 2>&1 | sed 's/([0-9]*)/(N)/'; wait $s3; echo "killall -> $?"
pgrep -f '^zzsnap' || echo "none left"; killall zzsnapd; echo "killall nothing $?"
echo ---; find /proc/sys /sys -type d 2>&1 | sort; du -s /proc/sys >/dev/null && echo "du 0"
test "$(stat -c %i /proc/$$)" != "$(stat -c %i /proc/$$/fd)" && echo "pid and fd dirs differ"
stat -f -c %T / /proc /proc/$$ /sys /sys/devices/system/cpu/online /dev/pts /tmp; df -a | awk 'NR>2 && NR<6{print $1, $2, $6}'
echo ---; findmnt -n -o FSTYPE /; findmnt -n -o FSTYPE /proc; findmnt -n -o FSTYPE /tmp; mount | grep -c ' on /dev/pts type devpts '
df -h / | awk 'NR==2{print ($2 != "0") ? "sized" : "empty"}'; df -i / | awk 'NR==2{print ($2 > 0) ? "inodes" : "none"}'
free -m | awk 'NR==2{print $1, ($2 > 0 && $2 >= $3) ? "fits" : "bad"}'; uptime -p | cut -c1-3
pwdx $$ | cut -d' ' -f2; cd /tmp && pwdx $$ | cut -d' ' -f2
prlimit --nofile=128:256 sh -c 'ulimit -Sn; ulimit -Hn'; nice -n 5 nice; renice -n 3 -p $$ >/dev/null; ps -o ni= -p $$
sleep 5 > /tmp/held & sleep 0.3; test "$(fuser /tmp/held 2>/dev/null | tr -d ' ')" = "$!" && echo "fuser finds $!" | sed 's/[0-9]*$/it/'; kill $!
