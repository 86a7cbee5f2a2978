//! Author names: from a raw byline or author value to a list of clean
//! names.
//!
//! Bylines mix the names with words around them: an introducer ("By",
//! "Von", "Par", "Por", "Di", "Door", "Autor:"), roles ("Staff Writer",
//! "Redakteurin"), dates and places ("on October 8, 2019", "| 24.10.2019"),
//! e-mail addresses and handles, and several names joined by commas or
//! "and"/"und"/"et". This module strips the noise and keeps what still
//! looks like a personal or organisational name; what does not, it drops
//! rather than guess.

use crate::text::collapse_ws;

use super::dates::month_number;

/// Introducers stripped from the start of a byline, lower case, longest
/// first so that "written by" wins over "by".
#[rustfmt::skip]
const INTRODUCERS: &[&str] = &[
    "ein beitrag von", "geschrieben von", "written by", "posted by", "reported by", "story by",
    "words by", "text von", "publié par", "escrito por", "scritto da", "autorinnen:", "autoren:",
    "autorin:", "autor:", "authors:", "author:", "auteur:", "autore:", "text:", "texte:", "door",
    "von", "by", "par", "por", "di", "da", "av", "af",
];

/// Introducers that are also particles of surnames.
const PARTICLES: &[&str] = &["von", "di", "da", "par", "door", "av", "af", "por"];

/// Words that make up a role or job title rather than a name.
#[rustfmt::skip]
const ROLE_WORDS: &[&str] = &[
    "staff", "writer", "writers", "senior", "editor", "editors", "reporter", "reporters",
    "correspondent", "contributor", "contributing", "columnist", "journalist", "photographer",
    "chief", "deputy", "managing", "executive", "associate", "assistant", "political", "science",
    "technology", "tech", "business", "sports", "news", "national", "foreign", "international",
    "special", "global", "online", "digital", "desk", "team", "the", "of", "at", "for", "and",
    "in", "redakteur", "redakteurin", "redakteure", "chefredakteur", "chefredakteurin",
    "korrespondent", "korrespondentin", "journalistin", "autor", "autorin", "fotograf",
    "fotografin", "volontär", "volontärin", "freier", "freie", "mitarbeiter", "mitarbeiterin",
    "leitender", "leitende", "rédacteur", "rédactrice", "journaliste", "envoyé", "envoyée",
    "spécial", "spéciale", "en", "chef", "periodista", "redactor", "redactora", "corresponsal",
    "giornalista", "redattore", "redattrice", "inviato", "redacteur", "verslaggever",
    "correspondent", "medewerker", "updated", "published", "aktualisiert", "veröffentlicht",
    "posted", "guest", "gastautor", "gastautorin", "admin", "administrator", "editorial",
    "reports", "report", "redaktion", "staff-writer", "editor-at-large", "ms", "rd", "rdn", "phd",
    "md", "mba", "rn", "mph", "cscs",
];

/// Words that introduce a date or place after the name
/// ("By Jane Doe on ...", "Von Max Muster am ...").
#[rustfmt::skip]
const TRAILERS: &[&str] = &[
    "on", "am", "le", "el", "il", "op", "em", "updated", "published", "aktualisiert",
    "veröffentlicht", "publié", "publicado", "pubblicato", "gepubliceerd", "posted", "at", "um",
    "à", "a", "-", "|", "·", "•", "—", "–", "in",
];

/// Weekday names that may sit before a date after the name.
#[rustfmt::skip]
const WEEKDAYS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi",
    "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves", "viernes",
    "sábado", "domingo",
];

/// Prefixes of credits that are not the article's authors.
#[rustfmt::skip]
const NOT_AUTHOR: &[&str] = &[
    "foto", "fotos", "photo", "photos", "bild", "bilder", "image", "images", "illustration",
    "grafik", "video", "quelle", "source", "crédit", "credit", "credits",
];

/// Joiners between names, with the spaces around them.
const JOINERS: &[&str] = &[
    " and ", " und ", " et ", " y ", " e ", " en ", " og ", " och ", " i ", " & ",
];

