//! The parallel, ordered, memory-bounded pipeline that turns a stream of
//! inputs into a stream of results, and the pith run built on it.
//!
//! [`ordered_map`] is generic: it pulls items lazily from an iterator, runs a
//! work function on a rayon pool and hands the results to a [`Sink`] in input
//! order, as soon as a result and all earlier ones are done. At most
//! [`Settings::window`] items are alive at once (pulled from the iterator and
//! not yet handed to the sink, including results waiting in the reorder
//! buffer), however many inputs there are, so memory stays bounded.
//!
//! Design: a reader thread pulls the inputs and hands them to the
//! coordinator (the caller's thread), which spawns their work onto the pool
//! and hands finished results to the sink in order; workers send
//! `(index, result)` back into a reorder buffer. Both travel on one channel,
//! so the coordinator waits on one thing only and is never blocked by input
//! that is slow to come: a co-process that writes one line to pith's stdin
//! and waits for its record gets it, because the coordinator writes (and
//! flushes, [`Sink::idle`]) every finished record before it waits for
//! anything. Unlike windowed batches, a slow page does not hold up the
//! workers: they keep taking new inputs until the window is full. The window
//! is a count of tokens: the reader takes one before it pulls an item, the
//! coordinator gives one back when it hands a result to the sink.
//!
//! Reading is cheap: the reader only opens and sniffs a file (gzip magic,
//! `WARC/`); reading and gunzipping its bytes happens in the worker
//! ([`crate::input::Page::read`]). Measured on the 181 benchmark pages
//! (31 MB, gzip) with the skeleton extractor: reading the whole bodies on
//! one thread was 12-20% of the serial run time, opening and sniffing alone
//! is 5%, so the reader is not the bottleneck for a few dozen cores. WARC
//! and JSON Lines containers are sequential streams and are read on the
//! reader thread. Output stays on the caller's thread, so the sink needs no
//! `Send` bound (a locked stdout stays put).
//!
//! The window is bounded twice: by a count of items and by their bytes
//! ([`Settings::window_bytes`], given by the weight function of
//! [`ordered_map_weighted`]; [`run`] weighs a page by its bytes, or by its
//! size on disk while a worker has still to read it). A count alone would
//! allow `window × --max-bytes` (4 GiB of pages before any is parsed, for
//! 16 workers on 64 MiB pages). The reader waits before it hands on an
//! item that would take the bytes in flight over the budget, unless nothing
//! is in flight: a page larger than the whole budget still goes through,
//! alone.
//!
//! An [`Interrupt`] (set from a signal handler, or by a host program) stops
//! the run between two results: nothing more is handed to the sink, work
//! not started is skipped, and [`ordered_map`] returns
//! [`Outcome::Interrupted`]; the sink has only ever been given whole
//! results, so the output ends on a whole record.
//!
//! [`run`] wires the pieces of the command line together: the
//! [`crate::input::Pages`] stream, extraction per page, the dataset
//! [`Filter`], and the [`crate::output::RecordWriter`], counting everything
//! in a [`Summary`].

use std::any::Any;
use std::collections::BTreeMap;
use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::input::{Page, Pages, ReadCounts};
use crate::output::RecordWriter;
use crate::record::FilterReason;
use crate::{ErrorKind, Options, Record};

/// How many documents may be in flight per worker thread: enough that one
/// slow page does not leave the other workers idle while the reorder buffer
/// waits for it.
pub const WINDOW_PER_JOB: usize = 4;

/// Most bytes of input in flight at once (see [`Settings::window_bytes`]).
/// Parsing a page takes several times its size in memory for the DOM and
/// the extraction's tables; with 256 MiB of pages in flight the peak stays
/// around a few GiB whatever the number of workers, while 4 pages per
/// worker of the usual size (tens to hundreds of kilobytes) never come near
/// it, so parallelism is untouched on real crawls.
pub const WINDOW_BYTES: u64 = 256 * 1024 * 1024;

/// How often a waiting coordinator looks at the [`Interrupt`]: often enough
/// that Ctrl-C feels immediate, rarely enough to cost nothing.
const INTERRUPT_POLL: Duration = Duration::from_millis(100);

/// Parallelism and memory bound of [`ordered_map`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Most items alive at once: pulled from the input and not yet handed to
    /// the sink (at least 1).
    pub window: usize,
    /// Most bytes (as the weight function of [`ordered_map_weighted`] counts
    /// them) handed to the workers and not yet to the sink; an item heavier
    /// than this still goes, once nothing else is in flight.
    pub window_bytes: u64,
}

impl Settings {
    /// `jobs` workers, a window of [`WINDOW_PER_JOB`] items per worker and
    /// of [`WINDOW_BYTES`] bytes.
    pub fn with_jobs(jobs: usize) -> Settings {
        let jobs = jobs.max(1);
        Settings {
            jobs,
            window: jobs.saturating_mul(WINDOW_PER_JOB),
            window_bytes: WINDOW_BYTES,
        }
    }
}

