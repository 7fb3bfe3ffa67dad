/* Prints the i386 sizes and field offsets of kernel ABI structs, from the
 * Linux uapi headers of the Debian i386 tree, in the form
 *   Name SIZE <n>
 *   Name.field <offset>
 * for tests/abi_layout.rs to compare with tabvm-kernel's abi module. */
#include <stdio.h>
#include <stddef.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <asm/termbits.h>
#include <asm/ldt.h>
#include <asm/sigcontext.h>
#include <linux/stat.h>
#include <linux/time_types.h>
#include <linux/utsname.h>
#include <linux/sysinfo.h>
#include <linux/eventpoll.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/un.h>
#include <linux/resource.h>
#include <linux/times.h>
#include <linux/uio.h>
#include <linux/poll.h>
#include <asm/termios.h>

#define S(name, type) printf(#name " SIZE %u\n", (unsigned)sizeof(type))
#define F(name, type, ours, c) printf(#name "." #ours " %u\n", (unsigned)offsetof(type, c))

void libc_layout(void);

int main(void) {
    S(Stat64, struct stat64);
    F(Stat64, struct stat64, dev, st_dev); F(Stat64, struct stat64, ino32, __st_ino);
    F(Stat64, struct stat64, mode, st_mode); F(Stat64, struct stat64, nlink, st_nlink);
    F(Stat64, struct stat64, uid, st_uid); F(Stat64, struct stat64, gid, st_gid);
    F(Stat64, struct stat64, rdev, st_rdev); F(Stat64, struct stat64, size, st_size);
    F(Stat64, struct stat64, blksize, st_blksize); F(Stat64, struct stat64, blocks, st_blocks);
    F(Stat64, struct stat64, atime, st_atime); F(Stat64, struct stat64, atime_nsec, st_atime_nsec);
    F(Stat64, struct stat64, mtime, st_mtime); F(Stat64, struct stat64, mtime_nsec, st_mtime_nsec);
    F(Stat64, struct stat64, ctime, st_ctime); F(Stat64, struct stat64, ctime_nsec, st_ctime_nsec);
    F(Stat64, struct stat64, ino, st_ino);
    S(OldStat, struct stat);
    F(OldStat, struct stat, dev, st_dev); F(OldStat, struct stat, ino, st_ino);
    F(OldStat, struct stat, mode, st_mode); F(OldStat, struct stat, nlink, st_nlink);
    F(OldStat, struct stat, uid, st_uid); F(OldStat, struct stat, gid, st_gid);
    F(OldStat, struct stat, rdev, st_rdev); F(OldStat, struct stat, size, st_size);
    F(OldStat, struct stat, blksize, st_blksize); F(OldStat, struct stat, blocks, st_blocks);
    F(OldStat, struct stat, atime, st_atime); F(OldStat, struct stat, mtime, st_mtime);
    F(OldStat, struct stat, ctime, st_ctime); F(OldStat, struct stat, ctime_nsec, st_ctime_nsec);
    S(Statx, struct statx);
    F(Statx, struct statx, mask, stx_mask); F(Statx, struct statx, blksize, stx_blksize);
    F(Statx, struct statx, attributes, stx_attributes); F(Statx, struct statx, nlink, stx_nlink);
    F(Statx, struct statx, uid, stx_uid); F(Statx, struct statx, gid, stx_gid);
    F(Statx, struct statx, mode, stx_mode); F(Statx, struct statx, ino, stx_ino);
    F(Statx, struct statx, size, stx_size); F(Statx, struct statx, blocks, stx_blocks);
    F(Statx, struct statx, attributes_mask, stx_attributes_mask);
    F(Statx, struct statx, atime_sec, stx_atime.tv_sec); F(Statx, struct statx, atime_nsec, stx_atime.tv_nsec);
    F(Statx, struct statx, btime_sec, stx_btime.tv_sec); F(Statx, struct statx, ctime_sec, stx_ctime.tv_sec);
    F(Statx, struct statx, mtime_sec, stx_mtime.tv_sec); F(Statx, struct statx, mtime_nsec, stx_mtime.tv_nsec);
    F(Statx, struct statx, rdev_major, stx_rdev_major); F(Statx, struct statx, dev_minor, stx_dev_minor);
    F(Statx, struct statx, mnt_id, stx_mnt_id); F(Statx, struct statx, dio_mem_align, stx_dio_mem_align);
    S(Statfs64, struct statfs64);
    F(Statfs64, struct statfs64, kind, f_type); F(Statfs64, struct statfs64, bsize, f_bsize);
    F(Statfs64, struct statfs64, blocks, f_blocks); F(Statfs64, struct statfs64, ffree, f_ffree);
    F(Statfs64, struct statfs64, fsid, f_fsid); F(Statfs64, struct statfs64, namelen, f_namelen);
    F(Statfs64, struct statfs64, frsize, f_frsize); F(Statfs64, struct statfs64, flags, f_flags);
    S(Statfs, struct statfs);
    F(Statfs, struct statfs, blocks, f_blocks); F(Statfs, struct statfs, fsid, f_fsid);
    F(Statfs, struct statfs, namelen, f_namelen); F(Statfs, struct statfs, flags, f_flags);
    S(Timespec64, struct __kernel_timespec);
    F(Timespec64, struct __kernel_timespec, nsec, tv_nsec);
    S(Timespec32, struct __kernel_old_timespec);
    S(Timeval32, struct __kernel_old_timeval);
    S(Itimerspec64, struct __kernel_itimerspec);
    F(Itimerspec64, struct __kernel_itimerspec, value_sec, it_value.tv_sec);
    S(Tms, struct tms);
    S(Rusage, struct rusage);
    F(Rusage, struct rusage, maxrss, ru_maxrss); F(Rusage, struct rusage, nivcsw, ru_nivcsw);
    S(Utsname, struct new_utsname);
    F(Utsname, struct new_utsname, machine, machine); F(Utsname, struct new_utsname, domainname, domainname);
    S(Sysinfo, struct sysinfo);
    F(Sysinfo, struct sysinfo, totalram, totalram); F(Sysinfo, struct sysinfo, procs, procs);
    F(Sysinfo, struct sysinfo, totalhigh, totalhigh); F(Sysinfo, struct sysinfo, mem_unit, mem_unit);
    S(Iovec, struct iovec);
    S(PollFd, struct pollfd);
    F(PollFd, struct pollfd, revents, revents);
    S(EpollEvent, struct epoll_event);
    F(EpollEvent, struct epoll_event, data, data);
    S(Rlimit64, struct rlimit64);
    S(KTermios, struct termios);
    F(KTermios, struct termios, line, c_line); F(KTermios, struct termios, cc, c_cc);
    S(KTermios2, struct termios2);
    F(KTermios2, struct termios2, ispeed, c_ispeed); F(KTermios2, struct termios2, ospeed, c_ospeed);
    S(WinSize, struct winsize);
    S(KTermio, struct termio);
    F(KTermio, struct termio, line, c_line); F(KTermio, struct termio, cc, c_cc);
    S(UserDesc, struct user_desc);
    S(SigContext, struct sigcontext);
    F(SigContext, struct sigcontext, gs, gs); F(SigContext, struct sigcontext, ds, ds);
    F(SigContext, struct sigcontext, edi, edi); F(SigContext, struct sigcontext, eax, eax);
    F(SigContext, struct sigcontext, trapno, trapno); F(SigContext, struct sigcontext, eip, eip);
    F(SigContext, struct sigcontext, cs, cs); F(SigContext, struct sigcontext, eflags, eflags);
    F(SigContext, struct sigcontext, esp_at_signal, esp_at_signal); F(SigContext, struct sigcontext, ss, ss);
    F(SigContext, struct sigcontext, fpstate, fpstate); F(SigContext, struct sigcontext, oldmask, oldmask);
    F(SigContext, struct sigcontext, cr2, cr2);
    printf("FPSTATE_SIZE SIZE %u\n", (unsigned)sizeof(struct _fpstate));
    F(FpState, struct _fpstate, st, _st); F(FpState, struct _fpstate, status, status);
    F(FpState, struct _fpstate, magic, magic);
    S(RobustListHead, struct robust_list_head);
    F(RobustListHead, struct robust_list_head, futex_offset, futex_offset);
    S(CloneArgs, struct clone_args);
    S(SockAddrIn, struct sockaddr_in);
    F(SockAddrIn, struct sockaddr_in, addr, sin_addr);
    S(SockAddrIn6, struct sockaddr_in6);
    F(SockAddrIn6, struct sockaddr_in6, addr, sin6_addr); F(SockAddrIn6, struct sockaddr_in6, scope_id, sin6_scope_id);
    S(SockAddrUn, struct sockaddr_un);
    libc_layout();
    return 0;
}
