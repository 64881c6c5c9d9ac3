//! Reading a disclosure from disk: decoding its bytes into text and indexing its lines.
//!
//! Every span in budlint is a byte range into [`SourceFile::text`], the decoded text. Line and
//! column numbers are computed here, once, so every renderer agrees on them.

use std::fmt;
use std::io::{self, Read};
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
    /// How many characters start before each multiple of [`CHAR_MARK_BYTES`]: a column on a
    /// line of megabytes (a paragraph exported as one line) is counted from the nearest mark,
    /// not from the line's start for each finding.
    char_marks: Vec<usize>,
}

/// The bytes between two [`SourceFile::char_marks`].
const CHAR_MARK_BYTES: usize = 4096;

/// Why a file could not be read as a disclosure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The path could not be opened or read (missing, permission, broken link…).
    Io(String),
    /// The bytes look like a binary file (NUL bytes outside UTF-16).
    Binary,
    /// The bytes are neither UTF-8, UTF-16, nor GB18030.
    Undecodable,
    /// `pdftotext` could not give the text of a PDF (encrypted, corrupt, no text layer).
    Pdf(String),
    /// A file of another format, known by its first bytes: what it is and what to do instead.
    Foreign(&'static str),
}

/// The largest disclosure (and baseline) budlint reads: a published report's text is at most a
/// few megabytes; more is a wrong file, and reading it whole would exhaust memory.
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// The largest configuration or rule file budlint reads.
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// Read a whole file of at most `limit` bytes. Only regular files and FIFOs (`<(command)`) are
/// read: a device (`/dev/zero`), socket or directory is refused before a byte is read, and a
/// file or pipe longer than `limit` is refused once the limit is passed, so no input can make
/// budlint read without end. The errors say so in words ([`io::Error::other`]).
pub fn read_bounded(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_dir() {
        return Err(io::Error::other("is a directory"));
    }
    if !kind.is_file() && !is_fifo(&kind) {
        return Err(io::Error::other(
            "not a regular file (a device or socket); budlint reads files and pipes only",
        ));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::other(format!(
            "larger than {} MiB, the most budlint reads",
            limit >> 20
        )));
    }
    Ok(bytes)
}

/// [`read_bounded`] for files that must be UTF-8 text (configuration, rule files, baselines).
pub fn read_bounded_text(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_bounded(path, limit)?)
        .map_err(|_| io::Error::other("not valid UTF-8 text"))
}

#[cfg(unix)]
fn is_fifo(kind: &std::fs::FileType) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(kind)
}

#[cfg(not(unix))]
fn is_fifo(_kind: &std::fs::FileType) -> bool {
    false
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(reason) => write!(f, "{reason}"),
            ReadError::Binary => {
                f.write_str("binary file (contains NUL bytes), not a text disclosure")
            }
            ReadError::Undecodable => f.write_str("cannot decode as UTF-8, UTF-16 or GB18030/GBK"),
            ReadError::Pdf(reason) => write!(f, "{reason}"),
            ReadError::Foreign(what) => f.write_str(what),
        }
    }
}

impl SourceFile {
    /// Read and decode a file. Never panics on any input.
    pub fn read(path: &Path) -> Result<SourceFile, ReadError> {
        let bytes =
            read_bounded(path, MAX_DOCUMENT_BYTES).map_err(|e| ReadError::Io(io_reason(&e)))?;
        let (text, encoding) = decode(&bytes).map_err(|e| foreign_format(&bytes).unwrap_or(e))?;
        Ok(SourceFile::new(path.to_path_buf(), text, encoding))
    }

    /// Build a source from already decoded text (tests, stdin).
    pub fn new(path: PathBuf, text: String, encoding: SourceEncoding) -> SourceFile {
        let line_starts = line_starts(&text);
        let page_starts = page_starts(&text);
        let mut char_marks = vec![0];
        for chunk in text.as_bytes().chunks(CHAR_MARK_BYTES) {
            let last = char_marks.last().copied().unwrap_or(0);
            char_marks.push(last + chars_starting_in(chunk));
        }
        SourceFile {
            path,
            text,
            encoding,
            line_starts,
            page_starts,
            char_marks,
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
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        (line + 1, column)
    }

    /// How many characters start before byte `offset` (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let mark = offset / CHAR_MARK_BYTES;
        let from = mark * CHAR_MARK_BYTES;
        self.char_marks[mark] + chars_starting_in(&self.text.as_bytes()[from..offset])
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// How many characters start in `bytes` of UTF-8 text: the bytes that are not a
/// continuation of a character (as `str::chars().count()` counts them).
fn chars_starting_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
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
    // The errors `read_bounded` builds already say what they mean.
    if let Some(inner) = e.get_ref() {
        return inner.to_string();
    }
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

/// A format budlint does not read, told by the magic bytes of a file that did not decode as
/// text: an office document or a PDF under another name, with what to do about it.
fn foreign_format(bytes: &[u8]) -> Option<ReadError> {
    let what = if bytes.starts_with(b"PK\x03\x04") {
        "a ZIP archive (a Word .docx, Excel .xlsx or WPS file?), not a text disclosure; \
         save it as PDF or text (budlint reads text, Markdown, HTML and PDF)"
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        "an old Office file (Word .doc, Excel .xls or WPS), not a text disclosure; save it as \
         PDF or text (budlint reads text, Markdown, HTML and PDF)"
    } else if bytes.starts_with(b"%PDF-") {
        "a PDF under another name; name it `.pdf` so budlint reads it through pdftotext"
    } else {
        return None;
    };
    Some(ReadError::Foreign(what))
}

/// Decode bytes: UTF-8 (BOM optional), UTF-16 (with a BOM, or without one when its NUL bytes
/// give it away), else GB18030 (a superset of GBK).
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
        // Guessed UTF-16 that does not decode as text was a binary file after all.
        return utf16_without_bom(bytes)
            .and_then(|(encoding, tag)| decode_utf16(bytes, encoding, tag).ok())
            .ok_or(ReadError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), SourceEncoding::Utf8)),
        // A download cut inside its last character (`error_len` none: the sequence is only
        // incomplete): the text up to it, which must be UTF-8 beyond ASCII so that no GB18030
        // file is read so. The cut character was lost before budlint read the file.
        Err(e)
            if e.error_len().is_none()
                && bytes.len() - e.valid_up_to() < 4
                && !bytes[..e.valid_up_to()].is_ascii() =>
        {
            let text = std::str::from_utf8(&bytes[..e.valid_up_to()])
                .map_err(|_| ReadError::Undecodable)?;
            return Ok((text.to_string(), SourceEncoding::Utf8));
        }
        Err(_) => {}
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors || text.chars().any(is_foreign_control) {
        return Err(ReadError::Undecodable);
    }
    Ok((text.into_owned(), SourceEncoding::Gb18030))
}

