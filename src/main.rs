//! The `pith` command: parses arguments, runs the library's pipeline over the
//! inputs and maps the outcome to an exit status (0 all fine, 1 some record
//! carries an error or output failed, 2 usage error). `pith eval ...` is a
//! subcommand whose arguments and run live in [`pith::eval`].

use std::ffi::OsString;
use std::io;
use std::num::NonZeroUsize;
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use pith::cli::{FavorArg, FormatArg, InputFormatArg};
use pith::input::{InputSpec, Pages};
use pith::output::{Format, RecordWriter};
use pith::Options;

const AFTER_HELP: &str = "\
Output: one JSON object per page on stdout, in input order (--format json: one JSON array;
--format text/markdown: each page's article, pages separated by a line holding only a form
feed, \\f). Diagnostics go to stderr.

A page that cannot be read (missing file, corrupt gzip, invalid JSON line, truncated WARC
record, over --max-bytes) still gets a record, with `error` set and empty `text`; the run
goes on; in the text and markdown formats such a page prints nothing but keeps its
separator. A path on the command line that does not exist is such a record, not a usage
error.

Exit status: 0 all records fine, 1 some record carries an error (or output failed),
2 usage error.

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

    /// Files (gzip detected by content), directories (searched recursively for
    /// .html/.htm/.xhtml/.shtml/.warc, optionally .gz), or - for stdin [default: -]
    #[arg(value_name = "INPUT")]
    inputs: Vec<OsString>,

    /// Also read input paths from FILE, one per line (- reads them from stdin)
    #[arg(long, value_name = "FILE")]
    files_from: Option<OsString>,

    /// How to read inputs: auto picks warc/jsonl by name or WARC content, else html
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, value_name = "FORMAT")]
    input_format: InputFormatArg,

    /// The page's URL, for a single input file (pages in WARC/JSONL bring their own)
    #[arg(long, value_name = "URL")]
    url: Option<String>,

    /// Decode every page with this encoding (a WHATWG label such as utf-8,
    /// windows-1252, shift_jis), whatever the page declares; a byte order
    /// mark still wins
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,

    /// Worker threads [default: number of CPU cores]
    #[arg(short, long, value_name = "N")]
    jobs: Option<NonZeroUsize>,

    /// Largest page accepted, after gunzip; larger ones become error records (e.g. 500K, 64M, 1G)
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    max_bytes: u64,

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

    /// Do not warn on stderr about pages that fail
    #[arg(short, long)]
    quiet: bool,

    /// Print a one-line summary to stderr at the end (docs, errors, docs/s, MB/s)
    #[arg(long)]
    stats: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Score extraction against evaluation sets (F1, precision, recall per set)
    Eval(pith::eval::EvalArgs),
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

    let spec = InputSpec {
        inputs: cli.inputs,
        files_from: cli.files_from,
        format: cli.input_format.into(),
        max_bytes: cli.max_bytes,
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
        .with_images(cli.images);
    if let Some(url) = cli.url {
        options = options.with_url(url);
    }
    if let Some(label) = cli.encoding {
        options = options.with_encoding(label);
    }
    let jobs = cli
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);

    let mut writer = RecordWriter::with_format(io::stdout().lock(), format);
    let mut summary = pith::pipeline::run(pages, &options, jobs, &mut writer, cli.quiet);
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

    if cli.stats {
        eprintln!("{}", summary.stats_line());
    }
    if let Some(error) = &summary.output_error {
        eprintln!("pith: cannot write output: {error}");
        return ExitCode::from(1);
    }
    if summary.errors > 0 {
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
