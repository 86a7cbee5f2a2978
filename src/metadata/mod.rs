//! Page metadata: title, authors, dates, site name, description, tags,
//! categories, lead image, canonical URL, license, language and page type.
//!
//! This module owns reading what a page says *about* itself, as opposed to
//! the article text (`crate::extract`). It works in two steps:
//!
//! 1. `harvest` walks the arena once and collects raw signals: `<meta>`
//!    tags, `<link>`s, JSON-LD blocks, microdata, `<time>`, the `<title>`,
//!    `<h1>`s, visible bylines and datelines with their position.
//! 2. `extract_metadata` reads the JSON-LD (`jsonld`) and decides each
//!    field from those signals, trying sources in a fixed order per field
//!    (documented on each field of [`Metadata`]) and cleaning the winner.
//!
//! Principles: a field is `None`/empty when the page does not say it; a
//! value that fails its check (a date outside 1995..today, a byline that is
//! not a name, a relative image URL with nothing to resolve it against) is
//! dropped, and the next source is tried, never replaced by a guess.
//!
//! [`detect_language`] runs later, on the extracted article text, and may
//! override the declared language.

mod dates;
mod harvest;
mod jsonld;
mod lang;
mod names;
mod title;

use serde::Serialize;
use url::Url;

use crate::dom::Document;
use crate::resolve::{base_url, parse_web, resolve_web};
use crate::text::collapse_ws;

pub use dates::{parse_structured, parse_text, today_utc, Date, Moment};
pub use names::clean_authors;

use harvest::{DateSpot, Harvest, Spot};
use jsonld::JsonLd;
use title::{is_affix_of, squash, strip_site_name, SiteHints};

/// Where the record's `language` came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LanguageSource {
    /// `<html lang>`.
    HtmlLang,
    /// A `<meta>` tag: `http-equiv=content-language`, `language`,
    /// `dc.language`, `og:locale`.
    Meta,
    /// JSON-LD `inLanguage`.
    JsonLd,
    /// Detected from the article text (whatlang); when `language_declared`
    /// is set too, the detection overrode that declaration.
    Detected,
}

