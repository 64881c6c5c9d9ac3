//! `--statistics`: how many diagnostics each rule reported, instead of the diagnostics, like
//! ruff's `--statistics`.
//!
//! ```text
//! 12  draft-watermark      error    A draft watermark or draft marker is still in the document
//!  3  subject-code-sum     error    A parent subject code is not the sum of its children
//!  1  subject-code-sum     info     A parent subject code is not the sum of its children
//! ```
//!
//! One line per rule and severity (a sum rule reports rounding differences at `info`), sorted by
//! count (highest first), then rule id, then severity (most severe first); columns aligned, the
//! rule's summary last. Nothing at all when there is nothing to count. With `--format json`, an
//! array of `{"rule", "severity", "count", "summary"}` objects in the same order.

use std::collections::BTreeMap;
use std::io;

use serde::Serialize;
use termcolor::WriteColor;

use crate::diagnostic::{FileReport, Severity};
use crate::engine::Lang;
use crate::registry::Rule;

#[derive(Debug, PartialEq, Eq, Serialize)]
struct Count<'a> {
    rule: &'a str,
    severity: Severity,
    count: usize,
    summary: Option<&'a str>,
}

/// Findings per rule and severity, counted one report at a time: all `--statistics` keeps.
#[derive(Debug, Default)]
pub struct Tally {
    by_rule: BTreeMap<(String, Severity), usize>,
}

impl Tally {
    pub fn of(reports: &[FileReport]) -> Tally {
        let mut tally = Tally::default();
        for report in reports {
            tally.add(report);
        }
        tally
    }

    pub fn add(&mut self, report: &FileReport) {
        for d in &report.diagnostics {
            match self.by_rule.get_mut(&(d.rule.clone(), d.severity)) {
                Some(count) => *count += 1,
                None => {
                    self.by_rule.insert((d.rule.clone(), d.severity), 1);
                }
            }
        }
    }
}

fn counts<'a>(tally: &'a Tally, rules: &'a [Rule], lang: Lang) -> Vec<Count<'a>> {
    let mut counts: Vec<Count> = tally
        .by_rule
        .iter()
        .map(|((rule, severity), &count)| Count {
            rule: rule.as_str(),
            severity: *severity,
            count,
            summary: rules
                .iter()
                .find(|r| r.meta.id == *rule)
                .map(|r| r.meta.summary_in(lang)),
        })
        .collect();
    counts.sort_by(|a, b| (b.count, a.rule, b.severity).cmp(&(a.count, b.rule, a.severity)));
    counts
}

pub(super) fn render(
    tally: &Tally,
    rules: &[Rule],
    lang: Lang,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let counts = counts(tally, rules, lang);
    let severity = |s: Severity| match lang {
        Lang::En => s.as_str(),
        Lang::Zh => s.as_zh(),
    };
    let count_width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(0);
    // Rule ids are kebab-case ASCII, so their length is their width.
    let rule_width = counts.iter().map(|c| c.rule.len()).max().unwrap_or(0);
    let width = |s: Severity| unicode_width::UnicodeWidthStr::width(severity(s));
    let severity_width = counts.iter().map(|c| width(c.severity)).max().unwrap_or(0);
    for c in &counts {
        let pad = " ".repeat(severity_width - width(c.severity));
        let line = format!(
            "{:>count_width$}  {:<rule_width$}  {}{pad}  {}",
            c.count,
            c.rule,
            severity(c.severity),
            c.summary.unwrap_or_default(),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

pub(super) fn render_json(
    tally: &Tally,
    rules: &[Rule],
    lang: Lang,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &counts(tally, rules, lang))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::{Diagnostic, FileReport, Severity};
    use crate::render::test_support::{report, table_source};
    use crate::render::{RenderOptions, render_statistics};

    fn statistics(reports: &[FileReport], json: bool) -> String {
        let mut out = termcolor::NoColor::new(Vec::new());
        let options = RenderOptions {
            lang: crate::engine::Lang::En,
            ..RenderOptions::default()
        };
        render_statistics(reports, &options, json, &mut out).expect("rendering into a Vec");
        String::from_utf8(out.into_inner()).expect("UTF-8")
    }

    fn diagnostics(list: &[(&str, Severity, usize)]) -> Vec<Diagnostic> {
        list.iter()
            .flat_map(|(rule, severity, n)| (0..*n).map(|_| Diagnostic::new(rule, *severity, "m")))
            .collect()
    }

    #[test]
    fn sorted_by_count_then_id_then_severity() {
        let first = diagnostics(&[
            ("subject-code-sum", Severity::Info, 2),
            ("draft-watermark", Severity::Error, 1),
            ("subject-code-sum", Severity::Error, 2),
        ]);
        let second = diagnostics(&[
            ("draft-watermark", Severity::Error, 11),
            ("column-total", Severity::Error, 2),
        ]);
        let out = statistics(
            &[
                report(table_source(), first),
                report(table_source(), second),
            ],
            false,
        );
        assert_eq!(
            out,
            "12  draft-watermark   error\n \
              2  column-total      error\n \
              2  subject-code-sum  error\n \
              2  subject-code-sum  info\n"
        );
    }

    #[test]
    fn json_array_and_nothing_without_diagnostics() {
        let list = diagnostics(&[("draft-watermark", Severity::Warning, 2)]);
        let out = statistics(&[report(table_source(), list)], true);
        let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(
            value,
            serde_json::json!([
                {"rule": "draft-watermark", "severity": "warning", "count": 2, "summary": null}
            ])
        );
        assert_eq!(statistics(&[report(table_source(), vec![])], false), "");
        assert_eq!(statistics(&[], true), "[]\n");
    }
}
