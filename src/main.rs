//! The painpath binary: parses the arguments, runs the command the library's `cli` makes of
//! them, prints the error chain and sets the exit code. Also its memory allocator, which in
//! kiosk mode zeroes every block before freeing it (see [`ZeroFreed`]).

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use painpath::cli;
use painpath::cli::flags::Place;
use painpath::cli::output::{say, to_stderr};
use painpath::content::diagnostic::LoadError;
use painpath::ui::tui::Interrupted;

fn main() -> ExitCode {
    let args = match cli::parse::parse(std::env::args_os().skip(1)) {
        Ok(args) => args,
        // Help to stdout (status 0), or what was not accepted to stderr (status 2).
        Err(stop) => return cli::stopped(&stop),
    };
    // A kiosk serves one patient after another: what a session leaves in freed memory must
    // not outlive its wipe.
    if args.place == Place::Kiosk {
        ZEROING.store(true, Ordering::Relaxed);
    }
    // Read while the process has one thread: the C library's local time is only safe then.
    // Only where a local time is used (a saved summary, the inbox, the watch's stamps):
    // reading it opens and parses /etc/localtime, work that would delay every first frame.
    let local_offset = args
        .uses_local_time()
        .then(|| time::UtcOffset::current_local_offset().ok())
        .flatten();
    let err = match cli::run(&args, local_offset) {
        Ok(code) => return code,
        Err(err) => err,
    };
    // Not eprintln!: after a hangup stderr may be gone, and that must not panic.
    match err.downcast_ref::<LoadError>() {
        // Already one line per problem with file:line:column; print it as it is.
        Some(load) => to_stderr(&format!(
            "{load}\n\npainpath: {} problem(s) found",
            load.problems.len()
        )),
        None => say(format!("{err:#}")),
    }
    // 128 + the signal that stopped it, else 1.
    match err.downcast_ref::<Interrupted>() {
        Some(interrupted) => ExitCode::from(interrupted.exit_code()),
        None => ExitCode::FAILURE,
    }
}

/// Zero blocks as they are freed: set at the start of kiosk mode, never unset.
static ZEROING: AtomicBool = AtomicBool::new(false);

#[global_allocator]
static ALLOCATOR: ZeroFreed = ZeroFreed;

/// The system allocator, except that while [`ZEROING`] is set each block is overwritten with
/// zeros before it is freed, and a block that grows or shrinks is moved here (new block,
/// copy, old block zeroed and freed) rather than by the system's `realloc`, which would free
/// the old block with its contents still in it. So a patient's answers, summary and code are
/// gone from the process once the strings, vectors and screens that held them are dropped,
/// not merely returned to the C library's free lists. Other modes pay nothing but a load.
///
/// It lives here, in the binary, so that the library keeps no unsafe code: these few lines
/// are the whole of painpath's.
struct ZeroFreed;

// SAFETY: every method passes the caller's layout and pointer on to `System` unchanged, or
// (realloc while zeroing) does what `GlobalAlloc::realloc`'s default does, with the old block
// zeroed before it is freed; zeroing writes only within a live block of `layout.size()` bytes.
unsafe impl GlobalAlloc for ZeroFreed {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller guarantees a layout of non-zero size, as `System` requires.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    // Not inlined: every growing string and vector of painpath and its crates calls these, and
    // inlined at each of those places the zeroing took 1.5 MB of the binary.
    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ZEROING.load(Ordering::Relaxed) {
            // SAFETY: the caller guarantees `ptr` is a live block of this allocator with
            // `layout`, so its `layout.size()` bytes are ours to write until it is freed below.
            unsafe { std::ptr::write_bytes(ptr, 0, layout.size()) };
            // The zeros are written to memory about to be freed, a store the optimiser may
            // drop as dead; this makes it assume they are read.
            std::hint::black_box(ptr);
        }
        // SAFETY: the caller guarantees `ptr` was allocated by this allocator (by `System`)
        // with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !ZEROING.load(Ordering::Relaxed) {
            // SAFETY: the caller's guarantees for `realloc` are `System`'s.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // SAFETY: the caller guarantees `new_size` is non-zero and, rounded up to
        // `layout.align()`, does not overflow `isize`: a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a layout of non-zero size.
        let new = unsafe { System.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live and distinct, each at least the smaller size long;
            // the old one was allocated here with `layout` and is freed (zeroed) once.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}