/// Split and clean one raw author value into names.
pub fn clean_authors(raw: &str) -> Vec<String> {
    // A byline longer than this is not a list of authors; cutting it keeps
    // the work bounded on hostile pages.
    let raw = match raw.char_indices().nth(MAX_BYLINE_CHARS) {
        Some((cut, _)) => &raw[..cut],
        None => raw,
    };
    let mut text = collapse_ws(raw);
    if text.is_empty() || looks_like_url(&text) {
        return Vec::new();
    }
    text = strip_bracketed(&text);
    // "Posted on March 30, 2015 by Admin", "Analysis by Chris Cillizza":
    // the names follow the last " by ".
    if let Some(pos) = text.to_ascii_lowercase().rfind(" by ") {
        let left = &text[..pos];
        let last = left.split_whitespace().last().unwrap_or("");
        let credit = last.trim_end_matches([':', '.']).to_lowercase();
        text = if NOT_AUTHOR.contains(&credit.as_str()) {
            // "Jane Doe. Photos by John Roe": the credit is not an author.
            left[..left.len() - last.len()].to_string()
        } else {
            text[pos + 4..].to_string()
        };
    }
    // A date ends the names: "By Jane Doe, 8 October 2019".
    if let Some(pos) = text.find(|c: char| c.is_ascii_digit()) {
        text.truncate(pos);
    }
    let mut unified = split_sentences(&text);
    for joiner in JOINERS {
        unified = replace_ascii_ci(&unified, joiner, ",");
    }
    let mut names: Vec<String> = Vec::new();
    let unified = unified.replace('：', ": ");
    let parts = unified.split([',', ';', '/', '|', '·', '•', '\n', '／', '、', '，']);
    for (i, part) in parts.enumerate() {
        // "Tom Krisher, AP Auto Writer": after the first name, a part that
        // ends in a role describes the previous name.
        if i > 0 && ends_with_role(part) {
            continue;
        }
        if let Some(name) = clean_one(part) {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                names.push(name);
            }
        }
        if names.len() >= MAX_AUTHORS {
            break;
        }
    }
    // "Eric Tucker Associated Press" (two elements run together): the
    // agency after a full name is an affiliation.
    for name in names.iter_mut() {
        if let Some(stripped) = strip_trailing_agency(name) {
            *name = stripped;
        }
    }
    // "Jane Doe, Associated Press": next to a person, a news agency is the
    // person's affiliation; alone, it is the author.
    if names.iter().any(|n| !is_agency(n)) {
        names.retain(|n| !is_agency(n));
    }
    names
}

/// News agencies, which bylines name after the reporter.
#[rustfmt::skip]
const AGENCIES: &[&str] = &[
    "ap", "associated press", "the associated press", "reuters", "thomson reuters", "afp",
    "agence france-presse", "agence france presse", "dpa", "apa", "ansa", "efe", "pti", "ians",
    "upi", "xinhua", "kyodo", "yonhap", "anp", "belga", "epd", "kna", "sid", "tass", "ria novosti",
    "bloomberg", "bloomberg news", "press association", "pa", "aap", "cp", "the canadian press",
    "canadian press", "ntb", "tt", "ritzau", "sda", "keystone-sda",
];

/// The name without a news agency written after it, when at least two
/// words remain.
fn strip_trailing_agency(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=3).rev().find_map(|k| {
        if words.len() < k + 2 {
            return None;
        }
        let tail = words[words.len() - k..].join(" ");
        is_agency(&tail).then(|| words[..words.len() - k].join(" "))
    })
}

/// True for the name of a news agency.
pub fn is_agency(name: &str) -> bool {
    let l = name.trim().to_lowercase();
    AGENCIES.contains(&l.as_str())
}

/// Turn ". " after a word of two or more letters into a separator:
/// "Finian Cunningham. Sputnik" holds two names, "Bruce Y. Lee" one.
fn split_sentences(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_len = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '.' && word_len >= 2 && chars.peek() == Some(&' ') {
            out.push(',');
            word_len = 0;
            continue;
        }
        word_len = if c.is_alphabetic() { word_len + 1 } else { 0 };
        out.push(c);
    }
    out
}

fn is_role_word(w: &str) -> bool {
    let l = w
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    ROLE_WORDS.contains(&l.as_str())
}

fn ends_with_role(part: &str) -> bool {
    part.split_whitespace().last().is_some_and(is_role_word)
}