/// What a page says about itself. Every field is `None` (or empty) when the
/// page does not state it.
///
/// Dates are ISO 8601: `YYYY-MM-DDTHH:MM:SS+HH:MM` when the source gives a
/// time *with* its zone (`Z` becomes `+00:00`; the offset is kept as written,
/// not converted), else the calendar date `YYYY-MM-DD` (a time without a
/// zone is dropped). Only dates from 1995-01-01 to tomorrow (UTC) count.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metadata {
    /// Canonical URL, absolute: `<link rel=canonical>`, `og:url`, JSON-LD
    /// `url`/`mainEntityOfPage`, `twitter:url`, else the caller's URL;
    /// relative values are resolved against `<base href>` or the caller's
    /// URL (a relative canonical without either takes `og:url`'s origin).
    /// A canonical pointing at the site root of a deeper page is ignored.
    pub url: Option<String>,
    /// The headline without " | Site" suffix or "Site - " prefix: JSON-LD
    /// `headline`, `og:title`, `twitter:title` / `dc.title` /
    /// `citation_title` / `parsely-title` / `sailthru.title`, microdata
    /// `headline`, the article's `<h1>`, `<title>`, JSON-LD `name`. When
    /// the sources disagree and one of the structured ones equals the
    /// article's `<h1>`, that one wins (the visible headline, not an SEO
    /// variant). A truncated headline is replaced by a later source that
    /// extends it.
    pub title: Option<String>,
    /// Author names, cleaned of "By"/"Von"/"Par"..., roles and dates. First
    /// non-empty source of: JSON-LD `author` (persons, else organisations),
    /// meta `author` / `article:author` / `dc.creator` / `citation_author` /
    /// `parsely-author` / `sailthru.author`, microdata `author`,
    /// `rel=author` links, the visible byline nearest the headline. A
    /// source naming only the site itself gives way to a later one naming
    /// people.
    pub authors: Vec<String>,
    /// Publication date: JSON-LD `datePublished`/`dateCreated`, meta
    /// (`article:published_time`, Dublin Core, `citation_*`, parsely,
    /// sailthru, ...), microdata `datePublished`, `<time>` (a `pubdate` one
    /// first), the visible dateline nearest the headline, a date in the URL
    /// path. When the winner has no time, an agreeing structured source
    /// with a time and zone supplies it.
    pub date_published: Option<String>,
    /// Last modification: JSON-LD `dateModified`, meta
    /// (`article:modified_time`, `og:updated_time`, `dcterms.modified`...),
    /// microdata `dateModified`, an "updated" `<time>` or dateline. Never
    /// before `date_published`.
    pub date_modified: Option<String>,
    /// Site name: `og:site_name`, JSON-LD `WebSite` name, JSON-LD or
    /// microdata `publisher` name, `application-name`, `dc.publisher`,
    /// `twitter:site` (without "@").
    pub sitename: Option<String>,
    /// `og:description`, JSON-LD `description`, meta `description`,
    /// `dc.description`, `twitter:description`, microdata `description`.
    pub description: Option<String>,
    /// Tags: JSON-LD `keywords`, `article:tag`, `parsely-tags` /
    /// `sailthru.tags`, `news_keywords`, `keywords`, microdata `keywords`,
    /// `rel=tag` links and links in tag lists. First non-empty source.
    pub tags: Vec<String>,
    /// Categories: JSON-LD `articleSection`, `article:section`,
    /// `parsely-section`, microdata `articleSection`, `rel=category` links
    /// and links in category lists. First non-empty source.
    pub categories: Vec<String>,
    /// Lead image, absolute URL: JSON-LD `image`, `og:image`,
    /// `twitter:image`, microdata `image`, `<link rel=image_src>`.
    pub image: Option<String>,
    /// License as stated: JSON-LD `license`, `rel=license` links, meta
    /// `license` / `dcterms.license` / a rights statement naming a license.
    /// Creative Commons URLs are written as their short name ("CC BY-SA
    /// 4.0").
    pub license: Option<String>,
    /// Language as an ISO 639-1 code where one exists (else the 3-letter
    /// code): declared by `<html lang>`, then meta, then JSON-LD; or
    /// detected from the article text by [`detect_language`].
    pub language: Option<String>,
    /// Where `language` came from.
    pub language_source: Option<LanguageSource>,
    /// The declared language tag exactly as the page wrote it (`de-DE`),
    /// kept when detection overrode it.
    pub language_declared: Option<String>,
    /// The page's type: JSON-LD `@type` of the main object
    /// (`NewsArticle`), `og:type` (`article`), microdata `itemtype`.
    pub page_type: Option<String>,
}

impl Metadata {
    /// True when `text` is the page's headline (case, whitespace and
    /// punctuation ignored): what the extractor uses to keep the headline
    /// out of the article body.
    pub fn matches_title(&self, text: &str) -> bool {
        self.title.as_deref().is_some_and(|t| {
            let t = squash(t);
            !t.is_empty() && t == squash(text)
        })
    }
}

/// Minimum length (in characters) of a text on which a detected language
/// may override the declared one.
pub const DETECTION_MIN_CHARS: usize = 200;

/// How much text the detector reads: whatlang's cost grows with the text,
/// and 1,500 characters (a few paragraphs) decide a language as well as
/// the whole article.
const DETECTION_MAX_CHARS: usize = 1500;

/// Detect the language of the article text and reconcile it with the
/// declared one.
///
/// * Nothing declared: a reliable detection becomes the language
///   (`language_source = "detected"`).
/// * Declared and detected agree (or are languages the detector cannot
///   tell apart, like Norwegian and Danish): the declaration stands.
/// * They disagree, the text has at least [`DETECTION_MIN_CHARS`]
///   characters and the detection is reliable: the detected language wins,
///   `language_source` becomes `"detected"` and `language_declared` keeps
///   the page's tag, so the record shows the override.
pub fn detect_language(meta: &mut Metadata, text: &str) {
    let end = text
        .char_indices()
        .nth(DETECTION_MAX_CHARS)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let sample = &text[..end];
    let chars = sample.chars().filter(|c| !c.is_whitespace()).count();
    if let Some(declared) = meta.language.as_deref() {
        // A declaration can only be overridden on a long text, and one
        // that the text's function words confirm stands: whatlang (about
        // 0.1 ms a page) runs only when there is something to decide.
        if chars < DETECTION_MIN_CHARS || lang::confirms(declared, sample) {
            return;
        }
    }
    let Some(info) = whatlang::detect(sample) else {
        return;
    };
    if !info.is_reliable() {
        return;
    }
    let detected = lang::iso639_1(info.lang());
    match meta.language.as_deref() {
        None => {
            meta.language = Some(detected.to_string());
            meta.language_source = Some(LanguageSource::Detected);
        }
        Some(declared) => {
            if !lang::same_or_close(declared, detected) && chars >= DETECTION_MIN_CHARS {
                meta.language = Some(detected.to_string());
                meta.language_source = Some(LanguageSource::Detected);
            }
        }
    }
}

