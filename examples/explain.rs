//! How the extraction cascade treated one page, for developers:
//! `cargo run --release --example explain -- page.html[.gz] [--favor recall]`.

use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: explain PAGE [--favor precision|balanced|recall]");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("explain: cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if let Err(e) = flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out) {
            eprintln!("explain: {path} is not valid gzip: {e}");
            std::process::exit(1);
        }
        out
    } else {
        bytes
    };
    let decoded = pith::decode::decode(&bytes);
    let doc = pith::parse::parse_page(&decoded.text);
    let today = pith::metadata::today_utc();
    let (metadata, stated_body) = pith::metadata::extract_metadata_and_body(&doc, None, today);
    let options = pith::extract::ExtractOptions {
        titles: metadata.title.into_iter().collect(),
        stated_body,
        ..Default::default()
    };
    print!("{}", pith::extract::explain(&doc, &options));
}