/// The bytes in flight, shared by the reader (which adds an item's weight
/// before handing it on, waiting while that would pass the budget) and the
/// coordinator (which takes it off when the item's result goes to the
/// sink).
#[derive(Default)]
struct BytesInFlight {
    bytes: Mutex<u64>,
    freed: Condvar,
    /// The run has stopped: a waiting reader gives up.
    stopped: AtomicBool,
}

impl BytesInFlight {
    fn lock(&self) -> std::sync::MutexGuard<'_, u64> {
        self.bytes.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wait until `weight` more bytes fit in `budget` (or nothing is in
    /// flight), then count them; `false` when the run stopped meanwhile.
    fn take(&self, weight: u64, budget: u64) -> bool {
        let mut bytes = self.lock();
        while *bytes > 0 && bytes.saturating_add(weight) > budget {
            if self.stopped.load(Ordering::Relaxed) {
                return false;
            }
            bytes = self
                .freed
                .wait_timeout(bytes, INTERRUPT_POLL)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *bytes = bytes.saturating_add(weight);
        true
    }

    fn give_back(&self, weight: u64) {
        let mut bytes = self.lock();
        *bytes = bytes.saturating_sub(weight);
        self.freed.notify_all();
    }

    fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
        self.freed.notify_all();
    }
}

/// A request to stop a run early, shared with whoever may make it: a
/// signal handler (its atomic store is async-signal-safe), another thread,
/// a host program. Clones share the request.
#[derive(Debug, Clone, Default)]
pub struct Interrupt(Arc<AtomicUsize>);

impl Interrupt {
    /// No request yet.
    pub fn new() -> Interrupt {
        Interrupt::default()
    }

    /// Ask the run to stop; `code` (not 0) says why, e.g. a signal number.
    pub fn request(&self, code: usize) {
        self.0.store(code.max(1), Ordering::SeqCst);
    }

    /// The code of the request, if one was made.
    pub fn requested(&self) -> Option<usize> {
        match self.0.load(Ordering::SeqCst) {
            0 => None,
            code => Some(code),
        }
    }

    /// The shared flag itself, for registering with a signal handler
    /// (`signal_hook::flag::register_usize(SIGINT, interrupt.flag(), 2)`).
    pub fn flag(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.0)
    }
}

/// Receives the results of [`ordered_map`] in input order.
pub trait Sink<R> {
    /// Why the sink could not take a result (for output, an I/O error).
    type Error;

    /// Take the next result in input order.
    fn accept(&mut self, result: R) -> Result<(), Self::Error>;

