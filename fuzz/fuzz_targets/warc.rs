//! The WARC reader, through the public input API: the bytes are written to
//! a file (gzip is told by content, so gzip WARC is fuzzed too) and every
//! page read from it is extracted into a record.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::read_all(data, "warc", pith::input::InputFormat::Warc);
});
