//! `pith._pith`: the native module of the `pith-extract` Python package.
//!
//! It is a thin layer over the pith library (never the CLI): a page given
//! from Python becomes a [`pith::input::Page`], files become the CLI's own
//! [`pith::input::Pages`] stream, and every record is the library's
//! [`pith::Record`] written by the serializer the CLI writes with
//! (`serde_json`) and read back with Python's `json.loads`, so a record from
//! Python is the CLI's record, byte for byte after that round trip.
//!
//! Many pages ([`Records`]) run on a rayon pool of their own with the GIL
//! released, bounded in flight like the CLI's pipeline
//! ([`pith::pipeline::WINDOW_PER_JOB`] pages per thread, counting those
//! done but waiting for an earlier one) and handed back in input order. The
//! pool is started by the first `next()`, never at import, so a process
//! that forks after importing pith (datatrove's extractor sandbox,
//! multiprocessing) forks no threads.
//!
//! Only misuse raises (`TypeError` for a wrong type, `ValueError` for a
//! wrong value); a page that cannot be read or extracted gives a record
//! with `error` and `error_kind`, as in the CLI.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, TryLockError};
use std::time::Duration;

use pith::input::{Body, InputFormat, InputSpec, Page, Pages, DEFAULT_MAX_BYTES};
use pith::pipeline::WINDOW_PER_JOB;
use pith::{Date, ErrorKind, Favor, Options, Record};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyIterator, PyList, PyString, PyTuple};

/// How often a thread waiting for a page looks for a pending signal
/// (Ctrl-C raises `KeyboardInterrupt` within this time).
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// The extraction options of one call, as the CLI's flags give them.
#[derive(Clone)]
struct Settings {
    options: Options,
    /// The day the dates of pages without a fetch day are checked against
    /// when `now` is not given: the day the call was made, as the CLI takes
    /// the day its run starts.
    fallback_day: Option<Date>,
}

impl Settings {
    /// Check and gather the keyword options shared by every function.
    #[allow(clippy::too_many_arguments)]
    fn new(
        url: Option<String>,
        encoding: Option<String>,
        favor: &str,
        comments: bool,
        markdown: bool,
        html: bool,
        links: bool,
        images: bool,
        now: Option<&str>,
    ) -> PyResult<Settings> {
        let favor = match favor {
            "balanced" => Favor::Balanced,
            "precision" => Favor::Precision,
            "recall" => Favor::Recall,
            other => {
                return Err(PyValueError::new_err(format!(
                    "favor must be \"balanced\", \"precision\" or \"recall\", not {other:?}"
                )))
            }
        };
        let mut options = Options::default()
            .with_favor(favor)
            .with_comments(comments)
            .with_markdown(markdown)
            .with_html(html)
            .with_links(links)
            .with_images(images);
        options.url = url;
        options.encoding = encoding;
        if let Some(day) = now {
            let day = Date::parse_iso(day).ok_or_else(|| {
                PyValueError::new_err(format!("now={day:?} is not a day; write it as YYYY-MM-DD"))
            })?;
            options.now = Some(day);
        }
        Ok(Settings {
            options,
            fallback_day: Some(pith::metadata::today_utc()),
        })
    }

    /// Extract one page into its JSON record, as the CLI writes it.
    fn run(&self, page: Page) -> String {
        let id = page.id.clone();
        let record = page.extract_dated(&self.options, self.fallback_day);
        record_json(&record, &id)
    }
}

/// A record as one line of the CLI's JSON Lines output (without the
/// newline). Serializing a record cannot fail (its maps have string keys);
/// if it somehow did, the page gets an internal-error record instead of a
/// panic.
fn record_json(record: &Record, id: &str) -> String {
    serde_json::to_string(record).unwrap_or_else(|e| {
        let failed = Record {
            id: id.to_string(),
            ..Record::failed(ErrorKind::Internal, format!("cannot write the record: {e}"))
        };
        serde_json::to_string(&failed).unwrap_or_default()
    })
}

/// Parse a record line into a Python dict with `json.loads`.
fn to_dict(py: Python<'_>, loads: &Bound<'_, PyAny>, line: &str) -> PyResult<Py<PyAny>> {
    Ok(loads.call1((PyString::new(py, line),))?.unbind())
}

/// `json.loads`.
fn json_loads(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    py.import("json")?.getattr("loads")
}

