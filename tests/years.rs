//! Years, dates and boilerplate over the real documents: faults planted one at a time in every
//! corpus document (a table title's year turned into the previous one, a statement's year too,
//! a sentence naming another place's department pasted in) must each be reported on their line;
//! the unmodified documents give no error of these kinds; and the corpus's consecutive reports
//! of one department (屯留区 2024 + 2025, 江苏省人大常委会办公厅 2017 + 2018), linted together,
//! agree about last year's figures, while a figure changed in the newer one is reported.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

mod common;

use budlint::diagnostic::{FileReport, Severity};
use budlint::engine::Lang;
use budlint::identity::{Identity, identify};
use budlint::lint::lint_source;
use budlint::model::{Block, Document};
use budlint::registry::Rule;
use budlint::source::SourceFile;
use rust_decimal::Decimal;

fn corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .expect("corpus directory")
        .filter_map(Result::ok)
        .map(|e| format!("fixtures/corpus/{}", e.file_name().to_string_lossy()))
        .collect();
    files.sort();
    files
}

/// Every corpus document read and parsed, with what it was taken to be.
fn read_corpus() -> Vec<(String, SourceFile, Document, Identity)> {
    corpus()
        .into_iter()
        .map(|path| {
            let source = common::read(&path);
            let document = budlint::parse::parse(&source);
            let identity = identify(&source, &document);
            (path, source, document, identity)
        })
        .collect()
}

fn rules() -> Vec<Rule> {
    let mut rules = common::builtin_rules_of_kind("years");
    rules.extend(common::builtin_rules_of_kind("boilerplate"));
    rules
}

fn lint(path: &str, text: &str, rules: &[Rule]) -> FileReport {
    lint_source(Arc::new(SourceFile::from_str(path, text)), rules, Lang::Zh)
}

/// Lint `text` (a corpus document with a fault planted) and require `rule` to report on the
/// 1-based `line`, where `planted` was written.
fn assert_reported(path: &str, text: &str, rules: &[Rule], rule: &str, line: usize, planted: &str) {
    let report = lint(path, text, rules);
    let reported = report
        .diagnostics
        .iter()
        .any(|d| d.rule == rule && report.source.line_col(d.primary_span().start).0 == line);
    assert!(reported, "{path}:{line}: {rule} did not report `{planted}`");
}

#[test]
fn the_corpus_has_no_error_of_years_or_boilerplate() {
    let rules = rules();
    for path in corpus() {
        let source = common::read(&path);
        let report = lint(&path, &source.text, &rules);
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                format!(
                    "{}: {}",
                    report.source.line_col(d.primary_span().start).0,
                    d.message
                )
            })
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
    }
}

/// Each table title naming the document's own year, turned into the year before, is reported
/// on its line, as an error when the document's year is certain.
#[test]
fn a_table_title_of_last_year_is_reported_on_its_line() {
    let rules = rules();
    let mut planted = 0;
    for (path, source, document, identity) in read_corpus() {
        let Some(year) = identity.year else { continue };
        let own = year.to_string();
        for table in document.tables() {
            let Some(title) = &table.title else { continue };
            let span = title.span();
            let written = source.slice(span);
            let Some(at) = written.find(&own) else {
                continue;
            };
            let start = span.start + at;
            let mut text = source.text.clone();
            text.replace_range(start..start + 4, &(year - 1).to_string());
            let report = lint(&path, &text, &rules);
            let line = source.line_col(start).0;
            let found = report.diagnostics.iter().find(|d| {
                d.rule == "wrong-year-title"
                    && report.source.line_col(d.primary_span().start).0 == line
            });
            let found = found.unwrap_or_else(|| panic!("{path}:{line}: title year not reported"));
            // One title changed cannot outvote the others when there are three or more.
            if identity.year_certain && identity.body_votes >= 3 {
                assert_eq!(found.severity, Severity::Error, "{path}:{line}");
            }
            planted += 1;
        }
    }
    assert!(planted >= 50, "only {planted} table titles with a year");
}

