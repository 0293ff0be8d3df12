//! The interfaces drawn in-process, in one test binary: the TUI, the kiosk and the inbox
//! driven by keys, clicks and time through the one harness (`common/screen.rs`) and drawn into
//! a `TestBackend` (insta snapshots in `snapshots/`), their properties, the pictures in
//! `docs/screens/`, and what a key costs. Run one suite with
//! `cargo test --test screens tui_screens`.

#[path = "../common/mod.rs"]
mod common;
// The binary's global allocator: it counts a thread's allocations only while a test asks it
// to, so the other suites running beside key_allocations and inbox_scale do not disturb them.
#[path = "../support/counting_alloc.rs"]
mod counting_alloc;
#[path = "../support/svg.rs"]
mod svg;

mod body_map;
mod inbox_scale;
mod inbox_screens;
mod key_allocations;
mod kiosk_grids;
mod kiosk_screens;
mod ladder;
mod no_key_loses;
mod option_help;
mod screen_pictures;
mod spanish_built_in;
mod spanish_screens;
mod tui_properties;
mod tui_routes;
mod tui_screens;
mod until_seen;