/// A page's HTML given from Python: `bytes`/`bytearray` (raw, decoded by
/// pith as a file would be) or `str` (already text: UTF-8, like a JSON
/// Lines `html` string).
fn html_bytes(value: &Bound<'_, PyAny>, what: &str) -> PyResult<(Vec<u8>, Option<String>)> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        Ok((bytes.as_bytes().to_vec(), None))
    } else if let Ok(array) = value.cast::<PyByteArray>() {
        Ok((array.to_vec(), None))
    } else if let Ok(text) = value.cast::<PyString>() {
        Ok((text.to_cow()?.as_bytes().to_vec(), Some("utf-8".into())))
    } else {
        Err(PyTypeError::new_err(format!(
            "{what} must be bytes or str, not {}",
            type_name(value)
        )))
    }
}

/// An optional string field (`url`, `id`): `None` or `str` (an `id` may
/// also be an `int`).
fn optional_text(
    value: Option<Bound<'_, PyAny>>,
    what: &str,
    ints: bool,
) -> PyResult<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Some(text.to_cow()?.into_owned()));
    }
    if ints {
        if let Ok(n) = value.extract::<i128>() {
            if !value.is_instance_of::<pyo3::types::PyBool>() {
                return Ok(Some(n.to_string()));
            }
        }
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be {}, not {}",
        if ints {
            "str, int or None"
        } else {
            "str or None"
        },
        type_name(value.as_any())
    )))
}

/// The name of a value's type, for error messages.
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Turn one item of `extract_many`'s input into a page whose id is `id`
/// unless the item names its own.
fn page_from(item: &Bound<'_, PyAny>, index: usize) -> PyResult<Page> {
    let (html, url, id) = if let Ok(dict) = item.cast::<PyDict>() {
        let html = dict.get_item("html")?.ok_or_else(|| {
            PyValueError::new_err(format!("page {index}: a dict page needs an \"html\" key"))
        })?;
        let url = optional_text(dict.get_item("url")?, "a page's \"url\"", false)?;
        let id = optional_text(dict.get_item("id")?, "a page's \"id\"", true)?;
        (html, url, id)
    } else if let Ok(pair) = item.cast::<PyTuple>() {
        if pair.len() != 2 {
            return Err(PyTypeError::new_err(format!(
                "page {index}: a tuple page is (html, url), not {} items",
                pair.len()
            )));
        }
        let url = optional_text(Some(pair.get_item(1)?), "a page's url", false)?;
        (pair.get_item(0)?, url, None)
    } else if item.cast::<PyBytes>().is_ok()
        || item.cast::<PyString>().is_ok()
        || item.cast::<PyByteArray>().is_ok()
    {
        (item.clone(), None, None)
    } else {
        return Err(PyTypeError::new_err(format!(
            "page {index} must be bytes, str, an (html, url) tuple or a dict with \"html\", not {}",
            type_name(item)
        )));
    };
    let (bytes, charset) = html_bytes(&html, &format!("page {index}'s html"))?;
    let id = id.unwrap_or_else(|| index.to_string());
    let mut page = Page::new(id, "", Body::Bytes(bytes));
    page.url = url;
    page.charset = charset;
    Ok(page)
}

/// Extract the article and metadata of one page.
///
/// `page` is the raw page as `bytes` (decoded as pith decodes a file: byte
/// order mark, `encoding`, what the page declares, detection) or as `str`
/// (text already). Returns the record the `pith` CLI writes for the page,
/// as a dict with the same keys and values; `id` and `source` are empty
/// (the page came from no file). A page that cannot be extracted (empty,
/// not HTML) gives a record with `error` and `error_kind` set, never an
/// exception.
///
/// Options are the CLI's flags: `url` (the page's URL: `--url`),
/// `encoding` (a WHATWG label that overrides what the page declares),
/// `favor` (`"balanced"`, `"precision"` or `"recall"`), `comments`,
/// `markdown`, `html`, `links`, `images` (extra fields), and `now` (the day
/// to check the page's dates against, `YYYY-MM-DD`; default today).
/// The GIL is released while the page is extracted.
#[pyfunction]
#[pyo3(signature = (page, /, *, url=None, encoding=None, favor="balanced", comments=false,
    markdown=false, html=false, links=false, images=false, now=None))]
#[allow(clippy::too_many_arguments)]
fn extract(
    py: Python<'_>,
    page: &Bound<'_, PyAny>,
    url: Option<String>,
    encoding: Option<String>,
    favor: &str,
    comments: bool,
    markdown: bool,
    html: bool,
    links: bool,
    images: bool,
    now: Option<&str>,
) -> PyResult<Py<PyAny>> {
    let settings = Settings::new(
        url, encoding, favor, comments, markdown, html, links, images, now,
    )?;
    let (bytes, charset) = html_bytes(page, "page")?;
    let mut page = Page::new("", "", Body::Bytes(bytes));
    page.charset = charset;
    let line = py.detach(|| settings.run(page));
    to_dict(py, &json_loads(py)?, &line)
}

