//! The human format: rustc-style snippets drawn by codespan-reporting, then a summary line.
//!
//! ```text
//! error[table-sum]: 合计与各行之和不符
//!   --> 2024/收支总表.txt:4:11
//!   |
//! 3 | 一般公共预算 529.12 529.12
//!   |                     ------ 各行之和为 529.12
//! 4 | 合计 529.12 550.69
//!   |             ^^^^^^ 合计为 550.69
//!   |
//!   = note: 差额 21.57 万元
//!   = help: 核对合计行或各明细行
//!
//! found 1 error in 1 file
//! ```
//!
//! codespan-reporting lays out the snippet (caret widths come from unicode-width, so a full-width
//! character gets two carets) over our own [`Files`] implementation, which uses the
//! [`SourceFile`]'s line index: codespan's own splitting only knows LF, disclosures also end lines
//! with CRLF or a lone CR. The header and `-->` lines are written here rather than by codespan:
//! codespan has no `info` severity (it would print `note[…]`), and it puts `-->` at the earliest
//! primary label where the other formats use the first one
//! ([`Diagnostic::primary_span`]). A diagnostic without labels gets a `--> file:1:1` line, so a
//! whole-file finding still names its file.
//!
//! What matters most comes first: every error of every file, then the warnings, then the infos
//! (files in path order, findings by position within each). A finding repeated with the same
//! message in one file (a watermark on every page) is shown once, with a note listing where else
//! it stands. The summary line still counts every finding, in the language of `--lang`; the frame
//! (`error`, `note:`, `help:`) stays as rustc writes it.

use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::{self, Chars, Config, Styles};
use termcolor::{ColorSpec, WriteColor};

use super::spool::Spool;
use super::{Region, Summary, clamp_span, display_path, page_suffix};
use crate::diagnostic::{Diagnostic, FileReport, Severity};
use crate::engine::Lang;
use crate::source::{SourceFile, Span};

/// Every report at once (the unit tests).
#[cfg(test)]
pub(super) fn render(
    reports: &[FileReport],
    lang: Lang,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let mut stream = Stream::new(out.supports_color());
    for report in reports {
        stream.file(report, out)?;
    }
    stream.finish(lang, out)
}

/// The human format fed one report at a time: the errors are written as they come, the
/// warnings and infos (shown after every error) are kept, rendered, until the end.
pub(super) struct Stream {
    config: Config,
    /// The warnings and infos of the file being rendered, then moved to `spooled`.
    later: [termcolor::Buffer; 2],
    /// The warnings and the infos of every file so far, printed after the last error.
    spooled: [Spool; 2],
    summary: Summary,
}

impl Stream {
    pub(super) fn new(color: bool) -> Stream {
        let buffer = || {
            if color {
                termcolor::Buffer::ansi()
            } else {
                termcolor::Buffer::no_color()
            }
        };
        Stream {
            config: Config {
                chars: Chars::ascii(),
                ..Config::default()
            },
            later: [buffer(), buffer()],
            spooled: [Spool::default(), Spool::default()],
            summary: Summary::default(),
        }
    }

    pub(super) fn file(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        self.summary.add(report);
        let reports = std::slice::from_ref(report);
        let files = ReportFiles::new(reports);
        for group in ordered_groups(reports) {
            let first = &report.diagnostics[group.members[0]];
            let target: &mut dyn WriteColor = match first.severity {
                Severity::Error => &mut *out,
                Severity::Warning => &mut self.later[0],
                Severity::Info => &mut self.later[1],
            };
            if group.members.len() == 1 {
                emit(target, &self.config, &files, 0, &report.source, first)?;
            } else {
                let mut shown = first.clone();
                shown
                    .notes
                    .push(repeated_note(&report.source, report, &group.members[1..]));
                emit(target, &self.config, &files, 0, &report.source, &shown)?;
            }
        }
        for (buffer, spool) in self.later.iter_mut().zip(&mut self.spooled) {
            spool.append(buffer.as_slice())?;
            buffer.clear();
        }
        Ok(())
    }

    pub(super) fn finish(mut self, lang: Lang, out: &mut dyn WriteColor) -> io::Result<()> {
        for spool in &mut self.spooled {
            spool.copy_to(out)?;
        }
        writeln!(
            out,
            "{}",
            match lang {
                Lang::En => summary_line(&self.summary),
                Lang::Zh => summary_line_zh(&self.summary),
            }
        )
    }
}

