//! Edge filters: lines that survive container selection but are not
//! article text.
//!
//! The chosen container often starts with the article's furniture (the
//! headline again, a byline, a dateline, category chips, a share bar) and
//! ends with its send-off (tags, "related" lists, newsletter pitches, an
//! author bio). Per-page scoring makes these short lines expensive, so they
//! are trimmed here: at the start and the end by shape (short, link-heavy,
//! date-like, byline-like), anywhere only for a closed list of
//! advertisement labels. Words are checked in many languages; where words
//! cannot decide, shape does.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::article::{Block, BlockKind, Inline};

use super::blocks::BlockInfo;
use crate::dom::NodeId;
use crate::Favor;

/// Blocks at least this long (in characters) are prose, never furniture.
const FURNITURE_MAX_CHARS: usize = 120;
/// A block whose text is this much link text is navigation.
const LINK_HEAVY: f64 = 0.5;

/// A send-off marker cuts the article when what follows it (holding no
/// prose of its own) is less than 1/this of what precedes it.
const SEND_OFF_MAX_REST: usize = 1;
/// At most this many send-off markers are tried on one page.
const MAX_MARKERS: usize = 16;
/// Prose after a send-off marker that adds up to this much means the
/// marker was a box inside the article, not its end.
const REST_PROSE_CHARS: usize = 300;
/// Trailing blocks shorter than this are checked for calls to action.
const CALL_TO_ACTION_MAX_CHARS: usize = 300;

/// Starts of newsletter and subscription pitches, dropped anywhere in the
/// article when short (lower case).
const PITCH_STARTS: &[&str] = &[
    "subscribe",
    "sign up",
    "newsletter",
    "get the latest",
    "join our",
    "abonnieren sie",
    "jetzt abonnieren",
    "abonnez-vous",
    "inscrivez-vous",
    "suscríbete",
    "iscriviti",
    "assine",
    "inscreva-se",
];

/// Words of author contact lines, newsletter and follow pitches, and
/// copyright notices (lower case, anywhere in a short trailing block).
const CALL_TO_ACTION: &[&str] = &[
    "@",
    "share this",
    "share it",
    "newsletter",
    "subscribe",
    "sign up",
    "follow us",
    "follow me",
    "follow her",
    "follow him",
    "reached at",
    "contact the author",
    "e-mail:",
    "email:",
    "©",
    "copyright",
    "click here",
    "klicken sie hier",
    "cliquez ici",
    "haga clic",
    "clicca qui",
    "clique aqui",
    "klik hier",
    "all rights reserved",
    "abonnieren",
    "folgen sie",
    "abonnez",
    "suivez-nous",
    "suscríbete",
    "síguenos",
    "iscriviti",
    "seguici",
    "inscreva",
    "siga-nos",
    "volg ons",
    "obserwuj",
    "подпишитесь",
    "订阅",
    "フォロー",
];

/// An ad label is shorter than this (in characters, normalised): every
/// one of [`AD_LABELS`], and a short line holding one of [`AD_WORDS`].
const AD_LABEL_MAX_CHARS: usize = 60;

/// Labels that stand alone on a line where an ad was (lower case).
const AD_LABELS: &[&str] = &[
    "advertisement",
    "advertisements",
    "advert",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "paid content",
    "anzeige",
    "werbung",
    "publicité",
    "publicite",
    "publicidad",
    "pubblicità",
    "pubblicita",
    "advertentie",
    "reklama",
    "реклама",
    "广告",
    "広告",
    "iklan",
    "annonce",
    "story continues below advertisement",
    "article continues below advertisement",
    "continue reading below",
    "scroll to continue with content",
    "continue reading the main story",
    "advertisement - scroll to continue",
];

/// With `--favor precision`, paragraphs with more link text than this
/// share are dropped anywhere (and a send-off marker cuts the article even
/// when prose follows it).
const PRECISION_MAX_LINK_DENSITY: f64 = 0.3;

/// Lines shorter than this are checked for photo credits.
const CREDIT_MAX_CHARS: usize = 150;

/// Marks of a photo credit (lower case, anywhere in a short line).
const CREDIT_MARKS: &[&str] = &[
    "foto:",
    "fotos:",
    "photo:",
    "photos:",
    "bild:",
    "image:",
    "credit:",
    "photograph:",
    "crédit photo",
    "getty images",
    "shutterstock",
    "istock",
    "imago images",
    "picture alliance",
    "picture-alliance",
];

/// Words that name an ad slot; a short line holding one is a label.
const AD_WORDS: &[&str] = &[
    "advertisement",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "pubblicità",
    "advertentie",
    "reklama",
    "реклама",
    "广告",
    "広告",
    "iklan",
];

/// Line starts that announce links to other articles or the end of the
/// article (lower case, compared at the start of a short line).
const SEND_OFF_STARTS: &[&str] = &[
    "related",
    "read more",
    "read next",
    "read also",
    "see also",
    "more from",
    "more on",
    "more stories",
    "more to explore",
    "explore more",
    "keep reading",
    "up next",
    "next up",
    "what to read next",
    "you may also like",
    "you might also like",
    "recommended",
    "popular",
    "most read",
    "trending",
    "don't miss",
    "see more",
    "also read",
    "further reading",
    "tags",
    "tagged",
    "topics",
    "filed under",
    "categories",
    "share this",
    "share on",
    "follow us",
    "follow me",
    "sign up",
    "subscribe",
    "newsletter",
    "copyright",
    "©",
    "all rights reserved",
    "ebenfalls interessant",
    "mehr zum thema",
    "lesen sie auch",
    "das könnte",
    "weitere artikel",
    "auch interessant",
    "themen",
    "schlagworte",
    "lesetipp",
    "lese-tipp",
    "lire aussi",
    "à lire aussi",
    "voir aussi",
    "sur le même sujet",
    "leer más",
    "lee también",
    "te puede interesar",
    "noticias relacionadas",
    "leggi anche",
    "potrebbe interessarti",
    "leia também",
    "veja também",
    "lees ook",
    "meer over",
    "czytaj także",
    "zobacz też",
    "читайте также",
    "похожие статьи",
    "самые популярные",
    "популярные статьи",
    "добавить отзыв",
    "добавить комментарий",
    "комментарии",
    "отзывы",
    "смотрите также",
    "相关阅读",
    "相关文章",
    "関連記事",
    "あわせて読みたい",
    "comments",
    "leave a comment",
    "kommentare",
    "commentaires",
    "comentarios",
];

/// Line starts of bylines and datelines (lower case).
const BYLINE_STARTS: &[&str] = &[
    "by ",
    "von ",
    "par ",
    "por ",
    "di ",
    "door ",
    "autor:",
    "author:",
    "written by",
    "posted by",
    "published",
    "updated",
    "last updated",
    "aktualisiert",
    "veröffentlicht",
    "mis à jour",
    "publié",
    "actualizado",
    "publicado",
    "aggiornato",
    "pubblicato",
    "bijgewerkt",
    "gepubliceerd",
    "photo:",
    "foto:",
    "image:",
    "credit:",
    "source:",
    "quelle:",
    "bild:",
    "fotos:",
    "photos:",
    "picture:",
    "getty",
    "reuters",
    "afp",
    "(ap)",
    "dpa",
];

/// Month names used to recognise datelines.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "januar",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "gennaio",
    "febbraio",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "settembre",
    "ottobre",
    "dicembre",
];

