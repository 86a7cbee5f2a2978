//! The output unit: one [`Record`] per input page, serialised as one JSON
//! object per line.
//!
//! Field order in the JSON is the order of the struct: identity first (`id`,
//! `source`, the WARC fields), then metadata, the article, how it was
//! decoded, what failed, and last the fields copied from the input
//! (`--keep`). README's "The record" documents every field for users; the
//! names are a stable interface (datasets are built on them).

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
    /// The page's identity: the input's own id when it has one (a JSON
    /// Lines id field, a WARC-Record-ID), else a stable name built from
    /// where it came from (the path, `path#line` for JSON Lines,
    /// `path#n` for the n-th record of a WARC without ids). Set by the
    /// input layer (`io`); empty from [`crate::extract()`] alone.
    pub id: String,
    /// The path of the file the page came from (the container file for a
    /// page inside JSON Lines or WARC), `-` for stdin.
    pub source: String,
    /// Where the page lies in its WARC file and what the crawler fetched;
    /// only for pages read from WARC (the fields are absent otherwise).
    #[serde(flatten)]
    pub warc: Option<WarcFields>,
    /// The page's metadata: url, title, authors, dates, site, language, ...
    /// (each field documented on [`Metadata`]); flattened into the record.
    #[serde(flatten)]
    pub metadata: Metadata,
    /// The article text: blocks separated by a blank line.
    pub text: String,
    /// SHA-1 of `text` (UTF-8), 40 lowercase hex digits, for removing exact
    /// duplicates; `null` when the text is empty. Filled in by the input
    /// layer (`io`); `null` from [`crate::extract()`] alone.
    pub text_sha1: Option<String>,
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
    /// The kind of failure when `error` is set (for counting and
    /// filtering); `null` on success.
    pub error_kind: Option<ErrorKind>,
    /// Why a dataset filter (`--min-chars`, `--lang`, `--only-ok`) turned
    /// the page away; only on records written with `--keep-filtered`, absent
    /// otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filtered: Option<FilterReason>,
    /// Fields copied from the input line (`--keep`, `--keep-all`), under
    /// their own names, after the record's fields; a name the record uses
    /// itself is prefixed with `input_`. Empty (nothing written) otherwise.
    #[serde(flatten)]
    pub kept: serde_json::Map<String, serde_json::Value>,
}

/// Provenance of a page read from a WARC file.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct WarcFields {
    /// `WARC-Record-ID` exactly as written, e.g. `<urn:uuid:...>`.
    pub warc_record_id: Option<String>,
    /// `WARC-Target-URI`: the URL the crawler fetched (angle brackets, which
    /// some WARC/1.1 writers add, removed).
    pub warc_target_uri: Option<String>,
    /// `WARC-Date` exactly as written: when the page was fetched.
    pub warc_date: Option<String>,
    /// The HTTP status code of the response.
    pub http_status: Option<u16>,
    /// The HTTP `Content-Type` header of the response, as written.
    pub content_type: Option<String>,
    /// Byte offset of the record in the file as stored: for a WARC with one
    /// gzip member per record (as crawlers write them), the offset of the
    /// record's gzip member, as in a Common Crawl index; for a plain WARC,
    /// the offset of its `WARC/` line; for a WARC gzipped as one stream,
    /// the offset in the uncompressed stream.
    pub warc_offset: u64,
    /// The file ends inside this record (a download or a copy cut short):
    /// the page is what arrived of it. Written only when `true`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub warc_truncated: bool,
}

/// What kind of failure a record's `error` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A file, directory or list could not be opened or read.
    Unreadable,
    /// Gzip data that is corrupt or cut short.
    CorruptGzip,
    /// Larger than `--max-bytes`.
    TooLarge,
    /// A JSON Lines line that is not a usable record (invalid JSON, no HTML
    /// field, invalid base64).
    InvalidJsonl,
    /// A WARC record that cannot be delimited (truncated, malformed header).
    InvalidWarc,
    /// A WARC response whose HTTP message cannot be read (malformed head,
    /// broken chunking, an unknown or corrupt Content-Encoding).
    InvalidHttp,
    /// The page is not HTML: an image, a PDF, an archive, binary data.
    NotHtml,
    /// The page has no bytes at all.
    Empty,
    /// Extraction failed inside pith (a bug; please report the page).
    Internal,
    /// The page took longer than the time limit (`--timeout`,
    /// [`crate::Options::timeout`]) and its extraction was stopped.
    Timeout,
}