    /// Called when the pipeline is about to wait (for a worker or for
    /// input): the moment to flush buffered output so that readers
    /// downstream see finished results without waiting for a full buffer.
    fn idle(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// How [`ordered_map`] ended, when the sink did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every item was handed to the sink.
    Finished,
    /// The [`Interrupt`] was requested with `code`; `dropped` items had been
    /// pulled but were not handed to the sink.
    Interrupted {
        /// The interrupt's code.
        code: usize,
        /// Items pulled and not handed on.
        dropped: usize,
    },
}

/// Why [`ordered_map`] stopped early.
#[derive(Debug)]
pub enum PipelineError<E> {
    /// The worker pool could not be started.
    ThreadPool(rayon::ThreadPoolBuildError),
    /// The input reader thread could not be started.
    ReaderThread(io::Error),
    /// The sink refused a result; no further items were read.
    Sink(E),
}

impl<E: fmt::Display> fmt::Display for PipelineError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineError::ThreadPool(e) => write!(f, "cannot start worker threads: {e}"),
            PipelineError::ReaderThread(e) => write!(f, "cannot start the input thread: {e}"),
            PipelineError::Sink(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for PipelineError<E> {}

/// What reaches the coordinator: an input from the reader thread, the end
/// of the input, or a worker's result (`None` when the run was cancelled
/// before the work started).
enum Event<T, R> {
    Item(usize, T, u64),
    End,
    ReaderPanicked(Box<dyn Any + Send>),
    Done(usize, Option<std::thread::Result<R>>),
}

/// Apply `work` to every item on `settings.jobs` threads and pass the results
/// to `sink` in the order of `items`.
///
/// Items are pulled lazily on a thread of their own and at most
/// `settings.window` of them are alive at any time. Every result is handed
/// to the sink as soon as it and all earlier ones are done, and the sink is
/// flushed ([`Sink::idle`]) before the pipeline waits for anything, input
/// included. When the sink fails, no further items are pulled, work that has
/// not started is skipped, and the sink's error is returned once the running
/// work has finished; `interrupt` stops the run the same way and gives
/// [`Outcome::Interrupted`].
///
/// When the run stops early the reader thread is left to end by itself: it
/// pulls nothing more, but an input that blocks (a terminal, a pipe whose
/// writer waits) holds it until that input gives a line or ends.
///
/// `work` should not panic (pith's extraction catches its own panics); if it
/// (or the input iterator) does, the pipeline stops like on a sink error and
/// re-raises the panic on the calling thread after the workers are done, so
/// a panic can never leave the pipeline waiting forever.
///
/// Every item weighs nothing here, so [`Settings::window_bytes`] plays no
/// part; see [`ordered_map_weighted`].
pub fn ordered_map<I, W, R, S>(
    items: I,
    settings: Settings,
    work: W,
    sink: &mut S,
    interrupt: &Interrupt,
) -> Result<Outcome, PipelineError<S::Error>>
where
    I: IntoIterator,
    I::IntoIter: Send + 'static,
    I::Item: Send + 'static,
    W: Fn(I::Item) -> R + Sync,
    R: Send + 'static,
    S: Sink<R>,
{
    ordered_map_weighted(items, settings, |_| 0, work, sink, interrupt)
}

/// [`ordered_map`], with the window bounded in bytes as well: `weight`
/// tells the bytes of an item (called on the reader thread), and items are
/// handed to the workers only while the weights of those not yet handed to
/// the sink stay within [`Settings::window_bytes`]; an item heavier than
/// the whole budget goes alone.
pub fn ordered_map_weighted<I, G, W, R, S>(
    items: I,
    settings: Settings,
    weight: G,
    work: W,
    sink: &mut S,
    interrupt: &Interrupt,
) -> Result<Outcome, PipelineError<S::Error>>
where
    I: IntoIterator,
    I::IntoIter: Send + 'static,
    I::Item: Send + 'static,
    G: Fn(&I::Item) -> u64 + Send + 'static,
    W: Fn(I::Item) -> R + Sync,
    R: Send + 'static,
    S: Sink<R>,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs.max(1))
        .thread_name(|i| format!("pith-worker-{i}"))
        .build()
        .map_err(PipelineError::ThreadPool)?;
    let window = settings.window.max(1);
    let (sender, events) = mpsc::channel::<Event<I::Item, R>>();
    let (tokens, token_box) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        // The channel holds `window` tokens: this cannot fail.
        let _ = tokens.send(());
    }
    let in_flight = Arc::new(BytesInFlight::default());
    let window_bytes = settings.window_bytes;
    let reader = {
        let sender = sender.clone();
        let in_flight = Arc::clone(&in_flight);
        let mut items = items.into_iter().enumerate();
        std::thread::Builder::new()
            .name("pith-reader".into())
            .spawn(move || {
                while token_box.recv().is_ok() {
                    let next = panic::catch_unwind(AssertUnwindSafe(|| {
                        items.next().map(|(index, item)| {
                            let bytes = weight(&item);
                            (index, item, bytes)
                        })
                    }));
                    let event = match next {
                        Ok(Some((index, item, bytes))) => {
                            if !in_flight.take(bytes, window_bytes) {
                                return;
                            }
                            Event::Item(index, item, bytes)
                        }
                        Ok(None) => Event::End,
                        Err(payload) => Event::ReaderPanicked(payload),
                    };
                    let last = !matches!(event, Event::Item(..));
                    if sender.send(event).is_err() || last {
                        return;
                    }
                }
            })
            .map_err(PipelineError::ReaderThread)?
    };
    let cancelled = AtomicBool::new(false);
    let work = &work;
    let cancelled = &cancelled;

    let mut panic_payload = None;
    let outcome = pool.in_place_scope(|scope| {
        // Results that are done but wait for an earlier one, by position.
        let mut reorder: BTreeMap<usize, R> = BTreeMap::new();
        // The weights of the items pulled and not yet handed to the sink,
        // in input order (the order they leave in).
        let mut weights: VecDeque<u64> = VecDeque::new();
        let mut next_out = 0usize;
        let mut pulled = 0usize;
        let mut ended = false;
        let stop = |code: usize, pulled: usize, next_out: usize| {
            cancelled.store(true, Ordering::Relaxed);
            Ok(Outcome::Interrupted {
                code,
                dropped: pulled - next_out,
            })
        };
        loop {
            while let Some(result) = reorder.remove(&next_out) {
                next_out += 1;
                if let Err(e) = sink.accept(result) {
                    cancelled.store(true, Ordering::Relaxed);
                    return Err(PipelineError::Sink(e));
                }
                // The reader may have ended: a token nobody takes is fine.
                let _ = tokens.try_send(());
                in_flight.give_back(weights.pop_front().unwrap_or(0));
                if let Some(code) = interrupt.requested() {
                    return stop(code, pulled, next_out);
                }
            }
            if ended && next_out == pulled {
                return Ok(Outcome::Finished);
            }
            if let Some(code) = interrupt.requested() {
                return stop(code, pulled, next_out);
            }
            let event = match events.try_recv() {
                Ok(event) => event,
                Err(_) => {
                    if let Err(e) = sink.idle() {
                        cancelled.store(true, Ordering::Relaxed);
                        return Err(PipelineError::Sink(e));
                    }
                    loop {
                        match events.recv_timeout(INTERRUPT_POLL) {
                            Ok(event) => break event,
                            Err(mpsc::RecvTimeoutError::Timeout) => {
                                if let Some(code) = interrupt.requested() {
                                    return stop(code, pulled, next_out);
                                }
                            }
                            // Unreachable while `sender` lives in this frame.
                            Err(mpsc::RecvTimeoutError::Disconnected) => {
                                return Ok(Outcome::Finished)
                            }
                        }
                    }
                }
            };
            match event {
                Event::Item(index, item, bytes) => {
                    pulled += 1;
                    weights.push_back(bytes);
                    let sender = sender.clone();
                    scope.spawn(move |_| {
                        let result = if cancelled.load(Ordering::Relaxed) {
                            None
                        } else {
                            Some(panic::catch_unwind(AssertUnwindSafe(|| work(item))))
                        };
                        // The receiver outlives the scope, so this cannot
                        // fail; nothing to do if it somehow did.
                        let _ = sender.send(Event::Done(index, result));
                    });
                }
                Event::End => ended = true,
                Event::Done(index, Some(Ok(result))) => {
                    reorder.insert(index, result);
                }
                Event::Done(_, Some(Err(payload))) | Event::ReaderPanicked(payload) => {
                    cancelled.store(true, Ordering::Relaxed);
                    panic_payload = Some(payload);
                    return Ok(Outcome::Finished);
                }
                // Only sent after cancellation, which has already returned.
                Event::Done(_, None) => {}
            }
        }
    });
    // A reader waiting for bytes to be freed gives up.
    in_flight.stop();
    if let Some(payload) = panic_payload {
        panic::resume_unwind(payload);
    }
    if matches!(outcome, Ok(Outcome::Finished)) {
        // The reader sent its last event and has returned (or is about to).
        let _ = reader.join();
    }
    outcome
}

