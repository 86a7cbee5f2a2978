//! Titles: taking the site name off a page title.
//!
//! `<title>` and often `og:title` read "Headline | Site", "Site - Headline"
//! or "Headline – Section – Site". The extractor needs the bare headline
//! (to keep it out of the article body and to report it), so the segments
//! that name the site are cut off. A segment names the site when it matches
//! one of the site names the page declares (`og:site_name`, JSON-LD
//! publisher, `application-name`, ...) or the host name. Only when no site
//! name is known at all, a final " | Something" segment is cut, since a
//! pipe almost never occurs inside a headline.

/// Separators between headline and site name, strongest first.
const SEPARATORS: &[&str] = &[
    " | ", " || ", " - ", " – ", " — ", " · ", " • ", " :: ", " » ", " « ", " / ", " \\ ", " > ",
    " ~ ", " ｜ ", "｜",
];

/// Lower-case letters and digits only, for comparing names written
/// differently ("T3N – Digital Pioneers" vs "t3n digital pioneers").
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What the page tells about its own name.
#[derive(Debug, Default)]
pub struct SiteHints {
    /// Declared site names, squashed, with their word counts.
    pub names: Vec<(String, usize)>,
    /// The host without `www.`, squashed (`t3nde`).
    pub host: Option<String>,
    /// The host's distinctive label, squashed (`t3n` for `www.t3n.de`,
    /// `bbc` for `www.bbc.co.uk`).
    pub host_label: Option<String>,
}

impl SiteHints {
    /// Build hints from declared site names and the page host.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>, host: Option<&str>) -> SiteHints {
        let mut hints = SiteHints::default();
        for n in names {
            let sq = squash(n);
            if sq.len() >= 2 && !hints.names.iter().any(|(known, _)| *known == sq) {
                hints.names.push((sq, n.split_whitespace().count()));
            }
        }
        if let Some(host) = host {
            let host = host.trim_start_matches("www.").trim_start_matches("m.");
            let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
            hints.host = Some(squash(host));
            // The label before the public suffix: skip a second-level
            // suffix like "co.uk" or "com.br".
            let label = match labels.len() {
                0 | 1 => labels.first().copied(),
                n => {
                    let sld = labels[n - 2];
                    if n >= 3 && sld.len() <= 3 && labels[n - 1].len() == 2 {
                        Some(labels[n - 3])
                    } else {
                        Some(sld)
                    }
                }
            };
            hints.host_label = label.map(squash).filter(|l| l.len() >= 2);
        }
        hints
    }

    /// True when a title segment names the site.
    pub fn names_site(&self, segment: &str) -> bool {
        let sq = squash(segment);
        if sq.is_empty() {
            return true;
        }
        let words = segment.split_whitespace().count();
        for (name, name_words) in &self.names {
            if sq == *name {
                return true;
            }
            // "t3n – digital pioneers" for site "t3n": the site name plus a
            // short slogan.
            if (sq.starts_with(name.as_str()) || sq.ends_with(name.as_str()))
                && words <= *name_words + 3
            {
                return true;
            }
        }
        if let Some(host) = &self.host {
            if sq == *host || sq.contains(host.as_str()) && words <= 3 {
                return true;
            }
        }
        if let Some(label) = &self.host_label {
            // "The Example Gazette" on example-gazette.com.
            if sq == *label || (label.len() >= 5 && sq.contains(label.as_str()) && words <= 4) {
                return true;
            }
        }
        // "Example.com", "heise.de": a bare domain name.
        !segment.contains(' ')
            && segment.rsplit_once('.').is_some_and(|(a, tld)| {
                !a.is_empty()
                    && (2..=6).contains(&tld.len())
                    && tld.chars().all(|c| c.is_ascii_alphabetic())
            })
    }
}

impl SiteHints {
    /// True when an author name is the site or its publisher ("CNN" on
    /// a site named "CNN", "Business Insider" on "Business Insider
    /// Deutschland"), not a person.
    pub fn names_org(&self, name: &str) -> bool {
        let sq = squash(name);
        self.names_site(name)
            || (sq.chars().count() >= 3 && self.names.iter().any(|(n, _)| n.starts_with(&sq)))
    }