/// Where the pages of a [`Records`] iterator come from.
enum Source {
    /// A Python iterable of pages (`extract_many`).
    Python(Py<PyIterator>),
    /// Files read by the CLI's readers (`read`, `read_warc`).
    Files(Box<Pages>),
}

/// The state of a [`Records`] iterator.
struct State {
    source: Source,
    settings: Arc<Settings>,
    jobs: usize,
    window: usize,
    /// The worker pool, started by the first `next()`.
    pool: Option<rayon::ThreadPool>,
    sender: Sender<(usize, String)>,
    results: Receiver<(usize, String)>,
    /// Finished records waiting for an earlier one, by position.
    reorder: BTreeMap<usize, String>,
    /// Pages taken from the source so far.
    pulled: usize,
    /// Records handed back so far.
    handed: usize,
    /// The source has no more pages.
    ended: bool,
    /// An input item that was not a page (or an exception the input
    /// raised), by position: raised when its turn comes, after the records
    /// of the pages before it. Nothing more is read until then.
    refused: Option<(usize, PyErr)>,
    loads: Py<PyAny>,
}

/// An iterator over records, in the order of the input pages.
///
/// Returned by `extract_many`, `read` and `read_warc`. Pages are extracted
/// on a pool of `jobs` threads with the GIL released; at most
/// `4 × jobs` pages are in flight (taken from the input and not yet
/// handed back), however many there are, so memory stays bounded. Pages
/// are taken from the input as records are asked for: stop iterating and
/// no more are read.
#[pyclass(module = "pith._pith")]
struct Records {
    state: Mutex<State>,
}

impl Records {
    fn new(
        py: Python<'_>,
        source: Source,
        settings: Settings,
        jobs: Option<usize>,
    ) -> PyResult<Records> {
        let jobs = match jobs {
            Some(0) => return Err(PyValueError::new_err("jobs must be at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        };
        let (sender, results) = mpsc::channel();
        Ok(Records {
            state: Mutex::new(State {
                source,
                settings: Arc::new(settings),
                jobs,
                window: jobs.saturating_mul(WINDOW_PER_JOB),
                pool: None,
                sender,
                results,
                reorder: BTreeMap::new(),
                pulled: 0,
                handed: 0,
                ended: false,
                refused: None,
                loads: json_loads(py)?.unbind(),
            }),
        })
    }
}

impl State {
    /// Take pages from the source and start them until the window is full
    /// or the source has ended.
    fn fill(&mut self, py: Python<'_>) -> PyResult<()> {
        if self.pool.is_none() {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(self.jobs)
                .thread_name(|i| format!("pith-worker-{i}"))
                .build()
                .map_err(|e| {
                    PyRuntimeError::new_err(format!("cannot start worker threads: {e}"))
                })?;
            self.pool = Some(pool);
        }
        while !self.ended && self.refused.is_none() && self.pulled - self.handed < self.window {
            let page = match &mut self.source {
                Source::Python(iter) => {
                    match iter
                        .bind(py)
                        .clone()
                        .next()
                        .map(|item| item.and_then(|item| page_from(&item, self.pulled)))
                    {
                        None => None,
                        Some(Ok(page)) => Some(page),
                        Some(Err(e)) => {
                            self.refused = Some((self.pulled, e));
                            self.pulled += 1;
                            break;
                        }
                    }
                }
                // Reading a container is file I/O: without the GIL.
                Source::Files(pages) => py.detach(|| pages.next()),
            };
            let Some(page) = page else {
                self.ended = true;
                break;
            };
            let index = self.pulled;
            self.pulled += 1;
            let settings = Arc::clone(&self.settings);
            let sender = self.sender.clone();
            if let Some(pool) = &self.pool {
                pool.spawn(move || {
                    let id = page.id.clone();
                    // Extraction catches its own panics; anything else that
                    // panicked here would abort the process (rayon), so it
                    // becomes this page's internal-error record instead.
                    let line = panic::catch_unwind(AssertUnwindSafe(|| {
                        let mut page = page;
                        // Reading (and gunzipping) a file happens here too.
                        page.read();
                        settings.run(page)
                    }))
                    .unwrap_or_else(|_| {
                        let failed = Record {
                            id: id.clone(),
                            ..Record::failed(
                                ErrorKind::Internal,
                                "internal error in pith's binding",
                            )
                        };
                        record_json(&failed, &id)
                    });
                    // The receiver lives as long as the iterator; a record
                    // nobody waits for any more is dropped.
                    let _ = sender.send((index, line));
                });
            }
        }
        Ok(())
    }

    /// The next record in input order, if any is left.
    fn next(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        self.fill(py)?;
        loop {
            if matches!(&self.refused, Some((index, _)) if *index == self.handed) {
                if let Some((_, e)) = self.refused.take() {
                    self.handed += 1;
                    return Err(e);
                }
            }
            if let Some(line) = self.reorder.remove(&self.handed) {
                self.handed += 1;
                // Keep the workers busy while Python takes the record.
                self.fill(py)?;
                return to_dict(py, self.loads.bind(py), &line).map(Some);
            }
            if self.ended && self.handed == self.pulled {
                return Ok(None);
            }
            // `&mut` so that the closure may cross to a GIL-free section
            // (a receiver is not `Sync`).
            let results = &mut self.results;
            let got = py.detach(move || results.recv_timeout(SIGNAL_POLL));
            match got {
                Ok((index, line)) => {
                    self.reorder.insert(index, line);
                    while let Ok((index, line)) = self.results.try_recv() {
                        self.reorder.insert(index, line);
                    }
                }
                Err(RecvTimeoutError::Timeout) => py.check_signals()?,
                // Unreachable: this state holds a sender.
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err("pith: the worker pool went away"))
                }
            }
        }
    }
}

#[pymethods]
impl Records {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let mut state = match self.state.try_lock() {
            Ok(state) => state,
            Err(TryLockError::WouldBlock) => {
                return Err(PyValueError::new_err(
                    "this records iterator is already being read by another thread",
                ))
            }
            // A panic while locked (none is expected): the state is still
            // consistent enough to go on.
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
        };
        state.next(py)
    }
}

