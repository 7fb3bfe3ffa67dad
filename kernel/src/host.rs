//! What the kernel needs from the world around it (STYLE 11: everything
//! the outside provides is injected). The native CLI, Node and the browser
//! worker each implement this; tests implement it with fixed values.

/// The host's services: clocks, randomness, a log.
pub trait Host {
    /// Monotonic time in nanoseconds (`CLOCK_MONOTONIC`); never goes back.
    fn monotonic_ns(&mut self) -> u64;
    /// Wall-clock time in nanoseconds since the Unix epoch (`CLOCK_REALTIME`).
    fn realtime_ns(&mut self) -> u64;
    /// Fills `buf` with random bytes (`getrandom`, `/dev/urandom`, AT_RANDOM).
    fn random(&mut self, buf: &mut [u8]);
    /// One line of kernel log (an unsupported system call, say).
    fn log(&mut self, line: &str);
}
