//! Tests for choosing and applying a page's character encoding.

use encoding_rs::{Encoding, GB18030, SHIFT_JIS, UTF_16BE, UTF_16LE, WINDOWS_1251, WINDOWS_1252};
use pith::decode::{decode, decode_with, EncodingSource};

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "test text must be encodable");
    bytes.into_owned()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

const PAGE: &str = "<p>café – “quoted” naïve</p>";

#[test]
fn utf8_bom_is_stripped_and_wins_over_meta() {
    let mut bytes = b"\xEF\xBB\xBF<meta charset=windows-1252>".to_vec();
    bytes.extend_from_slice(PAGE.as_bytes());
    let d = decode(&bytes);
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(d.source, EncodingSource::Bom);
    assert_eq!(d.text, format!("<meta charset=windows-1252>{PAGE}"));
}

#[test]
fn utf16le_bom() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(utf16(PAGE, false));
    let d = decode(&bytes);
    assert_eq!((d.encoding, d.source), ("UTF-16LE", EncodingSource::Bom));
    assert_eq!(d.text, PAGE);
}

#[test]
fn utf16be_bom() {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(utf16(PAGE, true));
    let d = decode(&bytes);
    assert_eq!((d.encoding, d.source), ("UTF-16BE", EncodingSource::Bom));
    assert_eq!(d.text, PAGE);
}

#[test]
fn meta_charset() {
    let html = format!("<!doctype html><html><head><meta charset=\"windows-1251\"><title>Т</title></head><body>{}</body>", "Привет, мир");
    let d = decode(&encode(WINDOWS_1251, &html));
    assert_eq!(
        (d.encoding, d.source),
        ("windows-1251", EncodingSource::Meta)
    );
    assert_eq!(d.text, html);
}

#[test]
fn meta_charset_label_is_case_and_space_insensitive() {
    let d = decode(b"<META CHARSET=' Latin1 '><p>caf\xE9");
    assert_eq!(
        (d.encoding, d.source),
        ("windows-1252", EncodingSource::Meta)
    );
    assert!(d.text.ends_with("café"));
}

#[test]
fn meta_http_equiv() {
    let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\"></head><body>Zażółć</body>";
    let d = decode(&encode(Encoding::for_label(b"iso-8859-2").unwrap(), html));
    assert_eq!((d.encoding, d.source), ("ISO-8859-2", EncodingSource::Meta));
    assert_eq!(d.text, html);
}

#[test]
fn meta_content_without_http_equiv_is_ignored() {
    // `content` counts only together with http-equiv=content-type.
    let d = decode(b"<meta content=\"text/html; charset=koi8-r\"><p>plain ascii");
    assert_eq!(d.source, EncodingSource::Utf8Valid);
}

#[test]
fn http_equiv_after_content_still_counts() {
    let d = decode(b"<meta content='text/html;charset=koi8-r' http-equiv=content-type>");
    assert_eq!((d.encoding, d.source), ("KOI8-R", EncodingSource::Meta));
}

#[test]
fn meta_inside_comment_is_skipped() {
    let bytes =
        b"<!-- old: <meta charset=\"shift_jis\"> --><meta charset=\"windows-1252\"><p>caf\xE9";
    let d = decode(bytes);
    assert_eq!(
        (d.encoding, d.source),
        ("windows-1252", EncodingSource::Meta)
    );
    assert!(d.text.ends_with("café"));
}

#[test]
fn meta_inside_attribute_value_is_skipped() {
    let bytes = b"<div title='<meta charset=shift_jis>'></div><meta charset=iso-8859-7>";
    let d = decode(bytes);
    assert_eq!((d.encoding, d.source), ("ISO-8859-7", EncodingSource::Meta));
}

#[test]
fn meta_after_first_1024_bytes_is_not_seen() {
    let mut bytes = format!("<html><head><title>{}</title>", "x".repeat(1100)).into_bytes();
    bytes.extend_from_slice(b"<meta charset=windows-1251><p>ascii only");
    let d = decode(&bytes);
    assert_eq!(d.source, EncodingSource::Utf8Valid);
}

#[test]
fn declared_utf16_means_utf8() {
    let d = decode("<meta charset=utf-16><p>café".as_bytes());
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Meta));
    assert!(d.text.ends_with("café"));
}