/// Extract many pages on a thread pool, yielding records in input order.
///
/// `pages` is any iterable (a generator is fine: it is read lazily, at
/// most `4 × jobs` pages ahead of the records taken). Each page is `bytes`
/// or `str` (as for `extract`), an `(html, url)` tuple, or a dict with
/// `"html"` and optionally `"url"` and `"id"` (other keys are ignored). A
/// record's `id` is the page's own id, else its position in the input
/// (`"0"`, `"1"`, ...); `source` is empty.
///
/// `jobs` is the number of worker threads (default: the number of CPUs);
/// the other options are those of `extract`. The GIL is released while the
/// pages are extracted, so other Python threads run meanwhile.
#[pyfunction]
#[pyo3(signature = (pages, *, jobs=None, url=None, encoding=None, favor="balanced",
    comments=false, markdown=false, html=false, links=false, images=false, now=None))]
#[allow(clippy::too_many_arguments)]
fn extract_many(
    py: Python<'_>,
    pages: &Bound<'_, PyAny>,
    jobs: Option<usize>,
    url: Option<String>,
    encoding: Option<String>,
    favor: &str,
    comments: bool,
    markdown: bool,
    html: bool,
    links: bool,
    images: bool,
    now: Option<&str>,
) -> PyResult<Records> {
    let settings = Settings::new(
        url, encoding, favor, comments, markdown, html, links, images, now,
    )?;
    if pages.cast::<PyBytes>().is_ok() || pages.cast::<PyString>().is_ok() {
        return Err(PyTypeError::new_err(
            "pages must be an iterable of pages, not one page: use extract() for one",
        ));
    }
    let iter = pages.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "pages must be an iterable of pages, not {}",
            type_name(pages)
        ))
    })?;
    Records::new(py, Source::Python(iter.unbind()), settings, jobs)
}

/// The paths of `read`'s `inputs`: one path (`str` or `os.PathLike`) or a
/// list or tuple of them.
fn input_paths(inputs: &Bound<'_, PyAny>) -> PyResult<Vec<OsString>> {
    let one = |value: &Bound<'_, PyAny>| -> PyResult<OsString> {
        if value.cast::<PyBytes>().is_ok() {
            return Err(PyTypeError::new_err(
                "an input path must be str or os.PathLike, not bytes",
            ));
        }
        value
            .extract::<std::path::PathBuf>()
            .map(OsString::from)
            .map_err(|_| {
                PyTypeError::new_err(format!(
                    "an input path must be str or os.PathLike, not {}",
                    type_name(value)
                ))
            })
    };
    if let Ok(list) = inputs.cast::<PyList>() {
        list.iter().map(|item| one(&item)).collect()
    } else if let Ok(tuple) = inputs.cast::<PyTuple>() {
        tuple.iter().map(|item| one(&item)).collect()
    } else {
        Ok(vec![one(inputs)?])
    }
}

