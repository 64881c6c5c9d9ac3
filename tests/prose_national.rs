//! The 说明 prose of the national templates, in documents budlint was not built on.
//!
//! `tests/fixtures/prose/` holds three made-up 说明 (a 县 audit office's final accounts, a 区
//! market regulator's budget, a 区 agriculture bureau's final accounts) written the way the
//! national templates word them — `收、支总计各增加`, bare `占 X%` in the 三公 paragraph, `完成
//! 年初预算的`, `决算数小于年初预算数`, vehicles and units `其中…`, shares of 本年收入合计 and of the
//! 一般公共预算 expenditure by 类 — with every figure computed (rounded half up to the written
//! decimals). The correct texts must raise nothing; each fault below, planted one at a time,
//! must be reported on its line by the rule named.
//!
//! Not yet caught, and so not listed: a share of a whole named and stated in another section
//! and given by no table (`占本年支出合计的 97.63%`), a 三公 part whose `其中` opens the
//! sentence after the total, and a count with no total to check it against.

mod common;

use std::sync::Arc;

use budlint::diagnostic::Severity;
use budlint::engine::Lang;
use budlint::lint::lint_source;
use budlint::registry::Rule;
use budlint::source::{SourceEncoding, SourceFile};

const DOCUMENTS: &[&str] = &[
    "meixian-audit-2023-final.txt",
    "fengxiang-market-2024-budget.txt",
    "nanzheng-agri-2023-final.txt",
];

/// (document, text to replace, replacement, `line:rule:severity` that must be reported).
const FAULTS: &[(&str, &str, &str, &str)] = &[
    // Final accounts, 县 audit office.
    (
        "meixian-audit-2023-final.txt",
        "增长11.11%",
        "增长16.11%",
        "6:growth-rate:warning",
    ),
    (
        "meixian-audit-2023-final.txt",
        "各增加123.45万元",
        "各增加133.45万元",
        "6:growth-rate:warning",
    ),
    (
        "meixian-audit-2023-final.txt",
        "占80.00%",
        "占85.00%",
        "9:three-public-shares:error",
    ),
    (
        "meixian-audit-2023-final.txt",
        "下降10.63%",
        "下降15.63%",
        "12:growth-rate:error",
    ),
    (
        "meixian-audit-2023-final.txt",
        "比上年决算减少5.43万元",
        "比上年决算减少15.43万元",
        "12:growth-rate:error",
    ),
    (
        "meixian-audit-2023-final.txt",
        "政府采购服务支出44.44万元",
        "政府采购服务支出54.44万元",
        "15:breakdown-sum:error",
    ),
    (
        "meixian-audit-2023-final.txt",
        "占政府采购支出总额的88.06%",
        "占政府采购支出总额的83.06%",
        "15:share-of-total:error",
    ),
    (
        "meixian-audit-2023-final.txt",
        "占政府采购支出总额的70.45%",
        "占政府采购支出总额的75.45%",
        "15:share-of-total:error",
    ),
    (
        "meixian-audit-2023-final.txt",
        "其他用车1辆",
        "其他用车2辆",
        "18:breakdown-sum:error",
    ),
    (
        "meixian-audit-2023-final.txt",
        "决算数小于年初预算数",
        "决算数大于年初预算数",
        "23:budget-outturn-comparison:error",
    ),
    (
        "meixian-audit-2023-final.txt",
        "完成年初预算的125.00%",
        "完成年初预算的120.00%",
        "24:budget-outturn-comparison:error",
    ),
    // Budget, 区 market regulator.
    (
        "fengxiang-market-2024-budget.txt",
        "占88.05%",
        "占83.05%",
        "6:share-of-total:error",
    ),
    (
        "fengxiang-market-2024-budget.txt",
        "占70.44%",
        "占75.44%",
        "6:share-of-total:error",
    ),
    (
        "fengxiang-market-2024-budget.txt",
        "上年结转67.89万元",
        "上年结转77.89万元",
        "6:share-of-total:error",
    ),
    (
        "fengxiang-market-2024-budget.txt",
        "增长11.11%",
        "增长16.11%",
        "9:growth-rate:error",
    ),
    (
        "fengxiang-market-2024-budget.txt",
        "下降16.67%",
        "下降11.67%",
        "12:growth-rate:error",
    ),
    (
        "fengxiang-market-2024-budget.txt",
        "下降5.88%",
        "下降10.88%",
        "15:growth-rate:error",
    ),
    (
        "fengxiang-market-2024-budget.txt",
        "货物类20.00万元",
        "货物类30.00万元",
        "18:breakdown-sum:error",
    ),
    (
        "fengxiang-market-2024-budget.txt",
        "执法执勤用车1辆",
        "执法执勤用车2辆",
        "21:breakdown-sum:error",
    ),
    // Final accounts, 区 agriculture bureau.
    (
        "nanzheng-agri-2023-final.txt",
        "下降12.50%",
        "下降17.50%",
        "6:growth-rate:warning",
    ),
    (
        "nanzheng-agri-2023-final.txt",
        "占90.00%",
        "占95.00%",
        "9:share-of-total:error",
    ),
    (
        "nanzheng-agri-2023-final.txt",
        "其他收入100.00万元",
        "其他收入110.00万元",
        "9:breakdown-sum:error",
    ),
    (
        "nanzheng-agri-2023-final.txt",
        "占73.68%",
        "占78.68%",
        "12:share-of-total:error",
    ),
    (
        "nanzheng-agri-2023-final.txt",
        "下降8.00%",
        "下降13.00%",
        "15:growth-rate:warning",
    ),
    (
        "nanzheng-agri-2023-final.txt",
        "下降7.37%",
        "下降12.37%",
        "19:growth-rate:warning",
    ),
    (
        "nanzheng-agri-2023-final.txt",
        "占82.95%",
        "占87.95%",
        "21:share-of-total:error",
    ),
    (
        "nanzheng-agri-2023-final.txt",
        "人员经费590.00万元",
        "人员经费600.00万元",
        "24:breakdown-sum:error",
    ),
];

fn rules() -> Vec<Rule> {
    let cli = budlint::config::CliOverrides {
        select: None,
        ignore: Vec::new(),
    };
    budlint::config::resolve(&budlint::config::ConfigChoice::Isolated, &cli)
        .expect("built-in rules load")
        .rules
        .rules
}

fn text(document: &str) -> String {
    common::read(&format!("tests/fixtures/prose/{document}")).text
}

/// Every warning and error as `line:rule:severity`.
fn findings(name: &str, text: &str, rules: &[Rule]) -> Vec<String> {
    let source = SourceFile::new(name.into(), text.to_string(), SourceEncoding::Utf8);
    let report = lint_source(Arc::new(source), rules, Lang::En);
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| {
            let line = report.source.line_col(d.primary_span().start).0;
            format!("{line}:{}:{}", d.rule, d.severity)
        })
        .collect()
}

#[test]
fn correct_national_prose_raises_nothing() {
    let rules = rules();
    for document in DOCUMENTS {
        let found = findings(document, &text(document), &rules);
        assert!(found.is_empty(), "{document}: {found:?}");
    }
}

#[test]
fn each_planted_fault_is_reported_on_its_line() {
    let rules = rules();
    let mut missed = Vec::new();
    for (document, from, to, expected) in FAULTS {
        let original = text(document);
        assert_eq!(
            original.matches(from).count(),
            1,
            "{document}: `{from}` once"
        );
        let found = findings(document, &original.replacen(from, to, 1), &rules);
        if !found.iter().any(|f| f == expected) {
            missed.push(format!(
                "{document}: {from} → {to}: want {expected}, got {found:?}"
            ));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}
