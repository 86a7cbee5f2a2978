//! Small string helpers shared by the stages that read a page's text:
//! whitespace collapsing (article blocks, comments, JSON-LD bodies, metadata
//! values), HTML character references left in JSON-LD and attributes, and
//! allocation-free case-insensitive comparisons.
//!
//! This module owns helpers that more than one stage uses; a helper used by
//! one module only stays in that module.

/// Collapse all whitespace runs to one space and trim.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Decode the HTML character references that show up in JSON-LD strings
/// and doubly-escaped attributes (`&amp;`, `&quot;`, `&#8217;`, `&#x2019;`,
/// a few named ones). The HTML parser already decoded attribute values once;
/// script contents are never decoded by it.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                code.and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "nbsp" => Some('\u{a0}'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "lsquo" => Some('‘'),
                    "rsquo" => Some('’'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first whitespace-delimited word of `text`.
/// Only the first 24 bytes are looked at: a longer first word is cut
/// there (at a character boundary), which is enough to tell it is not a
/// short introducer. Runs on every text node, so it stays on bytes.
pub(crate) fn first_word(text: &str) -> &str {
    let t = text.trim_ascii_start();
    let limit = t.len().min(24);
    let end = t.as_bytes()[..limit]
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(limit);
    let mut end = end;
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    &t[..end]
}

/// True when `word` lower-cased equals `lower`, without allocating.
pub(crate) fn eq_lower(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        return word.eq_ignore_ascii_case(lower);
    }
    word.len().abs_diff(lower.len()) <= 2
        && word.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

/// ASCII-case-insensitive substring test without allocating.
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.is_empty()
        || h.windows(n.len())
            .any(|w| w.iter().zip(n).all(|(a, b)| a.eq_ignore_ascii_case(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("Tom &amp; Jerry&#8217;s &#x2014; &bogus; & more"),
            "Tom & Jerry’s — &bogus; & more"
        );
        assert_eq!(collapse_ws("  a \n b\t"), "a b");
        assert!(contains_ci("post-Byline", "byline"));
        assert!(!contains_ci("by", "byline"));
    }
}
