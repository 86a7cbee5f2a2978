//! The command line of `pith eval`: the only part of the evaluation that
//! needs clap. `pith` mounts [`EvalArgs`] as its `eval` subcommand and hands
//! the parsed arguments to [`execute`]; [`run`] parses them itself (tests).

use std::ffi::OsString;
use std::io::Write;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::Parser;

use super::{
    default_bench_dir, evaluate_sets, find_sets, write_json, write_per_doc, write_predictions,
    write_table, SetReport, BENCH_DIR_ENV, DEFAULT_BENCH_DIR,
};
use crate::cli::FavorArg;
use crate::{Favor, Options};

const AFTER_HELP: &str = "\
A set is a directory holding html/<id>.html[.gz] and a truth file: ground-truth.json (the
article text of every page, scored with the ScrapingHub benchmark's shingle metric, as
score.py) or snippets.json (strings each page's text must and must not contain, scored as
score_snippets.py: micro-averaged counts). A directory that is not a set is searched two
levels down for sets. Without DIR, the sets under $PITH_BENCH_DIR, else ../shared/bench
(relative to the current directory), are scored.

The table gives, per set, its pages, pages without an HTML file, pages that failed, F1,
precision, recall and docs/s (extraction only, files are read beforehand), then the mean
F1 over the sets (every set weighs the same).

Exit status: 0 when the report is written (failed pages are part of it), 1 when a set
cannot be read or an output cannot be written, 2 on a usage error.";

/// Extract every page of one or more evaluation sets and score the result
/// against their truth files.
#[derive(Debug, Parser)]
#[command(name = "pith eval", bin_name = "pith eval", after_help = AFTER_HELP)]
pub struct EvalArgs {
    /// Set directories, or directories holding sets [default: $PITH_BENCH_DIR, else ../shared/bench]
    #[arg(value_name = "DIR")]
    sets: Vec<PathBuf>,
    /// Print one JSON object instead of the table
    #[arg(long)]
    json: bool,
    /// Worker threads [default: one per core]
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<NonZeroUsize>,
    /// How many of the lowest-scoring pages of each set to list
    #[arg(long, value_name = "N", default_value_t = 5)]
    worst: usize,
    /// Precision/recall trade-off passed to the extractor
    #[arg(long, value_enum, default_value_t = FavorArg::Balanced, value_name = "WAY")]
    favor: FavorArg,
    /// Write every page's scores to FILE as JSON Lines (with the set's name)
    #[arg(long, value_name = "FILE")]
    per_doc: Option<PathBuf>,
    /// Write the extractor's records to FILE as JSON Lines
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
}

/// `pith eval` with `args` (the arguments after `eval`), writing its report
/// to `out` and errors to stderr; returns the exit status (see
/// [`execute`]; 2 on a usage error).
pub fn run(args: Vec<OsString>, out: &mut dyn Write) -> i32 {
    let argv = std::iter::once(OsString::from("pith eval")).chain(args);
    match EvalArgs::try_parse_from(argv) {
        Ok(args) => execute(&args, out),
        Err(e) => {
            // --help and --version are successful output, not errors.
            if e.use_stderr() {
                let _ = e.print();
            } else if write!(out, "{}", e.render()).is_err() {
                return 1;
            }
            e.exit_code()
        }
    }
}

/// Run `pith eval` with parsed arguments, writing the report to `out` and
/// errors to stderr.
///
/// Returns 0 on success (pages with errors are part of a successful report),
/// 1 when a set cannot be found or loaded or an output cannot be written.
pub fn execute(args: &EvalArgs, out: &mut dyn Write) -> i32 {
    match evaluate_and_write(args, out) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("pith eval: {e}");
            1
        }
    }
}

fn evaluate_and_write(args: &EvalArgs, out: &mut dyn Write) -> Result<(), String> {
    let dirs = set_dirs(&args.sets)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, NonZeroUsize::get))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let options = Options::default().with_favor(args.favor.into());
    let sets = pool.install(|| evaluate_sets(&dirs, &options))?;
    write_outputs(args, &sets, out)
}

/// The set directories the arguments stand for (see [`find_sets`]).
fn set_dirs(given: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if given.is_empty() {
        let bench = default_bench_dir();
        if !bench.is_dir() {
            return Err(format!(
                "no set given, and {} is not a directory; give set directories \
                 (pith eval DIR...), run from a checkout next to the sets \
                 ({DEFAULT_BENCH_DIR}), or set {BENCH_DIR_ENV}",
                bench.display()
            ));
        }
        return find_sets(&bench);
    }
    let mut dirs = Vec::new();
    for dir in given {
        dirs.extend(find_sets(dir)?);
    }
    Ok(dirs)
}

/// Write the optional files, then the report itself.
fn write_outputs(args: &EvalArgs, sets: &[SetReport], out: &mut dyn Write) -> Result<(), String> {
    if let Some(path) = &args.per_doc {
        write_per_doc(path, sets)?;
    }
    if let Some(path) = &args.predictions {
        write_predictions(path, sets)?;
    }
    let written = if args.json {
        write_json(sets, Favor::from(args.favor), args.worst, out)
    } else {
        write_table(sets, Favor::from(args.favor), args.worst, out)
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| format!("writing the report: {e}"))
}
