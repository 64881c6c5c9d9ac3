//! The JSON format: one pretty-printed document (with a trailing newline) for tools — SARIF
//! conversion, baselines, CI annotations. Its shape is a public interface: add fields, never
//! rename or remove them without raising `version`.
//!
//! ```json
//! {
//!   "version": 1,
//!   "diagnostics": [
//!     {
//!       "rule": "table-sum",
//!       "severity": "error",
//!       "message": "合计与各行之和不符",
//!       "file": "2024/收支总表.txt",
//!       "line": 4, "column": 11, "end_line": 4, "end_column": 17,
//!       "labels": [
//!         { "file": "2024/收支总表.txt", "line": 4, "column": 11, "end_line": 4,
//!           "end_column": 17, "message": "合计为 550.69", "primary": true }
//!       ],
//!       "notes": ["差额 21.57 万元"],
//!       "help": "核对合计行或各明细行"
//!     }
//!   ],
//!   "summary": { "files": 1, "errors": 1, "warnings": 0, "infos": 0 },
//!   "file_errors": [ { "file": "2024/扫描件.pdf", "reason": "binary file (…)" } ]
//! }
//! ```
//!
//! - `diagnostics` come in the order of the reports and of their diagnostics (sorted by position).
//! - `severity` is `"error"`, `"warning"` or `"info"`.
//! - `file` is the path as given, with `/` separators on every platform.
//! - Positions are 1-based; columns count Unicode scalar values (a CJK character is one column),
//!   not bytes or display width. `line`/`column` is where the span starts; `end_line`/`end_column`
//!   is its exclusive end, i.e. the column just after its last character. A span that ends with a
//!   line's terminator ends at column 1 of the next line.
//! - The diagnostic's own position is its first primary label (else its first label); a
//!   diagnostic without labels (a whole-file finding) is at 1:1–1:1 and has `"labels": []`.
//! - `labels` keeps the rule's order; `primary` tells the main label from context labels.
//! - `notes` is always an array, `help` a string or `null`.
//! - `summary` counts the diagnostics listed; `file_errors` lists files that could not be read
//!   (not counted in `summary.files`).

use std::io;

use serde::Serialize;
use termcolor::WriteColor;

use super::{Summary, clamp_span, display_path};
use crate::diagnostic::{Diagnostic, FileError, FileReport, Label, Severity};
use crate::source::{SourceFile, Span};

/// Raise when a field changes meaning or disappears; adding a field keeps the version.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    #[serde(flatten)]
    range: Range,
    labels: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    #[serde(flatten)]
    range: Range,
    message: &'a str,
    primary: bool,
}

/// 1-based start and exclusive end of a span.
#[derive(Serialize)]
struct Range {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// The page of a PDF or of a text with form feeds; absent in a file without pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
}

impl Range {
    fn of(source: &SourceFile, span: Span) -> Range {
        let span = clamp_span(source, span);
        let (line, column) = source.line_col(span.start);
        let (end_line, end_column) = source.line_col(span.end);
        Range {
            line,
            column,
            end_line,
            end_column,
            page: source.page(span.start),
        }
    }
}

#[derive(Serialize)]
struct JsonFileError<'a> {
    file: &'a str,
    reason: &'a str,
}

/// The JSON document written as the reports come: each diagnostic is written when its file's
/// report is, the summary and the file errors at the end. The bytes are those `serde_json`'s
/// pretty printer gives the whole document.
#[derive(Default)]
pub(super) struct Stream {
    started: bool,
    diagnostics: usize,
    summary: Summary,
}

impl Stream {
    fn start(&mut self, out: &mut dyn WriteColor) -> io::Result<()> {
        if !self.started {
            self.started = true;
            write!(out, "{{\n  \"version\": {VERSION},\n  \"diagnostics\": [")?;
        }
        Ok(())
    }

    pub(super) fn file(&mut self, report: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
        self.start(out)?;
        self.summary.add(report);
        let path = display_path(&report.source.path);
        for d in &report.diagnostics {
            out.write_all(if self.diagnostics == 0 { b"\n" } else { b",\n" })?;
            self.diagnostics += 1;
            write_nested(&diagnostic(&report.source, &path, d), 2, out)?;
        }
        Ok(())
    }

    pub(super) fn finish(
        mut self,
        errors: &[FileError],
        out: &mut dyn WriteColor,
    ) -> io::Result<()> {
        self.start(out)?;
        if self.diagnostics > 0 {
            out.write_all(b"\n  ")?;
        }
        out.write_all(b"],\n  \"summary\": ")?;
        write_nested(&self.summary, 1, out)?;
        let error_paths: Vec<String> = errors.iter().map(|e| e.path.replace('\\', "/")).collect();
        let file_errors: Vec<JsonFileError> = errors
            .iter()
            .zip(&error_paths)
            .map(|(e, file)| JsonFileError {
                file,
                reason: &e.reason,
            })
            .collect();
        out.write_all(b",\n  \"file_errors\": ")?;
        write_nested(&file_errors, 1, out)?;
        out.write_all(b"\n}\n")
    }
}

/// `value` pretty-printed as it stands `depth` levels deep in a pretty-printed document: its
/// lines after the first indented by two spaces a level (the first too when it is an element
/// of an array, which starts on a line of its own).
fn write_nested(value: &impl Serialize, depth: usize, out: &mut dyn WriteColor) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    let indent = "  ".repeat(depth);
    let element = depth == 2;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        if i > 0 || element {
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn diagnostic<'a>(source: &SourceFile, file: &'a str, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: &d.rule,
        severity: d.severity,
        message: &d.message,
        file,
        range: Range::of(source, d.primary_span()),
        labels: d.labels.iter().map(|l| label(source, file, l)).collect(),
        notes: &d.notes,
        help: d.help.as_deref(),
    }
}