/// Trim furniture from the start and end of an article and drop ad labels
/// and headline repeats anywhere. `titles` are the forms of the page's
/// headline found in its head (`<title>`, its parts, `og:title`).
///
/// The passes, in order: lines that are never text wherever they stand;
/// furniture before the first paragraph; the send-off after a marker; the
/// tail, block by block; adjacent duplicates.
pub(crate) fn filter(
    blocks: &mut Vec<Block>,
    info: &mut Vec<BlockInfo>,
    titles: &[String],
    favor: Favor,
) {
    let titles: Vec<String> = titles
        .iter()
        .map(|t| normalise(t))
        .filter(|t| !t.is_empty())
        .collect();
    let lines: Vec<Line> = blocks
        .iter()
        .zip(info.iter())
        .map(|(b, i)| Line::new(b, i))
        .collect();
    // Each pass is linear in the lines; past the page's deadline the rest
    // is left undone (the page gets a timeout record).
    let expired = crate::deadline::expired;
    if expired() {
        return;
    }
    let mut keep = drop_anywhere(&lines, &titles, favor);
    if expired() {
        return;
    }
    drop_link_labels(&lines, &mut keep);
    drop_adblock_walls(&lines, &mut keep);
    if expired() {
        return;
    }
    // What no edge rule has touched yet: the fallback for a photo post.
    let anywhere = keep.clone();
    drop_before_headline(&lines, &titles, &mut keep);
    drop_leading_furniture(&lines, &mut keep);
    // Favouring recall keeps the tail: what follows a send-off marker and
    // short lines at the end stay.
    if favor != Favor::Recall {
        cut_send_off(&lines, &mut keep, favor);
        cut_tail_link_list(&lines, &mut keep);
        trim_tail(&lines, &mut keep);
    }
    if favor == Favor::Precision {
        trim_foreign_tail(&lines, &mut keep);
    }
    drop_adjacent_duplicates(&lines, &mut keep);
    // Filters trim the edges of an article; when they leave nothing of a
    // container that held prose (a one-paragraph post that says "share
    // it"), they were wrong about it, and the container stands unfiltered.
    if !keep.iter().any(|&k| k) {
        if lines.iter().any(|l| l.prose()) {
            return;
        }
        // A photo post's one short sentence: the edge rules took it for
        // furniture, but it is all the text there is. Lines that are
        // boilerplate wherever they stand (a copyright line) stay out.
        if lines
            .iter()
            .zip(&anywhere)
            .any(|(l, &k)| k && l.short_sentence())
        {
            keep = anywhere;
        }
    }
    let mut k = keep.iter();
    blocks.retain(|_| *k.next().unwrap_or(&true));
    let mut k = keep.iter();
    info.retain(|_| *k.next().unwrap_or(&true));
}

/// A block with what the filters read of it, computed once.
///
/// One is made for every block of the article at once, so it is kept
/// small: the block's side information is borrowed, not copied, and each
/// text is borrowed from the block when it is the same (a block of one run
/// of text, already lower case, already normalised). On a page of a million one-line blocks the lines were the
/// filter's whole footprint.
struct Line<'a> {
    block: &'a Block,
    /// An image without text (kept only when images are asked for): it
    /// neither ends the furniture nor the article, and is never furniture
    /// itself.
    picture: bool,
    info: &'a BlockInfo,
    text: Cow<'a, str>,
    /// `text` lower-cased, made on first use: only short lines (and
    /// link-heavy ones) are ever compared in lower case, and lower-casing
    /// every line of the article was a fifth of the filter's work.
    lower: OnceCell<Cow<'a, str>>,
    /// [`normalise`]d text, made on first use (see [`Line::norm`]).
    norm: OnceCell<String>,
    /// For an ASCII line, the byte length and word count its normalised
    /// text will have, known without making it: most lines are long
    /// prose, which no title, label or counter can equal, and normalising
    /// all of them was most of the filter's work on text-heavy pages.
    ascii_norm: Option<NormShape>,
    chars: usize,
}

/// Length and word count of an ASCII line's [`normalise`]d text.
#[derive(Clone, Copy)]
struct NormShape {
    len: usize,
    words: usize,
}

impl NormShape {
    /// The shape of `normalise(text)` for ASCII `text`: its words are the
    /// runs of letters and digits, joined by single spaces.
    fn of_ascii(text: &str) -> NormShape {
        let (mut letters, mut words, mut in_word) = (0, 0, false);
        for &b in text.as_bytes() {
            let alnum = b.is_ascii_alphanumeric();
            letters += usize::from(alnum);
            words += usize::from(alnum && !in_word);
            in_word = alnum;
        }
        NormShape {
            len: (letters + words).saturating_sub(1),
            words,
        }
    }
}

impl<'a> Line<'a> {
    fn new(block: &'a Block, info: &'a BlockInfo) -> Line<'a> {
        let text = plain_of(block);
        Line {
            block,
            picture: text.trim().is_empty() && super::blocks::has_image(&block.content),
            info,
            lower: OnceCell::new(),
            norm: OnceCell::new(),
            ascii_norm: text.is_ascii().then(|| NormShape::of_ascii(&text)),
            chars: text.chars().count(),
            text,
        }
    }

    /// The line's [`normalise`]d text (for comparing with titles, labels
    /// and the line before).
    fn norm(&self) -> &str {
        self.norm.get_or_init(|| normalise(&self.text))
    }

    /// True when the line's normalised text is one of `titles` (the
    /// normalised forms of the page's headline). Lines whose normalised
    /// length is known to differ from every title are not normalised.
    fn repeats_title(&self, titles: &[String]) -> bool {
        titles
            .iter()
            .any(|t| self.ascii_norm.is_none_or(|n| n.len == t.len()) && self.norm() == t)
    }

    /// True when the line has no letter or digit (its normalised text is
    /// empty).
    fn blank(&self) -> bool {
        match self.ascii_norm {
            Some(n) => n.len == 0,
            None => self.norm().is_empty(),
        }
    }

    /// True when the line's normalised text equals `other`'s.
    fn same_norm(&self, other: &Line) -> bool {
        if let (Some(a), Some(b)) = (self.ascii_norm, other.ascii_norm) {
            if a.len != b.len {
                return false;
            }
        }
        self.norm() == other.norm()
    }

    /// The line's text in lower case.
    fn lower(&self) -> &str {
        self.lower.get_or_init(|| {
            let lower = self.text.to_lowercase();
            match self.text {
                Cow::Borrowed(t) if lower == t => Cow::Borrowed(t),
                _ => Cow::Owned(lower),
            }
        })
    }

    fn link_density(&self) -> f64 {
        if self.info.chars == 0 {
            0.0
        } else {
            self.info.link_chars as f64 / self.info.chars as f64
        }
    }

    fn prose(&self) -> bool {
        is_prose(self.block, self.info, &self.text, self.chars)
    }

    /// A whole sentence too short to count as prose ("Repurposing food as
    /// art is creative."): the text of a photo post, which the filters
    /// must not empty.
    fn short_sentence(&self) -> bool {
        if self.is(heading) || self.chars < SHORT_SENTENCE_MIN_CHARS || self.link_density() >= 0.3 {
            return false;
        }
        // Words up to the first full stop, question or exclamation mark:
        // "Copyright © 2008." and bylines without one are not sentences.
        let lower = self.lower();
        match lower.find(['.', '!', '?']) {
            Some(end) => lower[..end].split_whitespace().count() >= SHORT_SENTENCE_MIN_WORDS,
            None => false,
        }
    }

    /// A send-off marker: a short line starting with "Related", "Tags",
    /// "Share this"... — or a longer one that is mostly links ("Tags:"
    /// followed by the tag links on one line).
    fn is_marker(&self) -> bool {
        (self.chars < 80 || self.link_density() > LINK_HEAVY)
            && starts_with_any(self.lower(), SEND_OFF_STARTS)
    }

    fn is(&self, kind: fn(&BlockKind) -> bool) -> bool {
        kind(&self.block.kind)
    }
}