/// The findings of one file with the same rule, severity and message, shown as one.
struct Group {
    file: usize,
    /// Indices into the file's diagnostics, in position order.
    members: Vec<usize>,
}

/// Groups of identical findings, errors first, then warnings, then infos; within a severity by
/// file, then by the position of the group's first finding.
fn ordered_groups(reports: &[FileReport]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (file, report) in reports.iter().enumerate() {
        let mut index: HashMap<(&str, Severity, &str), usize> = HashMap::new();
        for (i, d) in report.diagnostics.iter().enumerate() {
            let key = (d.rule.as_str(), d.severity, d.message.as_str());
            match index.get(&key) {
                Some(&g) => groups[g].members.push(i),
                None => {
                    index.insert(key, groups.len());
                    groups.push(Group {
                        file,
                        members: vec![i],
                    });
                }
            }
        }
    }
    let severity = |g: &Group| reports[g.file].diagnostics[g.members[0]].severity;
    // A stable sort keeps file and position order within a severity.
    groups.sort_by_key(|g| std::cmp::Reverse(severity(g)));
    groups
}

/// `the same finding 3 more times in this file: lines 120 (page 2), 240 (page 3), 360 (page 4)`.
fn repeated_note(source: &SourceFile, report: &FileReport, others: &[usize]) -> String {
    const LISTED: usize = 8;
    let places: Vec<String> = others
        .iter()
        .take(LISTED)
        .map(|&i| {
            let at = Region::of(source, report.diagnostics[i].primary_span());
            format!("{}{}", at.line, page_suffix(at.page))
        })
        .collect();
    let more = if others.len() > LISTED {
        format!(" and {} more", others.len() - LISTED)
    } else {
        String::new()
    };
    format!(
        "the same finding {} more {} in this file, at line{} {}{more}",
        others.len(),
        if others.len() == 1 { "time" } else { "times" },
        if others.len() == 1 { "" } else { "s" },
        places.join(", ")
    )
}

