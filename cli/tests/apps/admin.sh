# Users, packages, the loader cache and the locale; root, then as others.
# Natively (a chroot of the tree, which has no /proc) what this changes
# must not reach the tree: copies go over the directories it writes, in
# the run's private mount namespace. The guest's disk is an overlay.
if [ ! -e /proc/self ]; then
    for d in /etc /home /var/cache/apt /var/cache/ldconfig /var/lib/sudo /var/mail /var/log; do
        mkdir -p /tmp/keep$d && cp -a $d/. /tmp/keep$d/ && mount --bind /tmp/keep$d $d || exit 99
    done
fi
id; id user; id -Gn user; groups user; getent passwd root user | cut -d: -f1,3,4,6,7
getent group sudo users | cut -d: -f1,3; getent hosts localhost | sort -u; getent services 22/tcp
sudo -u user id; sudo -u user sh -c 'echo $HOME $USER; whoami'; sudo -n -u user true; echo "sudo $?"
su user -c id; su user -c 'echo $HOME; pwd'; su - user -c 'pwd; echo $SHELL'; su user -s /bin/sh -c 'echo $0'
useradd -m -s /bin/bash -c 'New Person' newbie; getent passwd newbie | cut -d: -f1,5,6,7
id newbie; ls -la /home/newbie | awk 'NR>1{print $1, $3, $4, $NF}' | sort -k4
echo 'newbie:s3cret' | chpasswd; grep -c '^newbie:\$y\$' /etc/shadow; passwd -S newbie | cut -d' ' -f1,2
su newbie -c 'id -un; cd; pwd; touch mine; ls -l mine | cut -d" " -f3,4'
su newbie -c 'cat /etc/shadow' 2>&1; echo "shadow $?"; su newbie -c 'sudo -n true' 2>/dev/null; echo "sudo as newbie $?"
usermod -aG users newbie; id -Gn newbie; groupadd crew; gpasswd -a newbie crew; id -Gn newbie
userdel -r newbie 2>&1; getent passwd newbie || echo "newbie gone"; test -d /home/newbie || echo "home gone"
dpkg -l | wc -l | awk '{print ($1 > 200) ? "many packages" : $1}'; dpkg -l | head -5 | cut -c1-60
dpkg -l coreutils bash | tail -2 | awk '{print $1, $2, $4}'; dpkg -L coreutils | grep -E 'bin/(ls|cat|sort)$'
dpkg -S /bin/ls; dpkg-query -W -f='${Package} ${Status}\n' coreutils bash python3; dpkg --print-architecture
dpkg-query -W | wc -l | awk '{print ($1 > 200) ? "many" : $1}'; dpkg -s bash | grep -E '^(Package|Status|Priority|Architecture):'
apt-cache policy bash | sed -n 1,3p; apt-cache show bash 2>/dev/null | grep -E '^(Package|Architecture):' | head -2
apt-cache depends bash | head -4; apt list --installed 2>/dev/null | grep -c installed | awk '{print ($1 > 200) ? "many" : $1}'
ldconfig -p | head -1 | sed 's/[0-9]* libs/N libs/'; ldconfig -p | grep -E '\blibc.so.6 |libm.so.6 ' | sort
ldd /bin/ls | awk '{print $1}' | sort; ldconfig -v 2>/dev/null | grep -c ':$' | awk '{print ($1 > 0) ? "dirs" : $1}'
locale; locale -a | sort; LANG=C.UTF-8 locale charmap; LC_ALL=C.UTF-8 python3 -c 'import locale; print(locale.getpreferredencoding())'
LC_ALL=C.UTF-8 printf '%s\n' 'caf\u00e9' | wc -m; getconf PAGESIZE; getconf LONG_BIT; getconf _NPROCESSORS_CONF >/dev/null && echo nprocs
df -P / /tmp | awk 'NR==1{print $1, $6} NR>1{print ($2 > 0) ? "size" : "none", $6}'
