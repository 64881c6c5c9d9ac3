//! Printing diagnostics: one renderer per output format, all fed the same reports.
//!
//! - [`Format::Human`] ([`human`]): rustc-style snippets with carets, notes and a summary line.
//! - [`Format::Short`] ([`short`]): one `file:line:col: severity[rule] message` line per finding.
//! - [`Format::Json`] ([`json`]): one machine-readable document for later tools.
//! - [`Format::Sarif`] ([`sarif`]): SARIF 2.1.0 for GitHub code scanning and other viewers.
//! - [`Format::Github`] ([`github`]): GitHub Actions workflow commands (annotations).
//! - [`Format::Junit`] ([`junit`]): JUnit XML for CI systems that show test reports.
//! - [`Format::Html`] ([`html`]): one self-contained page, findings filterable, tables drawn as
//!   grids with the cells of each finding highlighted.
//!
//! [`render_statistics`] ([`statistics`]) prints counts per rule instead of the diagnostics.
//!
//! Every format reports a diagnostic at the same place, the start of its
//! [`Diagnostic::primary_span`](crate::diagnostic::Diagnostic::primary_span), with line and
//! column from [`SourceFile::line_col`], and shows the same path (`/` separators everywhere).
//! In a PDF (or a text with form feeds) every format carries the page too: lines count through
//! the whole extracted text, the page says where a reader finds the line in the document.
//! Renderers never panic on a span a rule got wrong: spans are clamped into the text first.

// Public for their module docs (the JSON one documents a format tools rely on); their items
// stay private, `render` is the only entry point.
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod short;
mod spool;
pub mod statistics;

use std::io;
use std::path::Path;

use serde::Serialize;
use termcolor::WriteColor;

use crate::diagnostic::{Diagnostic, FileError, FileReport, Severity};
use crate::engine::Lang;
use crate::registry::Rule;
use crate::source::{SourceFile, Span};

/// An output format, as named by `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rustc-style diagnostics with the source lines.
    Human,
    /// One line per diagnostic: `file:line:col: severity[rule] message`.
    Short,
    /// One JSON object with every diagnostic (versioned).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML.
    Junit,
    /// One self-contained HTML page (filters, tables drawn as grids), in the `--lang` language.
    Html,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions<'a> {
    pub lang: Lang,
    /// The rules known to this run (`Settings::rules.rules`): SARIF describes the ones that fired
    /// and the statistics show their summaries. A diagnostic whose rule is not here is still
    /// rendered, with its id alone.
    pub rules: &'a [Rule],
}

/// Counts shown in the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        for report in reports {
            s.add(report);
        }
        s
    }

    /// Count one more file and its findings.
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        for d in &report.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// Render `reports` (already filtered and sorted) and `errors` (files that could not be read).
///
/// Reports are printed in the order given. `errors` count nowhere in the [`Summary`]; the human
/// and short formats leave them out (the CLI prints them to stderr), the machine formats list
/// them, so a tool reading the output alone still learns which files were skipped.
pub fn render(
    format: Format,
    reports: &[FileReport],
    errors: &[FileError],
    options: &RenderOptions,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let mut renderer = Renderer::new(format, false, options, out);
    for report in reports {
        renderer.file(report, out)?;
    }
    renderer.finish(errors, out)
}

/// Counts per rule and severity instead of the diagnostics (`--statistics`), as an aligned table
/// or, with `json`, as an array of objects.
pub fn render_statistics(
    reports: &[FileReport],
    options: &RenderOptions,
    json: bool,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let format = if json { Format::Json } else { Format::Human };
    let mut renderer = Renderer::new(format, true, options, out);
    for report in reports {
        renderer.file(report, out)?;
    }
    renderer.finish(&[], out)
}

/// A renderer fed one report at a time, in the order they are to be shown, then finished with
/// the files that could not be read. What each format can write at once is written (the short,
/// GitHub and JSON formats, the human format's errors); the rest is kept as rendered text, never
/// as sources or documents, so a report can be dropped once given.
pub struct Renderer<'o> {
    options: RenderOptions<'o>,
    state: State,
}

enum State {
    Human(Box<human::Stream>),
    Short,
    Json(json::Stream),
    Sarif(sarif::Stream),
    Github,
    Junit(junit::Stream),
    Html(Box<html::Stream>),
    Statistics {
        tally: statistics::Tally,
        json: bool,
    },
}

