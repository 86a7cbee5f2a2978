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
//! Design: one coordinator thread (the caller's) pulls the next input,
//! spawns its work onto the pool, and hands finished results to the sink in
//! order; workers send `(index, result)` back over a channel into a reorder
//! buffer. Unlike windowed batches, a slow page does not hold up the workers:
//! they keep taking new inputs until the window is full. The coordinator only
//! opens and sniffs a file (gzip magic, `WARC/`); reading and gunzipping its
//! bytes happens in the worker ([`crate::input::Page::read`]). Measured on the
//! 181 benchmark pages (31 MB, gzip) with the skeleton extractor: reading the
//! whole bodies on the coordinator was 12-20% of the serial run time, opening
//! and sniffing alone is 5%, so the coordinator is not the bottleneck for a
//! few dozen cores. WARC and JSON Lines containers are sequential streams and
//! are read on the coordinator. Keeping input and output on one thread also
//! keeps the input iterator and the sink free of `Send` bounds (stdin and
//! stdout locks stay put). The bound is a count rather than a byte budget:
//! every page is already capped by `--max-bytes`, so the worst case is
//! `window × max_bytes`.
//!
//! [`run`] wires the pieces of the command line together: the
//! [`crate::input::Pages`] stream, extraction per page, and the
//! [`crate::output::RecordWriter`].

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::input::{Page, Pages};
use crate::output::RecordWriter;
use crate::{Options, Record};

/// How many documents may be in flight per worker thread: enough that one
/// slow page does not leave the other workers idle while the reorder buffer
/// waits for it.
pub const WINDOW_PER_JOB: usize = 4;

/// Parallelism and memory bound of [`ordered_map`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Most items alive at once: pulled from the input and not yet handed to
    /// the sink (at least 1).
    pub window: usize,
}

impl Settings {
    /// `jobs` workers and a window of [`WINDOW_PER_JOB`] items per worker.
    pub fn with_jobs(jobs: usize) -> Settings {
        let jobs = jobs.max(1);
        Settings {
            jobs,
            window: jobs.saturating_mul(WINDOW_PER_JOB),
        }
    }
}

/// Receives the results of [`ordered_map`] in input order.
pub trait Sink<R> {
    /// Why the sink could not take a result (for output, an I/O error).
    type Error;

    /// Take the next result in input order.
    fn accept(&mut self, result: R) -> Result<(), Self::Error>;

