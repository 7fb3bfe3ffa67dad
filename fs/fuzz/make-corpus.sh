#!/bin/sh
# Seed images for the mount_walk fuzz target (e2fsprogs' mke2fs).
set -e
cd "$(dirname "$0")"
t=$(mktemp -d)
mkdir -p "$t/src/d/e" corpus/mount_walk
echo hello > "$t/src/hello"
head -c 20000 /dev/urandom > "$t/src/d/blob"
ln -s ../hello "$t/src/d/fast"
ln -s "$(printf 'x%.0s' $(seq 1 100))" "$t/src/d/slow"
for i in 1 2 3 4 5 6 7 8; do echo "$i" > "$t/src/d/e/f$i"; done
MKE2FS_CONFIG=/dev/null /sbin/mke2fs -q -F -t ext2 -b 1024 -N 32 -O sparse_super,filetype,dir_index,ext_attr -d "$t/src" corpus/mount_walk/rev1-1k.img 128k
MKE2FS_CONFIG=/dev/null /sbin/mke2fs -q -F -t ext2 -b 1024 -N 32 -r 0 -O none -d "$t/src" corpus/mount_walk/rev0-1k.img 128k
rm -rf "$t"