/// Which pages go into the dataset: records of pages turned away are not
/// written (unless `keep_filtered`), but they are counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Turn away articles shorter than this many characters (Unicode scalar
    /// values) (0: none).
    pub min_chars: usize,
    /// Keep only pages in one of these languages (ISO 639-1, lower case);
    /// empty: any. A page whose language is unknown is turned away.
    pub languages: Vec<String>,
    /// Turn away pages that failed.
    pub only_ok: bool,
    /// Write the records of pages turned away too, marked with `filtered`.
    pub keep_filtered: bool,
}

impl Filter {
    /// Why `record` is turned away, if it is. A failed page is turned away
    /// only by `only_ok`: the other filters judge articles, and its record
    /// is kept so that the failure shows.
    pub fn reason(&self, record: &Record) -> Option<FilterReason> {
        if record.error.is_some() {
            return self.only_ok.then_some(FilterReason::Error);
        }
        if self.min_chars > 0 && record.text.chars().count() < self.min_chars {
            return Some(FilterReason::MinChars);
        }
        if !self.languages.is_empty()
            && !record
                .metadata
                .language
                .as_ref()
                .is_some_and(|language| self.languages.contains(language))
        {
            return Some(FilterReason::Lang);
        }
        None
    }
}

/// How a pith run goes, besides what to extract ([`Options`]).
#[derive(Debug, Clone, Default)]
pub struct RunSettings {
    /// Worker threads (0 counts as 1).
    pub jobs: usize,
    /// No per-page warnings on stderr.
    pub quiet: bool,
    /// Which pages go into the output.
    pub filter: Filter,
    /// Stops the run between two records when requested.
    pub interrupt: Interrupt,
    /// The day to check the dates of pages that bring no fetch day against,
    /// when [`Options::now`] is unset ([`Page::extract_dated`]); `None`:
    /// the system clock's day at each page.
    pub fallback_day: Option<crate::Date>,
}