impl ErrorKind {
    /// Every kind, in the order of the documentation.
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::Unreadable,
        ErrorKind::CorruptGzip,
        ErrorKind::TooLarge,
        ErrorKind::InvalidJsonl,
        ErrorKind::InvalidWarc,
        ErrorKind::InvalidHttp,
        ErrorKind::NotHtml,
        ErrorKind::Empty,
        ErrorKind::Internal,
        ErrorKind::Timeout,
    ];

    /// The name used in JSON (`error_kind`, `--stats`).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::CorruptGzip => "corrupt_gzip",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::InvalidJsonl => "invalid_jsonl",
            ErrorKind::InvalidWarc => "invalid_warc",
            ErrorKind::InvalidHttp => "invalid_http",
            ErrorKind::NotHtml => "not_html",
            ErrorKind::Empty => "empty",
            ErrorKind::Internal => "internal",
            ErrorKind::Timeout => "timeout",
        }
    }
}

/// Why a dataset filter turned a page away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterReason {
    /// The page failed (`--only-ok`).
    Error,
    /// The article is shorter than `--min-chars`.
    MinChars,
    /// The page's language is not one of `--lang`.
    Lang,
}

impl FilterReason {
    /// The name used in JSON (`filtered`, `--stats`).
    pub fn name(self) -> &'static str {
        match self {
            FilterReason::Error => "error",
            FilterReason::MinChars => "min_chars",
            FilterReason::Lang => "lang",
        }
    }
}

impl Record {
    /// The names of every field a record can have, in JSON order (fields
    /// that are only written when asked for included). Copied input fields
    /// never take one of these names.
    pub const FIELDS: &'static [&'static str] = &[
        "id",
        "source",
        "warc_record_id",
        "warc_target_uri",
        "warc_date",
        "http_status",
        "content_type",
        "warc_offset",
        "warc_truncated",
        "url",
        "title",
        "authors",
        "date_published",
        "date_modified",
        "sitename",
        "description",
        "tags",
        "categories",
        "image",
        "license",
        "language",
        "language_source",
        "language_declared",
        "page_type",
        "text",
        "text_sha1",
        "markdown",
        "html",
        "comments",
        "encoding",
        "encoding_source",
        "error",
        "error_kind",
        "filtered",
    ];

    /// A record for a page that could not be extracted: `error` and
    /// `error_kind` set, empty text.
    pub fn failed(kind: ErrorKind, error: impl Into<String>) -> Record {
        Record {
            error: Some(error.into()),
            error_kind: Some(kind),
            ..Record::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Record::FIELDS` lists exactly the keys of a record with every
    /// optional part present, in order.
    #[test]
    fn field_list_matches_the_serialised_record() {
        let record = Record {
            warc: Some(WarcFields {
                warc_truncated: true,
                ..WarcFields::default()
            }),
            markdown: Some(String::new()),
            html: Some(String::new()),
            comments: Some(Vec::new()),
            filtered: Some(FilterReason::Lang),
            ..Record::default()
        };
        let json = serde_json::to_string(&record).unwrap();
        // serde_json keeps the order of the struct when writing; read the
        // keys back in order from the text.
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut keys: Vec<(usize, &str)> = value
            .as_object()
            .unwrap()
            .keys()
            .map(|k| (json.find(&format!("\"{k}\":")).unwrap(), k.as_str()))
            .collect();
        keys.sort();
        let keys: Vec<&str> = keys.into_iter().map(|(_, k)| k).collect();
        assert_eq!(keys, Record::FIELDS);
    }

    #[test]
    fn warc_fields_are_absent_unless_set() {
        let json = serde_json::to_value(Record::default()).unwrap();
        assert!(json.get("warc_record_id").is_none());
        assert!(json.get("filtered").is_none());
        assert!(json["text_sha1"].is_null());
        let json = serde_json::to_value(Record::failed(ErrorKind::NotHtml, "a PNG image")).unwrap();
        assert_eq!(json["error_kind"], "not_html");
        for kind in ErrorKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
    }
}
