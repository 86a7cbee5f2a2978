//! Command-line glue shared by the `pith` binary and `pith eval` (feature
//! `cli`): clap's view of the library's option enums.
//!
//! The library's types know nothing of clap, so that the library builds
//! without it. Each enum here mirrors one of them variant for variant
//! (the doc comments are the `--help` text of each value) and converts into
//! it; the conversions are exhaustive matches, so a variant added on one
//! side and not the other does not compile.

use clap::ValueEnum;

use crate::input::InputFormat;
use crate::output::Format;
use crate::Favor;

/// `--favor`: [`Favor`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum FavorArg {
    /// The default trade-off.
    #[default]
    Balanced,
    /// Leave out doubtful blocks: less boilerplate, some article text lost.
    Precision,
    /// Keep doubtful blocks: more of the article, some boilerplate kept.
    Recall,
}

impl From<FavorArg> for Favor {
    fn from(arg: FavorArg) -> Favor {
        match arg {
            FavorArg::Balanced => Favor::Balanced,
            FavorArg::Precision => Favor::Precision,
            FavorArg::Recall => Favor::Recall,
        }
    }
}

/// `--input-format`: [`InputFormat`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// By content: `WARC/` at the start is WARC, a `{` JSON Lines; else by
    /// name (.warc; .jsonl/.ndjson/.json, gzip'd or not); else one HTML page.
    #[default]
    Auto,
    /// One HTML page per file.
    Html,
    /// One JSON object per line: the page in `html` (or its bytes as base64
    /// in `html_base64`), `url` and `id` (see --html-field, --url-field,
    /// --id-field).
    Jsonl,
    /// WARC 1.0/1.1: the HTML `response` records.
    Warc,
}

impl From<InputFormatArg> for InputFormat {
    fn from(arg: InputFormatArg) -> InputFormat {
        match arg {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Html => InputFormat::Html,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Warc => InputFormat::Warc,
        }
    }
}

/// `--format`: the output [`Format`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One JSON object per line (JSON Lines).
    #[default]
    Jsonl,
    /// One JSON array holding every record.
    Json,
    /// The article text of each page, pages separated by a form-feed line.
    Text,
    /// The article of each page as markdown, pages separated by a
    /// form-feed line.
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Json => Format::Json,
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value names are the library variants' names in lower case, and
    /// the defaults agree.
    #[test]
    fn mirrors_match_the_library() {
        fn names<T: ValueEnum>() -> Vec<String> {
            T::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value())
                .map(|v| v.get_name().to_owned())
                .collect()
        }
        assert_eq!(names::<FavorArg>(), ["balanced", "precision", "recall"]);
        assert_eq!(names::<InputFormatArg>(), ["auto", "html", "jsonl", "warc"]);
        assert_eq!(names::<FormatArg>(), ["jsonl", "json", "text", "markdown"]);
        for arg in FavorArg::value_variants() {
            let name = format!("{:?}", Favor::from(*arg)).to_lowercase();
            assert_eq!(
                Some(name.as_str()),
                arg.to_possible_value().as_ref().map(|v| v.get_name())
            );
        }
        for arg in InputFormatArg::value_variants() {
            let name = format!("{:?}", InputFormat::from(*arg)).to_lowercase();
            assert_eq!(
                Some(name.as_str()),
                arg.to_possible_value().as_ref().map(|v| v.get_name())
            );
        }
        for arg in FormatArg::value_variants() {
            let name = format!("{:?}", Format::from(*arg)).to_lowercase();
            assert_eq!(
                Some(name.as_str()),
                arg.to_possible_value().as_ref().map(|v| v.get_name())
            );
        }
        assert_eq!(Favor::from(FavorArg::default()), Favor::default());
        assert_eq!(
            InputFormat::from(InputFormatArg::default()),
            InputFormat::default()
        );
        assert_eq!(Format::from(FormatArg::default()), Format::default());
    }
}