    /// Remove a site name written after a person's name ("Kevin McCoy USA
    /// TODAY" on usatoday.com).
    pub fn strip_trailing_site(&self, name: &str) -> String {
        let words: Vec<&str> = name.split_whitespace().collect();
        for k in (1..=3).rev() {
            if words.len() < k + 2 {
                continue;
            }
            let tail = squash(&words[words.len() - k..].join(" "));
            let is_site = self.names.iter().any(|(n, _)| *n == tail)
                || self.host_label.as_deref() == Some(tail.as_str());
            if is_site {
                return words[..words.len() - k].join(" ");
            }
        }
        name.to_string()
    }
}

/// True when `part` is `whole` minus one separator-delimited segment at its
/// start or end ("Opinion | Headline", "Headline | Editorial").
pub fn is_affix_of(part: &str, whole: &str) -> bool {
    let (p, w) = (squash(part), squash(whole));
    if p.is_empty() || p == w || !w.contains(&p) {
        return false;
    }
    SEPARATORS.iter().chain(&[": "]).any(|sep| {
        whole
            .split_once(sep)
            .is_some_and(|(_, rest)| squash(rest) == p)
            || whole
                .rsplit_once(sep)
                .is_some_and(|(head, _)| squash(head) == p)
    })
}

/// The headline with site-name segments removed from either end.
pub fn strip_site_name(title: &str, hints: &SiteHints) -> String {
    let mut t = title.trim().to_string();
    loop {
        let mut changed = false;
        for sep in SEPARATORS {
            if let Some(pos) = t.rfind(sep) {
                let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
                if !head.trim().is_empty() && hints.names_site(tail) {
                    t = head.trim().to_string();
                    changed = true;
                    break;
                }
            }
            if let Some(pos) = t.find(sep) {
                let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
                if !tail.trim().is_empty() && hints.names_site(head) {
                    t = tail.trim().to_string();
                    changed = true;
                    break;
                }
            }
        }
        // "Site: Headline" (never "Headline: Site"): a colon is common
        // inside headlines, so only a site name matched exactly counts.
        if !changed {
            if let Some((head, tail)) = t.split_once(": ") {
                let sq = squash(head);
                let is_site = hints.names.iter().any(|(n, _)| *n == sq)
                    || hints.host_label.as_deref() == Some(sq.as_str());
                if !tail.trim().is_empty() && is_site {
                    t = tail.trim().to_string();
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    if hints.names.is_empty() {
        // No declared site name: a trailing pipe segment short enough to
        // be a name goes.
        for sep in [" | ", " ｜ "] {
            if let Some(pos) = t.rfind(sep) {
                let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
                if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 2 {
                    t = head.trim().to_string();
                }
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_and_prefix() {
        let hints = SiteHints::new(["t3n Magazin", "t3n"], Some("t3n.de"));
        assert_eq!(
            strip_site_name(
                "USA sanktionieren KI-Startup | t3n – digital pioneers",
                &hints
            ),
            "USA sanktionieren KI-Startup"
        );
        assert_eq!(
            strip_site_name("t3n: Menschenrechte: USA sanktionieren", &hints),
            "Menschenrechte: USA sanktionieren"
        );
        let hints = SiteHints::new([], Some("www.sportsnet.ca"));
        assert_eq!(
            strip_site_name("Argentina wins opener - Sportsnet.ca", &hints),
            "Argentina wins opener"
        );
        let hints = SiteHints::new(["The Daily Example"], Some("news.example.co.uk"));
        assert_eq!(
            strip_site_name("World - Headline here - The Daily Example", &hints),
            "World - Headline here"
        );
    }

    #[test]
    fn headline_dashes_survive() {
        let hints = SiteHints::new(["Example News"], Some("example.org"));
        assert_eq!(
            strip_site_name("Rust 2.0 - what changes for you", &hints),
            "Rust 2.0 - what changes for you"
        );
        let none = SiteHints::default();
        assert_eq!(
            strip_site_name("Something happened | Some Site", &none),
            "Something happened"
        );
        assert_eq!(strip_site_name("Alpha - Beta", &none), "Alpha - Beta");
    }
}
