//! What the container targets share: read a file of one format and turn
//! every page into a record, as `pith` does.

use std::path::PathBuf;

use pith::input::{InputSpec, JsonlFields, Keep, Pages};

/// Largest page accepted: small, so that a fuzzer's input never makes a
/// slow page, and so that the `--max-bytes` paths are reached.
const MAX_BYTES: u64 = 64 * 1024;

/// A file of this process's own, rewritten for every input.
fn scratch(ext: &str) -> PathBuf {
    let dir = std::env::var_os("TMPDIR").map_or_else(std::env::temp_dir, PathBuf::from);
    dir.join(format!("pith-fuzz-{}.{ext}", std::process::id()))
}

/// Read `data` as a file of `format` and extract every page in it.
pub fn read_all(data: &[u8], ext: &str, format: pith::input::InputFormat) {
    let path = scratch(ext);
    std::fs::write(&path, data).expect("the scratch file is writable");
    let spec = InputSpec {
        inputs: vec![path.clone().into_os_string()],
        format,
        max_bytes: MAX_BYTES,
        jsonl: JsonlFields {
            keep: Keep::All,
            ..JsonlFields::default()
        },
        ..InputSpec::default()
    };
    let pages = Pages::new(&spec).expect("a file list needs no opening");
    let options = pith::Options::default()
        .with_markdown(true)
        .with_html(true)
        .with_links(true)
        .with_now(pith::Date::new(2024, 1, 1).expect("a real day"));
    for page in pages {
        let record = page.extract(&options);
        let _ = serde_json::to_string(&record).expect("a record serialises");
    }
}
