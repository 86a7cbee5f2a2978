//! The output unit: one [`Record`] per input page, serialised as one JSON
//! object per line.

use serde::Serialize;

use crate::decode::EncodingSource;

/// Everything pith found out about one page.
///
/// Fields that are unknown are `null` in JSON, never guessed. The README's
/// "Record" section documents each field for users.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Record {
    /// Where the page came from: a file path, `-` for stdin, or a record id
    /// from a container format.
    pub source: String,
    /// The page URL: canonical URL found in the page, else the URL given by
    /// the caller.
    pub url: Option<String>,
    /// The article headline (kept out of `text`).
    pub title: Option<String>,
    /// The article text: blocks separated by a blank line.
    pub text: String,
    /// The language the page declares (e.g. `de`, `en-US`).
    pub language: Option<String>,
    /// The character encoding used to decode the page (WHATWG name).
    pub encoding: Option<String>,
    /// How that encoding was found.
    pub encoding_source: Option<EncodingSource>,
    /// What failed, in words, when a stage could not do its work; `null` on
    /// success.
    pub error: Option<String>,
}
