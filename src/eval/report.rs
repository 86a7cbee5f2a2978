//! What `pith eval` writes: the table (or one JSON object) on stdout, and
//! the optional per-page and prediction files.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use serde::Serialize;

use super::{favor_name, mean_f1, PageOutcome, PageScore, SetReport, SnippetCounts};
use crate::Favor;

/// Digits of the figures in the table: enough to see a change of one page
/// in a few hundred.
const FIGURE_DIGITS: usize = 4;

/// One line of `--per-doc`, and one entry of a set's `worst` in `--json`.
#[derive(Serialize)]
struct PerDocLine<'a> {
    set: &'a str,
    id: &'a str,
    /// [`PageScore::quality`], the same key for both metrics.
    quality: f64,
    #[serde(flatten)]
    detail: Detail<'a>,
    error: Option<&'a str>,
}

/// The metric's own figures for a page.
#[derive(Serialize)]
#[serde(untagged)]
enum Detail<'a> {
    Shingles {
        f1: f64,
        precision: f64,
        recall: f64,
        exact: bool,
    },
    Snippets(&'a super::SnippetScore),
}

impl<'a> PerDocLine<'a> {
    fn new(set: &'a str, page: &'a PageOutcome) -> Self {
        let detail = match &page.score {
            PageScore::Shingles(score) => Detail::Shingles {
                f1: score.f1,
                precision: score.precision,
                recall: score.recall,
                exact: score.exact,
            },
            PageScore::Snippets(score) => Detail::Snippets(score),
        };
        PerDocLine {
            set,
            id: &page.id,
            quality: page.score.quality(),
            detail,
            error: page.error.as_deref(),
        }
    }
}

/// Write every page's scores to `path` as JSON Lines: one object per page
/// with `set`, `id`, `quality`, the metric's own figures (`f1`,
/// `precision`, `recall`, `exact`; or `with`, `with_found`, `without`,
/// `without_found`) and `error`; sets in run order, pages by id.
pub fn write_per_doc(path: &Path, sets: &[SetReport]) -> Result<(), String> {
    write_jsonl(
        path,
        sets.iter().flat_map(|set| {
            set.report
                .pages
                .iter()
                .map(|page| PerDocLine::new(&set.name, page))
        }),
    )
}

/// Write the extractor's records to `path` as JSON Lines, sets in run
/// order, pages by id (pages that could not be read have none).
pub fn write_predictions(path: &Path, sets: &[SetReport]) -> Result<(), String> {
    write_jsonl(
        path,
        sets.iter()
            .flat_map(|set| set.report.pages.iter().filter_map(|p| p.record.as_ref())),
    )
}

fn write_jsonl<T: Serialize>(path: &Path, items: impl Iterator<Item = T>) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let file = fs::File::create(path).map_err(|e| fail(&e))?;
    let mut writer = BufWriter::new(file);
    for item in items {
        serde_json::to_writer(&mut writer, &item).map_err(|e| fail(&e))?;
        writer.write_all(b"\n").map_err(|e| fail(&e))?;
    }
    writer.flush().map_err(|e| fail(&e))
}

/// One set in the `--json` report.
#[derive(Serialize)]
struct JsonSet<'a> {
    name: &'a str,
    dir: String,
    metric: super::Metric,
    docs: usize,
    missing: usize,
    errors: usize,
    f1: f64,
    precision: f64,
    recall: f64,
    accuracy: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippets: Option<SnippetCounts>,
    seconds: f64,
    bytes: u64,
    docs_per_s: f64,
    mb_per_s: f64,
    worst: Vec<PerDocLine<'a>>,
}

/// The `--json` report.
#[derive(Serialize)]
struct JsonReport<'a> {
    favor: &'static str,
    jobs: usize,
    mean_f1: f64,
    sets: Vec<JsonSet<'a>>,
}