/// A clause that states this year's money (`2024年…预算…550.69万元`), its year turned into the
/// year before, is reported on its line.
#[test]
fn a_statement_of_last_year_is_reported_on_its_line() {
    let rules = rules();
    let mut planted = 0;
    for (path, source, document, identity) in read_corpus() {
        let Some(year) = identity.year else { continue };
        let own = year.to_string();
        for block in &document.blocks {
            let Block::Paragraph(p) = block else { continue };
            for clause in budlint::parse::prose::clauses(&p.text.text) {
                let body = &p.text.text[clause.clone()];
                // The clause opens with the year and states an amount of this year's budget.
                if !body.starts_with(&own)
                    || !["预算", "决算"].iter().any(|w| body.contains(w))
                    || !body.contains("万元")
                    || body.contains("上年")
                {
                    continue;
                }
                let start = p.text.source_offset(clause.start);
                if source.text.get(start..start + 4) != Some(own.as_str()) {
                    continue;
                }
                let mut text = source.text.clone();
                text.replace_range(start..start + 4, &(year - 1).to_string());
                let line = source.line_col(start).0;
                assert_reported(&path, &text, &rules, "wrong-year-statement", line, body);
                planted += 1;
            }
        }
    }
    assert!(
        planted >= 10,
        "only {planted} statements of this year's money"
    );
}

/// A sentence naming the department's body with another place's name, pasted after a paragraph
/// of prose, is reported on its line.
#[test]
fn a_pasted_sentence_naming_another_department_is_reported_on_its_line() {
    let rules = rules();
    let mut planted = 0;
    for (path, source, _, identity) in read_corpus() {
        let Some(department) = identity.department else {
            continue;
        };
        // Another place of the same kind of body: the department's name with its places swapped.
        let (ours, theirs) = if department.contains("长治市") {
            ("长治市屯留区", "聊城市东昌府区")
        } else {
            ("", "长治市屯留区")
        };
        let body = [
            "上海市普陀区",
            "江苏省",
            "中共江苏省",
            "聊城市东昌府区",
            "长治市屯留区",
        ]
        .iter()
        .chain([ours].iter())
        .filter(|p| !p.is_empty())
        .find_map(|p| department.strip_prefix(p))
        .unwrap_or(&department);
        let foreign = format!("{theirs}{body}");
        let Some(at) = after_middle_paragraph(&source, |_| true) else {
            continue;
        };
        let mut text = source.text.clone();
        text.insert_str(at, &format!("\n{foreign}负责全区相关工作的组织实施。"));
        let line = source.line_col(at).0 + 1;
        assert_reported(&path, &text, &rules, "foreign-entity", line, &foreign);
        planted += 1;
    }
    assert!(
        planted >= 15,
        "only {planted} documents took a pasted sentence"
    );
}

/// The end of the last line of the middle paragraph of prose (a sentence, more than 30
/// characters, that `wanted`): where a pasted sentence goes.
fn after_middle_paragraph(source: &SourceFile, wanted: impl Fn(&str) -> bool) -> Option<usize> {
    let document = budlint::parse::parse(source);
    let paragraphs: Vec<_> = document
        .paragraphs()
        .filter(|p| p.text.text.ends_with('。') && p.text.text.chars().count() > 30)
        .filter(|p| wanted(&p.text.text))
        .collect();
    let end = paragraphs.get(paragraphs.len() / 2)?.text.span().end;
    Some(
        source.text[end..]
            .find('\n')
            .map_or(source.text.len(), |i| end + i),
    )
}

/// Run the binary over a directory and return the short-format lines of `rule`.
fn lint_together(dir: &Path, rule: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .args([
            "--isolated",
            "--select",
            rule,
            "--format",
            "short",
            "--fail-on",
            "never",
        ])
        .arg(dir)
        .output()
        .expect("run budlint");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.contains(&format!("[{rule}]")))
        .map(|l| {
            l.strip_prefix(&format!("{}/", dir.display()))
                .unwrap_or(l)
                .to_string()
        })
        .collect()
}

const PAIRS: &[[&str; 2]] = &[
    ["tunliu-2024-budget.txt", "tunliu-2025-budget.md"],
    [
        "js-rendaban-2017-budget.layout.txt",
        "js-rendaban-2018-budget.layout.txt",
    ],
    [
        "js-rendaban-2017-budget.plain.txt",
        "js-rendaban-2018-budget.plain.txt",
    ],
];

