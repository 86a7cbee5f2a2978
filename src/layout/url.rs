//! Deciding which link and image URLs may be printed.
//!
//! A rendered article is meant to be embedded or shown, so a URL that makes a
//! browser run code must never reach the output. Browsers forgive a lot when
//! they read a scheme (leading spaces and control characters, tabs and
//! newlines anywhere, any letter case), so the URL is cleaned the same way
//! before its scheme is judged, and the cleaned form is what gets printed.
//! Schemes are allowed from a short list of ordinary ones rather than denied
//! from a list of known bad ones: an unknown scheme is dropped.

use std::borrow::Cow;

/// Where a URL is going to be used; `data:` images are fine as an image
/// source but not as a link target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlUse {
    /// `href` of a link.
    Link,
    /// `src` of an image.
    Image,
}

/// Schemes that only name or fetch a resource and never run code in the page.
const ALLOWED_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "tel", "sms", "ftp", "ftps", "sftp", "ssh", "git", "news", "nntp",
    "irc", "ircs", "xmpp", "magnet", "geo", "webcal",
];

/// The URL to print, or `None` when it is empty or its scheme is not safe for
/// `usage`. Relative URLs (no scheme) are safe.
pub(crate) fn safe_url(raw: &str, usage: UrlUse) -> Option<Cow<'_, str>> {
    let url = clean(raw);
    if url.is_empty() {
        return None;
    }
    let Some(scheme) = scheme_of(&url) else {
        return Some(url);
    };
    if ALLOWED_SCHEMES
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(scheme))
    {
        return Some(url);
    }
    if scheme.eq_ignore_ascii_case("data") && usage == UrlUse::Image {
        let media_type = url[5..].trim_start().as_bytes();
        if media_type.len() >= 6 && media_type[..6].eq_ignore_ascii_case(b"image/") {
            return Some(url);
        }
    }
    None
}

/// Whether a character is dropped wherever it appears: browsers remove tabs
/// and newlines anywhere in a URL, and other controls have no business in one.
fn is_dropped(c: char) -> bool {
    c.is_control()
}

/// The URL without surrounding whitespace and without control characters.
fn clean(raw: &str) -> Cow<'_, str> {
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    if trimmed.chars().any(is_dropped) {
        Cow::Owned(trimmed.chars().filter(|&c| !is_dropped(c)).collect())
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// The scheme of a cleaned URL, when it has one the way a browser reads it:
/// an ASCII letter followed by letters, digits, `+`, `-` or `.`, then `:`,
/// before any `/`, `?` or `#`.
fn scheme_of(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' {
        return None;
    }
    let scheme = &url[..end];
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    if bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
        Some(scheme)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> Option<String> {
        safe_url(url, UrlUse::Link).map(Cow::into_owned)
    }

    #[test]
    fn ordinary_and_relative_urls_pass() {
        assert_eq!(
            link("https://example.org/a?b#c").as_deref(),
            Some("https://example.org/a?b#c")
        );
        assert_eq!(link("/path/page.html").as_deref(), Some("/path/page.html"));
        assert_eq!(link("page.html#x:y").as_deref(), Some("page.html#x:y"));
        assert_eq!(link("  mailto:a@b.c ").as_deref(), Some("mailto:a@b.c"));
        assert_eq!(
            link("HTTPS://EXAMPLE.ORG").as_deref(),
            Some("HTTPS://EXAMPLE.ORG")
        );
    }

    #[test]
    fn script_schemes_are_dropped_in_any_disguise() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "\u{1}\u{2}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\u{0}script:alert(1)",
            "jAvAsCrIpT\r:alert(1)",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/png;base64,AAAA",
            "livescript:x",
            "",
            "   ",
        ] {
            assert_eq!(link(url), None, "{url:?}");
        }
    }

    #[test]
    fn data_images_only_as_image_source() {
        let png = "data:image/png;base64,iVBORw0KGgo=";
        assert_eq!(safe_url(png, UrlUse::Image).as_deref(), Some(png));
        assert!(safe_url("DATA: Image/gif;base64,R0lG", UrlUse::Image).is_some());
        assert_eq!(safe_url("data:text/html,x", UrlUse::Image), None);
        assert_eq!(safe_url("javascript:x", UrlUse::Image), None);
    }
}
