//! JSON-LD (`<script type="application/ld+json">`): the most precise
//! metadata a page carries, when it can be read.
//!
//! Pages write JSON-LD in many shapes: one object, an array of objects, a
//! `@graph` of objects linked by `@id`, the article nested in a `WebPage`'s
//! `mainEntity`, types given as arrays or full IRIs, several blocks per
//! page. They also write it badly: raw newlines inside strings, trailing
//! commas, HTML comments or CDATA around it, several objects glued
//! together, HTML entities inside strings. This module reads all of these
//! leniently, picks the object that describes the page's main article (or,
//! without one, the page itself) and returns its fields as raw strings for
//! [`super`] to clean and rank. When a block cannot be repaired into JSON,
//! the few keys that matter most are salvaged from the raw text.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::text::{collapse_ws, decode_entities};

/// What the JSON-LD blocks of a page say about it. Strings are as written
/// (entities decoded), not yet cleaned.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct JsonLd {
    /// `headline` of the main article.
    pub headline: Option<String>,
    /// `name` of the main article (or page), a fallback title.
    pub name: Option<String>,
    /// Names of `Person` authors; `Organization` authors when no person is
    /// named.
    pub authors: Vec<String>,
    /// `datePublished` (or `dateCreated`, `uploadDate`).
    pub date_published: Option<String>,
    /// `dateModified`.
    pub date_modified: Option<String>,
    /// The main article's publisher name.
    pub publisher: Option<String>,
    /// The name of a `WebSite` object.
    pub website: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `keywords`, split.
    pub keywords: Vec<String>,
    /// `articleSection`.
    pub sections: Vec<String>,
    /// The lead image URL as written (maybe relative).
    pub image: Option<String>,
    /// `url` / `mainEntityOfPage` as written.
    pub url: Option<String>,
    /// `inLanguage`.
    pub language: Option<String>,
    /// `license`.
    pub license: Option<String>,
    /// The `@type` of the chosen object.
    pub page_type: Option<String>,
    /// The longest `articleBody` string anywhere in the blocks, as written
    /// (for extraction, which may prefer it to the page's markup).
    pub article_body: Option<String>,
}

/// Upper bound on JSON nodes visited per page: a page embedding a huge
/// product catalogue as JSON-LD must not cost more than its metadata is
/// worth.
const MAX_NODES: usize = 20_000;

/// Blocks larger than this are not searched for an `articleBody`: a page
/// embedding a whole data store in a script is not stating an article body.
const MAX_BODY_BLOCK_BYTES: usize = 2 << 20;

/// Read all JSON-LD blocks of a page. `canonical` (the page's own URL, when
/// known) picks the right article when several are described.
pub fn read(blocks: &[String], canonical: Option<&str>) -> JsonLd {
    let mut values = Vec::new();
    let mut salvage_from = Vec::new();
    let mut article_body: Option<String> = None;
    for raw in blocks {
        let parsed = parse_lenient(raw);
        if parsed.is_empty() {
            salvage_from.push(raw.as_str());
        }
        let start = values.len();
        values.extend(parsed);
        if raw.len() <= MAX_BODY_BLOCK_BYTES {
            if let Some(body) = longest_article_body(&values[start..]) {
                if article_body.as_ref().is_none_or(|b| body.len() > b.len()) {
                    article_body = Some(body.to_string());
                }
            }
        }
    }
    let mut out = Graph::build(&values).facts(canonical);
    out.article_body = article_body;
    for raw in salvage_from {
        salvage(raw, &mut out);
    }
    out
}

/// The longest `articleBody` string in the values, wherever it is nested
/// (walked iteratively, without the node limit: the body is one string the
/// page states, however large its graph).
fn longest_article_body(values: &[Value]) -> Option<&str> {
    let mut best: Option<&str> = None;
    let mut stack: Vec<&Value> = values.iter().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if k == "articleBody" {
                        if let Value::String(s) = child {
                            if best.is_none_or(|b| s.len() > b.len()) {
                                best = Some(s);
                            }
                            continue;
                        }
                    }
                    stack.push(child);
                }
            }
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    best
}

