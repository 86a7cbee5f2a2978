//! Differential test of the parser: our arena DOM must come out exactly as
//! html5ever's reference DOM (markup5ever_rcdom) for the same input, on
//! real pages and on hand-written snippets that exercise the tree
//! builder's odd corners. Both trees are written out by html5ever's
//! serializer and the markup compared byte for byte.
//!
//! This pins down three things: that our `TreeSink` translates every tree
//! builder call faithfully, that the depth guard in `pith::parse` leaves
//! normal pages alone, and that `parse_page` (the parse extraction uses,
//! which skips the text of scripts and style sheets) builds the same tree
//! less exactly that text.

mod bench;

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use html5ever::serialize::{serialize, Serialize, SerializeOpts, Serializer, TraversalScope};
use html5ever::tendril::TendrilSink;
use html5ever::{parse_document, ParseOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom, SerializableHandle};
use pith::dom::Document;
use pith::serialize::SerializableNode;

/// Our parse, serialised.
fn ours(text: &str) -> String {
    let doc = pith::parse::parse_html(text);
    write(&SerializableNode::new(&doc, Document::ROOT))
}

/// Our parse for extraction, serialised.
fn ours_for_extraction(text: &str) -> String {
    let doc = pith::parse::parse_page(text);
    write(&SerializableNode::new(&doc, Document::ROOT))
}

/// Which text of the reference DOM to keep.
#[derive(Clone, Copy, PartialEq)]
enum Keep {
    All,
    /// All but the text of HTML `<script>` (unless JSON-LD) and `<style>`
    /// elements: what `parse_page` leaves out.
    ReadText,
}

/// html5ever's reference DOM, serialised with template contents (as ours
/// is; rcdom's own serializer leaves them out).
fn reference(text: &str, keep: Keep) -> String {
    // The one repair pith makes before parsing (an unterminated <title>)
    // is applied to both sides: what is compared is the tree building.
    let text = pith::parse::close_unterminated_title(text);
    let dom = parse_document(RcDom::default(), ParseOpts::default()).one(&*text);
    if keep == Keep::ReadText {
        drop_unread_text(&dom.document);
    }
    let with_templates = write(&RcdomWithTemplates(dom.document.clone()));
    if !has_template(&dom.document) {
        // Without templates the two walks must agree: this keeps the
        // test's own walker honest.
        let plain = write(&SerializableHandle::from(dom.document.clone()));
        assert_eq!(
            plain, with_templates,
            "test walker disagrees with rcdom's serializer"
        );
    }
    with_templates
}

fn write<T: Serialize>(node: &T) -> String {
    let mut out = Vec::new();
    serialize(&mut out, node, SerializeOpts::default()).unwrap();
    String::from_utf8(out).unwrap()
}

fn has_template(root: &Handle) -> bool {
    let mut stack = vec![root.clone()];
    while let Some(node) = stack.pop() {
        if let NodeData::Element {
            template_contents, ..
        } = &node.data
        {
            if template_contents.borrow().is_some() {
                return true;
            }
        }
        stack.extend(node.children.borrow().iter().cloned());
    }
    false
}

/// Remove the children of HTML script (other than JSON-LD) and style
/// elements, template contents included.
fn drop_unread_text(root: &Handle) {
    let mut stack = vec![root.clone()];
    while let Some(node) = stack.pop() {
        if let NodeData::Element {
            name,
            attrs,
            template_contents,
            ..
        } = &node.data
        {
            let html = name.ns == html5ever::ns!(html);
            let json_ld = attrs.borrow().iter().any(|a| {
                &*a.name.local == "type" && a.value.to_ascii_lowercase().contains("ld+json")
            });
            let unread = match &*name.local {
                "script" => !json_ld,
                "style" => true,
                _ => false,
            };
            if html && unread {
                node.children.borrow_mut().clear();
                continue;
            }
            if let Some(content) = template_contents.borrow().as_ref() {
                stack.push(content.clone());
            }
        }
        stack.extend(node.children.borrow().iter().cloned());
    }
}

/// rcdom's serialisation walk, plus template contents.
struct RcdomWithTemplates(Handle);

impl Serialize for RcdomWithTemplates {
    fn serialize<S: Serializer>(&self, s: &mut S, _scope: TraversalScope) -> io::Result<()> {
        enum Op {
            Open(Handle),
            Close(html5ever::QualName),
        }
        let mut ops: Vec<Op> = self
            .0
            .children
            .borrow()
            .iter()
            .rev()
            .cloned()
            .map(Op::Open)
            .collect();
        while let Some(op) = ops.pop() {
            let node = match op {
                Op::Close(name) => {
                    s.end_elem(name)?;
                    continue;
                }
                Op::Open(node) => node,
            };
            match &node.data {
                NodeData::Element {
                    name,
                    attrs,
                    template_contents,
                    ..
                } => {
                    s.start_elem(
                        name.clone(),
                        attrs.borrow().iter().map(|a| (&a.name, &*a.value)),
                    )?;
                    ops.push(Op::Close(name.clone()));
                    let content = template_contents
                        .borrow()
                        .clone()
                        .unwrap_or_else(|| node.clone());
                    ops.extend(
                        content
                            .children
                            .borrow()
                            .iter()
                            .rev()
                            .cloned()
                            .map(Op::Open),
                    );
                }
                NodeData::Doctype { name, .. } => s.write_doctype(name)?,
                NodeData::Text { contents } => s.write_text(&contents.borrow())?,
                NodeData::Comment { contents } => s.write_comment(contents)?,
                NodeData::ProcessingInstruction { target, contents } => {
                    s.write_processing_instruction(target, contents)?
                }
                NodeData::Document => {}
            }
        }
        Ok(())
    }
}

