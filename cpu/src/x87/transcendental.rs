//! fsin/fcos/fsincos/fptan/fpatan/f2xm1/fyl2x/fyl2xp1.