// ---------------------------------------------------------------------------
// Lenient parsing.

/// Parse one block, repairing what can be repaired. Returns every value
/// that could be read (several when objects are glued together).
pub fn parse_lenient(raw: &str) -> Vec<Value> {
    let s = strip_wrappers(raw);
    if s.is_empty() {
        return Vec::new();
    }
    if let Ok(v) = serde_json::from_str::<Value>(s) {
        return vec![v];
    }
    let repaired = repair(s);
    if let Ok(v) = serde_json::from_str::<Value>(&repaired) {
        return vec![v];
    }
    // Several values in a row: `{..}{..}` or `{..},{..}`; keep what reads.
    let mut out = Vec::new();
    let mut rest = repaired.as_str();
    loop {
        rest = rest.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
        if rest.is_empty() {
            break;
        }
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        match stream.next() {
            Some(Ok(v)) => {
                out.push(v);
                let consumed = stream.byte_offset();
                if consumed == 0 {
                    break;
                }
                rest = rest.get(consumed..).unwrap_or("");
            }
            _ => break,
        }
    }
    out
}

/// Remove what pages wrap around JSON: whitespace, `<!-- -->`, CDATA
/// markers, a trailing semicolon.
fn strip_wrappers(raw: &str) -> &str {
    let mut s = raw.trim();
    for prefix in ["<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
        }
    }
    for suffix in ["-->", "//]]>", "/*]]>*/", "]]>", ";"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
        }
    }
    s
}

/// One pass over the text fixing the common breakages: raw control
/// characters inside strings, invalid escapes (`\'`), trailing commas
/// before `}` or `]`.
fn repair(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut in_string = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '"' => {
                    in_string = false;
                    out.push(c);
                }
                '\\' => match chars.peek() {
                    Some(&n)
                        if matches!(n, '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' | 'u') =>
                    {
                        out.push('\\');
                        out.push(n);
                        chars.next();
                    }
                    // `\'` and other invalid escapes: keep the character.
                    Some(_) => {}
                    None => out.push_str("\\\\"),
                },
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => out.push(' '),
                c => out.push(c),
            }
        } else {
            match c {
                '"' => {
                    in_string = true;
                    out.push(c);
                }
                ',' => {
                    let mut look = chars.clone();
                    while look.peek().is_some_and(|n| n.is_whitespace()) {
                        look.next();
                    }
                    if !matches!(look.peek(), Some('}' | ']')) {
                        out.push(c);
                    }
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// Last resort for a block that is not JSON even after repair: read the
/// string values of a few keys straight from the text.
fn salvage(raw: &str, out: &mut JsonLd) {
    if out.headline.is_none() {
        out.headline = string_after_key(raw, "headline", 0).map(|(v, _)| v);
    }
    if out.date_published.is_none() {
        out.date_published = string_after_key(raw, "datePublished", 0).map(|(v, _)| v);
    }
    if out.date_modified.is_none() {
        out.date_modified = string_after_key(raw, "dateModified", 0).map(|(v, _)| v);
    }
    if out.authors.is_empty() {
        if let Some(at) = raw.find("\"author\"") {
            // The first "name" soon after "author" is the author's.
            if let Some((name, pos)) = string_after_key(raw, "name", at) {
                if pos - at < 300 {
                    out.authors.push(name);
                }
            }
        }
    }
}

/// The string value of the first `"key": "value"` at or after `from`, and
/// where it was found.
fn string_after_key(raw: &str, key: &str, from: usize) -> Option<(String, usize)> {
    let needle = format!("\"{key}\"");
    let mut search = from;
    while let Some(rel) = raw.get(search..)?.find(&needle) {
        let at = search + rel;
        let rest = raw[at + needle.len()..].trim_start();
        if let Some(rest) = rest.strip_prefix(':') {
            let rest = rest.trim_start();
            if let Some(body) = rest.strip_prefix('"') {
                let mut value = String::new();
                let mut escaped = false;
                for c in body.chars() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => {
                            let v = decode_entities(value.trim());
                            return (!v.is_empty()).then_some((v, at));
                        }
                        (true, 'n') => {
                            value.push(' ');
                            escaped = false;
                        }
                        (_, c) => {
                            value.push(c);
                            escaped = false;
                        }
                    }
                    if value.len() > 1000 {
                        return None;
                    }
                }
                return None;
            }
        }
        search = at + needle.len();
    }
    None
}

// ---------------------------------------------------------------------------
// The object graph.

/// One object found while walking the parsed values.
struct Found<'a> {
    obj: &'a Map<String, Value>,
    /// Reached only through containers that describe the page itself
    /// (top level, arrays, `@graph`, `mainEntity`, `mainEntityOfPage`).
    on_main_path: bool,
}