/// `发现 2 个错误、1 个警告和 3 条提示（4 个文件）`, or `1 个文件中未发现问题`.
pub(super) fn summary_line_zh(summary: &Summary) -> String {
    let found: Vec<String> = [
        (summary.errors, "个错误"),
        (summary.warnings, "个警告"),
        (summary.infos, "条提示"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    let files = format!("{} 个文件", summary.files);
    match found.split_last() {
        None => format!("{files}中未发现问题"),
        Some((last, [])) => format!("发现 {last}（{files}）"),
        Some((last, rest)) => format!("发现 {}和 {last}（{files}）", rest.join("、")),
    }
}

/// `found 2 errors, 1 warning and 3 infos in 4 files`, or `no problems found in 1 file`.
pub(super) fn summary_line(summary: &Summary) -> String {
    let files = counted(summary.files, "file");
    let found: Vec<String> = [
        (summary.errors, "error"),
        (summary.warnings, "warning"),
        (summary.infos, "info"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| counted(n, word))
    .collect();
    match found.split_last() {
        None => format!("no problems found in {files}"),
        Some((last, [])) => format!("found {last} in {files}"),
        Some((last, rest)) => format!("found {} and {last} in {files}", rest.join(", ")),
    }
}

fn counted(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn emit(
    out: &mut dyn WriteColor,
    config: &Config,
    files: &ReportFiles<'_>,
    file_id: usize,
    source: &SourceFile,
    diagnostic: &Diagnostic,
) -> io::Result<()> {
    let spans: Vec<Span> = diagnostic
        .labels
        .iter()
        .map(|label| snippet_span(source, label.span))
        .collect();
    // codespan pads the gutter to the widest line number it shows; the last line a label
    // touches is the largest. We need the width for our own `-->` line.
    let last_line = spans
        .iter()
        .map(|span| source.line_index(span.end) + 1)
        .max()
        .unwrap_or(1);
    let at = Region::of(source, diagnostic.primary_span());

    write_header(out, &config.styles, diagnostic)?;
    write_locus(
        out,
        config,
        last_line.to_string().len(),
        &display_path(&source.path),
        at,
    )?;
    // codespan has no help slot; rustc prints help as one more `= help:` line after the notes.
    let notes: Vec<String> = diagnostic
        .notes
        .iter()
        .map(|note| format!("note: {note}"))
        .chain(diagnostic.help.iter().map(|help| format!("help: {help}")))
        .collect();

    if diagnostic.labels.is_empty() {
        // Without labels codespan would print no location at all, and its notes would sit beside
        // a zero-width gutter; a whole-file finding still names its file (the locus above), and
        // its notes line up with it.
        return write_notes(out, config, 1, &notes);
    }

    // A label on a very long line is shown in an excerpt of it, as rustc does.
    let excerpt = Excerpt::of(source, &spans);
    let labels = diagnostic
        .labels
        .iter()
        .zip(&spans)
        .map(|(label, span)| {
            let style = if label.primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            let range = match &excerpt {
                Some(excerpt) => excerpt.offset(span.start)..excerpt.offset(span.end),
                None => span.start..span.end,
            };
            cs::Label::new(style, file_id, range).with_message(&label.message)
        })
        .collect();
    let snippet = cs::Diagnostic::new(codespan_severity(diagnostic.severity))
        .with_labels(labels)
        .with_notes(notes);
    // Header and `-->` line are ours: codespan has no `info` severity, and puts `-->` at the
    // earliest primary label, while every format reports at `Diagnostic::primary_span`.
    let out = &mut SkipLines::new(out, 2);
    match &excerpt {
        Some(excerpt) => {
            let files = ExcerptFiles {
                id: file_id,
                name: files.name(file_id).unwrap_or_default(),
                excerpt,
            };
            emit_codespan(out, config, &files, &snippet)
        }
        None => emit_codespan(out, config, files, &snippet),
    }
}

/// A line longer than this many characters is shown in excerpts around its labels.
const LONG_LINE: usize = 160;
/// Characters kept on each side of a label's ends in an excerpt.
const CONTEXT: usize = 40;
/// What stands for the characters left out.
const ELLIPSIS: &str = "...";

/// The lines a diagnostic's labels touch, each long one cut down to the stretches around the
/// labels' ends with `...` for the rest, so a finding on a 50 KB line prints a line of a few
/// dozen characters, and thousands of them print in linear time. Line numbers stay those of the
/// source.
struct Excerpt {
    text: String,
    /// (source line index, its range in `text`), by line.
    lines: Vec<(usize, Range<usize>)>,
    /// (source range, offset in `text`): the stretches of the source copied into `text`.
    kept: Vec<(Range<usize>, usize)>,
}

impl Excerpt {
    /// `None` when every line the labels touch is short: the snippet shows the source itself.
    fn of(source: &SourceFile, spans: &[Span]) -> Option<Excerpt> {
        let mut lines: Vec<usize> = spans
            .iter()
            .flat_map(|span| source.line_index(span.start)..=source.line_index(span.end))
            .filter(|&i| i < source.line_count())
            .collect();
        lines.sort_unstable();
        lines.dedup();
        let long = |line: &str| line.len() > LONG_LINE && line.chars().nth(LONG_LINE).is_some();
        if !lines
            .iter()
            .any(|&i| long(source.slice(source.line_span(i))))
        {
            return None;
        }
        let mut excerpt = Excerpt {
            text: String::new(),
            lines: Vec::new(),
            kept: Vec::new(),
        };
        for index in lines {
            let line = source.line_span(index);
            let text = source.slice(line);
            let start = excerpt.text.len();
            if !long(text) {
                excerpt.keep(source, line.start..line.end);
            } else {
                // The label ends on this line, with CONTEXT characters around each, merged.
                let mut ends: Vec<usize> = spans
                    .iter()
                    .flat_map(|s| [s.start, s.end])
                    .filter(|&at| at >= line.start && at <= line.end)
                    .collect();
                ends.sort_unstable();
                let mut stretches: Vec<Range<usize>> = Vec::new();
                for at in ends {
                    let (from, to) = (
                        back(source, line.start, at, CONTEXT),
                        ahead(source, line.end, at, CONTEXT),
                    );
                    match stretches.last_mut() {
                        Some(last) if from <= last.end => last.end = last.end.max(to),
                        _ => stretches.push(from..to),
                    }
                }
                if stretches.is_empty() {
                    // A line a multi-line label only crosses: its beginning.
                    stretches.push(line.start..ahead(source, line.end, line.start, CONTEXT));
                }
                let mut at = line.start;
                for stretch in stretches {
                    if stretch.start > at {
                        excerpt.text.push_str(ELLIPSIS);
                    }
                    at = stretch.end;
                    excerpt.keep(source, stretch);
                }
                if at < line.end {
                    excerpt.text.push_str(ELLIPSIS);
                }
            }
            excerpt.lines.push((index, start..excerpt.text.len()));
            excerpt.text.push('\n');
        }
        Some(excerpt)
    }

    fn keep(&mut self, source: &SourceFile, range: Range<usize>) {
        self.kept.push((range.clone(), self.text.len()));
        self.text
            .push_str(source.slice(Span::new(range.start, range.end)));
    }

    /// Where a source offset is shown: in its stretch, or at the `...` standing for it.
    fn offset(&self, at: usize) -> usize {
        let i = self.kept.partition_point(|(range, _)| range.start <= at);
        match i.checked_sub(1).map(|i| &self.kept[i]) {
            Some((range, offset)) => offset + at.min(range.end) - range.start,
            None => 0,
        }
    }
}

/// The offset `chars` characters before `at`, not before `floor`.
fn back(source: &SourceFile, floor: usize, at: usize, chars: usize) -> usize {
    source.text[floor..at]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(floor, |(i, _)| floor + i)
}

/// The offset `chars` characters after `at`, not after `ceiling`.
fn ahead(source: &SourceFile, ceiling: usize, at: usize, chars: usize) -> usize {
    source.text[at..ceiling]
        .char_indices()
        .nth(chars)
        .map_or(ceiling, |(i, _)| at + i)
}

/// One diagnostic's excerpt as codespan sees it: line indices and numbers are the source's.
struct ExcerptFiles<'a> {
    id: usize,
    name: &'a str,
    excerpt: &'a Excerpt,
}

impl<'a> Files<'a> for ExcerptFiles<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _id: usize) -> Result<&'a str, files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, _id: usize) -> Result<&'a str, files::Error> {
        Ok(&self.excerpt.text)
    }

    fn line_index(&'a self, _id: usize, byte_index: usize) -> Result<usize, files::Error> {
        let lines = &self.excerpt.lines;
        let i = lines.partition_point(|(_, range)| range.start <= byte_index);
        Ok(lines[i.saturating_sub(1).min(lines.len() - 1)].0)
    }

    /// A line the excerpt does not hold (between two labelled lines) is shown empty.
    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        debug_assert_eq!(id, self.id);
        let lines = &self.excerpt.lines;
        Ok(lines
            .binary_search_by_key(&line_index, |(index, _)| *index)
            .map_or(0..0, |i| lines[i].1.clone()))
    }
}

