//! The short format: one line per diagnostic, `file:line:col: severity[rule-id] message`, and
//! nothing else (no snippet, no summary). Expected-output fixtures compare it byte for byte, and
//! editors and `grep` read it as they read compiler output. In a PDF, or a text with form feeds,
//! the line ends with the page: `report.pdf:225:62: error[rule] message (page 9)`.

use std::io;

use termcolor::WriteColor;

use super::{Region, display_path, page_suffix};
use crate::diagnostic::FileReport;

pub(super) fn render(reports: &[FileReport], out: &mut dyn WriteColor) -> io::Result<()> {
    for report in reports {
        let path = display_path(&report.source.path);
        for diagnostic in &report.diagnostics {
            let region = Region::of(&report.source, diagnostic.primary_span());
            writeln!(
                out,
                "{path}:{}:{}: {}[{}] {}{}",
                region.line,
                region.column,
                diagnostic.severity,
                diagnostic.rule,
                one_line(&diagnostic.message),
                page_suffix(region.page),
            )?;
        }
    }
    Ok(())
}

/// A message with line breaks would split one finding over several lines.
fn one_line(message: &str) -> String {
    message.lines().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::{Diagnostic, Label, Severity};
    use crate::render::Format;
    use crate::render::test_support::{
        find, render_to_string, report, table_source, table_sum_diagnostic,
    };
    use crate::source::{SourceFile, Span};

    fn short(reports: &[crate::diagnostic::FileReport]) -> String {
        render_to_string(Format::Short, reports, &[])
    }

    #[test]
    fn one_line_per_diagnostic_at_its_primary_label() {
        let source = table_source();
        // The secondary label comes first; the primary one still decides the position.
        let mut diagnostic = table_sum_diagnostic(&source);
        diagnostic.labels.reverse();
        let whole_file = Diagnostic::new("missing-unit", Severity::Info, "全文未声明金额单位");
        let out = short(&[report(source, vec![diagnostic, whole_file])]);
        assert_eq!(
            out,
            "2024/收支总表.txt:4:11: error[table-sum] 合计与各行之和不符\n\
             2024/收支总表.txt:1:1: info[missing-unit] 全文未声明金额单位\n"
        );
    }

    #[test]
    fn columns_count_characters_and_lines_count_crlf_and_cr() {
        let source = SourceFile::from_str(
            r"部门\说明.txt",
            "一、收支总体情况\r\n\r比上年增加205.52万元，增长37.32%。。\r\n",
        );
        let diagnostic = Diagnostic::new("repeated-punctuation", Severity::Warning, "标点重复")
            .with_label(Label::primary(find(&source, "。。", 0), "多余的句号"));
        let out = short(&[report(source, vec![diagnostic])]);
        assert_eq!(
            out,
            "部门/说明.txt:3:23: warning[repeated-punctuation] 标点重复\n"
        );
    }

    #[test]
    fn multi_line_message_stays_on_one_line_and_bad_spans_are_clamped() {
        let source = table_source();
        let diagnostic = Diagnostic::new("r", Severity::Error, "第一行\n第二行")
            .with_label(Label::primary(Span::new(10_000, 5), ""));
        let out = short(&[report(source, vec![diagnostic])]);
        assert_eq!(out, "2024/收支总表.txt:4:17: error[r] 第一行 第二行\n");
    }

    #[test]
    fn nothing_at_all_without_diagnostics() {
        assert_eq!(short(&[report(table_source(), vec![])]), "");
    }
}