impl<'o> Renderer<'o> {
    /// `statistics`: counts per rule instead of the diagnostics (`--statistics`), as a table,
    /// or as JSON with [`Format::Json`]. `out` only tells whether colours are wanted.
    pub fn new(
        format: Format,
        statistics: bool,
        options: &RenderOptions<'o>,
        out: &dyn WriteColor,
    ) -> Renderer<'o> {
        // No text format localises its frame: rule messages already come in the chosen
        // language, and an English frame (`error[…]`, `= note:`, the summary line) stays
        // greppable and matches rustc. The HTML page is read, not grepped: its words follow
        // `lang`.
        let state = if statistics {
            State::Statistics {
                tally: statistics::Tally::default(),
                json: format == Format::Json,
            }
        } else {
            match format {
                Format::Human => State::Human(Box::new(human::Stream::new(out.supports_color()))),
                Format::Short => State::Short,
                Format::Json => State::Json(json::Stream::default()),
                // Relative URIs are relative to where budlint runs, which SARIF calls
                // %SRCROOT%.
                Format::Sarif => State::Sarif(sarif::Stream::new(std::env::current_dir().ok())),
                Format::Github => State::Github,
                Format::Junit => State::Junit(junit::Stream::default()),
                Format::Html => State::Html(Box::new(html::Stream::new(options.lang))),
            }
        };
        Renderer {
            options: *options,
            state,
        }
    }

    /// Render one file's report.
    pub fn file(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        let one = std::slice::from_ref(report);
        match &mut self.state {
            State::Human(stream) => stream.file(report, out),
            State::Short => short::render(one, out),
            State::Json(stream) => stream.file(report, out),
            State::Sarif(stream) => stream.file(report),
            State::Github => github::render(one, &[], out),
            State::Junit(stream) => stream.file(report),
            State::Html(stream) => stream.file(report),
            State::Statistics { tally, .. } => {
                tally.add(report);
                Ok(())
            }
        }
    }

    /// Write what comes after the last report: summaries, the files not read, what was kept.
    pub fn finish(self, errors: &[FileError], out: &mut dyn WriteColor) -> io::Result<()> {
        // Destructured so that a new option forces a look at every format.
        let RenderOptions { lang, rules } = self.options;
        match self.state {
            State::Human(stream) => stream.finish(lang, out),
            State::Short => Ok(()),
            State::Json(stream) => stream.finish(errors, out),
            State::Sarif(stream) => stream.finish(errors, rules, out),
            State::Github => github::render(&[], errors, out),
            State::Junit(stream) => stream.finish(errors, out),
            State::Html(stream) => stream.finish(errors, rules, out),
            State::Statistics { tally, json } => {
                if json {
                    statistics::render_json(&tally, rules, lang, out)
                } else {
                    statistics::render(&tally, rules, lang, out)
                }
            }
        }
    }
}

/// Where a span starts and ends, 1-based, columns in Unicode scalar values; the end is exclusive
/// (the column just after the last character). The span is clamped first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The page the span starts on, for a PDF or a text with form feeds.
    pub page: Option<usize>,
}

impl Region {
    pub fn of(source: &SourceFile, span: Span) -> Region {
        let span = clamp_span(source, span);
        let (line, column) = source.line_col(span.start);
        let (end_line, end_column) = source.line_col(span.end);
        Region {
            line,
            column,
            end_line,
            end_column,
            page: source.page(span.start),
        }
    }
}

/// ` (page 3)` after a position, when the file has pages; nothing otherwise.
pub(crate) fn page_suffix(page: Option<usize>) -> String {
    page.map(|page| format!(" (page {page})"))
        .unwrap_or_default()
}