/// Bylines are read up to this many characters.
const MAX_BYLINE_CHARS: usize = 2000;
/// At most this many authors are listed.
pub const MAX_AUTHORS: usize = 32;
/// A name candidate is read up to this many words (introducers included).
const MAX_NAME_WORDS: usize = 16;

/// A word like "Cleveland.com": a domain, not a name.
fn is_domain_like(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    w.rsplit_once('.').is_some_and(|(a, tld)| {
        !a.is_empty() && (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase())
    })
}

/// Clean one name candidate; `None` when what is left is not a name.
fn clean_one(part: &str) -> Option<String> {
    let mut words: Vec<&str> = part
        .split_whitespace()
        .filter(|w| !w.contains('@') || !w.contains('.'))
        .filter(|w| !w.starts_with('@'))
        .take(MAX_NAME_WORDS)
        .collect();
    // Introducers, possibly repeated ("and by"). Those that are also name
    // particles ("Von", "Di", "Da") only go when a full name follows, so
    // that "Di Maria" stays a name.
    loop {
        let lower = words.join(" ").to_lowercase();
        let Some(intro) = INTRODUCERS.iter().find(|i| {
            lower.starts_with(*i)
                && (i.ends_with(':') || matches!(lower.as_bytes().get(i.len()), None | Some(b' ')))
        }) else {
            break;
        };
        let n = intro.split_whitespace().count();
        if intro.ends_with(':') && words.first().is_some_and(|w| w.len() > intro.len()) {
            // "Autor:Max" written without a space.
            let first = words[0];
            words[0] = first.get(intro.len()..).unwrap_or("");
            if words[0].is_empty() {
                words.remove(0);
            }
        } else if PARTICLES.contains(intro) && words.len() < n + 2 {
            break;
        } else {
            words.drain(..n.min(words.len()));
        }
    }
    if words.iter().any(|w| is_domain_like(w)) {
        return None;
    }
    let first_lower = words
        .first()
        .map(|w| w.trim_end_matches(':').trim_end_matches('.').to_lowercase());
    if first_lower.is_some_and(|f| NOT_AUTHOR.contains(&f.as_str())) {
        return None;
    }
    // Any other "Label:" before the name ("Текст:", "Reporting:").
    if words.len() > 1 && words[0].ends_with(':') {
        words.remove(0);
    }
    // Trailing date words and connectors left after the digits were cut.
    while let Some(last) = words.last() {
        let l = last
            .trim_matches(|c: char| matches!(c, ',' | '.' | ':'))
            .to_lowercase();
        if l.is_empty()
            || TRAILERS.contains(&l.as_str())
            || WEEKDAYS.contains(&l.as_str())
            || month_number(&l).is_some()
        {
            words.pop();
        } else {
            break;
        }
    }
    // Roles: words at the end (or the whole part) from the role list.
    if words.iter().all(|w| is_role_word(w)) {
        return None;
    }
    // A role run into the name ("Editorial Staff" after a name) goes; a
    // single trailing role word may be a surname ("Michael Writer").
    let trailing_roles = words.iter().rev().take_while(|w| is_role_word(w)).count();
    let collective = words.last().is_some_and(|w| {
        let l = w.to_lowercase();
        matches!(
            l.as_str(),
            "staff" | "team" | "desk" | "redaktion" | "editorial"
        )
    });
    if (trailing_roles >= 2 || collective) && trailing_roles < words.len() {
        words.truncate(words.len() - trailing_roles);
    }
    let name = words
        .join(" ")
        .trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ':' | '-' | '–' | '—' | '.' | '"' | '“' | '”')
        })
        .to_string();
    is_name_like(&name).then_some(name)
}