/// Read a page's metadata. `page_url` is where the page came from, when
/// known: it resolves relative URLs and is the fallback `url`. Dates are
/// checked against today by the system clock; [`extract_metadata_on`] takes
/// the day to check against.
pub fn extract_metadata(doc: &Document, page_url: Option<&str>) -> Metadata {
    extract_metadata_on(doc, page_url, today_utc())
}

/// [`extract_metadata`] with dates checked against `today` (a date after
/// the day after `today` is skipped as implausible): the day the page was
/// fetched, for records that do not depend on when they are made.
pub fn extract_metadata_on(doc: &Document, page_url: Option<&str>, today: Date) -> Metadata {
    extract_metadata_and_body(doc, page_url, today).0
}

/// [`extract_metadata_on`], and the article body the page states in its
/// JSON-LD (its longest `articleBody` string, as written), which
/// [`crate::extract::ExtractOptions::stated_body`] takes: the page's
/// JSON-LD is read once, for both.
pub fn extract_metadata_and_body(
    doc: &Document,
    page_url: Option<&str>,
    today: Date,
) -> (Metadata, Option<String>) {
    let h = harvest::harvest(doc);
    let page_base = page_url.and_then(parse_web);
    let declared = h
        .base_href
        .as_deref()
        .and_then(|b| resolve_web(b, page_base.as_ref()));
    let base = base_url(declared.clone(), page_base.as_ref(), None);
    let mut ld = jsonld::read(&h.jsonld, h.canonical.as_deref());
    let stated_body = ld.article_body.take();
    let pick = Picker {
        h: &h,
        ld: &ld,
        today,
    };

    let url = pick.url(base.as_ref(), page_base.as_ref());
    // Relative image and license URLs resolve against <base>, the caller's
    // URL, else the page's own canonical URL.
    let link_base = base_url(declared, page_base.as_ref(), url.clone());
    let host = url
        .as_ref()
        .or(page_base.as_ref())
        .and_then(|u| u.host_str().map(str::to_string));

    let mut meta = Metadata {
        url: url.map(String::from),
        ..Metadata::default()
    };
    meta.sitename = pick.sitename();
    let hints = SiteHints::new(
        meta.sitename
            .iter()
            .map(String::as_str)
            .chain(pick.site_names()),
        host.as_deref(),
    );
    meta.title = pick.title(&hints);
    let (language, declared, source) = pick.language();
    meta.language = language;
    meta.language_declared = declared;
    meta.language_source = source;
    meta.authors = pick.authors(&hints);
    let date_lang = meta.language_declared.as_deref();
    let published = pick.date_published(date_lang, meta.url.as_deref().or(page_url));
    let modified = pick.date_modified(date_lang, published.map(|p| p.date));
    meta.date_published = published.map(|m| m.to_iso());
    meta.date_modified = modified.map(|m| m.to_iso());
    meta.description = pick.description();
    meta.tags = pick.tags();
    meta.categories = pick.categories();
    meta.image = pick.image(link_base.as_ref());
    meta.license = pick.license(link_base.as_ref());
    meta.page_type = pick.page_type();
    (meta, stated_body)
}

/// Ranks the harvested signals of one page, field by field.
struct Picker<'a> {
    h: &'a Harvest,
    ld: &'a JsonLd,
    /// Today (UTC): the end of the plausible date window.
    today: Date,
}

