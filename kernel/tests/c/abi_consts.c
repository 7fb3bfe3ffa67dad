/* Prints the value of each i386 ABI constant that tabvm-kernel's abi module
 * defines, from the headers of the Debian i386 tree, as "NAME value" or
 * "NAME MISSING", for tests/abi_consts.rs. The list follows the abi
 * module's constant names. Kernel uapi headers here; the socket-level and
 * fd-flag names that only glibc exports are in abi_consts_libc.c (a
 * separate translation unit: the two sets of headers conflict). */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/poll.h>
#include <linux/eventpoll.h>
#include <linux/auxvec.h>
#include <linux/resource.h>
#include <linux/time.h>
#include <linux/futex.h>
#include <linux/random.h>
#include <linux/prctl.h>
#include <linux/personality.h>
#include <linux/close_range.h>
#include <linux/memfd.h>
#include <asm/signal.h>
#include <linux/signal.h>
#include <asm/socket.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/tcp.h>
#include <linux/net.h>
#include <asm/termbits.h>
#include <asm/ioctls.h>
#include <stdio.h>

void libc_consts(void);

int main(void) {
#ifdef O_ACCMODE
    printf("O_ACCMODE %lld\n", (long long)(O_ACCMODE));
#else
    printf("O_ACCMODE MISSING\n");
#endif
#ifdef O_RDONLY
    printf("O_RDONLY %lld\n", (long long)(O_RDONLY));
#else
    printf("O_RDONLY MISSING\n");
#endif
#ifdef O_WRONLY
    printf("O_WRONLY %lld\n", (long long)(O_WRONLY));
#else
    printf("O_WRONLY MISSING\n");
#endif
#ifdef O_RDWR
    printf("O_RDWR %lld\n", (long long)(O_RDWR));
#else
    printf("O_RDWR MISSING\n");
#endif
#ifdef O_CREAT
    printf("O_CREAT %lld\n", (long long)(O_CREAT));
#else
    printf("O_CREAT MISSING\n");
#endif
#ifdef O_EXCL
    printf("O_EXCL %lld\n", (long long)(O_EXCL));
#else
    printf("O_EXCL MISSING\n");
#endif
#ifdef O_NOCTTY
    printf("O_NOCTTY %lld\n", (long long)(O_NOCTTY));
#else
    printf("O_NOCTTY MISSING\n");
#endif
#ifdef O_TRUNC
    printf("O_TRUNC %lld\n", (long long)(O_TRUNC));
#else
    printf("O_TRUNC MISSING\n");
#endif
#ifdef O_APPEND
    printf("O_APPEND %lld\n", (long long)(O_APPEND));
#else
    printf("O_APPEND MISSING\n");
#endif
#ifdef O_NONBLOCK
    printf("O_NONBLOCK %lld\n", (long long)(O_NONBLOCK));
#else
    printf("O_NONBLOCK MISSING\n");
#endif
#ifdef O_DSYNC
    printf("O_DSYNC %lld\n", (long long)(O_DSYNC));
#else
    printf("O_DSYNC MISSING\n");
#endif
#ifdef FASYNC
    printf("FASYNC %lld\n", (long long)(FASYNC));
#else
    printf("FASYNC MISSING\n");
#endif
#ifdef O_DIRECT
    printf("O_DIRECT %lld\n", (long long)(O_DIRECT));
#else
    printf("O_DIRECT MISSING\n");
#endif
#ifdef O_LARGEFILE
    printf("O_LARGEFILE %lld\n", (long long)(O_LARGEFILE));
#else
    printf("O_LARGEFILE MISSING\n");
#endif
#ifdef O_DIRECTORY
    printf("O_DIRECTORY %lld\n", (long long)(O_DIRECTORY));
#else
    printf("O_DIRECTORY MISSING\n");
#endif
#ifdef O_NOFOLLOW
    printf("O_NOFOLLOW %lld\n", (long long)(O_NOFOLLOW));
#else
    printf("O_NOFOLLOW MISSING\n");
#endif
#ifdef O_NOATIME
    printf("O_NOATIME %lld\n", (long long)(O_NOATIME));
#else
    printf("O_NOATIME MISSING\n");
#endif
#ifdef O_CLOEXEC
    printf("O_CLOEXEC %lld\n", (long long)(O_CLOEXEC));
#else
    printf("O_CLOEXEC MISSING\n");
#endif
#ifdef __O_SYNC
    printf("__O_SYNC %lld\n", (long long)(__O_SYNC));
#else
    printf("__O_SYNC MISSING\n");
#endif
#ifdef O_SYNC
    printf("O_SYNC %lld\n", (long long)(O_SYNC));
#else
    printf("O_SYNC MISSING\n");
#endif
#ifdef O_PATH
    printf("O_PATH %lld\n", (long long)(O_PATH));
#else
    printf("O_PATH MISSING\n");
#endif
#ifdef __O_TMPFILE
    printf("__O_TMPFILE %lld\n", (long long)(__O_TMPFILE));
#else
    printf("__O_TMPFILE MISSING\n");
#endif
#ifdef O_TMPFILE
    printf("O_TMPFILE %lld\n", (long long)(O_TMPFILE));
#else
    printf("O_TMPFILE MISSING\n");
#endif
#ifdef O_NDELAY
    printf("O_NDELAY %lld\n", (long long)(O_NDELAY));
#else
    printf("O_NDELAY MISSING\n");
#endif
#ifdef F_DUPFD
    printf("F_DUPFD %lld\n", (long long)(F_DUPFD));
#else
    printf("F_DUPFD MISSING\n");
#endif
#ifdef F_GETFD
    printf("F_GETFD %lld\n", (long long)(F_GETFD));
#else
    printf("F_GETFD MISSING\n");
#endif
#ifdef F_SETFD
    printf("F_SETFD %lld\n", (long long)(F_SETFD));
#else
    printf("F_SETFD MISSING\n");
#endif
#ifdef F_GETFL
    printf("F_GETFL %lld\n", (long long)(F_GETFL));
#else
    printf("F_GETFL MISSING\n");
#endif
#ifdef F_SETFL
    printf("F_SETFL %lld\n", (long long)(F_SETFL));
#else
    printf("F_SETFL MISSING\n");
#endif
#ifdef F_GETLK
    printf("F_GETLK %lld\n", (long long)(F_GETLK));
#else
    printf("F_GETLK MISSING\n");
#endif
#ifdef F_SETLK
    printf("F_SETLK %lld\n", (long long)(F_SETLK));
#else
    printf("F_SETLK MISSING\n");
#endif
#ifdef F_SETLKW
    printf("F_SETLKW %lld\n", (long long)(F_SETLKW));
#else
    printf("F_SETLKW MISSING\n");
#endif
#ifdef F_SETOWN
    printf("F_SETOWN %lld\n", (long long)(F_SETOWN));
#else
    printf("F_SETOWN MISSING\n");
#endif
#ifdef F_GETOWN
    printf("F_GETOWN %lld\n", (long long)(F_GETOWN));
#else
    printf("F_GETOWN MISSING\n");
#endif
#ifdef F_SETSIG
    printf("F_SETSIG %lld\n", (long long)(F_SETSIG));
#else
    printf("F_SETSIG MISSING\n");
#endif
#ifdef F_GETSIG
    printf("F_GETSIG %lld\n", (long long)(F_GETSIG));
#else
    printf("F_GETSIG MISSING\n");
#endif
#ifdef F_GETLK64
    printf("F_GETLK64 %lld\n", (long long)(F_GETLK64));
#else
    printf("F_GETLK64 MISSING\n");
#endif
#ifdef F_SETLK64
    printf("F_SETLK64 %lld\n", (long long)(F_SETLK64));
#else
    printf("F_SETLK64 MISSING\n");
#endif
#ifdef F_SETLKW64
    printf("F_SETLKW64 %lld\n", (long long)(F_SETLKW64));
#else
    printf("F_SETLKW64 MISSING\n");
#endif
#ifdef F_SETOWN_EX
    printf("F_SETOWN_EX %lld\n", (long long)(F_SETOWN_EX));
#else
    printf("F_SETOWN_EX MISSING\n");
#endif
#ifdef F_GETOWN_EX
    printf("F_GETOWN_EX %lld\n", (long long)(F_GETOWN_EX));
#else
    printf("F_GETOWN_EX MISSING\n");
#endif
#ifdef F_OFD_GETLK
    printf("F_OFD_GETLK %lld\n", (long long)(F_OFD_GETLK));
#else
    printf("F_OFD_GETLK MISSING\n");
#endif
#ifdef F_OFD_SETLK
    printf("F_OFD_SETLK %lld\n", (long long)(F_OFD_SETLK));
#else
    printf("F_OFD_SETLK MISSING\n");
#endif
#ifdef F_OFD_SETLKW
    printf("F_OFD_SETLKW %lld\n", (long long)(F_OFD_SETLKW));
#else
    printf("F_OFD_SETLKW MISSING\n");
#endif
#ifdef F_SETLEASE
    printf("F_SETLEASE %lld\n", (long long)(F_SETLEASE));
#else
    printf("F_SETLEASE MISSING\n");
#endif
#ifdef F_GETLEASE
    printf("F_GETLEASE %lld\n", (long long)(F_GETLEASE));
#else
    printf("F_GETLEASE MISSING\n");
#endif
#ifdef F_NOTIFY
    printf("F_NOTIFY %lld\n", (long long)(F_NOTIFY));
#else
    printf("F_NOTIFY MISSING\n");
#endif
#ifdef F_DUPFD_CLOEXEC
    printf("F_DUPFD_CLOEXEC %lld\n", (long long)(F_DUPFD_CLOEXEC));
#else
    printf("F_DUPFD_CLOEXEC MISSING\n");
#endif
#ifdef F_SETPIPE_SZ
    printf("F_SETPIPE_SZ %lld\n", (long long)(F_SETPIPE_SZ));
#else
    printf("F_SETPIPE_SZ MISSING\n");
#endif
#ifdef F_GETPIPE_SZ
    printf("F_GETPIPE_SZ %lld\n", (long long)(F_GETPIPE_SZ));
#else
    printf("F_GETPIPE_SZ MISSING\n");
#endif
#ifdef F_ADD_SEALS
    printf("F_ADD_SEALS %lld\n", (long long)(F_ADD_SEALS));
#else
    printf("F_ADD_SEALS MISSING\n");
#endif
#ifdef F_GET_SEALS
    printf("F_GET_SEALS %lld\n", (long long)(F_GET_SEALS));
#else
    printf("F_GET_SEALS MISSING\n");
#endif
#ifdef FD_CLOEXEC
    printf("FD_CLOEXEC %lld\n", (long long)(FD_CLOEXEC));
#else
    printf("FD_CLOEXEC MISSING\n");
#endif
#ifdef F_RDLCK
    printf("F_RDLCK %lld\n", (long long)(F_RDLCK));
#else
    printf("F_RDLCK MISSING\n");
#endif
#ifdef F_WRLCK
    printf("F_WRLCK %lld\n", (long long)(F_WRLCK));
#else
    printf("F_WRLCK MISSING\n");
#endif
#ifdef F_UNLCK
    printf("F_UNLCK %lld\n", (long long)(F_UNLCK));
#else
    printf("F_UNLCK MISSING\n");
#endif
#ifdef LOCK_SH
    printf("LOCK_SH %lld\n", (long long)(LOCK_SH));
#else
    printf("LOCK_SH MISSING\n");
#endif
#ifdef LOCK_EX
    printf("LOCK_EX %lld\n", (long long)(LOCK_EX));
#else
    printf("LOCK_EX MISSING\n");
#endif
#ifdef LOCK_NB
    printf("LOCK_NB %lld\n", (long long)(LOCK_NB));
#else
    printf("LOCK_NB MISSING\n");
#endif
#ifdef LOCK_UN
    printf("LOCK_UN %lld\n", (long long)(LOCK_UN));
#else
    printf("LOCK_UN MISSING\n");
#endif
#ifdef SEEK_SET
    printf("SEEK_SET %lld\n", (long long)(SEEK_SET));
#else
    printf("SEEK_SET MISSING\n");
#endif
#ifdef SEEK_CUR
    printf("SEEK_CUR %lld\n", (long long)(SEEK_CUR));
#else
    printf("SEEK_CUR MISSING\n");
#endif
#ifdef SEEK_END
    printf("SEEK_END %lld\n", (long long)(SEEK_END));
#else
    printf("SEEK_END MISSING\n");
#endif
#ifdef SEEK_DATA
    printf("SEEK_DATA %lld\n", (long long)(SEEK_DATA));
#else
    printf("SEEK_DATA MISSING\n");
#endif
#ifdef SEEK_HOLE
    printf("SEEK_HOLE %lld\n", (long long)(SEEK_HOLE));
#else
    printf("SEEK_HOLE MISSING\n");
#endif
#ifdef S_IFMT
    printf("S_IFMT %lld\n", (long long)(S_IFMT));
#else
    printf("S_IFMT MISSING\n");
#endif
#ifdef S_IFSOCK
    printf("S_IFSOCK %lld\n", (long long)(S_IFSOCK));
#else
    printf("S_IFSOCK MISSING\n");
#endif
#ifdef S_IFLNK
    printf("S_IFLNK %lld\n", (long long)(S_IFLNK));
#else
    printf("S_IFLNK MISSING\n");
#endif
#ifdef S_IFREG
    printf("S_IFREG %lld\n", (long long)(S_IFREG));
#else
    printf("S_IFREG MISSING\n");
#endif
#ifdef S_IFBLK
    printf("S_IFBLK %lld\n", (long long)(S_IFBLK));
#else
    printf("S_IFBLK MISSING\n");
#endif
#ifdef S_IFDIR
    printf("S_IFDIR %lld\n", (long long)(S_IFDIR));
#else
    printf("S_IFDIR MISSING\n");
#endif
#ifdef S_IFCHR
    printf("S_IFCHR %lld\n", (long long)(S_IFCHR));
#else
    printf("S_IFCHR MISSING\n");
#endif
#ifdef S_IFIFO
    printf("S_IFIFO %lld\n", (long long)(S_IFIFO));
#else
    printf("S_IFIFO MISSING\n");
#endif
#ifdef S_ISUID
    printf("S_ISUID %lld\n", (long long)(S_ISUID));
#else
    printf("S_ISUID MISSING\n");
#endif
#ifdef S_ISGID
    printf("S_ISGID %lld\n", (long long)(S_ISGID));
#else
    printf("S_ISGID MISSING\n");
#endif
#ifdef S_ISVTX
    printf("S_ISVTX %lld\n", (long long)(S_ISVTX));
#else
    printf("S_ISVTX MISSING\n");
#endif
#ifdef AT_FDCWD
    printf("AT_FDCWD %lld\n", (long long)(AT_FDCWD));
#else
    printf("AT_FDCWD MISSING\n");
#endif
#ifdef AT_SYMLINK_NOFOLLOW
    printf("AT_SYMLINK_NOFOLLOW %lld\n", (long long)(AT_SYMLINK_NOFOLLOW));
#else
    printf("AT_SYMLINK_NOFOLLOW MISSING\n");
#endif
#ifdef AT_EACCESS
    printf("AT_EACCESS %lld\n", (long long)(AT_EACCESS));
#else
    printf("AT_EACCESS MISSING\n");
#endif
#ifdef AT_REMOVEDIR
    printf("AT_REMOVEDIR %lld\n", (long long)(AT_REMOVEDIR));
#else
    printf("AT_REMOVEDIR MISSING\n");
#endif
#ifdef AT_SYMLINK_FOLLOW
    printf("AT_SYMLINK_FOLLOW %lld\n", (long long)(AT_SYMLINK_FOLLOW));
#else
    printf("AT_SYMLINK_FOLLOW MISSING\n");
#endif
#ifdef AT_NO_AUTOMOUNT
    printf("AT_NO_AUTOMOUNT %lld\n", (long long)(AT_NO_AUTOMOUNT));
#else
    printf("AT_NO_AUTOMOUNT MISSING\n");
#endif
#ifdef AT_EMPTY_PATH
    printf("AT_EMPTY_PATH %lld\n", (long long)(AT_EMPTY_PATH));
#else
    printf("AT_EMPTY_PATH MISSING\n");
#endif
#ifdef AT_STATX_SYNC_TYPE
    printf("AT_STATX_SYNC_TYPE %lld\n", (long long)(AT_STATX_SYNC_TYPE));
#else
    printf("AT_STATX_SYNC_TYPE MISSING\n");
#endif
#ifdef AT_STATX_SYNC_AS_STAT
    printf("AT_STATX_SYNC_AS_STAT %lld\n", (long long)(AT_STATX_SYNC_AS_STAT));
#else
    printf("AT_STATX_SYNC_AS_STAT MISSING\n");
#endif
#ifdef AT_STATX_FORCE_SYNC
    printf("AT_STATX_FORCE_SYNC %lld\n", (long long)(AT_STATX_FORCE_SYNC));
#else
    printf("AT_STATX_FORCE_SYNC MISSING\n");
#endif
#ifdef AT_STATX_DONT_SYNC
    printf("AT_STATX_DONT_SYNC %lld\n", (long long)(AT_STATX_DONT_SYNC));
#else
    printf("AT_STATX_DONT_SYNC MISSING\n");
#endif
#ifdef AT_RECURSIVE
    printf("AT_RECURSIVE %lld\n", (long long)(AT_RECURSIVE));
#else
    printf("AT_RECURSIVE MISSING\n");
#endif
#ifdef RENAME_NOREPLACE
    printf("RENAME_NOREPLACE %lld\n", (long long)(RENAME_NOREPLACE));
#else
    printf("RENAME_NOREPLACE MISSING\n");
#endif
#ifdef RENAME_EXCHANGE
    printf("RENAME_EXCHANGE %lld\n", (long long)(RENAME_EXCHANGE));
#else
    printf("RENAME_EXCHANGE MISSING\n");
#endif
#ifdef RENAME_WHITEOUT
    printf("RENAME_WHITEOUT %lld\n", (long long)(RENAME_WHITEOUT));
#else
    printf("RENAME_WHITEOUT MISSING\n");
#endif
#ifdef STATX_TYPE
    printf("STATX_TYPE %lld\n", (long long)(STATX_TYPE));
#else
    printf("STATX_TYPE MISSING\n");
#endif
#ifdef STATX_MODE
    printf("STATX_MODE %lld\n", (long long)(STATX_MODE));
#else
    printf("STATX_MODE MISSING\n");
#endif
#ifdef STATX_NLINK
    printf("STATX_NLINK %lld\n", (long long)(STATX_NLINK));
#else
    printf("STATX_NLINK MISSING\n");
#endif
#ifdef STATX_UID
    printf("STATX_UID %lld\n", (long long)(STATX_UID));
#else
    printf("STATX_UID MISSING\n");
#endif
#ifdef STATX_GID
    printf("STATX_GID %lld\n", (long long)(STATX_GID));
#else
    printf("STATX_GID MISSING\n");
#endif
#ifdef STATX_ATIME
    printf("STATX_ATIME %lld\n", (long long)(STATX_ATIME));
#else
    printf("STATX_ATIME MISSING\n");
#endif
#ifdef STATX_MTIME
    printf("STATX_MTIME %lld\n", (long long)(STATX_MTIME));
#else
    printf("STATX_MTIME MISSING\n");
#endif
#ifdef STATX_CTIME
    printf("STATX_CTIME %lld\n", (long long)(STATX_CTIME));
#else
    printf("STATX_CTIME MISSING\n");
#endif
#ifdef STATX_INO
    printf("STATX_INO %lld\n", (long long)(STATX_INO));
#else
    printf("STATX_INO MISSING\n");
#endif
#ifdef STATX_SIZE
    printf("STATX_SIZE %lld\n", (long long)(STATX_SIZE));
#else
    printf("STATX_SIZE MISSING\n");
#endif
#ifdef STATX_BLOCKS
    printf("STATX_BLOCKS %lld\n", (long long)(STATX_BLOCKS));
#else
    printf("STATX_BLOCKS MISSING\n");
#endif
#ifdef STATX_BASIC_STATS
    printf("STATX_BASIC_STATS %lld\n", (long long)(STATX_BASIC_STATS));
#else
    printf("STATX_BASIC_STATS MISSING\n");
#endif
#ifdef STATX_BTIME
    printf("STATX_BTIME %lld\n", (long long)(STATX_BTIME));
#else
    printf("STATX_BTIME MISSING\n");
#endif
#ifdef STATX_MNT_ID
    printf("STATX_MNT_ID %lld\n", (long long)(STATX_MNT_ID));
#else
    printf("STATX_MNT_ID MISSING\n");
#endif
#ifdef PROT_NONE
    printf("PROT_NONE %lld\n", (long long)(PROT_NONE));
#else
    printf("PROT_NONE MISSING\n");
#endif
#ifdef PROT_READ
    printf("PROT_READ %lld\n", (long long)(PROT_READ));
#else
    printf("PROT_READ MISSING\n");
#endif
#ifdef PROT_WRITE
    printf("PROT_WRITE %lld\n", (long long)(PROT_WRITE));
#else
    printf("PROT_WRITE MISSING\n");
#endif
#ifdef PROT_EXEC
    printf("PROT_EXEC %lld\n", (long long)(PROT_EXEC));
#else
    printf("PROT_EXEC MISSING\n");
#endif
#ifdef PROT_GROWSDOWN
    printf("PROT_GROWSDOWN %lld\n", (long long)(PROT_GROWSDOWN));
#else
    printf("PROT_GROWSDOWN MISSING\n");
#endif
#ifdef PROT_GROWSUP
    printf("PROT_GROWSUP %lld\n", (long long)(PROT_GROWSUP));
#else
    printf("PROT_GROWSUP MISSING\n");
#endif
#ifdef MAP_SHARED
    printf("MAP_SHARED %lld\n", (long long)(MAP_SHARED));
#else
    printf("MAP_SHARED MISSING\n");
#endif
#ifdef MAP_PRIVATE
    printf("MAP_PRIVATE %lld\n", (long long)(MAP_PRIVATE));
#else
    printf("MAP_PRIVATE MISSING\n");
#endif
#ifdef MAP_SHARED_VALIDATE
    printf("MAP_SHARED_VALIDATE %lld\n", (long long)(MAP_SHARED_VALIDATE));
#else
    printf("MAP_SHARED_VALIDATE MISSING\n");
#endif
#ifdef MAP_TYPE
    printf("MAP_TYPE %lld\n", (long long)(MAP_TYPE));
#else
    printf("MAP_TYPE MISSING\n");
#endif
#ifdef MAP_FIXED
    printf("MAP_FIXED %lld\n", (long long)(MAP_FIXED));
#else
    printf("MAP_FIXED MISSING\n");
#endif
#ifdef MAP_ANONYMOUS
    printf("MAP_ANONYMOUS %lld\n", (long long)(MAP_ANONYMOUS));
#else
    printf("MAP_ANONYMOUS MISSING\n");
#endif
#ifdef MAP_32BIT
    printf("MAP_32BIT %lld\n", (long long)(MAP_32BIT));
#else
    printf("MAP_32BIT MISSING\n");
#endif
#ifdef MAP_GROWSDOWN
    printf("MAP_GROWSDOWN %lld\n", (long long)(MAP_GROWSDOWN));
#else
    printf("MAP_GROWSDOWN MISSING\n");
#endif
#ifdef MAP_DENYWRITE
    printf("MAP_DENYWRITE %lld\n", (long long)(MAP_DENYWRITE));
#else
    printf("MAP_DENYWRITE MISSING\n");
#endif
#ifdef MAP_EXECUTABLE
    printf("MAP_EXECUTABLE %lld\n", (long long)(MAP_EXECUTABLE));
#else
    printf("MAP_EXECUTABLE MISSING\n");
#endif
#ifdef MAP_LOCKED
    printf("MAP_LOCKED %lld\n", (long long)(MAP_LOCKED));
#else
    printf("MAP_LOCKED MISSING\n");
#endif
#ifdef MAP_NORESERVE
    printf("MAP_NORESERVE %lld\n", (long long)(MAP_NORESERVE));
#else
    printf("MAP_NORESERVE MISSING\n");
#endif
#ifdef MAP_POPULATE
    printf("MAP_POPULATE %lld\n", (long long)(MAP_POPULATE));
#else
    printf("MAP_POPULATE MISSING\n");
#endif
#ifdef MAP_NONBLOCK
    printf("MAP_NONBLOCK %lld\n", (long long)(MAP_NONBLOCK));
#else
    printf("MAP_NONBLOCK MISSING\n");
#endif
#ifdef MAP_STACK
    printf("MAP_STACK %lld\n", (long long)(MAP_STACK));
#else
    printf("MAP_STACK MISSING\n");
#endif
#ifdef MAP_HUGETLB
    printf("MAP_HUGETLB %lld\n", (long long)(MAP_HUGETLB));
#else
    printf("MAP_HUGETLB MISSING\n");
#endif
#ifdef MAP_SYNC
    printf("MAP_SYNC %lld\n", (long long)(MAP_SYNC));
#else
    printf("MAP_SYNC MISSING\n");
#endif
#ifdef MAP_FIXED_NOREPLACE
    printf("MAP_FIXED_NOREPLACE %lld\n", (long long)(MAP_FIXED_NOREPLACE));
#else
    printf("MAP_FIXED_NOREPLACE MISSING\n");
#endif
#ifdef MREMAP_MAYMOVE
    printf("MREMAP_MAYMOVE %lld\n", (long long)(MREMAP_MAYMOVE));
#else
    printf("MREMAP_MAYMOVE MISSING\n");
#endif
#ifdef MREMAP_FIXED
    printf("MREMAP_FIXED %lld\n", (long long)(MREMAP_FIXED));
#else
    printf("MREMAP_FIXED MISSING\n");
#endif
#ifdef MREMAP_DONTUNMAP
    printf("MREMAP_DONTUNMAP %lld\n", (long long)(MREMAP_DONTUNMAP));
#else
    printf("MREMAP_DONTUNMAP MISSING\n");
#endif
#ifdef MS_ASYNC
    printf("MS_ASYNC %lld\n", (long long)(MS_ASYNC));
#else
    printf("MS_ASYNC MISSING\n");
#endif
#ifdef MS_INVALIDATE
    printf("MS_INVALIDATE %lld\n", (long long)(MS_INVALIDATE));
#else
    printf("MS_INVALIDATE MISSING\n");
#endif
#ifdef MS_SYNC
    printf("MS_SYNC %lld\n", (long long)(MS_SYNC));
#else
    printf("MS_SYNC MISSING\n");
#endif
#ifdef MADV_NORMAL
    printf("MADV_NORMAL %lld\n", (long long)(MADV_NORMAL));
#else
    printf("MADV_NORMAL MISSING\n");
#endif
#ifdef MADV_RANDOM
    printf("MADV_RANDOM %lld\n", (long long)(MADV_RANDOM));
#else
    printf("MADV_RANDOM MISSING\n");
#endif
#ifdef MADV_SEQUENTIAL
    printf("MADV_SEQUENTIAL %lld\n", (long long)(MADV_SEQUENTIAL));
#else
    printf("MADV_SEQUENTIAL MISSING\n");
#endif
#ifdef MADV_WILLNEED
    printf("MADV_WILLNEED %lld\n", (long long)(MADV_WILLNEED));
#else
    printf("MADV_WILLNEED MISSING\n");
#endif
#ifdef MADV_DONTNEED
    printf("MADV_DONTNEED %lld\n", (long long)(MADV_DONTNEED));
#else
    printf("MADV_DONTNEED MISSING\n");
#endif
#ifdef MADV_FREE
    printf("MADV_FREE %lld\n", (long long)(MADV_FREE));
#else
    printf("MADV_FREE MISSING\n");
#endif
#ifdef MADV_REMOVE
    printf("MADV_REMOVE %lld\n", (long long)(MADV_REMOVE));
#else
    printf("MADV_REMOVE MISSING\n");
#endif
#ifdef MADV_DONTFORK
    printf("MADV_DONTFORK %lld\n", (long long)(MADV_DONTFORK));
#else
    printf("MADV_DONTFORK MISSING\n");
#endif
#ifdef MADV_DOFORK
    printf("MADV_DOFORK %lld\n", (long long)(MADV_DOFORK));
#else
    printf("MADV_DOFORK MISSING\n");
#endif
#ifdef MADV_MERGEABLE
    printf("MADV_MERGEABLE %lld\n", (long long)(MADV_MERGEABLE));
#else
    printf("MADV_MERGEABLE MISSING\n");
#endif
#ifdef MADV_UNMERGEABLE
    printf("MADV_UNMERGEABLE %lld\n", (long long)(MADV_UNMERGEABLE));
#else
    printf("MADV_UNMERGEABLE MISSING\n");
#endif
#ifdef MADV_HUGEPAGE
    printf("MADV_HUGEPAGE %lld\n", (long long)(MADV_HUGEPAGE));
#else
    printf("MADV_HUGEPAGE MISSING\n");
#endif
#ifdef MADV_NOHUGEPAGE
    printf("MADV_NOHUGEPAGE %lld\n", (long long)(MADV_NOHUGEPAGE));
#else
    printf("MADV_NOHUGEPAGE MISSING\n");
#endif
#ifdef MADV_DONTDUMP
    printf("MADV_DONTDUMP %lld\n", (long long)(MADV_DONTDUMP));
#else
    printf("MADV_DONTDUMP MISSING\n");
#endif
#ifdef MADV_DODUMP
    printf("MADV_DODUMP %lld\n", (long long)(MADV_DODUMP));
#else
    printf("MADV_DODUMP MISSING\n");
#endif
#ifdef CSIGNAL
    printf("CSIGNAL %lld\n", (long long)(CSIGNAL));
#else
    printf("CSIGNAL MISSING\n");
#endif
#ifdef CLONE_VM
    printf("CLONE_VM %lld\n", (long long)(CLONE_VM));
#else
    printf("CLONE_VM MISSING\n");
#endif
#ifdef CLONE_FS
    printf("CLONE_FS %lld\n", (long long)(CLONE_FS));
#else
    printf("CLONE_FS MISSING\n");
#endif
#ifdef CLONE_FILES
    printf("CLONE_FILES %lld\n", (long long)(CLONE_FILES));
#else
    printf("CLONE_FILES MISSING\n");
#endif
#ifdef CLONE_SIGHAND
    printf("CLONE_SIGHAND %lld\n", (long long)(CLONE_SIGHAND));
#else
    printf("CLONE_SIGHAND MISSING\n");
#endif
#ifdef CLONE_PIDFD
    printf("CLONE_PIDFD %lld\n", (long long)(CLONE_PIDFD));
#else
    printf("CLONE_PIDFD MISSING\n");
#endif
#ifdef CLONE_PTRACE
    printf("CLONE_PTRACE %lld\n", (long long)(CLONE_PTRACE));
#else
    printf("CLONE_PTRACE MISSING\n");
#endif
#ifdef CLONE_VFORK
    printf("CLONE_VFORK %lld\n", (long long)(CLONE_VFORK));
#else
    printf("CLONE_VFORK MISSING\n");
#endif
#ifdef CLONE_PARENT
    printf("CLONE_PARENT %lld\n", (long long)(CLONE_PARENT));
#else
    printf("CLONE_PARENT MISSING\n");
#endif
#ifdef CLONE_THREAD
    printf("CLONE_THREAD %lld\n", (long long)(CLONE_THREAD));
#else
    printf("CLONE_THREAD MISSING\n");
#endif
#ifdef CLONE_NEWNS
    printf("CLONE_NEWNS %lld\n", (long long)(CLONE_NEWNS));
#else
    printf("CLONE_NEWNS MISSING\n");
#endif
#ifdef CLONE_SYSVSEM
    printf("CLONE_SYSVSEM %lld\n", (long long)(CLONE_SYSVSEM));
#else
    printf("CLONE_SYSVSEM MISSING\n");
#endif
#ifdef CLONE_SETTLS
    printf("CLONE_SETTLS %lld\n", (long long)(CLONE_SETTLS));
#else
    printf("CLONE_SETTLS MISSING\n");
#endif
#ifdef CLONE_PARENT_SETTID
    printf("CLONE_PARENT_SETTID %lld\n", (long long)(CLONE_PARENT_SETTID));
#else
    printf("CLONE_PARENT_SETTID MISSING\n");
#endif
#ifdef CLONE_CHILD_CLEARTID
    printf("CLONE_CHILD_CLEARTID %lld\n", (long long)(CLONE_CHILD_CLEARTID));
#else
    printf("CLONE_CHILD_CLEARTID MISSING\n");
#endif
#ifdef CLONE_DETACHED
    printf("CLONE_DETACHED %lld\n", (long long)(CLONE_DETACHED));
#else
    printf("CLONE_DETACHED MISSING\n");
#endif
#ifdef CLONE_UNTRACED
    printf("CLONE_UNTRACED %lld\n", (long long)(CLONE_UNTRACED));
#else
    printf("CLONE_UNTRACED MISSING\n");
#endif
#ifdef CLONE_CHILD_SETTID
    printf("CLONE_CHILD_SETTID %lld\n", (long long)(CLONE_CHILD_SETTID));
#else
    printf("CLONE_CHILD_SETTID MISSING\n");
#endif
#ifdef CLONE_NEWCGROUP
    printf("CLONE_NEWCGROUP %lld\n", (long long)(CLONE_NEWCGROUP));
#else
    printf("CLONE_NEWCGROUP MISSING\n");
#endif
#ifdef CLONE_NEWUTS
    printf("CLONE_NEWUTS %lld\n", (long long)(CLONE_NEWUTS));
#else
    printf("CLONE_NEWUTS MISSING\n");
#endif
#ifdef CLONE_NEWIPC
    printf("CLONE_NEWIPC %lld\n", (long long)(CLONE_NEWIPC));
#else
    printf("CLONE_NEWIPC MISSING\n");
#endif
#ifdef CLONE_NEWUSER
    printf("CLONE_NEWUSER %lld\n", (long long)(CLONE_NEWUSER));
#else
    printf("CLONE_NEWUSER MISSING\n");
#endif
#ifdef CLONE_NEWPID
    printf("CLONE_NEWPID %lld\n", (long long)(CLONE_NEWPID));
#else
    printf("CLONE_NEWPID MISSING\n");
#endif
#ifdef CLONE_NEWNET
    printf("CLONE_NEWNET %lld\n", (long long)(CLONE_NEWNET));
#else
    printf("CLONE_NEWNET MISSING\n");
#endif
#ifdef CLONE_IO
    printf("CLONE_IO %lld\n", (long long)(CLONE_IO));
#else
    printf("CLONE_IO MISSING\n");
#endif
#ifdef WNOHANG
    printf("WNOHANG %lld\n", (long long)(WNOHANG));
#else
    printf("WNOHANG MISSING\n");
#endif
#ifdef WUNTRACED
    printf("WUNTRACED %lld\n", (long long)(WUNTRACED));
#else
    printf("WUNTRACED MISSING\n");
#endif
#ifdef WSTOPPED
    printf("WSTOPPED %lld\n", (long long)(WSTOPPED));
#else
    printf("WSTOPPED MISSING\n");
#endif
#ifdef WEXITED
    printf("WEXITED %lld\n", (long long)(WEXITED));
#else
    printf("WEXITED MISSING\n");
#endif
#ifdef WCONTINUED
    printf("WCONTINUED %lld\n", (long long)(WCONTINUED));
#else
    printf("WCONTINUED MISSING\n");
#endif
#ifdef WNOWAIT
    printf("WNOWAIT %lld\n", (long long)(WNOWAIT));
#else
    printf("WNOWAIT MISSING\n");
#endif
#ifdef __WNOTHREAD
    printf("__WNOTHREAD %lld\n", (long long)(__WNOTHREAD));
#else
    printf("__WNOTHREAD MISSING\n");
#endif
#ifdef __WALL
    printf("__WALL %lld\n", (long long)(__WALL));
#else
    printf("__WALL MISSING\n");
#endif
#ifdef __WCLONE
    printf("__WCLONE %lld\n", (long long)(__WCLONE));
#else
    printf("__WCLONE MISSING\n");
#endif
#ifdef P_ALL
    printf("P_ALL %lld\n", (long long)(P_ALL));
#else
    printf("P_ALL MISSING\n");
#endif
#ifdef P_PID
    printf("P_PID %lld\n", (long long)(P_PID));
#else
    printf("P_PID MISSING\n");
#endif
#ifdef P_PGID
    printf("P_PGID %lld\n", (long long)(P_PGID));
#else
    printf("P_PGID MISSING\n");
#endif
#ifdef P_PIDFD
    printf("P_PIDFD %lld\n", (long long)(P_PIDFD));
#else
    printf("P_PIDFD MISSING\n");
#endif
#ifdef POLLIN
    printf("POLLIN %lld\n", (long long)(POLLIN));
#else
    printf("POLLIN MISSING\n");
#endif
#ifdef POLLPRI
    printf("POLLPRI %lld\n", (long long)(POLLPRI));
#else
    printf("POLLPRI MISSING\n");
#endif
#ifdef POLLOUT
    printf("POLLOUT %lld\n", (long long)(POLLOUT));
#else
    printf("POLLOUT MISSING\n");
#endif
#ifdef POLLERR
    printf("POLLERR %lld\n", (long long)(POLLERR));
#else
    printf("POLLERR MISSING\n");
#endif
#ifdef POLLHUP
    printf("POLLHUP %lld\n", (long long)(POLLHUP));
#else
    printf("POLLHUP MISSING\n");
#endif
#ifdef POLLNVAL
    printf("POLLNVAL %lld\n", (long long)(POLLNVAL));
#else
    printf("POLLNVAL MISSING\n");
#endif
#ifdef POLLRDNORM
    printf("POLLRDNORM %lld\n", (long long)(POLLRDNORM));
#else
    printf("POLLRDNORM MISSING\n");
#endif
#ifdef POLLRDBAND
    printf("POLLRDBAND %lld\n", (long long)(POLLRDBAND));
#else
    printf("POLLRDBAND MISSING\n");
#endif
#ifdef POLLWRNORM
    printf("POLLWRNORM %lld\n", (long long)(POLLWRNORM));
#else
    printf("POLLWRNORM MISSING\n");
#endif
#ifdef POLLWRBAND
    printf("POLLWRBAND %lld\n", (long long)(POLLWRBAND));
#else
    printf("POLLWRBAND MISSING\n");
#endif
#ifdef POLLMSG
    printf("POLLMSG %lld\n", (long long)(POLLMSG));
#else
    printf("POLLMSG MISSING\n");
#endif
#ifdef POLLREMOVE
    printf("POLLREMOVE %lld\n", (long long)(POLLREMOVE));
#else
    printf("POLLREMOVE MISSING\n");
#endif
#ifdef POLLRDHUP
    printf("POLLRDHUP %lld\n", (long long)(POLLRDHUP));
#else
    printf("POLLRDHUP MISSING\n");
#endif
#ifdef EPOLLIN
    printf("EPOLLIN %lld\n", (long long)(EPOLLIN));
#else
    printf("EPOLLIN MISSING\n");
#endif
#ifdef EPOLLPRI
    printf("EPOLLPRI %lld\n", (long long)(EPOLLPRI));
#else
    printf("EPOLLPRI MISSING\n");
#endif
#ifdef EPOLLOUT
    printf("EPOLLOUT %lld\n", (long long)(EPOLLOUT));
#else
    printf("EPOLLOUT MISSING\n");
#endif
#ifdef EPOLLERR
    printf("EPOLLERR %lld\n", (long long)(EPOLLERR));
#else
    printf("EPOLLERR MISSING\n");
#endif
#ifdef EPOLLHUP
    printf("EPOLLHUP %lld\n", (long long)(EPOLLHUP));
#else
    printf("EPOLLHUP MISSING\n");
#endif
#ifdef EPOLLNVAL
    printf("EPOLLNVAL %lld\n", (long long)(EPOLLNVAL));
#else
    printf("EPOLLNVAL MISSING\n");
#endif
#ifdef EPOLLRDNORM
    printf("EPOLLRDNORM %lld\n", (long long)(EPOLLRDNORM));
#else
    printf("EPOLLRDNORM MISSING\n");
#endif
#ifdef EPOLLRDBAND
    printf("EPOLLRDBAND %lld\n", (long long)(EPOLLRDBAND));
#else
    printf("EPOLLRDBAND MISSING\n");
#endif
#ifdef EPOLLWRNORM
    printf("EPOLLWRNORM %lld\n", (long long)(EPOLLWRNORM));
#else
    printf("EPOLLWRNORM MISSING\n");
#endif
#ifdef EPOLLWRBAND
    printf("EPOLLWRBAND %lld\n", (long long)(EPOLLWRBAND));
#else
    printf("EPOLLWRBAND MISSING\n");
#endif
#ifdef EPOLLMSG
    printf("EPOLLMSG %lld\n", (long long)(EPOLLMSG));
#else
    printf("EPOLLMSG MISSING\n");
#endif
#ifdef EPOLLRDHUP
    printf("EPOLLRDHUP %lld\n", (long long)(EPOLLRDHUP));
#else
    printf("EPOLLRDHUP MISSING\n");
#endif
#ifdef EPOLLEXCLUSIVE
    printf("EPOLLEXCLUSIVE %lld\n", (long long)(EPOLLEXCLUSIVE));
#else
    printf("EPOLLEXCLUSIVE MISSING\n");
#endif
#ifdef EPOLLWAKEUP
    printf("EPOLLWAKEUP %lld\n", (long long)(EPOLLWAKEUP));
#else
    printf("EPOLLWAKEUP MISSING\n");
#endif
#ifdef EPOLLONESHOT
    printf("EPOLLONESHOT %lld\n", (long long)(EPOLLONESHOT));
#else
    printf("EPOLLONESHOT MISSING\n");
#endif
#ifdef EPOLLET
    printf("EPOLLET %lld\n", (long long)(EPOLLET));
#else
    printf("EPOLLET MISSING\n");
#endif
#ifdef EPOLL_CTL_ADD
    printf("EPOLL_CTL_ADD %lld\n", (long long)(EPOLL_CTL_ADD));
#else
    printf("EPOLL_CTL_ADD MISSING\n");
#endif
#ifdef EPOLL_CTL_DEL
    printf("EPOLL_CTL_DEL %lld\n", (long long)(EPOLL_CTL_DEL));
#else
    printf("EPOLL_CTL_DEL MISSING\n");
#endif
#ifdef EPOLL_CTL_MOD
    printf("EPOLL_CTL_MOD %lld\n", (long long)(EPOLL_CTL_MOD));
#else
    printf("EPOLL_CTL_MOD MISSING\n");
#endif
#ifdef EPOLL_CLOEXEC
    printf("EPOLL_CLOEXEC %lld\n", (long long)(EPOLL_CLOEXEC));
#else
    printf("EPOLL_CLOEXEC MISSING\n");
#endif
#ifdef AT_NULL
    printf("AT_NULL %lld\n", (long long)(AT_NULL));
#else
    printf("AT_NULL MISSING\n");
#endif
#ifdef AT_IGNORE
    printf("AT_IGNORE %lld\n", (long long)(AT_IGNORE));
#else
    printf("AT_IGNORE MISSING\n");
#endif
#ifdef AT_EXECFD
    printf("AT_EXECFD %lld\n", (long long)(AT_EXECFD));
#else
    printf("AT_EXECFD MISSING\n");
#endif
#ifdef AT_PHDR
    printf("AT_PHDR %lld\n", (long long)(AT_PHDR));
#else
    printf("AT_PHDR MISSING\n");
#endif
#ifdef AT_PHENT
    printf("AT_PHENT %lld\n", (long long)(AT_PHENT));
#else
    printf("AT_PHENT MISSING\n");
#endif
#ifdef AT_PHNUM
    printf("AT_PHNUM %lld\n", (long long)(AT_PHNUM));
#else
    printf("AT_PHNUM MISSING\n");
#endif
#ifdef AT_PAGESZ
    printf("AT_PAGESZ %lld\n", (long long)(AT_PAGESZ));
#else
    printf("AT_PAGESZ MISSING\n");
#endif
#ifdef AT_BASE
    printf("AT_BASE %lld\n", (long long)(AT_BASE));
#else
    printf("AT_BASE MISSING\n");
#endif
#ifdef AT_FLAGS
    printf("AT_FLAGS %lld\n", (long long)(AT_FLAGS));
#else
    printf("AT_FLAGS MISSING\n");
#endif
#ifdef AT_ENTRY
    printf("AT_ENTRY %lld\n", (long long)(AT_ENTRY));
#else
    printf("AT_ENTRY MISSING\n");
#endif
#ifdef AT_NOTELF
    printf("AT_NOTELF %lld\n", (long long)(AT_NOTELF));
#else
    printf("AT_NOTELF MISSING\n");
#endif
#ifdef AT_UID
    printf("AT_UID %lld\n", (long long)(AT_UID));
#else
    printf("AT_UID MISSING\n");
#endif
#ifdef AT_EUID
    printf("AT_EUID %lld\n", (long long)(AT_EUID));
#else
    printf("AT_EUID MISSING\n");
#endif
#ifdef AT_GID
    printf("AT_GID %lld\n", (long long)(AT_GID));
#else
    printf("AT_GID MISSING\n");
#endif
#ifdef AT_EGID
    printf("AT_EGID %lld\n", (long long)(AT_EGID));
#else
    printf("AT_EGID MISSING\n");
#endif
#ifdef AT_PLATFORM
    printf("AT_PLATFORM %lld\n", (long long)(AT_PLATFORM));
#else
    printf("AT_PLATFORM MISSING\n");
#endif
#ifdef AT_HWCAP
    printf("AT_HWCAP %lld\n", (long long)(AT_HWCAP));
#else
    printf("AT_HWCAP MISSING\n");
#endif
#ifdef AT_CLKTCK
    printf("AT_CLKTCK %lld\n", (long long)(AT_CLKTCK));
#else
    printf("AT_CLKTCK MISSING\n");
#endif
#ifdef AT_SECURE
    printf("AT_SECURE %lld\n", (long long)(AT_SECURE));
#else
    printf("AT_SECURE MISSING\n");
#endif
#ifdef AT_BASE_PLATFORM
    printf("AT_BASE_PLATFORM %lld\n", (long long)(AT_BASE_PLATFORM));
#else
    printf("AT_BASE_PLATFORM MISSING\n");
#endif
#ifdef AT_RANDOM
    printf("AT_RANDOM %lld\n", (long long)(AT_RANDOM));
#else
    printf("AT_RANDOM MISSING\n");
#endif
#ifdef AT_HWCAP2
    printf("AT_HWCAP2 %lld\n", (long long)(AT_HWCAP2));
#else
    printf("AT_HWCAP2 MISSING\n");
#endif
#ifdef AT_EXECFN
    printf("AT_EXECFN %lld\n", (long long)(AT_EXECFN));
#else
    printf("AT_EXECFN MISSING\n");
#endif
#ifdef AT_SYSINFO
    printf("AT_SYSINFO %lld\n", (long long)(AT_SYSINFO));
#else
    printf("AT_SYSINFO MISSING\n");
#endif
#ifdef AT_SYSINFO_EHDR
    printf("AT_SYSINFO_EHDR %lld\n", (long long)(AT_SYSINFO_EHDR));
#else
    printf("AT_SYSINFO_EHDR MISSING\n");
#endif
#ifdef AT_MINSIGSTKSZ
    printf("AT_MINSIGSTKSZ %lld\n", (long long)(AT_MINSIGSTKSZ));
#else
    printf("AT_MINSIGSTKSZ MISSING\n");
#endif
#ifdef RLIMIT_CPU
    printf("RLIMIT_CPU %lld\n", (long long)(RLIMIT_CPU));
#else
    printf("RLIMIT_CPU MISSING\n");
#endif
#ifdef RLIMIT_FSIZE
    printf("RLIMIT_FSIZE %lld\n", (long long)(RLIMIT_FSIZE));
#else
    printf("RLIMIT_FSIZE MISSING\n");
#endif
#ifdef RLIMIT_DATA
    printf("RLIMIT_DATA %lld\n", (long long)(RLIMIT_DATA));
#else
    printf("RLIMIT_DATA MISSING\n");
#endif
#ifdef RLIMIT_STACK
    printf("RLIMIT_STACK %lld\n", (long long)(RLIMIT_STACK));
#else
    printf("RLIMIT_STACK MISSING\n");
#endif
#ifdef RLIMIT_CORE
    printf("RLIMIT_CORE %lld\n", (long long)(RLIMIT_CORE));
#else
    printf("RLIMIT_CORE MISSING\n");
#endif
#ifdef RLIMIT_RSS
    printf("RLIMIT_RSS %lld\n", (long long)(RLIMIT_RSS));
#else
    printf("RLIMIT_RSS MISSING\n");
#endif
#ifdef RLIMIT_NPROC
    printf("RLIMIT_NPROC %lld\n", (long long)(RLIMIT_NPROC));
#else
    printf("RLIMIT_NPROC MISSING\n");
#endif
#ifdef RLIMIT_NOFILE
    printf("RLIMIT_NOFILE %lld\n", (long long)(RLIMIT_NOFILE));
#else
    printf("RLIMIT_NOFILE MISSING\n");
#endif
#ifdef RLIMIT_MEMLOCK
    printf("RLIMIT_MEMLOCK %lld\n", (long long)(RLIMIT_MEMLOCK));
#else
    printf("RLIMIT_MEMLOCK MISSING\n");
#endif
#ifdef RLIMIT_AS
    printf("RLIMIT_AS %lld\n", (long long)(RLIMIT_AS));
#else
    printf("RLIMIT_AS MISSING\n");
#endif
#ifdef RLIMIT_LOCKS
    printf("RLIMIT_LOCKS %lld\n", (long long)(RLIMIT_LOCKS));
#else
    printf("RLIMIT_LOCKS MISSING\n");
#endif
#ifdef RLIMIT_SIGPENDING
    printf("RLIMIT_SIGPENDING %lld\n", (long long)(RLIMIT_SIGPENDING));
#else
    printf("RLIMIT_SIGPENDING MISSING\n");
#endif
#ifdef RLIMIT_MSGQUEUE
    printf("RLIMIT_MSGQUEUE %lld\n", (long long)(RLIMIT_MSGQUEUE));
#else
    printf("RLIMIT_MSGQUEUE MISSING\n");
#endif
#ifdef RLIMIT_NICE
    printf("RLIMIT_NICE %lld\n", (long long)(RLIMIT_NICE));
#else
    printf("RLIMIT_NICE MISSING\n");
#endif
#ifdef RLIMIT_RTPRIO
    printf("RLIMIT_RTPRIO %lld\n", (long long)(RLIMIT_RTPRIO));
#else
    printf("RLIMIT_RTPRIO MISSING\n");
#endif
#ifdef RLIMIT_RTTIME
    printf("RLIMIT_RTTIME %lld\n", (long long)(RLIMIT_RTTIME));
#else
    printf("RLIMIT_RTTIME MISSING\n");
#endif
#ifdef RLIM_NLIMITS
    printf("RLIM_NLIMITS %lld\n", (long long)(RLIM_NLIMITS));
#else
    printf("RLIM_NLIMITS MISSING\n");
#endif
#ifdef RLIM_INFINITY
    printf("RLIM_INFINITY %lld\n", (long long)(RLIM_INFINITY));
#else
    printf("RLIM_INFINITY MISSING\n");
#endif
#ifdef RLIM64_INFINITY
    printf("RLIM64_INFINITY %lld\n", (long long)(RLIM64_INFINITY));
#else
    printf("RLIM64_INFINITY MISSING\n");
#endif
#ifdef RUSAGE_SELF
    printf("RUSAGE_SELF %lld\n", (long long)(RUSAGE_SELF));
#else
    printf("RUSAGE_SELF MISSING\n");
#endif
#ifdef RUSAGE_CHILDREN
    printf("RUSAGE_CHILDREN %lld\n", (long long)(RUSAGE_CHILDREN));
#else
    printf("RUSAGE_CHILDREN MISSING\n");
#endif
#ifdef RUSAGE_THREAD
    printf("RUSAGE_THREAD %lld\n", (long long)(RUSAGE_THREAD));
#else
    printf("RUSAGE_THREAD MISSING\n");
#endif
#ifdef PRIO_PROCESS
    printf("PRIO_PROCESS %lld\n", (long long)(PRIO_PROCESS));
#else
    printf("PRIO_PROCESS MISSING\n");
#endif
#ifdef PRIO_PGRP
    printf("PRIO_PGRP %lld\n", (long long)(PRIO_PGRP));
#else
    printf("PRIO_PGRP MISSING\n");
#endif
#ifdef PRIO_USER
    printf("PRIO_USER %lld\n", (long long)(PRIO_USER));
#else
    printf("PRIO_USER MISSING\n");
#endif
#ifdef CLOCK_REALTIME
    printf("CLOCK_REALTIME %lld\n", (long long)(CLOCK_REALTIME));
#else
    printf("CLOCK_REALTIME MISSING\n");
#endif
#ifdef CLOCK_MONOTONIC
    printf("CLOCK_MONOTONIC %lld\n", (long long)(CLOCK_MONOTONIC));
#else
    printf("CLOCK_MONOTONIC MISSING\n");
#endif
#ifdef CLOCK_PROCESS_CPUTIME_ID
    printf("CLOCK_PROCESS_CPUTIME_ID %lld\n", (long long)(CLOCK_PROCESS_CPUTIME_ID));
#else
    printf("CLOCK_PROCESS_CPUTIME_ID MISSING\n");
#endif
#ifdef CLOCK_THREAD_CPUTIME_ID
    printf("CLOCK_THREAD_CPUTIME_ID %lld\n", (long long)(CLOCK_THREAD_CPUTIME_ID));
#else
    printf("CLOCK_THREAD_CPUTIME_ID MISSING\n");
#endif
#ifdef CLOCK_MONOTONIC_RAW
    printf("CLOCK_MONOTONIC_RAW %lld\n", (long long)(CLOCK_MONOTONIC_RAW));
#else
    printf("CLOCK_MONOTONIC_RAW MISSING\n");
#endif
#ifdef CLOCK_REALTIME_COARSE
    printf("CLOCK_REALTIME_COARSE %lld\n", (long long)(CLOCK_REALTIME_COARSE));
#else
    printf("CLOCK_REALTIME_COARSE MISSING\n");
#endif
#ifdef CLOCK_MONOTONIC_COARSE
    printf("CLOCK_MONOTONIC_COARSE %lld\n", (long long)(CLOCK_MONOTONIC_COARSE));
#else
    printf("CLOCK_MONOTONIC_COARSE MISSING\n");
#endif
#ifdef CLOCK_BOOTTIME
    printf("CLOCK_BOOTTIME %lld\n", (long long)(CLOCK_BOOTTIME));
#else
    printf("CLOCK_BOOTTIME MISSING\n");
#endif
#ifdef CLOCK_REALTIME_ALARM
    printf("CLOCK_REALTIME_ALARM %lld\n", (long long)(CLOCK_REALTIME_ALARM));
#else
    printf("CLOCK_REALTIME_ALARM MISSING\n");
#endif
#ifdef CLOCK_BOOTTIME_ALARM
    printf("CLOCK_BOOTTIME_ALARM %lld\n", (long long)(CLOCK_BOOTTIME_ALARM));
#else
    printf("CLOCK_BOOTTIME_ALARM MISSING\n");
#endif
#ifdef CLOCK_TAI
    printf("CLOCK_TAI %lld\n", (long long)(CLOCK_TAI));
#else
    printf("CLOCK_TAI MISSING\n");
#endif
#ifdef TIMER_ABSTIME
    printf("TIMER_ABSTIME %lld\n", (long long)(TIMER_ABSTIME));
#else
    printf("TIMER_ABSTIME MISSING\n");
#endif
#ifdef ITIMER_REAL
    printf("ITIMER_REAL %lld\n", (long long)(ITIMER_REAL));
#else
    printf("ITIMER_REAL MISSING\n");
#endif
#ifdef ITIMER_VIRTUAL
    printf("ITIMER_VIRTUAL %lld\n", (long long)(ITIMER_VIRTUAL));
#else
    printf("ITIMER_VIRTUAL MISSING\n");
#endif
#ifdef ITIMER_PROF
    printf("ITIMER_PROF %lld\n", (long long)(ITIMER_PROF));
#else
    printf("ITIMER_PROF MISSING\n");
#endif
#ifdef SIGEV_SIGNAL
    printf("SIGEV_SIGNAL %lld\n", (long long)(SIGEV_SIGNAL));
#else
    printf("SIGEV_SIGNAL MISSING\n");
#endif
#ifdef SIGEV_NONE
    printf("SIGEV_NONE %lld\n", (long long)(SIGEV_NONE));
#else
    printf("SIGEV_NONE MISSING\n");
#endif
#ifdef SIGEV_THREAD
    printf("SIGEV_THREAD %lld\n", (long long)(SIGEV_THREAD));
#else
    printf("SIGEV_THREAD MISSING\n");
#endif
#ifdef SIGEV_THREAD_ID
    printf("SIGEV_THREAD_ID %lld\n", (long long)(SIGEV_THREAD_ID));
#else
    printf("SIGEV_THREAD_ID MISSING\n");
#endif
#ifdef FUTEX_WAIT
    printf("FUTEX_WAIT %lld\n", (long long)(FUTEX_WAIT));
#else
    printf("FUTEX_WAIT MISSING\n");
#endif
#ifdef FUTEX_WAKE
    printf("FUTEX_WAKE %lld\n", (long long)(FUTEX_WAKE));
#else
    printf("FUTEX_WAKE MISSING\n");
#endif
#ifdef FUTEX_FD
    printf("FUTEX_FD %lld\n", (long long)(FUTEX_FD));
#else
    printf("FUTEX_FD MISSING\n");
#endif
#ifdef FUTEX_REQUEUE
    printf("FUTEX_REQUEUE %lld\n", (long long)(FUTEX_REQUEUE));
#else
    printf("FUTEX_REQUEUE MISSING\n");
#endif
#ifdef FUTEX_CMP_REQUEUE
    printf("FUTEX_CMP_REQUEUE %lld\n", (long long)(FUTEX_CMP_REQUEUE));
#else
    printf("FUTEX_CMP_REQUEUE MISSING\n");
#endif
#ifdef FUTEX_WAKE_OP
    printf("FUTEX_WAKE_OP %lld\n", (long long)(FUTEX_WAKE_OP));
#else
    printf("FUTEX_WAKE_OP MISSING\n");
#endif
#ifdef FUTEX_LOCK_PI
    printf("FUTEX_LOCK_PI %lld\n", (long long)(FUTEX_LOCK_PI));
#else
    printf("FUTEX_LOCK_PI MISSING\n");
#endif
#ifdef FUTEX_UNLOCK_PI
    printf("FUTEX_UNLOCK_PI %lld\n", (long long)(FUTEX_UNLOCK_PI));
#else
    printf("FUTEX_UNLOCK_PI MISSING\n");
#endif
#ifdef FUTEX_TRYLOCK_PI
    printf("FUTEX_TRYLOCK_PI %lld\n", (long long)(FUTEX_TRYLOCK_PI));
#else
    printf("FUTEX_TRYLOCK_PI MISSING\n");
#endif
#ifdef FUTEX_WAIT_BITSET
    printf("FUTEX_WAIT_BITSET %lld\n", (long long)(FUTEX_WAIT_BITSET));
#else
    printf("FUTEX_WAIT_BITSET MISSING\n");
#endif
#ifdef FUTEX_WAKE_BITSET
    printf("FUTEX_WAKE_BITSET %lld\n", (long long)(FUTEX_WAKE_BITSET));
#else
    printf("FUTEX_WAKE_BITSET MISSING\n");
#endif
#ifdef FUTEX_WAIT_REQUEUE_PI
    printf("FUTEX_WAIT_REQUEUE_PI %lld\n", (long long)(FUTEX_WAIT_REQUEUE_PI));
#else
    printf("FUTEX_WAIT_REQUEUE_PI MISSING\n");
#endif
#ifdef FUTEX_CMP_REQUEUE_PI
    printf("FUTEX_CMP_REQUEUE_PI %lld\n", (long long)(FUTEX_CMP_REQUEUE_PI));
#else
    printf("FUTEX_CMP_REQUEUE_PI MISSING\n");
#endif
#ifdef FUTEX_LOCK_PI2
    printf("FUTEX_LOCK_PI2 %lld\n", (long long)(FUTEX_LOCK_PI2));
#else
    printf("FUTEX_LOCK_PI2 MISSING\n");
#endif
#ifdef FUTEX_PRIVATE_FLAG
    printf("FUTEX_PRIVATE_FLAG %lld\n", (long long)(FUTEX_PRIVATE_FLAG));
#else
    printf("FUTEX_PRIVATE_FLAG MISSING\n");
#endif
#ifdef FUTEX_CLOCK_REALTIME
    printf("FUTEX_CLOCK_REALTIME %lld\n", (long long)(FUTEX_CLOCK_REALTIME));
#else
    printf("FUTEX_CLOCK_REALTIME MISSING\n");
#endif
#ifdef FUTEX_CMD_MASK
    printf("FUTEX_CMD_MASK %lld\n", (long long)(FUTEX_CMD_MASK));
#else
    printf("FUTEX_CMD_MASK MISSING\n");
#endif
#ifdef FUTEX_BITSET_MATCH_ANY
    printf("FUTEX_BITSET_MATCH_ANY %lld\n", (long long)(FUTEX_BITSET_MATCH_ANY));
#else
    printf("FUTEX_BITSET_MATCH_ANY MISSING\n");
#endif
#ifdef FUTEX_WAITERS
    printf("FUTEX_WAITERS %lld\n", (long long)(FUTEX_WAITERS));
#else
    printf("FUTEX_WAITERS MISSING\n");
#endif
#ifdef FUTEX_OWNER_DIED
    printf("FUTEX_OWNER_DIED %lld\n", (long long)(FUTEX_OWNER_DIED));
#else
    printf("FUTEX_OWNER_DIED MISSING\n");
#endif
#ifdef FUTEX_TID_MASK
    printf("FUTEX_TID_MASK %lld\n", (long long)(FUTEX_TID_MASK));
#else
    printf("FUTEX_TID_MASK MISSING\n");
#endif
#ifdef GRND_NONBLOCK
    printf("GRND_NONBLOCK %lld\n", (long long)(GRND_NONBLOCK));
#else
    printf("GRND_NONBLOCK MISSING\n");
#endif
#ifdef GRND_RANDOM
    printf("GRND_RANDOM %lld\n", (long long)(GRND_RANDOM));
#else
    printf("GRND_RANDOM MISSING\n");
#endif
#ifdef GRND_INSECURE
    printf("GRND_INSECURE %lld\n", (long long)(GRND_INSECURE));
#else
    printf("GRND_INSECURE MISSING\n");
#endif
#ifdef PR_SET_PDEATHSIG
    printf("PR_SET_PDEATHSIG %lld\n", (long long)(PR_SET_PDEATHSIG));
#else
    printf("PR_SET_PDEATHSIG MISSING\n");
#endif
#ifdef PR_GET_PDEATHSIG
    printf("PR_GET_PDEATHSIG %lld\n", (long long)(PR_GET_PDEATHSIG));
#else
    printf("PR_GET_PDEATHSIG MISSING\n");
#endif
#ifdef PR_GET_DUMPABLE
    printf("PR_GET_DUMPABLE %lld\n", (long long)(PR_GET_DUMPABLE));
#else
    printf("PR_GET_DUMPABLE MISSING\n");
#endif
#ifdef PR_SET_DUMPABLE
    printf("PR_SET_DUMPABLE %lld\n", (long long)(PR_SET_DUMPABLE));
#else
    printf("PR_SET_DUMPABLE MISSING\n");
#endif
#ifdef PR_SET_NAME
    printf("PR_SET_NAME %lld\n", (long long)(PR_SET_NAME));
#else
    printf("PR_SET_NAME MISSING\n");
#endif
#ifdef PR_GET_NAME
    printf("PR_GET_NAME %lld\n", (long long)(PR_GET_NAME));
#else
    printf("PR_GET_NAME MISSING\n");
#endif
#ifdef PR_SET_NO_NEW_PRIVS
    printf("PR_SET_NO_NEW_PRIVS %lld\n", (long long)(PR_SET_NO_NEW_PRIVS));
#else
    printf("PR_SET_NO_NEW_PRIVS MISSING\n");
#endif
#ifdef PR_GET_NO_NEW_PRIVS
    printf("PR_GET_NO_NEW_PRIVS %lld\n", (long long)(PR_GET_NO_NEW_PRIVS));
#else
    printf("PR_GET_NO_NEW_PRIVS MISSING\n");
#endif
#ifdef PR_SET_CHILD_SUBREAPER
    printf("PR_SET_CHILD_SUBREAPER %lld\n", (long long)(PR_SET_CHILD_SUBREAPER));
#else
    printf("PR_SET_CHILD_SUBREAPER MISSING\n");
#endif
#ifdef PR_GET_CHILD_SUBREAPER
    printf("PR_GET_CHILD_SUBREAPER %lld\n", (long long)(PR_GET_CHILD_SUBREAPER));
#else
    printf("PR_GET_CHILD_SUBREAPER MISSING\n");
#endif
    printf("PER_LINUX %lld\n", (long long)(PER_LINUX));
    printf("ADDR_NO_RANDOMIZE %lld\n", (long long)(ADDR_NO_RANDOMIZE));
#ifdef CLOSE_RANGE_UNSHARE
    printf("CLOSE_RANGE_UNSHARE %lld\n", (long long)(CLOSE_RANGE_UNSHARE));
#else
    printf("CLOSE_RANGE_UNSHARE MISSING\n");
#endif
#ifdef CLOSE_RANGE_CLOEXEC
    printf("CLOSE_RANGE_CLOEXEC %lld\n", (long long)(CLOSE_RANGE_CLOEXEC));
#else
    printf("CLOSE_RANGE_CLOEXEC MISSING\n");
#endif
#ifdef MFD_CLOEXEC
    printf("MFD_CLOEXEC %lld\n", (long long)(MFD_CLOEXEC));
#else
    printf("MFD_CLOEXEC MISSING\n");
#endif
#ifdef MFD_ALLOW_SEALING
    printf("MFD_ALLOW_SEALING %lld\n", (long long)(MFD_ALLOW_SEALING));
#else
    printf("MFD_ALLOW_SEALING MISSING\n");
#endif
#ifdef SIGHUP
    printf("SIGHUP %lld\n", (long long)(SIGHUP));
#else
    printf("SIGHUP MISSING\n");
#endif
#ifdef SIGINT
    printf("SIGINT %lld\n", (long long)(SIGINT));
#else
    printf("SIGINT MISSING\n");
#endif
#ifdef SIGQUIT
    printf("SIGQUIT %lld\n", (long long)(SIGQUIT));
#else
    printf("SIGQUIT MISSING\n");
#endif
#ifdef SIGILL
    printf("SIGILL %lld\n", (long long)(SIGILL));
#else
    printf("SIGILL MISSING\n");
#endif
#ifdef SIGTRAP
    printf("SIGTRAP %lld\n", (long long)(SIGTRAP));
#else
    printf("SIGTRAP MISSING\n");
#endif
#ifdef SIGABRT
    printf("SIGABRT %lld\n", (long long)(SIGABRT));
#else
    printf("SIGABRT MISSING\n");
#endif
#ifdef SIGIOT
    printf("SIGIOT %lld\n", (long long)(SIGIOT));
#else
    printf("SIGIOT MISSING\n");
#endif
#ifdef SIGBUS
    printf("SIGBUS %lld\n", (long long)(SIGBUS));
#else
    printf("SIGBUS MISSING\n");
#endif
#ifdef SIGFPE
    printf("SIGFPE %lld\n", (long long)(SIGFPE));
#else
    printf("SIGFPE MISSING\n");
#endif
#ifdef SIGKILL
    printf("SIGKILL %lld\n", (long long)(SIGKILL));
#else
    printf("SIGKILL MISSING\n");
#endif
#ifdef SIGUSR1
    printf("SIGUSR1 %lld\n", (long long)(SIGUSR1));
#else
    printf("SIGUSR1 MISSING\n");
#endif
#ifdef SIGSEGV
    printf("SIGSEGV %lld\n", (long long)(SIGSEGV));
#else
    printf("SIGSEGV MISSING\n");
#endif
#ifdef SIGUSR2
    printf("SIGUSR2 %lld\n", (long long)(SIGUSR2));
#else
    printf("SIGUSR2 MISSING\n");
#endif
#ifdef SIGPIPE
    printf("SIGPIPE %lld\n", (long long)(SIGPIPE));
#else
    printf("SIGPIPE MISSING\n");
#endif
#ifdef SIGALRM
    printf("SIGALRM %lld\n", (long long)(SIGALRM));
#else
    printf("SIGALRM MISSING\n");
#endif
#ifdef SIGTERM
    printf("SIGTERM %lld\n", (long long)(SIGTERM));
#else
    printf("SIGTERM MISSING\n");
#endif
#ifdef SIGSTKFLT
    printf("SIGSTKFLT %lld\n", (long long)(SIGSTKFLT));
#else
    printf("SIGSTKFLT MISSING\n");
#endif
#ifdef SIGCHLD
    printf("SIGCHLD %lld\n", (long long)(SIGCHLD));
#else
    printf("SIGCHLD MISSING\n");
#endif
#ifdef SIGCONT
    printf("SIGCONT %lld\n", (long long)(SIGCONT));
#else
    printf("SIGCONT MISSING\n");
#endif
#ifdef SIGSTOP
    printf("SIGSTOP %lld\n", (long long)(SIGSTOP));
#else
    printf("SIGSTOP MISSING\n");
#endif
#ifdef SIGTSTP
    printf("SIGTSTP %lld\n", (long long)(SIGTSTP));
#else
    printf("SIGTSTP MISSING\n");
#endif
#ifdef SIGTTIN
    printf("SIGTTIN %lld\n", (long long)(SIGTTIN));
#else
    printf("SIGTTIN MISSING\n");
#endif
#ifdef SIGTTOU
    printf("SIGTTOU %lld\n", (long long)(SIGTTOU));
#else
    printf("SIGTTOU MISSING\n");
#endif
#ifdef SIGURG
    printf("SIGURG %lld\n", (long long)(SIGURG));
#else
    printf("SIGURG MISSING\n");
#endif
#ifdef SIGXCPU
    printf("SIGXCPU %lld\n", (long long)(SIGXCPU));
#else
    printf("SIGXCPU MISSING\n");
#endif
#ifdef SIGXFSZ
    printf("SIGXFSZ %lld\n", (long long)(SIGXFSZ));
#else
    printf("SIGXFSZ MISSING\n");
#endif
#ifdef SIGVTALRM
    printf("SIGVTALRM %lld\n", (long long)(SIGVTALRM));
#else
    printf("SIGVTALRM MISSING\n");
#endif
#ifdef SIGPROF
    printf("SIGPROF %lld\n", (long long)(SIGPROF));
#else
    printf("SIGPROF MISSING\n");
#endif
#ifdef SIGWINCH
    printf("SIGWINCH %lld\n", (long long)(SIGWINCH));
#else
    printf("SIGWINCH MISSING\n");
#endif
#ifdef SIGIO
    printf("SIGIO %lld\n", (long long)(SIGIO));
#else
    printf("SIGIO MISSING\n");
#endif
#ifdef SIGPOLL
    printf("SIGPOLL %lld\n", (long long)(SIGPOLL));
#else
    printf("SIGPOLL MISSING\n");
#endif
#ifdef SIGPWR
    printf("SIGPWR %lld\n", (long long)(SIGPWR));
#else
    printf("SIGPWR MISSING\n");
#endif
#ifdef SIGSYS
    printf("SIGSYS %lld\n", (long long)(SIGSYS));
#else
    printf("SIGSYS MISSING\n");
#endif
#ifdef SIGRTMIN
    printf("SIGRTMIN %lld\n", (long long)(SIGRTMIN));
#else
    printf("SIGRTMIN MISSING\n");
#endif
    /* SIGRTMAX: _NSIG, which user space does not see */
    printf("SIGRTMAX MISSING\n");
    /* NSIG: the kernel's _NSIG */
    printf("NSIG MISSING\n");
#ifdef SIG_BLOCK
    printf("SIG_BLOCK %lld\n", (long long)(SIG_BLOCK));
#else
    printf("SIG_BLOCK MISSING\n");
#endif
#ifdef SIG_UNBLOCK
    printf("SIG_UNBLOCK %lld\n", (long long)(SIG_UNBLOCK));
#else
    printf("SIG_UNBLOCK MISSING\n");
#endif
#ifdef SIG_SETMASK
    printf("SIG_SETMASK %lld\n", (long long)(SIG_SETMASK));
#else
    printf("SIG_SETMASK MISSING\n");
#endif
#ifdef SIG_DFL
    printf("SIG_DFL %lld\n", (long long)(long)(SIG_DFL));
#else
    printf("SIG_DFL MISSING\n");
#endif
#ifdef SIG_IGN
    printf("SIG_IGN %lld\n", (long long)(long)(SIG_IGN));
#else
    printf("SIG_IGN MISSING\n");
#endif
#ifdef SIG_ERR
    printf("SIG_ERR %lld\n", (long long)(long)(SIG_ERR));
#else
    printf("SIG_ERR MISSING\n");
#endif
#ifdef SA_NOCLDSTOP
    printf("SA_NOCLDSTOP %lld\n", (long long)(SA_NOCLDSTOP));
#else
    printf("SA_NOCLDSTOP MISSING\n");
#endif
#ifdef SA_NOCLDWAIT
    printf("SA_NOCLDWAIT %lld\n", (long long)(SA_NOCLDWAIT));
#else
    printf("SA_NOCLDWAIT MISSING\n");
#endif
#ifdef SA_SIGINFO
    printf("SA_SIGINFO %lld\n", (long long)(SA_SIGINFO));
#else
    printf("SA_SIGINFO MISSING\n");
#endif
#ifdef SA_UNSUPPORTED
    printf("SA_UNSUPPORTED %lld\n", (long long)(SA_UNSUPPORTED));
#else
    printf("SA_UNSUPPORTED MISSING\n");
#endif
#ifdef SA_EXPOSE_TAGBITS
    printf("SA_EXPOSE_TAGBITS %lld\n", (long long)(SA_EXPOSE_TAGBITS));
#else
    printf("SA_EXPOSE_TAGBITS MISSING\n");
#endif
#ifdef SA_RESTORER
    printf("SA_RESTORER %lld\n", (long long)(SA_RESTORER));
#else
    printf("SA_RESTORER MISSING\n");
#endif
#ifdef SA_ONSTACK
    printf("SA_ONSTACK %lld\n", (long long)(SA_ONSTACK));
#else
    printf("SA_ONSTACK MISSING\n");
#endif
#ifdef SA_RESTART
    printf("SA_RESTART %lld\n", (long long)(SA_RESTART));
#else
    printf("SA_RESTART MISSING\n");
#endif
#ifdef SA_NODEFER
    printf("SA_NODEFER %lld\n", (long long)(SA_NODEFER));
#else
    printf("SA_NODEFER MISSING\n");
#endif
#ifdef SA_RESETHAND
    printf("SA_RESETHAND %lld\n", (long long)(SA_RESETHAND));
#else
    printf("SA_RESETHAND MISSING\n");
#endif
#ifdef SA_NOMASK
    printf("SA_NOMASK %lld\n", (long long)(SA_NOMASK));
#else
    printf("SA_NOMASK MISSING\n");
#endif
#ifdef SA_ONESHOT
    printf("SA_ONESHOT %lld\n", (long long)(SA_ONESHOT));
#else
    printf("SA_ONESHOT MISSING\n");
#endif
#ifdef SS_ONSTACK
    printf("SS_ONSTACK %lld\n", (long long)(SS_ONSTACK));
#else
    printf("SS_ONSTACK MISSING\n");
#endif
#ifdef SS_DISABLE
    printf("SS_DISABLE %lld\n", (long long)(SS_DISABLE));
#else
    printf("SS_DISABLE MISSING\n");
#endif
#ifdef SS_AUTODISARM
    printf("SS_AUTODISARM %lld\n", (long long)(SS_AUTODISARM));
#else
    printf("SS_AUTODISARM MISSING\n");
#endif
#ifdef MINSIGSTKSZ
    printf("MINSIGSTKSZ %lld\n", (long long)(MINSIGSTKSZ));
#else
    printf("MINSIGSTKSZ MISSING\n");
#endif
#ifdef SIGSTKSZ
    printf("SIGSTKSZ %lld\n", (long long)(SIGSTKSZ));
#else
    printf("SIGSTKSZ MISSING\n");
#endif
#ifdef SI_USER
    printf("SI_USER %lld\n", (long long)(SI_USER));
#else
    printf("SI_USER MISSING\n");
#endif
#ifdef SI_KERNEL
    printf("SI_KERNEL %lld\n", (long long)(SI_KERNEL));
#else
    printf("SI_KERNEL MISSING\n");
#endif
#ifdef SI_QUEUE
    printf("SI_QUEUE %lld\n", (long long)(SI_QUEUE));
#else
    printf("SI_QUEUE MISSING\n");
#endif
#ifdef SI_TIMER
    printf("SI_TIMER %lld\n", (long long)(SI_TIMER));
#else
    printf("SI_TIMER MISSING\n");
#endif
#ifdef SI_MESGQ
    printf("SI_MESGQ %lld\n", (long long)(SI_MESGQ));
#else
    printf("SI_MESGQ MISSING\n");
#endif
#ifdef SI_ASYNCIO
    printf("SI_ASYNCIO %lld\n", (long long)(SI_ASYNCIO));
#else
    printf("SI_ASYNCIO MISSING\n");
#endif
#ifdef SI_SIGIO
    printf("SI_SIGIO %lld\n", (long long)(SI_SIGIO));
#else
    printf("SI_SIGIO MISSING\n");
#endif
#ifdef SI_TKILL
    printf("SI_TKILL %lld\n", (long long)(SI_TKILL));
#else
    printf("SI_TKILL MISSING\n");
#endif
#ifdef ILL_ILLOPC
    printf("ILL_ILLOPC %lld\n", (long long)(ILL_ILLOPC));
#else
    printf("ILL_ILLOPC MISSING\n");
#endif
#ifdef ILL_ILLOPN
    printf("ILL_ILLOPN %lld\n", (long long)(ILL_ILLOPN));
#else
    printf("ILL_ILLOPN MISSING\n");
#endif
#ifdef ILL_ILLADR
    printf("ILL_ILLADR %lld\n", (long long)(ILL_ILLADR));
#else
    printf("ILL_ILLADR MISSING\n");
#endif
#ifdef ILL_ILLTRP
    printf("ILL_ILLTRP %lld\n", (long long)(ILL_ILLTRP));
#else
    printf("ILL_ILLTRP MISSING\n");
#endif
#ifdef ILL_PRVOPC
    printf("ILL_PRVOPC %lld\n", (long long)(ILL_PRVOPC));
#else
    printf("ILL_PRVOPC MISSING\n");
#endif
#ifdef ILL_PRVREG
    printf("ILL_PRVREG %lld\n", (long long)(ILL_PRVREG));
#else
    printf("ILL_PRVREG MISSING\n");
#endif
#ifdef ILL_COPROC
    printf("ILL_COPROC %lld\n", (long long)(ILL_COPROC));
#else
    printf("ILL_COPROC MISSING\n");
#endif
#ifdef ILL_BADSTK
    printf("ILL_BADSTK %lld\n", (long long)(ILL_BADSTK));
#else
    printf("ILL_BADSTK MISSING\n");
#endif
#ifdef FPE_INTDIV
    printf("FPE_INTDIV %lld\n", (long long)(FPE_INTDIV));
#else
    printf("FPE_INTDIV MISSING\n");
#endif
#ifdef FPE_INTOVF
    printf("FPE_INTOVF %lld\n", (long long)(FPE_INTOVF));
#else
    printf("FPE_INTOVF MISSING\n");
#endif
#ifdef FPE_FLTDIV
    printf("FPE_FLTDIV %lld\n", (long long)(FPE_FLTDIV));
#else
    printf("FPE_FLTDIV MISSING\n");
#endif
#ifdef FPE_FLTOVF
    printf("FPE_FLTOVF %lld\n", (long long)(FPE_FLTOVF));
#else
    printf("FPE_FLTOVF MISSING\n");
#endif
#ifdef FPE_FLTUND
    printf("FPE_FLTUND %lld\n", (long long)(FPE_FLTUND));
#else
    printf("FPE_FLTUND MISSING\n");
#endif
#ifdef FPE_FLTRES
    printf("FPE_FLTRES %lld\n", (long long)(FPE_FLTRES));
#else
    printf("FPE_FLTRES MISSING\n");
#endif
#ifdef FPE_FLTINV
    printf("FPE_FLTINV %lld\n", (long long)(FPE_FLTINV));
#else
    printf("FPE_FLTINV MISSING\n");
#endif
#ifdef FPE_FLTSUB
    printf("FPE_FLTSUB %lld\n", (long long)(FPE_FLTSUB));
#else
    printf("FPE_FLTSUB MISSING\n");
#endif
#ifdef SEGV_MAPERR
    printf("SEGV_MAPERR %lld\n", (long long)(SEGV_MAPERR));
#else
    printf("SEGV_MAPERR MISSING\n");
#endif
#ifdef SEGV_ACCERR
    printf("SEGV_ACCERR %lld\n", (long long)(SEGV_ACCERR));
#else
    printf("SEGV_ACCERR MISSING\n");
#endif
#ifdef BUS_ADRALN
    printf("BUS_ADRALN %lld\n", (long long)(BUS_ADRALN));
#else
    printf("BUS_ADRALN MISSING\n");
#endif
#ifdef BUS_ADRERR
    printf("BUS_ADRERR %lld\n", (long long)(BUS_ADRERR));
#else
    printf("BUS_ADRERR MISSING\n");
#endif
#ifdef BUS_OBJERR
    printf("BUS_OBJERR %lld\n", (long long)(BUS_OBJERR));
#else
    printf("BUS_OBJERR MISSING\n");
#endif
#ifdef TRAP_BRKPT
    printf("TRAP_BRKPT %lld\n", (long long)(TRAP_BRKPT));
#else
    printf("TRAP_BRKPT MISSING\n");
#endif
#ifdef TRAP_TRACE
    printf("TRAP_TRACE %lld\n", (long long)(TRAP_TRACE));
#else
    printf("TRAP_TRACE MISSING\n");
#endif
#ifdef CLD_EXITED
    printf("CLD_EXITED %lld\n", (long long)(CLD_EXITED));
#else
    printf("CLD_EXITED MISSING\n");
#endif
#ifdef CLD_KILLED
    printf("CLD_KILLED %lld\n", (long long)(CLD_KILLED));
#else
    printf("CLD_KILLED MISSING\n");
#endif
#ifdef CLD_DUMPED
    printf("CLD_DUMPED %lld\n", (long long)(CLD_DUMPED));
#else
    printf("CLD_DUMPED MISSING\n");
#endif
#ifdef CLD_TRAPPED
    printf("CLD_TRAPPED %lld\n", (long long)(CLD_TRAPPED));
#else
    printf("CLD_TRAPPED MISSING\n");
#endif
#ifdef CLD_STOPPED
    printf("CLD_STOPPED %lld\n", (long long)(CLD_STOPPED));
#else
    printf("CLD_STOPPED MISSING\n");
#endif
#ifdef CLD_CONTINUED
    printf("CLD_CONTINUED %lld\n", (long long)(CLD_CONTINUED));
#else
    printf("CLD_CONTINUED MISSING\n");
#endif
#ifdef POLL_IN
    printf("POLL_IN %lld\n", (long long)(POLL_IN));
#else
    printf("POLL_IN MISSING\n");
#endif
#ifdef POLL_OUT
    printf("POLL_OUT %lld\n", (long long)(POLL_OUT));
#else
    printf("POLL_OUT MISSING\n");
#endif
#ifdef POLL_MSG
    printf("POLL_MSG %lld\n", (long long)(POLL_MSG));
#else
    printf("POLL_MSG MISSING\n");
#endif
#ifdef POLL_ERR
    printf("POLL_ERR %lld\n", (long long)(POLL_ERR));
#else
    printf("POLL_ERR MISSING\n");
#endif
#ifdef POLL_PRI
    printf("POLL_PRI %lld\n", (long long)(POLL_PRI));
#else
    printf("POLL_PRI MISSING\n");
#endif
#ifdef POLL_HUP
    printf("POLL_HUP %lld\n", (long long)(POLL_HUP));
#else
    printf("POLL_HUP MISSING\n");
#endif
#ifdef SOL_SOCKET
    printf("SOL_SOCKET %lld\n", (long long)(SOL_SOCKET));
#else
    printf("SOL_SOCKET MISSING\n");
#endif
#ifdef IPPROTO_IP
    printf("IPPROTO_IP %lld\n", (long long)(IPPROTO_IP));
#else
    printf("IPPROTO_IP MISSING\n");
#endif
#ifdef IPPROTO_ICMP
    printf("IPPROTO_ICMP %lld\n", (long long)(IPPROTO_ICMP));
#else
    printf("IPPROTO_ICMP MISSING\n");
#endif
#ifdef IPPROTO_TCP
    printf("IPPROTO_TCP %lld\n", (long long)(IPPROTO_TCP));
#else
    printf("IPPROTO_TCP MISSING\n");
#endif
#ifdef IPPROTO_UDP
    printf("IPPROTO_UDP %lld\n", (long long)(IPPROTO_UDP));
#else
    printf("IPPROTO_UDP MISSING\n");
#endif
#ifdef IPPROTO_IPV6
    printf("IPPROTO_IPV6 %lld\n", (long long)(IPPROTO_IPV6));
#else
    printf("IPPROTO_IPV6 MISSING\n");
#endif
#ifdef IPPROTO_ICMPV6
    printf("IPPROTO_ICMPV6 %lld\n", (long long)(IPPROTO_ICMPV6));
#else
    printf("IPPROTO_ICMPV6 MISSING\n");
#endif
#ifdef IPPROTO_RAW
    printf("IPPROTO_RAW %lld\n", (long long)(IPPROTO_RAW));
#else
    printf("IPPROTO_RAW MISSING\n");
#endif
#ifdef SO_DEBUG
    printf("SO_DEBUG %lld\n", (long long)(SO_DEBUG));
#else
    printf("SO_DEBUG MISSING\n");
#endif
#ifdef SO_REUSEADDR
    printf("SO_REUSEADDR %lld\n", (long long)(SO_REUSEADDR));
#else
    printf("SO_REUSEADDR MISSING\n");
#endif
#ifdef SO_TYPE
    printf("SO_TYPE %lld\n", (long long)(SO_TYPE));
#else
    printf("SO_TYPE MISSING\n");
#endif
#ifdef SO_ERROR
    printf("SO_ERROR %lld\n", (long long)(SO_ERROR));
#else
    printf("SO_ERROR MISSING\n");
#endif
#ifdef SO_DONTROUTE
    printf("SO_DONTROUTE %lld\n", (long long)(SO_DONTROUTE));
#else
    printf("SO_DONTROUTE MISSING\n");
#endif
#ifdef SO_BROADCAST
    printf("SO_BROADCAST %lld\n", (long long)(SO_BROADCAST));
#else
    printf("SO_BROADCAST MISSING\n");
#endif
#ifdef SO_SNDBUF
    printf("SO_SNDBUF %lld\n", (long long)(SO_SNDBUF));
#else
    printf("SO_SNDBUF MISSING\n");
#endif
#ifdef SO_RCVBUF
    printf("SO_RCVBUF %lld\n", (long long)(SO_RCVBUF));
#else
    printf("SO_RCVBUF MISSING\n");
#endif
#ifdef SO_KEEPALIVE
    printf("SO_KEEPALIVE %lld\n", (long long)(SO_KEEPALIVE));
#else
    printf("SO_KEEPALIVE MISSING\n");
#endif
#ifdef SO_OOBINLINE
    printf("SO_OOBINLINE %lld\n", (long long)(SO_OOBINLINE));
#else
    printf("SO_OOBINLINE MISSING\n");
#endif
#ifdef SO_NO_CHECK
    printf("SO_NO_CHECK %lld\n", (long long)(SO_NO_CHECK));
#else
    printf("SO_NO_CHECK MISSING\n");
#endif
#ifdef SO_PRIORITY
    printf("SO_PRIORITY %lld\n", (long long)(SO_PRIORITY));
#else
    printf("SO_PRIORITY MISSING\n");
#endif
#ifdef SO_LINGER
    printf("SO_LINGER %lld\n", (long long)(SO_LINGER));
#else
    printf("SO_LINGER MISSING\n");
#endif
#ifdef SO_BSDCOMPAT
    printf("SO_BSDCOMPAT %lld\n", (long long)(SO_BSDCOMPAT));
#else
    printf("SO_BSDCOMPAT MISSING\n");
#endif
#ifdef SO_REUSEPORT
    printf("SO_REUSEPORT %lld\n", (long long)(SO_REUSEPORT));
#else
    printf("SO_REUSEPORT MISSING\n");
#endif
#ifdef SO_PASSCRED
    printf("SO_PASSCRED %lld\n", (long long)(SO_PASSCRED));
#else
    printf("SO_PASSCRED MISSING\n");
#endif
#ifdef SO_PEERCRED
    printf("SO_PEERCRED %lld\n", (long long)(SO_PEERCRED));
#else
    printf("SO_PEERCRED MISSING\n");
#endif
#ifdef SO_RCVLOWAT
    printf("SO_RCVLOWAT %lld\n", (long long)(SO_RCVLOWAT));
#else
    printf("SO_RCVLOWAT MISSING\n");
#endif
#ifdef SO_SNDLOWAT
    printf("SO_SNDLOWAT %lld\n", (long long)(SO_SNDLOWAT));
#else
    printf("SO_SNDLOWAT MISSING\n");
#endif
#ifdef SO_RCVTIMEO_OLD
    printf("SO_RCVTIMEO %lld\n", (long long)(SO_RCVTIMEO_OLD));
#else
    printf("SO_RCVTIMEO MISSING\n");
#endif
#ifdef SO_SNDTIMEO_OLD
    printf("SO_SNDTIMEO %lld\n", (long long)(SO_SNDTIMEO_OLD));
#else
    printf("SO_SNDTIMEO MISSING\n");
#endif
#ifdef SO_BINDTODEVICE
    printf("SO_BINDTODEVICE %lld\n", (long long)(SO_BINDTODEVICE));
#else
    printf("SO_BINDTODEVICE MISSING\n");
#endif
#ifdef SO_TIMESTAMP_OLD
    printf("SO_TIMESTAMP %lld\n", (long long)(SO_TIMESTAMP_OLD));
#else
    printf("SO_TIMESTAMP MISSING\n");
#endif
#ifdef SO_ACCEPTCONN
    printf("SO_ACCEPTCONN %lld\n", (long long)(SO_ACCEPTCONN));
#else
    printf("SO_ACCEPTCONN MISSING\n");
#endif
#ifdef SO_PEERSEC
    printf("SO_PEERSEC %lld\n", (long long)(SO_PEERSEC));
#else
    printf("SO_PEERSEC MISSING\n");
#endif
#ifdef SO_SNDBUFFORCE
    printf("SO_SNDBUFFORCE %lld\n", (long long)(SO_SNDBUFFORCE));
#else
    printf("SO_SNDBUFFORCE MISSING\n");
#endif
#ifdef SO_RCVBUFFORCE
    printf("SO_RCVBUFFORCE %lld\n", (long long)(SO_RCVBUFFORCE));
#else
    printf("SO_RCVBUFFORCE MISSING\n");
#endif
#ifdef SO_PROTOCOL
    printf("SO_PROTOCOL %lld\n", (long long)(SO_PROTOCOL));
#else
    printf("SO_PROTOCOL MISSING\n");
#endif
#ifdef SO_DOMAIN
    printf("SO_DOMAIN %lld\n", (long long)(SO_DOMAIN));
#else
    printf("SO_DOMAIN MISSING\n");
#endif
#ifdef SO_RCVTIMEO_NEW
    printf("SO_RCVTIMEO_NEW %lld\n", (long long)(SO_RCVTIMEO_NEW));
#else
    printf("SO_RCVTIMEO_NEW MISSING\n");
#endif
#ifdef SO_SNDTIMEO_NEW
    printf("SO_SNDTIMEO_NEW %lld\n", (long long)(SO_SNDTIMEO_NEW));
#else
    printf("SO_SNDTIMEO_NEW MISSING\n");
#endif
#ifdef IP_TOS
    printf("IP_TOS %lld\n", (long long)(IP_TOS));
#else
    printf("IP_TOS MISSING\n");
#endif
#ifdef IP_TTL
    printf("IP_TTL %lld\n", (long long)(IP_TTL));
#else
    printf("IP_TTL MISSING\n");
#endif
#ifdef IP_HDRINCL
    printf("IP_HDRINCL %lld\n", (long long)(IP_HDRINCL));
#else
    printf("IP_HDRINCL MISSING\n");
#endif
#ifdef IP_OPTIONS
    printf("IP_OPTIONS %lld\n", (long long)(IP_OPTIONS));
#else
    printf("IP_OPTIONS MISSING\n");
#endif
#ifdef IP_RECVERR
    printf("IP_RECVERR %lld\n", (long long)(IP_RECVERR));
#else
    printf("IP_RECVERR MISSING\n");
#endif
#ifdef IP_MULTICAST_TTL
    printf("IP_MULTICAST_TTL %lld\n", (long long)(IP_MULTICAST_TTL));
#else
    printf("IP_MULTICAST_TTL MISSING\n");
#endif
#ifdef IP_MULTICAST_LOOP
    printf("IP_MULTICAST_LOOP %lld\n", (long long)(IP_MULTICAST_LOOP));
#else
    printf("IP_MULTICAST_LOOP MISSING\n");
#endif
#ifdef IP_ADD_MEMBERSHIP
    printf("IP_ADD_MEMBERSHIP %lld\n", (long long)(IP_ADD_MEMBERSHIP));
#else
    printf("IP_ADD_MEMBERSHIP MISSING\n");
#endif
#ifdef IPV6_V6ONLY
    printf("IPV6_V6ONLY %lld\n", (long long)(IPV6_V6ONLY));
#else
    printf("IPV6_V6ONLY MISSING\n");
#endif
#ifdef TCP_NODELAY
    printf("TCP_NODELAY %lld\n", (long long)(TCP_NODELAY));
#else
    printf("TCP_NODELAY MISSING\n");
#endif
#ifdef TCP_MAXSEG
    printf("TCP_MAXSEG %lld\n", (long long)(TCP_MAXSEG));
#else
    printf("TCP_MAXSEG MISSING\n");
#endif
#ifdef TCP_CORK
    printf("TCP_CORK %lld\n", (long long)(TCP_CORK));
#else
    printf("TCP_CORK MISSING\n");
#endif
#ifdef TCP_KEEPIDLE
    printf("TCP_KEEPIDLE %lld\n", (long long)(TCP_KEEPIDLE));
#else
    printf("TCP_KEEPIDLE MISSING\n");
#endif
#ifdef TCP_KEEPINTVL
    printf("TCP_KEEPINTVL %lld\n", (long long)(TCP_KEEPINTVL));
#else
    printf("TCP_KEEPINTVL MISSING\n");
#endif
#ifdef TCP_KEEPCNT
    printf("TCP_KEEPCNT %lld\n", (long long)(TCP_KEEPCNT));
#else
    printf("TCP_KEEPCNT MISSING\n");
#endif
#ifdef TCP_SYNCNT
    printf("TCP_SYNCNT %lld\n", (long long)(TCP_SYNCNT));
#else
    printf("TCP_SYNCNT MISSING\n");
#endif
#ifdef TCP_LINGER2
    printf("TCP_LINGER2 %lld\n", (long long)(TCP_LINGER2));
#else
    printf("TCP_LINGER2 MISSING\n");
#endif
#ifdef TCP_DEFER_ACCEPT
    printf("TCP_DEFER_ACCEPT %lld\n", (long long)(TCP_DEFER_ACCEPT));
#else
    printf("TCP_DEFER_ACCEPT MISSING\n");
#endif
#ifdef TCP_WINDOW_CLAMP
    printf("TCP_WINDOW_CLAMP %lld\n", (long long)(TCP_WINDOW_CLAMP));
#else
    printf("TCP_WINDOW_CLAMP MISSING\n");
#endif
#ifdef TCP_INFO
    printf("TCP_INFO %lld\n", (long long)(TCP_INFO));
#else
    printf("TCP_INFO MISSING\n");
#endif
#ifdef TCP_QUICKACK
    printf("TCP_QUICKACK %lld\n", (long long)(TCP_QUICKACK));
#else
    printf("TCP_QUICKACK MISSING\n");
#endif
#ifdef TCP_CONGESTION
    printf("TCP_CONGESTION %lld\n", (long long)(TCP_CONGESTION));
#else
    printf("TCP_CONGESTION MISSING\n");
#endif
#ifdef TCP_USER_TIMEOUT
    printf("TCP_USER_TIMEOUT %lld\n", (long long)(TCP_USER_TIMEOUT));
#else
    printf("TCP_USER_TIMEOUT MISSING\n");
#endif
#ifdef TCP_FASTOPEN
    printf("TCP_FASTOPEN %lld\n", (long long)(TCP_FASTOPEN));
#else
    printf("TCP_FASTOPEN MISSING\n");
#endif
#ifdef SYS_SOCKET
    printf("SYS_SOCKET %lld\n", (long long)(SYS_SOCKET));
#else
    printf("SYS_SOCKET MISSING\n");
#endif
#ifdef SYS_BIND
    printf("SYS_BIND %lld\n", (long long)(SYS_BIND));
#else
    printf("SYS_BIND MISSING\n");
#endif
#ifdef SYS_CONNECT
    printf("SYS_CONNECT %lld\n", (long long)(SYS_CONNECT));
#else
    printf("SYS_CONNECT MISSING\n");
#endif
#ifdef SYS_LISTEN
    printf("SYS_LISTEN %lld\n", (long long)(SYS_LISTEN));
#else
    printf("SYS_LISTEN MISSING\n");
#endif
#ifdef SYS_ACCEPT
    printf("SYS_ACCEPT %lld\n", (long long)(SYS_ACCEPT));
#else
    printf("SYS_ACCEPT MISSING\n");
#endif
#ifdef SYS_GETSOCKNAME
    printf("SYS_GETSOCKNAME %lld\n", (long long)(SYS_GETSOCKNAME));
#else
    printf("SYS_GETSOCKNAME MISSING\n");
#endif
#ifdef SYS_GETPEERNAME
    printf("SYS_GETPEERNAME %lld\n", (long long)(SYS_GETPEERNAME));
#else
    printf("SYS_GETPEERNAME MISSING\n");
#endif
#ifdef SYS_SOCKETPAIR
    printf("SYS_SOCKETPAIR %lld\n", (long long)(SYS_SOCKETPAIR));
#else
    printf("SYS_SOCKETPAIR MISSING\n");
#endif
#ifdef SYS_SEND
    printf("SYS_SEND %lld\n", (long long)(SYS_SEND));
#else
    printf("SYS_SEND MISSING\n");
#endif
#ifdef SYS_RECV
    printf("SYS_RECV %lld\n", (long long)(SYS_RECV));
#else
    printf("SYS_RECV MISSING\n");
#endif
#ifdef SYS_SENDTO
    printf("SYS_SENDTO %lld\n", (long long)(SYS_SENDTO));
#else
    printf("SYS_SENDTO MISSING\n");
#endif
#ifdef SYS_RECVFROM
    printf("SYS_RECVFROM %lld\n", (long long)(SYS_RECVFROM));
#else
    printf("SYS_RECVFROM MISSING\n");
#endif
#ifdef SYS_SHUTDOWN
    printf("SYS_SHUTDOWN %lld\n", (long long)(SYS_SHUTDOWN));
#else
    printf("SYS_SHUTDOWN MISSING\n");
#endif
#ifdef SYS_SETSOCKOPT
    printf("SYS_SETSOCKOPT %lld\n", (long long)(SYS_SETSOCKOPT));
#else
    printf("SYS_SETSOCKOPT MISSING\n");
#endif
#ifdef SYS_GETSOCKOPT
    printf("SYS_GETSOCKOPT %lld\n", (long long)(SYS_GETSOCKOPT));
#else
    printf("SYS_GETSOCKOPT MISSING\n");
#endif
#ifdef SYS_SENDMSG
    printf("SYS_SENDMSG %lld\n", (long long)(SYS_SENDMSG));
#else
    printf("SYS_SENDMSG MISSING\n");
#endif
#ifdef SYS_RECVMSG
    printf("SYS_RECVMSG %lld\n", (long long)(SYS_RECVMSG));
#else
    printf("SYS_RECVMSG MISSING\n");
#endif
#ifdef SYS_ACCEPT4
    printf("SYS_ACCEPT4 %lld\n", (long long)(SYS_ACCEPT4));
#else
    printf("SYS_ACCEPT4 MISSING\n");
#endif
#ifdef SYS_RECVMMSG
    printf("SYS_RECVMMSG %lld\n", (long long)(SYS_RECVMMSG));
#else
    printf("SYS_RECVMMSG MISSING\n");
#endif
#ifdef SYS_SENDMMSG
    printf("SYS_SENDMMSG %lld\n", (long long)(SYS_SENDMMSG));
#else
    printf("SYS_SENDMMSG MISSING\n");
#endif
#ifdef TCGETS
    printf("TCGETS %lld\n", (long long)(TCGETS));
#else
    printf("TCGETS MISSING\n");
#endif
#ifdef TCSETS
    printf("TCSETS %lld\n", (long long)(TCSETS));
#else
    printf("TCSETS MISSING\n");
#endif
#ifdef TCSETSW
    printf("TCSETSW %lld\n", (long long)(TCSETSW));
#else
    printf("TCSETSW MISSING\n");
#endif
#ifdef TCSETSF
    printf("TCSETSF %lld\n", (long long)(TCSETSF));
#else
    printf("TCSETSF MISSING\n");
#endif
#ifdef TCGETA
    printf("TCGETA %lld\n", (long long)(TCGETA));
#else
    printf("TCGETA MISSING\n");
#endif
#ifdef TCSETA
    printf("TCSETA %lld\n", (long long)(TCSETA));
#else
    printf("TCSETA MISSING\n");
#endif
#ifdef TCSETAW
    printf("TCSETAW %lld\n", (long long)(TCSETAW));
#else
    printf("TCSETAW MISSING\n");
#endif
#ifdef TCSETAF
    printf("TCSETAF %lld\n", (long long)(TCSETAF));
#else
    printf("TCSETAF MISSING\n");
#endif
#ifdef TCSBRK
    printf("TCSBRK %lld\n", (long long)(TCSBRK));
#else
    printf("TCSBRK MISSING\n");
#endif
#ifdef TCXONC
    printf("TCXONC %lld\n", (long long)(TCXONC));
#else
    printf("TCXONC MISSING\n");
#endif
#ifdef TCFLSH
    printf("TCFLSH %lld\n", (long long)(TCFLSH));
#else
    printf("TCFLSH MISSING\n");
#endif
#ifdef TIOCEXCL
    printf("TIOCEXCL %lld\n", (long long)(TIOCEXCL));
#else
    printf("TIOCEXCL MISSING\n");
#endif
#ifdef TIOCNXCL
    printf("TIOCNXCL %lld\n", (long long)(TIOCNXCL));
#else
    printf("TIOCNXCL MISSING\n");
#endif
#ifdef TIOCSCTTY
    printf("TIOCSCTTY %lld\n", (long long)(TIOCSCTTY));
#else
    printf("TIOCSCTTY MISSING\n");
#endif
#ifdef TIOCGPGRP
    printf("TIOCGPGRP %lld\n", (long long)(TIOCGPGRP));
#else
    printf("TIOCGPGRP MISSING\n");
#endif
#ifdef TIOCSPGRP
    printf("TIOCSPGRP %lld\n", (long long)(TIOCSPGRP));
#else
    printf("TIOCSPGRP MISSING\n");
#endif
#ifdef TIOCOUTQ
    printf("TIOCOUTQ %lld\n", (long long)(TIOCOUTQ));
#else
    printf("TIOCOUTQ MISSING\n");
#endif
#ifdef TIOCSTI
    printf("TIOCSTI %lld\n", (long long)(TIOCSTI));
#else
    printf("TIOCSTI MISSING\n");
#endif
#ifdef TIOCGWINSZ
    printf("TIOCGWINSZ %lld\n", (long long)(TIOCGWINSZ));
#else
    printf("TIOCGWINSZ MISSING\n");
#endif
#ifdef TIOCSWINSZ
    printf("TIOCSWINSZ %lld\n", (long long)(TIOCSWINSZ));
#else
    printf("TIOCSWINSZ MISSING\n");
#endif
#ifdef TIOCMGET
    printf("TIOCMGET %lld\n", (long long)(TIOCMGET));
#else
    printf("TIOCMGET MISSING\n");
#endif
#ifdef TIOCMBIS
    printf("TIOCMBIS %lld\n", (long long)(TIOCMBIS));
#else
    printf("TIOCMBIS MISSING\n");
#endif
#ifdef TIOCMBIC
    printf("TIOCMBIC %lld\n", (long long)(TIOCMBIC));
#else
    printf("TIOCMBIC MISSING\n");
#endif
#ifdef TIOCMSET
    printf("TIOCMSET %lld\n", (long long)(TIOCMSET));
#else
    printf("TIOCMSET MISSING\n");
#endif
#ifdef TIOCGSOFTCAR
    printf("TIOCGSOFTCAR %lld\n", (long long)(TIOCGSOFTCAR));
#else
    printf("TIOCGSOFTCAR MISSING\n");
#endif
#ifdef TIOCSSOFTCAR
    printf("TIOCSSOFTCAR %lld\n", (long long)(TIOCSSOFTCAR));
#else
    printf("TIOCSSOFTCAR MISSING\n");
#endif
#ifdef FIONREAD
    printf("FIONREAD %lld\n", (long long)(FIONREAD));
#else
    printf("FIONREAD MISSING\n");
#endif
#ifdef TIOCINQ
    printf("TIOCINQ %lld\n", (long long)(TIOCINQ));
#else
    printf("TIOCINQ MISSING\n");
#endif
#ifdef TIOCLINUX
    printf("TIOCLINUX %lld\n", (long long)(TIOCLINUX));
#else
    printf("TIOCLINUX MISSING\n");
#endif
#ifdef TIOCCONS
    printf("TIOCCONS %lld\n", (long long)(TIOCCONS));
#else
    printf("TIOCCONS MISSING\n");
#endif
#ifdef TIOCGSERIAL
    printf("TIOCGSERIAL %lld\n", (long long)(TIOCGSERIAL));
#else
    printf("TIOCGSERIAL MISSING\n");
#endif
#ifdef TIOCSSERIAL
    printf("TIOCSSERIAL %lld\n", (long long)(TIOCSSERIAL));
#else
    printf("TIOCSSERIAL MISSING\n");
#endif
#ifdef TIOCPKT
    printf("TIOCPKT %lld\n", (long long)(TIOCPKT));
#else
    printf("TIOCPKT MISSING\n");
#endif
#ifdef FIONBIO
    printf("FIONBIO %lld\n", (long long)(FIONBIO));
#else
    printf("FIONBIO MISSING\n");
#endif
#ifdef TIOCNOTTY
    printf("TIOCNOTTY %lld\n", (long long)(TIOCNOTTY));
#else
    printf("TIOCNOTTY MISSING\n");
#endif
#ifdef TIOCSETD
    printf("TIOCSETD %lld\n", (long long)(TIOCSETD));
#else
    printf("TIOCSETD MISSING\n");
#endif
#ifdef TIOCGETD
    printf("TIOCGETD %lld\n", (long long)(TIOCGETD));
#else
    printf("TIOCGETD MISSING\n");
#endif
#ifdef TCSBRKP
    printf("TCSBRKP %lld\n", (long long)(TCSBRKP));
#else
    printf("TCSBRKP MISSING\n");
#endif
#ifdef TIOCSBRK
    printf("TIOCSBRK %lld\n", (long long)(TIOCSBRK));
#else
    printf("TIOCSBRK MISSING\n");
#endif
#ifdef TIOCCBRK
    printf("TIOCCBRK %lld\n", (long long)(TIOCCBRK));
#else
    printf("TIOCCBRK MISSING\n");
#endif
#ifdef TIOCGSID
    printf("TIOCGSID %lld\n", (long long)(TIOCGSID));
#else
    printf("TIOCGSID MISSING\n");
#endif
#ifdef TCGETS2
    printf("TCGETS2 %lld\n", (long long)(TCGETS2));
#else
    printf("TCGETS2 MISSING\n");
#endif
#ifdef TCSETS2
    printf("TCSETS2 %lld\n", (long long)(TCSETS2));
#else
    printf("TCSETS2 MISSING\n");
#endif
#ifdef TCSETSW2
    printf("TCSETSW2 %lld\n", (long long)(TCSETSW2));
#else
    printf("TCSETSW2 MISSING\n");
#endif
#ifdef TCSETSF2
    printf("TCSETSF2 %lld\n", (long long)(TCSETSF2));
#else
    printf("TCSETSF2 MISSING\n");
#endif
#ifdef TIOCGPTN
    printf("TIOCGPTN %lld\n", (long long)(TIOCGPTN));
#else
    printf("TIOCGPTN MISSING\n");
#endif
#ifdef TIOCSPTLCK
    printf("TIOCSPTLCK %lld\n", (long long)(TIOCSPTLCK));
#else
    printf("TIOCSPTLCK MISSING\n");
#endif
#ifdef TIOCGDEV
    printf("TIOCGDEV %lld\n", (long long)(TIOCGDEV));
#else
    printf("TIOCGDEV MISSING\n");
#endif
#ifdef TIOCSIG
    printf("TIOCSIG %lld\n", (long long)(TIOCSIG));
#else
    printf("TIOCSIG MISSING\n");
#endif
#ifdef TIOCVHANGUP
    printf("TIOCVHANGUP %lld\n", (long long)(TIOCVHANGUP));
#else
    printf("TIOCVHANGUP MISSING\n");
#endif
#ifdef TIOCGPKT
    printf("TIOCGPKT %lld\n", (long long)(TIOCGPKT));
#else
    printf("TIOCGPKT MISSING\n");
#endif
#ifdef TIOCGPTLCK
    printf("TIOCGPTLCK %lld\n", (long long)(TIOCGPTLCK));
#else
    printf("TIOCGPTLCK MISSING\n");
#endif
#ifdef TIOCGEXCL
    printf("TIOCGEXCL %lld\n", (long long)(TIOCGEXCL));
#else
    printf("TIOCGEXCL MISSING\n");
#endif
#ifdef TIOCGPTPEER
    printf("TIOCGPTPEER %lld\n", (long long)(TIOCGPTPEER));
#else
    printf("TIOCGPTPEER MISSING\n");
#endif
#ifdef FIONCLEX
    printf("FIONCLEX %lld\n", (long long)(FIONCLEX));
#else
    printf("FIONCLEX MISSING\n");
#endif
#ifdef FIOCLEX
    printf("FIOCLEX %lld\n", (long long)(FIOCLEX));
#else
    printf("FIOCLEX MISSING\n");
#endif
#ifdef FIOASYNC
    printf("FIOASYNC %lld\n", (long long)(FIOASYNC));
#else
    printf("FIOASYNC MISSING\n");
#endif
#ifdef TIOCSERCONFIG
    printf("TIOCSERCONFIG %lld\n", (long long)(TIOCSERCONFIG));
#else
    printf("TIOCSERCONFIG MISSING\n");
#endif
#ifdef FIOQSIZE
    printf("FIOQSIZE %lld\n", (long long)(FIOQSIZE));
#else
    printf("FIOQSIZE MISSING\n");
#endif
#ifdef VINTR
    printf("VINTR %lld\n", (long long)(VINTR));
#else
    printf("VINTR MISSING\n");
#endif
#ifdef VQUIT
    printf("VQUIT %lld\n", (long long)(VQUIT));
#else
    printf("VQUIT MISSING\n");
#endif
#ifdef VERASE
    printf("VERASE %lld\n", (long long)(VERASE));
#else
    printf("VERASE MISSING\n");
#endif
#ifdef VKILL
    printf("VKILL %lld\n", (long long)(VKILL));
#else
    printf("VKILL MISSING\n");
#endif
#ifdef VEOF
    printf("VEOF %lld\n", (long long)(VEOF));
#else
    printf("VEOF MISSING\n");
#endif
#ifdef VTIME
    printf("VTIME %lld\n", (long long)(VTIME));
#else
    printf("VTIME MISSING\n");
#endif
#ifdef VMIN
    printf("VMIN %lld\n", (long long)(VMIN));
#else
    printf("VMIN MISSING\n");
#endif
#ifdef VSWTC
    printf("VSWTC %lld\n", (long long)(VSWTC));
#else
    printf("VSWTC MISSING\n");
#endif
#ifdef VSTART
    printf("VSTART %lld\n", (long long)(VSTART));
#else
    printf("VSTART MISSING\n");
#endif
#ifdef VSTOP
    printf("VSTOP %lld\n", (long long)(VSTOP));
#else
    printf("VSTOP MISSING\n");
#endif
#ifdef VSUSP
    printf("VSUSP %lld\n", (long long)(VSUSP));
#else
    printf("VSUSP MISSING\n");
#endif
#ifdef VEOL
    printf("VEOL %lld\n", (long long)(VEOL));
#else
    printf("VEOL MISSING\n");
#endif
#ifdef VREPRINT
    printf("VREPRINT %lld\n", (long long)(VREPRINT));
#else
    printf("VREPRINT MISSING\n");
#endif
#ifdef VDISCARD
    printf("VDISCARD %lld\n", (long long)(VDISCARD));
#else
    printf("VDISCARD MISSING\n");
#endif
#ifdef VWERASE
    printf("VWERASE %lld\n", (long long)(VWERASE));
#else
    printf("VWERASE MISSING\n");
#endif
#ifdef VLNEXT
    printf("VLNEXT %lld\n", (long long)(VLNEXT));
#else
    printf("VLNEXT MISSING\n");
#endif
#ifdef VEOL2
    printf("VEOL2 %lld\n", (long long)(VEOL2));
#else
    printf("VEOL2 MISSING\n");
#endif
#ifdef NCCS
    printf("NCCS %lld\n", (long long)(NCCS));
#else
    printf("NCCS MISSING\n");
#endif
#ifdef IGNBRK
    printf("IGNBRK %lld\n", (long long)(IGNBRK));
#else
    printf("IGNBRK MISSING\n");
#endif
#ifdef BRKINT
    printf("BRKINT %lld\n", (long long)(BRKINT));
#else
    printf("BRKINT MISSING\n");
#endif
#ifdef IGNPAR
    printf("IGNPAR %lld\n", (long long)(IGNPAR));
#else
    printf("IGNPAR MISSING\n");
#endif
#ifdef PARMRK
    printf("PARMRK %lld\n", (long long)(PARMRK));
#else
    printf("PARMRK MISSING\n");
#endif
#ifdef INPCK
    printf("INPCK %lld\n", (long long)(INPCK));
#else
    printf("INPCK MISSING\n");
#endif
#ifdef ISTRIP
    printf("ISTRIP %lld\n", (long long)(ISTRIP));
#else
    printf("ISTRIP MISSING\n");
#endif
#ifdef INLCR
    printf("INLCR %lld\n", (long long)(INLCR));
#else
    printf("INLCR MISSING\n");
#endif
#ifdef IGNCR
    printf("IGNCR %lld\n", (long long)(IGNCR));
#else
    printf("IGNCR MISSING\n");
#endif
#ifdef ICRNL
    printf("ICRNL %lld\n", (long long)(ICRNL));
#else
    printf("ICRNL MISSING\n");
#endif
#ifdef IUCLC
    printf("IUCLC %lld\n", (long long)(IUCLC));
#else
    printf("IUCLC MISSING\n");
#endif
#ifdef IXON
    printf("IXON %lld\n", (long long)(IXON));
#else
    printf("IXON MISSING\n");
#endif
#ifdef IXANY
    printf("IXANY %lld\n", (long long)(IXANY));
#else
    printf("IXANY MISSING\n");
#endif
#ifdef IXOFF
    printf("IXOFF %lld\n", (long long)(IXOFF));
#else
    printf("IXOFF MISSING\n");
#endif
#ifdef IMAXBEL
    printf("IMAXBEL %lld\n", (long long)(IMAXBEL));
#else
    printf("IMAXBEL MISSING\n");
#endif
#ifdef IUTF8
    printf("IUTF8 %lld\n", (long long)(IUTF8));
#else
    printf("IUTF8 MISSING\n");
#endif
#ifdef OPOST
    printf("OPOST %lld\n", (long long)(OPOST));
#else
    printf("OPOST MISSING\n");
#endif
#ifdef OLCUC
    printf("OLCUC %lld\n", (long long)(OLCUC));
#else
    printf("OLCUC MISSING\n");
#endif
#ifdef ONLCR
    printf("ONLCR %lld\n", (long long)(ONLCR));
#else
    printf("ONLCR MISSING\n");
#endif
#ifdef OCRNL
    printf("OCRNL %lld\n", (long long)(OCRNL));
#else
    printf("OCRNL MISSING\n");
#endif
#ifdef ONOCR
    printf("ONOCR %lld\n", (long long)(ONOCR));
#else
    printf("ONOCR MISSING\n");
#endif
#ifdef ONLRET
    printf("ONLRET %lld\n", (long long)(ONLRET));
#else
    printf("ONLRET MISSING\n");
#endif
#ifdef OFILL
    printf("OFILL %lld\n", (long long)(OFILL));
#else
    printf("OFILL MISSING\n");
#endif
#ifdef OFDEL
    printf("OFDEL %lld\n", (long long)(OFDEL));
#else
    printf("OFDEL MISSING\n");
#endif
#ifdef NLDLY
    printf("NLDLY %lld\n", (long long)(NLDLY));
#else
    printf("NLDLY MISSING\n");
#endif
#ifdef CRDLY
    printf("CRDLY %lld\n", (long long)(CRDLY));
#else
    printf("CRDLY MISSING\n");
#endif
#ifdef TABDLY
    printf("TABDLY %lld\n", (long long)(TABDLY));
#else
    printf("TABDLY MISSING\n");
#endif
#ifdef TAB0
    printf("TAB0 %lld\n", (long long)(TAB0));
#else
    printf("TAB0 MISSING\n");
#endif
#ifdef TAB3
    printf("TAB3 %lld\n", (long long)(TAB3));
#else
    printf("TAB3 MISSING\n");
#endif
#ifdef XTABS
    printf("XTABS %lld\n", (long long)(XTABS));
#else
    printf("XTABS MISSING\n");
#endif
#ifdef BSDLY
    printf("BSDLY %lld\n", (long long)(BSDLY));
#else
    printf("BSDLY MISSING\n");
#endif
#ifdef VTDLY
    printf("VTDLY %lld\n", (long long)(VTDLY));
#else
    printf("VTDLY MISSING\n");
#endif
#ifdef FFDLY
    printf("FFDLY %lld\n", (long long)(FFDLY));
#else
    printf("FFDLY MISSING\n");
#endif
#ifdef CBAUD
    printf("CBAUD %lld\n", (long long)(CBAUD));
#else
    printf("CBAUD MISSING\n");
#endif
#ifdef B0
    printf("B0 %lld\n", (long long)(B0));
#else
    printf("B0 MISSING\n");
#endif
#ifdef B50
    printf("B50 %lld\n", (long long)(B50));
#else
    printf("B50 MISSING\n");
#endif
#ifdef B75
    printf("B75 %lld\n", (long long)(B75));
#else
    printf("B75 MISSING\n");
#endif
#ifdef B110
    printf("B110 %lld\n", (long long)(B110));
#else
    printf("B110 MISSING\n");
#endif
#ifdef B134
    printf("B134 %lld\n", (long long)(B134));
#else
    printf("B134 MISSING\n");
#endif
#ifdef B150
    printf("B150 %lld\n", (long long)(B150));
#else
    printf("B150 MISSING\n");
#endif
#ifdef B200
    printf("B200 %lld\n", (long long)(B200));
#else
    printf("B200 MISSING\n");
#endif
#ifdef B300
    printf("B300 %lld\n", (long long)(B300));
#else
    printf("B300 MISSING\n");
#endif
#ifdef B600
    printf("B600 %lld\n", (long long)(B600));
#else
    printf("B600 MISSING\n");
#endif
#ifdef B1200
    printf("B1200 %lld\n", (long long)(B1200));
#else
    printf("B1200 MISSING\n");
#endif
#ifdef B1800
    printf("B1800 %lld\n", (long long)(B1800));
#else
    printf("B1800 MISSING\n");
#endif
#ifdef B2400
    printf("B2400 %lld\n", (long long)(B2400));
#else
    printf("B2400 MISSING\n");
#endif
#ifdef B4800
    printf("B4800 %lld\n", (long long)(B4800));
#else
    printf("B4800 MISSING\n");
#endif
#ifdef B9600
    printf("B9600 %lld\n", (long long)(B9600));
#else
    printf("B9600 MISSING\n");
#endif
#ifdef B19200
    printf("B19200 %lld\n", (long long)(B19200));
#else
    printf("B19200 MISSING\n");
#endif
#ifdef B38400
    printf("B38400 %lld\n", (long long)(B38400));
#else
    printf("B38400 MISSING\n");
#endif
#ifdef CSIZE
    printf("CSIZE %lld\n", (long long)(CSIZE));
#else
    printf("CSIZE MISSING\n");
#endif
#ifdef CS5
    printf("CS5 %lld\n", (long long)(CS5));
#else
    printf("CS5 MISSING\n");
#endif
#ifdef CS6
    printf("CS6 %lld\n", (long long)(CS6));
#else
    printf("CS6 MISSING\n");
#endif
#ifdef CS7
    printf("CS7 %lld\n", (long long)(CS7));
#else
    printf("CS7 MISSING\n");
#endif
#ifdef CS8
    printf("CS8 %lld\n", (long long)(CS8));
#else
    printf("CS8 MISSING\n");
#endif
#ifdef CSTOPB
    printf("CSTOPB %lld\n", (long long)(CSTOPB));
#else
    printf("CSTOPB MISSING\n");
#endif
#ifdef CREAD
    printf("CREAD %lld\n", (long long)(CREAD));
#else
    printf("CREAD MISSING\n");
#endif
#ifdef PARENB
    printf("PARENB %lld\n", (long long)(PARENB));
#else
    printf("PARENB MISSING\n");
#endif
#ifdef PARODD
    printf("PARODD %lld\n", (long long)(PARODD));
#else
    printf("PARODD MISSING\n");
#endif
#ifdef HUPCL
    printf("HUPCL %lld\n", (long long)(HUPCL));
#else
    printf("HUPCL MISSING\n");
#endif
#ifdef CLOCAL
    printf("CLOCAL %lld\n", (long long)(CLOCAL));
#else
    printf("CLOCAL MISSING\n");
#endif
#ifdef CBAUDEX
    printf("CBAUDEX %lld\n", (long long)(CBAUDEX));
#else
    printf("CBAUDEX MISSING\n");
#endif
#ifdef BOTHER
    printf("BOTHER %lld\n", (long long)(BOTHER));
#else
    printf("BOTHER MISSING\n");
#endif
#ifdef B57600
    printf("B57600 %lld\n", (long long)(B57600));
#else
    printf("B57600 MISSING\n");
#endif
#ifdef B115200
    printf("B115200 %lld\n", (long long)(B115200));
#else
    printf("B115200 MISSING\n");
#endif
#ifdef B230400
    printf("B230400 %lld\n", (long long)(B230400));
#else
    printf("B230400 MISSING\n");
#endif
#ifdef B460800
    printf("B460800 %lld\n", (long long)(B460800));
#else
    printf("B460800 MISSING\n");
#endif
#ifdef CIBAUD
    printf("CIBAUD %lld\n", (long long)(CIBAUD));
#else
    printf("CIBAUD MISSING\n");
#endif
#ifdef IBSHIFT
    printf("IBSHIFT %lld\n", (long long)(IBSHIFT));
#else
    printf("IBSHIFT MISSING\n");
#endif
#ifdef CMSPAR
    printf("CMSPAR %lld\n", (long long)(CMSPAR));
#else
    printf("CMSPAR MISSING\n");
#endif
#ifdef CRTSCTS
    printf("CRTSCTS %lld\n", (long long)(CRTSCTS));
#else
    printf("CRTSCTS MISSING\n");
#endif
#ifdef ISIG
    printf("ISIG %lld\n", (long long)(ISIG));
#else
    printf("ISIG MISSING\n");
#endif
#ifdef ICANON
    printf("ICANON %lld\n", (long long)(ICANON));
#else
    printf("ICANON MISSING\n");
#endif
#ifdef XCASE
    printf("XCASE %lld\n", (long long)(XCASE));
#else
    printf("XCASE MISSING\n");
#endif
#ifdef ECHO
    printf("ECHO %lld\n", (long long)(ECHO));
#else
    printf("ECHO MISSING\n");
#endif
#ifdef ECHOE
    printf("ECHOE %lld\n", (long long)(ECHOE));
#else
    printf("ECHOE MISSING\n");
#endif
#ifdef ECHOK
    printf("ECHOK %lld\n", (long long)(ECHOK));
#else
    printf("ECHOK MISSING\n");
#endif
#ifdef ECHONL
    printf("ECHONL %lld\n", (long long)(ECHONL));
#else
    printf("ECHONL MISSING\n");
#endif
#ifdef NOFLSH
    printf("NOFLSH %lld\n", (long long)(NOFLSH));
#else
    printf("NOFLSH MISSING\n");
#endif
#ifdef TOSTOP
    printf("TOSTOP %lld\n", (long long)(TOSTOP));
#else
    printf("TOSTOP MISSING\n");
#endif
#ifdef ECHOCTL
    printf("ECHOCTL %lld\n", (long long)(ECHOCTL));
#else
    printf("ECHOCTL MISSING\n");
#endif
#ifdef ECHOPRT
    printf("ECHOPRT %lld\n", (long long)(ECHOPRT));
#else
    printf("ECHOPRT MISSING\n");
#endif
#ifdef ECHOKE
    printf("ECHOKE %lld\n", (long long)(ECHOKE));
#else
    printf("ECHOKE MISSING\n");
#endif
#ifdef FLUSHO
    printf("FLUSHO %lld\n", (long long)(FLUSHO));
#else
    printf("FLUSHO MISSING\n");
#endif
#ifdef PENDIN
    printf("PENDIN %lld\n", (long long)(PENDIN));
#else
    printf("PENDIN MISSING\n");
#endif
#ifdef IEXTEN
    printf("IEXTEN %lld\n", (long long)(IEXTEN));
#else
    printf("IEXTEN MISSING\n");
#endif
#ifdef EXTPROC
    printf("EXTPROC %lld\n", (long long)(EXTPROC));
#else
    printf("EXTPROC MISSING\n");
#endif
#ifdef TCSANOW
    printf("TCSANOW %lld\n", (long long)(TCSANOW));
#else
    printf("TCSANOW MISSING\n");
#endif
#ifdef TCSADRAIN
    printf("TCSADRAIN %lld\n", (long long)(TCSADRAIN));
#else
    printf("TCSADRAIN MISSING\n");
#endif
#ifdef TCSAFLUSH
    printf("TCSAFLUSH %lld\n", (long long)(TCSAFLUSH));
#else
    printf("TCSAFLUSH MISSING\n");
#endif
#ifdef TCIFLUSH
    printf("TCIFLUSH %lld\n", (long long)(TCIFLUSH));
#else
    printf("TCIFLUSH MISSING\n");
#endif
#ifdef TCOFLUSH
    printf("TCOFLUSH %lld\n", (long long)(TCOFLUSH));
#else
    printf("TCOFLUSH MISSING\n");
#endif
#ifdef TCIOFLUSH
    printf("TCIOFLUSH %lld\n", (long long)(TCIOFLUSH));
#else
    printf("TCIOFLUSH MISSING\n");
#endif
#ifdef TCOOFF
    printf("TCOOFF %lld\n", (long long)(TCOOFF));
#else
    printf("TCOOFF MISSING\n");
#endif
#ifdef TCOON
    printf("TCOON %lld\n", (long long)(TCOON));
#else
    printf("TCOON MISSING\n");
#endif
#ifdef TCIOFF
    printf("TCIOFF %lld\n", (long long)(TCIOFF));
#else
    printf("TCIOFF MISSING\n");
#endif
#ifdef TCION
    printf("TCION %lld\n", (long long)(TCION));
#else
    printf("TCION MISSING\n");
#endif
    libc_consts();
    return 0;
}