/// Copy a pair of corpus documents under names that say nothing of them (the documents are
/// matched by what they say, never by file name), the newer one changed by `change`.
fn pair_in_tempdir(pair: &[&str; 2], change: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    let older = common::read(&format!("fixtures/corpus/{}", pair[0]));
    let newer = common::read(&format!("fixtures/corpus/{}", pair[1]));
    let extension = |name: &str| name.rsplit('.').next().unwrap_or("txt").to_string();
    fs::write(
        dir.path().join(format!("b.{}", extension(pair[0]))),
        &older.text,
    )
    .expect("write");
    fs::write(
        dir.path().join(format!("a.{}", extension(pair[1]))),
        change(&newer.text),
    )
    .expect("write");
    dir
}

#[test]
fn consecutive_reports_of_the_corpus_agree_on_last_years_figures() {
    for pair in PAIRS {
        let dir = pair_in_tempdir(pair, str::to_string);
        let found = lint_together(dir.path(), "previous-year-figure");
        assert!(found.is_empty(), "{pair:?}: {found:#?}");
    }
}

/// Every `比上年增加/减少 Y万元` of the newer report whose sentence can be checked, raised by 11,
/// is reported: last year's report has no such figure.
#[test]
fn a_changed_previous_year_figure_is_reported_on_its_line() {
    let comparison =
        regex::Regex::new(r"(?:比上年|较上年|与上年相比)(?:增加|减少)\s*([0-9]+\.[0-9]{2})\s*万元")
            .expect("regex");
    let mut planted = 0;
    for pair in PAIRS {
        let newer = common::read(&format!("fixtures/corpus/{}", pair[1]));
        for c in comparison.captures_iter(&newer.text) {
            let Some(amount) = c.get(1) else { continue };
            let value: Decimal = amount.as_str().parse().expect("amount");
            let wrong = common::written(value + Decimal::from(11), 2, false);
            let line = newer.line_col(amount.start()).0;
            let range = amount.range();
            let dir = pair_in_tempdir(pair, |text| {
                let mut text = text.to_string();
                text.replace_range(range.clone(), &wrong);
                text
            });
            let found = lint_together(dir.path(), "previous-year-figure");
            if found.iter().any(|l| l.contains(&format!(":{line}:"))) {
                planted += 1;
            } else {
                eprintln!("{}:{line}: {} not reported", pair[1], amount.as_str());
            }
        }
    }
    // Some comparisons cannot be checked (several amounts before them, a figure of last year's
    // report that 11 more happens to hit); most must be.
    assert!(planted >= 8, "only {planted} changed figures reported");
}

#[test]
fn a_paragraph_copied_from_last_year_is_reported_and_an_updated_one_is_not() {
    let pair = &PAIRS[0];
    let older = common::read(&format!("fixtures/corpus/{}", pair[0]));
    let document = budlint::parse::parse(&older);
    // A paragraph of last year's 说明 that states figures, pasted into this year's.
    let copied = document
        .paragraphs()
        .find(|p| {
            p.text.text.contains("万元")
                && p.text.text.ends_with('。')
                && p.text.text.chars().count() > 40
        })
        .expect("a paragraph with amounts");
    let pasted = copied.text.text.clone();
    let dir = pair_in_tempdir(pair, |text| {
        let newer = SourceFile::from_str("newer.md", text);
        // Among the 说明's paragraphs (those with amounts), not in the exempt duties list.
        let at = after_middle_paragraph(&newer, |p| p.contains("万元")).expect("a paragraph");
        let mut text = text.to_string();
        text.insert_str(at, &format!("\n\n{pasted}\n"));
        text
    });
    let found = lint_together(dir.path(), "copied-paragraph");
    assert_eq!(found.len(), 1, "{found:#?}");
    let dir = pair_in_tempdir(pair, str::to_string);
    let found = lint_together(dir.path(), "copied-paragraph");
    assert!(found.is_empty(), "{found:#?}");
}
