//! Terminal ABI: `ioctl` numbers, termios flag bits and `c_cc` indices,
//! `struct termios` / `termios2` / `winsize`.
//!
//! Sources: Linux `include/uapi/asm-generic/ioctls.h` (x86 uses it),
//! `asm-generic/termbits.h` and `termbits-common.h` (flags, `NCCS` = 19),
//! `drivers/tty/tty_io.c` (`tty_std_termios`), `include/linux/tty.h`
//! (`INIT_C_CC`), termios(3).

use super::layout::abi_struct;

/// `ioctl(2)` request numbers for ttys and files.
pub mod ioctl {
    pub const TCGETS: u32 = 0x5401;
    pub const TCSETS: u32 = 0x5402;
    pub const TCSETSW: u32 = 0x5403;
    pub const TCSETSF: u32 = 0x5404;
    pub const TCGETA: u32 = 0x5405;
    pub const TCSETA: u32 = 0x5406;
    pub const TCSETAW: u32 = 0x5407;
    pub const TCSETAF: u32 = 0x5408;
    pub const TCSBRK: u32 = 0x5409;
    pub const TCXONC: u32 = 0x540A;
    pub const TCFLSH: u32 = 0x540B;
    pub const TIOCEXCL: u32 = 0x540C;
    pub const TIOCNXCL: u32 = 0x540D;
    pub const TIOCSCTTY: u32 = 0x540E;
    pub const TIOCGPGRP: u32 = 0x540F;
    pub const TIOCSPGRP: u32 = 0x5410;
    pub const TIOCOUTQ: u32 = 0x5411;
    pub const TIOCSTI: u32 = 0x5412;
    pub const TIOCGWINSZ: u32 = 0x5413;
    pub const TIOCSWINSZ: u32 = 0x5414;
    pub const TIOCMGET: u32 = 0x5415;
    pub const TIOCMBIS: u32 = 0x5416;
    pub const TIOCMBIC: u32 = 0x5417;
    pub const TIOCMSET: u32 = 0x5418;
    pub const TIOCGSOFTCAR: u32 = 0x5419;
    pub const TIOCSSOFTCAR: u32 = 0x541A;
    pub const FIONREAD: u32 = 0x541B;
    pub const TIOCINQ: u32 = FIONREAD;
    pub const TIOCLINUX: u32 = 0x541C;
    pub const TIOCCONS: u32 = 0x541D;
    pub const TIOCGSERIAL: u32 = 0x541E;
    pub const TIOCSSERIAL: u32 = 0x541F;
    pub const TIOCPKT: u32 = 0x5420;
    pub const FIONBIO: u32 = 0x5421;
    pub const TIOCNOTTY: u32 = 0x5422;
    pub const TIOCSETD: u32 = 0x5423;
    pub const TIOCGETD: u32 = 0x5424;
    pub const TCSBRKP: u32 = 0x5425;
    pub const TIOCSBRK: u32 = 0x5427;
    pub const TIOCCBRK: u32 = 0x5428;
    pub const TIOCGSID: u32 = 0x5429;
    /// `_IOR('T', 0x2A, struct termios2)`.
    pub const TCGETS2: u32 = 0x802C_542A;
    /// `_IOW('T', 0x2B, struct termios2)`.
    pub const TCSETS2: u32 = 0x402C_542B;
    pub const TCSETSW2: u32 = 0x402C_542C;
    pub const TCSETSF2: u32 = 0x402C_542D;
    /// `_IOR('T', 0x30, unsigned int)`: pty number of a master.
    pub const TIOCGPTN: u32 = 0x8004_5430;
    /// `_IOW('T', 0x31, int)`: lock/unlock the slave.
    pub const TIOCSPTLCK: u32 = 0x4004_5431;
    pub const TIOCGDEV: u32 = 0x8004_5432;
    pub const TIOCSIG: u32 = 0x4004_5436;
    pub const TIOCVHANGUP: u32 = 0x5437;
    pub const TIOCGPKT: u32 = 0x8004_5438;
    pub const TIOCGPTLCK: u32 = 0x8004_5439;
    pub const TIOCGEXCL: u32 = 0x8004_5440;
    /// `_IO('T', 0x41)`: open the slave of a master.
    pub const TIOCGPTPEER: u32 = 0x5441;
    pub const FIONCLEX: u32 = 0x5450;
    pub const FIOCLEX: u32 = 0x5451;
    pub const FIOASYNC: u32 = 0x5452;
    pub const TIOCSERCONFIG: u32 = 0x5453;
    pub const FIOQSIZE: u32 = 0x5460;
}