fn heading(k: &BlockKind) -> bool {
    matches!(k, BlockKind::Heading { .. })
}

fn paragraph(k: &BlockKind) -> bool {
    matches!(k, BlockKind::Paragraph)
}

/// Pass 1: lines that are never article text wherever they stand — the
/// headline again, ad labels, read-also boxes, photo credits, shortcodes,
/// subscription pitches (and with `--favor precision`, link-heavy
/// paragraphs).
fn drop_anywhere(lines: &[Line], titles: &[String], favor: Favor) -> Vec<bool> {
    let mut prose_seen = false;
    lines
        .iter()
        .map(|l| {
            // An <h1> before the text is the headline; later ones are the
            // article's own section headings (some sites use h1 for those).
            let is_title = l.repeats_title(titles)
                || (!prose_seen && matches!(l.block.kind, BlockKind::Heading { level: 1 }));
            prose_seen |= l.prose();
            let is_teaser = is_inline_teaser(l.block, l.info, &l.text);
            let is_caption = is_credit(&l.text) || is_shortcode(&l.text) || {
                // A gallery counter is four words.
                l.ascii_norm.is_none_or(|n| n.words == 4) && is_gallery_counter(l.norm())
            };
            let is_pitch =
                l.chars < CALL_TO_ACTION_MAX_CHARS / 2 && starts_with_any(l.lower(), PITCH_STARTS);
            // A sentence with a few links is still a sentence: only very
            // link-heavy ones go, or those that end no sentence.
            let doubtful = favor == Favor::Precision
                && l.is(paragraph)
                && l.link_density() > PRECISION_MAX_LINK_DENSITY
                && (!ends_sentence(&l.text) || l.link_density() > LINK_HEAVY);
            !(doubtful
                || is_title
                || (l.ascii_norm.is_none_or(|n| n.len < AD_LABEL_MAX_CHARS)
                    && is_ad_label(l.norm()))
                || is_teaser
                || is_caption
                || is_pitch
                || (l.blank() && !l.picture))
        })
        .collect()
}

/// Pass 1b: "read this too" labels, in any language, by their shape
/// rather than their words: a short label whose line is a link ("Read
/// also: <headline>", "Czytaj też: <headline>"), and a short label line
/// ending in a colon or question mark, or a heading, over a run of lines
/// that are nothing but links (or over nothing: a dangling "More topics:"
/// at the end).
fn drop_link_labels(lines: &[Line], keep: &mut [bool]) {
    let kept: Vec<usize> = (0..lines.len()).filter(|&i| keep[i]).collect();
    let link_line =
        |l: &Line| l.chars < LINK_LINE_MAX_CHARS && l.link_density() > LINK_LINE_DENSITY;
    for &i in &kept {
        let l = &lines[i];
        if l.picture || l.block.quote_depth > 0 || !keep[i] {
            continue;
        }
        let text = l.text.trim();
        // "Label: <link>", the link covering what follows the colon.
        // (The cheap tests come first: counting the words of every long
        // paragraph was a tenth of the filter's time on text-heavy pages.)
        if let Some((label, rest)) = text.split_once(':') {
            if l.is(paragraph)
                && label.chars().count() <= LABEL_MAX_CHARS
                && label.split_whitespace().count() <= LABEL_MAX_WORDS
            {
                let rest_chars = rest.trim().chars().count();
                if (LABELLED_LINK_MIN_CHARS..LINK_LINE_MAX_CHARS).contains(&rest_chars)
                    && l.info.link_chars as f64 >= LINK_LINE_DENSITY * rest_chars as f64
                    // A headline, not a bare address ("Source: http://...").
                    && rest.split_whitespace().count() >= HEADLINE_MIN_WORDS
                {
                    keep[i] = false;
                    continue;
                }
            }
        }
        let label = l.chars < LABEL_LINE_MAX_CHARS
            && l.info.link_chars == 0
            && (text.ends_with(':') || text.ends_with('?') || l.is(heading))
            && text.split_whitespace().count() <= LABEL_LINE_MAX_WORDS;
        if !label {
            continue;
        }
        // The links after it, whether an earlier pass dropped them already
        // (a line that is nothing but a link) or not.
        let run: Vec<usize> = (i + 1..lines.len())
            .filter(|&j| !lines[j].picture && !lines[j].blank())
            .take_while(|&j| link_line(&lines[j]))
            .collect();
        let after = run.last().map_or(i + 1, |&j| j + 1);
        let at_end = (after..lines.len()).all(|j| !keep[j] || lines[j].picture);
        if !run.is_empty() || (at_end && text.ends_with(':')) {
            keep[i] = false;
            for j in run {
                keep[j] = false;
            }
        }
    }
}

/// Pass 1c: adblock walls, by their words and their place. A short line
/// naming an ad blocker ("Bitte schalte deinen Adblocker aus!") in a run
/// of lines outside the article's main container goes with that run: the
/// heading, the thanks and the sign-off of the wall. The wall is often
/// named nothing and sits in the article's wrapper, so pruning cannot see
/// it; an article about ad blockers mentions them in its own paragraphs,
/// in its main container, and stays.
fn drop_adblock_walls(lines: &[Line], keep: &mut [bool]) {
    let kept: Vec<usize> = (0..lines.len()).filter(|&i| keep[i]).collect();
    // The container holding most of the article's text.
    let mut chars_by_container: Vec<(Option<NodeId>, usize)> = Vec::new();
    for &i in &kept {
        let c = lines[i].info.container;
        match chars_by_container.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += lines[i].chars,
            None => chars_by_container.push((c, lines[i].chars)),
        }
    }
    let Some(&(main, _)) = chars_by_container.iter().max_by_key(|(_, n)| *n) else {
        return;
    };
    let mut k = 0;
    while k < kept.len() {
        if lines[kept[k]].info.container == main {
            k += 1;
            continue;
        }
        // A run of lines outside the main container.
        let start = k;
        while k < kept.len() && lines[kept[k]].info.container != main {
            k += 1;
        }
        let run = &kept[start..k];
        let chars: usize = run.iter().map(|&i| lines[i].chars).sum();
        let pleads = run
            .iter()
            .any(|&i| lines[i].chars <= WALL_LINE_MAX_CHARS && names_ad_blocker(lines[i].lower()));
        if pleads && chars <= WALL_MAX_CHARS {
            for &i in run {
                keep[i] = false;
            }
        }
    }
}

/// A line naming an ad blocker this long at most is a wall's plea…
const WALL_LINE_MAX_CHARS: usize = 200;
/// …and the wall around it holds at most this much text (a heading and a
/// few paragraphs of thanks).
const WALL_MAX_CHARS: usize = 1200;

/// Words for an ad blocker (lower case), in the languages walls are written
/// in; "adblock" covers the loanword in most European languages.
const AD_BLOCKER_WORDS: &[&str] = &[
    "adblock",
    "ad blocker",
    "ad-blocker",
    "ad block",
    "ad-block",
    "werbeblocker",
    "werbe-blocker",
    "bloqueur de pub",
    "bloqueurs de pub",
    "bloqueador de anuncios",
    "bloqueador de publicidad",
    "bloqueador de anúncios",
    "blocco della pubblicità",
    "blocco pubblicità",
    "blocco degli annunci",
    "blokowanie reklam",
    "bloker reklam",
    "reclameblokker",
    "advertentieblokker",
    "блокировщик рекламы",
    "блокировщик",
    "広告ブロック",
    "广告拦截",
    "廣告攔截",
];

/// Does this text (in lower case) name an ad blocker?
fn names_ad_blocker(lower: &str) -> bool {
    AD_BLOCKER_WORDS.iter().any(|w| lower.contains(w))
}