fn label<'a>(source: &SourceFile, file: &'a str, l: &'a Label) -> JsonLabel<'a> {
    JsonLabel {
        file,
        range: Range::of(source, l.span),
        message: &l.message,
        primary: l.primary,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::diagnostic::{Diagnostic, FileError, FileReport, Label, Severity};
    use crate::render::Format;
    use crate::render::test_support::{
        find, render_to_string, report, table_source, table_sum_diagnostic,
    };
    use crate::source::{SourceFile, Span};

    fn json(reports: &[FileReport], errors: &[FileError]) -> Value {
        let out = render_to_string(Format::Json, reports, errors);
        assert!(
            out.ends_with("}\n"),
            "pretty-printed with a trailing newline: {out:?}"
        );
        serde_json::from_str(&out).expect("the JSON renderer writes valid JSON")
    }

    /// `[line, column, end_line, end_column]` of a diagnostic or label object.
    fn range(object: &Value) -> [u64; 4] {
        ["line", "column", "end_line", "end_column"].map(|key| object[key].as_u64().unwrap_or(0))
    }

    #[test]
    fn table_sum_diagnostic_fields() {
        let source = table_source();
        let diagnostic = table_sum_diagnostic(&source);
        let out = json(&[report(source, vec![diagnostic])], &[]);
        assert_eq!(
            out["diagnostics"][0],
            json!({
                "rule": "table-sum",
                "severity": "error",
                "message": "合计与各行之和不符",
                "file": "2024/收支总表.txt",
                "line": 4, "column": 11, "end_line": 4, "end_column": 17,
                "labels": [
                    {
                        "file": "2024/收支总表.txt",
                        "line": 4, "column": 11, "end_line": 4, "end_column": 17,
                        "message": "合计为 550.69",
                        "primary": true
                    },
                    {
                        "file": "2024/收支总表.txt",
                        "line": 3, "column": 15, "end_line": 3, "end_column": 21,
                        "message": "各行之和为 529.12",
                        "primary": false
                    }
                ],
                "notes": ["差额 21.57 万元"],
                "help": "核对合计行或各明细行"
            })
        );
        assert_eq!(out["version"], 1);
        assert_eq!(
            out["summary"],
            json!({"files": 1, "errors": 1, "warnings": 0, "infos": 0})
        );
        assert_eq!(out["file_errors"], json!([]));
    }

    #[test]
    fn positions_in_a_crlf_file_count_characters() {
        let source = SourceFile::from_str(
            "说明.txt",
            "一、收支总体情况\r\n比上年增加205.52万元，增长37.32%。。\r\n",
        );
        let duplicate = find(&source, "。。", 0);
        // A label over the last word and its CRLF ends at column 1 of the next line.
        let through_line_end = Span::new(
            find(&source, "情况", 0).start,
            find(&source, "比上年", 0).start,
        );
        let diagnostic = Diagnostic::new("repeated-punctuation", Severity::Warning, "标点重复")
            .with_label(Label::primary(duplicate, "多余的句号"))
            .with_label(Label::secondary(through_line_end, ""));
        let out = json(&[report(source, vec![diagnostic])], &[]);
        let d = &out["diagnostics"][0];
        assert_eq!(range(d), [2, 23, 2, 25]);
        assert_eq!(range(&d["labels"][0]), [2, 23, 2, 25]);
        assert_eq!(range(&d["labels"][1]), [1, 7, 2, 1]);
        assert_eq!(d["help"], Value::Null);
        assert_eq!(d["notes"], json!([]));
        assert_eq!(out["summary"]["warnings"], 1);
    }

    #[test]
    fn whole_file_finding_sits_at_one_one_and_file_errors_are_listed() {
        let whole_file = Diagnostic::new("missing-unit", Severity::Info, "全文未声明金额单位");
        let errors = [FileError {
            path: r"2024\扫描件.pdf".to_string(),
            reason: "binary file (contains NUL bytes), not a text disclosure".to_string(),
        }];
        let out = json(
            &[
                report(table_source(), vec![whole_file]),
                report(table_source(), vec![]),
            ],
            &errors,
        );
        let d = &out["diagnostics"][0];
        assert_eq!(d["severity"], "info");
        assert_eq!(range(d), [1, 1, 1, 1]);
        assert_eq!(d["labels"], json!([]));
        assert_eq!(
            out["summary"],
            json!({"files": 2, "errors": 0, "warnings": 0, "infos": 1})
        );
        assert_eq!(
            out["file_errors"],
            json!([{"file": "2024/扫描件.pdf", "reason": "binary file (contains NUL bytes), not a text disclosure"}])
        );
    }

    #[test]
    fn out_of_range_spans_are_clamped() {
        let source = table_source();
        let diagnostic = Diagnostic::new("r", Severity::Error, "m")
            .with_label(Label::primary(Span::new(7, 10_000), ""));
        let out = json(&[report(source, vec![diagnostic])], &[]);
        let d = &out["diagnostics"][0];
        // Byte 7 is inside the full-width colon (bytes 6..9): the start moves back to the character's start.
        assert_eq!(range(d), [1, 3, 4, 17]);
    }

    #[test]
    fn no_diagnostics() {
        let out = json(&[], &[]);
        assert_eq!(
            out,
            json!({
                "version": 1,
                "diagnostics": [],
                "summary": {"files": 0, "errors": 0, "warnings": 0, "infos": 0},
                "file_errors": []
            })
        );
    }
}
