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

void libc_consts(void) {
#ifdef F_OK
    printf("F_OK %lld\n", (long long)(F_OK));
#else
    printf("F_OK MISSING\n");
#endif
#ifdef X_OK
    printf("X_OK %lld\n", (long long)(X_OK));
#else
    printf("X_OK MISSING\n");
#endif
#ifdef W_OK
    printf("W_OK %lld\n", (long long)(W_OK));
#else
    printf("W_OK MISSING\n");
#endif
#ifdef R_OK
    printf("R_OK %lld\n", (long long)(R_OK));
#else
    printf("R_OK MISSING\n");
#endif
#ifdef DT_UNKNOWN
    printf("DT_UNKNOWN %lld\n", (long long)(DT_UNKNOWN));
#else
    printf("DT_UNKNOWN MISSING\n");
#endif
#ifdef DT_FIFO
    printf("DT_FIFO %lld\n", (long long)(DT_FIFO));
#else
    printf("DT_FIFO MISSING\n");
#endif
#ifdef DT_CHR
    printf("DT_CHR %lld\n", (long long)(DT_CHR));
#else
    printf("DT_CHR MISSING\n");
#endif
#ifdef DT_DIR
    printf("DT_DIR %lld\n", (long long)(DT_DIR));
#else
    printf("DT_DIR MISSING\n");
#endif
#ifdef DT_BLK
    printf("DT_BLK %lld\n", (long long)(DT_BLK));
#else
    printf("DT_BLK MISSING\n");
#endif
#ifdef DT_REG
    printf("DT_REG %lld\n", (long long)(DT_REG));
#else
    printf("DT_REG MISSING\n");
#endif
#ifdef DT_LNK
    printf("DT_LNK %lld\n", (long long)(DT_LNK));
#else
    printf("DT_LNK MISSING\n");
#endif
#ifdef DT_SOCK
    printf("DT_SOCK %lld\n", (long long)(DT_SOCK));
#else
    printf("DT_SOCK MISSING\n");
#endif
#ifdef EFD_SEMAPHORE
    printf("EFD_SEMAPHORE %lld\n", (long long)(EFD_SEMAPHORE));
#else
    printf("EFD_SEMAPHORE MISSING\n");
#endif
#ifdef EFD_CLOEXEC
    printf("EFD_CLOEXEC %lld\n", (long long)(EFD_CLOEXEC));
#else
    printf("EFD_CLOEXEC MISSING\n");
#endif
#ifdef EFD_NONBLOCK
    printf("EFD_NONBLOCK %lld\n", (long long)(EFD_NONBLOCK));
#else
    printf("EFD_NONBLOCK MISSING\n");
#endif
#ifdef TFD_TIMER_ABSTIME
    printf("TFD_TIMER_ABSTIME %lld\n", (long long)(TFD_TIMER_ABSTIME));
#else
    printf("TFD_TIMER_ABSTIME MISSING\n");
#endif
#ifdef TFD_TIMER_CANCEL_ON_SET
    printf("TFD_TIMER_CANCEL_ON_SET %lld\n", (long long)(TFD_TIMER_CANCEL_ON_SET));
#else
    printf("TFD_TIMER_CANCEL_ON_SET MISSING\n");
#endif
#ifdef TFD_CLOEXEC
    printf("TFD_CLOEXEC %lld\n", (long long)(TFD_CLOEXEC));
#else
    printf("TFD_CLOEXEC MISSING\n");
#endif
#ifdef TFD_NONBLOCK
    printf("TFD_NONBLOCK %lld\n", (long long)(TFD_NONBLOCK));
#else
    printf("TFD_NONBLOCK MISSING\n");
#endif
#ifdef SFD_CLOEXEC
    printf("SFD_CLOEXEC %lld\n", (long long)(SFD_CLOEXEC));
#else
    printf("SFD_CLOEXEC MISSING\n");
#endif
#ifdef SFD_NONBLOCK
    printf("SFD_NONBLOCK %lld\n", (long long)(SFD_NONBLOCK));
#else
    printf("SFD_NONBLOCK MISSING\n");
#endif
#ifdef AF_UNSPEC
    printf("AF_UNSPEC %lld\n", (long long)(AF_UNSPEC));
#else
    printf("AF_UNSPEC MISSING\n");
#endif
#ifdef AF_UNIX
    printf("AF_UNIX %lld\n", (long long)(AF_UNIX));
#else
    printf("AF_UNIX MISSING\n");
#endif
#ifdef AF_LOCAL
    printf("AF_LOCAL %lld\n", (long long)(AF_LOCAL));
#else
    printf("AF_LOCAL MISSING\n");
#endif
#ifdef AF_INET
    printf("AF_INET %lld\n", (long long)(AF_INET));
#else
    printf("AF_INET MISSING\n");
#endif
#ifdef AF_INET6
    printf("AF_INET6 %lld\n", (long long)(AF_INET6));
#else
    printf("AF_INET6 MISSING\n");
#endif
#ifdef AF_NETLINK
    printf("AF_NETLINK %lld\n", (long long)(AF_NETLINK));
#else
    printf("AF_NETLINK MISSING\n");
#endif
#ifdef AF_PACKET
    printf("AF_PACKET %lld\n", (long long)(AF_PACKET));
#else
    printf("AF_PACKET MISSING\n");
#endif
#ifdef SOCK_STREAM
    printf("SOCK_STREAM %lld\n", (long long)(SOCK_STREAM));
#else
    printf("SOCK_STREAM MISSING\n");
#endif
#ifdef SOCK_DGRAM
    printf("SOCK_DGRAM %lld\n", (long long)(SOCK_DGRAM));
#else
    printf("SOCK_DGRAM MISSING\n");
#endif
#ifdef SOCK_RAW
    printf("SOCK_RAW %lld\n", (long long)(SOCK_RAW));
#else
    printf("SOCK_RAW MISSING\n");
#endif
#ifdef SOCK_RDM
    printf("SOCK_RDM %lld\n", (long long)(SOCK_RDM));
#else
    printf("SOCK_RDM MISSING\n");
#endif
#ifdef SOCK_SEQPACKET
    printf("SOCK_SEQPACKET %lld\n", (long long)(SOCK_SEQPACKET));
#else
    printf("SOCK_SEQPACKET MISSING\n");
#endif
#ifdef SOCK_PACKET
    printf("SOCK_PACKET %lld\n", (long long)(SOCK_PACKET));
#else
    printf("SOCK_PACKET MISSING\n");
#endif
#ifdef SOCK_NONBLOCK
    printf("SOCK_NONBLOCK %lld\n", (long long)(SOCK_NONBLOCK));
#else
    printf("SOCK_NONBLOCK MISSING\n");
#endif
#ifdef SOCK_CLOEXEC
    printf("SOCK_CLOEXEC %lld\n", (long long)(SOCK_CLOEXEC));
#else
    printf("SOCK_CLOEXEC MISSING\n");
#endif
#ifdef SOL_IP
    printf("SOL_IP %lld\n", (long long)(SOL_IP));
#else
    printf("SOL_IP MISSING\n");
#endif
#ifdef SOL_TCP
    printf("SOL_TCP %lld\n", (long long)(SOL_TCP));
#else
    printf("SOL_TCP MISSING\n");
#endif
#ifdef SOL_UDP
    printf("SOL_UDP %lld\n", (long long)(SOL_UDP));
#else
    printf("SOL_UDP MISSING\n");
#endif
#ifdef SOL_IPV6
    printf("SOL_IPV6 %lld\n", (long long)(SOL_IPV6));
#else
    printf("SOL_IPV6 MISSING\n");
#endif
#ifdef MSG_OOB
    printf("MSG_OOB %lld\n", (long long)(MSG_OOB));
#else
    printf("MSG_OOB MISSING\n");
#endif
#ifdef MSG_PEEK
    printf("MSG_PEEK %lld\n", (long long)(MSG_PEEK));
#else
    printf("MSG_PEEK MISSING\n");
#endif
#ifdef MSG_DONTROUTE
    printf("MSG_DONTROUTE %lld\n", (long long)(MSG_DONTROUTE));
#else
    printf("MSG_DONTROUTE MISSING\n");
#endif
#ifdef MSG_CTRUNC
    printf("MSG_CTRUNC %lld\n", (long long)(MSG_CTRUNC));
#else
    printf("MSG_CTRUNC MISSING\n");
#endif
#ifdef MSG_PROXY
    printf("MSG_PROXY %lld\n", (long long)(MSG_PROXY));
#else
    printf("MSG_PROXY MISSING\n");
#endif
#ifdef MSG_TRUNC
    printf("MSG_TRUNC %lld\n", (long long)(MSG_TRUNC));
#else
    printf("MSG_TRUNC MISSING\n");
#endif
#ifdef MSG_DONTWAIT
    printf("MSG_DONTWAIT %lld\n", (long long)(MSG_DONTWAIT));
#else
    printf("MSG_DONTWAIT MISSING\n");
#endif
#ifdef MSG_EOR
    printf("MSG_EOR %lld\n", (long long)(MSG_EOR));
#else
    printf("MSG_EOR MISSING\n");
#endif
#ifdef MSG_WAITALL
    printf("MSG_WAITALL %lld\n", (long long)(MSG_WAITALL));
#else
    printf("MSG_WAITALL MISSING\n");
#endif
#ifdef MSG_FIN
    printf("MSG_FIN %lld\n", (long long)(MSG_FIN));
#else
    printf("MSG_FIN MISSING\n");
#endif
#ifdef MSG_SYN
    printf("MSG_SYN %lld\n", (long long)(MSG_SYN));
#else
    printf("MSG_SYN MISSING\n");
#endif
#ifdef MSG_CONFIRM
    printf("MSG_CONFIRM %lld\n", (long long)(MSG_CONFIRM));
#else
    printf("MSG_CONFIRM MISSING\n");
#endif
#ifdef MSG_RST
    printf("MSG_RST %lld\n", (long long)(MSG_RST));
#else
    printf("MSG_RST MISSING\n");
#endif
#ifdef MSG_ERRQUEUE
    printf("MSG_ERRQUEUE %lld\n", (long long)(MSG_ERRQUEUE));
#else
    printf("MSG_ERRQUEUE MISSING\n");
#endif
#ifdef MSG_NOSIGNAL
    printf("MSG_NOSIGNAL %lld\n", (long long)(MSG_NOSIGNAL));
#else
    printf("MSG_NOSIGNAL MISSING\n");
#endif
#ifdef MSG_MORE
    printf("MSG_MORE %lld\n", (long long)(MSG_MORE));
#else
    printf("MSG_MORE MISSING\n");
#endif
#ifdef MSG_WAITFORONE
    printf("MSG_WAITFORONE %lld\n", (long long)(MSG_WAITFORONE));
#else
    printf("MSG_WAITFORONE MISSING\n");
#endif
#ifdef MSG_CMSG_CLOEXEC
    printf("MSG_CMSG_CLOEXEC %lld\n", (long long)(MSG_CMSG_CLOEXEC));
#else
    printf("MSG_CMSG_CLOEXEC MISSING\n");
#endif
#ifdef SHUT_RD
    printf("SHUT_RD %lld\n", (long long)(SHUT_RD));
#else
    printf("SHUT_RD MISSING\n");
#endif
#ifdef SHUT_WR
    printf("SHUT_WR %lld\n", (long long)(SHUT_WR));
#else
    printf("SHUT_WR MISSING\n");
#endif
#ifdef SHUT_RDWR
    printf("SHUT_RDWR %lld\n", (long long)(SHUT_RDWR));
#else
    printf("SHUT_RDWR MISSING\n");
#endif
#ifdef SCM_RIGHTS
    printf("SCM_RIGHTS %lld\n", (long long)(SCM_RIGHTS));
#else
    printf("SCM_RIGHTS MISSING\n");
#endif
#ifdef SCM_CREDENTIALS
    printf("SCM_CREDENTIALS %lld\n", (long long)(SCM_CREDENTIALS));
#else
    printf("SCM_CREDENTIALS MISSING\n");
#endif
}
