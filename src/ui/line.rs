//! One line of typed input, read with a bound: a line of any length (a pasted file,
//! `</dev/zero`) must not grow without end in memory. Plain mode's answers, the folder a
//! summary is saved to and `kiosk-pin`'s PIN read through here.

use std::io::{self, BufRead};

/// The most bytes an answer line may have: far more than anything typed at a prompt (a
/// folder's path is at most 4,096 bytes on Linux), NUL bytes and all.
pub const LINE_LIMIT: usize = 4096;

/// How much more of a line that is too long is read and dropped, looking for its end, before
/// giving up on the input: a line this long was not typed.
const SKIP_LIMIT: usize = 1 << 20;

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line (its newline not included) is in the buffer; the last line of input may have
    /// no newline.
    Read,
    /// Input ended before any byte of a line.
    Ended,
    /// The line was longer than the limit; it was read to its end and dropped, and the
    /// buffer is empty. The next line can be read.
    TooLong,
    /// The line was longer than the limit and did not end within [`SKIP_LIMIT`] more bytes:
    /// whatever is sending it is not a person typing. Nothing more should be read.
    Endless,
}

/// Reads one line into `buf` (cleared first), keeping at most `limit` bytes of it in memory.
pub fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>, limit: usize) -> io::Result<Line> {
    buf.clear();
    let mut any = false;
    // Bytes of a too-long line dropped so far, once it is known to be too long.
    let mut skipped: Option<usize> = None;
    loop {
        let available = match input.fill_buf() {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok(match (skipped, any) {
                (Some(_), _) => Line::TooLong,
                (None, true) => Line::Read,
                (None, false) => Line::Ended,
            });
        }
        any = true;
        let (part, ends) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (&available[..at], true),
            None => (available, false),
        };
        let used = part.len() + usize::from(ends);
        match skipped.as_mut() {
            Some(count) => *count += part.len(),
            None if buf.len() + part.len() <= limit => buf.extend_from_slice(part),
            None => {
                buf.clear();
                skipped = Some(part.len());
            }
        }
        input.consume(used);
        match skipped {
            Some(_) if ends => return Ok(Line::TooLong),
            Some(count) if count > SKIP_LIMIT => return Ok(Line::Endless),
            _ if ends => return Ok(Line::Read),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], limit: usize) -> Vec<(Line, Vec<u8>)> {
        let mut input = io::BufReader::with_capacity(7, input);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        loop {
            let line = read_line(&mut input, &mut buf, limit).unwrap();
            let stop = matches!(line, Line::Ended | Line::Endless);
            out.push((line, buf.clone()));
            if stop {
                return out;
            }
        }
    }

    #[test]
    fn lines_within_the_limit_are_read_whole_and_a_long_one_is_dropped() {
        let got = lines(b"one\n\ntwelve bytes\nlast", 10);
        assert_eq!(
            got,
            vec![
                (Line::Read, b"one".to_vec()),
                (Line::Read, b"".to_vec()),
                (Line::TooLong, b"".to_vec()),
                (Line::Read, b"last".to_vec()),
                (Line::Ended, b"".to_vec()),
            ]
        );
        // Exactly the limit is allowed.
        assert_eq!(
            lines(b"0123456789\n", 10)[0],
            (Line::Read, b"0123456789".to_vec())
        );
    }

    #[test]
    fn a_line_that_never_ends_stops_reading_with_memory_bounded() {
        let mut zeros = io::BufReader::new(io::repeat(0));
        let mut buf = Vec::new();
        assert_eq!(
            read_line(&mut zeros, &mut buf, LINE_LIMIT).unwrap(),
            Line::Endless
        );
        assert!(buf.capacity() <= 2 * LINE_LIMIT, "{}", buf.capacity());
    }
}
