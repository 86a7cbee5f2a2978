//! The `pith` command: parses arguments, runs the library's pipeline over the
//! inputs and maps the outcome to an exit status (0 all fine, 1 some page
//! failed or output failed, 2 usage error or no input, 130/143 stopped by
//! SIGINT/SIGTERM). What only a command needs lives here: the progress line,
//! signal handling, `-o` written under a temporary name, the `--stats`
//! report. `pith eval ...` is a subcommand whose arguments and run live in
//! [`pith::eval`].

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{CommandFactory, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pith::cli::{FavorArg, FormatArg, InputFormatArg};
use pith::input::{InputSpec, JsonlFields, Keep, Pages};
use pith::output::{Format, RecordWriter};
use pith::pipeline::{Filter, Interrupt, RunSettings, Summary};
use pith::{Date, Options};
use signal_hook::consts::{SIGINT, SIGTERM};

const AFTER_HELP: &str = "\
Output: one JSON object per page on stdout (or -o FILE), in input order (--format json: one
JSON array; --format text/markdown: each page's article, pages separated by a line holding only
a form feed, \\f). Every record has `id` (the input's own id, else one built from the path) and
`source` (the path); pages from WARC also carry warc_record_id, warc_target_uri, warc_date,
http_status, content_type and warc_offset. Diagnostics go to stderr; so does a progress line
when stderr is a terminal and the records go elsewhere.

A page that cannot be read (missing file, corrupt gzip, invalid JSON line, truncated WARC
record, over --max-bytes, not HTML at all) still gets a record, with `error` and `error_kind`
set and empty `text`; the run goes on; in the text and markdown formats such a page prints
nothing but keeps its separator. A path on the command line that does not exist is such a
record, not a usage error.

JSON Lines (found by content: a line starting with `{`) hold the page as a string in `html`
or as base64 of its bytes in `html_base64`; --html-field, --url-field and --id-field rename
them, --keep and --keep-all copy other fields into the record.

Dates are checked against the day a page was fetched (its WARC-Date), else --now, else the
day the run started: give --now for records that are the same on any day.

SIGINT and SIGTERM stop the run after the record being written: the output ends on a whole
record (a JSON array is closed), the summary is printed, and the exit status is 130 or 143; a
second signal ends pith at once.

Exit status: 0 all records fine, 1 some page failed (unless --only-ok) or output failed,
2 usage error or no input found, 130/143 interrupted.

`pith eval [DIR...]` scores extraction against evaluation sets (see `pith eval --help`);
to read a file or directory named eval, write ./eval.";

/// Finds the article in raw HTML pages and writes one JSON record per page.
#[derive(Parser, Debug)]
#[command(name = "pith", version, about, after_help = AFTER_HELP)]
// `eval` is a subcommand only as the first argument: after an input or an
// option it is a file name, as it always was. There is no `help` subcommand,
// so a file named help is read like any other.
#[command(args_conflicts_with_subcommands = true, disable_help_subcommand = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Files (gzip detected by content), directories (searched recursively
    /// for .html/.htm/.xhtml/.shtml/.warc/.jsonl/.ndjson, optionally .gz),
    /// or - for stdin [default: -]
    #[arg(value_name = "INPUT")]
    inputs: Vec<OsString>,

    /// Also read input paths from FILE, one per line (- reads them from stdin)
    #[arg(long, value_name = "FILE")]
    files_from: Option<OsString>,

    /// The --files-from list separates paths by NUL bytes (find -print0)
    #[arg(short = '0', long = "null")]
    null: bool,

    /// How to read inputs: auto tells WARC and JSON Lines by content, else by name, else html
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    input_format: InputFormatArg,

    /// JSON Lines: the field holding the page's HTML as a string (FIELD_base64 holds its bytes
    /// as base64)
    #[arg(long, value_name = "FIELD", default_value = "html")]
    html_field: String,

    /// JSON Lines: the field holding the page's URL
    #[arg(long, value_name = "FIELD", default_value = "url")]
    url_field: String,

    /// JSON Lines: the field holding the page's id
    #[arg(long, value_name = "FIELD", default_value = "id")]
    id_field: String,

    /// JSON Lines: copy these input fields into each record (null where a line lacks one;
    /// a name the record uses itself becomes input_NAME)
    #[arg(
        long,
        value_name = "FIELD,...",
        value_delimiter = ',',
        conflicts_with = "keep_all"
    )]
    keep: Vec<String>,

    /// JSON Lines: copy every input field but the HTML into each record
    #[arg(long)]
    keep_all: bool,

    /// The page's URL, for a single input file (pages in WARC/JSONL bring their own)
    #[arg(long, value_name = "URL")]
    url: Option<String>,

    /// Decode every page with this encoding (a WHATWG label such as utf-8,
    /// windows-1252, shift_jis), whatever the page declares; a byte order
    /// mark still wins
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,

    /// Check the pages' dates against this day (YYYY-MM-DD) instead of the
    /// WARC-Date or the day of the run, so that records are the same on any day
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    now: Option<Date>,

    /// Worker threads [default: number of CPU cores]
    #[arg(short, long, value_name = "N")]
    jobs: Option<NonZeroUsize>,

    /// Largest page accepted, after gunzip; larger ones become error records (e.g. 500K, 64M, 1G)
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    max_bytes: u64,

    /// Most seconds one page may take (fractions allowed, e.g. 0.5; 0: no
    /// limit); a page past it gets an error record of kind `timeout`
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_timeout)]
    timeout: Duration,

    /// Lean towards precision (less boilerplate, some text lost) or recall
    /// (all the text, some boilerplate kept)
    #[arg(long, value_enum, default_value_t = FavorArg::Balanced, value_name = "WAY")]
    favor: FavorArg,

    /// Also extract reader comments into a `comments` field (author, date, text)
    #[arg(long)]
    comments: bool,

    /// Output format: JSON Lines, one JSON array, or each page's article as
    /// plain text or markdown (pages separated by a form-feed line)
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl, value_name = "FORMAT")]
    format: FormatArg,

    /// Write the records to FILE (under a temporary name, renamed to FILE when the run completes)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Add a `markdown` field (CommonMark + GFM tables) to JSON records
    #[arg(long)]
    markdown: bool,

    /// Add an `html` field (clean HTML of the article, safe to embed) to JSON records
    #[arg(long)]
    html: bool,

    /// Keep links in markdown and HTML, as absolute URLs
    #[arg(long)]
    links: bool,

    /// Keep images in markdown and HTML, as absolute URLs
    #[arg(long)]
    images: bool,

    /// Leave out pages whose article has fewer than N characters
    #[arg(long, value_name = "N", default_value_t = 0)]
    min_chars: usize,

    /// Keep only pages in these languages (ISO 639-1 codes, e.g. de,en; detected or declared)
    #[arg(long, value_name = "CODES", value_delimiter = ',', value_parser = parse_language)]
    lang: Vec<String>,

    /// Leave out pages that failed (they are still counted, and do not make the exit status 1)
    #[arg(long)]
    only_ok: bool,

    /// Write the records of pages the filters leave out too, marked "filtered": "REASON"
    #[arg(long)]
    keep_filtered: bool,

    /// No per-page warnings and no progress line on stderr
    #[arg(short, long)]
    quiet: bool,

    /// Print a summary to stderr at the end: pages, records, errors by kind, WARC records
    /// skipped by reason, empty articles, filtered pages, docs/s, MB/s
    #[arg(long)]
    stats: bool,

    /// Write the summary as JSON to FILE at the end
    #[arg(long, value_name = "FILE")]
    stats_json: Option<PathBuf>,
}

