//! The JSON Lines reader: one page per line, as a JSON object naming the
//! page's HTML, URL and id in fields whose names the run chooses.
//!
//! - The HTML is a JSON string (`html` by default, `--html-field`), or the
//!   base64 of the raw bytes in the same name with `_base64` appended
//!   (`html_base64`): engines read files as bytes, and decoding them before
//!   pith would defeat its charset detection. A string is Unicode already,
//!   so it is decoded as UTF-8; raw bytes go through the detection. A line
//!   with both fields, or neither, is an error record.
//! - The URL (`url`, `--url-field`) is a string or null; the id (`id`,
//!   `--id-field`) a string or a number (taken as written). A line without
//!   an id gets `<source>#<line number>`; so does a line that is not JSON.
//! - `--keep` copies named fields into the output record (null when the
//!   line lacks one, so every record has them); `--keep-all` copies every
//!   field but the HTML. A field whose name the record uses itself
//!   ([`Record::FIELDS`]) is written as `input_<name>`.
//! - A byte order mark before the first line is skipped; blank lines are.
//!   Each line is read whole but at most `--max-bytes` of it; a longer line
//!   is an error record and reading goes on.

use std::io::BufRead;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde_json::{Map, Value};

use super::{read_error, read_line_bounded, Body, Line, Page};
use crate::{ErrorKind, Record};

/// Base64 as engines write it: the standard alphabet, padding optional.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The suffix of the field holding the HTML as base64.
const BASE64_SUFFIX: &str = "_base64";

/// The prefix of a kept field whose name the record uses itself.
const KEPT_PREFIX: &str = "input_";

/// Which fields of a JSON Lines record hold what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlFields {
    /// The page's HTML as a string; the same name with `_base64` appended
    /// holds it as base64 of the raw bytes instead.
    pub html: String,
    /// The URL the page was fetched from.
    pub url: String,
    /// The page's id.
    pub id: String,
    /// Which input fields to copy into the output record.
    pub keep: Keep,
}

impl Default for JsonlFields {
    fn default() -> JsonlFields {
        JsonlFields {
            html: "html".into(),
            url: "url".into(),
            id: "id".into(),
            keep: Keep::None,
        }
    }
}

/// Input fields copied into the output record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Keep {
    /// None.
    #[default]
    None,
    /// These, in every record (null when the input lacks one).
    Fields(Vec<String>),
    /// Every field of each line except the HTML.
    All,
}

impl Keep {
    /// The name a kept input field gets in the output record.
    pub fn output_name(name: &str) -> String {
        if Record::FIELDS.contains(&name) {
            format!("{KEPT_PREFIX}{name}")
        } else {
            name.to_string()
        }
    }

    /// Copy the kept fields of `line` into `kept`.
    fn copy(
        &self,
        line: &Map<String, Value>,
        html_fields: [&str; 2],
        kept: &mut Map<String, Value>,
    ) {
        let mut put = |name: &str, value: Value| {
            let output = Keep::output_name(name);
            if output == name {
                kept.insert(output, value);
            } else {
                // A renamed field never replaces a field the input itself
                // calls `input_<name>`.
                kept.entry(output).or_insert(value);
            }
        };
        match self {
            Keep::None => {}
            Keep::Fields(names) => {
                for name in names {
                    put(name, line.get(name).cloned().unwrap_or(Value::Null));
                }
            }
            Keep::All => {
                for (name, value) in line {
                    if !html_fields.contains(&name.as_str()) {
                        put(name, value.clone());
                    }
                }
            }
        }
    }

    /// Add the named fields a record lacks, as null (for pages that are
    /// not JSON Lines, or lines that are not JSON).
    pub(super) fn fill_missing(&self, kept: &mut Map<String, Value>) {
        if let Keep::Fields(names) = self {
            for name in names {
                kept.entry(Keep::output_name(name)).or_insert(Value::Null);
            }
        }
    }
}

/// The pages of a JSON Lines input, one per non-blank line.
pub(super) struct JsonlPages {
    reader: Box<dyn BufRead + Send>,
    source: String,
    gzip: bool,
    /// Number of the line last read (1-based).
    line: u64,
    max_bytes: u64,
    fields: JsonlFields,
    base64_field: String,
    done: bool,
}

impl JsonlPages {
    /// Read pages from `reader` (already gunzipped), naming them after
    /// `source`.
    pub(super) fn new(
        reader: Box<dyn BufRead + Send>,
        source: String,
        gzip: bool,
        max_bytes: u64,
        fields: JsonlFields,
    ) -> JsonlPages {
        JsonlPages {
            reader,
            source,
            gzip,
            line: 0,
            max_bytes,
            base64_field: format!("{}{BASE64_SUFFIX}", fields.html),
            fields,
            done: false,
        }
    }