/// A name: 1 to 6 words, 2 to 60 characters, letters, and (in a cased
/// script) at least one capitalised word.
fn is_name_like(name: &str) -> bool {
    let chars = name.chars().count();
    let words = name.split_whitespace().count();
    if !(2..=60).contains(&chars) || !(1..=6).contains(&words) {
        return false;
    }
    if !name.chars().any(char::is_alphabetic) || looks_like_url(name) {
        return false;
    }
    let cased = name.chars().any(|c| c.is_lowercase() || c.is_uppercase());
    !cased
        || name
            .split_whitespace()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

fn looks_like_url(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    l.starts_with("http:")
        || l.starts_with("https:")
        || l.starts_with("www.")
        || l.starts_with('/')
        || l.contains("://")
}

/// Remove "(...)" and "[...]" segments (e-mail addresses, agencies, roles).
fn strip_bracketed(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0u32;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    collapse_ws(&out)
}

/// Replace every ASCII-case-insensitive occurrence of `needle` (ASCII).
fn replace_ascii_ci(hay: &str, needle: &str, with: &str) -> String {
    let lower = hay.to_ascii_lowercase();
    let mut out = String::with_capacity(hay.len());
    let mut last = 0;
    for (pos, _) in lower.match_indices(needle) {
        if pos < last {
            continue;
        }
        out.push_str(&hay[last..pos]);
        out.push_str(with);
        last = pos + needle.len();
    }
    out.push_str(&hay[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<String> {
        clean_authors(s)
    }

    #[test]
    fn introducers_in_several_languages() {
        assert_eq!(c("By Jane Doe"), ["Jane Doe"]);
        assert_eq!(c("Von Max Mustermann"), ["Max Mustermann"]);
        assert_eq!(c("Par Jean Dupont"), ["Jean Dupont"]);
        assert_eq!(c("Por María García"), ["María García"]);
        assert_eq!(c("Di Mario Rossi"), ["Mario Rossi"]);
        assert_eq!(c("Door Jan de Vries"), ["Jan de Vries"]);
        assert_eq!(c("Autor: Stephan Dörner"), ["Stephan Dörner"]);
        assert_eq!(c("written by Ann Lee"), ["Ann Lee"]);
    }

    #[test]
    fn several_names_roles_and_dates() {
        assert_eq!(
            c("Von Max Mustermann und Erika Musterfrau, 24. Oktober 2019"),
            ["Max Mustermann", "Erika Musterfrau"]
        );
        assert_eq!(c("By Jane Doe, Staff Writer"), ["Jane Doe"]);
        assert_eq!(
            c("By JANE DOE and John Roe | Oct. 8, 2019"),
            ["JANE DOE", "John Roe"]
        );
        assert_eq!(c("By Jane Doe on October 8, 2019"), ["Jane Doe"]);
        assert_eq!(c("Jane Doe (jane@example.com)"), ["Jane Doe"]);
        assert_eq!(c("Jane Doe, Senior Editor"), ["Jane Doe"]);
        assert_eq!(c("Foto: dpa"), Vec::<String>::new());
        assert_eq!(c("TOM KRISHER, AP Auto Writer"), ["TOM KRISHER"]);
        assert_eq!(
            c("By Ann Lee and Eric Tucker Associated Press"),
            ["Ann Lee", "Eric Tucker"]
        );
        assert_eq!(c("Associated Press"), ["Associated Press"]);
        assert_eq!(c("Rachael Link, MS, RD"), ["Rachael Link"]);
        assert_eq!(c("Troy L. Smith, Cleveland.com"), ["Troy L. Smith"]);
        assert_eq!(
            c("Finian Cunningham. Sputnik"),
            ["Finian Cunningham", "Sputnik"]
        );
        assert_eq!(c("Bruce Y. Lee"), ["Bruce Y. Lee"]);
        assert_eq!(c("Michael Writer"), ["Michael Writer"]);
        assert_eq!(c("HNN Staff"), ["HNN"]);
        assert_eq!(c("Текст: Венера Ерофеева"), ["Венера Ерофеева"]);
        assert_eq!(
            c("Analysis by Chris Cillizza, CNN Editor-at-large"),
            ["Chris Cillizza"]
        );
        assert_eq!(c("Posted on March 30, 2015 by Admin"), Vec::<String>::new());
        assert_eq!(c("Jane Doe. Photos by John Roe"), ["Jane Doe"]);
    }

    #[test]
    fn non_names_are_dropped() {
        assert!(c("https://example.com/authors/jane").is_empty());
        assert!(c("by the way this is a long sentence and not a name at all").is_empty());
        assert!(c("staff writer").is_empty());
        assert_eq!(c("王小明"), ["王小明"]);
    }
}