/// `c_cc` indices (`asm-generic/termbits.h`).
pub mod cc {
    pub const VINTR: usize = 0;
    pub const VQUIT: usize = 1;
    pub const VERASE: usize = 2;
    pub const VKILL: usize = 3;
    pub const VEOF: usize = 4;
    pub const VTIME: usize = 5;
    pub const VMIN: usize = 6;
    pub const VSWTC: usize = 7;
    pub const VSTART: usize = 8;
    pub const VSTOP: usize = 9;
    pub const VSUSP: usize = 10;
    pub const VEOL: usize = 11;
    pub const VREPRINT: usize = 12;
    pub const VDISCARD: usize = 13;
    pub const VWERASE: usize = 14;
    pub const VLNEXT: usize = 15;
    pub const VEOL2: usize = 16;
    /// Number of control characters in the kernel's `struct termios`.
    pub const NCCS: usize = 19;
    /// `_POSIX_VDISABLE`: a `c_cc` slot with this value is disabled.
    pub const VDISABLE: u8 = 0;
}

/// `c_iflag` bits.
pub mod iflag {
    pub const IGNBRK: u32 = 0x001;
    pub const BRKINT: u32 = 0x002;
    pub const IGNPAR: u32 = 0x004;
    pub const PARMRK: u32 = 0x008;
    pub const INPCK: u32 = 0x010;
    pub const ISTRIP: u32 = 0x020;
    pub const INLCR: u32 = 0x040;
    pub const IGNCR: u32 = 0x080;
    pub const ICRNL: u32 = 0x100;
    pub const IUCLC: u32 = 0x200;
    pub const IXON: u32 = 0x400;
    pub const IXANY: u32 = 0x800;
    pub const IXOFF: u32 = 0x1000;
    pub const IMAXBEL: u32 = 0x2000;
    pub const IUTF8: u32 = 0x4000;
}

/// `c_oflag` bits.
pub mod oflag {
    pub const OPOST: u32 = 0x01;
    pub const OLCUC: u32 = 0x02;
    pub const ONLCR: u32 = 0x04;
    pub const OCRNL: u32 = 0x08;
    pub const ONOCR: u32 = 0x10;
    pub const ONLRET: u32 = 0x20;
    pub const OFILL: u32 = 0x40;
    pub const OFDEL: u32 = 0x80;
    pub const NLDLY: u32 = 0x100;
    pub const CRDLY: u32 = 0x600;
    pub const TABDLY: u32 = 0x1800;
    pub const TAB0: u32 = 0x0000;
    pub const TAB3: u32 = 0x1800;
    /// Expand tabs to spaces (`TAB3`).
    pub const XTABS: u32 = 0x1800;
    pub const BSDLY: u32 = 0x2000;
    pub const VTDLY: u32 = 0x4000;
    pub const FFDLY: u32 = 0x8000;
}

/// `c_cflag` bits and baud rates.
pub mod cflag {
    pub const CBAUD: u32 = 0x0000_100f;
    pub const B0: u32 = 0;
    pub const B50: u32 = 1;
    pub const B75: u32 = 2;
    pub const B110: u32 = 3;
    pub const B134: u32 = 4;
    pub const B150: u32 = 5;
    pub const B200: u32 = 6;
    pub const B300: u32 = 7;
    pub const B600: u32 = 8;
    pub const B1200: u32 = 9;
    pub const B1800: u32 = 10;
    pub const B2400: u32 = 11;
    pub const B4800: u32 = 12;
    pub const B9600: u32 = 13;
    pub const B19200: u32 = 14;
    pub const B38400: u32 = 15;
    pub const CSIZE: u32 = 0x30;
    pub const CS5: u32 = 0x00;
    pub const CS6: u32 = 0x10;
    pub const CS7: u32 = 0x20;
    pub const CS8: u32 = 0x30;
    pub const CSTOPB: u32 = 0x40;
    pub const CREAD: u32 = 0x80;
    pub const PARENB: u32 = 0x100;
    pub const PARODD: u32 = 0x200;
    pub const HUPCL: u32 = 0x400;
    pub const CLOCAL: u32 = 0x800;
    pub const CBAUDEX: u32 = 0x1000;
    pub const BOTHER: u32 = 0x1000;
    pub const B57600: u32 = 0x1001;
    pub const B115200: u32 = 0x1002;
    pub const B230400: u32 = 0x1003;
    pub const B460800: u32 = 0x1004;
    pub const CIBAUD: u32 = 0x100f_0000;
    pub const IBSHIFT: u32 = 16;
    pub const CMSPAR: u32 = 0x4000_0000;
    pub const CRTSCTS: u32 = 0x8000_0000;