/// Parse `--now`: a day as `YYYY-MM-DD` (a full ISO 8601 time is cut to its
/// day).
fn parse_day(text: &str) -> Result<Date, String> {
    Date::parse_iso(text).ok_or_else(|| format!("{text:?} is not a day; write it as YYYY-MM-DD"))
}

/// Parse one `--lang` code: ISO 639-1 (two letters), as records give it.
fn parse_language(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_lowercase();
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(code)
    } else {
        Err(format!(
            "{text:?} is not a language code; use ISO 639-1 codes as records give them (de,en,fr)"
        ))
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Score extraction against evaluation sets (F1, precision, recall per set)
    Eval(pith::eval::EvalArgs),
}

/// The largest `--timeout` accepted, in seconds: a day. More is no limit
/// in practice (write 0 for that), and a bound keeps the conversion to a
/// `Duration` exact.
const MAX_TIMEOUT_SECONDS: f64 = 86_400.0;

/// Parse `--timeout`: seconds, fractions allowed; 0 means no limit.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds (e.g. 30, 0.5, 0 for none)"))?;
    if !(0.0..=MAX_TIMEOUT_SECONDS).contains(&seconds) {
        return Err(format!(
            "{text:?} is not a usable time limit (0 to {MAX_TIMEOUT_SECONDS} seconds; 0: none)"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// The largest `--max-bytes` accepted.
const MAX_PAGE_BYTES: u64 = 2 << 30;

/// Parse a size: a number of bytes, optionally with a binary suffix K, M or G
/// (also KiB, MiB, GiB).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits_end);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size (e.g. 1000, 500K, 64M, 1G)"))?;
    let unit: u64 = match suffix.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("unknown size unit {suffix:?} (use K, M or G)")),
    };
    number
        .checked_mul(unit)
        // Text lengths and node ids are 32-bit: a page must stay well
        // below 4 GiB.
        .filter(|&n| n > 0 && n <= MAX_PAGE_BYTES)
        .ok_or_else(|| format!("{text:?} is not a usable size (at most 2G)"))
}

