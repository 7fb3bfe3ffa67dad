/* The socket-level and fd-flag constants for abi_consts.c, from glibc's
 * headers (the values are the kernel's; the uapi headers do not export them). */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include <dirent.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>

/* C(n): print constant n; R(ours, c): our name for header constant c;
 * P(n): a handler pointer constant; M(n): not exported to user space
 * (the kernel's _NSIG). A name missing from the headers fails to compile. */
#define C(n) printf(#n " %lld\n", (long long)(n))
#define R(ours, c) printf(#ours " %lld\n", (long long)(c))
#define P(n) printf(#n " %lld\n", (long long)(long)(n))
#define M(n) printf(#n " MISSING\n")

void libc_consts(void) {
    C(F_OK); C(X_OK); C(W_OK); C(R_OK); C(DT_UNKNOWN); C(DT_FIFO); C(DT_CHR); C(DT_DIR); C(DT_BLK);
    C(DT_REG); C(DT_LNK); C(DT_SOCK); C(EFD_SEMAPHORE); C(EFD_CLOEXEC); C(EFD_NONBLOCK);
    C(TFD_TIMER_ABSTIME); C(TFD_TIMER_CANCEL_ON_SET); C(TFD_CLOEXEC); C(TFD_NONBLOCK);
    C(SFD_CLOEXEC); C(SFD_NONBLOCK); C(AF_UNSPEC); C(AF_UNIX); C(AF_LOCAL); C(AF_INET); C(AF_INET6);
    C(AF_NETLINK); C(AF_PACKET); C(SOCK_STREAM); C(SOCK_DGRAM); C(SOCK_RAW); C(SOCK_RDM);
    C(SOCK_SEQPACKET); C(SOCK_PACKET); C(SOCK_NONBLOCK); C(SOCK_CLOEXEC); C(SOL_IP); C(SOL_TCP);
    C(SOL_UDP); C(SOL_IPV6); C(MSG_OOB); C(MSG_PEEK); C(MSG_DONTROUTE); C(MSG_CTRUNC); C(MSG_PROXY);
    C(MSG_TRUNC); C(MSG_DONTWAIT); C(MSG_EOR); C(MSG_WAITALL); C(MSG_FIN); C(MSG_SYN);
    C(MSG_CONFIRM); C(MSG_RST); C(MSG_ERRQUEUE); C(MSG_NOSIGNAL); C(MSG_MORE); C(MSG_WAITFORONE);
    C(MSG_CMSG_CLOEXEC); C(SHUT_RD); C(SHUT_WR); C(SHUT_RDWR); C(SCM_RIGHTS); C(SCM_CREDENTIALS);
}