    /// Bits per second for a `CBAUD` code (0 for B0 or unknown codes).
    #[must_use]
    pub const fn baud_rate(code: u32) -> u32 {
        const LOW: [u32; 16] = [
            0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400,
        ];
        const HIGH: [u32; 16] = [
            0, 57600, 115_200, 230_400, 460_800, 500_000, 576_000, 921_600, 1_000_000, 1_152_000,
            1_500_000, 2_000_000, 2_500_000, 3_000_000, 3_500_000, 4_000_000,
        ];
        let code = code & CBAUD;
        if code & CBAUDEX == 0 {
            LOW[(code & 15) as usize]
        } else {
            HIGH[(code & 15) as usize]
        }
    }
}

/// `c_lflag` bits.
pub mod lflag {
    pub const ISIG: u32 = 0x00001;
    pub const ICANON: u32 = 0x00002;
    pub const XCASE: u32 = 0x00004;
    pub const ECHO: u32 = 0x00008;
    pub const ECHOE: u32 = 0x00010;
    pub const ECHOK: u32 = 0x00020;
    pub const ECHONL: u32 = 0x00040;
    pub const NOFLSH: u32 = 0x00080;
    pub const TOSTOP: u32 = 0x00100;
    pub const ECHOCTL: u32 = 0x00200;
    pub const ECHOPRT: u32 = 0x00400;
    pub const ECHOKE: u32 = 0x00800;
    pub const FLUSHO: u32 = 0x01000;
    pub const PENDIN: u32 = 0x04000;
    pub const IEXTEN: u32 = 0x08000;
    pub const EXTPROC: u32 = 0x10000;
}

/// `tcsetattr` actions, `tcflush` queues, `tcflow` actions.
pub const TCSANOW: u32 = 0;
pub const TCSADRAIN: u32 = 1;
pub const TCSAFLUSH: u32 = 2;
pub const TCIFLUSH: u32 = 0;
pub const TCOFLUSH: u32 = 1;
pub const TCIOFLUSH: u32 = 2;
pub const TCOOFF: u32 = 0;
pub const TCOON: u32 = 1;
pub const TCIOFF: u32 = 2;
pub const TCION: u32 = 3;

abi_struct! {
    /// The kernel's i386 `struct termios` (`asm-generic/termbits.h`):
    /// four flag words, `c_line`, `c_cc[19]`; 36 bytes. (glibc's user-space
    /// `struct termios` is larger; it converts in `tcgetattr`.)
    pub struct KTermios: 36 {
        iflag: u32 = 0,
        oflag: u32 = 4,
        cflag: u32 = 8,
        lflag: u32 = 12,
        line: u8 = 16,
        cc: [u8; 19] = 17,
    }
}

abi_struct! {
    /// `struct termios2` (`TCGETS2`): [`KTermios`] plus input and output speeds.
    pub struct KTermios2: 44 {
        iflag: u32 = 0,
        oflag: u32 = 4,
        cflag: u32 = 8,
        lflag: u32 = 12,
        line: u8 = 16,
        cc: [u8; 19] = 17,
        ispeed: u32 = 36,
        ospeed: u32 = 40,
    }
}

abi_struct! {
    /// The old `struct termio` of `TCGETA`/`TCSETA*` (`asm-generic/termios.h`):
    /// 16-bit flag words, `c_line`, eight control characters; 18 bytes.
    pub struct KTermio: 18 {
        iflag: u16 = 0,
        oflag: u16 = 2,
        cflag: u16 = 4,
        lflag: u16 = 6,
        line: u8 = 8,
        cc: [u8; 8] = 9,
    }
}

impl KTermio {
    /// `TCGETA`: the low halves of the flags and the first eight characters.
    #[must_use]
    pub fn from_termios(t: &KTermios) -> KTermio {
        let mut cc = [0; 8];
        cc.copy_from_slice(&t.cc[..8]);
        KTermio {
            iflag: t.iflag as u16,
            oflag: t.oflag as u16,
            cflag: t.cflag as u16,
            lflag: t.lflag as u16,
            line: t.line,
            cc,
        }
    }