/// Read pages from files as the `pith` CLI does, yielding records in input
/// order.
///
/// `inputs` is a path or a list of paths: HTML files (gzipped or not),
/// directories (walked in path order), JSON Lines and WARC files, told
/// apart as the CLI tells them (`input_format`: `"auto"`, `"html"`,
/// `"jsonl"` or `"warc"`). Records are the CLI's for the same inputs: the
/// same `id` and `source`, and for WARC the provenance fields
/// (`warc_record_id`, `warc_target_uri`, `warc_date`, `http_status`,
/// `content_type`, `warc_offset`). A file that cannot be read gives a
/// record with `error`, as in the CLI. `max_bytes` caps a page's size
/// (default 64 MiB); `jobs` and the other options are those of
/// `extract_many`.
#[pyfunction]
#[pyo3(signature = (inputs, *, input_format="auto", max_bytes=None, jobs=None, url=None,
    encoding=None, favor="balanced", comments=false, markdown=false, html=false, links=false,
    images=false, now=None))]
#[allow(clippy::too_many_arguments)]
fn read(
    py: Python<'_>,
    inputs: &Bound<'_, PyAny>,
    input_format: &str,
    max_bytes: Option<u64>,
    jobs: Option<usize>,
    url: Option<String>,
    encoding: Option<String>,
    favor: &str,
    comments: bool,
    markdown: bool,
    html: bool,
    links: bool,
    images: bool,
    now: Option<&str>,
) -> PyResult<Records> {
    let settings = Settings::new(
        url, encoding, favor, comments, markdown, html, links, images, now,
    )?;
    let format = match input_format {
        "auto" => InputFormat::Auto,
        "html" => InputFormat::Html,
        "jsonl" => InputFormat::Jsonl,
        "warc" => InputFormat::Warc,
        other => {
            return Err(PyValueError::new_err(format!(
                "input_format must be \"auto\", \"html\", \"jsonl\" or \"warc\", not {other:?}"
            )))
        }
    };
    let spec = InputSpec {
        inputs: input_paths(inputs)?,
        format,
        max_bytes: max_bytes.unwrap_or(DEFAULT_MAX_BYTES),
        ..InputSpec::default()
    };
    if spec.inputs.is_empty() {
        return Err(PyValueError::new_err("inputs names no file"));
    }
    if spec.inputs.iter().any(|input| input == "-") {
        return Err(PyValueError::new_err(
            "inputs cannot be \"-\" (stdin): pass the pages to extract_many()",
        ));
    }
    // Only a `--files-from` list can fail to open here, and there is none.
    let pages = Pages::new(&spec).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Records::new(py, Source::Files(Box::new(pages)), settings, jobs)
}

/// Read the HTML pages of a WARC file (gzipped or not), yielding records
/// with the CLI's provenance fields.
///
/// `read(path, input_format="warc", ...)`: the same records as
/// `pith --input-format warc PATH`. Only `response` records with an HTML
/// payload are pages; the others are skipped as the CLI skips them.
#[pyfunction]
#[pyo3(signature = (path, *, max_bytes=None, jobs=None, url=None, encoding=None,
    favor="balanced", comments=false, markdown=false, html=false, links=false, images=false,
    now=None))]
#[allow(clippy::too_many_arguments)]
fn read_warc(
    py: Python<'_>,
    path: &Bound<'_, PyAny>,
    max_bytes: Option<u64>,
    jobs: Option<usize>,
    url: Option<String>,
    encoding: Option<String>,
    favor: &str,
    comments: bool,
    markdown: bool,
    html: bool,
    links: bool,
    images: bool,
    now: Option<&str>,
) -> PyResult<Records> {
    if path.cast::<PyList>().is_ok() || path.cast::<PyTuple>().is_ok() {
        return Err(PyTypeError::new_err(
            "read_warc() takes one path; use read(paths, input_format=\"warc\") for many",
        ));
    }
    read(
        py, path, "warc", max_bytes, jobs, url, encoding, favor, comments, markdown, html, links,
        images, now,
    )
}

/// pith's extractor from Python: `extract`, `extract_many`, `read`,
/// `read_warc`.
#[pymodule]
fn _pith(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Records>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(read_warc, m)?)?;
    Ok(())
}