/// Where the two serialisations part, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let context = |s: &str| {
        let mut start = at.saturating_sub(80);
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (at + 80).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        s[start..end].to_string()
    };
    format!(
        "at byte {at}:\n  ours:      {:?}\n  reference: {:?}",
        context(a),
        context(b)
    )
}

/// Compare one input, both parses; returns a description of the
/// difference, if any.
fn check(label: &str, text: &str) -> Option<String> {
    let (a, b) = (ours(text), reference(text, Keep::All));
    if a != b {
        return Some(format!("{label}: {}", first_difference(&a, &b)));
    }
    let (a, b) = (ours_for_extraction(text), reference(text, Keep::ReadText));
    (a != b).then(|| format!("{label} (parse_page): {}", first_difference(&a, &b)))
}

const SNIPPETS: &[&str] = &[
    // Doctype, comments (also before <html> and after </html>).
    "<!DOCTYPE html><!-- a --><html><head><title>T</title></head><body><p>x</p></body></html><!-- b -->",
    "<!doctype html public \"-//W3C//DTD HTML 4.01//EN\"><p>quirks?</p>",
    "<!-- only a comment -->",
    "",
    "plain text",
    // Misnested formatting (adoption agency).
    "<b><i></b></i>",
    "<p><b><i>one</b> two</i> three</p>",
    "<a href=1><div><a href=2>x</a></div></a>",
    "<b>1<p>2</b>3</p>",
    "<b><b><b><b><b>deep</b></b></b></b></b><p>after",
    "<font color=red><p>a<font size=3><p>b</font>c",
    // Tables with stray content: foster parenting.
    "<table>stray text<tr><td>cell</td></tr>more</table>",
    "<table><tr><td>a<td>b</tr><div>fostered</div><tr><td>c</table>",
    "<table><b>bold<tr><td>x</td></tr></b></table>",
    "<div><table><tr><td><table><tr><td>nested</table></table></div>",
    "<table><caption>c<p>p</caption><colgroup><col><tbody><tr><th>h</table>",
    "<table><form><input type=hidden><tr><td>f</td></tr></form></table>",
    // Template contents.
    "<template><p>inside</p><tr><td>row</td></tr></template><p>outside",
    "<table><template><td>t</td></template></table>",
    "<head><template><meta charset=utf-8></template></head>",
    // Foreign content.
    "<svg viewBox=\"0 0 10 10\"><use xlink:href=\"#a\" xml:lang=en/><foreignObject><p>html</p></foreignObject><path d=\"M0\"/></svg>",
    "<svg><clippath><lineargradient/></clippath><desc><b>x</b></desc></svg>",
    "<math><mi>x</mi><annotation-xml encoding=\"text/html\"><div>html inside</div></annotation-xml></math>",
    "<math><annotation-xml><div>not an integration point</div></annotation-xml></math>",
    "<math definitionURL=x><mtext><b>t</b></mtext><mglyph/></math>",
    "<svg><p>breaks out</svg>",
    "<svg><![CDATA[ <not a tag> ]]></svg>",
    "<p>a<?php echo 1 ?>b</p>",
    // Implied end tags.
    "<p>one<p>two<div>three</div><p>four",
    "<ul><li>a<li>b<ul><li>c</ul><li>d</ul>",
    "<dl><dt>t<dd>d<dt>t2</dl>",
    "<h1>a<h2>b</h1>c",
    "</p></br></div>stray end tags",
    // Select.
    "<select><option>a<option selected>b<optgroup label=g><option>c</select>",
    "<select><div>x</div><input><option>y</select>",
    "<select><button><selectedcontent></selectedcontent></button><option selected>z</select>",
    // Noscript, raw text and RCDATA.
    "<head><noscript><link rel=stylesheet href=x></noscript></head><body><noscript><p>no js</p></noscript>",
    "<script>if (a < b && c > d) document.write('</p>')</script><style>p > a {}</style>",
    "<textarea>\n<b>not bold</b></textarea><title>a &amp; <b></title>",
    "<xmp><p>raw</xmp><iframe><p>raw</iframe><noembed><b></noembed>",
    "<plaintext><p>everything after is text</p>",
    // Where a script's text ends (parse_page skips it): escapes, nested
    // scripts in escapes, end tags that are not, JSON-LD, SVG scripts.
    "<script><!-- <script> </script> still script --></script><p>after",
    "<script>a<!--b<SCRIPT>c</script>d-->e</script>f<p>g",
    "<script><!--</script><p>the first end tag in an escape ends it",
    "<script>x<!-->y</script><p>z",
    "<script>a<!--b<script>c</script>d--->e</script >f",
    "<script>a<!--b<scripts>c</script>d",
    "<script>a<!--b<script\n>c</scriptx>-</script\t>d--x</script>e</script/>f",
    "<script>if (a<b) x('<!--'); y('</scr' + 'ipt>')</script\r\n><p>after",
    "<script>a</scripts>b</Script\x0c>c",
    "<script type=\"Application/LD+JSON\">{\"a\": \"<b>\"}</script><script type=module>m</script>",
    "<svg><script>svg <b>script</b></script><style>s{}</style></svg><style>p{}</style>",
    "<style>a</styles>b</STYLE>c<style>unterminated",
    "<table><script>t</script><style>u</style><tr><td>x</table><select><script>s</script></select>",
    "<script>unterminated <!-- <script>",
    "<noscript><style>n</style></noscript><textarea><script>t</script></textarea>",
    // Attributes, entities, odd characters.
    "<div a=1 a=2 B=3 data-x='\"q\"'>&amp;&lt;&nbsp;&copy &notanentity; &#x1F600; &#0;</div>",
    "<p>nul\0char</p><p>cr\r\nlf</p>",
    "<html lang=en><body class=a><html data-x=1><body id=b>merged attributes",
    "<frameset><frame src=a></frameset>",
    "<body><frameset><frame></frameset>ignored?",
    "<image src=x><isindex><keygen>",
    "<button><button>nested</button></button>",
    "<form><form>nested form</form></form>",
    "<ruby>漢<rb>字<rt>kan<rp>(</rp></ruby>",
    "<a><table><a>x</a></table></a>",
    "<p>x</p>\u{FEFF}<p>y</p>",
];

