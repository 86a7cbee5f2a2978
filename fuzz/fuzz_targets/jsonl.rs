//! The JSON Lines reader, through the public input API: the bytes are
//! written to a file and every page read from it (every field kept) is
//! extracted into a record.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::read_all(data, "jsonl", pith::input::InputFormat::Jsonl);
});