    /// The page of one JSON line; `here` is its id when it names none.
    fn page(&self, buf: &[u8], here: String) -> Page {
        let failed = |id: String, error: String| {
            Page::new(
                id,
                self.source.clone(),
                Body::Failed(ErrorKind::InvalidJsonl, error),
            )
        };
        let text = if self.line == 1 {
            buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(buf)
        } else {
            buf
        };
        let mut line: Map<String, Value> = match serde_json::from_slice(text) {
            Ok(line) => line,
            Err(e) => return failed(here, jsonl_error(self.line, text, &e)),
        };
        let id = match line.get(&self.fields.id) {
            Some(Value::String(id)) if !id.is_empty() => id.clone(),
            Some(Value::Null | Value::String(_)) | None => here,
            Some(other) => other.to_string(),
        };
        let mut page = Page::new(id, self.source.clone(), Body::Bytes(Vec::new()));
        self.fields.keep.copy(
            &line,
            [&self.fields.html, &self.base64_field],
            &mut page.kept,
        );
        let line_no = self.line;
        let fail = |page: &mut Page, error: String| {
            page.body = Body::Failed(ErrorKind::InvalidJsonl, format!("line {line_no}: {error}"));
        };
        match line.get(&self.fields.url) {
            None | Some(Value::Null) => {}
            Some(Value::String(url)) => page.url = Some(url.clone()),
            Some(_) => {
                fail(
                    &mut page,
                    format!("field {:?} (the URL) must be a string", self.fields.url),
                );
                return page;
            }
        }
        let html = line.remove(&self.fields.html);
        let base64 = line.remove(&self.base64_field);
        match (html, base64) {
            (Some(Value::String(html)), None) => {
                // A JSON string is Unicode: its bytes are UTF-8.
                page.charset = Some("utf-8".to_string());
                page.body = Body::Bytes(html.into_bytes());
            }
            (None, Some(Value::String(encoded))) => match decode_base64(&encoded) {
                Ok(bytes) => page.body = Body::Bytes(bytes),
                Err(e) => fail(
                    &mut page,
                    format!("field {:?} is not valid base64: {e}", self.base64_field),
                ),
            },
            (None, None) => fail(
                &mut page,
                format!(
                    "no {:?} field (the page's HTML as a string) nor {:?} (its bytes as base64); \
                     name the field with --html-field",
                    self.fields.html, self.base64_field
                ),
            ),
            (Some(_), Some(_)) => fail(
                &mut page,
                format!(
                    "both {:?} and {:?} are given; keep one",
                    self.fields.html, self.base64_field
                ),
            ),
            (Some(_), None) | (None, Some(_)) => fail(
                &mut page,
                format!(
                    "field {:?} or {:?} must be a string",
                    self.fields.html, self.base64_field
                ),
            ),
        }
        page
    }
}

/// Decode base64, ignoring line breaks and spaces (MIME writers wrap it).
fn decode_base64(encoded: &str) -> Result<Vec<u8>, base64::DecodeError> {
    if encoded.bytes().any(|b| b.is_ascii_whitespace()) {
        let compact: Vec<u8> = encoded
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        BASE64.decode(compact)
    } else {
        BASE64.decode(encoded)
    }
}

impl Iterator for JsonlPages {
    type Item = Page;

    fn next(&mut self) -> Option<Page> {
        let limit = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        let mut buf = Vec::new();
        while !self.done {
            let outcome = read_line_bounded(&mut *self.reader, limit, &mut buf);
            self.line += 1;
            let here = format!("{}#{}", self.source, self.line);
            let failed = |kind, error| {
                Page::new(here.clone(), self.source.clone(), Body::Failed(kind, error))
            };
            match outcome {
                Ok(Line::Eof) => self.done = true,
                Err(e) => {
                    self.done = true;
                    let (kind, error) = read_error(self.gzip, &e);
                    return Some(failed(kind, error));
                }
                Ok(Line::TooLong) => {
                    return Some(failed(
                        ErrorKind::TooLarge,
                        format!(
                            "line {} is longer than --max-bytes ({} bytes)",
                            self.line, self.max_bytes
                        ),
                    ))
                }
                Ok(Line::Complete) => {
                    if buf.iter().all(u8::is_ascii_whitespace)
                        || (self.line == 1
                            && buf.starts_with(b"\xef\xbb\xbf")
                            && buf[3..].iter().all(u8::is_ascii_whitespace))
                    {
                        continue;
                    }
                    return Some(self.page(&buf, here));
                }
            }
        }
        None
    }
}

