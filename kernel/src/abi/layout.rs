//! Typed views over little-endian guest bytes (STYLE 2).
//!
//! Every guest struct in this module tree is declared once with
//! [`abi_struct!`]: its i386 size and the byte offset and width of each
//! field. The macro generates a plain Rust struct with `parse` (bytes →
//! struct) and `emit` (struct → bytes), and an `OFFSETS` table that the
//! layout tests check (fields inside the struct, no overlaps). Offsets are
//! written out by hand from the Linux headers cited at each struct, so a
//! test comparing `SIZE` with the C `sizeof` catches transcription slips.
//!
//! Reading never panics: `parse` checks the length once and then every
//! field read goes through `get`, falling back to zero (unreachable when the
//! layout test passes).

/// A buffer was shorter than the struct being parsed or emitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShortBuffer {
    /// Bytes the struct needs.
    pub needed: usize,
    /// Bytes the buffer has.
    pub got: usize,
}

impl From<ShortBuffer> for super::Errno {
    /// A short guest buffer is a bad address for the guest.
    fn from(_: ShortBuffer) -> Self {
        super::Errno::EFAULT
    }
}

/// A fixed-width little-endian field of a guest struct.
pub trait Field: Sized + Copy {
    /// Width in bytes.
    const WIDTH: usize;
    /// The all-zero value.
    const ZERO: Self;
    /// Reads the field at `off`; zero if out of bounds.
    fn read(buf: &[u8], off: usize) -> Self;
    /// Writes the field at `off`; does nothing if out of bounds.
    fn write(self, buf: &mut [u8], off: usize);
}

macro_rules! int_field {
    ($($t:ty),*) => {$(
        impl Field for $t {
            const WIDTH: usize = core::mem::size_of::<$t>();
            const ZERO: Self = 0;
            #[inline]
            fn read(buf: &[u8], off: usize) -> Self {
                buf.get(off..off.wrapping_add(Self::WIDTH))
                    .and_then(|b| b.try_into().ok())
                    .map_or(0, <$t>::from_le_bytes)
            }
            #[inline]
            fn write(self, buf: &mut [u8], off: usize) {
                if let Some(b) = buf.get_mut(off..off.wrapping_add(Self::WIDTH)) {
                    b.copy_from_slice(&self.to_le_bytes());
                }
            }
        }
    )*};
}
int_field!(u8, u16, u32, u64, i8, i16, i32, i64);

impl<const N: usize> Field for [u8; N] {
    const WIDTH: usize = N;
    const ZERO: Self = [0; N];
    #[inline]
    fn read(buf: &[u8], off: usize) -> Self {
        buf.get(off..off.wrapping_add(N))
            .and_then(|b| b.try_into().ok())
            .unwrap_or([0; N])
    }
    #[inline]
    fn write(self, buf: &mut [u8], off: usize) {
        if let Some(b) = buf.get_mut(off..off.wrapping_add(N)) {
            b.copy_from_slice(&self);
        }
    }
}

impl<const N: usize> Field for [u32; N] {
    const WIDTH: usize = 4 * N;
    const ZERO: Self = [0; N];
    #[inline]
    fn read(buf: &[u8], off: usize) -> Self {
        let mut out = [0; N];
        for (i, w) in out.iter_mut().enumerate() {
            *w = u32::read(buf, off.wrapping_add(4 * i));
        }
        out
    }
    #[inline]
    fn write(self, buf: &mut [u8], off: usize) {
        for (i, w) in self.iter().enumerate() {
            w.write(buf, off.wrapping_add(4 * i));
        }
    }
}

/// Declares a guest struct: `abi_struct! { pub struct Name: SIZE { field: type = offset, ... } }`.
///
/// Generates the struct (all fields `pub`), `Default` (all zero), `SIZE`,
/// `OFFSETS`, `parse`, `emit` and `to_bytes`.
macro_rules! abi_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident : $size:literal {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $off:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $( $field: <$ty as $crate::abi::layout::Field>::ZERO, )* }
            }
        }

        impl $name {
            /// Size of the guest struct in bytes (i386).
            pub const SIZE: usize = $size;
            /// `(name, offset, width)` of every field, for layout tests.
            pub const OFFSETS: &'static [(&'static str, usize, usize)] = &[
                $( (stringify!($field), $off, <$ty as $crate::abi::layout::Field>::WIDTH), )*
            ];

            /// Parses the struct from the first `SIZE` bytes of `buf`.
            pub fn parse(buf: &[u8]) -> Result<Self, $crate::abi::layout::ShortBuffer> {
                if buf.len() < $size {
                    return Err($crate::abi::layout::ShortBuffer { needed: $size, got: buf.len() });
                }
                Ok(Self { $( $field: <$ty as $crate::abi::layout::Field>::read(buf, $off), )* })
            }

            /// Writes the struct into the first `SIZE` bytes of `buf`
            /// (padding and reserved bytes are zeroed).
            pub fn emit(&self, buf: &mut [u8]) -> Result<(), $crate::abi::layout::ShortBuffer> {
                let Some(out) = buf.get_mut(..$size) else {
                    return Err($crate::abi::layout::ShortBuffer { needed: $size, got: buf.len() });
                };
                out.fill(0);
                $( <$ty as $crate::abi::layout::Field>::write(self.$field, out, $off); )*
                Ok(())
            }

            /// The struct as `SIZE` guest bytes.
            #[must_use]
            pub fn to_bytes(self) -> [u8; $size] {
                let mut out = [0u8; $size];
                let _ = self.emit(&mut out);
                out
            }
        }
    };
}
pub(crate) use abi_struct;

/// Checks a struct's `OFFSETS` against its `SIZE`: every field inside,
/// sorted, and no two overlapping. Used by the layout tests.
#[cfg(test)]
pub(crate) fn check_layout(name: &str, size: usize, offsets: &[(&str, usize, usize)]) {
    let mut end = 0;
    for &(field, off, width) in offsets {
        assert!(
            off >= end,
            "{name}.{field} at {off} overlaps the previous field (ends at {end})"
        );
        end = off + width;
        assert!(
            end <= size,
            "{name}.{field} ends at {end}, past the size {size}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    abi_struct! {
        /// A test struct.
        pub struct Demo: 12 {
            a: u16 = 0,
            b: u32 = 4,
            c: [u8; 3] = 8,
        }
    }

    #[test]
    fn round_trip_and_short_buffers() {
        check_layout("Demo", Demo::SIZE, Demo::OFFSETS);
        let d = Demo {
            a: 0x1234,
            b: 0xdead_beef,
            c: [1, 2, 3],
        };
        let bytes = d.to_bytes();
        assert_eq!(
            bytes,
            [0x34, 0x12, 0, 0, 0xef, 0xbe, 0xad, 0xde, 1, 2, 3, 0]
        );
        assert_eq!(Demo::parse(&bytes), Ok(d));
        assert_eq!(
            Demo::parse(&bytes[..11]),
            Err(ShortBuffer {
                needed: 12,
                got: 11
            })
        );
        let mut small = [0u8; 4];
        assert!(d.emit(&mut small).is_err());
        assert_eq!(u32::read(&bytes, 10), 0, "out-of-bounds read is zero");
    }
}