#[test]
fn snippets_match_reference_dom() {
    let failures: Vec<String> = SNIPPETS
        .iter()
        .enumerate()
        .filter_map(|(i, s)| check(&format!("snippet {i} {s:?}"), s))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where a script's or style sheet's text ends is decided by the
/// tokenizer's states; `parse_page` finds it by its own scan. Thousands of
/// pages made of the pieces those states turn on, in random order, must
/// parse exactly as html5ever's reference DOM less that text.
#[test]
fn raw_text_ends_where_html5ever_ends_it() {
    const PIECES: &[&str] = &[
        "<script>",
        "<SCRIPT type=module>",
        "<script type=\"application/ld+json\">",
        "</script>",
        "</SCRIPT\n>",
        "</script ",
        "</scripts>",
        "<style>",
        "</style>",
        "</STYLE/>",
        "<!--",
        "-->",
        "--!>",
        "-",
        "<",
        ">",
        "/",
        "<script",
        "<scripts",
        "\r\n",
        "\t",
        "x",
        "é",
        "<p>",
        "<svg>",
        "</svg>",
        "<math>",
        "<table>",
        "<td>",
        "<select>",
        "<textarea>",
        "</textarea>",
        "<noscript>",
        "</noscript>",
        "<title>",
        "</title>",
        "<template>",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "\0",
    ];
    // A fixed xorshift sequence: the same pages on every run.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let failures: Vec<String> = (0..3000)
        .filter_map(|i| {
            let len = 2 + (next() % 24) as usize;
            let page: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            check(&format!("random page {i} {page:?}"), &page)
        })
        .take(5)
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The moderately deep end of real markup (below the guard's cap) must
/// parse exactly as html5ever alone parses it.
#[test]
fn nesting_below_the_cap_is_untouched() {
    let depth = pith::parse::MAX_OPEN_ELEMENTS / 2 - 20;
    let mut html = String::new();
    for i in 0..depth {
        html.push_str(["<div>", "<span>", "<b>", "<section>"][i % 4]);
        html.push('t');
    }
    assert_eq!(check("deep", &html), None);
}

fn html_files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
            {
                out.push(path);
            }
        }
    }
}

#[test]
fn fixtures_match_reference_dom() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    html_files_under(&dir, &mut files);
    files.sort();
    // 49 when this was written; far fewer would mean the fixtures went
    // missing and the test checked next to nothing.
    assert!(
        files.len() >= 40,
        "only {} .html/.htm fixtures under {}",
        files.len(),
        dir.display()
    );
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let bytes = std::fs::read(f).unwrap();
            check(&f.display().to_string(), &pith::decode::decode(&bytes).text)
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn benchmark_pages_match_reference_dom() {
    let dir = bench::bench_dir().join("scrapinghub/html");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    files.sort();
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(f).unwrap())
                .read_to_end(&mut bytes)
                .unwrap();
            check(&f.display().to_string(), &pith::decode::decode(&bytes).text)
        })
        .collect();
    eprintln!("{} benchmark pages compared", files.len());
    assert_eq!(files.len(), 181, "the benchmark has 181 pages");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