/// Reject argument combinations clap cannot express; exits with status 2.
fn check_usage(cli: &Cli) {
    let usage_error = |message: String| -> ! {
        Cli::command()
            .error(clap::error::ErrorKind::ArgumentConflict, message)
            .exit()
    };
    let stdin_uses = cli.inputs.iter().filter(|input| *input == "-").count()
        + usize::from(cli.files_from.as_deref().is_some_and(|f| f == "-"));
    if stdin_uses > 1 {
        usage_error("stdin (-) can only be read once".into());
    }
    // Flags that would have no effect are refused rather than ignored: a
    // user who asks for links and gets none should learn why.
    let format = Format::from(cli.format);
    let json = matches!(format, Format::Jsonl | Format::Json);
    if !json && cli.html {
        usage_error(
            "--html adds a field to JSON records; it has no effect with --format text or markdown"
                .into(),
        );
    }
    if !json && cli.comments {
        usage_error(
            "--comments adds a field to JSON records; it has no effect with --format text or markdown"
                .into(),
        );
    }
    if format == Format::Text && cli.markdown {
        usage_error(
            "--markdown adds a field to JSON records; for markdown output use --format markdown"
                .into(),
        );
    }
    let renders = cli.markdown || cli.html || format == Format::Markdown;
    if (cli.links || cli.images) && !renders {
        usage_error(
            "--links and --images apply to markdown and HTML; add --markdown or --html, or use --format markdown".into(),
        );
    }
    if cli.url.is_some() {
        if cli.inputs.len() > 1 || cli.files_from.is_some() {
            usage_error("--url applies to a single input; use JSON Lines or WARC to give URLs for many pages".into());
        }
        if let Some(input) = cli.inputs.first() {
            if Path::new(input).is_dir() {
                usage_error("--url applies to a single input file, not a directory".into());
            }
        }
    }
    if let Some(label) = &cli.encoding {
        if let Err(e) = pith::decode::decode_with(b"", Some(label)) {
            usage_error(format!("--encoding: {e}"));
        }
    }
    if cli.null && cli.files_from.is_none() {
        usage_error("-0 says how the --files-from list is separated; give --files-from".into());
    }
    if cli.keep_filtered && cli.min_chars == 0 && cli.lang.is_empty() && !cli.only_ok {
        usage_error(
            "--keep-filtered keeps the records of filtered pages; add --min-chars, --lang or --only-ok"
                .into(),
        );
    }
    if cli.output.as_deref().is_some_and(|path| path.is_dir()) {
        usage_error("-o names the output file; it is a directory".into());
    }
}

/// Exit status for "no input found": the command as given has nothing to
/// do, like a usage error.
const NO_INPUT: u8 = 2;

/// The signals that stop a run gracefully, with their names for messages.
const STOP_SIGNALS: [(i32, &str); 2] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")];

/// Make SIGINT and SIGTERM request `interrupt` (with the signal number as
/// its code); a second one ends the process at once with 128 + the signal.
fn handle_signals(interrupt: &Interrupt) -> io::Result<()> {
    let again = Arc::new(AtomicBool::new(false));
    for (signal, _) in STOP_SIGNALS {
        let status = 128 + signal;
        signal_hook::flag::register_conditional_shutdown(signal, status, Arc::clone(&again))?;
        signal_hook::flag::register(signal, Arc::clone(&again))?;
        signal_hook::flag::register_usize(signal, interrupt.flag(), signal as usize)?;
    }
    Ok(())
}

/// Where the records go: stdout, or a file written under a temporary name
/// next to it and renamed when the run completes, so that the file never
/// exists half written.
enum Destination {
    Stdout,
    File { path: PathBuf, partial: PathBuf },
}

