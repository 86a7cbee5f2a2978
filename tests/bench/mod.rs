//! Where the evaluation sets are, for the tests that read them.

use std::path::PathBuf;

/// The variable naming the sets' directory (as `pith::eval::BENCH_DIR_ENV`;
/// spelled out because tests/dom_diff.rs builds without the `cli` feature
/// that `pith::eval` needs, and tests/quality.rs checks the two agree).
pub const BENCH_DIR_ENV: &str = "PITH_BENCH_DIR";

/// Where the sets are by default, relative to the repository (as
/// `pith::eval::DEFAULT_BENCH_DIR`).
pub const DEFAULT_BENCH_DIR: &str = "../shared/bench";

/// The directory of evaluation sets: `$PITH_BENCH_DIR`, else
/// `../shared/bench` next to the repository (where CI has it).
///
/// Panics, saying what to do, when it is not there: a test that needs the
/// sets must fail without them, never pass having checked nothing.
pub fn bench_dir() -> PathBuf {
    let dir = match std::env::var_os(BENCH_DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_BENCH_DIR),
    };
    assert!(
        dir.is_dir(),
        "the evaluation sets are not at {}: this test needs them. Put them at \
         {DEFAULT_BENCH_DIR} next to the repository (as in CI), or set \
         {BENCH_DIR_ENV} to their directory.",
        dir.display()
    );
    dir
}
