//! The output unit: one [`Record`] per input page, serialised as one JSON
//! object per line.

use serde::Serialize;

use crate::decode::EncodingSource;
use crate::extract::Comment;
use crate::metadata::Metadata;

/// Everything pith found out about one page.
///
/// Fields that are unknown are `null` in JSON, never guessed. The README's
/// "Record" section documents each field for users.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Record {
    /// Where the page came from: a file path, `-` for stdin, or a record id
    /// from a container format.
    pub source: String,
    /// The page's metadata: url, title, authors, dates, site, language, ...
    /// (each field documented on [`Metadata`]); flattened into the record.
    #[serde(flatten)]
    pub metadata: Metadata,
    /// The article text: blocks separated by a blank line.
    pub text: String,
    /// The article as CommonMark with GFM tables; only when asked for
    /// ([`crate::Options::markdown`]), absent from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    /// The article as clean HTML, safe to embed; only when asked for
    /// ([`crate::Options::html`]), absent from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// Reader comments in page order, only when asked for
    /// ([`crate::Options::comments`]): then `[]` when the page has none;
    /// otherwise absent from the JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments: Option<Vec<Comment>>,
    /// The character encoding used to decode the page (WHATWG name).
    pub encoding: Option<String>,
    /// How that encoding was found.
    pub encoding_source: Option<EncodingSource>,
    /// What failed, in words, when a stage could not do its work; `null` on
    /// success.
    pub error: Option<String>,
}
