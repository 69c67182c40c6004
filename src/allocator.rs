//! The command's allocator: mimalloc, which returns freed memory to the
//! system at once while a large source is being built.
//!
//! mimalloc keeps freed pages for a second (ten for its arenas) before giving
//! them back, so that a batch of essays reuses them without asking the system
//! again. A 20 MB source frees texts of its own size one after the other
//! (decoded, reconstructed, repaired, parsed): kept, they would add up to more
//! than the text ever holds at once (180 MB at the peak, against 120 MB when
//! freed at once). So the first block as large as [`LARGE_BLOCK`] sets the
//! purge delay to zero for the rest of the run; a batch of essays, which never
//! asks for one, keeps the delay and its speed (a zero delay throughout costs
//! such a batch 5% to 10% more CPU time).

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, Ordering};

use mimalloc::MiMalloc;

/// The size of block that marks a large source: a source of this size is
/// read into a block at least as large. An essay's largest blocks are its
/// text, its XHTML and the cover's pixels (about 1 MB), far below.
const LARGE_BLOCK: usize = 8 << 20;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (`mimalloc.h`): the
/// bindings name the options before it and after it, not this one. A test
/// holds it to the option's documented default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc, returning freed memory at once after the first large block.
pub struct Allocator {
    /// Whether the purge delay was set to zero.
    purging: AtomicBool,
}

impl Allocator {
    /// mimalloc with its own purge delay.
    pub const fn new() -> Self {
        Allocator {
            purging: AtomicBool::new(false),
        }
    }

    /// After a block of `size` bytes: a large one makes every later free
    /// go back to the system at once.
    #[inline]
    fn noticed(&self, size: usize) {
        if size >= LARGE_BLOCK && !self.purging.swap(true, Ordering::Relaxed) {
            // SAFETY: setting an option allocates nothing and is safe from any
            // thread; mimalloc reads the delay each time it would purge.
            unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
        }
    }
}

// SAFETY: every call is MiMalloc's, which upholds GlobalAlloc's contract.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.noticed(layout.size());
        MiMalloc.alloc(layout)
    }
    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.noticed(layout.size());
        MiMalloc.alloc_zeroed(layout)
    }
    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        MiMalloc.dealloc(ptr, layout);
    }
    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        self.noticed(new_size);
        MiMalloc.realloc(ptr, layout, new_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purge_delay() -> std::ffi::c_long {
        // SAFETY: reading an option allocates nothing.
        unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }
    }

    #[test]
    fn a_large_block_sets_the_purge_delay_to_zero() {
        // mimalloc 3's purge delay is 1,000 ms unless the environment says
        // otherwise: an option at another index holds another default.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(purge_delay(), 1000, "option {MI_OPTION_PURGE_DELAY}");
        }
        let allocator = Allocator::new();
        allocator.noticed(LARGE_BLOCK - 1);
        assert!(!allocator.purging.load(Ordering::Relaxed));
        assert_ne!(purge_delay(), 0);
        allocator.noticed(LARGE_BLOCK);
        assert_eq!(purge_delay(), 0);
    }
}
