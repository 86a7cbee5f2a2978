//! Decoding: raw bytes to text, by sniffing (BOM, meta charset, chardetng)
//! and under a declared label, plus the binary sniffer.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Labels tried as a declared charset: the first input byte picks one.
const LABELS: [&str; 8] = [
    "utf-8",
    "windows-1252",
    "shift_jis",
    "utf-16le",
    "utf-16be",
    "gb18030",
    "iso-2022-jp",
    "no-such-label",
];

fuzz_target!(|data: &[u8]| {
    let _ = pith::sniff::not_html(data);
    let decoded = pith::decode::decode(data);
    assert!(!decoded.encoding.is_empty());
    if let Some((&first, rest)) = data.split_first() {
        let label = LABELS[usize::from(first) % LABELS.len()];
        let _ = pith::decode::decode_with(rest, Some(label));
    }
});