fn emit_codespan<'f>(
    out: &mut SkipLines<'_>,
    config: &Config,
    files: &'f impl Files<'f, FileId = usize>,
    diagnostic: &cs::Diagnostic<usize>,
) -> io::Result<()> {
    term::emit(out, config, files, diagnostic).map_err(|e| match e {
        files::Error::Io(e) => e,
        other => io::Error::other(other),
    })
}

/// `error[rule-id]: message`, coloured as codespan colours its own headers.
fn write_header(
    out: &mut dyn WriteColor,
    styles: &Styles,
    diagnostic: &Diagnostic,
) -> io::Result<()> {
    out.set_color(styles.header(codespan_severity(diagnostic.severity)))?;
    write!(out, "{}", diagnostic.severity)?;
    if !diagnostic.rule.is_empty() {
        write!(out, "[{}]", diagnostic.rule)?;
    }
    out.set_color(&styles.header_message)?;
    write!(out, ": {}", diagnostic.message)?;
    out.reset()?;
    writeln!(out)
}

/// `  --> file:line:col`, and ` (page N)` in a paged file, indented past a gutter of
/// `gutter_width` digits as codespan does.
fn write_locus(
    out: &mut dyn WriteColor,
    config: &Config,
    gutter_width: usize,
    path: &str,
    at: Region,
) -> io::Result<()> {
    write!(out, "{:gutter_width$} ", "")?;
    write_colored(
        out,
        &config.styles.source_border,
        &config.chars.snippet_start,
    )?;
    writeln!(
        out,
        " {path}:{}:{}{}",
        at.line,
        at.column,
        page_suffix(at.page)
    )
}

/// `= note: …` lines as codespan writes them after a snippet, continuation lines indented.
fn write_notes(
    out: &mut dyn WriteColor,
    config: &Config,
    gutter_width: usize,
    notes: &[String],
) -> io::Result<()> {
    for note in notes {
        for (i, line) in note.lines().enumerate() {
            write!(out, "{:gutter_width$} ", "")?;
            if i == 0 {
                let bullet = config.chars.note_bullet.to_string();
                write_colored(out, &config.styles.note_bullet, &bullet)?;
            } else {
                write!(out, " ")?;
            }
            writeln!(out, " {line}")?;
        }
    }
    writeln!(out)
}

