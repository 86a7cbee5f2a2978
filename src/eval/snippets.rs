//! The snippet metric of sets that judge an extraction by strings rather
//! than by a full text (`snippets.json`, scored upstream by
//! `score_snippets.py`; `tests/data/score_snippets.py` is the project's copy,
//! and `tests/eval.rs` checks this module against it).
//!
//! Each page comes with strings the article must contain (`with`) and
//! boilerplate strings it must not contain (`without`). Whitespace runs are
//! collapsed to one space in snippet and text alike, then each snippet is
//! looked up as a case-sensitive substring: a `with` snippet found is a true
//! positive (else a false negative), a `without` snippet found a false
//! positive (else a true negative). The counts are summed over the set
//! (micro average) before precision, recall and F1 are taken. A missing or
//! empty prediction misses every `with` snippet (and so avoids every
//! `without` one).

use serde::Serialize;

use super::Summary;

/// Whether Python counts `c` as whitespace: what `\s` matches in a `str`
/// pattern and what `str.strip()` removes (the two agree).
///
/// That is Unicode's White_Space set, which [`char::is_whitespace`] follows,
/// plus the four information separators U+001C..U+001F, which Python treats
/// as space because of their bidirectional class.
pub fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `text` as score_snippets.py compares it (`re.sub(r"\s+", " ", text)
/// .strip()`): every whitespace run one space, none at either end.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_python_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The judgements on one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippets {
    /// Strings a good extraction contains.
    pub with: Vec<String>,
    /// Boilerplate strings a good extraction leaves out.
    pub without: Vec<String>,
}

impl Snippets {
    /// Read one page's entry of `snippets.json`: an object whose `with` and
    /// `without` (each absent or a list of strings) are the judgements;
    /// other fields (`url`, `title`, `comments`...) are not judgements.
    pub fn from_entry(entry: &serde_json::Value) -> Result<Snippets, String> {
        let fields = entry
            .as_object()
            .ok_or("is not an object with \"with\" and \"without\" lists")?;
        let list = |name: &str| -> Result<Vec<String>, String> {
            match fields.get(name) {
                None => Ok(Vec::new()),
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .map(|item| {
                        item.as_str()
                            .map(str::to_owned)
                            .ok_or_else(|| format!("\"{name}\" holds {item}, not a string"))
                    })
                    .collect(),
                Some(other) => Err(format!("\"{name}\" is {other}, not a list of strings")),
            }
        };
        Ok(Snippets {
            with: list("with")?,
            without: list("without")?,
        })
    }
}

/// How one page's text fares against its snippets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SnippetScore {
    /// Number of `with` snippets.
    pub with: usize,
    /// `with` snippets found in the text (true positives).
    pub with_found: usize,
    /// Number of `without` snippets.
    pub without: usize,
    /// `without` snippets found in the text (false positives).
    pub without_found: usize,
}

impl SnippetScore {
    /// Judgements the text gets wrong: `with` snippets missed plus
    /// `without` snippets present.
    pub fn wrong(&self) -> usize {
        (self.with - self.with_found) + self.without_found
    }

    /// Share of the page's judgements the text gets right, 1 when the page
    /// has none: the page's standing for ranking and baselines.
    pub fn share_right(&self) -> f64 {
        let total = self.with + self.without;
        if total == 0 {
            1.0
        } else {
            (total - self.wrong()) as f64 / total as f64
        }
    }
}

/// Score one prediction against its page's snippets.
pub fn score_snippets(snippets: &Snippets, prediction: &str) -> SnippetScore {
    let text = collapse_whitespace(prediction);
    let found = |list: &[String]| {
        list.iter()
            .filter(|snippet| text.contains(collapse_whitespace(snippet).as_str()))
            .count()
    };
    SnippetScore {
        with: snippets.with.len(),
        with_found: found(&snippets.with),
        without: snippets.without.len(),
        without_found: found(&snippets.without),
    }
}

