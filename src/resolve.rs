//! Resolving a page's relative URLs: which URL they resolve against, and how.
//!
//! This module owns URL resolution for every stage: the metadata readers
//! (canonical URL, lead image, license link), the links and images of the
//! rendered article, and [`crate::article::Article::resolve_urls`]. Whether
//! a URL is safe to *print* is a different question, answered by the
//! renderers' `layout::url`.
//!
//! The base of a page is, in this order: its `<base href>` resolved against
//! the page's own URL, else the page's own URL (the one the caller gave),
//! else its canonical URL ([`base_url`]). Only http(s) URLs count as bases.
//!
//! Two readings of `<base href>` coexist, each kept exactly as it was when
//! the two copies of this code were merged here (records must not change in
//! a refactor):
//!
//! - metadata ([`resolve_web`]): the first `<base href>` anywhere in the
//!   page; an empty or fragment-only href is ignored, and an href that
//!   parses as an absolute http(s) URL is taken as it is;
//! - article links and images ([`link_base`]): the first `<base href>` in
//!   the `<head>`, joined to the page URL the way a browser joins a link
//!   ([`join`]).
//!
//! They differ only on odd pages: a `<base>` inside the body, and an href
//! such as `http:page.html` (no `//`), which a join reads as relative to a
//! page of the same scheme and [`resolve_web`] as a host name. Merging the
//! two readings would change records; it is left for a change that measures
//! that.

use url::Url;

use crate::dom::Document;

/// `url` when its scheme is http or https.
pub(crate) fn only_web(url: Url) -> Option<Url> {
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// An absolute http(s) URL written in `text` (surrounding whitespace
/// ignored).
pub(crate) fn parse_web(text: &str) -> Option<Url> {
    Url::parse(text.trim()).ok().and_then(only_web)
}

/// `reference` resolved against `base` the way a browser follows a link,
/// any scheme; without a base only an absolute URL resolves. `None` when
/// the reference is not a URL.
pub(crate) fn join(reference: &str, base: Option<&Url>) -> Option<Url> {
    match base {
        Some(base) => base.join(reference),
        None => Url::parse(reference),
    }
    .ok()
}

/// A URL-valued metadata field (`href`, `content`, a JSON-LD string)
/// resolved against `base`: an absolute http(s) URL is taken as it is, a
/// relative one is joined to `base`; empty and fragment-only references,
/// and results that are not http(s), give `None`.
pub(crate) fn resolve_web(href: &str, base: Option<&Url>) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    parse_web(href).or_else(|| join(href, Some(base?)).and_then(only_web))
}

/// The base URL in the order of trust: the page's own `<base href>`
/// (already resolved), else the URL the page was fetched from, else its
/// canonical URL.
///
/// The fetched URL comes before the canonical one because it is what a
/// browser resolves against; the canonical URL is the best remaining guess
/// for a page read from a file.
pub(crate) fn base_url(
    declared: Option<Url>,
    page: Option<&Url>,
    canonical: Option<Url>,
) -> Option<Url> {
    declared.or_else(|| page.cloned()).or(canonical)
}

/// The URL that relative links and images of the article resolve against:
/// the first `<base href>` in the page's `<head>` (joined to the page's
/// URL), else `page_url`, else `canonical` ([`base_url`]). Only http(s)
/// URLs count; `None` when the page has no such URL, and then relative
/// links and images are left out of markdown and HTML.
pub(crate) fn link_base(
    doc: &Document,
    page_url: Option<&str>,
    canonical: Option<&str>,
) -> Option<Url> {
    let page = page_url.and_then(parse_web);
    let base_href = doc.head().and_then(|head| {
        doc.descendants(head)
            .find(|&id| doc.tag(id) == Some("base") && doc.attr(id, "href").is_some())
            .and_then(|id| doc.attr(id, "href"))
    });
    let declared = base_href.and_then(|href| join(href.trim(), page.as_ref()).and_then(only_web));
    // The canonical URL is the record's, which the metadata reader wrote
    // from a parsed URL: it has no whitespace to trim.
    base_url(
        declared,
        page.as_ref(),
        canonical
            .and_then(|u| Url::parse(u).ok())
            .and_then(only_web),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_html;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn metadata_references() {
        let base = url("https://example.org/a/b.html#top");
        let got = |href| resolve_web(href, Some(&base)).map(String::from);
        assert_eq!(
            got(" img/x.png "),
            Some("https://example.org/a/img/x.png".into())
        );
        assert_eq!(got("//cdn.example/y"), Some("https://cdn.example/y".into()));
        assert_eq!(
            got("http://other.example/"),
            Some("http://other.example/".into())
        );
        assert_eq!(got(""), None);
        assert_eq!(got("#notes"), None);
        assert_eq!(got("ftp://example.org/f"), None);
        assert_eq!(got("javascript:alert(1)"), None);
        // Absolute first: `http:x` names a host, it is not a relative path.
        assert_eq!(got("https:x"), Some("https://x/".into()));
        assert_eq!(resolve_web("img/x.png", None), None);
        assert_eq!(
            resolve_web("https://example.org/p", None).map(String::from),
            Some("https://example.org/p".into())
        );
    }

    #[test]
    fn browser_joins() {
        let base = url("https://example.org/a/b.html");
        assert_eq!(
            join("https:x", Some(&base)).map(String::from),
            Some("https://example.org/a/x".into())
        );
        assert_eq!(
            join("mailto:a@example.org", Some(&base)).map(String::from),
            Some("mailto:a@example.org".into())
        );
        assert_eq!(join("x.html", None), None);
        assert_eq!(
            join("https://example.org/", None).map(String::from),
            Some("https://example.org/".into())
        );
    }

    #[test]
    fn link_base_order() {
        let doc = |head: &str| {
            parse_html(&format!(
                "<html><head>{head}</head><body><base href='https://body.example/'><p>x</p></body></html>"
            ))
        };
        let page = Some("https://example.org/dir/page.html");
        let canonical = Some("https://canonical.example/c");
        let base =
            |head: &str, page, canonical| link_base(&doc(head), page, canonical).map(String::from);
        assert_eq!(
            base("<base href=' ../up/ '>", page, canonical),
            Some("https://example.org/up/".into())
        );
        // A <base> without href does not count; one in the body is not looked at.
        assert_eq!(
            base("<base target=_blank>", page, canonical),
            Some("https://example.org/dir/page.html".into())
        );
        assert_eq!(
            base("", None, canonical),
            Some("https://canonical.example/c".into())
        );
        // A relative <base> needs a page URL; a non-web one never counts.
        assert_eq!(
            base("<base href='up/'>", None, canonical),
            Some("https://canonical.example/c".into())
        );
        assert_eq!(
            base("<base href='ftp://files.example/'>", page, None),
            Some("https://example.org/dir/page.html".into())
        );
        assert_eq!(base("", Some("file:///tmp/x.html"), None), None);
    }

    #[test]
    fn base_order() {
        let (declared, page, canonical) = (url("https://d/"), url("https://p/"), url("https://c/"));
        assert_eq!(
            base_url(Some(declared.clone()), Some(&page), Some(canonical.clone())),
            Some(declared)
        );
        assert_eq!(
            base_url(None, Some(&page), Some(canonical.clone())),
            Some(page)
        );
        assert_eq!(
            base_url(None, None, Some(canonical.clone())),
            Some(canonical)
        );
        assert_eq!(base_url(None, None, None), None);
    }
}
