//! Tests of the three renderers: exact output for a fixture article, words
//! surviving markdown and HTML (parsed back by pulldown-cmark and by our own
//! HTML parser) for hand-picked and generated articles, and HTML safety.

use pith::article::{Article, Block, BlockKind, Inline, TableRow};
use pith::dom::{Document, Edge};
use pith::render::{self, MarkdownOptions, RenderOptions};
use pulldown_cmark::{Event, Options as CmarkOptions, Parser, Tag, TagEnd};

// ---------------------------------------------------------------------------
// Word helpers (reusable: the benchmark-page test will call these too).

/// The `\w+` tokens of `text` in order (letters, digits, marks of letters and
/// `_`, as the benchmark's tokeniser reads them).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The words a reader sees when `md` is rendered: parsed with pulldown-cmark
/// (GFM tables, strikethrough, task lists and footnotes on, so escaping has
/// to hold against all of them), text and code collected, block boundaries
/// and line breaks counted as whitespace, inline boundaries not. Image alt
/// text and raw HTML are not visible text and are left out, so markup that
/// leaked through unescaped shows up as missing words.
pub fn words_of_markdown(md: &str) -> Vec<String> {
    words(&visible_of_markdown(md))
}

/// The text a reader sees when `md` is rendered, with a newline at every
/// block boundary and line break (see [`words_of_markdown`]).
pub fn visible_of_markdown(md: &str) -> String {
    let options = CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_TASKLISTS
        | CmarkOptions::ENABLE_FOOTNOTES;
    let mut visible = String::with_capacity(md.len());
    let mut image_depth = 0usize;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Text(t) | Event::Code(t) if image_depth == 0 => visible.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => visible.push('\n'),
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth -= 1,
            // Inline elements join their text to the text around them.
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {}
            Event::Start(_) | Event::End(_) => visible.push('\n'),
            _ => {}
        }
    }
    visible
}