impl Destination {
    fn new(output: Option<PathBuf>) -> Destination {
        match output {
            Some(path) if path.as_os_str() != "-" => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                // Hidden, so that a directory walk over the output folder
                // does not take it for input.
                let partial = path.with_file_name(format!(".{name}.partial"));
                Destination::File { path, partial }
            }
            _ => Destination::Stdout,
        }
    }

    fn open(&self) -> io::Result<Box<dyn Write>> {
        Ok(match self {
            Destination::Stdout => Box::new(io::stdout().lock()),
            Destination::File { partial, .. } => Box::new(File::create(partial)?),
        })
    }

    /// Does stdout carry the records (so a progress line there would mix
    /// with them on a terminal)?
    fn is_terminal_stdout(&self) -> bool {
        matches!(self, Destination::Stdout) && io::stdout().is_terminal()
    }
}

/// The progress line: pages, docs/s, MB/s and errors, on stderr when it is
/// a terminal and the records go elsewhere; hidden otherwise.
struct Progress {
    bar: ProgressBar,
    last: Instant,
}

/// How often the progress numbers are recomputed.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

impl Progress {
    fn new(visible: bool) -> Progress {
        let bar = if visible {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(PROGRESS_EVERY);
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress {
            bar,
            last: Instant::now(),
        }
    }

    fn line(summary: &Summary, elapsed: Duration) -> String {
        let seconds = elapsed.as_secs_f64().max(1e-9);
        format!(
            "{} pages, {:.0} docs/s, {:.1} MB/s, {} errors",
            summary.pages,
            summary.pages as f64 / seconds,
            summary.bytes as f64 / 1e6 / seconds,
            summary.errors
        )
    }

    fn update(&mut self, summary: &Summary, started: Instant) {
        if self.bar.is_hidden() || self.last.elapsed() < PROGRESS_EVERY {
            return;
        }
        self.last = Instant::now();
        self.bar
            .set_message(Progress::line(summary, started.elapsed()));
    }

    /// Leave the final numbers on the terminal.
    fn finish(&self, summary: &Summary) {
        if !self.bar.is_hidden() {
            self.bar
                .finish_with_message(Progress::line(summary, summary.elapsed));
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Eval(args)) = &cli.command {
        let code = pith::eval::execute(args, &mut io::stdout().lock());
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    check_usage(&cli);
    let format = Format::from(cli.format);

    // Panics inside extraction are caught per page and reported in that
    // page's record; keep the default report (with location) only when a
    // backtrace is asked for.
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let on_worker = std::thread::current()
                .name()
                .is_some_and(|name| name.starts_with("pith-worker"));
            if !on_worker {
                default_hook(info);
            }
        }));
    }

    let keep = if cli.keep_all {
        Keep::All
    } else if cli.keep.is_empty() {
        Keep::None
    } else {
        Keep::Fields(cli.keep.clone())
    };
    let spec = InputSpec {
        inputs: cli.inputs.clone(),
        files_from: cli.files_from.clone(),
        files_from_nul: cli.null,
        format: cli.input_format.into(),
        max_bytes: cli.max_bytes,
        jsonl: JsonlFields {
            html: cli.html_field.clone(),
            url: cli.url_field.clone(),
            id: cli.id_field.clone(),
            keep,
        },
    };
    let pages = match Pages::new(&spec) {
        Ok(pages) => pages,
        Err(e) => {
            let list = spec.files_from.unwrap_or_default();
            eprintln!(
                "pith: cannot open --files-from {}: {e}",
                Path::new(&list).display()
            );
            return ExitCode::from(2);
        }
    };
    let mut options = Options::default()
        .with_favor(cli.favor.into())
        .with_comments(cli.comments)
        .with_markdown(cli.markdown || format == Format::Markdown)
        .with_html(cli.html)
        .with_links(cli.links)
        .with_images(cli.images)
        .with_timeout(cli.timeout);
    if let Some(url) = cli.url.clone() {
        options = options.with_url(url);
    }
    if let Some(label) = cli.encoding.clone() {
        options = options.with_encoding(label);
    }
    if let Some(day) = cli.now {
        options = options.with_now(day);
    }
    let settings = RunSettings {
        jobs: cli
            .jobs
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get),
        quiet: cli.quiet,
        filter: Filter {
            min_chars: cli.min_chars,
            languages: cli.lang.clone(),
            only_ok: cli.only_ok,
            keep_filtered: cli.keep_filtered,
        },
        interrupt: Interrupt::new(),
        // Without a day from the user or the page, the run's first day: one
        // run never mixes two days, whatever its length or -j.
        fallback_day: Some(pith::metadata::today_utc()),
    };
    if let Err(e) = handle_signals(&settings.interrupt) {
        eprintln!("pith: cannot handle SIGINT/SIGTERM ({e}); an interrupt will cut the output");
    }

    let destination = Destination::new(cli.output.clone());
    let out = match destination.open() {
        Ok(out) => out,
        Err(e) => {
            if let Destination::File { path, .. } = &destination {
                eprintln!(
                    "pith: cannot write -o {}: {e}; check that its folder exists and is writable",
                    path.display()
                );
            }
            return ExitCode::from(1);
        }
    };
    let mut writer = RecordWriter::with_format(out, format);
    let started = Instant::now();
    let mut progress = Progress::new(
        !cli.quiet && io::stderr().is_terminal() && !destination.is_terminal_stdout(),
    );
    let mut summary =
        pith::pipeline::run(pages, &options, &settings, &mut writer, &mut |summary| {
            progress.update(summary, started)
        });
    progress.finish(&summary);
    // Close the output (the JSON array) whatever happened to the run, so it
    // stays valid JSON; pointless only when its reader has gone.
    if !summary.output_closed {
        if let Err(e) = writer.finish() {
            if e.kind() == io::ErrorKind::BrokenPipe {
                summary.output_closed = true;
            } else if summary.output_error.is_none() {
                summary.output_error = Some(e.to_string());
            }
        }
    }
    drop(writer);
    report(&cli, &destination, summary)
}

