# Runs once inside the freshly debootstrapped tree (chroot, as root, sh -eu)
# when `cargo xtask image` builds the image. The examples are in
# /tmp/tabvm-examples when it starts.

echo tabvm > /etc/hostname
cat > /etc/hosts <<'HOSTS'
127.0.0.1	localhost
127.0.1.1	tabvm
::1	localhost ip6-localhost ip6-loopback
HOSTS
# No DNS inside the tab; name lookups fail fast instead of timing out.
: > /etc/resolv.conf
# A machine id is made per machine at first boot, never baked into an image.
: > /etc/machine-id

# The user: uid 1000, passwordless sudo, bash.
useradd --uid 1000 --user-group --create-home --shell /bin/bash user
passwd --delete user >/dev/null
echo 'user ALL=(ALL:ALL) NOPASSWD: ALL' > /etc/sudoers.d/user
chmod 0440 /etc/sudoers.d/user

cp -r /tmp/tabvm-examples /home/user/examples
chown -R user:user /home/user
rm -rf /tmp/tabvm-examples

# /dev/shm and /run/lock are world-writable tmpfs mounts on a running
# Debian system (POSIX semaphores and shared memory live in /dev/shm);
# here they are directories on the disk with the same modes.
mkdir -p /dev/shm /run/lock
chmod 1777 /dev/shm /run/lock

# The example nginx site replaces the default one.
rm -f /etc/nginx/sites-enabled/default
ln -s /home/user/examples/nginx/tabvm.conf /etc/nginx/sites-enabled/tabvm

# Byte-compile Python's standard library and packages once here, so that no
# python3 start in the tab compiles them again. Hash-based .pyc files stay
# valid after the build pins every timestamp. (A few test files in the
# stdlib are deliberately invalid Python, so compileall's status is ignored.)
python3 -m compileall -q -j 1 --invalidation-mode unchecked-hash \
    /usr/lib/python3.11 /usr/lib/python3/dist-packages >/dev/null 2>&1 || true

apt-get clean
