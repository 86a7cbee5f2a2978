//! Language tags: normalising what pages declare and what the detector
//! finds to one form, ISO 639-1 where such a code exists.
//!
//! Pages declare languages as BCP 47 tags (`de-DE`), POSIX locales
//! (`de_DE`, from `og:locale`), ISO 639-2 codes (`ger`, `deu`) or junk
//! (`x-default`, `{{lang}}`); whatlang reports ISO 639-3. Comparing the two
//! needs both reduced to the same primary code.

use whatlang::Lang;

/// The ISO 639-1 code for a whatlang language (all of whatlang's languages
/// have one; Mandarin is reported as `zh`, Persian as `fa`, Norwegian
/// Bokmål as `nb`).
pub fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

/// ISO 639-2/B ("bibliographic") codes that differ from the terminology
/// codes whatlang knows, and a few other 3-letter codes seen on pages.
const BIBLIOGRAPHIC: &[(&str, &str)] = &[
    ("alb", "sq"),
    ("arm", "hy"),
    ("baq", "eu"),
    ("bur", "my"),
    ("chi", "zh"),
    ("cze", "cs"),
    ("dut", "nl"),
    ("fre", "fr"),
    ("geo", "ka"),
    ("ger", "de"),
    ("gre", "el"),
    ("ice", "is"),
    ("mac", "mk"),
    ("may", "ms"),
    ("per", "fa"),
    ("rum", "ro"),
    ("slo", "sk"),
    ("wel", "cy"),
    ("zho", "zh"),
    ("fas", "fa"),
    ("msa", "ms"),
    ("nor", "no"),
    ("isl", "is"),
    ("sqi", "sq"),
    ("eus", "eu"),
];

/// The primary language of a declared tag as an ISO 639-1 code when one
/// exists (`de-DE` → `de`, `de_DE` → `de`, `ger` → `de`, `iw` → `he`),
/// else the lower-cased 3-letter code; `None` for tags that name no
/// language (`x-default`, `*`, template placeholders).
pub fn normalize_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_', '.', ' ']).next()?;
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let primary = primary.to_ascii_lowercase();
    let code = match primary.as_str() {
        // Withdrawn codes still in use.
        "iw" => "he".to_string(),
        "in" => "id".to_string(),
        "ji" => "yi".to_string(),
        p if p.len() == 2 => p.to_string(),
        p => {
            if let Some((_, two)) = BIBLIOGRAPHIC.iter().find(|(three, _)| *three == p) {
                two.to_string()
            } else if let Some(lang) = Lang::from_code(p) {
                iso639_1(lang).to_string()
            } else {
                p.to_string()
            }
        }
    };
    Some(code)
}

/// Languages a text classifier cannot reliably tell apart; when the
/// declared and detected codes fall in one group, the declaration stands.
const CLOSE_GROUPS: &[&[&str]] = &[
    &["no", "nb", "nn", "da"],
    &["hr", "sr", "bs", "sh"],
    &["id", "ms"],
    &["tl", "fil"],
    &["cs", "sk"],
];

/// True when two normalised codes name the same language or languages the
/// detector confuses.
pub fn same_or_close(a: &str, b: &str) -> bool {
    a == b
        || CLOSE_GROUPS
            .iter()
            .any(|group| group.contains(&a) && group.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_normalise() {
        assert_eq!(normalize_tag("de-DE").as_deref(), Some("de"));
        assert_eq!(normalize_tag("pt_BR").as_deref(), Some("pt"));
        assert_eq!(normalize_tag("EN").as_deref(), Some("en"));
        assert_eq!(normalize_tag("ger").as_deref(), Some("de"));
        assert_eq!(normalize_tag("deu").as_deref(), Some("de"));
        assert_eq!(normalize_tag("iw").as_deref(), Some("he"));
        assert_eq!(normalize_tag("haw").as_deref(), Some("haw"));
        assert_eq!(normalize_tag("x-default"), None);
        assert_eq!(normalize_tag("{{lang}}"), None);
        assert_eq!(normalize_tag(""), None);
    }

    #[test]
    fn close_languages() {
        assert!(same_or_close("nb", "no"));
        assert!(same_or_close("de", "de"));
        assert!(!same_or_close("de", "en"));
    }
}