/// Meta keys per field, in the order they are trusted.
const TITLE_METAS: &[&str] = &[
    "twitter:title",
    "dc.title",
    "dcterms.title",
    "citation_title",
    "parsely-title",
    "sailthru.title",
    "title",
];
const AUTHOR_METAS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "parsely-author",
    "sailthru.author",
    "byl",
];
#[rustfmt::skip]
const PUBLISHED_METAS: &[&str] = &[
    "article:published_time", "article:published", "og:published_time",
    "og:article:published_time", "published_time", "datepublished", "dc.date.issued",
    "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date",
    "citation_publication_date", "citation_date", "citation_online_date", "parsely-pub-date",
    "sailthru.date", "pubdate", "publishdate", "publish-date", "publish_date", "article.published",
    "originalpublicationdate", "date",
];
const MODIFIED_METAS: &[&str] = &[
    "article:modified_time",
    "article:modified",
    "og:updated_time",
    "modified_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "article.updated",
    "last-modified",
    "lastmod",
];
const DESCRIPTION_METAS: &[&str] = &[
    "description",
    "dc.description",
    "dcterms.description",
    "twitter:description",
];
const LANGUAGE_METAS: &[&str] = &[
    "content-language",
    "language",
    "dc.language",
    "dcterms.language",
    "og:locale",
];