fn write_colored(out: &mut dyn WriteColor, spec: &ColorSpec, text: &str) -> io::Result<()> {
    out.set_color(spec)?;
    write!(out, "{text}")?;
    out.reset()
}

/// codespan's severity only picks colours here (the header is ours); `info` has no counterpart,
/// `note` is the closest.
fn codespan_severity(severity: Severity) -> cs::Severity {
    match severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Info => cs::Severity::Note,
    }
}

/// A label's span as the snippet should show it: clamped, and without trailing line terminators,
/// so a label on a whole line including its LF is drawn under that line instead of as a
/// two-line label ending at column 1 of the next.
fn snippet_span(source: &SourceFile, span: Span) -> Span {
    let span = clamp_span(source, span);
    let text = source.text.as_bytes();
    let mut end = span.end;
    while end > span.start && matches!(text.get(end - 1), Some(b'\n' | b'\r')) {
        end -= 1;
    }
    Span::new(span.start, end)
}

/// The reports' sources as codespan sees them; a file id is the report's index.
struct ReportFiles<'a> {
    reports: &'a [FileReport],
    names: Vec<String>,
}

impl<'a> ReportFiles<'a> {
    fn new(reports: &'a [FileReport]) -> ReportFiles<'a> {
        let names = reports
            .iter()
            .map(|r| display_path(&r.source.path))
            .collect();
        ReportFiles { reports, names }
    }

    fn file(&self, id: usize) -> Result<&'a SourceFile, files::Error> {
        self.reports
            .get(id)
            .map(|r| &*r.source)
            .ok_or(files::Error::FileMissing)
    }
}

impl<'a> Files<'a> for ReportFiles<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, files::Error> {
        self.names
            .get(id)
            .map(String::as_str)
            .ok_or(files::Error::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(&self.file(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        Ok(self.file(id)?.line_index(byte_index))
    }

    /// The line without its terminator; an empty file still has an (empty) line 0 for labels to
    /// point at.
    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        let file = self.file(id)?;
        if line_index < file.line_count() {
            let span = file.line_span(line_index);
            Ok(span.start..span.end)
        } else if line_index == 0 {
            Ok(0..0)
        } else {
            Err(files::Error::LineTooLarge {
                given: line_index,
                max: file.line_count().saturating_sub(1),
            })
        }
    }

    /// Same column as the other formats report (Unicode scalar values, 1-based).
    fn column_number(
        &'a self,
        id: usize,
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        Ok(self.file(id)?.line_col(byte_index).1)
    }
}

/// Passes everything through except the first `lines` lines, which codespan spends on the parts
/// of a diagnostic we write ourselves. Colour changes within them are dropped with them.
struct SkipLines<'w> {
    inner: &'w mut dyn WriteColor,
    lines: usize,
}