/// Say what the run did (warnings, `--stats`, `--stats-json`), put the
/// output file in place, and give the exit status.
fn report(cli: &Cli, destination: &Destination, mut summary: Summary) -> ExitCode {
    let signal = summary.interrupted.and_then(|code| {
        STOP_SIGNALS
            .iter()
            .find(|(signal, _)| usize::try_from(*signal).ok() == Some(code))
    });
    if let Destination::File { path, partial } = destination {
        if summary.output_error.is_none() && summary.interrupted.is_none() {
            if let Err(e) = fs::rename(partial, path) {
                summary.output_error = Some(format!(
                    "cannot move {} to {}: {e}",
                    partial.display(),
                    path.display()
                ));
            }
        } else if summary.output_error.is_some() {
            let _ = fs::remove_file(partial);
        }
    }
    for dir in &summary.read.empty_directories {
        eprintln!(
            "pith: warning: no input files in {dir} (directories are searched for \
             .html .htm .xhtml .shtml .warc .jsonl .ndjson, optionally .gz; \
             name other files explicitly)"
        );
    }
    let no_input = summary.read.files == 0 && summary.pages == 0 && summary.interrupted.is_none();
    if cli.stats || summary.interrupted.is_some() {
        for line in summary.stats_lines() {
            eprintln!("{line}");
        }
    }
    if let Some(path) = &cli.stats_json {
        let written = serde_json::to_vec_pretty(&summary.stats_json())
            .map_err(io::Error::from)
            .and_then(|mut json| {
                json.push(b'\n');
                fs::write(path, json)
            });
        if let Err(e) = written {
            eprintln!("pith: cannot write --stats-json {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    if let Some(error) = &summary.output_error {
        eprintln!("pith: cannot write output: {error}");
        return ExitCode::from(1);
    }
    if let Some(code) = summary.interrupted {
        let name = signal.map_or("an interrupt", |(_, name)| *name);
        let last = summary.last_id.as_deref().unwrap_or("none");
        eprint!(
            "pith: stopped by {name}: {} records written (the last: {last}), {} pages in flight dropped",
            summary.records, summary.dropped
        );
        match destination {
            Destination::File { partial, .. } => {
                eprintln!("; the records so far are in {}", partial.display())
            }
            Destination::Stdout => eprintln!(),
        }
        return ExitCode::from(u8::try_from(128 + code).unwrap_or(1));
    }
    if no_input {
        eprintln!(
            "pith: no input found{}: nothing to do",
            if cli.files_from.is_some() {
                " (is the --files-from list empty?)"
            } else {
                ""
            }
        );
        return ExitCode::from(NO_INPUT);
    }
    if summary.errors > 0 && !cli.only_ok {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pith::input::DEFAULT_MAX_BYTES;

    #[test]
    fn timeouts() {
        assert_eq!(parse_timeout("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_timeout("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_timeout(" 0 "), Ok(Duration::ZERO));
        for bad in ["-1", "nan", "inf", "1e9", "soon", ""] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("500K"), Ok(500 * 1024));
        assert_eq!(parse_size("64MiB"), Ok(DEFAULT_MAX_BYTES));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn help_is_well_formed() {
        Cli::command().debug_assert();
    }
}
