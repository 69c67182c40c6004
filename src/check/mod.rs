//! Verifies a written EPUB without Java.