impl<'a> Picker<'a> {
    /// The first non-empty content of the first key present, in key order.
    fn meta(&self, keys: &[&str]) -> Option<&'a str> {
        keys.iter().find_map(|k| {
            self.h
                .metas
                .iter()
                .find(|(key, v)| key == k && !v.trim().is_empty())
                .map(|(_, v)| v.as_str())
        })
    }

    /// All contents of one key, in page order.
    fn meta_all(&self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.h
            .metas
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn url(&self, base: Option<&Url>, page: Option<&Url>) -> Option<Url> {
        let og = self.meta(&["og:url"]);
        let og_abs = og.and_then(parse_web);
        // A relative canonical with no base: take og:url's origin.
        let canonical = self
            .h
            .canonical
            .as_deref()
            .and_then(|c| resolve_web(c, base).or_else(|| resolve_web(c, og_abs.as_ref())));
        let others = [
            og.and_then(|u| resolve_web(u, base)),
            self.ld.url.as_deref().and_then(|u| resolve_web(u, base)),
            self.meta(&["twitter:url"])
                .and_then(|u| resolve_web(u, base)),
            page.cloned(),
        ];
        let deeper_elsewhere = |c: &Url| {
            others
                .iter()
                .flatten()
                .any(|o| o.host_str() == c.host_str() && o.path().len() > 1)
        };
        canonical
            .filter(|c| c.path().len() > 1 || !deeper_elsewhere(c))
            .or_else(|| others.into_iter().flatten().next())
    }

    /// Declared site names besides the winner, for title cleaning.
    fn site_names(&self) -> impl Iterator<Item = &'a str> + 'a {
        [
            self.meta(&["og:site_name"]),
            self.ld.website.as_deref(),
            self.ld.publisher.as_deref(),
            self.h.micro.publisher.as_deref(),
            self.meta(&["application-name"]),
            self.meta(&["apple-mobile-web-app-title"]),
            self.meta(&["twitter:site"])
                .map(|s| s.trim_start_matches('@')),
        ]
        .into_iter()
        .flatten()
    }

    fn sitename(&self) -> Option<String> {
        [
            self.meta(&["og:site_name"]),
            self.ld.website.as_deref(),
            self.ld.publisher.as_deref(),
            self.h.micro.publisher.as_deref(),
            self.meta(&["application-name"]),
            self.meta(&["dc.publisher", "dcterms.publisher"]),
            self.meta(&["twitter:site"])
                .map(|s| s.trim_start_matches('@')),
        ]
        .into_iter()
        .flatten()
        .map(|s| collapse_ws(s.trim_start_matches('@')))
        .find(|s| {
            // A URL is not a name ("https://www.example.in").
            !s.is_empty() && s.chars().count() <= 100 && !s.contains("://")
        })
    }

    /// The `<h1>` that heads the article: the first inside `<article>` or
    /// `<main>`, else the only one, else the first that matches another
    /// title source.
    fn main_h1(&self) -> Option<&'a Spot> {
        let h1s = &self.h.h1s;
        h1s.iter().find(|s| s.in_article).or_else(|| {
            if h1s.len() == 1 {
                return h1s.first();
            }
            let others: Vec<String> = [
                self.ld.headline.as_deref(),
                self.meta(&["og:title"]),
                self.h.title_tag.as_deref(),
            ]
            .into_iter()
            .flatten()
            .map(squash)
            .collect();
            // A short h1 inside a long title is a section heading that
            // happens to share words ("Reviews"), not the headline.
            h1s.iter().find(|s| {
                let sq = squash(&s.text);
                sq.len() >= 8
                    && others
                        .iter()
                        .any(|o| o.contains(&sq) && sq.len() * 2 >= o.len())
            })
        })
    }

    fn title(&self, hints: &SiteHints) -> Option<String> {
        let h1 = self.main_h1();
        let clean = |t: &str| -> Option<String> {
            let t = strip_site_name(&collapse_ws(t), hints);
            (!t.is_empty()).then_some(t)
        };
        // `<title>` that, cleaned, is only the site name says nothing.
        // An h1 inside the article is a strong headline; a lone h1
        // elsewhere (often the site's logo text) only counts after the
        // `<title>`.
        let (article_h1, other_h1) = match h1 {
            Some(s) if s.in_article => (Some(s.text.as_str()), None),
            Some(s) => (None, Some(s.text.as_str())),
            None => (None, None),
        };
        // Sources are cleaned lazily: most pages settle on the first.
        let raw: [Option<&str>; 5] = [
            self.ld.headline.as_deref(),
            self.meta(&["og:title"]),
            self.meta(TITLE_METAS),
            self.h.micro.headline.as_deref(),
            article_h1,
        ];
        let late: [Option<&str>; 2] = [other_h1, self.ld.name.as_deref()];
        let title_tag = || {
            self.h
                .title_tag
                .as_deref()
                .and_then(clean)
                .filter(|t| !hints.names_site(t))
        };
        let mut cleaned = raw
            .into_iter()
            .flatten()
            .filter_map(clean)
            .chain(std::iter::once_with(title_tag).flatten())
            .chain(late.into_iter().flatten().filter_map(clean));
        let mut best = cleaned.next()?;
        // Sources disagree (an SEO headline in JSON-LD, the visible one in
        // og:title): the structured title that the page's own h1 repeats
        // is the headline readers see.
        if let Some(h1) = h1 {
            let h1_key = squash(&h1.text);
            if squash(&best) != h1_key {
                let confirmed = raw[1..4]
                    .iter()
                    .flatten()
                    .filter_map(|t| clean(t))
                    .find(|t| squash(t) == h1_key);
                if let Some(confirmed) = confirmed {
                    best = confirmed;
                }
            }
        }
        // "Opinion | Headline", "Headline | Editorial": a segment the
        // site name did not cover; an h1 equal to the rest is the headline.
        if let Some(h1) = self.h.h1s.iter().find(|s| is_affix_of(&s.text, &best)) {
            best = collapse_ws(&h1.text);
        }
        // A truncated headline ("... the fir…") gives way to a source that
        // continues it.
        let stem = squash(best.trim_end_matches(['…', '.', ' ']));
        if best.ends_with('…') || best.ends_with("...") || best.chars().count() >= 100 {
            if let Some(longer) = cleaned.find(|c| {
                let sq = squash(c);
                stem.len() >= 8 && sq.len() > stem.len() && sq.starts_with(&stem)
            }) {
                best = longer;
            }
        }
        Some(best)
    }

    fn language(&self) -> (Option<String>, Option<String>, Option<LanguageSource>) {
        let declared = [
            (self.h.html_lang.as_deref(), LanguageSource::HtmlLang),
            (self.meta(LANGUAGE_METAS), LanguageSource::Meta),
            (self.ld.language.as_deref(), LanguageSource::JsonLd),
        ];
        for (tag, source) in declared {
            if let Some(tag) = tag {
                if let Some(code) = lang::normalize_tag(tag) {
                    return (Some(code), Some(tag.trim().to_string()), Some(source));
                }
            }
        }
        (None, None, None)
    }

    fn authors(&self, hints: &SiteHints) -> Vec<String> {
        let mut sources: Vec<Vec<String>> = Vec::new();
        sources.push(self.ld.authors.clone());
        for key in AUTHOR_METAS {
            let values: Vec<String> = self
                .meta_all(key)
                .filter(|v| !v.contains("://") && !v.starts_with('/'))
                .map(|v| {
                    if *key == "citation_author" {
                        surname_last(v)
                    } else {
                        v.to_string()
                    }
                })
                .collect();
            sources.push(values);
        }
        sources.push(self.h.micro.authors.clone());
        let byline = self
            .nearest_to_headline(&self.h.bylines, |_| true)
            .map(|b| b.text.clone());
        // rel=author marks only linked names: a byline that names them and
        // more ("By <a rel=author>Jane Doe</a> and John Roe") is complete.
        let linked = self.h.author_links.clone();
        let byline_names = match (&byline, linked.is_empty()) {
            (Some(b), false) => clean_authors(b),
            _ => Vec::new(),
        };
        let byline_covers_links = !linked.is_empty()
            && byline_names.len() > linked.len()
            && linked.iter().all(|l| {
                clean_authors(l)
                    .iter()
                    .all(|n| byline_names.iter().any(|b| b.eq_ignore_ascii_case(n)))
            });
        if !byline_covers_links {
            sources.push(linked);
        }
        sources.extend(byline.map(|b| vec![b]));
        let mut site_only: Option<Vec<String>> = None;
        for raw in sources {
            let mut names: Vec<String> = Vec::new();
            for value in &raw {
                for name in clean_authors(value) {
                    let name = hints.strip_trailing_site(&name);
                    if names.len() < names::MAX_AUTHORS
                        && !names.iter().any(|n| n.eq_ignore_ascii_case(&name))
                    {
                        names.push(name);
                    }
                }
            }
            if names.is_empty() {
                continue;
            }
            // The site itself named as author: only if no source names
            // anyone else.
            let people: Vec<String> = names
                .iter()
                .filter(|n| !hints.names_org(n))
                .cloned()
                .collect();
            if people.is_empty() {
                site_only.get_or_insert(names);
                continue;
            }
            return people;
        }
        site_only.unwrap_or_default()
    }

    /// The spot closest to the article's headline: after it by preference
    /// (bylines and datelines sit under the headline), and inside the
    /// article before outside it. Without a headline, the first in the
    /// article, else the first.
    fn nearest_to_headline<'s>(
        &self,
        spots: impl IntoIterator<Item = &'s Spot>,
        keep: impl Fn(&Spot) -> bool,
    ) -> Option<&'s Spot> {
        let spots: Vec<&Spot> = spots.into_iter().filter(|s| keep(s)).collect();
        match self.main_h1() {
            Some(h1) => spots.into_iter().min_by_key(|s| {
                let after = s.order >= h1.order;
                let distance = s.order.abs_diff(h1.order);
                // Before the headline counts double: a kicker or a
                // teaser above it is less likely the article's.
                (!s.in_article, if after { distance } else { distance * 2 })
            }),
            None => spots
                .iter()
                .find(|s| s.in_article)
                .or(spots.first())
                .copied(),
        }
    }

    fn structured(&self, v: Option<&str>, lang: Option<&str>) -> Option<Moment> {
        v.and_then(|v| parse_structured(v, lang))
            .filter(|m| m.date.is_plausible(self.today))
    }

    fn date_published(&self, lang: Option<&str>, url: Option<&str>) -> Option<Moment> {
        let today = self.today;
        let mut structured: Vec<Option<Moment>> =
            vec![self.structured(self.ld.date_published.as_deref(), lang)];
        structured.extend(
            PUBLISHED_METAS
                .iter()
                .map(|k| self.structured(self.meta(&[k]), lang)),
        );
        structured.push(self.structured(self.h.micro.date_published.as_deref(), lang));
        let times: Vec<&DateSpot> = self
            .h
            .dates
            .iter()
            .filter(|d| d.datetime.is_some() && !d.modified)
            .collect();
        let time_moment = |d: &DateSpot| self.structured(d.datetime.as_deref(), lang);
        if let Some(t) = times
            .iter()
            .find(|d| d.published)
            .and_then(|d| time_moment(d))
        {
            structured.push(Some(t));
        }
        let nearest_time = self
            .nearest_to_headline(times.iter().map(|d| &d.spot), |_| true)
            .and_then(|spot| times.iter().find(|d| std::ptr::eq(&d.spot, spot)))
            .and_then(|d| time_moment(d));
        structured.push(nearest_time);
        let structured: Vec<Moment> = structured.into_iter().flatten().collect();

        let visible = || {
            let readable: Vec<(&DateSpot, Date)> = self
                .h
                .dates
                .iter()
                .filter(|d| !d.modified)
                .filter_map(|d| {
                    parse_text(&d.spot.text, lang)
                        .filter(|date| date.is_plausible(today))
                        .map(|date| (d, date))
                })
                .collect();
            let spot = self.nearest_to_headline(readable.iter().map(|(d, _)| &d.spot), |_| true)?;
            readable
                .iter()
                .find(|(d, _)| std::ptr::eq(&d.spot, spot))
                .map(|(_, date)| Moment {
                    date: *date,
                    time: None,
                })
        };
        let from_url = || {
            url.and_then(dates::parse_url_date)
                .filter(|d| d.is_plausible(today))
                .map(|date| Moment { date, time: None })
        };
        let best = structured
            .first()
            .copied()
            .or_else(visible)
            .or_else(from_url)?;
        Some(with_time_from(best, &structured))
    }

    /// The first modification date not before `published`.
    fn date_modified(&self, lang: Option<&str>, published: Option<Date>) -> Option<Moment> {
        let today = self.today;
        let not_before = |m: &Moment| published.is_none_or(|p| m.date >= p);
        let mut structured: Vec<Option<Moment>> =
            vec![self.structured(self.ld.date_modified.as_deref(), lang)];
        structured.extend(
            MODIFIED_METAS
                .iter()
                .map(|k| self.structured(self.meta(&[k]), lang)),
        );
        structured.push(self.structured(self.h.micro.date_modified.as_deref(), lang));
        structured.extend(
            self.h
                .dates
                .iter()
                .filter(|d| d.modified && d.datetime.is_some())
                .map(|d| self.structured(d.datetime.as_deref(), lang)),
        );
        let structured: Vec<Moment> = structured
            .into_iter()
            .flatten()
            .filter(not_before)
            .collect();
        let best = structured.first().copied().or_else(|| {
            self.h
                .dates
                .iter()
                .filter(|d| d.modified && d.datetime.is_none())
                .filter_map(|d| parse_text(&d.spot.text, lang))
                .map(|date| Moment { date, time: None })
                .find(|m| m.date.is_plausible(today) && not_before(m))
        })?;
        Some(with_time_from(best, &structured))
    }

    fn description(&self) -> Option<String> {
        [
            self.meta(&["og:description"]),
            self.ld.description.as_deref(),
            self.meta(DESCRIPTION_METAS),
            self.h.micro.description.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(collapse_ws)
        .find(|d| !d.is_empty())
    }

    fn tags(&self) -> Vec<String> {
        let split = |v: Option<&str>| -> Vec<String> {
            v.map(|v| v.split(',').map(str::to_string).collect())
                .unwrap_or_default()
        };
        let sources: Vec<Vec<String>> = vec![
            self.ld.keywords.clone(),
            self.meta_all("article:tag")
                .flat_map(|v| v.split(','))
                .map(str::to_string)
                .collect(),
            split(self.meta(&["parsely-tags", "sailthru.tags"])),
            split(self.meta(&["news_keywords"])),
            split(self.meta(&["keywords"])),
            self.meta(&["citation_keywords"])
                .map(|v| v.split([';', ',']).map(str::to_string).collect())
                .unwrap_or_default(),
            split(self.h.micro.keywords.as_deref()),
            self.h.tag_links.clone(),
        ];
        first_list(sources)
    }

    fn categories(&self) -> Vec<String> {
        let sources: Vec<Vec<String>> = vec![
            self.ld.sections.clone(),
            self.meta_all("article:section")
                .map(str::to_string)
                .collect(),
            self.meta(&["parsely-section"])
                .map(str::to_string)
                .into_iter()
                .collect(),
            self.h.micro.section.clone().into_iter().collect(),
            self.h.category_links.clone(),
        ];
        first_list(sources)
    }

    fn image(&self, base: Option<&Url>) -> Option<String> {
        [
            self.ld.image.as_deref(),
            self.meta(&["og:image:secure_url", "og:image:url", "og:image"]),
            self.meta(&["twitter:image", "twitter:image:src"]),
            self.h.micro.image.as_deref(),
            self.h.image_src.as_deref(),
        ]
        .into_iter()
        .flatten()
        .find_map(|u| resolve_web(u, base))
        .map(String::from)
    }

    fn license(&self, base: Option<&Url>) -> Option<String> {
        let stated = |v: &str| -> Option<String> {
            let v = collapse_ws(v);
            if v.is_empty() {
                return None;
            }
            Some(creative_commons(&v).unwrap_or(v))
        };
        if let Some(l) = self.ld.license.as_deref().and_then(stated) {
            return Some(l);
        }
        for (href, text) in &self.h.license_links {
            if let Some(cc) = creative_commons(href) {
                return Some(cc);
            }
            if !text.is_empty() {
                return Some(text.clone());
            }
            if let Some(u) = resolve_web(href, base) {
                return Some(u.into());
            }
        }
        if let Some(l) = self.meta(&["license", "dcterms.license"]).and_then(stated) {
            return Some(l);
        }
        // A rights statement counts only when it names a license.
        self.meta(&["dc.rights", "dcterms.rights"])
            .filter(|r| {
                let l = r.to_lowercase();
                l.contains("licen")
                    || l.contains("creativecommons")
                    || l.contains("creative commons")
            })
            .and_then(stated)
    }

    fn page_type(&self) -> Option<String> {
        self.ld
            .page_type
            .clone()
            .or_else(|| self.meta(&["og:type"]).map(|t| t.trim().to_string()))
            .or_else(|| {
                // The first microdata item may be a page header or a
                // navigation block; only article and page types describe
                // the page.
                self.h.micro.item_type.clone()
            })
            .filter(|t| !t.is_empty())
    }
}