#[test]
fn declared_x_user_defined_means_windows_1252() {
    let d = decode(b"<meta charset=x-user-defined><p>caf\xE9");
    assert_eq!(
        (d.encoding, d.source),
        ("windows-1252", EncodingSource::Meta)
    );
    assert!(d.text.ends_with("café"));
}

#[test]
fn declared_replacement_encoding_is_ignored() {
    let d = decode("<meta charset=iso-2022-kr><p>café".as_bytes());
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8Valid));
}

#[test]
fn unknown_declared_label_falls_through() {
    let d = decode("<meta charset=klingon><p>café".as_bytes());
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8Valid));
}

#[test]
fn xml_declaration() {
    let d = decode(b"<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<html><p>\xA4 5</p></html>");
    assert_eq!(
        (d.encoding, d.source),
        ("ISO-8859-15", EncodingSource::Meta)
    );
    assert!(d.text.contains("€ 5"));
}

#[test]
fn windows_1252_sniffed() {
    let html = "<html><body><p>Le café – “quoted” – à la carte, déjà vu, naïve façade.</p>\
                <p>Über die Brücke gehen wir später, schön und grün.</p></body></html>";
    let d = decode(&encode(WINDOWS_1252, html));
    assert_eq!(
        (d.encoding, d.source),
        ("windows-1252", EncodingSource::Sniffed)
    );
    assert_eq!(d.text, html);
}

const JAPANESE: &str = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\
    何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。\
    吾輩はここで始めて人間というものを見た。しかもあとで聞くとそれは書生という\
    人間中で一番獰悪な種族であったそうだ。この書生というのは時々我々を捕えて煮て\
    食うという話である。しかしその当時は何という考もなかったから別段恐しいとも思わなかった。";

const CHINESE: &str =
    "中华人民共和国是工人阶级领导的、以工农联盟为基础的人民民主专政的社会主义国家。\
    社会主义制度是中华人民共和国的根本制度。中国共产党领导是中国特色社会主义最本质的特征。\
    禁止任何组织或者个人破坏社会主义制度。中华人民共和国的一切权力属于人民。\
    人民行使国家权力的机关是全国人民代表大会和地方各级人民代表大会。";

#[test]
fn shift_jis_sniffed_without_declaration() {
    let html = format!("<html><head><title>猫</title></head><body><p>{JAPANESE}</p></body></html>");
    let d = decode(&encode(SHIFT_JIS, &html));
    assert_eq!(
        (d.encoding, d.source),
        ("Shift_JIS", EncodingSource::Sniffed)
    );
    assert_eq!(d.text, html);
}

#[test]
fn gb18030_sniffed_without_declaration() {
    let html = format!("<html><body><article><p>{CHINESE}</p></article></body></html>");
    let d = decode(&encode(GB18030, &html));
    // chardetng names the family GBK; encoding_rs decodes GBK with the
    // gb18030 decoder, so the text is exact either way.
    assert!(matches!(d.encoding, "GBK" | "gb18030"), "{}", d.encoding);
    assert_eq!(d.source, EncodingSource::Sniffed);
    assert_eq!(d.text, html);
}

#[test]
fn non_ascii_after_long_ascii_head_is_still_sniffed() {
    // 100 KiB of inline script before any text: the sniffing window must
    // start at the text, not at byte 0.
    let script = format!("<script>{}</script>", "var a = 1;\n".repeat(10_000));
    let html = format!("<html><head>{script}</head><body><p>{JAPANESE}</p></body></html>");
    let d = decode(&encode(SHIFT_JIS, &html));
    assert_eq!(d.encoding, "Shift_JIS");
    assert_eq!(d.text, html);
}

#[test]
fn valid_utf8_without_declaration() {
    let html = format!("<p>{JAPANESE} {CHINESE} {PAGE}</p>");
    let d = decode(html.as_bytes());
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8Valid));
    assert_eq!(d.text, html);
}

#[test]
fn invalid_utf8_is_replaced_not_fatal() {
    // A UTF-8 page with one stray Latin-1 byte stays UTF-8.
    let mut bytes = format!("<meta charset=utf-8><p>{JAPANESE}").into_bytes();
    bytes.extend_from_slice(b" \xE9 \xFF\xFE end");
    let d = decode(&bytes);
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Meta));
    assert!(d.text.contains(JAPANESE));
    assert!(d.text.ends_with(" \u{FFFD} \u{FFFD}\u{FFFD} end"));
}

