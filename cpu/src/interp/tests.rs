//! Unit tests of the interpreter on hand-assembled code.
