//! Reading a disclosure from disk: decoding its bytes into text and indexing its lines.
//!
//! Every span in budlint is a byte range into [`SourceFile::text`], the decoded text. Line and
//! column numbers are computed here, once, so every renderer agrees on them.

use std::fmt;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// A byte range into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// The encoding a file was decoded from, as reported to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
    /// A PDF, read through `pdftotext -layout -enc UTF-8`.
    Pdf,
}

impl fmt::Display for SourceEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 (BOM)",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Gb18030 => "GB18030",
            SourceEncoding::Pdf => "PDF (pdftotext -layout)",
        })
    }
}

/// A decoded source file with its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or as found while walking), used in diagnostics.
    pub path: PathBuf,
    /// The decoded text; a BOM is removed, line ends are kept as they were.
    pub text: String,
    pub encoding: SourceEncoding,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
    /// Byte offset just after each form feed: where pages 2, 3, … start. Empty for a text
    /// without pages.
    page_starts: Vec<usize>,
}

/// Why a file could not be read as a disclosure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The path could not be opened or read (missing, permission, broken link…).
    Io(String),
    /// The bytes look like a binary file (NUL bytes outside UTF-16).
    Binary,
    /// The bytes are neither UTF-8, UTF-16 with a BOM, nor GB18030.
    Undecodable,
    /// `pdftotext` could not give the text of a PDF (encrypted, corrupt, no text layer).
    Pdf(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(reason) => write!(f, "{reason}"),
            ReadError::Binary => {
                f.write_str("binary file (contains NUL bytes), not a text disclosure")
            }
            ReadError::Undecodable => {
                f.write_str("cannot decode as UTF-8, UTF-16 (with BOM) or GB18030/GBK")
            }
            ReadError::Pdf(reason) => write!(f, "{reason}"),
        }
    }
}

impl SourceFile {
    /// Read and decode a file. Never panics on any input.
    pub fn read(path: &Path) -> Result<SourceFile, ReadError> {
        let bytes = std::fs::read(path).map_err(|e| ReadError::Io(io_reason(&e)))?;
        let (text, encoding) = decode(&bytes)?;
        Ok(SourceFile::new(path.to_path_buf(), text, encoding))
    }

    /// Build a source from already decoded text (tests, stdin).
    pub fn new(path: PathBuf, text: String, encoding: SourceEncoding) -> SourceFile {
        let line_starts = line_starts(&text);
        let page_starts = page_starts(&text);
        SourceFile {
            path,
            text,
            encoding,
            line_starts,
            page_starts,
        }
    }

    /// Whether the text is cut into pages: a PDF, or a text with form feeds (`pdftotext` ends
    /// every page with one).
    pub fn has_pages(&self) -> bool {
        self.encoding == SourceEncoding::Pdf || !self.page_starts.is_empty()
    }

    /// The 1-based page holding byte `offset`, when the text has pages.
    pub fn page(&self, offset: usize) -> Option<usize> {
        if !self.has_pages() {
            return None;
        }
        // A form feed ends its page: the page of an offset is one more than the number of
        // form feeds strictly before it.
        Some(self.page_starts.partition_point(|&start| start <= offset) + 1)
    }

    pub fn from_str(path: &str, text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from(path), text.to_string(), SourceEncoding::Utf8)
    }

    /// Number of lines (a final line without terminator counts; an empty file has none).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line index containing byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The span of 0-based line `index`, without its line terminator.
    pub fn line_span(&self, index: usize) -> Span {
        let start = self.line_starts[index];
        let mut end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// Iterate over lines as (0-based index, span without terminator, text).
    pub fn lines(&self) -> impl Iterator<Item = (usize, Span, &str)> + '_ {
        (0..self.line_count()).map(move |i| {
            let span = self.line_span(i);
            (i, span, &self.text[span.start..span.end])
        })
    }

    /// 1-based line and 1-based column counted in Unicode scalar values.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        if self.line_starts.is_empty() {
            return (1, 1);
        }
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn line_starts(text: &str) -> Vec<usize> {
    if text.is_empty() {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            // A lone CR (old Mac line ends) ends a line; CR LF is handled by the LF.
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    if starts.last() == Some(&text.len()) {
        starts.pop();
    }
    starts
}

/// Where pages 2, 3, … start: just after each form feed that has text after it (`pdftotext`
/// ends the last page with one too).
fn page_starts(text: &str) -> Vec<usize> {
    text.match_indices('\u{c}')
        .map(|(i, _)| i + 1)
        .filter(|&start| start < text.len())
        .collect()
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory (or a broken link)".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            if e.raw_os_error() == Some(21) {
                "is a directory".to_string()
            } else {
                e.to_string()
            }
        }
    }
}

/// Decode bytes: UTF-8 (BOM optional), UTF-16 with BOM, else GB18030 (a superset of GBK).
pub fn decode(bytes: &[u8]) -> Result<(String, SourceEncoding), ReadError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), SourceEncoding::Utf8Bom))
            .map_err(|_| ReadError::Undecodable);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return decode_utf16(&bytes[2..], UTF_16LE, SourceEncoding::Utf16Le);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return decode_utf16(&bytes[2..], UTF_16BE, SourceEncoding::Utf16Be);
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), SourceEncoding::Utf8));
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors
        || text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
    {
        return Err(ReadError::Undecodable);
    }
    Ok((text.into_owned(), SourceEncoding::Gb18030))
}

fn decode_utf16(
    bytes: &[u8],
    encoding: &'static Encoding,
    tag: SourceEncoding,
) -> Result<(String, SourceEncoding), ReadError> {
    if bytes.len() % 2 != 0 {
        return Err(ReadError::Undecodable);
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ReadError::Undecodable);
    }
    Ok((text.into_owned(), tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_cr_lines_keep_columns() {
        let src = SourceFile::from_str("a.txt", "合计 1\r\n二行\r三行\n");
        assert_eq!(src.line_count(), 3);
        assert_eq!(src.line_col(src.text.find('二').unwrap()), (2, 1));
        assert_eq!(src.line_col(src.text.find('行').unwrap()), (2, 2));
        assert_eq!(src.line_col(src.text.find('三').unwrap()), (3, 1));
        assert_eq!(src.slice(src.line_span(0)), "合计 1");
        assert_eq!(src.slice(src.line_span(1)), "二行");
    }

    #[test]
    fn form_feeds_number_the_pages() {
        let src = SourceFile::from_str("a.txt", "一页\n甲\n\u{c}二页\n\u{c}三页\n\u{c}");
        assert!(src.has_pages());
        assert_eq!(src.page(src.text.find('甲').unwrap()), Some(1));
        // The form feed itself still belongs to the page it ends.
        assert_eq!(src.page(src.text.find('\u{c}').unwrap()), Some(1));
        assert_eq!(src.page(src.text.find("二页").unwrap()), Some(2));
        assert_eq!(src.page(src.text.find("三页").unwrap()), Some(3));
        assert_eq!(src.page(src.text.len()), Some(3));
        let plain = SourceFile::from_str("b.txt", "没有分页\n");
        assert!(!plain.has_pages());
        assert_eq!(plain.page(0), None);
    }

    #[test]
    fn gbk_bytes_decode() {
        let (bytes, _, _) = GB18030.encode("单位：万元\n合计 1.00\n");
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(enc, SourceEncoding::Gb18030);
        assert!(text.starts_with("单位：万元"));
    }

    #[test]
    fn utf16_with_bom_decodes_and_nul_without_bom_is_binary() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "合计".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().0, "合计");
        assert_eq!(decode(b"\x00\x01\x02PNG"), Err(ReadError::Binary));
    }
}
