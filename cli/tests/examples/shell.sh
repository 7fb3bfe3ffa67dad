# The README's shell line and `sudo -i`, as user in /home/user: the
# commands as a user types them, with their output checked where it is
# the machine's own.
set -e
ls /usr/bin | wc -l
git init -q /tmp/repo && ls -A /tmp/repo/.git | sort | head -5
cd /tmp/repo && git status --short --branch 2>&1; cd
# vim and nano edit a file without a terminal (vim's ex mode, nano's
# version), the way a script would drive them.
printf 'hello tabvm\nsecond line\n' > /tmp/edit.txt
vim -Es -u NONE -c '%s/hello/goodbye/' -c '$put =\"added by vim\"' -c wq /tmp/edit.txt
cat /tmp/edit.txt
nano --version | head -1
# `sudo -i` (no password): root's login shell reading its commands.
printf 'id; pwd; echo "$HOME $USER $SHELL"; shopt -q login_shell && echo login\n' | sudo -i 2>/dev/null
sudo -n true && echo "sudo needs no password"
sudo -l -U user 2>/dev/null | tail -1
