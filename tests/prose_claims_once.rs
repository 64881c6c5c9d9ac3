//! A prose fault that two `prose-claims` rules read is reported once: a share moved in an
//! exhaustive breakdown (`其中：基本支出…，占60.39%；项目支出…，占39.61%`) is both a share its
//! part ÷ whole contradicts (`share-of-total`) and shares that no longer make 100%
//! (`breakdown-shares`). With both rules on, only `share-of-total` (which names the share and
//! its right value) reports it; each rule alone still finds it.

mod common;

use std::sync::Arc;

use budlint::diagnostic::Severity;
use budlint::engine::Lang;
use budlint::lint::lint_source;
use budlint::registry::Rule;
use budlint::source::{SourceEncoding, SourceFile};

/// tunliu-2025-budget.md line 395, the share of 项目支出 moved from 39.61% to 44.61%.
const MOVED: &str = "2025年度长治市屯留区医疗保障局支出预算756.21万元，其中：基本支出456.66万元，占60.39%；项目支出299.55万元，占44.61%。\n";

fn findings(text: &str, rules: &[Rule]) -> Vec<(String, usize)> {
    let source = SourceFile::new("t.md".into(), text.to_string(), SourceEncoding::Utf8);
    let report = lint_source(Arc::new(source), rules, Lang::En);
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| {
            (
                d.rule.clone(),
                report.source.line_col(d.primary_span().start).1,
            )
        })
        .collect()
}

fn only(ids: &[&str]) -> Vec<Rule> {
    common::builtin_rules_of_kind("prose-claims")
        .into_iter()
        .filter(|r| ids.contains(&r.meta.id.as_str()))
        .collect()
}

#[test]
fn a_share_moved_in_a_breakdown_is_reported_once() {
    let both = findings(MOVED, &only(&["share-of-total", "breakdown-shares"]));
    assert_eq!(both.len(), 1, "{both:?}");
    assert_eq!(both[0].0, "share-of-total");
    // On the moved share, not on the other.
    let column = MOVED[..MOVED.find("44.61%").unwrap()].chars().count() + 1;
    assert_eq!(both[0].1, column, "{both:?}");
}

#[test]
fn each_rule_alone_still_reports_it() {
    let shares = findings(MOVED, &only(&["share-of-total"]));
    assert_eq!(shares.len(), 1, "{shares:?}");
    let breakdown = findings(MOVED, &only(&["breakdown-shares"]));
    assert_eq!(breakdown.len(), 1, "{breakdown:?}");
    assert_eq!(breakdown[0].0, "breakdown-shares");
}

#[test]
fn the_right_shares_are_silent() {
    let right = MOVED.replace("44.61%", "39.61%");
    assert!(findings(&right, &only(&["share-of-total", "breakdown-shares"])).is_empty());
}