    /// Called when the pipeline is about to wait for a worker: the moment to
    /// flush buffered output so that readers downstream see finished results
    /// without waiting for a full buffer.
    fn idle(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Why [`ordered_map`] stopped early.
#[derive(Debug)]
pub enum PipelineError<E> {
    /// The worker pool could not be started.
    ThreadPool(rayon::ThreadPoolBuildError),
    /// The sink refused a result; no further items were read.
    Sink(E),
}

impl<E: fmt::Display> fmt::Display for PipelineError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineError::ThreadPool(e) => write!(f, "cannot start worker threads: {e}"),
            PipelineError::Sink(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for PipelineError<E> {}

/// What a worker sends back: the item's position and its result, or `None`
/// when the run was cancelled before the work started.
type Message<R> = (usize, Option<std::thread::Result<R>>);

/// Apply `work` to every item on `settings.jobs` threads and pass the results
/// to `sink` in the order of `items`.
///
/// Items are pulled lazily and at most `settings.window` of them are alive at
/// any time. When the sink fails, no further items are pulled, work that has
/// not started is skipped, and the sink's error is returned once the running
/// work has finished.
///
/// `work` should not panic (pith's extraction catches its own panics); if it
/// does, the pipeline stops like on a sink error and re-raises the panic on
/// the calling thread after the workers are done, so a panic can never leave
/// the pipeline waiting forever.
pub fn ordered_map<I, W, R, S>(
    items: I,
    settings: Settings,
    work: W,
    sink: &mut S,
) -> Result<(), PipelineError<S::Error>>
where
    I: IntoIterator,
    I::Item: Send,
    W: Fn(I::Item) -> R + Sync,
    R: Send,
    S: Sink<R>,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs.max(1))
        .thread_name(|i| format!("pith-worker-{i}"))
        .build()
        .map_err(PipelineError::ThreadPool)?;
    let window = settings.window.max(1);
    let cancelled = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel::<Message<R>>();
    let work = &work;
    let cancelled = &cancelled;

    let mut panic_payload = None;
    let outcome = pool.in_place_scope(|scope| {
        let mut items = items.into_iter().enumerate();
        let mut exhausted = false;
        // Results that are done but wait for an earlier one, by position.
        let mut reorder: BTreeMap<usize, R> = BTreeMap::new();
        let mut next_out = 0usize;
        // Items pulled and not yet handed to the sink.
        let mut alive = 0usize;
        loop {
            while !exhausted && alive < window {
                match items.next() {
                    None => exhausted = true,
                    Some((index, item)) => {
                        alive += 1;
                        let sender = sender.clone();
                        scope.spawn(move |_| {
                            let result = if cancelled.load(Ordering::Relaxed) {
                                None
                            } else {
                                Some(panic::catch_unwind(AssertUnwindSafe(|| work(item))))
                            };
                            // The receiver outlives the scope, so this cannot
                            // fail; nothing to do if it somehow did.
                            let _ = sender.send((index, result));
                        });
                    }
                }
            }
            if alive == 0 {
                return Ok(());
            }
            let message = match receiver.try_recv() {
                Ok(message) => message,
                Err(_) => {
                    if let Err(e) = sink.idle() {
                        cancelled.store(true, Ordering::Relaxed);
                        return Err(PipelineError::Sink(e));
                    }
                    match receiver.recv() {
                        Ok(message) => message,
                        // Unreachable while `sender` lives in this frame.
                        Err(_) => return Ok(()),
                    }
                }
            };
            match message {
                (index, Some(Ok(result))) => {
                    reorder.insert(index, result);
                }
                (_, Some(Err(payload))) => {
                    cancelled.store(true, Ordering::Relaxed);
                    panic_payload = Some(payload);
                    return Ok(());
                }
                // Only sent after cancellation, which has already returned.
                (_, None) => return Ok(()),
            }
            while let Some(result) = reorder.remove(&next_out) {
                next_out += 1;
                alive -= 1;
                if let Err(e) = sink.accept(result) {
                    cancelled.store(true, Ordering::Relaxed);
                    return Err(PipelineError::Sink(e));
                }
            }
        }
    });
    if let Some(payload) = panic_payload {
        panic::resume_unwind(payload);
    }
    outcome
}

/// What a pith run did, for the exit status and `--stats`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Records written.
    pub records: u64,
    /// Records written that carry an error.
    pub errors: u64,
    /// Input bytes of the pages written (after gzip, before decoding).
    pub bytes: u64,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// The reader of stdout went away (e.g. `pith dir | head -1`); the run
    /// stopped early, which is not a failure.
    pub output_closed: bool,
    /// Writing the output failed for another reason (e.g. a full disk).
    pub output_error: Option<String>,
}

impl Summary {
    /// The one-line report printed by `--stats`.
    pub fn stats_line(&self) -> String {
        let seconds = self.elapsed.as_secs_f64().max(1e-9);
        format!(
            "pith: {} docs, {} errors, {:.2} s, {:.1} docs/s, {:.2} MB/s",
            self.records,
            self.errors,
            self.elapsed.as_secs_f64(),
            self.records as f64 / seconds,
            self.bytes as f64 / 1e6 / seconds,
        )
    }
}

/// The sink of a pith run: writes each record, warns about failed ones on
/// stderr, and counts.
struct RunSink<'a, W: io::Write> {
    writer: &'a mut RecordWriter<W>,
    quiet: bool,
    summary: Summary,
}

