//! Language tags: normalising what pages declare and what the detector
//! finds to one form, ISO 639-1 where such a code exists.
//!
//! Pages declare languages as BCP 47 tags (`de-DE`), POSIX locales
//! (`de_DE`, from `og:locale`), ISO 639-2 codes (`ger`, `deu`) or junk
//! (`x-default`, `{{lang}}`); whatlang reports ISO 639-3. Comparing the two
//! needs both reduced to the same primary code.

use std::collections::HashMap;
use std::sync::OnceLock;

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

/// The most frequent function words of the languages pages most often
/// declare. They let [`confirms`] check a declaration in a few
/// microseconds, where a full detection costs a hundred.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "on", "was", "with",
            "as", "he", "be", "by", "at", "are", "this", "from", "have", "not", "but", "his",
            "they", "or", "an", "which", "said", "has", "were", "their", "will", "been", "who",
            "its", "had", "you", "we", "she", "her", "would", "there", "can",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf",
            "für", "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden",
            "aus", "er", "hat", "dass", "sie", "nach", "wird", "bei", "einer", "um", "am", "sind",
            "noch", "wie", "einem", "über", "einen", "so", "zum", "war", "haben", "nur", "oder",
            "aber",
        ],
    ),
    (
        "fr",
        &[
            "de", "la", "le", "et", "les", "des", "en", "un", "du", "une", "que", "est", "pour",
            "qui", "dans", "a", "par", "plus", "pas", "au", "sur", "ne", "se", "ce", "il", "sont",
            "avec", "ses", "son", "mais", "été", "ont", "aux", "cette", "elle", "comme", "ou",
            "nous", "leur",
        ],
    ),
    (
        "es",
        &[
            "de", "la", "que", "el", "en", "y", "a", "los", "del", "se", "las", "por", "un",
            "para", "con", "no", "una", "su", "al", "lo", "como", "más", "pero", "sus", "le", "ya",
            "o", "este", "porque", "esta", "entre", "cuando", "muy", "sin", "sobre", "también",
            "hasta", "hay", "donde", "fue", "ha",
        ],
    ),
    (
        "it",
        &[
            "di", "e", "il", "la", "che", "in", "a", "per", "un", "è", "del", "non", "le", "una",
            "i", "si", "con", "da", "sono", "al", "lo", "come", "più", "ma", "gli", "alla",
            "anche", "ha", "nel", "della", "dei", "delle", "questo", "se", "o", "essere", "nella",
            "stato",
        ],
    ),
    (
        "pt",
        &[
            "de", "a", "o", "que", "e", "do", "da", "em", "um", "para", "é", "com", "não", "uma",
            "os", "no", "se", "na", "por", "mais", "as", "dos", "como", "mas", "foi", "ao", "ele",
            "das", "tem", "à", "seu", "sua", "ou", "ser", "quando", "muito", "há", "nos", "já",
            "está", "também",
        ],
    ),
    (
        "nl",
        &[
            "de", "en", "van", "het", "een", "in", "is", "dat", "op", "te", "zijn", "met", "voor",
            "niet", "aan", "er", "die", "ook", "als", "bij", "om", "maar", "dan", "nog", "wordt",
            "door", "naar", "uit", "worden", "heeft", "tot", "deze", "was", "wel", "zo",
        ],
    ),
    (
        "sv",
        &[
            "och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den",
            "har", "de", "inte", "om", "ett", "var", "jag", "men", "sig", "från", "vid", "så",
            "kan", "eller", "efter", "hade", "ska",
        ],
    ),
    (
        "da",
        &[
            "og", "i", "at", "det", "som", "en", "på", "er", "af", "for", "med", "til", "den",
            "har", "de", "ikke", "om", "et", "var", "jeg", "men", "sig", "fra", "ved", "så", "kan",
            "eller", "efter", "havde", "skal",
        ],
    ),
    (
        "nb",
        &[
            "og", "i", "at", "det", "som", "en", "på", "er", "av", "for", "med", "til", "den",
            "har", "de", "ikke", "om", "et", "var", "jeg", "men", "seg", "fra", "ved", "så", "kan",
            "eller", "etter", "hadde", "skal",
        ],
    ),
    (
        "pl",
        &[
            "i", "w", "na", "z", "się", "nie", "do", "to", "że", "jest", "o", "jak", "a", "po",
            "ale", "tak", "od", "za", "co", "przez", "dla", "jego", "są", "czy", "już", "jej",
            "być", "może", "było", "tym", "tego",
        ],
    ),
    (
        "ru",
        &[
            "и", "в", "не", "на", "что", "с", "по", "он", "как", "это", "к", "а", "из", "у", "то",
            "за", "от", "о", "так", "же", "для", "но", "его", "мы", "все", "она", "было", "бы",
            "был", "при", "уже",
        ],
    ),
];

/// Word → bit set of the languages in [`FUNCTION_WORDS`] that use it.
fn function_word_index() -> &'static HashMap<&'static str, u16> {
    static INDEX: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<&'static str, u16> = HashMap::new();
        for (bit, (_, words)) in FUNCTION_WORDS.iter().enumerate() {
            for w in *words {
                *index.entry(w).or_default() |= 1 << bit;
            }
        }
        index
    })
}

/// True when `text` reads as the declared language `code` by its function
/// words: they make up at least 15% of at least 40 words, and no other
/// listed language's function words are more frequent. `false` means "not
/// confirmed" (run the detector), never "wrong".
pub fn confirms(code: &str, text: &str) -> bool {
    let code = if matches!(code, "no" | "nn") {
        "nb"
    } else {
        code
    };
    let Some(declared) = FUNCTION_WORDS.iter().position(|(c, _)| *c == code) else {
        return false;
    };
    let index = function_word_index();
    let mut counts = [0u32; 16];
    let mut words = 0u32;
    let mut lower = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        if let Some(&bits) = index.get(lower.as_str()) {
            for (i, count) in counts.iter_mut().enumerate().take(FUNCTION_WORDS.len()) {
                if bits & (1 << i) != 0 {
                    *count += 1;
                }
            }
        }
    }
    let own = counts[declared];
    words >= 40 && own * 100 >= words * 15 && counts.iter().all(|&c| c <= own)
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
    fn function_words_confirm_only_the_right_language() {
        let de = "Die Regierung hat am Montag einen neuen Plan für den Verkehr vorgestellt. \
            Er sieht mehr Züge zwischen den großen Städten vor, neue Buslinien auf dem Land und \
            einen günstigeren Tarif für Studenten und Rentner. Kritiker sagen, dass der Plan nicht \
            finanziert ist und die Züge erst am Ende des Jahrzehnts kommen werden.";
        assert!(confirms("de", de));
        assert!(!confirms("en", de));
        assert!(!confirms("nl", de));
        let es = "El gobierno regional presentó el lunes su nuevo plan de transporte. Incluye \
            trenes más frecuentes entre las ciudades más grandes, nuevas líneas de autobús en las \
            zonas rurales y una tarifa más baja para los estudiantes y los jubilados. Los críticos \
            dicen que el plan no tiene fondos y que los trenes no llegarán antes del final de la \
            década.";
        assert!(confirms("es", es));
        assert!(!confirms("pt", es));
        assert!(!confirms("de", "too short"));
        assert!(!confirms("ja", es));
    }

    #[test]
    fn close_languages() {
        assert!(same_or_close("nb", "no"));
        assert!(same_or_close("de", "de"));
        assert!(!same_or_close("de", "en"));
    }
}