#[test]
fn damaged_utf8_without_declaration_stays_utf8() {
    let mut bytes = format!("<p>{JAPANESE}").into_bytes();
    bytes.extend_from_slice(b" caf\xE9 ");
    bytes.extend_from_slice(JAPANESE.as_bytes());
    let d = decode(&bytes);
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Sniffed));
    assert!(d.text.contains(" caf\u{FFFD} "));
}

#[test]
fn utf8_cut_off_mid_character_stays_utf8() {
    let text = "<p>déjà vu, café";
    let bytes = &text.as_bytes()[..text.len() - 1];
    let d = decode(bytes);
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Sniffed));
    assert_eq!(d.text, "<p>déjà vu, caf\u{FFFD}");
}

#[test]
fn empty_input() {
    let d = decode(b"");
    assert_eq!(d.text, "");
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8Valid));
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs: [&[u8]; 12] = [
        b"<",
        b"<meta",
        b"<meta ",
        b"<meta charset",
        b"<meta charset=",
        b"<meta charset='utf-8",
        b"<!--",
        b"<!-->",
        b"<meta http-equiv=content-type content='charset=\"",
        b"<?xml encoding=",
        b"\xFF",
        b"\xFE\xFF\x00",
    ];
    for input in inputs {
        let d = decode(input);
        assert!(d.text.len() <= input.len() * 3 + 3);
    }
    let with_nuls = decode(b"<p>a\0b\0\0c</p>");
    assert_eq!(with_nuls.text, "<p>a\0b\0\0c</p>");
    let _ = pith::parse::parse_html(&with_nuls.text);
}

#[test]
fn label_override() {
    let bytes = encode(WINDOWS_1251, "<meta charset=utf-8><p>Привет");
    let d = decode_with(&bytes, Some("cp1251")).unwrap();
    assert_eq!(
        (d.encoding, d.source),
        ("windows-1251", EncodingSource::Override)
    );
    assert_eq!(d.text, "<meta charset=utf-8><p>Привет");
    // Without an override the same bytes follow the (wrong) declaration.
    assert_eq!(decode_with(&bytes, None).unwrap().encoding, "UTF-8");
}

#[test]
fn bom_wins_over_override() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(utf16("hi", false));
    let d = decode_with(&bytes, Some("windows-1252")).unwrap();
    assert_eq!(
        (d.encoding, d.source, d.text.as_str()),
        ("UTF-16LE", EncodingSource::Bom, "hi")
    );
    let utf16be = decode_with(&[0xFE, 0xFF, 0, b'h'], Some("latin1")).unwrap();
    assert_eq!(
        (utf16be.encoding, utf16be.text.as_str()),
        (UTF_16BE.name(), "h")
    );
    assert_eq!(UTF_16LE.name(), "UTF-16LE");
}

#[test]
fn unknown_label_is_an_error_that_helps() {
    let err = decode_with(b"x", Some("latin-one")).unwrap_err();
    assert_eq!(
        err,
        pith::Error::UnknownEncoding {
            label: "latin-one".into()
        }
    );
    let err = err.to_string();
    assert!(err.contains("latin-one"), "{err}");
    assert!(
        err.contains("windows-1252") && err.contains("utf-8"),
        "{err}"
    );
    let err = decode_with(b"x", Some("iso-2022-kr")).unwrap_err();
    assert!(
        matches!(err, pith::Error::ReplacementEncoding { .. }),
        "{err:?}"
    );
    let err = err.to_string();
    assert!(err.contains("replacement"), "{err}");
}

#[test]
fn valid_utf8_beats_a_declared_legacy_encoding() {
    let page = "<meta charset=\"iso-8859-1\"><p>Crème brûlée im Café</p>".as_bytes();
    let d = decode(page);
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(d.source, EncodingSource::Utf8Valid);
    assert!(d.text.contains("Crème brûlée im Café"));
    // Real Latin-1 bytes under the same declaration still follow it.
    let latin = encode(
        WINDOWS_1252,
        "<meta charset=\"iso-8859-1\"><p>Crème brûlée</p>",
    );
    let d = decode(&latin);
    assert_eq!(d.encoding, "windows-1252");
    assert_eq!(d.source, EncodingSource::Meta);
    assert!(d.text.contains("Crème brûlée"));
}
