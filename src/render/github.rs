//! The GitHub format: one GitHub Actions workflow command per diagnostic, which the runner turns
//! into an annotation on the file (and on the pull request's diff).
//!
//! ```text
//! ::error file=2024/收支总表.txt,line=4,endLine=4,col=11,endColumn=17,title=budlint (table-sum)::合计与各行之和不符%0Anote: 差额 21.57 万元
//! ```
//!
//! - `error`, `warning` and `notice` for the three severities.
//! - Positions as in the JSON format (1-based, columns in characters, `endColumn` exclusive).
//!   A range over several lines has no `col`/`endColumn`: GitHub drops such annotations. A range
//!   that ends with a line's terminator ends on that line.
//! - The message carries the notes and help on lines of their own. As GitHub's toolkit does,
//!   `%`, CR and LF are escaped in the message, and `,` and `:` too in the properties.
//! - A file that could not be read gets an `::error file=PATH,title=budlint::REASON` line.

use std::io;

use termcolor::WriteColor;

use super::{Region, clamp_span, display_path, message_with_notes};
use crate::diagnostic::{Diagnostic, FileError, FileReport, Severity};
use crate::source::{SourceFile, Span};

pub(super) fn render(
    reports: &[FileReport],
    errors: &[FileError],
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    for report in reports {
        let file = escape_property(&display_path(&report.source.path));
        for diagnostic in &report.diagnostics {
            writeln!(out, "{}", command(&report.source, &file, diagnostic))?;
        }
    }
    for error in errors {
        writeln!(
            out,
            "::error file={},title=budlint::{}",
            escape_property(&error.path.replace('\\', "/")),
            escape_data(&error.reason)
        )?;
    }
    Ok(())
}

fn command(source: &SourceFile, file: &str, diagnostic: &Diagnostic) -> String {
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let region = annotated_region(source, diagnostic.primary_span());
    let columns = if region.line == region.end_line {
        format!(",col={},endColumn={}", region.column, region.end_column)
    } else {
        String::new()
    };
    format!(
        "::{name} file={file},line={},endLine={}{columns},title={}::{}",
        region.line,
        region.end_line,
        escape_property(&format!(
            "budlint ({}){}",
            diagnostic.rule,
            super::page_suffix(region.page)
        )),
        escape_data(&message_with_notes(diagnostic)),
    )
}

/// The region of `span`, ending on the last line it covers a character of: a span that takes in
/// a line's terminator would otherwise end at column 1 of the next line and lose its columns.
fn annotated_region(source: &SourceFile, span: Span) -> Region {
    let span = clamp_span(source, span);
    let region = Region::of(source, span);
    if region.end_line > region.line && region.end_column == 1 {
        let last_line = source.line_span(region.end_line - 2);
        return Region::of(source, Span::new(span.start, last_line.end.max(span.start)));
    }
    region
}

/// A message: `%`, CR and LF escaped, as `escapeData` of GitHub's toolkit does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: like a message, and `:` and `,` too (`escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::{Diagnostic, FileError, FileReport, Label, Severity};
    use crate::render::Format;
    use crate::render::test_support::{
        find, render_to_string, report, table_source, table_sum_diagnostic,
    };
    use crate::source::{SourceFile, Span};

    fn github(reports: &[FileReport], errors: &[FileError]) -> String {
        render_to_string(Format::Github, reports, errors)
    }

    #[test]
    fn one_command_per_diagnostic_with_notes_in_the_message() {
        let source = table_source();
        let diagnostic = table_sum_diagnostic(&source);
        let out = github(&[report(source, vec![diagnostic])], &[]);
        assert_eq!(
            out,
            "::error file=2024/收支总表.txt,line=4,endLine=4,col=11,endColumn=17,\
             title=budlint (table-sum)::合计与各行之和不符%0Anote: 差额 21.57 万元%0Ahelp: 核对合计行或各明细行\n"
        );
    }

    #[test]
    fn severities_escaping_and_multi_line_ranges() {
        let source =
            SourceFile::from_str("a,b:c.txt", "增长37.32%。。\r\n仅供\r\n内部\r\n审核\r\n");
        let split = Span::new(find(&source, "仅供", 0).start, find(&source, "审核", 0).end);
        let through_terminator = Span::new(
            find(&source, "仅供", 0).start,
            find(&source, "内部", 0).start,
        );
        let diagnostics = vec![
            Diagnostic::new(
                "doubled-punctuation",
                Severity::Warning,
                "标点“。。”\n37.32%",
            )
            .with_label(Label::primary(find(&source, "。。", 0), "")),
            Diagnostic::new("draft-watermark", Severity::Error, "水印")
                .with_label(Label::primary(split, "")),
            Diagnostic::new("r", Severity::Info, "行尾")
                .with_label(Label::primary(through_terminator, "")),
        ];
        let out = github(&[report(source, diagnostics)], &[]);
        assert_eq!(
            out,
            "::warning file=a%2Cb%3Ac.txt,line=1,endLine=1,col=9,endColumn=11,\
             title=budlint (doubled-punctuation)::标点“。。”%0A37.32%25\n\
             ::error file=a%2Cb%3Ac.txt,line=2,endLine=4,title=budlint (draft-watermark)::水印\n\
             ::notice file=a%2Cb%3Ac.txt,line=2,endLine=2,col=1,endColumn=3,title=budlint (r)::行尾\n"
        );
    }

    #[test]
    fn whole_file_findings_and_unreadable_files() {
        let whole_file = Diagnostic::new("missing-unit", Severity::Info, "全文未声明金额单位");
        let errors = [FileError {
            path: r"2024\扫描件.pdf".to_string(),
            reason: "binary file (contains NUL bytes)".to_string(),
        }];
        let out = github(&[report(table_source(), vec![whole_file])], &errors);
        assert_eq!(
            out,
            "::notice file=2024/收支总表.txt,line=1,endLine=1,col=1,endColumn=1,\
             title=budlint (missing-unit)::全文未声明金额单位\n\
             ::error file=2024/扫描件.pdf,title=budlint::binary file (contains NUL bytes)\n"
        );
    }
}
