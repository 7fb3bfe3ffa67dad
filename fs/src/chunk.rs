//! The image chunker (in progress).
