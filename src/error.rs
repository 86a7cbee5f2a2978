//! The library's error type.
//!
//! Extraction itself never fails: whatever goes wrong with a page (it cannot
//! be read, a panic inside extraction) is reported as text in the record's
//! `error` field. [`Error`] is for the calls that refuse their arguments, so
//! that a caller can tell the cases apart instead of matching on messages.

use std::fmt;

/// Why a library call refused its arguments.
///
/// The [`Display`](fmt::Display) text is a complete message meant for the
/// user (the CLI prints it after the option's name).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An encoding label that names no WHATWG encoding.
    UnknownEncoding {
        /// The label as given.
        label: String,
    },
    /// An encoding label naming the WHATWG "replacement" encoding (labels
    /// such as `iso-2022-kr`), which decodes every page to one U+FFFD.
    ReplacementEncoding {
        /// The label as given.
        label: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownEncoding { label } => write!(
                f,
                "unknown encoding label {label:?}: use a WHATWG encoding label (case does not \
                 matter), e.g. utf-8, windows-1252 (also latin1, iso-8859-1, ascii), iso-8859-2, \
                 windows-1251, koi8-r, shift_jis, euc-jp, iso-2022-jp, euc-kr, gbk, gb18030, big5, \
                 utf-16le; the full list is at https://encoding.spec.whatwg.org/#names-and-labels"
            ),
            Error::ReplacementEncoding { label } => write!(
                f,
                "encoding label {label:?} names the WHATWG \"replacement\" encoding, which decodes \
                 every page to a single U+FFFD; name the page's real encoding instead"
            ),
        }
    }
}

impl std::error::Error for Error {}
