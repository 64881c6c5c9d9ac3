//! The JUnit format: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="budlint" tests="2" failures="1" errors="0">
//!   <testsuite name="2024/收支总表.txt" tests="1" failures="1" errors="0">
//!     <testcase name="table-sum at 4:11" classname="2024/收支总表.txt" file="2024/收支总表.txt" line="4">
//!       <failure type="error" message="合计与各行之和不符">error[table-sum]: 合计与各行之和不符
//!   --&gt; 2024/收支总表.txt:4:11
//!   = note: 差额 21.57 万元</failure>
//!     </testcase>
//!   </testsuite>
//!   <testsuite name="说明.txt" tests="1" failures="0" errors="0">
//!     <testcase name="budlint" classname="说明.txt" file="说明.txt"/>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! - A test suite per file, in the order of the reports; a test case per diagnostic, each with a
//!   `failure` whose `type` is the severity (every diagnostic shown is a failure, whatever
//!   `--fail-on` says: the exit status decides whether the job fails). A clean file has one
//!   passing test case named `budlint`.
//! - A file that could not be read is a suite with one test case holding an `error`.
//! - No timestamps or durations, so the same input gives the same bytes.
//! - Text is XML-escaped; characters XML 1.0 cannot carry (control characters such as the form
//!   feed of PDF text) become U+FFFD; line breaks in attributes are kept as `&#10;`.

use std::io;

use termcolor::WriteColor;

use super::spool::Spool;
use super::{Region, display_path, page_suffix};
use crate::diagnostic::{Diagnostic, FileError, FileReport};
use crate::source::SourceFile;

/// JUnit XML fed one report at a time: the totals come first in the XML, so each file's suite
/// is kept, written out, until the end (in a [`Spool`]: memory does not grow with the files).
#[derive(Default)]
pub(super) struct Stream {
    /// The suite of the file being rendered, then moved to `suites`.
    suite: String,
    suites: Spool,
    diagnostics: usize,
    clean: usize,
}

