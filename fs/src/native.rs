//! Host-only block sources and stores over files (in progress).