/// A line of fewer characters than this…
const LINK_LINE_MAX_CHARS: usize = 150;
/// …with more than this share of link text is a link, not a sentence.
const LINK_LINE_DENSITY: f64 = 0.8;
/// A label before a colon has at most this many words and characters…
const LABEL_MAX_WORDS: usize = 4;
const LABEL_MAX_CHARS: usize = 40;
/// …and the link after it at least this many characters (a headline, not
/// "Email: <address>").
const LABELLED_LINK_MIN_CHARS: usize = 15;
/// A linked headline has at least this many words.
const HEADLINE_MIN_WORDS: usize = 3;
/// A label line over a list of links has at most this many words and
/// characters.
const LABEL_LINE_MAX_WORDS: usize = 6;
const LABEL_LINE_MAX_CHARS: usize = 60;

/// Pass 2a: the article starts at its headline. A few short lines above
/// the page's headline (a blog's tagline, the author's bio in the
/// column's head, a photo credit) are furniture however well they are
/// written; a longer text above it is more than furniture and stays.
fn drop_before_headline(lines: &[Line], titles: &[String], keep: &mut [bool]) {
    if titles.is_empty() {
        return;
    }
    let Some(h) = lines
        .iter()
        .position(|l| l.is(heading) && l.repeats_title(titles))
    else {
        return;
    };
    let chars = |range: std::ops::Range<usize>| -> usize {
        range.filter(|&j| keep[j]).map(|j| lines[j].chars).sum()
    };
    let before = chars(0..h);
    if before == 0 || before > BEFORE_HEADLINE_MAX_CHARS || before >= chars(h + 1..lines.len()) {
        return;
    }
    for k in &mut keep[..h] {
        *k = false;
    }
}

/// Text above the headline this long at most is furniture (a tagline and a
/// bio of a few sentences).
const BEFORE_HEADLINE_MAX_CHARS: usize = 500;

/// Pass 2: everything before the first real paragraph that is short and
/// looks like a byline, a date, a kicker, a link list or a heading that
/// introduces nothing yet.
fn drop_leading_furniture(lines: &[Line], keep: &mut [bool]) {
    for (i, l) in lines.iter().enumerate() {
        if !keep[i] || l.picture {
            continue;
        }
        if l.prose() || !is_furniture(l.block, l.info) || starts_plain_list(lines, keep, i) {
            break;
        }
        // A heading that the content starts right under (a paragraph, a
        // list, a table) is the first section's heading, not a kicker —
        // unless it is a link: another story's headline, a teaser.
        if l.is(heading) && l.link_density() <= LINK_HEAVY {
            let next = (i + 1..lines.len()).find(|&j| keep[j] && !lines[j].picture);
            if next.is_some_and(|j| starts_content(&lines[j])) {
                break;
            }
        }
        keep[i] = false;
    }
}

/// A run of this many list items without links starts the content (an
/// ingredient list, key points): menus, tag lists and breadcrumbs are
/// links.
const PLAIN_LIST_MIN_ITEMS: usize = 3;

/// True when line `i` starts a run of [`PLAIN_LIST_MIN_ITEMS`] list items
/// without links.
fn starts_plain_list(lines: &[Line], keep: &[bool], i: usize) -> bool {
    (i..lines.len())
        .filter(|&j| keep[j] && !lines[j].picture)
        .take(PLAIN_LIST_MIN_ITEMS)
        .filter(|&j| {
            matches!(lines[j].block.kind, BlockKind::ListItem { .. })
                && lines[j].info.link_chars == 0
                && lines[j].chars > 0
        })
        .count()
        == PLAIN_LIST_MIN_ITEMS
}

/// A line the article's text can start with after a section heading. A
/// list item that is mostly a link is not: a heading over a list of
/// linked headlines ("Top stories") is a teaser box, and its list is
/// furniture like any other link line.
fn starts_content(l: &Line) -> bool {
    l.prose()
        || matches!(
            l.block.kind,
            BlockKind::Table { .. } | BlockKind::Code { .. }
        )
        || (matches!(l.block.kind, BlockKind::ListItem { .. }) && l.link_density() <= LINK_HEAVY)
}

/// Pass 3: a marker line ("Related", "Tags", "Share this", ...) after
/// which no more than the article's own length follows ends the article,
/// however well written that rest is (a comment policy, an author bio) —
/// unless the rest holds prose in the article's own containers (an inline
/// "Subscribe to ..." box is followed by more of the article).
fn cut_send_off(lines: &[Line], keep: &mut [bool], favor: Favor) {
    let kept: Vec<usize> = (0..lines.len()).filter(|&i| keep[i]).collect();
    let total: usize = kept.iter().map(|&i| lines[i].chars).sum();
    let mut before = 0;
    // Containers (and their parents) the article used so far.
    let mut body = Containers::default();
    let mut markers_tried = 0;
    for (k, &i) in kept.iter().enumerate() {
        let l = &lines[i];
        if l.is_marker() && before > 0 && (total - before) * SEND_OFF_MAX_REST < before {
            markers_tried += 1;
            // Each try scans the rest; a page of hundreds of markers is
            // not an article with a send-off.
            if markers_tried > MAX_MARKERS {
                return;
            }
            if favor == Favor::Precision || !rest_has_prose(lines, &kept[k + 1..], &body) {
                for &j in &kept[k..] {
                    keep[j] = false;
                }
                return;
            }
        }
        body.add(l.info);
        before += l.chars;
    }
}

/// The containers of the lines so far, for telling article text after a
/// marker from teaser boxes.
#[derive(Default)]
struct Containers {
    containers: std::collections::HashSet<NodeId>,
    parents: std::collections::HashSet<NodeId>,
}

impl Containers {
    fn add(&mut self, info: &BlockInfo) {
        self.containers.extend(info.container);
        self.parents.extend(info.container_parent);
    }

    /// In one of the containers, or in a sibling chunk of one (bodies
    /// split into divs).
    fn holds(&self, info: &BlockInfo) -> bool {
        info.container.is_some_and(|c| self.containers.contains(&c))
            || info
                .container_parent
                .is_some_and(|p| self.parents.contains(&p))
    }
}

/// Does the `rest` hold prose in the article's own containers? Teasers
/// after a marker sit in boxes of their own.
fn rest_has_prose(lines: &[Line], rest: &[usize], body: &Containers) -> bool {
    let mut prose = 0;
    for &j in rest {
        let l = &lines[j];
        if body.holds(l.info) && l.prose() {
            if l.chars >= 200 {
                return true;
            }
            prose += l.chars;
        }
    }
    prose >= REST_PROSE_CHARS
}

/// Pass 3b: after the article's last paragraph of prose, a run of lines
/// that are nothing but links (a list of headlines, "more on this") ends
/// the article, with whatever follows it (the share prompt, another
/// list): the text is over, and what a page puts after it in the same
/// container is its furniture. Link lines an earlier pass dropped already
/// count for the run. Quoted lines (an embedded post) stop it.
fn cut_tail_link_list(lines: &[Line], keep: &mut [bool]) {
    let Some(last_prose) = (0..lines.len()).rposition(|i| keep[i] && lines[i].prose()) else {
        return;
    };
    // "Here are the places we will visit:" announces the list: it is the
    // article's own.
    if lines[last_prose].text.trim_end().ends_with(':') {
        return;
    }
    let tail: Vec<usize> = (last_prose + 1..lines.len())
        .filter(|&i| !lines[i].picture && !lines[i].blank())
        .collect();
    if tail.iter().any(|&i| lines[i].block.quote_depth > 0) {
        return;
    }
    let link_line =
        |l: &Line| l.chars < LINK_LINE_MAX_CHARS && l.link_density() > LINK_LINE_DENSITY;
    let mut run = 0;
    for (k, &i) in tail.iter().enumerate() {
        run = if link_line(&lines[i]) { run + 1 } else { 0 };
        if run == TAIL_LINK_LIST_MIN_LINES {
            // As for a send-off: what goes is shorter than what stays (a
            // table of contents under a short introduction is the page).
            let from = tail[k + 1 - run];
            let chars = |range: std::ops::Range<usize>| -> usize {
                range.filter(|&j| keep[j]).map(|j| lines[j].chars).sum()
            };
            if chars(from..lines.len()) * SEND_OFF_MAX_REST < chars(0..from) {
                for k in &mut keep[from..] {
                    *k = false;
                }
            }
            return;
        }
    }
}