/// What a pith run did, for the exit status and `--stats`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Pages read and extracted (written or filtered out).
    pub pages: u64,
    /// Records written.
    pub records: u64,
    /// Pages that failed (their records carry an `error`), written or not.
    pub errors: u64,
    /// Those failures by kind.
    pub errors_by_kind: BTreeMap<ErrorKind, u64>,
    /// Pages read without error whose article is empty.
    pub empty: u64,
    /// Pages turned away by the [`Filter`], by reason.
    pub filtered: BTreeMap<FilterReason, u64>,
    /// Pages read but neither written nor filtered: in flight when the run
    /// was interrupted.
    pub dropped: u64,
    /// What reading found besides pages (files, skipped WARC records,
    /// empty directories).
    pub read: ReadCounts,
    /// The code of the [`Interrupt`] that stopped the run (the CLI uses
    /// signal numbers), if one did.
    pub interrupted: Option<usize>,
    /// The `id` of the last record written.
    pub last_id: Option<String>,
    /// Input bytes of the pages read (after gzip, before decoding).
    pub bytes: u64,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// The reader of stdout went away (e.g. `pith dir | head -1`); the run
    /// stopped early, which is not a failure.
    pub output_closed: bool,
    /// Writing the output failed for another reason (e.g. a full disk).
    pub output_error: Option<String>,
}

/// `name n, name n` for a count table, or `none`.
fn counts_line<K>(counts: &BTreeMap<K, u64>, name: impl Fn(&K) -> &str) -> String {
    if counts.is_empty() {
        return "none".into();
    }
    counts
        .iter()
        .map(|(key, n)| format!("{} {n}", name(key)))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Summary {
    /// Pages read per second of the run.
    pub fn pages_per_second(&self) -> f64 {
        self.pages as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Input megabytes (10^6 bytes) read per second of the run.
    pub fn mb_per_second(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// WARC records skipped, all reasons together.
    pub fn warc_skipped(&self) -> u64 {
        self.read.warc_skipped.values().sum()
    }

    /// Pages turned away by the filter, all reasons together.
    pub fn filtered_total(&self) -> u64 {
        self.filtered.values().sum()
    }

    /// The report printed by `--stats`: one line of totals, then one line
    /// for each count table that is not empty.
    pub fn stats_lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "pith: {} pages read, {} records written, {} errors, {} empty articles, {} filtered, \
             {} WARC records skipped, {:.2} s, {:.1} docs/s, {:.2} MB/s",
            self.pages,
            self.records,
            self.errors,
            self.empty,
            self.filtered_total(),
            self.warc_skipped(),
            self.elapsed.as_secs_f64(),
            self.pages_per_second(),
            self.mb_per_second(),
        )];
        if !self.errors_by_kind.is_empty() {
            lines.push(format!(
                "pith: errors by kind: {}",
                counts_line(&self.errors_by_kind, |kind| kind.name())
            ));
        }
        if !self.read.warc_skipped.is_empty() {
            lines.push(format!(
                "pith: WARC records skipped: {}",
                counts_line(&self.read.warc_skipped, |reason| reason)
            ));
        }
        if !self.filtered.is_empty() {
            lines.push(format!(
                "pith: filtered: {}",
                counts_line(&self.filtered, |reason| reason.name())
            ));
        }
        lines
    }

    /// The same counts as JSON (`--stats-json`), every key always present,
    /// and `peak_rss_bytes` ([`peak_rss_bytes`]) where it is known.
    pub fn stats_json(&self) -> serde_json::Value {
        let by_kind: serde_json::Map<String, serde_json::Value> = self
            .errors_by_kind
            .iter()
            .map(|(kind, n)| (kind.name().to_string(), json!(n)))
            .collect();
        let filtered: serde_json::Map<String, serde_json::Value> = self
            .filtered
            .iter()
            .map(|(reason, n)| (reason.name().to_string(), json!(n)))
            .collect();
        let mut stats = json!({
            "pages": self.pages,
            "records": self.records,
            "errors": {"total": self.errors, "by_kind": by_kind},
            "empty_articles": self.empty,
            "filtered": {"total": self.filtered_total(), "by_reason": filtered},
            "warc_skipped": {"total": self.warc_skipped(), "by_reason": self.read.warc_skipped},
            "files": self.read.files,
            "empty_directories": self.read.empty_directories,
            "dropped": self.dropped,
            "interrupted": self.interrupted,
            "last_id": self.last_id,
            "bytes": self.bytes,
            "seconds": self.elapsed.as_secs_f64(),
            "docs_per_second": self.pages_per_second(),
            "mb_per_second": self.mb_per_second(),
        });
        if let (Some(object), Some(peak)) = (stats.as_object_mut(), peak_rss_bytes()) {
            object.insert("peak_rss_bytes".into(), json!(peak));
        }
        stats
    }
}

/// The most memory the process has held at once (its peak resident set,
/// `VmHWM` in `/proc/self/status`), in bytes; `None` where that is not
/// known (systems other than Linux).
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    kib.checked_mul(1024)
}

/// The sink of a pith run: filters, writes each record, warns about failed
/// ones on stderr, counts, and reports progress.
struct RunSink<'a, W: io::Write> {
    writer: &'a mut RecordWriter<W>,
    quiet: bool,
    filter: &'a Filter,
    summary: Summary,
    progress: &'a mut dyn FnMut(&Summary),
}