impl<'w> SkipLines<'w> {
    fn new(inner: &'w mut dyn WriteColor, lines: usize) -> SkipLines<'w> {
        SkipLines { inner, lines }
    }
}

impl Write for SkipLines<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while self.lines > 0 {
            match rest.iter().position(|&b| b == b'\n') {
                Some(newline) => {
                    rest = &rest[newline + 1..];
                    self.lines -= 1;
                }
                None => return Ok(buf.len()),
            }
        }
        self.inner.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl WriteColor for SkipLines<'_> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        if self.lines > 0 {
            Ok(())
        } else {
            self.inner.set_color(spec)
        }
    }

    fn reset(&mut self) -> io::Result<()> {
        if self.lines > 0 {
            Ok(())
        } else {
            self.inner.reset()
        }
    }

    fn is_synchronous(&self) -> bool {
        self.inner.is_synchronous()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::render::test_support::{find, report, table_source, table_sum_diagnostic};

    fn human(reports: &[FileReport]) -> String {
        let mut out = termcolor::NoColor::new(Vec::new());
        super::render(reports, Lang::En, &mut out).expect("rendering into a Vec cannot fail");
        String::from_utf8(out.into_inner()).expect("UTF-8")
    }

    #[test]
    fn errors_come_first_and_repeated_findings_are_shown_once() {
        // A punctuation warning in the first file, a watermark on three pages of the second.
        let notes = SourceFile::from_str("a.txt", "说明。。\n");
        let warning = Diagnostic::new("doubled-punctuation", Severity::Warning, "标点重复")
            .with_label(Label::primary(find(&notes, "。。", 0), ""));
        let pages = SourceFile::from_str(
            "b.txt",
            "仅供内部审核\n正文\n\u{c}仅供内部审核\n\u{c}仅供内部审核\n",
        );
        let watermark = |nth| {
            Diagnostic::new("draft-watermark", Severity::Error, "草稿水印")
                .with_label(Label::primary(find(&pages, "仅供内部审核", nth), ""))
        };
        let watermarks = vec![watermark(0), watermark(1), watermark(2)];
        let table = table_source();
        let sum = table_sum_diagnostic(&table);
        let reports = [
            report(notes, vec![warning]),
            report(pages, watermarks),
            report(table, vec![sum]),
        ];
        let out = human(&reports);
        let headers: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("error") || l.starts_with("warning"))
            .collect();
        assert_eq!(
            headers,
            [
                "error[draft-watermark]: 草稿水印",
                "error[table-sum]: 合计与各行之和不符",
                "warning[doubled-punctuation]: 标点重复"
            ]
        );
        assert!(
            out.contains(
                "= note: the same finding 2 more times in this file, at lines 3 (page 2), 4 (page 3)"
            ),
            "{out}"
        );
        // The summary counts every finding, the repeated ones too.
        assert!(
            out.ends_with("found 4 errors and 1 warning in 3 files\n"),
            "{out}"
        );
    }

    #[test]
    fn the_summary_line_follows_the_language() {
        let summary = Summary {
            files: 4,
            errors: 2,
            warnings: 1,
            infos: 3,
        };
        assert_eq!(
            summary_line_zh(&summary),
            "发现 2 个错误、1 个警告和 3 条提示（4 个文件）"
        );
        assert_eq!(
            summary_line_zh(&Summary {
                files: 1,
                ..Summary::default()
            }),
            "1 个文件中未发现问题"
        );
    }

    #[test]
    fn table_sum_with_secondary_label_note_and_help() {
        let source = table_source();
        let diagnostic = table_sum_diagnostic(&source);
        let out = human(&[report(source, vec![diagnostic])]);
        // 合计 is four columns wide: the carets start under 5 of 550.69, not two columns early.
        assert_eq!(
            out,
            "\
error[table-sum]: 合计与各行之和不符
  --> 2024/收支总表.txt:4:11
  |
3 | 一般公共预算 529.12 529.12
  |                     ------ 各行之和为 529.12
4 | 合计 529.12 550.69
  |             ^^^^^^ 合计为 550.69
  |
  = note: 差额 21.57 万元
  = help: 核对合计行或各明细行

found 1 error in 1 file
"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_labels_like_rustc() {
        // Line 2 is 3,000 characters; a finding near its middle and one near its end, with a
        // secondary label on the short line 1.
        let long = format!(
            "{}仅供内部审核{}合计{}",
            "甲".repeat(1500),
            "乙".repeat(1400),
            "丙".repeat(90)
        );
        let source = SourceFile::from_str("长行.txt", &format!("短行 合计\n{long}\n"));
        let diagnostic = Diagnostic::new("draft-watermark", Severity::Error, "草稿水印")
            .with_label(Label::primary(find(&source, "仅供内部审核", 0), "水印"))
            .with_label(Label::secondary(find(&source, "合计", 1), "远处"))
            .with_label(Label::secondary(find(&source, "合计", 0), "短行"));
        let out = human(&[report(source, vec![diagnostic])]);
        let context = |c: &str| c.repeat(CONTEXT);
        let shown = format!(
            "...{}仅供内部审核{}...{}合计{}...",
            context("甲"),
            context("乙"),
            context("乙"),
            context("丙")
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "  --> 长行.txt:2:1501");
        assert_eq!(lines[3..5], ["1 | 短行 合计", "  |      ---- 短行"]);
        assert_eq!(lines[5], format!("2 | {shown}"));
        // `...` and 40 full-width characters before the caret.
        let carets = format!("  | {}^^^^^^^^^^^^", " ".repeat(3 + 2 * CONTEXT));
        assert!(lines[6].starts_with(&carets), "{out}");
        // Every line printed is short, and the far label is drawn too.
        assert!(out.lines().all(|l| l.chars().count() < 300), "{out}");
        assert!(out.contains("远处"), "{out}");
    }

    #[test]
    fn full_width_characters_get_two_carets_each() {
        let source = SourceFile::from_str("说明.txt", "比上年增加205.52万元，增长37.32%。。\n");
        let diagnostic = Diagnostic::new("repeated-punctuation", Severity::Warning, "标点重复")
            .with_label(Label::primary(find(&source, "。。", 0), "多余的句号"))
            .with_label(Label::secondary(find(&source, "增长", 0), ""));
        let out = human(&[report(source, vec![diagnostic])]);
        assert_eq!(
            out,
            "\
warning[repeated-punctuation]: 标点重复
  --> 说明.txt:1:23
  |
1 | 比上年增加205.52万元，增长37.32%。。
  |                       ----      ^^^^ 多余的句号

found 1 warning in 1 file
"
        );
    }

    #[test]
    fn crlf_and_lone_cr_lines_are_numbered_and_printed_without_terminators() {
        let source = SourceFile::from_str("a.txt", "单位：万元\r\n项目 金额\r合计 529.12\r\n");
        let diagnostic = Diagnostic::new("table-sum", Severity::Info, "合计待核")
            .with_label(Label::primary(find(&source, "529.12", 0), ""));
        let out = human(&[report(source, vec![diagnostic])]);
        assert_eq!(
            out,
            "\
info[table-sum]: 合计待核
  --> a.txt:3:4
  |
3 | 合计 529.12
  |      ^^^^^^

found 1 info in 1 file
"
        );
    }

    #[test]
    fn label_over_several_lines() {
        let source = table_source();
        let rows = find(&source, "一般公共预算", 0).cover(find(&source, "550.69", 0));
        let diagnostic = Diagnostic::new("table-shape", Severity::Error, "表格行列不齐")
            .with_label(Label::primary(rows, "这两行"))
            .with_label(Label::secondary(find(&source, "单位：万元", 0), "单位"));
        let out = human(&[report(source, vec![diagnostic])]);
        assert_eq!(
            out,
            "\
error[table-shape]: 表格行列不齐
  --> 2024/收支总表.txt:3:1
  | \x20
1 |   单位：万元
  |   ---------- 单位
2 |   项目 本年收入 本年支出
3 | / 一般公共预算 529.12 529.12
4 | | 合计 529.12 550.69
  | \\------------------^ 这两行

found 1 error in 1 file
"
        );
    }

    #[test]
    fn label_on_a_whole_line_with_its_terminator_stays_on_that_line() {
        let source = SourceFile::from_str("a.txt", "合计 529.12\r\n说明\r\n");
        let line = Span::new(0, source.text.find("说明").unwrap_or(0));
        let diagnostic =
            Diagnostic::new("r", Severity::Error, "m").with_label(Label::primary(line, "整行"));
        let out = human(&[report(source, vec![diagnostic])]);
        assert_eq!(
            out,
            "\
error[r]: m
  --> a.txt:1:1
  |
1 | 合计 529.12
  | ^^^^^^^^^^^ 整行

found 1 error in 1 file
"
        );
    }

    #[test]
    fn diagnostic_without_labels_names_its_file() {
        let source = table_source();
        let diagnostic = Diagnostic::new("missing-unit", Severity::Warning, "全文未声明金额单位")
            .with_note("应写明“单位：万元”")
            .with_help("在表格标题下方加一行单位");
        let out = human(&[report(source, vec![diagnostic])]);
        assert_eq!(
            out,
            "\
warning[missing-unit]: 全文未声明金额单位
  --> 2024/收支总表.txt:1:1
  = note: 应写明“单位：万元”
  = help: 在表格标题下方加一行单位

found 1 warning in 1 file
"
        );
    }

    #[test]
    fn spans_out_of_range_are_clamped_not_panicked_on() {
        let source = table_source();
        let len = source.text.len();
        let diagnostic = Diagnostic::new("r", Severity::Error, "m")
            .with_label(Label::primary(
                Span::new(len + 10, len + 20),
                "past the end",
            ))
            .with_label(Label::secondary(Span::new(4, 1), "reversed, inside 单"));
        let empty = SourceFile::from_str("empty.txt", "");
        let on_empty = Diagnostic::new("r", Severity::Error, "m")
            .with_label(Label::primary(Span::new(3, 7), "here"));
        let out = human(&[
            report(source, vec![diagnostic]),
            report(empty, vec![on_empty]),
        ]);
        assert_eq!(
            out,
            "\
error[r]: m
  --> 2024/收支总表.txt:4:17
  |
1 | 单位：万元
  |   -- reversed, inside 单
  .
4 | 合计 529.12 550.69
  |                   ^ past the end

error[r]: m
  --> empty.txt:1:1
  |
1 |\x20
  | ^ here

found 2 errors in 2 files
"
        );
    }

    #[test]
    fn colours_come_from_the_writer_and_do_not_change_the_text() {
        let source = table_source();
        let diagnostic = table_sum_diagnostic(&source);
        let reports = [report(source, vec![diagnostic])];
        let mut ansi = termcolor::Ansi::new(Vec::new());
        super::render(&reports, Lang::En, &mut ansi).expect("rendering into a Vec cannot fail");
        let coloured = String::from_utf8(ansi.into_inner()).expect("renderers write UTF-8");
        // The header is ours, coloured as codespan colours its own: bold, intense red.
        let header =
            "\x1b[0m\x1b[1m\x1b[38;5;9merror[table-sum]\x1b[0m\x1b[1m: 合计与各行之和不符\x1b[0m\n";
        assert!(coloured.starts_with(header), "{coloured:?}");
        assert_eq!(strip_ansi(&coloured), human(&reports));
    }

    /// Removes `ESC [ … m` sequences, the only ones termcolor's Ansi writer emits.
    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                chars.by_ref().find(|&c| c == 'm');
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn no_diagnostics_prints_only_the_summary() {
        assert_eq!(
            human(&[report(table_source(), vec![])]),
            "no problems found in 1 file\n"
        );
        assert_eq!(human(&[]), "no problems found in 0 files\n");
    }

    #[test]
    fn summary_line_counts_and_plurals() {
        let line = |files, errors, warnings, infos| {
            summary_line(&Summary {
                files,
                errors,
                warnings,
                infos,
            })
        };
        assert_eq!(
            line(4, 2, 1, 3),
            "found 2 errors, 1 warning and 3 infos in 4 files"
        );
        assert_eq!(line(1, 1, 0, 1), "found 1 error and 1 info in 1 file");
        assert_eq!(line(2, 0, 2, 0), "found 2 warnings in 2 files");
        assert_eq!(line(3, 0, 0, 1), "found 1 info in 3 files");
        assert_eq!(line(1, 0, 0, 0), "no problems found in 1 file");
    }

    #[test]
    fn diagnostics_of_several_files_in_report_order() {
        let first = SourceFile::from_str(r"2024\a.txt", "合计 1\n");
        let second = SourceFile::from_str("b.txt", "合计 2\n");
        // Of one severity: in report order (severities are shown highest first).
        let in_first = Diagnostic::new("r", Severity::Warning, "甲")
            .with_label(Label::primary(find(&first, "1", 0), ""));
        let in_second = Diagnostic::new("r", Severity::Warning, "乙")
            .with_label(Label::primary(find(&second, "2", 0), ""));
        let out = human(&[
            report(first, vec![in_first]),
            report(second, vec![in_second]),
        ]);
        assert_eq!(
            out,
            "\
warning[r]: 甲
  --> 2024/a.txt:1:4
  |
1 | 合计 1
  |      ^

warning[r]: 乙
  --> b.txt:1:4
  |
1 | 合计 2
  |      ^

found 2 warnings in 2 files
"
        );
    }

    #[test]
    fn locus_is_the_first_primary_label_and_gutter_fits_two_digit_lines() {
        let rows: String = (1..=11).map(|i| format!("项目{i} 10.00\n")).collect();
        let source = SourceFile::from_str("表.txt", &format!("{rows}合计 120.00\n"));
        // Listed first but later in the text: short and json report it, so `-->` must too.
        let diagnostic = Diagnostic::new("table-sum", Severity::Error, "合计与各行之和不符")
            .with_label(Label::primary(find(&source, "120.00", 0), "合计为 120.00"))
            .with_label(Label::primary(find(&source, "10.00", 1), "第 2 行"))
            .with_note("各行之和为 110.00\n差额 10.00");
        let out = human(&[report(source, vec![diagnostic])]);
        assert_eq!(
            out,
            "\
error[table-sum]: 合计与各行之和不符
   --> 表.txt:12:4
   |
 2 | 项目2 10.00
   |       ^^^^^ 第 2 行
   .
12 | 合计 120.00
   |      ^^^^^^ 合计为 120.00
   |
   = note: 各行之和为 110.00
     差额 10.00

found 1 error in 1 file
"
        );
    }
}