/// Lines of links in a row after the last prose that make a link list: a
/// pair can be "previous / next"; three are a list.
const TAIL_LINK_LIST_MIN_LINES: usize = 3;

/// Pass 4: trim the tail block by block — link lists, trailing headings,
/// short fragments, bylines, calls to action — stopping at the first line
/// of text, or at quoted text (an embedded post with its signature line is
/// the article quoting someone, however short its lines).
fn trim_tail(lines: &[Line], keep: &mut [bool]) {
    for i in (0..lines.len()).rev() {
        let l = &lines[i];
        if !keep[i] || l.picture {
            continue;
        }
        if l.block.quote_depth > 0 {
            return;
        }
        let marker = l.is_marker();
        // A list ends with short items that are no sentences, and they
        // are content unless they are links.
        let list_item = matches!(l.block.kind, BlockKind::ListItem { .. });
        let fragment = l.chars < 40 && !ends_sentence(&l.text) && !list_item;
        let call_to_action = l.chars < CALL_TO_ACTION_MAX_CHARS
            && CALL_TO_ACTION.iter().any(|w| contains_words(l.lower(), w));
        if marker
            || l.link_density() > LINK_HEAVY
            || l.is(heading)
            || fragment
            || call_to_action
            || is_byline(&l.text)
        {
            keep[i] = false;
        } else {
            return;
        }
    }
}

/// With `--favor precision`: trailing blocks outside the containers that
/// hold the first half of the article (an "About us" box, a sign-off in a
/// box of its own) go, however well written.
fn trim_foreign_tail(lines: &[Line], keep: &mut [bool]) {
    let kept: Vec<usize> = (0..lines.len()).filter(|&i| keep[i]).collect();
    let total: usize = kept.iter().map(|&i| lines[i].chars).sum();
    let mut body = Containers::default();
    let mut seen = 0;
    for &i in &kept {
        if seen * 2 >= total {
            break;
        }
        body.add(lines[i].info);
        seen += lines[i].chars;
    }
    for &i in kept.iter().rev() {
        if body.holds(lines[i].info) || lines[i].block.quote_depth > 0 {
            return;
        }
        keep[i] = false;
    }
}

/// Pass 5: a block repeating the one before it (a teaser repeated as the
/// first paragraph).
fn drop_adjacent_duplicates(lines: &[Line], keep: &mut [bool]) {
    let mut last: Option<&Line> = None;
    for (i, l) in lines.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        if last.is_some_and(|last| last.same_norm(l)) && l.norm().chars().count() > 20 {
            keep[i] = false;
        }
        last = Some(l);
    }
}

/// A photo caption or credit line: short, naming a photographer, agency
/// or picture library.
fn is_credit(text: &str) -> bool {
    // Lower-casing never makes text shorter in characters: a line already
    // too long is no credit, and need not be lower-cased.
    if text.chars().nth(CREDIT_MAX_CHARS - 1).is_some() {
        return false;
    }
    let lower = text.to_lowercase();
    lower.chars().count() < CREDIT_MAX_CHARS && CREDIT_MARKS.iter().any(|m| lower.contains(m))
}

/// A line left where an ad was: the label alone, or a short line naming
/// it ("Weiterlesen nach der Anzeige", "Story continues below
/// advertisement").
fn is_ad_label(norm: &str) -> bool {
    if AD_LABELS.contains(&norm) {
        return true;
    }
    norm.chars().count() < AD_LABEL_MAX_CHARS && norm.split(' ').any(|w| AD_WORDS.contains(&w))
}

/// A "read this too" box inside the article: a short line that is mostly
/// a link and starts with a send-off word, or is nothing but a link.
fn is_inline_teaser(b: &Block, info: &BlockInfo, text: &str) -> bool {
    // A link alone in a table cell is data (a version, a name), not a box.
    if !matches!(b.kind, BlockKind::Paragraph) || info.chars == 0 || info.in_cell {
        return false;
    }
    let chars = text.chars().count();
    let density = info.link_chars as f64 / info.chars as f64;
    chars < 150
        && density > LINK_HEAVY
        && (starts_with_any(&text.to_lowercase(), SEND_OFF_STARTS) || density > 0.9)
}

/// A post's only sentence can be this short and still be its text; below
/// it, a line ending in a full stop is a label or a fragment ("Fig. 2.").
const SHORT_SENTENCE_MIN_CHARS: usize = 25;
const SHORT_SENTENCE_MIN_WORDS: usize = 5;

/// A block that is clearly article prose: long, or a sentence with little
/// link text. `text` is the block's [`plain`] text and `chars` its length
/// in characters (a [`Line`] holds both, so they are not made again).
fn is_prose(b: &Block, info: &BlockInfo, text: &str, chars: usize) -> bool {
    if matches!(b.kind, BlockKind::Heading { .. }) {
        return false;
    }
    let link_density = if info.chars > 0 {
        info.link_chars as f64 / info.chars as f64
    } else {
        0.0
    };
    link_density < 0.3
        && (chars >= FURNITURE_MAX_CHARS || (chars >= 60 && ends_sentence(text)))
        && !is_byline(text)
}

/// A short block that is article furniture rather than text.
fn is_furniture(b: &Block, info: &BlockInfo) -> bool {
    let text = plain(b);
    let chars = text.chars().count();
    if chars >= FURNITURE_MAX_CHARS * 2 {
        return false;
    }
    let link_heavy = info.chars > 0 && info.link_chars as f64 / info.chars as f64 > LINK_HEAVY;
    // A sentence with links in it is still a sentence; link-heavy lines
    // without one are category chips and breadcrumbs.
    matches!(b.kind, BlockKind::Heading { .. })
        || (link_heavy && !ends_sentence(&text))
        || is_byline(&text)
        || is_dateline(&text)
        || (chars < 60 && !ends_sentence(&text))
}

/// "By Jane Doe", "Von Max Muster", "Photo: Reuters", "Updated 3 May" — but
/// not a sentence that starts with such a word ("Reuters reported on
/// Monday that ...", "Published reports say ...").
fn is_byline(text: &str) -> bool {
    let text = text.trim();
    // Lower-casing never makes text shorter in characters, so a line that
    // is already too long is no byline: no need to lower-case it all.
    if text.chars().nth(BYLINE_MAX_CHARS - 1).is_some() {
        return false;
    }
    let lower = text.to_lowercase();
    lower.chars().count() < BYLINE_MAX_CHARS
        && starts_with_any(&lower, BYLINE_STARTS)
        && !(ends_sentence(&lower) && lower.split_whitespace().count() >= SENTENCE_MIN_WORDS)
}

/// A byline or dateline is shorter than this many characters.
const BYLINE_MAX_CHARS: usize = 100;

/// A line of this many words that ends like a sentence is a sentence, even
/// when it starts with a byline word; bylines and datelines are shorter.
const SENTENCE_MIN_WORDS: usize = 10;

