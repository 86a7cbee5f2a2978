//! Counting and gunzipping the bytes of an input, keeping track of where
//! each gzip member starts, so that a WARC record can name its offset in
//! the file as stored.
//!
//! Crawlers write WARC files with one gzip member per record, and indexes
//! (Common Crawl's CDX/columnar index, warcio's `ArchiveIterator`) name a
//! record by the compressed offset of its member: seek there, gunzip one
//! member, and the record is read back. A plain multi-member decoder hides
//! these boundaries, so [`Members`] decodes one member at a time and notes,
//! for each, the offset in the uncompressed stream where its data begins
//! and the offset in the compressed file where the member begins
//! ([`MemberStarts`]). The WARC reader counts the uncompressed offset of
//! each record and asks the table which stored offset that is
//! ([`MemberStarts::stored_offset`]).

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::sync::{Arc, Mutex, PoisonError};

use flate2::bufread::GzDecoder;

/// Most member starts remembered ahead of the reader. Starts are noted as
/// the decoder reads ahead of the WARC reader (by at most a buffer's
/// worth) and dropped once the reader has passed them, so only a file of
/// many empty members could reach this; past it the oldest are forgotten
/// (such records then get their uncompressed offset).
const MAX_PENDING_STARTS: usize = 4096;

/// A [`BufRead`] that counts the bytes consumed from it.
pub(super) struct Counted<R> {
    inner: R,
    consumed: u64,
}

impl<R: BufRead> Counted<R> {
    pub(super) fn new(inner: R) -> Counted<R> {
        Counted { inner, consumed: 0 }
    }

    /// Bytes consumed so far: the offset of the next byte.
    pub(super) fn consumed(&self) -> u64 {
        self.consumed
    }
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.consumed += n as u64;
    }
}

/// Where gzip members start: pairs of (uncompressed offset of the member's
/// first byte, compressed offset of the member), oldest first.
#[derive(Debug, Default)]
pub(super) struct MemberStarts {
    starts: VecDeque<(u64, u64)>,
}

impl MemberStarts {
    fn push(&mut self, uncompressed: u64, compressed: u64) {
        if self.starts.len() == MAX_PENDING_STARTS {
            self.starts.pop_front();
        }
        self.starts.push_back((uncompressed, compressed));
    }

    /// The offset as stored of the byte at `uncompressed`: the compressed
    /// offset of the member that starts with it, else `uncompressed` itself
    /// (the byte lies inside a member, as in a file gzipped in one piece).
    /// Offsets must be asked for in increasing order: starts before
    /// `uncompressed` are forgotten.
    pub(super) fn stored_offset(&mut self, uncompressed: u64) -> u64 {
        while self
            .starts
            .front()
            .is_some_and(|&(start, _)| start < uncompressed)
        {
            self.starts.pop_front();
        }
        // Empty members start where the next one does: the last of them
        // holds the byte.
        self.starts
            .iter()
            .take_while(|&&(start, _)| start == uncompressed)
            .last()
            .map_or(uncompressed, |&(_, compressed)| compressed)
    }
}

/// A shared handle on the member starts of one [`Members`] reader.
pub(super) type SharedStarts = Arc<Mutex<MemberStarts>>;

/// Look up [`MemberStarts::stored_offset`] through a shared handle.
pub(super) fn stored_offset(starts: &SharedStarts, uncompressed: u64) -> u64 {
    starts
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .stored_offset(uncompressed)
}

/// A multi-member gzip decoder that notes where each member starts. Reads
/// like [`flate2::read::MultiGzDecoder`]: members are decoded one after the
/// other as one stream, and data after the last member that is not gzip is
/// an error.
pub(super) struct Members<R: BufRead> {
    /// The decoder of the current member; `None` once the input is done.
    decoder: Option<GzDecoder<Counted<R>>>,
    /// Uncompressed bytes produced so far.
    produced: u64,
    starts: SharedStarts,
}

impl<R: BufRead> Members<R> {
    /// Decode `compressed` (positioned at its first byte); returns the
    /// reader and the handle on its member starts.
    pub(super) fn new(compressed: R) -> (Members<R>, SharedStarts) {
        let starts = SharedStarts::default();
        let members = Members {
            decoder: Some(GzDecoder::new(Counted::new(compressed))),
            produced: 0,
            starts: Arc::clone(&starts),
        };
        members.note_start(0);
        (members, starts)
    }

    fn note_start(&self, compressed: u64) {
        self.starts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(self.produced, compressed);
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        while let Some(decoder) = &mut self.decoder {
            let n = decoder.read(out)?;
            if n > 0 {
                self.produced += n as u64;
                return Ok(n);
            }
            // The member is done: another follows unless the input ends.
            let Some(decoder) = self.decoder.take() else {
                break;
            };
            let mut compressed = decoder.into_inner();
            if compressed.fill_buf()?.is_empty() {
                break;
            }
            let start = compressed.consumed();
            self.decoder = Some(GzDecoder::new(compressed));
            self.note_start(start);
        }
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn members_read_as_one_stream_with_their_offsets() {
        let parts: [&[u8]; 4] = [b"first part\n", b"", b"second\n", b"third one\n"];
        let members: Vec<Vec<u8>> = parts.iter().map(|p| gzip(p)).collect();
        let file = members.concat();
        let (mut reader, starts) = Members::new(io::BufReader::with_capacity(5, &file[..]));
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, parts.concat());
        // Each part's first byte maps to its member's compressed offset.
        let compressed_start = |i: usize| members[..i].iter().map(Vec::len).sum::<usize>() as u64;
        let mut starts = starts.lock().unwrap();
        assert_eq!(starts.stored_offset(0), 0);
        assert_eq!(starts.stored_offset(3), 3, "inside a member");
        // The empty member starts where the second part does; the part's
        // own member holds its first byte.
        assert_eq!(starts.stored_offset(11), compressed_start(2));
        assert_eq!(starts.stored_offset(18), compressed_start(3));
    }

    #[test]
    fn garbage_after_the_last_member_is_an_error() {
        let mut file = gzip(b"page");
        file.extend_from_slice(b"not gzip at all");
        let (mut reader, _) = Members::new(&file[..]);
        let mut out = Vec::new();
        assert!(reader.read_to_end(&mut out).is_err());
    }

    #[test]
    fn counted_counts_reads_and_consumes() {
        let mut counted = Counted::new(&b"abcdef"[..]);
        let mut two = [0u8; 2];
        counted.read_exact(&mut two).unwrap();
        counted.consume(1);
        assert_eq!(counted.consumed(), 3);
        assert_eq!(counted.fill_buf().unwrap(), b"def");
    }
}