/// `citation_author` is one author per tag, often "Surname, Given names":
/// turn that into "Given names Surname" so the comma does not split it.
fn surname_last(v: &str) -> String {
    match v.split_once(',') {
        Some((surname, given)) if !given.contains(',') && !given.trim().is_empty() => {
            format!("{} {}", given.trim(), surname.trim())
        }
        _ => v.to_string(),
    }
}

/// Add the time of an agreeing, more precise source to a date-only winner.
fn with_time_from(best: Moment, structured: &[Moment]) -> Moment {
    if best.time.is_some() {
        return best;
    }
    structured
        .iter()
        .find(|m| m.date == best.date && m.time.is_some())
        .copied()
        .unwrap_or(best)
}

/// The first source with at least one usable entry, cleaned and
/// de-duplicated (case-insensitively).
fn first_list(sources: Vec<Vec<String>>) -> Vec<String> {
    for source in sources {
        let mut out: Vec<String> = Vec::new();
        for item in source {
            let item = collapse_ws(&item);
            let item = item.trim_matches(|c: char| c == ',' || c == '#' || c.is_whitespace());
            // Internal markers and paths ("@post-id:1", "/columnists/",
            // "&quot") are not labels.
            if item.is_empty()
                || item.chars().count() > 80
                || item.starts_with(['@', '/', '&', '?'])
                || item.contains("://")
                || !item.chars().any(char::is_alphanumeric)
            {
                continue;
            }
            if !out.iter().any(|o| o.to_lowercase() == item.to_lowercase()) {
                out.push(item.to_string());
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    Vec::new()
}

/// "CC BY-SA 4.0" for a Creative Commons license URL.
fn creative_commons(v: &str) -> Option<String> {
    let l = v.to_ascii_lowercase();
    let at = l.find("creativecommons.org/")?;
    let path: Vec<&str> = l[at + "creativecommons.org/".len()..]
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    match path.as_slice() {
        ["licenses", kind, version, ..] => {
            Some(format!("CC {} {}", kind.to_ascii_uppercase(), version))
        }
        ["licenses", kind] => Some(format!("CC {}", kind.to_ascii_uppercase())),
        ["publicdomain", "zero", version, ..] => Some(format!("CC0 {version}")),
        ["publicdomain", "mark", version, ..] => Some(format!("Public Domain Mark {version}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creative_commons_names() {
        assert_eq!(
            creative_commons("https://creativecommons.org/licenses/by-sa/4.0/").as_deref(),
            Some("CC BY-SA 4.0")
        );
        assert_eq!(
            creative_commons("http://creativecommons.org/publicdomain/zero/1.0/").as_deref(),
            Some("CC0 1.0")
        );
        assert_eq!(creative_commons("https://example.org/license"), None);
    }
}