/// The characters of `s` other than whitespace: two renderings that show
/// the same thing agree on these exactly, whatever their layout.
fn ink(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The words a browser shows for `html` (see [`visible_of_html`]).
pub fn words_of_html(html: &str) -> Vec<String> {
    words(&visible_of_html(html))
}

/// The text a browser shows for `html`: text nodes in order, with a break
/// at every element except the inline ones; `img` alt text is not shown.
pub fn visible_of_html(html: &str) -> String {
    let doc = pith::parse::parse_html(html);
    let body = doc.body().unwrap_or(Document::ROOT);
    let mut visible = String::new();
    for edge in doc.traverse(body) {
        let (Edge::Open(id) | Edge::Close(id)) = edge;
        if let Some(text) = doc.text(id) {
            if matches!(edge, Edge::Open(_)) {
                visible.push_str(text);
            }
        } else if !matches!(doc.tag(id), Some("em" | "strong" | "code" | "a" | "img")) {
            visible.push('\n');
        }
    }
    visible
}

/// Assert that markdown (with every option combination) and HTML show the
/// same words, in the same order, as the plain text of `article`; and, since
/// the articles here hold no control characters, the very same characters
/// apart from whitespace: no escape left visible, no emphasis marker left
/// unparsed, no syntax character lost.
pub fn assert_round_trip(article: &Article) {
    let text = render::text(article);
    let expected = words(&text);
    for (links, images) in [(false, false), (true, false), (false, true), (true, true)] {
        let opts = RenderOptions { links, images };
        let md = render::markdown(article, &opts);
        let shown = visible_of_markdown(&md);
        assert_eq!(
            words(&shown),
            expected,
            "markdown words differ (links={links}, images={images})\n--- markdown:\n{md}\n--- text:\n{text}\n--- article:\n{article:#?}"
        );
        assert_eq!(
            ink(&shown),
            ink(&text),
            "markdown shows other characters (links={links}, images={images})\n--- markdown:\n{md}\n--- text:\n{text}\n--- article:\n{article:#?}"
        );
        let html = render::html(article, &opts);
        let shown = visible_of_html(&html);
        assert_eq!(
            words(&shown),
            expected,
            "HTML words differ (links={links}, images={images})\n--- html:\n{html}"
        );
        assert_eq!(
            ink(&shown),
            ink(&text),
            "HTML shows other characters (links={links}, images={images})\n--- html:\n{html}"
        );
    }
}

// ---------------------------------------------------------------------------
// Article builders.

fn t(s: &str) -> Inline {
    Inline::Text(s.to_owned())
}
fn em(content: Vec<Inline>) -> Inline {
    Inline::Emphasis(content)
}
fn strong(content: Vec<Inline>) -> Inline {
    Inline::Strong(content)
}
fn code(s: &str) -> Inline {
    Inline::Code(s.to_owned())
}
fn link(href: &str, content: Vec<Inline>) -> Inline {
    Inline::Link {
        href: href.to_owned(),
        content,
    }
}
fn img(src: &str, alt: &str) -> Inline {
    Inline::Image {
        src: src.to_owned(),
        alt: alt.to_owned(),
    }
}
fn block(kind: BlockKind, content: Vec<Inline>) -> Block {
    Block {
        kind,
        quote_depth: 0,
        content,
    }
}
fn p(content: Vec<Inline>) -> Block {
    block(BlockKind::Paragraph, content)
}
fn h(level: u8, content: Vec<Inline>) -> Block {
    block(BlockKind::Heading { level }, content)
}
fn ul(depth: u8, content: Vec<Inline>) -> Block {
    block(
        BlockKind::ListItem {
            ordered: false,
            depth,
            number: 0,
        },
        content,
    )
}
fn ol(depth: u8, number: u32, content: Vec<Inline>) -> Block {
    block(
        BlockKind::ListItem {
            ordered: true,
            depth,
            number,
        },
        content,
    )
}
fn row(header: bool, cells: Vec<Vec<Inline>>) -> TableRow {
    TableRow { header, cells }
}
fn table(rows: Vec<TableRow>) -> Block {
    block(BlockKind::Table { rows }, Vec::new())
}
fn pre(lang: Option<&str>, text: &str) -> Block {
    block(
        BlockKind::Code {
            lang: lang.map(str::to_owned),
            text: text.to_owned(),
        },
        Vec::new(),
    )
}
fn quoted(depth: u8, mut b: Block) -> Block {
    b.quote_depth = depth;
    b
}
fn article(blocks: Vec<Block>) -> Article {
    Article { blocks }
}

// ---------------------------------------------------------------------------
// The fixture: every structure once, exact output in each format.

fn fixture() -> Article {
    article(vec![
        h(1, vec![t("Release notes")]),
        p(vec![
            t("The "),
            strong(vec![t("new")]),
            t(" parser is "),
            em(vec![t("much")]),
            t(" faster; see "),
            link("https://example.org/docs", vec![t("the docs")]),
            t(" and "),
            code("pith --help"),
            t("."),
            img("/img/chart.png", "Speed chart"),
        ]),
        ul(0, vec![t("Parsing")]),
        ol(1, 1, vec![t("Tokens")]),
        ol(1, 2, vec![t("Trees")]),
        ul(0, vec![t("Rendering")]),
        table(vec![
            row(true, vec![vec![t("Format")], vec![t("Speed")]]),
            row(false, vec![vec![t("text")], vec![t("fast")]]),
            row(false, vec![vec![t("html")], vec![t("a | b")]]),
        ]),
        pre(Some("rust"), "fn main() {\n    println!(\"hi\");\n}\n"),
        quoted(1, p(vec![t("Quoted words.")])),
        quoted(1, ul(0, vec![t("quoted item")])),
    ])
}

#[test]
fn fixture_as_text() {
    let expected = "Release notes

The new parser is much faster; see the docs and pith --help.

Parsing
Tokens
Trees
Rendering

Format\tSpeed
text\tfast
html\ta | b

fn main() {
    println!(\"hi\");
}

Quoted words.

quoted item";
    assert_eq!(render::text(&fixture()), expected);
}

#[test]
fn fixture_as_markdown() {
    let expected = "# Release notes

The **new** parser is *much* faster; see [the docs](https://example.org/docs) and `pith --help`.![Speed chart](/img/chart.png)

- Parsing
  1. Tokens
  2. Trees
- Rendering

| Format | Speed |
| --- | --- |
| text | fast |
| html | a \\| b |

```rust
fn main() {
    println!(\"hi\");
}
```

> Quoted words.
>
> - quoted item";
    let opts = MarkdownOptions {
        links: true,
        images: true,
    };
    assert_eq!(render::markdown(&fixture(), &opts), expected);
}

#[test]
fn fixture_as_markdown_without_links_and_images() {
    let md = render::markdown(&fixture(), &MarkdownOptions::default());
    assert!(md.contains("see the docs and `pith --help`.\n"), "{md}");
    assert!(!md.contains("example.org"), "{md}");
    assert!(!md.contains("chart"), "{md}");
}

#[test]
fn fixture_as_html() {
    let expected = "<h1>Release notes</h1>
<p>The <strong>new</strong> parser is <em>much</em> faster; see <a href=\"https://example.org/docs\">the docs</a> and <code>pith --help</code>.<img src=\"/img/chart.png\" alt=\"Speed chart\"></p>
<ul>
<li>Parsing<ol>
<li>Tokens</li>
<li>Trees</li>
</ol>
</li>
<li>Rendering</li>
</ul>
<table>
<thead>
<tr><th>Format</th><th>Speed</th></tr>
</thead>
<tbody>
<tr><td>text</td><td>fast</td></tr>
<tr><td>html</td><td>a | b</td></tr>
</tbody>
</table>
<pre><code class=\"language-rust\">fn main() {
    println!(&quot;hi&quot;);
}</code></pre>
<blockquote>
<p>Quoted words.</p>
<ul>
<li>quoted item</li>
</ul>
</blockquote>
";
    let opts = RenderOptions {
        links: true,
        images: true,
    };
    assert_eq!(render::html(&fixture(), &opts), expected);
}

#[test]
fn fixture_round_trips() {
    assert_round_trip(&fixture());
}

// ---------------------------------------------------------------------------
// Plain-text rules.

#[test]
fn text_joins_inline_pieces_without_adding_spaces() {
    let a = article(vec![p(vec![
        strong(vec![t("H")]),
        em(vec![t("ong")]),
        t(" Kong"),
        link("/x", vec![t("!")]),
    ])]);
    assert_eq!(render::text(&a), "Hong Kong!");
}

#[test]
fn text_trims_lines_and_drops_empty_blocks() {
    let a = article(vec![
        p(vec![t("   ")]),
        p(vec![
            Inline::LineBreak,
            t("  first  "),
            Inline::LineBreak,
            t("  second "),
            Inline::LineBreak,
        ]),
        p(vec![img("/a.png", "alt only")]),
        ul(0, vec![t(" one ")]),
        ul(0, vec![]),
        ul(1, vec![t("two")]),
        table(vec![row(false, vec![vec![t(" ")], vec![]])]),
        p(vec![
            t("a"),
            Inline::LineBreak,
            Inline::LineBreak,
            Inline::LineBreak,
            t("b"),
        ]),
    ]);
    assert_eq!(render::text(&a), "first\nsecond\n\none\ntwo\n\na\n\nb");
}

#[test]
fn text_keeps_code_verbatim_but_drops_outer_blank_lines() {
    let a = article(vec![pre(None, "\n\n  indented\r\n\tx = 1  \n\n  y\n\n")]);
    assert_eq!(render::text(&a), "  indented\n\tx = 1\n\n  y");
}

#[test]
fn text_table_rows_are_lines_of_tab_separated_cells() {
    let a = article(vec![table(vec![
        row(
            false,
            vec![
                vec![t("a")],
                vec![],
                vec![t("c"), Inline::LineBreak, t("d")],
            ],
        ),
        row(false, vec![vec![t("e")], vec![t("")], vec![]]),
    ])]);
    assert_eq!(render::text(&a), "a\t\tc d\ne");
}

// ---------------------------------------------------------------------------
// Markdown structure and escaping.

fn md(a: &Article) -> String {
    render::markdown(
        a,
        &MarkdownOptions {
            links: true,
            images: true,
        },
    )
}

#[test]
fn markdown_escapes_only_what_would_be_syntax() {
    let cases: &[(&str, &str)] = &[
        ("*not emphasis*", "\\*not emphasis\\*"),
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("2024) no", "2024\\) no"),
        ("- no", "\\- no"),
        ("+ no", "\\+ no"),
        ("> no", "\\> no"),
        ("=== no", "\\=== no"),
        ("~~~ no ~x~", "\\~\\~\\~ no \\~x\\~"),
        ("a_b_c", "a\\_b\\_c"),
        ("<div>", "\\<div>"),
        ("[x](y)", "\\[x\\](y)"),
        ("a | b", "a \\| b"),
        ("back\\slash `tick`", "back\\\\slash \\`tick\\`"),
        ("&amp; &#123; AT&T a & b", "\\&amp; \\&#123; AT&T a & b"),
        ("C# 3.5 - 2 + 1 > 0 = yes!", "C# 3.5 - 2 + 1 > 0 = yes!"),
        ("    indented", "indented"),
    ];
    for (input, expected) in cases {
        assert_eq!(
            md(&article(vec![p(vec![t(input)])])),
            *expected,
            "{input:?}"
        );
    }
}

#[test]
fn markdown_escapes_at_every_line_start() {
    let a = article(vec![p(vec![
        t("one"),
        Inline::LineBreak,
        t("- two"),
        Inline::LineBreak,
        t("3. three"),
    ])]);
    assert_eq!(md(&a), "one\\\n\\- two\\\n3\\. three");
}

#[test]
fn markdown_headings_escape_hashes_and_breaks_become_spaces() {
    let a = article(vec![
        h(9, vec![t("C #"), Inline::LineBreak, t("x")]),
        h(0, vec![t("low")]),
    ]);
    assert_eq!(md(&a), "###### C \\# x\n\n# low");
}

#[test]
fn markdown_list_nesting_follows_marker_widths() {
    let a = article(vec![
        ol(0, 9, vec![t("nine")]),
        ol(0, 10, vec![t("ten")]),
        ul(1, vec![t("under ten")]),
        ul(3, vec![t("too deep")]),
        ul(0, vec![t("back")]),
    ]);
    assert_eq!(
        md(&a),
        "9. nine\n10. ten\n    - under ten\n      - too deep\n- back"
    );
}

#[test]
fn markdown_quotes_keep_depth_on_blank_lines() {
    let a = article(vec![
        quoted(1, p(vec![t("outer")])),
        quoted(2, p(vec![t("inner")])),
        quoted(2, ul(0, vec![t("item")])),
        quoted(
            2,
            ul(
                1,
                vec![t("nested"), Inline::LineBreak, Inline::LineBreak, t("more")],
            ),
        ),
        quoted(1, pre(None, "code\n\nhere")),
        p(vec![t("out")]),
    ]);
    assert_eq!(
        md(&a),
        "> outer\n>\n> > inner\n> >\n> > - item\n> >   - nested\n> >\n> >     more\n>\n> ```\n> code\n>\n> here\n> ```\n\nout"
    );
}

#[test]
fn markdown_code_fence_outgrows_backticks_inside() {
    let a = article(vec![
        pre(Some("markdown extra"), "use ``` fences\n````\n"),
        p(vec![
            code("a `b` c"),
            t(" "),
            code("`x"),
            t(" "),
            code(" y "),
        ]),
    ]);
    assert_eq!(
        md(&a),
        "`````markdownextra\nuse ``` fences\n````\n`````\n\n``a `b` c`` `` `x `` `  y  `"
    );
}

#[test]
fn markdown_table_without_header_uses_first_row() {
    let a = article(vec![table(vec![
        row(false, vec![vec![t("a")]]),
        row(false, vec![vec![t("b")], vec![code("x|y")]]),
        row(false, vec![vec![], vec![]]),
    ])]);
    assert_eq!(md(&a), "| a |  |\n| --- | --- |\n| b | `x\\|y` |");
}

#[test]
fn markdown_emphasis_moves_spaces_out_and_skips_unparseable_markers() {
    let cases: Vec<(Vec<Inline>, &str)> = vec![
        (vec![t("a"), strong(vec![t(" b ")]), t("c")], "a **b** c"),
        (vec![strong(vec![t("H")]), t("ong")], "**H**ong"),
        (vec![em(vec![t("   ")]), t("x")], "x"),
        // Punctuation inside next to a letter outside: not emphasis in
        // CommonMark, so no markers.
        (vec![t("a"), em(vec![t("\"q\"")]), t("b")], "a\"q\"b"),
        (vec![t("a "), em(vec![t("\"q\"")]), t(" b")], "a *\"q\"* b"),
        // Adjacent emphases would merge into one marker run.
        (vec![em(vec![t("a")]), em(vec![t("b")])], "*a*b"),
        (vec![strong(vec![em(vec![t("both")])])], "*both*"),
        (vec![em(vec![t("x"), em(vec![t("y")])])], "*xy*"),
        // Emphasis cannot span a paragraph break.
        (
            vec![em(vec![
                t("a"),
                Inline::LineBreak,
                Inline::LineBreak,
                t("b"),
            ])],
            "a\n\nb",
        ),
        (
            vec![em(vec![t("a"), Inline::LineBreak, t("b")])],
            "*a\\\nb*",
        ),
    ];
    for (content, expected) in cases {
        assert_eq!(
            md(&article(vec![p(content.clone())])),
            expected,
            "{content:?}"
        );
    }
}

#[test]
fn markdown_links_and_images() {
    let a = article(vec![p(vec![
        t("Wow!"),
        link("https://e.org/a b(c)", vec![t("x")]),
        t(" "),
        link("javascript:alert(1)", vec![t("bad")]),
        t(" "),
        link("/empty", vec![t(" ")]),
        link("/outer", vec![t("o "), link("/inner", vec![t("i")])]),
        img("data:image/png;base64,AA==", "a [b]"),
        img("javascript:x", "no"),
    ])]);
    assert_eq!(
        md(&a),
        "Wow\\![x](https://e.org/a%20b\\(c\\)) bad  [o i](/outer)![a \\[b\\]](data:image/png;base64,AA==)"
    );
    let plain = render::markdown(&a, &MarkdownOptions::default());
    assert_eq!(plain, "Wow!x bad  o i");
}

// ---------------------------------------------------------------------------
// Round trips: hand-picked hard cases, then generated articles.

#[test]
fn markdown_special_characters_round_trip() {
    let specials = [
        "*not emphasis*",
        "**nor strong**",
        "_nor this_",
        "# not a heading",
        "## x ##",
        "1. not a list",
        "1) nor this",
        "- not a list",
        "+ nor",
        "* nor",
        "> not a quote",
        "a_b_c",
        "snake_case_name",
        "<div>",
        "<https://x.org>",
        "</p>",
        "<!-- c -->",
        "[x](y)",
        "[ref]: /url",
        "![not image](z)",
        "| a | b |",
        "---",
        "***",
        "___",
        "===",
        "```",
        "~~~",
        "~~strike~~",
        "`code`",
        "&amp; &lt; &#x41; &copy",
        "\\*",
        "\\",
        "[^1]",
        "[ ] task",
        "2024. A year",
        "    four spaces",
        "\ttab",
        "a  \nb",
        "end with two spaces  ",
        "x\r\ny",
        "100% *sure*",
        "C++ & C#",
        "emoji 🎉 and 日本語",
        "a * b * c",
        "a ** b",
        "_",
        "*",
        "#",
    ];
    let mut blocks = Vec::new();
    for s in specials {
        blocks.push(p(vec![t(s)]));
        blocks.push(h(2, vec![t(s)]));
        blocks.push(ul(0, vec![t(s)]));
        blocks.push(ol(1, 3, vec![em(vec![t(s)])]));
        blocks.push(quoted(2, p(vec![t("q "), t(s), Inline::LineBreak, t(s)])));
        blocks.push(table(vec![
            row(true, vec![vec![t(s)], vec![code(s)]]),
            row(
                false,
                vec![vec![strong(vec![t(s)])], vec![link("/u", vec![t(s)])]],
            ),
        ]));
        blocks.push(pre(Some(s), s));
        blocks.push(p(vec![link(s, vec![t(s)]), img(s, s), code(s), t(s)]));
    }
    assert_round_trip(&article(blocks));
}

#[test]
fn inline_boundaries_round_trip() {
    let cases: Vec<Vec<Inline>> = vec![
        vec![strong(vec![t("H")]), t("ong Kong")],
        vec![t("Hong"), em(vec![t("Kong")])],
        vec![t("a"), em(vec![t("\"b\"")]), t("c")],
        vec![em(vec![t("a")]), strong(vec![t("b")]), em(vec![t("c")])],
        vec![strong(vec![em(vec![t("a")]), t("b")])],
        vec![em(vec![strong(vec![t("a")])]), t("b")],
        vec![t("x"), em(vec![t("*")]), t("y")],
        vec![t("x"), strong(vec![t("-")]), t("y")],
        vec![code("a"), code("b"), t("c")],
        vec![t("a`"), code("b")],
        vec![code("a"), t("`b")],
        vec![code("a"), img("/i.png", "i"), code("b")],
        vec![t("&amp"), t(";")],
        vec![t("&"), em(vec![t("amp;")])],
        vec![t("2024"), t(". A year")],
        vec![em(vec![t("2024")]), t(". A year")],
        vec![t("Look!"), link("/x", vec![t("here")])],
        vec![t("Look!"), em(vec![link("/x", vec![t("here")])])],
        vec![link(
            "/x",
            vec![t("a"), Inline::LineBreak, Inline::LineBreak, t("b")],
        )],
        vec![link("/x", vec![em(vec![t("a")]), t("b")]), t("c")],
        vec![em(vec![link("/x", vec![t("a.")])]), t("b")],
        vec![t("a"), Inline::LineBreak, t("# b")],
        vec![t("a"), Inline::LineBreak, em(vec![t("- b")])],
        vec![t("a"), Inline::LineBreak, t("    b")],
        vec![t("a\\"), Inline::LineBreak, t("b")],
        vec![Inline::LineBreak, t("lead"), Inline::LineBreak],
        vec![
            t("a"),
            em(vec![Inline::LineBreak, t("b"), Inline::LineBreak]),
            t("c"),
        ],
        vec![em(vec![t("a")]), t("_"), em(vec![t("b")])],
        vec![t("_"), em(vec![t("a")]), t("_")],
        vec![em(vec![t("«a»")]), t("b")],
        vec![t("«"), em(vec![t("a")]), t("»")],
        vec![t("a"), em(vec![t("—")]), t("b")],
        vec![t("a\u{a0}"), em(vec![t("b")]), t("\u{a0}c")],
    ];
    for content in cases {
        assert_round_trip(&article(vec![p(content.clone())]));
        assert_round_trip(&article(vec![
            ul(0, content.clone()),
            ul(1, content.clone()),
        ]));
        assert_round_trip(&article(vec![table(vec![row(
            false,
            vec![content.clone(), content],
        )])]));
    }
}

/// A small deterministic generator (xorshift), so the test needs no
/// dependency and every failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Fragments that are awkward for markdown, to be glued together at random.
const FRAGMENTS: &[&str] = &[
    "a",
    "word",
    "Hong",
    "ong",
    "x_y",
    "42",
    " ",
    "  ",
    "\u{a0}",
    "\t",
    "\n",
    "*",
    "**",
    "_",
    "__",
    "`",
    "``",
    "#",
    "##",
    "-",
    "+",
    "=",
    "~",
    "~~",
    ">",
    "<",
    "<b>",
    "&",
    "&amp;",
    "amp;",
    "&#1",
    ";",
    "[",
    "]",
    "(",
    ")",
    "!",
    "|",
    "\\",
    ".",
    "1.",
    "2)",
    ":",
    "\"",
    "'",
    "é",
    "日本",
    "—",
    "«",
    "»",
    "🎉",
    "- x",
    "1. y",
    "# z",
    "> q",
    "```",
    "    ",
    "http://e.org/",
    "*a*",
    "_b_",
];

fn random_inlines(rng: &mut Rng, budget: &mut usize, depth: usize) -> Vec<Inline> {
    let count = 1 + rng.below(4);
    let mut out = Vec::new();
    for _ in 0..count {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let nest = depth < 4;
        let inline = match rng.below(if nest { 12 } else { 7 }) {
            0..=3 => {
                let mut s = String::new();
                for _ in 0..1 + rng.below(3) {
                    s.push_str(rng.pick(FRAGMENTS));
                }
                Inline::Text(s)
            }
            4 => Inline::Code(rng.pick(FRAGMENTS).repeat(1 + rng.below(2))),
            5 => Inline::LineBreak,
            6 => img(
                rng.pick(&["/i.png", "javascript:x", "", "data:image/gif;base64,R0"]),
                rng.pick(FRAGMENTS),
            ),
            7 | 8 => em(random_inlines(rng, budget, depth + 1)),
            9 | 10 => strong(random_inlines(rng, budget, depth + 1)),
            _ => link(
                rng.pick(&[
                    "/p",
                    "https://e.org/a b",
                    "JavaScript:x",
                    "(x)",
                    "<y>",
                    "a|b",
                ]),
                random_inlines(rng, budget, depth + 1),
            ),
        };
        out.push(inline);
    }
    out
}

fn random_article(rng: &mut Rng) -> Article {
    let mut blocks = Vec::new();
    for _ in 0..1 + rng.below(8) {
        let mut budget = 12;
        let quote_depth = if rng.below(3) == 0 {
            rng.below(3) as u8
        } else {
            0
        };
        let kind_pick = rng.below(10);
        let mut b = match kind_pick {
            0..=3 => p(random_inlines(rng, &mut budget, 0)),
            4 => h(1 + rng.below(6) as u8, random_inlines(rng, &mut budget, 0)),
            5 | 6 => {
                let content = random_inlines(rng, &mut budget, 0);
                if rng.below(2) == 0 {
                    ul(rng.below(4) as u8, content)
                } else {
                    ol(rng.below(4) as u8, rng.below(12) as u32, content)
                }
            }
            7 => {
                let mut rows = Vec::new();
                for r in 0..1 + rng.below(3) {
                    let mut cells = Vec::new();
                    for _ in 0..rng.below(4) {
                        let mut cell_budget = 4;
                        cells.push(random_inlines(rng, &mut cell_budget, 0));
                    }
                    rows.push(row(r == 0 && rng.below(2) == 0, cells));
                }
                table(rows)
            }
            _ => {
                let mut text = String::new();
                for _ in 0..1 + rng.below(6) {
                    text.push_str(rng.pick(FRAGMENTS));
                    if rng.below(3) == 0 {
                        text.push('\n');
                    }
                }
                pre(Some(rng.pick(&["rust", "c++", "a b", "`x`"])), &text)
            }
        };
        b.quote_depth = quote_depth;
        blocks.push(b);
    }
    article(blocks)
}

/// How many generated articles a test checks: 3000 by default, more with
/// `RENDER_ROUNDS=n` (and another start with `RENDER_SEED=n`) when hunting
/// for rare escaping bugs.
fn rounds() -> usize {
    std::env::var("RENDER_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

#[test]
fn generated_articles_round_trip() {
    let seed = std::env::var("RENDER_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    let mut rng = Rng(seed);
    for _ in 0..rounds() {
        let a = random_article(&mut rng);
        assert_round_trip(&a);
    }
}

// ---------------------------------------------------------------------------
// HTML safety.

/// Elements the HTML renderer may produce, and the attributes each may carry.
const ALLOWED: &[(&str, &[&str])] = &[
    ("p", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &[]),
    ("table", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &[]),
    ("td", &[]),
    ("pre", &[]),
    ("code", &["class"]),
    ("blockquote", &[]),
    ("em", &[]),
    ("strong", &[]),
    ("a", &["href"]),
    ("img", &["src", "alt"]),
    ("br", &[]),
];

/// Parse `html` as a browser would and check that it holds only allowed
/// elements and attributes, and no URL that could run code.
fn assert_safe(html: &str) {
    let doc = pith::parse::parse_html(html);
    let body = doc.body().expect("parser always makes a body");
    for id in doc.descendants(body) {
        let Some(tag) = doc.tag(id) else { continue };
        let allowed = ALLOWED
            .iter()
            .find(|(name, _)| *name == tag)
            .unwrap_or_else(|| panic!("element <{tag}> in {html}"));
        for attr in doc.attrs(id) {
            let name: &str = &attr.name.local;
            assert!(
                allowed.1.contains(&name),
                "attribute {name} on <{tag}> in {html}"
            );
            if name == "href" || name == "src" {
                let scheme: String = attr
                    .value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .take_while(|&c| c != ':')
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !["javascript", "vbscript"].contains(&scheme.as_str())
                        && (scheme != "data" || attr.value.contains("image/")),
                    "{name}={:?} in {html}",
                    attr.value
                );
            }
        }
    }
    assert!(
        doc.find_tag("script").is_none() && doc.find_tag("style").is_none(),
        "{html}"
    );
}

#[test]
fn html_drops_script_urls_in_any_disguise() {
    let hrefs = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " \t javascript:alert(1)",
        "\u{1}javascript:alert(1)",
        "java\nscript:alert(1)",
        "java\tscript:alert(1)",
        "java\u{0}script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "DATA:text/html,<script>alert(1)</script>",
    ];
    let opts = RenderOptions {
        links: true,
        images: true,
    };
    for href in hrefs {
        let a = article(vec![p(vec![
            link(href, vec![t("click")]),
            img(href, "pic"),
        ])]);
        let html = render::html(&a, &opts);
        assert_eq!(html, "<p>click</p>\n", "{href:?}");
        assert_safe(&html);
    }
    let ok = article(vec![p(vec![img("data:image/png;base64,AA==", "dot")])]);
    assert_eq!(
        render::html(&ok, &opts),
        "<p><img src=\"data:image/png;base64,AA==\" alt=\"dot\"></p>\n"
    );
}

#[test]
fn html_keeps_markup_in_content_as_text() {
    let a = article(vec![
        h(2, vec![t("<script>alert('x')</script>")]),
        p(vec![
            t("a < b && c > d \"q\" 'x' \u{0}\u{8}nul"),
            code("<style>body{}</style>"),
            link("/a\" onmouseover=\"alert(1)", vec![t("<b>bold?</b>")]),
            img("/i.png\"><script>x</script>", "\" onerror=\"alert(1)"),
        ]),
        pre(Some("html\" onclick=\"x"), "<img src=x onerror=alert(1)>"),
        table(vec![row(true, vec![vec![t("</table><script>")]])]),
    ]);
    let opts = RenderOptions {
        links: true,
        images: true,
    };
    let html = render::html(&a, &opts);
    assert_safe(&html);
    assert_eq!(
        html,
        "<h2>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h2>
<p>a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &#39;x&#39; nul<code>&lt;style&gt;body{}&lt;/style&gt;</code><a href=\"/a&quot; onmouseover=&quot;alert(1)\">&lt;b&gt;bold?&lt;/b&gt;</a><img src=\"/i.png&quot;&gt;&lt;script&gt;x&lt;/script&gt;\" alt=\"&quot; onerror=&quot;alert(1)\"></p>
<pre><code class=\"language-htmlonclickx\">&lt;img src=x onerror=alert(1)&gt;</code></pre>
<table>
<thead>
<tr><th>&lt;/table&gt;&lt;script&gt;</th></tr>
</thead>
</table>
"
    );
}

#[test]
fn html_of_generated_articles_is_safe() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let opts = RenderOptions {
        links: true,
        images: true,
    };
    for _ in 0..500 {
        assert_safe(&render::html(&random_article(&mut rng), &opts));
    }
}

#[test]
fn html_nests_lists_and_quotes() {
    let a = article(vec![
        ul(0, vec![t("a")]),
        ul(2, vec![t("b")]),
        ol(1, 3, vec![t("c")]),
        ul(0, vec![t("d")]),
        quoted(2, ol(0, 1, vec![t("e")])),
        quoted(1, p(vec![t("f")])),
    ]);
    assert_eq!(
        render::html(&a, &RenderOptions::default()),
        "<ul>
<li>a<ul>
<li>b</li>
</ul>
<ol start=\"3\">
<li>c</li>
</ol>
</li>
<li>d</li>
</ul>
<blockquote>
<blockquote>
<ol>
<li>e</li>
</ol>
</blockquote>
<p>f</p>
</blockquote>
"
    );
}

// ---------------------------------------------------------------------------
// Real articles: the benchmark pages through the extractor.

/// Every benchmark page's extracted article (the copies in `fixtures/`)
/// shows the same words, and the same characters, in all three formats.
#[test]
fn benchmark_articles_round_trip() {
    use std::io::Read;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let (mut pages, mut blocks) = (0, 0);
    for set in ["scrapinghub", "eval-mini"] {
        let dir = root.join(set).join("html");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let mut bytes = Vec::new();
            let file = std::fs::File::open(&path).unwrap();
            if path.extension().is_some_and(|e| e == "gz") {
                flate2::read::GzDecoder::new(file)
                    .read_to_end(&mut bytes)
                    .unwrap();
            } else {
                std::io::BufReader::new(file)
                    .read_to_end(&mut bytes)
                    .unwrap();
            }
            let decoded = pith::decode::decode(&bytes);
            let doc = pith::parse::parse_html(&decoded.text);
            let extraction = pith::extract::extract_article(&doc, &Default::default());
            assert_round_trip(&extraction.article);
            pages += 1;
            blocks += extraction.article.blocks.len();
        }
    }
    assert!(pages >= 181, "only {pages} benchmark pages found");
    assert!(blocks > 0, "the extractor found no blocks at all");
}

#[test]
fn html_leaves_out_line_breaks_at_block_edges() {
    let a = article(vec![p(vec![
        Inline::LineBreak,
        t("a"),
        Inline::LineBreak,
        em(vec![t("b")]),
        Inline::LineBreak,
        Inline::LineBreak,
    ])]);
    assert_eq!(
        render::html(&a, &RenderOptions::default()),
        "<p>a<br><em>b</em></p>\n"
    );
}