/// All typed objects of a page's JSON-LD, with an `@id` index.
struct Graph<'a> {
    found: Vec<Found<'a>>,
    ids: HashMap<&'a str, &'a Value>,
}

/// Properties through which the page's main object may be reached.
fn is_main_path(key: &str) -> bool {
    matches!(key, "@graph" | "mainEntity" | "mainEntityOfPage")
}

impl<'a> Graph<'a> {
    fn build(values: &'a [Value]) -> Graph<'a> {
        let mut graph = Graph {
            found: Vec::new(),
            ids: HashMap::new(),
        };
        let mut stack: Vec<(&Value, bool)> = values.iter().rev().map(|v| (v, true)).collect();
        let mut visited = 0;
        while let Some((value, main)) = stack.pop() {
            visited += 1;
            if visited > MAX_NODES {
                break;
            }
            match value {
                Value::Array(items) => stack.extend(items.iter().rev().map(|v| (v, main))),
                Value::Object(obj) => {
                    if obj.contains_key("@type") {
                        graph.found.push(Found {
                            obj,
                            on_main_path: main,
                        });
                    }
                    if let Some(Value::String(id)) = obj.get("@id") {
                        // A bare reference {"@id": ..} is not a definition.
                        if obj.len() > 1 {
                            let better = graph
                                .ids
                                .get(id.as_str())
                                .and_then(|known| known.as_object())
                                .is_none_or(|known| known.len() < obj.len());
                            if better {
                                graph.ids.insert(id.as_str(), value);
                            }
                        }
                    }
                    let children: Vec<(&Value, bool)> = obj
                        .iter()
                        .filter(|(_, v)| matches!(v, Value::Object(_) | Value::Array(_)))
                        .map(|(k, v)| (v, main && is_main_path(k)))
                        .collect();
                    stack.extend(children.into_iter().rev());
                }
                _ => {}
            }
        }
        graph
    }

    /// Follow a bare `{"@id": ..}` reference to its definition.
    fn resolve(&self, v: &'a Value) -> &'a Value {
        if let Value::Object(obj) = v {
            if obj.len() <= 2 && !obj.contains_key("name") {
                if let Some(Value::String(id)) = obj.get("@id") {
                    if let Some(target) = self.ids.get(id.as_str()) {
                        return target;
                    }
                }
            }
        }
        v
    }

    fn facts(&self, canonical: Option<&str>) -> JsonLd {
        let mut out = JsonLd::default();
        let article = self.pick(canonical, is_article_type);
        let page = self.pick(canonical, |t| t.ends_with("Page"));
        let website = self
            .found
            .iter()
            .find(|f| types(f.obj).any(|t| t == "WebSite"))
            .map(|f| f.obj);
        out.website = website.and_then(|w| self.text(w.get("name")));
        let Some(main) = article.or(page) else {
            return out;
        };
        // The page object fills what the article object leaves out.
        let sources: Vec<&Map<String, Value>> = [article, page].into_iter().flatten().collect();
        let first = |key: &str| sources.iter().find_map(|o| self.text(o.get(key)));
        out.page_type = types(main).next().map(str::to_string);
        out.headline = article.and_then(|a| self.text(a.get("headline")));
        out.name = first("name").or_else(|| first("headline"));
        out.date_published = first("datePublished")
            .or_else(|| first("dateCreated"))
            .or_else(|| first("uploadDate"));
        out.date_modified = first("dateModified");
        out.description = first("description");
        out.language = sources
            .iter()
            .find_map(|o| self.language(o.get("inLanguage")));
        out.url = sources.iter().find_map(|o| self.page_url(o));
        out.image = sources.iter().find_map(|o| {
            self.image(o.get("image"))
                .or_else(|| self.image(o.get("thumbnailUrl")))
        });
        out.license = sources.iter().find_map(|o| self.license(o.get("license")));
        out.publisher = sources.iter().find_map(|o| {
            o.get("publisher")
                .and_then(|p| self.name_of(self.resolve(p)))
        });
        if out.website.is_none() {
            out.website = sources.iter().find_map(|o| {
                o.get("isPartOf")
                    .map(|p| self.resolve(p))
                    .filter(|p| {
                        p.as_object()
                            .is_some_and(|p| types(p).any(|t| t == "WebSite"))
                    })
                    .and_then(|p| self.name_of(p))
            });
        }
        let (persons, orgs) = article
            .map(|a| self.people(a.get("author").or_else(|| a.get("creator"))))
            .unwrap_or_default();
        out.authors = if persons.is_empty() { orgs } else { persons };
        out.keywords = article
            .map(|a| self.list(a.get("keywords")))
            .unwrap_or_default();
        out.sections = article
            .map(|a| self.list(a.get("articleSection")))
            .unwrap_or_default();
        out
    }

    /// The object of a type family that describes this page: the one whose
    /// URL is the canonical URL, else the first on the main path.
    fn pick(
        &self,
        canonical: Option<&str>,
        family: impl Fn(&str) -> bool,
    ) -> Option<&'a Map<String, Value>> {
        let candidates: Vec<&Found<'a>> = self
            .found
            .iter()
            .filter(|f| f.on_main_path && types(f.obj).any(&family))
            .collect();
        if candidates.len() > 1 {
            if let Some(canonical) = canonical.map(url_key) {
                if let Some(hit) = candidates.iter().find(|f| {
                    self.page_url(f.obj)
                        .or_else(|| self.text(f.obj.get("@id")))
                        .is_some_and(|u| url_key(&u) == canonical)
                }) {
                    return Some(hit.obj);
                }
            }
        }
        candidates.first().map(|f| f.obj)
    }

    /// A string value: a string, `{"@value": ..}`, or the first string of
    /// an array; entities decoded, whitespace collapsed.
    fn text(&self, v: Option<&'a Value>) -> Option<String> {
        let v = v?;
        let s = match v {
            Value::String(s) => s.as_str(),
            Value::Object(o) => o.get("@value").and_then(Value::as_str)?,
            Value::Array(items) => return items.iter().find_map(|i| self.text(Some(i))),
            Value::Number(_) | Value::Bool(_) | Value::Null => return None,
        };
        let s = collapse_ws(&decode_entities(s));
        (!s.is_empty()).then_some(s)
    }

    fn name_of(&self, v: &'a Value) -> Option<String> {
        match v {
            Value::String(_) => self.text(Some(v)),
            Value::Object(o) => self.text(o.get("name")).or_else(|| {
                let given = self.text(o.get("givenName"))?;
                match self.text(o.get("familyName")) {
                    Some(family) => Some(format!("{given} {family}")),
                    None => Some(given),
                }
            }),
            _ => None,
        }
    }

    /// Author names, persons and organisations apart.
    fn people(&self, v: Option<&'a Value>) -> (Vec<String>, Vec<String>) {
        let mut persons = Vec::new();
        let mut orgs = Vec::new();
        let items: Vec<&Value> = match v {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(v) => vec![v],
            None => Vec::new(),
        };
        for item in items {
            let item = self.resolve(item);
            let Some(name) = self.name_of(item) else {
                continue;
            };
            let is_org = item
                .as_object()
                .is_some_and(|o| types(o).any(|t| t != "Person"));
            if is_org {
                orgs.push(name);
            } else {
                persons.push(name);
            }
        }
        (persons, orgs)
    }

    fn image(&self, v: Option<&'a Value>) -> Option<String> {
        match self.resolve(v?) {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Array(items) => items.iter().find_map(|i| self.image(Some(i))),
            Value::Object(o) => self
                .text(o.get("url"))
                .or_else(|| self.text(o.get("contentUrl")))
                .or_else(|| self.text(o.get("@id")).filter(|id| id.starts_with("http"))),
            _ => None,
        }
    }

    fn page_url(&self, o: &'a Map<String, Value>) -> Option<String> {
        self.text(o.get("url"))
            .or_else(|| match o.get("mainEntityOfPage") {
                Some(Value::String(s)) => Some(s.trim().to_string()),
                Some(Value::Object(m)) => {
                    self.text(m.get("@id")).or_else(|| self.text(m.get("url")))
                }
                _ => None,
            })
    }

    fn language(&self, v: Option<&'a Value>) -> Option<String> {
        match v? {
            Value::Object(o) => self
                .text(o.get("alternateName"))
                .or_else(|| self.text(o.get("name"))),
            other => self.text(Some(other)),
        }
    }

    fn license(&self, v: Option<&'a Value>) -> Option<String> {
        match self.resolve(v?) {
            Value::Object(o) => self.text(o.get("url")).or_else(|| self.text(o.get("name"))),
            other => self.text(Some(other)),
        }
    }

    /// A list value: an array of strings, or one comma-separated string.
    fn list(&self, v: Option<&'a Value>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |s: &str| {
            let s = collapse_ws(&decode_entities(s));
            if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&s)) {
                out.push(s);
            }
        };
        match v {
            Some(Value::String(s)) => s.split(',').for_each(&mut push),
            Some(Value::Array(items)) => {
                for item in items {
                    match item {
                        Value::String(s) => push(s),
                        Value::Object(o) => {
                            if let Some(Value::String(s)) = o.get("name") {
                                push(s)
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        out
    }
}

/// The schema.org type names of an object: `@type` as a string or array,
/// IRIs reduced to their last segment (`http://schema.org/NewsArticle`).
fn types<'a>(obj: &'a Map<String, Value>) -> impl Iterator<Item = &'a str> + 'a {
    let list: Vec<&'a str> = match obj.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    list.into_iter()
        .map(|t| t.rsplit(['/', ':', '#']).next().unwrap_or(t).trim())
}

/// The article family: `Article` and its subtypes, postings, and the
/// creative works that stand for a page's main text.
pub fn is_article_type(t: &str) -> bool {
    t.ends_with("Article")
        || t.ends_with("Posting")
        || t.ends_with("Review")
        || matches!(t, "Report" | "Recipe" | "HowTo" | "Thesis" | "Chapter")
}

/// A URL reduced for comparison: no scheme, no `www.`, no fragment, query
/// or trailing slash.
fn url_key(u: &str) -> String {
    let u = u.trim();
    let u = u.split_once("://").map(|(_, rest)| rest).unwrap_or(u);
    let u = u.trim_start_matches("www.");
    let u = u.split(['#', '?']).next().unwrap_or(u);
    u.trim_end_matches('/').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_article_body_anywhere_in_any_block() {
        let blocks = [
            r#"{"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "articleBody": "Short."}]}"#
                .to_string(),
            // Raw line breaks inside a string (invalid JSON, common) are
            // repaired into paragraph breaks.
            "{\"@type\": \"Article\", \"articleBody\": \"First para.\nSecond para.\"}".to_string(),
            "{broken".to_string(),
        ];
        let ld = read(&blocks, None);
        assert_eq!(
            ld.article_body.as_deref(),
            Some("First para.\nSecond para.")
        );
        assert_eq!(ld.headline, None);
        let huge = format!(
            r#"{{"articleBody": "{}", "x": "{}"}}"#,
            "a".repeat(10),
            "b".repeat(MAX_BODY_BLOCK_BYTES)
        );
        assert_eq!(read(&[huge], None).article_body, None);
    }
}
