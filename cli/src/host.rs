//! The native implementation of the kernel's [`Host`] trait, and the
//! thread that reads the host's stdin.

use std::io::Read;
use std::sync::mpsc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use tabvm_kernel::host::Host;

/// Monotonic nanoseconds since this process started.
pub fn monotonic_ns() -> u64 {
    use std::sync::OnceLock;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

pub struct NativeHost {
    urandom: Option<std::fs::File>,
    /// The host terminal is in raw mode: a line needs its own carriage return.
    raw_terminal: bool,
}

impl NativeHost {
    pub fn new(raw_terminal: bool) -> Self {
        NativeHost {
            urandom: std::fs::File::open("/dev/urandom").ok(),
            raw_terminal,
        }
    }
}

impl Host for NativeHost {
    fn monotonic_ns(&mut self) -> u64 {
        monotonic_ns()
    }

    fn realtime_ns(&mut self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    }

    fn random(&mut self, buf: &mut [u8]) {
        if let Some(urandom) = &mut self.urandom
            && urandom.read_exact(buf).is_ok()
        {
            return;
        }
        // No /dev/urandom on the host: a clock-seeded xorshift is better
        // than zeros for hash seeds, and nothing here is cryptographic.
        let mut x = self.realtime_ns() | 1;
        for b in buf {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
    }

    fn log(&mut self, line: &str) {
        if self.raw_terminal {
            eprint!("{line}\r\n");
        } else {
            eprintln!("{line}");
        }
    }
}

/// Reads the host's stdin on a thread of its own; the channel closes at EOF.
pub fn spawn_stdin_reader() -> mpsc::Receiver<Vec<u8>> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buf = [0u8; 4096];
        loop {
            match stdin.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if send.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    receive
}