/// The judgement counts of a set, summed over its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SnippetCounts {
    /// `with` snippets found.
    pub tp: usize,
    /// `without` snippets found.
    pub fp: usize,
    /// `with` snippets missed.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// `without` snippets absent.
    pub tn: usize,
}

/// Sum page scores into the set's figures (micro average, as
/// score_snippets.py): precision tp/(tp+fp), recall tp/(tp+fn), F1 of the
/// two, accuracy (tp+tn)/all; each 0 when its denominator is.
pub fn summarize_snippets<'a>(scores: impl IntoIterator<Item = &'a SnippetScore>) -> Summary {
    let mut counts = SnippetCounts::default();
    let mut docs = 0;
    for page in scores {
        docs += 1;
        counts.tp += page.with_found;
        counts.fn_ += page.with - page.with_found;
        counts.fp += page.without_found;
        counts.tn += page.without - page.without_found;
    }
    // Integer counts to float, then one division each: what Python's
    // int / int gives for counts this small, bit for bit.
    let ratio = |num: usize, den: usize| {
        if den > 0 {
            num as f64 / den as f64
        } else {
            0.0
        }
    };
    let precision = ratio(counts.tp, counts.tp + counts.fp);
    let recall = ratio(counts.tp, counts.tp + counts.fn_);
    Summary {
        docs,
        f1: super::f1(precision, recall),
        precision,
        recall,
        accuracy: ratio(
            counts.tp + counts.tn,
            counts.tp + counts.fp + counts.fn_ + counts.tn,
        ),
        snippets: Some(counts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn whitespace_collapses_as_python_does() {
        assert_eq!(
            collapse_whitespace("  a\t\n b\u{a0}\u{3000}c \u{1f}d  "),
            "a b c d"
        );
        assert_eq!(collapse_whitespace(""), "");
        assert_eq!(collapse_whitespace(" \n "), "");
        // A zero-width space is not whitespace for Python.
        assert_eq!(collapse_whitespace("a\u{200b} b"), "a\u{200b} b");
    }

    #[test]
    fn snippets_are_substrings_after_collapsing() {
        let snippets = Snippets {
            with: vec!["two  words".into(), "absent".into(), "Case".into()],
            without: vec!["Menu".into(), "\nfooter\n".into()],
        };
        let score = score_snippets(&snippets, "Some two\nwords here\n\nfooter case");
        assert_eq!(
            score,
            SnippetScore {
                with: 3,
                with_found: 1,
                without: 2,
                without_found: 1
            }
        );
        assert_eq!(score.wrong(), 3);
        assert!((score.share_right() - 0.4).abs() < 1e-12);
        assert_eq!(score_snippets(&Snippets::default(), "").share_right(), 1.0);
    }

    #[test]
    fn set_figures_are_micro_averaged() {
        let pages = [
            SnippetScore {
                with: 3,
                with_found: 3,
                without: 1,
                without_found: 0,
            },
            SnippetScore {
                with: 1,
                with_found: 0,
                without: 3,
                without_found: 1,
            },
        ];
        let summary = summarize_snippets(&pages);
        assert_eq!(summary.docs, 2);
        assert_eq!(
            summary.snippets,
            Some(SnippetCounts {
                tp: 3,
                fp: 1,
                fn_: 1,
                tn: 3
            })
        );
        assert_eq!(summary.precision, 0.75);
        assert_eq!(summary.recall, 0.75);
        assert_eq!(summary.accuracy, 0.75);
        assert_eq!(summarize_snippets(&[]).f1, 0.0);
    }

    #[test]
    fn entries_must_hold_lists_of_strings() {
        let ok = Snippets::from_entry(&json!({"with": ["a"], "url": "u", "comments": ["c"]}));
        assert_eq!(
            ok,
            Ok(Snippets {
                with: vec!["a".into()],
                without: vec![]
            })
        );
        assert!(Snippets::from_entry(&json!({"with": "a"})).is_err());
        assert!(Snippets::from_entry(&json!({"without": [1]})).is_err());
        assert!(Snippets::from_entry(&json!(["a"])).is_err());
    }
}