/// The report as one JSON object: `favor`, `jobs`, `mean_f1` and `sets`,
/// each set with its figures and its `worst` pages.
pub fn write_json(
    sets: &[SetReport],
    favor: Favor,
    worst: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let json = JsonReport {
        favor: favor_name(favor),
        jobs: jobs(sets),
        mean_f1: mean_f1(sets),
        sets: sets
            .iter()
            .map(|set| {
                let report = &set.report;
                let summary = &report.summary;
                JsonSet {
                    name: &set.name,
                    dir: set.dir.display().to_string(),
                    metric: report.metric,
                    docs: summary.docs,
                    missing: report.missing,
                    errors: report.errors,
                    f1: summary.f1,
                    precision: summary.precision,
                    recall: summary.recall,
                    accuracy: summary.accuracy,
                    snippets: summary.snippets,
                    seconds: report.seconds,
                    bytes: report.bytes,
                    docs_per_s: report.docs_per_second(),
                    mb_per_s: report.mb_per_second(),
                    worst: report
                        .worst(worst)
                        .into_iter()
                        .map(|page| PerDocLine::new(&set.name, page))
                        .collect(),
                }
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &json)?;
    writeln!(out)
}

/// The worker threads of the run (every set runs on the same pool).
fn jobs(sets: &[SetReport]) -> usize {
    sets.first().map_or(0, |set| set.report.jobs)
}

/// The report as text: one table row per set (docs, missing pages, errors,
/// F1, precision, recall, docs/s), the mean F1 over the sets, the run's
/// time, then each set's `worst` pages.
pub fn write_table(
    sets: &[SetReport],
    favor: Favor,
    worst: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let width = sets
        .iter()
        .map(|set| set.name.chars().count())
        .chain(["mean F1".len()])
        .max()
        .unwrap_or(0);
    let d = FIGURE_DIGITS;
    let fw = d + 2;
    writeln!(
        out,
        "{:<width$}  {:>5}  {:>7}  {:>6}  {:>fw$}  {:>fw$}  {:>fw$}  {:>7}",
        "set", "docs", "missing", "errors", "F1", "P", "R", "docs/s"
    )?;
    for set in sets {
        let report = &set.report;
        let summary = &report.summary;
        writeln!(
            out,
            "{:<width$}  {:>5}  {:>7}  {:>6}  {:>fw$.d$}  {:>fw$.d$}  {:>fw$.d$}  {:>7.1}",
            set.name,
            summary.docs,
            report.missing,
            report.errors,
            summary.f1,
            summary.precision,
            summary.recall,
            report.docs_per_second(),
        )?;
    }
    // The mean sits in the F1 column.
    let before_f1 = 2 + 5 + 2 + 7 + 2 + 6 + 2;
    writeln!(
        out,
        "{:<width$}{:before_f1$}{:>fw$.d$}   ({} set{})",
        "mean F1",
        "",
        mean_f1(sets),
        sets.len(),
        if sets.len() == 1 { "" } else { "s" }
    )?;
    let seconds: f64 = sets.iter().map(|set| set.report.seconds).sum();
    let megabytes: f64 = sets.iter().map(|set| set.report.bytes as f64 / 1e6).sum();
    let jobs = jobs(sets);
    writeln!(
        out,
        "\nfavor {}, {jobs} thread{}: {seconds:.2} s extracting {megabytes:.1} MB (after gunzip), {:.1} MB/s",
        favor_name(favor),
        if jobs == 1 { "" } else { "s" },
        if seconds > 0.0 { megabytes / seconds } else { 0.0 },
    )?;
    for set in sets {
        write_worst(set, worst, out)?;
    }
    Ok(())
}

/// A set's `n` lowest-quality pages: F1, precision and recall for
/// shingles; missed `with` and present `without` snippets for snippets.
fn write_worst(set: &SetReport, n: usize, out: &mut dyn Write) -> io::Result<()> {
    let worst = set.report.worst(n);
    if worst.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{}: worst {}", set.name, worst.len())?;
    match set.report.metric {
        super::Metric::Shingles => writeln!(out, "f1      prec    recall  id")?,
        super::Metric::Snippets => writeln!(out, "right   missed  present  id")?,
    }
    for page in worst {
        match &page.score {
            PageScore::Shingles(score) => write!(
                out,
                "{:.3}   {:.3}   {:.3}   {}",
                score.f1, score.precision, score.recall, page.id
            )?,
            PageScore::Snippets(score) => write!(
                out,
                "{:.3}   {:<6}  {:<7}  {}",
                score.share_right(),
                format!("{}/{}", score.with - score.with_found, score.with),
                format!("{}/{}", score.without_found, score.without),
                page.id
            )?,
        }
        match &page.error {
            Some(error) => writeln!(out, "  ({error})")?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}
