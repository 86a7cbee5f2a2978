//! Decoding: raw page bytes to text (placeholder to be replaced).
use serde::Serialize;
/// How the encoding was determined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    Bom,
    Meta,
    Sniffed,
}
/// A decoded page.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub source: EncodingSource,
}
/// Decode.
pub fn decode(bytes: &[u8]) -> Decoded {
    Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        encoding: "UTF-8",
        source: EncodingSource::Sniffed,
    }
}