/// A short line holding a date.
fn is_dateline(text: &str) -> bool {
    // No dateline is longer than this, and lower-casing never makes text
    // shorter in characters: longer lines need not be lower-cased.
    if text.chars().nth(DATELINE_MAX_CHARS).is_some() {
        return false;
    }
    let lower = text.to_lowercase();
    // "05/10/2018 - Published by ... - Category: ..." is a dateline however
    // long its tail.
    let starts_with_date = lower.split_whitespace().next().is_some_and(is_numeric_date);
    let limit = if starts_with_date {
        DATELINE_MAX_CHARS
    } else {
        DATELINE_PLAIN_MAX_CHARS
    };
    if lower.chars().count() > limit {
        return false;
    }
    let digits = lower.chars().filter(|c| c.is_ascii_digit()).count();
    let has_month = MONTHS.iter().any(|m| contains_words(&lower, m));
    let numeric_date = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .any(is_numeric_date);
    (has_month && digits >= 1) || numeric_date || lower.contains("min read")
}

/// The longest dateline that starts with a numeric date ("05/10/2018 -
/// Published by ... - Category: ..." runs long).
const DATELINE_MAX_CHARS: usize = 160;
/// The longest other dateline.
const DATELINE_PLAIN_MAX_CHARS: usize = 80;

/// "05/10/2018", "2019-11-20", "8.10.19": three runs of digits.
fn is_numeric_date(w: &str) -> bool {
    let mut parts = 0;
    for p in w.split(['.', '/', '-']) {
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
        parts += 1;
    }
    parts == 3
}

/// A slideshow counter: "Image 1 of 5", "Bild 2 von 7", "Foto 3 de 9".
fn is_gallery_counter(norm: &str) -> bool {
    // Four words exactly: a fifth is enough to tell a longer line.
    let words: Vec<&str> = norm.split(' ').take(5).collect();
    matches!(
        words.as_slice(),
        [noun, a, of, b]
            if GALLERY_NOUNS.contains(noun)
                && ["of", "von", "de", "di", "sur", "van", "из", "z"].contains(of)
                && a.chars().all(|c| c.is_ascii_digit())
                && b.chars().all(|c| c.is_ascii_digit())
    )
}

/// Nouns of slideshow counters (lower case).
const GALLERY_NOUNS: &[&str] = &[
    "image",
    "photo",
    "picture",
    "slide",
    "bild",
    "foto",
    "imagen",
    "immagine",
    "diapositive",
    "afbeelding",
    "zdjęcie",
    "фото",
];

/// An unrendered CMS shortcode such as `[button link="…"]Send[/button]`.
fn is_shortcode(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('[')
        && t.ends_with(']')
        && t.contains("[/")
        && t[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
}

/// Does the line start with one of `starts` as whole words? "Tags" is a
/// marker, "Tagsüber" (German: during the day) is not; "related" is,
/// "relatedly" is not.
fn starts_with_any(lower: &str, starts: &[&str]) -> bool {
    let t = lower.trim_start();
    starts
        .iter()
        .any(|s| t.starts_with(s) && word_ends(s, &t[s.len()..]))
}

/// True when `needle` occurs in `lower` as whole words: not inside a longer
/// word ("mai" in "email", "may" in "mayor", "share it" in "share items").
fn contains_words(lower: &str, needle: &str) -> bool {
    // Setting up a substring search costs more than most short lines: a
    // needle longer than the line cannot be in it.
    if needle.len() > lower.len() {
        return false;
    }
    lower.match_indices(needle).any(|(i, _)| {
        word_starts(needle, &lower[..i]) && word_ends(needle, &lower[i + needle.len()..])
    })
}

/// A match of `needle` ending where `rest` starts ends a word: the needle
/// ends in a non-word character (a space, a colon, "©"), or `rest` does not
/// go on with a letter or digit.
fn word_ends(needle: &str, rest: &str) -> bool {
    !needle.chars().last().is_some_and(char::is_alphanumeric)
        || !rest.chars().next().is_some_and(char::is_alphanumeric)
}

/// A match of `needle` starting where `before` ends starts a word.
fn word_starts(needle: &str, before: &str) -> bool {
    !needle.chars().next().is_some_and(char::is_alphanumeric)
        || !before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().chars().last().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '"' | '”' | '»' | '“' | ')' | '。' | '！' | '？' | '…' | ':'
        )
    })
}

/// Lower-case words joined by single spaces, punctuation dropped: for
/// comparing a line with the title.
fn normalise(text: &str) -> String {
    if text.is_ascii() {
        return normalise_ascii(text);
    }
    let mut out = String::with_capacity(text.len());
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            // Copied whole and lower-cased in place: a character at a time
            // through `char::to_lowercase` was most of the filter's time on
            // text-heavy pages.
            let start = out.len();
            out.push_str(w);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(w.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// [`normalise`] of ASCII text, on bytes: words are found without decoding
/// characters, copied whole and lower-cased in place at the end.
fn normalise_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Between two words (a byte that is no letter or digit has passed).
    let mut gap = false;
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            gap = true;
        }
    }
    out
}

/// [`plain`], borrowed from the block when it is one piece of text (most
/// blocks: a paragraph without markup, a code block).
pub(crate) fn plain_of(b: &Block) -> Cow<'_, str> {
    match (&b.kind, b.content.as_slice()) {
        (BlockKind::Code { text, .. }, _) => Cow::Borrowed(text),
        (BlockKind::Table { .. }, _) => Cow::Owned(plain(b)),
        (_, [Inline::Text(t)] | [Inline::Code(t)]) => Cow::Borrowed(t),
        _ => Cow::Owned(plain(b)),
    }
}

/// The plain text of a block: what the filters and length checks read.
pub(crate) fn plain(b: &Block) -> String {
    // Sized before it is filled: made for every block at once, a string
    // grown by pushes would keep up to half of itself spare, and shrinking
    // it afterwards costs more than counting.
    let mut len = 0;
    plain_pieces(b, &mut |piece| len += piece.len());
    let mut out = String::with_capacity(len);
    plain_pieces(b, &mut |piece| out.push_str(piece));
    out
}

/// The pieces of [`plain`] in order.
fn plain_pieces(b: &Block, f: &mut impl FnMut(&str)) {
    match &b.kind {
        BlockKind::Code { text, .. } => f(text),
        BlockKind::Table { rows } => {
            for r in rows {
                for c in &r.cells {
                    inline_pieces(c, f);
                    f(" ");
                }
            }
        }
        _ => inline_pieces(&b.content, f),
    }
}

