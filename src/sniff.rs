//! Is this page HTML at all? Recognises the inputs that are certainly not:
//! an image, a PDF, an archive, compressed data, an executable, or bytes
//! that are not text, so that such a page gets an error record saying what
//! it is instead of an empty article that looks like a success.
//!
//! The test is deliberately one-sided: anything that could be text (in any
//! encoding pith decodes, including UTF-16 without a byte order mark) counts
//! as a page, and the extractor decides. Only two things make a page "not
//! HTML": a file signature ("magic number") of a known binary format at the
//! very start, or control bytes that text never has in the first
//! kibibyte.

/// How much of the start of a page is examined for control bytes: enough to
/// see past a header of a binary format, little enough to cost nothing.
const SAMPLE_BYTES: usize = 1024;

/// Control bytes (other than NUL, tab, line breaks, form feed and escape)
/// that a text sample may hold before it counts as binary: one in 32 bytes.
/// Real pages carry a stray `\x1a` or `\x08` now and then, never this many.
const CONTROL_BYTES_PER_SAMPLE: usize = 32;

/// File signatures of formats that crawls often hold under HTML names or
/// `text/html` headers, with the words for the error.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip data (compressed twice, or not unpacked)"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"wOFF", "a WOFF font"),
    (b"wOF2", "a WOFF2 font"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x00\x00\x01\x00", "an ICO image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Office document",
    ),
];

/// Why a page is not HTML: what it looks like, in words (e.g.
/// `"a PNG image"`), or `None` when it may well be a page.
///
/// An empty page is not judged here; see [`crate::extract()`].
pub fn not_html(bytes: &[u8]) -> Option<&'static str> {
    // A byte order mark announces text.
    if [&b"\xef\xbb\xbf"[..], b"\xff\xfe", b"\xfe\xff"]
        .iter()
        .any(|bom| bytes.starts_with(bom))
    {
        return None;
    }
    if let Some((_, what)) = SIGNATURES.iter().find(|(magic, _)| {
        bytes.starts_with(magic)
            // "MZ", "ID3" and "BZh" are short words: demand a binary byte
            // soon after, so that a text page starting with them passes.
            && (magic.len() > 3
                || !magic.is_ascii()
                || bytes[magic.len()..]
                    .iter()
                    .take(16)
                    .any(|&b| b == 0 || is_control(b)))
    }) {
        return Some(what);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" {
        return Some(match &bytes[8..12] {
            b"WEBP" => "a WebP image",
            b"WAVE" => "a WAV audio file",
            b"AVI " => "an AVI video",
            _ => "a RIFF media file",
        });
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("an MP4/QuickTime media file (or a HEIF/AVIF image)");
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    if nuls > 0 && !looks_like_utf16(sample) {
        return Some("binary data (NUL bytes), not text");
    }
    let controls = sample.iter().filter(|&&b| is_control(b)).count();
    if controls * CONTROL_BYTES_PER_SAMPLE > sample.len().max(CONTROL_BYTES_PER_SAMPLE) {
        return Some("binary data (control bytes), not text");
    }
    None
}

/// A control byte that text does not contain (NUL is counted apart).
fn is_control(b: u8) -> bool {
    matches!(b, 0x01..=0x08 | 0x0e..=0x1a | 0x1c..=0x1f)
}

/// UTF-16 without a byte order mark: ASCII-range text leaves every other
/// byte NUL, all on the same side.
fn looks_like_utf16(sample: &[u8]) -> bool {
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return false;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let (zeros, others) = if even > odd { (even, odd) } else { (odd, even) };
    // Most units are ASCII (markup), none has NUL on the other side.
    others == 0 && zeros * 2 >= pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_formats_are_named() {
        assert_eq!(
            not_html(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("a PNG image")
        );
        assert_eq!(not_html(b"%PDF-1.7\n%\xe2\xe3"), Some("a PDF document"));
        assert_eq!(
            not_html(b"\xff\xd8\xff\xe0\0\x10JFIF"),
            Some("a JPEG image")
        );
        assert_eq!(not_html(b"RIFF\x10\0\0\0WEBPVP8 "), Some("a WebP image"));
        assert!(not_html(b"\x1f\x8b\x08\0\0\0\0\0")
            .unwrap()
            .contains("gzip"));
        assert!(not_html(b"MZ\x90\0\x03\0\0\0").is_some());
    }

    #[test]
    fn text_pages_pass() {
        assert_eq!(not_html(b"<!doctype html><p>hello</p>"), None);
        assert_eq!(not_html(b""), None);
        assert_eq!(not_html(b"plain words, no markup at all"), None);
        // Pages that merely start like a signature.
        assert_eq!(not_html(b"MZ Motors: the new models"), None);
        assert_eq!(not_html(b"ID3 tags explained, a guide"), None);
        // Legacy encodings and a stray control byte.
        assert_eq!(not_html(b"<p>caf\xe9 cr\xe8me \x1a br\xfbl\xe9e</p>"), None);
        // UTF-16 with and without a byte order mark.
        let utf16: Vec<u8> = "<html><body><p>Hallo Welt</p></body></html>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(not_html(&utf16), None);
        assert_eq!(not_html(&[&b"\xff\xfe"[..], &utf16].concat()), None);
    }

    #[test]
    fn other_binary_is_caught() {
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(not_html(&noise).unwrap().starts_with("binary data"));
        assert!(not_html(b"<p>text\0with a NUL byte in the middle of it</p>").is_some());
    }
}