impl Stream {
    pub(super) fn file(&mut self, report: &FileReport) -> io::Result<()> {
        use std::fmt::Write as _;
        let out = &mut self.suite;
        let path = escape_attribute(&display_path(&report.source.path));
        let failures = report.diagnostics.len();
        self.diagnostics += failures;
        // Writing into a String cannot fail.
        let _ = writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{}" failures="{failures}" errors="0">"#,
            failures.max(1),
        );
        if report.diagnostics.is_empty() {
            self.clean += 1;
            let _ = writeln!(
                out,
                r#"    <testcase name="budlint" classname="{path}" file="{path}"/>"#
            );
        }
        for diagnostic in &report.diagnostics {
            let region = Region::of(&report.source, diagnostic.primary_span());
            let _ = writeln!(
                out,
                r#"    <testcase name="{} at {}:{}" classname="{path}" file="{path}" line="{}">"#,
                escape_attribute(&diagnostic.rule),
                region.line,
                region.column,
                region.line,
            );
            let _ = writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                diagnostic.severity,
                escape_attribute(&diagnostic.message),
                escape_text(&failure_text(&report.source, region, diagnostic)),
            );
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
        self.suites.append(self.suite.as_bytes())?;
        self.suite.clear();
        Ok(())
    }

    pub(super) fn finish(
        mut self,
        errors: &[FileError],
        out: &mut dyn WriteColor,
    ) -> io::Result<()> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="budlint" tests="{}" failures="{}" errors="{}">"#,
            self.diagnostics + self.clean + errors.len(),
            self.diagnostics,
            errors.len(),
        )?;
        self.suites.copy_to(out)?;
        for error in errors {
            let path = escape_attribute(&error.path.replace('\\', "/"));
            writeln!(
                out,
                r#"  <testsuite name="{path}" tests="1" failures="0" errors="1">"#
            )?;
            writeln!(
                out,
                r#"    <testcase name="read" classname="{path}" file="{path}">"#
            )?;
            writeln!(
                out,
                r#"      <error message="{}"/>"#,
                escape_attribute(&error.reason)
            )?;
            writeln!(out, "    </testcase>")?;
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

/// The failure's body, in the words of the human format's frame.
fn failure_text(source: &SourceFile, region: Region, diagnostic: &Diagnostic) -> String {
    let path = display_path(&source.path);
    let mut text = format!(
        "{}[{}]: {}\n  --> {path}:{}:{}{}",
        diagnostic.severity,
        diagnostic.rule,
        diagnostic.message,
        region.line,
        region.column,
        page_suffix(region.page)
    );
    for label in diagnostic.labels.iter().filter(|l| !l.message.is_empty()) {
        let at = Region::of(source, label.span);
        text.push_str(&format!(
            "\n  at {}:{}{}: {}",
            at.line,
            at.column,
            page_suffix(at.page),
            label.message
        ));
    }
    for note in &diagnostic.notes {
        text.push_str(&format!("\n  = note: {note}"));
    }
    if let Some(help) = &diagnostic.help {
        text.push_str(&format!("\n  = help: {help}"));
    }
    text
}

/// A character XML 1.0 allows in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A bare CR would be read back as LF.
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape_text(text).chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Parsers turn line breaks and tabs in attributes into spaces unless escaped.
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape_attribute, escape_text};
    use crate::diagnostic::{Diagnostic, FileError, FileReport, Label, Severity};
    use crate::render::Format;
    use crate::render::test_support::{
        find, render_to_string, report, table_source, table_sum_diagnostic,
    };
    use crate::source::SourceFile;

    fn junit(reports: &[FileReport], errors: &[FileError]) -> String {
        render_to_string(Format::Junit, reports, errors)
    }

    #[test]
    fn suites_per_file_failures_per_diagnostic_and_a_passing_case_for_clean_files() {
        let source = table_source();
        let diagnostic = table_sum_diagnostic(&source);
        let clean = SourceFile::from_str("说明.txt", "正文\n");
        let errors = [FileError {
            path: "扫描件.pdf".to_string(),
            reason: "binary file <NUL>".to_string(),
        }];
        let out = junit(
            &[report(source, vec![diagnostic]), report(clean, vec![])],
            &errors,
        );
        assert_eq!(
            out,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="budlint" tests="3" failures="1" errors="1">
  <testsuite name="2024/收支总表.txt" tests="1" failures="1" errors="0">
    <testcase name="table-sum at 4:11" classname="2024/收支总表.txt" file="2024/收支总表.txt" line="4">
      <failure type="error" message="合计与各行之和不符">error[table-sum]: 合计与各行之和不符
  --&gt; 2024/收支总表.txt:4:11
  at 4:11: 合计为 550.69
  at 3:15: 各行之和为 529.12
  = note: 差额 21.57 万元
  = help: 核对合计行或各明细行</failure>
    </testcase>
  </testsuite>
  <testsuite name="说明.txt" tests="1" failures="0" errors="0">
    <testcase name="budlint" classname="说明.txt" file="说明.txt"/>
  </testsuite>
  <testsuite name="扫描件.pdf" tests="1" failures="0" errors="1">
    <testcase name="read" classname="扫描件.pdf" file="扫描件.pdf">
      <error message="binary file &lt;NUL&gt;"/>
    </testcase>
  </testsuite>
</testsuites>
"#
        );
    }

    #[test]
    fn markup_quotes_and_control_characters_are_escaped() {
        assert_eq!(
            escape_text("a<b>&c\u{c}d\re"),
            "a&lt;b&gt;&amp;c\u{FFFD}d&#13;e"
        );
        assert_eq!(
            escape_attribute("“引号” \"x\" 'y'\n第二行"),
            "“引号” &quot;x&quot; &apos;y&apos;&#10;第二行"
        );
        let source = SourceFile::from_str("a&b.txt", "仅供内部审核\n");
        let diagnostic = Diagnostic::new("draft-watermark", Severity::Warning, "水印 <草稿>")
            .with_label(Label::primary(find(&source, "仅供内部审核", 0), ""));
        let out = junit(&[report(source, vec![diagnostic])], &[]);
        assert!(out.contains(r#"<testsuite name="a&amp;b.txt""#), "{out}");
        assert!(out.contains(r#"<failure type="warning" message="水印 &lt;草稿&gt;">"#));
    }

    #[test]
    fn no_files() {
        assert_eq!(
            junit(&[], &[]),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <testsuites name=\"budlint\" tests=\"0\" failures=\"0\" errors=\"0\">\n\
             </testsuites>\n"
        );
    }
}