/// UTF-16 without a BOM, told by where its NUL bytes fall. The ASCII of a disclosure (digits,
/// spaces, line ends) is a NUL byte beside each character in UTF-16: at odd offsets in
/// little-endian, at even ones in big-endian. Text of one byte per character has no NUL at all,
/// and a binary file has them on both sides. Chinese characters have no NUL half, so only the
/// share of NULs on each side counts, not their number.
fn utf16_without_bom(bytes: &[u8]) -> Option<(&'static Encoding, SourceEncoding)> {
    if bytes.len() % 2 != 0 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // Almost all NULs on one side (a stray NUL U+0000 or a character like U+4E00's low byte
    // may fall on the other).
    if odd > 0 && even * 20 <= odd {
        Some((UTF_16LE, SourceEncoding::Utf16Le))
    } else if even > 0 && odd * 20 <= even {
        Some((UTF_16BE, SourceEncoding::Utf16Be))
    } else {
        None
    }
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
    if had_errors || text.chars().any(is_foreign_control) {
        return Err(ReadError::Undecodable);
    }
    Ok((text.into_owned(), tag))
}

/// A control character no text disclosure holds (line ends, tabs and form feeds are text).
fn is_foreign_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_cut_inside_its_last_character_is_read_up_to_it() {
        let text = "合计 1.00\n一般公共服务支出";
        let bytes = text.as_bytes();
        // Cut one and two bytes into the last character.
        for cut in [1, 2] {
            let (read, encoding) = decode(&bytes[..bytes.len() - 3 + cut]).expect("decodes");
            assert_eq!(read, "合计 1.00\n一般公共服务支");
            assert_eq!(encoding, SourceEncoding::Utf8);
        }
        // A bad byte inside the text is no cut end.
        let mut broken = bytes.to_vec();
        broken[2] = 0xFF;
        assert!(!matches!(decode(&broken), Ok((_, SourceEncoding::Utf8))));
        // ASCII cut short is no UTF-8 evidence: read as before (GB18030 or refused).
        assert!(!matches!(
            decode(b"total 1.00\n\xE4\xB8"),
            Ok((_, SourceEncoding::Utf8))
        ));
    }

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
    fn office_files_and_misnamed_pdfs_are_named_for_what_they_are() {
        let dir = std::env::temp_dir().join(format!("budlint-foreign-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let cases: [(&str, &[u8], &str); 3] = [
            // A .docx: a ZIP whose local header has NUL bytes.
            (
                "a.docx",
                b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
                ".docx",
            ),
            (
                "b.doc",
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00",
                ".doc",
            ),
            (
                "c.txt",
                b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\x00",
                "`.pdf`",
            ),
        ];
        for (name, bytes, says) in cases {
            let path = dir.join(name);
            std::fs::write(&path, bytes).expect("write");
            let error = SourceFile::read(&path).expect_err(name);
            assert!(matches!(error, ReadError::Foreign(_)), "{name}: {error:?}");
            assert!(error.to_string().contains(says), "{name}: {error}");
        }
        // Text that starts like one is still text.
        let path = dir.join("d.txt");
        std::fs::write(&path, "PK 比赛经费 12.00 万元\n").expect("write");
        assert!(SourceFile::read(&path).is_ok());
        std::fs::remove_dir_all(&dir).ok();
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

    #[test]
    fn utf16_without_bom_is_told_by_its_nul_bytes() {
        let text = "仅供内部审核\n合计 1.00\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le), Ok((text.to_string(), SourceEncoding::Utf16Le)));
        assert_eq!(decode(&be), Ok((text.to_string(), SourceEncoding::Utf16Be)));
        // NULs on both sides, or an odd length, is binary.
        assert_eq!(
            decode(b"\x00a\x00b\x00\x00c\x00d\x00"),
            Err(ReadError::Binary)
        );
        assert_eq!(decode(b"a\x00b"), Err(ReadError::Binary));
        // Pairs that are not UTF-16 text (a lone surrogate, control characters) are binary.
        assert_eq!(decode(b"a\x00b\x00\x00\xd8"), Err(ReadError::Binary));
        assert_eq!(decode(b"a\x00\x01\x00"), Err(ReadError::Binary));
    }
}