/// Words for a JSON error on line `line`: serde counts lines within the one
/// line it was given, so report the column only. A line that opens a JSON
/// array is a JSON file, not JSON Lines: say how to convert it.
fn jsonl_error(line: u64, text: &[u8], e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head);
    let hint = if text.trim_ascii_start().starts_with(b"[") {
        " (this looks like a JSON array; JSON Lines has one object per line: `jq -c '.[]'` converts it)"
    } else {
        ""
    };
    format!(
        "invalid JSON Lines record on line {line}: {message} (column {}){hint}",
        e.column()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(input: &str, fields: JsonlFields) -> Vec<Page> {
        JsonlPages::new(
            Box::new(std::io::Cursor::new(input.as_bytes().to_vec())),
            "in.jsonl".into(),
            false,
            1 << 20,
            fields,
        )
        .collect()
    }

    #[test]
    fn ids_urls_and_failures_keep_their_identity() {
        let input =
            "\u{feff}{\"html\": \"<p>a</p>\", \"id\": \"a#1\", \"url\": \"https://e.org/a\"}\n\
                     \n\
                     {\"html\": \"<p>b</p>\", \"id\": 7}\n\
                     {\"html\": \"<p>c</p>\"}\n\
                     {\"id\": \"no-html\"}\n\
                     {not json\n";
        let pages = pages(input, JsonlFields::default());
        let ids: Vec<&str> = pages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a#1", "7", "in.jsonl#4", "no-html", "in.jsonl#6"]);
        assert!(pages.iter().all(|p| p.source == "in.jsonl"));
        assert_eq!(pages[0].url.as_deref(), Some("https://e.org/a"));
        assert_eq!(pages[0].bytes(), Some(&b"<p>a</p>"[..]));
        assert_eq!(pages[0].charset.as_deref(), Some("utf-8"));
        assert!(pages[3].error().unwrap().contains("\"html\""));
        assert!(pages[4].error().unwrap().contains("line 6"));
    }

    #[test]
    fn fields_by_name_and_base64_bytes() {
        let fields = JsonlFields {
            html: "body".into(),
            url: "link".into(),
            id: "key".into(),
            keep: Keep::Fields(vec!["crawl_ts".into(), "url".into(), "missing".into()]),
        };
        let input = "{\"body_base64\": \"PHA+Y2Fm6TwvcD4=\", \"key\": \"k1\", \"link\": \"https://e.org/\", \
                     \"crawl_ts\": 1700000000, \"url\": \"mirror\"}\n\
                     {\"body_base64\": \"***\"}\n\
                     {\"body\": \"x\", \"body_base64\": \"eA==\"}\n";
        let pages = pages(input, fields);
        assert_eq!(pages[0].id, "k1");
        assert_eq!(pages[0].bytes(), Some(&b"<p>caf\xe9</p>"[..]));
        assert_eq!(pages[0].charset, None, "raw bytes go through detection");
        assert_eq!(pages[0].url.as_deref(), Some("https://e.org/"));
        assert_eq!(pages[0].kept["crawl_ts"], 1_700_000_000);
        assert_eq!(pages[0].kept["input_url"], "mirror");
        assert!(pages[0].kept["missing"].is_null());
        assert!(pages[1].error().unwrap().contains("base64"));
        assert!(pages[2].error().unwrap().contains("keep one"));
    }

    #[test]
    fn keep_all_copies_everything_but_the_html() {
        let fields = JsonlFields {
            keep: Keep::All,
            ..JsonlFields::default()
        };
        let pages = pages(
            "{\"html\": \"<p>x</p>\", \"id\": 1, \"label\": [\"a\"], \"title\": \"t\", \"input_title\": \"own\"}",
            fields,
        );
        let keys: Vec<&str> = pages[0].kept.keys().map(String::as_str).collect();
        assert_eq!(keys, ["input_id", "input_title", "label"]);
        assert_eq!(pages[0].kept["input_title"], "own");
    }

    #[test]
    fn a_json_array_gets_a_hint() {
        let pages = pages("[{\"html\": \"x\"},\n", JsonlFields::default());
        assert!(
            pages[0].error().unwrap().contains("jq -c"),
            "{:?}",
            pages[0]
        );
    }
}