impl<W: io::Write> Sink<(Record, usize)> for RunSink<'_, W> {
    type Error = io::Error;

    fn accept(&mut self, (record, bytes): (Record, usize)) -> io::Result<()> {
        if let Some(error) = &record.error {
            self.summary.errors += 1;
            if !self.quiet {
                eprintln!("pith: {}: {}", record.source, error);
            }
        }
        self.summary.records += 1;
        self.summary.bytes += bytes as u64;
        self.writer.write(&record)
    }

    fn idle(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Extract every page of `pages` with `jobs` workers and write the records,
/// in input order, to `writer`.
///
/// Per-page failures become records with an `error` (and a warning on stderr
/// unless `quiet`); only a failure of the output itself stops the run early,
/// and that is reported in the returned [`Summary`], not as a panic.
pub fn run<W: io::Write>(
    pages: Pages,
    options: &Options,
    jobs: usize,
    writer: &mut RecordWriter<W>,
    quiet: bool,
) -> Summary {
    let started = Instant::now();
    let mut sink = RunSink {
        writer,
        quiet,
        summary: Summary::default(),
    };
    let result = ordered_map(
        pages,
        Settings::with_jobs(jobs),
        |mut page: Page| {
            // Reading (and gunzipping) a file happens here, on the worker.
            page.read();
            let bytes = page.byte_len();
            (page.extract(options), bytes)
        },
        &mut sink,
    )
    .map_err(|e| match e {
        PipelineError::Sink(e) => e,
        PipelineError::ThreadPool(e) => io::Error::other(e.to_string()),
    })
    .and_then(|()| sink.writer.flush());
    let mut summary = sink.summary;
    if let Err(e) = result {
        if e.kind() == io::ErrorKind::BrokenPipe {
            summary.output_closed = true;
        } else {
            summary.output_error = Some(e.to_string());
        }
    }
    summary.elapsed = started.elapsed();
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;

    /// A document stand-in that counts how many of its kind are alive.
    struct Tracked {
        index: usize,
        alive: Arc<AtomicUsize>,
    }

    impl Tracked {
        fn new(index: usize, alive: &Arc<AtomicUsize>, peak: &AtomicUsize) -> Tracked {
            let now = alive.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            Tracked {
                index,
                alive: Arc::clone(alive),
            }
        }
    }

    impl Drop for Tracked {
        fn drop(&mut self) {
            self.alive.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Collects indices; fails on the `fail_at`-th result if set.
    struct Collect {
        seen: Vec<usize>,
        fail_at: Option<usize>,
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
        let alive = Arc::new(AtomicUsize::new(0));
        let peak = AtomicUsize::new(0);
        let settings = Settings { jobs: 4, window: 6 };
        let items = (0..400).map(|i| Tracked::new(i, &alive, &peak));
        let mut sink = Collect {
            seen: Vec::new(),
            fail_at: None,
        };
        ordered_map(items, settings, uneven_work, &mut sink).unwrap();
        assert_eq!(sink.seen, (0..400).collect::<Vec<_>>());
        let peak = peak.load(Ordering::SeqCst);
        assert!(peak <= 6, "{peak} documents alive at once, window is 6");
        // With 4 workers the window must actually be used, or the pipeline
        // would be running items one at a time.
        assert!(peak >= 4, "peak {peak}: pipeline did not run in parallel");
        assert_eq!(alive.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn window_of_one_runs_strictly_in_sequence() {
        let alive = Arc::new(AtomicUsize::new(0));
        let peak = AtomicUsize::new(0);
        let items = (0..50).map(|i| Tracked::new(i, &alive, &peak));
        let mut sink = Collect {
            seen: Vec::new(),
            fail_at: None,
        };
        let settings = Settings { jobs: 3, window: 1 };
        ordered_map(items, settings, uneven_work, &mut sink).unwrap();
        assert_eq!(sink.seen.len(), 50);
        assert_eq!(peak.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn sink_error_stops_reading_inputs() {
        let alive = Arc::new(AtomicUsize::new(0));
        let peak = AtomicUsize::new(0);
        let pulled = AtomicUsize::new(0);
        let items = (0..10_000).map(|i| {
            pulled.fetch_add(1, Ordering::SeqCst);
            Tracked::new(i, &alive, &peak)
        });
        let mut sink = Collect {
            seen: Vec::new(),
            fail_at: Some(3),
        };
        let result = ordered_map(
            items,
            Settings { jobs: 2, window: 8 },
            uneven_work,
            &mut sink,
        );
        assert!(matches!(result, Err(PipelineError::Sink(ref e)) if e == "sink full"));
        assert_eq!(sink.seen, vec![0, 1, 2]);
        // Three written, the failing one, and at most a window more.
        assert!(pulled.load(Ordering::SeqCst) <= 4 + 8);
        assert_eq!(alive.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn panic_in_work_is_reraised_not_hung() {
        let outcome = panic::catch_unwind(|| {
            let mut sink = Collect {
                seen: Vec::new(),
                fail_at: None,
            };
            let alive = Arc::new(AtomicUsize::new(0));
            let peak = AtomicUsize::new(0);
            let items = (0..100).map(|i| Tracked::new(i, &alive, &peak));
            let _ = ordered_map(
                items,
                Settings::with_jobs(2),
                |item: Tracked| {
                    if item.index == 5 {
                        panic!("work failed on item 5");
                    }
                    item
                },
                &mut sink,
            );
        });
        let payload = outcome.expect_err("the panic must reach the caller");
        assert_eq!(
            payload.downcast_ref::<&str>(),
            Some(&"work failed on item 5")
        );
    }

    #[test]
    fn empty_input_produces_nothing() {
        let mut sink = Collect {
            seen: Vec::new(),
            fail_at: None,
        };
        ordered_map(
            std::iter::empty::<Tracked>(),
            Settings::with_jobs(2),
            uneven_work,
            &mut sink,
        )
        .unwrap();
        assert!(sink.seen.is_empty());
    }

    #[test]
    fn settings_scale_window_with_jobs() {
        assert_eq!(Settings::with_jobs(3).window, 3 * WINDOW_PER_JOB);
        assert_eq!(Settings::with_jobs(0).jobs, 1);
    }
}