/// The message followed by the notes and the help on lines of their own, for the formats that
/// have one text field per finding (GitHub annotations, JUnit failures, SARIF results).
pub(crate) fn message_with_notes(diagnostic: &Diagnostic) -> String {
    let mut text = diagnostic.message.clone();
    for note in &diagnostic.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// A path as every format shows it: `/` separators on all platforms, so expected-output fixtures
/// and baselines written on one system match on another.
pub(crate) fn display_path(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// `span` made safe to index `source` with: inside the text, on char boundaries, `start <= end`.
///
/// An offset inside a line terminator (between CR and LF, or after the file's final terminator)
/// is moved back to the end of that line's content: `line_col` would otherwise count the
/// terminator as a character and report a column past the end of the line.
pub(crate) fn clamp_span(source: &SourceFile, span: Span) -> Span {
    let text = source.text.as_str();
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = ceil_char_boundary(text, span.end.min(text.len()));
    let out_of_terminator = |offset: usize| {
        if source.line_count() == 0 {
            return offset;
        }
        offset.min(source.line_span(source.line_index(offset)).end)
    };
    let start = out_of_terminator(start);
    Span::new(start, out_of_terminator(end).max(start))
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Sources and diagnostics shared by the renderers' tests.

    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::{Diagnostic, Label};

    /// The span of the `nth` (0-based) occurrence of `needle` in `source`.
    pub fn find(source: &SourceFile, needle: &str, nth: usize) -> Span {
        let start = source
            .text
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in test source"));
        Span::new(start, start + needle.len())
    }

    pub fn report(source: SourceFile, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            source: Arc::new(source),
            diagnostics,
        }
    }

    /// A 收支总表 whose total row disagrees with the sum of its rows.
    pub fn table_source() -> SourceFile {
        SourceFile::from_str(
            "2024/收支总表.txt",
            "单位：万元\n项目 本年收入 本年支出\n一般公共预算 529.12 529.12\n合计 529.12 550.69\n",
        )
    }

    pub fn table_sum_diagnostic(source: &SourceFile) -> Diagnostic {
        Diagnostic::new("table-sum", Severity::Error, "合计与各行之和不符")
            .with_label(Label::primary(find(source, "550.69", 0), "合计为 550.69"))
            .with_label(Label::secondary(
                find(source, "529.12", 1),
                "各行之和为 529.12",
            ))
            .with_note("差额 21.57 万元")
            .with_help("核对合计行或各明细行")
    }

    pub fn render_to_string(
        format: Format,
        reports: &[FileReport],
        errors: &[FileError],
    ) -> String {
        let mut out = termcolor::NoColor::new(Vec::new());
        render(format, reports, errors, &RenderOptions::default(), &mut out)
            .expect("rendering into a Vec cannot fail");
        String::from_utf8(out.into_inner()).expect("renderers write UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamp_span_keeps_spans_inside_text_and_on_char_boundaries() {
        let source = SourceFile::from_str("a.txt", "合计 1\r\n二行\n");
        let text_len = source.text.len();
        // Past the end, reversed, and in the middle of 合 (3 bytes).
        assert_eq!(clamp_span(&source, Span::new(100, 200)), Span::new(16, 16));
        assert_eq!(clamp_span(&source, Span::new(4, 1)), Span::new(3, 3));
        assert_eq!(clamp_span(&source, Span::new(1, 2)), Span::new(0, 3));
        // An offset on the LF of CRLF or after the final LF means "end of that line"; an end at
        // the start of the next line stays there (the span covers the terminator).
        assert_eq!(clamp_span(&source, Span::new(8, 10)), Span::new(8, 10));
        assert_eq!(clamp_span(&source, Span::new(9, 9)), Span::new(8, 8));
        assert_eq!(
            clamp_span(&source, Span::new(10, text_len)),
            Span::new(10, 16)
        );
        assert_eq!(
            clamp_span(&source, Span::new(text_len, text_len)),
            Span::new(16, 16)
        );
        assert_eq!(source.line_col(16), (2, 3));
    }

    #[test]
    fn clamp_span_accepts_an_empty_file() {
        let source = SourceFile::from_str("empty.txt", "");
        assert_eq!(clamp_span(&source, Span::new(3, 9)), Span::new(0, 0));
    }

    #[test]
    fn display_path_uses_forward_slashes() {
        assert_eq!(
            display_path(Path::new(r"2024\部门\收支总表.txt")),
            "2024/部门/收支总表.txt"
        );
    }

    #[test]
    fn summary_counts_each_severity() {
        let source = test_support::table_source();
        let error = test_support::table_sum_diagnostic(&source);
        let mut warning = error.clone();
        warning.severity = Severity::Warning;
        let report = test_support::report(source, vec![error.clone(), warning, error]);
        let summary = Summary::of(&[report]);
        assert_eq!(
            summary,
            Summary {
                files: 1,
                errors: 2,
                warnings: 1,
                infos: 0
            }
        );
    }
}