impl<W: io::Write> Sink<(Record, usize)> for RunSink<'_, W> {
    type Error = io::Error;

    fn accept(&mut self, (mut record, bytes): (Record, usize)) -> io::Result<()> {
        let summary = &mut self.summary;
        summary.pages += 1;
        summary.bytes += bytes as u64;
        if let Some(error) = &record.error {
            summary.errors += 1;
            let kind = record.error_kind.unwrap_or(ErrorKind::Internal);
            *summary.errors_by_kind.entry(kind).or_insert(0) += 1;
            if !self.quiet {
                eprintln!("pith: {}: {}", record.id, error);
            }
        } else if record.text.is_empty() {
            summary.empty += 1;
        }
        let reason = self.filter.reason(&record);
        if let Some(reason) = reason {
            *summary.filtered.entry(reason).or_insert(0) += 1;
        }
        if reason.is_none() || self.filter.keep_filtered {
            record.filtered = reason;
            self.writer.write(&record)?;
            self.summary.records += 1;
            self.summary.last_id = Some(record.id);
        }
        (self.progress)(&self.summary);
        Ok(())
    }

    fn idle(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Extract every page of `pages` and write the records, in input order, to
/// `writer`, calling `progress` after each page.
///
/// Per-page failures become records with an `error` (and a warning on stderr
/// unless `quiet`); only a failure of the output itself stops the run early,
/// and that is reported in the returned [`Summary`], not as a panic; so is
/// an interrupt. The writer is flushed but not finished: call
/// [`RecordWriter::finish`] afterwards, whatever happened.
pub fn run<W: io::Write>(
    pages: Pages,
    options: &Options,
    settings: &RunSettings,
    writer: &mut RecordWriter<W>,
    progress: &mut dyn FnMut(&Summary),
) -> Summary {
    let started = Instant::now();
    let report = pages.report();
    let mut sink = RunSink {
        writer,
        quiet: settings.quiet,
        filter: &settings.filter,
        summary: Summary::default(),
        progress,
    };
    let result = ordered_map_weighted(
        pages,
        Settings::with_jobs(settings.jobs),
        |page: &Page| page.weight(),
        |mut page: Page| {
            // Reading (and gunzipping) a file happens here, on the worker.
            page.read();
            let bytes = page.byte_len();
            (page.extract_dated(options, settings.fallback_day), bytes)
        },
        &mut sink,
        &settings.interrupt,
    );
    let mut summary = std::mem::take(&mut sink.summary);
    let result = match result {
        Ok(Outcome::Finished) => Ok(()),
        Ok(Outcome::Interrupted { code, dropped }) => {
            summary.interrupted = Some(code);
            summary.dropped = dropped as u64;
            Ok(())
        }
        Err(PipelineError::Sink(e)) => Err(e),
        Err(e) => Err(io::Error::other(e.to_string())),
    }
    .and_then(|()| sink.writer.flush());
    if let Err(e) = result {
        if e.kind() == io::ErrorKind::BrokenPipe {
            summary.output_closed = true;
        } else {
            summary.output_error = Some(e.to_string());
        }
    }
    summary.read = report.counts();
    summary.elapsed = started.elapsed();
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts of the documents of one test: alive now, and the peak.
    #[derive(Clone, Default)]
    struct Census {
        alive: Arc<AtomicUsize>,
        peak: Arc<AtomicUsize>,
    }

    /// A document stand-in that counts how many of its kind are alive.
    struct Tracked {
        index: usize,
        census: Census,
    }

    impl Tracked {
        fn new(index: usize, census: &Census) -> Tracked {
            let now = census.alive.fetch_add(1, Ordering::SeqCst) + 1;
            census.peak.fetch_max(now, Ordering::SeqCst);
            Tracked {
                index,
                census: census.clone(),
            }
        }
    }

    impl Drop for Tracked {
        fn drop(&mut self) {
            self.census.alive.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// `n` tracked items, created as they are pulled.
    fn tracked(n: usize, census: &Census) -> impl Iterator<Item = Tracked> + Send + 'static {
        let census = census.clone();
        (0..n).map(move |i| Tracked::new(i, &census))
    }

    /// Collects indices; fails on the `fail_at`-th result if set.
    struct Collect {
        seen: Vec<usize>,
        fail_at: Option<usize>,
    }

    impl Collect {
        fn new() -> Collect {
            Collect {
                seen: Vec::new(),
                fail_at: None,
            }
        }
    }

    impl Sink<Tracked> for Collect {
        type Error = String;
        fn accept(&mut self, item: Tracked) -> Result<(), String> {
            if Some(self.seen.len()) == self.fail_at {
                return Err("sink full".to_string());
            }
            self.seen.push(item.index);
            Ok(())
        }
    }

    /// Work whose duration varies so that results finish out of order.
    fn uneven_work(item: Tracked) -> Tracked {
        let micros = (item.index * 7919 % 13) as u64 * 150;
        std::thread::sleep(Duration::from_micros(micros));
        item
    }

    #[test]
    fn keeps_order_and_never_exceeds_the_window() {
        let census = Census::default();
        let settings = Settings {
            jobs: 4,
            window: 6,
            window_bytes: u64::MAX,
        };
        let mut sink = Collect::new();
        let outcome = ordered_map(
            tracked(400, &census),
            settings,
            uneven_work,
            &mut sink,
            &Interrupt::new(),
        );
        assert_eq!(outcome.unwrap(), Outcome::Finished);
        assert_eq!(sink.seen, (0..400).collect::<Vec<_>>());
        let peak = census.peak.load(Ordering::SeqCst);
        assert!(peak <= 6, "{peak} documents alive at once, window is 6");
        // With 4 workers the window must actually be used, or the pipeline
        // would be running items one at a time.
        assert!(peak >= 4, "peak {peak}: pipeline did not run in parallel");
        assert_eq!(census.alive.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn window_of_one_runs_strictly_in_sequence() {
        let census = Census::default();
        let mut sink = Collect::new();
        let settings = Settings {
            jobs: 3,
            window: 1,
            window_bytes: u64::MAX,
        };
        ordered_map(
            tracked(50, &census),
            settings,
            uneven_work,
            &mut sink,
            &Interrupt::new(),
        )
        .unwrap();
        assert_eq!(sink.seen.len(), 50);
        assert_eq!(census.peak.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn sink_error_stops_reading_inputs() {
        let census = Census::default();
        let pulled = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&pulled);
        let inner = census.clone();
        let items = (0..10_000).map(move |i| {
            counter.fetch_add(1, Ordering::SeqCst);
            Tracked::new(i, &inner)
        });
        let mut sink = Collect {
            seen: Vec::new(),
            fail_at: Some(3),
        };
        let result = ordered_map(
            items,
            Settings {
                jobs: 2,
                window: 8,
                window_bytes: u64::MAX,
            },
            uneven_work,
            &mut sink,
            &Interrupt::new(),
        );
        assert!(matches!(result, Err(PipelineError::Sink(ref e)) if e == "sink full"));
        assert_eq!(sink.seen, vec![0, 1, 2]);
        // Three written, the failing one, and at most a window more.
        assert!(pulled.load(Ordering::SeqCst) <= 4 + 8);
    }

    #[test]
    fn panic_in_work_is_reraised_not_hung() {
        let outcome = panic::catch_unwind(|| {
            let mut sink = Collect::new();
            let census = Census::default();
            let _ = ordered_map(
                tracked(100, &census),
                Settings::with_jobs(2),
                |item: Tracked| {
                    if item.index == 5 {
                        panic!("work failed on item 5");
                    }
                    item
                },
                &mut sink,
                &Interrupt::new(),
            );
        });
        let payload = outcome.expect_err("the panic must reach the caller");
        assert_eq!(
            payload.downcast_ref::<&str>(),
            Some(&"work failed on item 5")
        );
    }

    /// Items of 40 bytes each (the one at 7: 1,000) in a window of 100
    /// bytes: never more than two at work or waiting for the sink, and the
    /// heavy one alone.
    #[test]
    fn the_window_is_bounded_in_bytes_and_a_heavy_item_goes_alone() {
        fn weight(i: usize) -> usize {
            if i == 7 {
                1000
            } else {
                40
            }
        }
        /// Bytes handed to work and not yet to the sink.
        struct Release(Arc<AtomicUsize>, Vec<usize>);
        impl Sink<usize> for Release {
            type Error = String;
            fn accept(&mut self, i: usize) -> Result<(), String> {
                self.0.fetch_sub(weight(i), Ordering::SeqCst);
                self.1.push(i);
                Ok(())
            }
        }
        let working = Arc::new(AtomicUsize::new(0));
        let peak = AtomicUsize::new(0);
        let heavy_alone = AtomicBool::new(false);
        let mut sink = Release(Arc::clone(&working), Vec::new());
        let outcome = ordered_map_weighted(
            0..200usize,
            Settings {
                jobs: 4,
                window: 16,
                window_bytes: 100,
            },
            |i: &usize| weight(*i) as u64,
            |i: usize| {
                let now = working.fetch_add(weight(i), Ordering::SeqCst) + weight(i);
                if i == 7 {
                    heavy_alone.store(now == 1000, Ordering::SeqCst);
                } else {
                    peak.fetch_max(now, Ordering::SeqCst);
                }
                std::thread::sleep(Duration::from_micros(200));
                i
            },
            &mut sink,
            &Interrupt::new(),
        );
        assert_eq!(outcome.unwrap(), Outcome::Finished);
        assert_eq!(sink.1, (0..200).collect::<Vec<_>>());
        assert!(
            heavy_alone.load(Ordering::SeqCst),
            "the heavy item had company"
        );
        let peak = peak.load(Ordering::SeqCst);
        assert!(peak <= 100, "{peak} bytes at once");
        assert!(peak >= 80, "{peak}: two light items never ran together");
    }

    #[test]
    fn empty_input_produces_nothing() {
        let mut sink = Collect::new();
        ordered_map(
            std::iter::empty::<Tracked>(),
            Settings::with_jobs(2),
            uneven_work,
            &mut sink,
            &Interrupt::new(),
        )
        .unwrap();
        assert!(sink.seen.is_empty());
    }

    #[test]
    fn settings_scale_window_with_jobs() {
        assert_eq!(Settings::with_jobs(3).window, 3 * WINDOW_PER_JOB);
        assert_eq!(Settings::with_jobs(0).jobs, 1);
    }

    /// A sink that remembers, for each result, whether it was flushed
    /// before the input was asked for more.
    struct Flushed {
        written: Vec<usize>,
        flushed: Arc<AtomicUsize>,
    }

    impl Sink<usize> for Flushed {
        type Error = String;
        fn accept(&mut self, item: usize) -> Result<(), String> {
            self.written.push(item);
            Ok(())
        }
        fn idle(&mut self) -> Result<(), String> {
            self.flushed.store(self.written.len(), Ordering::SeqCst);
            Ok(())
        }
    }

    /// Input that, like a co-process, gives the next item only once the
    /// result of the previous one has been flushed, and fails the test
    /// after a timeout otherwise.
    #[test]
    fn each_result_is_flushed_before_waiting_for_more_input() {
        let flushed = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&flushed);
        let items = (0..5usize).inspect(move |&i| {
            let waited = Instant::now();
            while seen.load(Ordering::SeqCst) < i {
                assert!(
                    waited.elapsed() < Duration::from_secs(5),
                    "item {i} was asked for before result {} was flushed",
                    i - 1
                );
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        let mut sink = Flushed {
            written: Vec::new(),
            flushed,
        };
        let outcome = ordered_map(
            items,
            Settings::with_jobs(2),
            |i| i,
            &mut sink,
            &Interrupt::new(),
        );
        assert_eq!(outcome.unwrap(), Outcome::Finished);
        assert_eq!(sink.written, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn interrupt_stops_between_results_even_while_input_blocks() {
        let interrupt = Interrupt::new();
        let trigger = interrupt.clone();
        // Three items, then input that never comes (like a terminal).
        let items = (0..usize::MAX).inspect(move |&i| {
            if i == 3 {
                trigger.request(15);
                loop {
                    std::thread::sleep(Duration::from_secs(60));
                }
            }
        });
        let mut sink = Flushed {
            written: Vec::new(),
            flushed: Arc::default(),
        };
        let started = Instant::now();
        let outcome = ordered_map(items, Settings::with_jobs(2), |i| i, &mut sink, &interrupt);
        assert!(
            matches!(outcome, Ok(Outcome::Interrupted { code: 15, .. })),
            "{outcome:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(sink.written.len() <= 3);
        assert_eq!(sink.written, (0..sink.written.len()).collect::<Vec<_>>());
    }

    #[test]
    fn filter_judges_articles_and_failures_apart() {
        let ok = |text: &str, language: Option<&str>| {
            let mut record = Record {
                text: text.into(),
                ..Record::default()
            };
            record.metadata.language = language.map(str::to_string);
            record
        };
        let failed = Record::failed(ErrorKind::NotHtml, "a PNG image");
        let none = Filter::default();
        assert_eq!(none.reason(&ok("", None)), None);
        assert_eq!(none.reason(&failed), None);
        let filter = Filter {
            min_chars: 5,
            languages: vec!["de".into(), "en".into()],
            only_ok: true,
            keep_filtered: false,
        };
        assert_eq!(filter.reason(&failed), Some(FilterReason::Error));
        assert_eq!(
            filter.reason(&ok("äöü", Some("de"))),
            Some(FilterReason::MinChars)
        );
        assert_eq!(filter.reason(&ok("ääääää", Some("de"))), None);
        assert_eq!(
            filter.reason(&ok("long enough", Some("fr"))),
            Some(FilterReason::Lang)
        );
        assert_eq!(
            filter.reason(&ok("long enough", None)),
            Some(FilterReason::Lang)
        );
        let lenient = Filter {
            min_chars: 5,
            ..Filter::default()
        };
        assert_eq!(lenient.reason(&failed), None, "failures stay visible");
    }
}