fn inline_pieces(content: &[Inline], f: &mut impl FnMut(&str)) {
    let mut stack: Vec<std::slice::Iter<Inline>> = vec![content.iter()];
    while let Some(top) = stack.last_mut() {
        let Some(i) = top.next() else {
            stack.pop();
            continue;
        };
        match i {
            Inline::Text(t) | Inline::Code(t) => f(t),
            Inline::LineBreak => f("\n"),
            Inline::Image { .. } => {}
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => {
                stack.push(c.iter())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str = "This is a sentence of the article, long enough and with enough words to be prose for every rule here.";
    const MORE: &str = "And this is another one, just as long, which carries the story on to its end without any links at all.";

    fn block(kind: BlockKind, text: &str) -> Block {
        Block {
            kind,
            quote_depth: 0,
            content: vec![Inline::Text(text.to_string())],
        }
    }

    fn para(text: &str) -> Block {
        block(BlockKind::Paragraph, text)
    }

    fn run(mut blocks: Vec<Block>, titles: &[&str]) -> Vec<String> {
        let mut info: Vec<BlockInfo> = blocks
            .iter()
            .map(|b| BlockInfo {
                container: Some(1),
                container_parent: Some(0),
                in_cell: false,
                chars: plain(b).chars().filter(|c| !c.is_whitespace()).count(),
                link_chars: 0,
            })
            .collect();
        let titles: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
        filter(&mut blocks, &mut info, &titles, Favor::Balanced);
        blocks.iter().map(plain).collect()
    }

    #[test]
    fn the_shape_of_a_normalised_ascii_line_is_known_without_making_it() {
        for text in [
            "",
            " .,; ",
            "Image 1 of 5",
            "  --A_b-C-- ",
            "Advertisement",
            "A long line of prose, with commas: and 3 numbers (1, 2).",
        ] {
            let norm = normalise(text);
            let shape = NormShape::of_ascii(text);
            assert_eq!(shape.len, norm.len(), "{text:?}");
            let words = if norm.is_empty() {
                0
            } else {
                norm.split(' ').count()
            };
            assert_eq!(shape.words, words, "{text:?}");
        }
        // The guard before is_ad_label holds for every label.
        assert!(AD_LABELS
            .iter()
            .all(|l| l.chars().count() < AD_LABEL_MAX_CHARS));
    }

    #[test]
    fn headline_byline_and_dateline_go_before_the_text() {
        let out = run(
            vec![
                block(BlockKind::Heading { level: 1 }, "The Headline"),
                para("By Jane Doe"),
                para("Updated 3 May 2020"),
                para(PROSE),
                block(BlockKind::Heading { level: 1 }, "A later section"),
                para(MORE),
            ],
            &["The Headline"],
        );
        assert_eq!(out, [PROSE, "A later section", MORE]);
    }

    #[test]
    fn a_photo_posts_one_short_sentence_is_not_emptied() {
        let out = run(
            vec![
                para("via example.net"),
                para("Turning old bottles into lamps is clever. @someone"),
            ],
            &[],
        );
        assert_eq!(
            out,
            [
                "via example.net",
                "Turning old bottles into lamps is clever. @someone"
            ]
        );
        // A byline or a copyright line alone is not a sentence: nothing
        // comes back.
        let out = run(vec![para("by Jane Doe on July 21, 2012")], &[]);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn a_leading_list_without_links_is_content_not_furniture() {
        let item = |t: &str| {
            block(
                BlockKind::ListItem {
                    ordered: false,
                    depth: 0,
                    number: 0,
                },
                t,
            )
        };
        let out = run(
            vec![
                item("200 g flour"),
                item("2 eggs"),
                item("100 g sugar"),
                para(PROSE),
            ],
            &[],
        );
        assert_eq!(out, ["200 g flour", "2 eggs", "100 g sugar", PROSE]);
    }

    #[test]
    fn a_send_off_marker_ends_the_article_but_lists_and_quotes_stay() {
        let item = |t: &str| {
            block(
                BlockKind::ListItem {
                    ordered: false,
                    depth: 0,
                    number: 0,
                },
                t,
            )
        };
        let out = run(
            vec![
                para(PROSE),
                para(MORE),
                item("Spain"),
                item("France"),
                para("Related"),
                para("Another story entirely, told at length in a box after the article, with a full stop."),
            ],
            &[],
        );
        assert_eq!(out, [PROSE, MORE, "Spain", "France"]);
        let mut quoted = para("— Someone (@someone) May 3, 2020");
        quoted.quote_depth = 1;
        let out = run(vec![para(PROSE), quoted], &[]);
        assert_eq!(out.len(), 2, "the tweet's signature line is kept");
    }

    #[test]
    fn a_section_heading_over_a_list_is_not_a_kicker() {
        let item = |t: &str| {
            block(
                BlockKind::ListItem {
                    ordered: false,
                    depth: 0,
                    number: 0,
                },
                t,
            )
        };
        let out = run(
            vec![
                block(BlockKind::Heading { level: 3 }, "Highlights"),
                item("Faster startup"),
                item("Smaller downloads"),
                para(PROSE),
            ],
            &[],
        );
        assert_eq!(out[0], "Highlights");
        let out = run(
            vec![
                block(BlockKind::Heading { level: 2 }, "News"),
                para("By Jane Doe"),
                para(PROSE),
            ],
            &[],
        );
        assert_eq!(out, [PROSE], "a kicker over a byline still goes");
    }

    #[test]
    fn a_linked_heading_over_the_text_is_a_teaser() {
        let teaser = "Mother arrested at her son's hearing";
        let mut blocks = vec![
            block(BlockKind::Heading { level: 3 }, teaser),
            para(PROSE),
            para(MORE),
        ];
        let mut info: Vec<BlockInfo> = blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let chars = plain(b).chars().count();
                BlockInfo {
                    container: Some(1),
                    container_parent: Some(0),
                    in_cell: false,
                    chars,
                    link_chars: if i == 0 { chars } else { 0 },
                }
            })
            .collect();
        filter(&mut blocks, &mut info, &[], Favor::Balanced);
        let out: Vec<String> = blocks.iter().map(plain).collect();
        assert_eq!(out, [PROSE, MORE]);
        // Not a link, it is the first section's heading.
        let out = run(
            vec![
                block(BlockKind::Heading { level: 3 }, teaser),
                para(PROSE),
                para(MORE),
            ],
            &[],
        );
        assert_eq!(out, [teaser, PROSE, MORE]);
    }

    #[test]
    fn a_tagline_above_the_headline_goes() {
        let tagline = "A blog about bridges, rivers and the towns between them, since 2004.";
        let out = run(
            vec![
                para(tagline),
                block(BlockKind::Heading { level: 2 }, "The Bridge Reopens"),
                para(PROSE),
                para(MORE),
            ],
            &["The Bridge Reopens"],
        );
        assert_eq!(out, [PROSE, MORE]);
        // Without the headline in the text, nothing marks the start.
        let out = run(
            vec![para(tagline), para(PROSE), para(MORE)],
            &["The Bridge Reopens"],
        );
        assert_eq!(out, [tagline, PROSE, MORE]);
        // A text above it longer than furniture stays.
        let long: Vec<Block> = (0..6)
            .map(|i| para(if i % 2 == 0 { PROSE } else { MORE }))
            .collect();
        let mut blocks = long.clone();
        blocks.push(block(BlockKind::Heading { level: 2 }, "The Bridge Reopens"));
        blocks.extend(long);
        assert_eq!(run(blocks, &["The Bridge Reopens"]).len(), 12);
    }

    #[test]
    fn a_list_of_links_after_the_last_prose_ends_the_article() {
        // Lines and whether each is a link.
        let page = |lines: &[(&str, bool)]| -> Vec<String> {
            // Links as list items: a paragraph that is only a link goes
            // anywhere as a teaser.
            let item = |t: &str| {
                block(
                    BlockKind::ListItem {
                        ordered: false,
                        depth: 0,
                        number: 0,
                    },
                    t,
                )
            };
            let mut blocks: Vec<Block> = lines
                .iter()
                .map(|&(t, link)| if link { item(t) } else { para(t) })
                .collect();
            let mut info: Vec<BlockInfo> = blocks
                .iter()
                .zip(lines)
                .map(|(b, (_, link))| {
                    let chars = plain(b).chars().count();
                    BlockInfo {
                        container: Some(1),
                        container_parent: Some(0),
                        in_cell: false,
                        chars,
                        link_chars: if *link { chars } else { 0 },
                    }
                })
                .collect();
            filter(&mut blocks, &mut info, &[], Favor::Balanced);
            blocks.iter().map(plain).collect()
        };
        let list = [
            ("Council approves the new budget for schools", true),
            ("Storm closes the coastal road for a day", true),
            ("Harbour festival draws record crowds", true),
        ];
        let mut lines = vec![(PROSE, false), (MORE, false)];
        lines.extend(list);
        lines.push(("Did you enjoy this article? Bookmark it onto:", false));
        assert_eq!(page(&lines), [PROSE, MORE]);
        // Under a short introduction, the list is the page (a table of
        // contents).
        let mut lines = vec![(PROSE, false)];
        for _ in 0..3 {
            lines.extend(list);
        }
        lines.push(("Page last updated in May.", false));
        assert_eq!(page(&lines).len(), 11);
        // Announced by the text, the list is the article's.
        let intro = "Here are the places that we are going to visit on the tour next year:";
        let mut lines = vec![(PROSE, false), (intro, false)];
        lines.extend(list);
        lines.push(("Page last updated in May.", false));
        assert_eq!(page(&lines).len(), 6);
    }

    #[test]
    fn a_heading_over_linked_headlines_goes_before_the_text() {
        let item = |t: &str| {
            block(
                BlockKind::ListItem {
                    ordered: false,
                    depth: 0,
                    number: 0,
                },
                t,
            )
        };
        let mut blocks = vec![
            block(BlockKind::Heading { level: 4 }, "Top stories"),
            item("Council approves the new budget for schools"),
            item("Storm closes the coastal road for a day"),
            para(PROSE),
            para(MORE),
        ];
        let mut info: Vec<BlockInfo> = blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let chars = plain(b).chars().count();
                BlockInfo {
                    container: Some(1),
                    container_parent: Some(0),
                    in_cell: false,
                    chars,
                    // The heading and the items are links.
                    link_chars: if i < 3 { chars } else { 0 },
                }
            })
            .collect();
        filter(&mut blocks, &mut info, &[], Favor::Balanced);
        let out: Vec<String> = blocks.iter().map(plain).collect();
        assert_eq!(out, [PROSE, MORE]);
    }

    #[test]
    fn vocabularies_match_whole_words() {
        // "mai" in "email", "may" in "mayor": no dateline.
        assert!(!is_dateline("Write an email to the mayor by 5 pm"));
        assert!(is_dateline("Updated: 3 Mai 2020"));
        assert!(is_dateline("Mar 3, 2021"));
        // Markers and pitches start with whole words.
        assert!(starts_with_any("tags: politics, europe", SEND_OFF_STARTS));
        assert!(!starts_with_any("tagsüber blieb es ruhig", SEND_OFF_STARTS));
        assert!(!starts_with_any(
            "relatedly, the council met",
            SEND_OFF_STARTS
        ));
        assert!(contains_words("please share it with friends", "share it"));
        assert!(!contains_words("they share items and tools", "share it"));
    }

    #[test]
    fn a_sentence_starting_with_a_byline_word_is_text() {
        assert!(is_byline("By Jane Doe"));
        assert!(is_byline("Reuters"));
        assert!(!is_byline(
            "Reuters reported on Monday that the talks had broken down again."
        ));
        assert!(!is_byline(
            "Published reports say the mayor will step down at the end of the year."
        ));
    }

    #[test]
    fn filters_that_would_leave_nothing_leave_the_container_as_it_is() {
        let post = "A short post about our new garden, with pictures. Please share it!";
        assert_eq!(run(vec![para(post)], &[]), [post]);
    }

    #[test]
    fn read_also_labels_go_by_their_shape() {
        let linked = |label: &str, link: &str| Block {
            kind: BlockKind::Paragraph,
            quote_depth: 0,
            content: vec![
                Inline::Text(label.to_string()),
                Inline::Link {
                    href: "/x".into(),
                    content: vec![Inline::Text(link.to_string())],
                },
            ],
        };
        let mut blocks = vec![
            para(PROSE),
            linked("Zobacz też: ", "Inny artykuł o czymś zupełnie innym"),
            para(MORE),
            block(BlockKind::Heading { level: 3 }, "Mehr Themen"),
            linked("", "Ein anderer Artikel über etwas anderes"),
            linked("", "Noch ein Artikel über etwas ganz anderes"),
            para("Email: jane@example.org"),
            linked("Source: ", "http://example.org/a/report.pdf"),
        ];
        let mut info: Vec<BlockInfo> = blocks
            .iter()
            .map(|b| {
                let (mut chars, mut link_chars) = (0, 0);
                for i in &b.content {
                    match i {
                        Inline::Text(t) => chars += t.chars().count(),
                        Inline::Link { content, .. } => {
                            let n = plain(&para(&{
                                let mut s = String::new();
                                inline_pieces(content, &mut |p| s.push_str(p));
                                s
                            }))
                            .chars()
                            .count();
                            chars += n;
                            link_chars += n;
                        }
                        _ => {}
                    }
                }
                BlockInfo {
                    container: Some(1),
                    container_parent: Some(0),
                    in_cell: false,
                    chars,
                    link_chars,
                }
            })
            .collect();
        filter(&mut blocks, &mut info, &[], Favor::Recall);
        let out: Vec<String> = blocks.iter().map(plain).collect();
        assert_eq!(
            out,
            [
                PROSE,
                MORE,
                "Email: jane@example.org",
                "Source: http://example.org/a/report.pdf"
            ]
        );
    }

    #[test]
    fn adblock_walls_go_by_their_words_and_place() {
        let mut blocks = vec![
            para(PROSE),
            para(MORE),
            block(
                BlockKind::Heading { level: 2 },
                "Bitte schalte deinen Adblocker aus!",
            ),
            para("Hey du! Schön, dass du hier bist."),
            para("Wir sind ein unabhängiger Verlag, Werbung finanziert unsere Arbeit."),
            para("Danke für deine Unterstützung."),
        ];
        let mut info: Vec<BlockInfo> = blocks
            .iter()
            .enumerate()
            .map(|(i, b)| BlockInfo {
                // The article's paragraphs in one box, the wall in another.
                container: Some(if i < 2 { 1 } else { 2 }),
                container_parent: Some(0),
                in_cell: false,
                chars: plain(b).chars().count(),
                link_chars: 0,
            })
            .collect();
        filter(&mut blocks, &mut info, &[], Favor::Recall);
        let out: Vec<String> = blocks.iter().map(plain).collect();
        assert_eq!(out, [PROSE, MORE]);
        // In the article's own box, a line about ad blockers is the article.
        let about = "Ad blockers are everywhere now.";
        assert_eq!(
            run(vec![para(PROSE), para(about), para(MORE)], &[]),
            [PROSE, about, MORE]
        );
        assert!(names_ad_blocker("désactivez votre bloqueur de publicité"));
        assert!(!names_ad_blocker("please turn off popup notifications"));
    }

    #[test]
    fn gallery_counters_go() {
        assert_eq!(
            normalise("  Image 1 of 5: THE end. "),
            "image 1 of 5 the end"
        );
        assert_eq!(normalise("--A_b-C--"), "a b c");
        assert_eq!(normalise(" .,; "), "");
        assert_eq!(
            normalise("Stra\u{df}e \u{3a3}O\u{3a3}, caf\u{c9}"),
            "stra\u{df}e \u{3c3}o\u{3c3} caf\u{e9}"
        );
        assert!(is_gallery_counter(&normalise("Image 1 of 5")));
        assert!(is_gallery_counter(&normalise("Bild 2 von 7")));
        assert!(!is_gallery_counter(&normalise("One of the five images")));
    }

    #[test]
    fn ad_labels_credits_and_shortcodes_go_anywhere() {
        let out = run(
            vec![
                para(PROSE),
                para("Advertisement"),
                para("Weiterlesen nach der Anzeige"),
                para("Uiguren in München. (Foto: dpa)"),
                para("[button link=\"x\"]Send[/button]"),
                para(MORE),
            ],
            &[],
        );
        assert_eq!(out, [PROSE, MORE]);
    }
}
