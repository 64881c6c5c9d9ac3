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
//! The summary line is English in both [`Lang`](crate::engine::Lang)s, like the rest of the frame
//! (`error`, `note:`, `help:`); only rule messages are translated.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::{self, Chars, Config, Styles};
use termcolor::{ColorSpec, WriteColor};

use super::{Region, Summary, clamp_span, display_path, page_suffix};
use crate::diagnostic::{Diagnostic, FileReport, Severity};
use crate::source::{SourceFile, Span};

pub(super) fn render(reports: &[FileReport], out: &mut dyn WriteColor) -> io::Result<()> {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let files = ReportFiles::new(reports);
    for (file_id, report) in reports.iter().enumerate() {
        for diagnostic in &report.diagnostics {
            emit(out, &config, &files, file_id, &report.source, diagnostic)?;
        }
    }
    writeln!(out, "{}", summary_line(&Summary::of(reports)))
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
            cs::Label::new(style, file_id, span.start..span.end).with_message(&label.message)
        })
        .collect();
    let snippet = cs::Diagnostic::new(codespan_severity(diagnostic.severity))
        .with_labels(labels)
        .with_notes(notes);
    // Header and `-->` line are ours: codespan has no `info` severity, and puts `-->` at the
    // earliest primary label, while every format reports at `Diagnostic::primary_span`.
    emit_codespan(&mut SkipLines::new(out, 2), config, files, &snippet)
}

fn emit_codespan(
    out: &mut SkipLines<'_>,
    config: &Config,
    files: &ReportFiles<'_>,
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
    use crate::render::Format;
    use crate::render::test_support::{
        find, render_to_string, report, table_source, table_sum_diagnostic,
    };

    fn human(reports: &[FileReport]) -> String {
        render_to_string(Format::Human, reports, &[])
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
        super::render(&reports, &mut ansi).expect("rendering into a Vec cannot fail");
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
        let in_first = Diagnostic::new("r", Severity::Info, "甲")
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
info[r]: 甲
  --> 2024/a.txt:1:4
  |
1 | 合计 1
  |      ^

warning[r]: 乙
  --> b.txt:1:4
  |
1 | 合计 2
  |      ^

found 1 warning and 1 info in 2 files
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