    /// `TCSETA*` (`user_termio_to_kernel_termios`): replaces the low 16 bits
    /// of each flag word, `c_line` and the first eight characters of `t`.
    #[must_use]
    pub fn apply(&self, t: &KTermios) -> KTermios {
        let mut out = *t;
        out.iflag = (t.iflag & 0xffff_0000) | u32::from(self.iflag);
        out.oflag = (t.oflag & 0xffff_0000) | u32::from(self.oflag);
        out.cflag = (t.cflag & 0xffff_0000) | u32::from(self.cflag);
        out.lflag = (t.lflag & 0xffff_0000) | u32::from(self.lflag);
        out.line = self.line;
        out.cc[..8].copy_from_slice(&self.cc);
        out
    }
}

abi_struct! {
    /// `struct winsize` (`asm-generic/termios.h`).
    pub struct WinSize: 8 {
        rows: u16 = 0,
        cols: u16 = 2,
        xpixel: u16 = 4,
        ypixel: u16 = 6,
    }
}

/// `INIT_C_CC` (`include/linux/tty.h`): ^C ^\ ^? ^U ^D, VTIME 0, VMIN 1,
/// VSWTC 0, ^Q ^S ^Z, VEOL 0, ^R ^O ^W ^V, VEOL2 0, two spare zeros.
pub const INIT_C_CC: [u8; 19] = [
    0x03, 0x1c, 0x7f, 0x15, 0x04, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16, 0, 0, 0,
];

impl KTermios {
    /// `tty_std_termios` (`drivers/tty/tty_io.c`): what a new tty starts
    /// with. A pty slave gets this with `c_cflag = B38400|CS8|CREAD`
    /// (`drivers/tty/pty.c`); see `tty::pty::default_termios`.
    #[must_use]
    pub const fn std() -> KTermios {
        KTermios {
            iflag: iflag::ICRNL | iflag::IXON,
            oflag: oflag::OPOST | oflag::ONLCR,
            cflag: cflag::B38400 | cflag::CS8 | cflag::CREAD | cflag::HUPCL,
            lflag: lflag::ISIG
                | lflag::ICANON
                | lflag::ECHO
                | lflag::ECHOE
                | lflag::ECHOK
                | lflag::ECHOCTL
                | lflag::ECHOKE
                | lflag::IEXTEN,
            line: 0,
            cc: INIT_C_CC,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::check_layout;
    use super::*;

    #[test]
    fn layouts() {
        check_layout("KTermios", KTermios::SIZE, KTermios::OFFSETS);
        check_layout("KTermios2", KTermios2::SIZE, KTermios2::OFFSETS);
        check_layout("WinSize", WinSize::SIZE, WinSize::OFFSETS);
        check_layout("KTermio", KTermio::SIZE, KTermio::OFFSETS);
        let std = KTermios::std();
        let old = KTermio::from_termios(&std);
        assert_eq!(old.apply(&std), std, "round trip keeps everything");
        let mut raw = old;
        raw.lflag = 0;
        let t = raw.apply(&KTermios {
            lflag: 0x1_8a3b,
            ..std
        });
        assert_eq!(t.lflag, 0x1_0000, "high bits (EXTPROC) survive TCSETA");
        assert_eq!(KTermios::SIZE, 16 + 1 + cc::NCCS);
        // _IOR('T', 0x2A, struct termios2): dir 2 << 30, size << 16, 'T' << 8, nr.
        let ior =
            |nr: u32, size: usize| (2 << 30) | ((size as u32) << 16) | (u32::from(b'T') << 8) | nr;
        let iow =
            |nr: u32, size: usize| (1 << 30) | ((size as u32) << 16) | (u32::from(b'T') << 8) | nr;
        assert_eq!(ioctl::TCGETS2, ior(0x2A, KTermios2::SIZE));
        assert_eq!(ioctl::TCSETS2, iow(0x2B, KTermios2::SIZE));
        assert_eq!(ioctl::TIOCGPTN, ior(0x30, 4));
        assert_eq!(ioctl::TIOCSPTLCK, iow(0x31, 4));
    }

    #[test]
    fn std_termios_bytes() {
        let t = KTermios::std();
        let b = t.to_bytes();
        assert_eq!(&b[0..4], &0x500u32.to_le_bytes(), "ICRNL|IXON");
        assert_eq!(&b[12..16], &0x8a3bu32.to_le_bytes());
        assert_eq!(b[17 + cc::VINTR], 3);
        assert_eq!(b[17 + cc::VERASE], 0x7f);
        assert_eq!(KTermios::parse(&b), Ok(t));
        assert_eq!(cflag::baud_rate(cflag::B38400), 38400);
        assert_eq!(cflag::baud_rate(cflag::B115200), 115_200);
        assert_eq!(cflag::baud_rate(cflag::B0), 0);
    }
}
