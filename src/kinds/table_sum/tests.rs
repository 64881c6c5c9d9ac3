//! Tests of the `table-sum` kind: parameter handling, and every check on small tables cut from
//! the corpus (figures changed where a test needs a mistake), read through the real parser.

use super::*;
use crate::diagnostic::Severity;
use crate::engine::{RuleMeta, build_check};
use crate::source::SourceFile;

/// Every message argument in one string, so a test sees exactly what the check filled in.
const MESSAGE: &str = "{row}｜{column}｜{stated}｜{expected}｜{difference}｜{parts}";

fn meta(severity: Severity) -> RuleMeta {
    RuleMeta {
        id: "test-sum".to_string(),
        kind: "table-sum".to_string(),
        severity,
        summary: String::new(),
        explanation: String::new(),
        message_zh: MESSAGE.to_string(),
        message_en: format!("en: {MESSAGE}"),
    }
}

fn params(toml_text: &str) -> toml::Table {
    toml::from_str(toml_text).expect("test parameters are valid TOML")
}

fn param_error(toml_text: &str) -> ParamError {
    build_check("table-sum", &params(toml_text)).expect_err("parameters should be rejected")
}

/// A document linted by one configured check.
struct Linted {
    source: SourceFile,
    diagnostics: Vec<Diagnostic>,
}

impl Linted {
    /// (1-based line, source text, label message, primary) of every label, in order.
    fn labels(&self, d: &Diagnostic) -> Vec<(usize, String, String, bool)> {
        d.labels
            .iter()
            .map(|l| {
                let line = self.source.line_col(l.span.start).0;
                (
                    line,
                    self.source.slice(l.span).to_string(),
                    l.message.clone(),
                    l.primary,
                )
            })
            .collect()
    }

    /// The single label marked primary: (line, source text, message).
    fn primary(&self, d: &Diagnostic) -> (usize, String, String) {
        let primaries: Vec<_> = self.labels(d).into_iter().filter(|l| l.3).collect();
        assert_eq!(primaries.len(), 1, "one primary label in {d:?}");
        let (line, text, message, _) = primaries[0].clone();
        (line, text, message)
    }

    /// The secondary labels: (line, source text, message).
    fn secondaries(&self, d: &Diagnostic) -> Vec<(usize, String, String)> {
        self.labels(d)
            .into_iter()
            .filter(|l| !l.3)
            .map(|(line, text, message, _)| (line, text, message))
            .collect()
    }

    fn messages(&self) -> Vec<(Severity, String)> {
        self.diagnostics
            .iter()
            .map(|d| (d.severity, d.message.clone()))
            .collect()
    }
}

fn lint_as(params_toml: &str, rule: &RuleMeta, lang: Lang, name: &str, text: &str) -> Linted {
    let check = build_check("table-sum", &params(params_toml)).expect("valid parameters");
    let source = SourceFile::from_str(name, text);
    let document = crate::parse::parse(&source);
    let cx = CheckContext {
        source: &source,
        document: &document,
        rule,
        lang,
    };
    let mut diagnostics = Vec::new();
    check.check(&cx, &mut diagnostics);
    Linted {
        source,
        diagnostics,
    }
}

fn lint(params_toml: &str, name: &str, text: &str) -> Linted {
    lint_as(params_toml, &meta(Severity::Error), Lang::Zh, name, text)
}

fn s(text: &str) -> String {
    text.to_string()
}

// ---------------------------------------------------------------------------------------------
// Parameters

#[test]
fn an_unknown_parameter_is_named() {
    let e = param_error(
        r#"check = "column-groups"
colums = ["合计"]"#,
    );
    assert_eq!(e.key.as_deref(), Some("colums"));
    assert!(
        e.message
            .starts_with("unknown parameter `colums` for kind `table-sum`"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("total-names"),
        "lists the known keys: {}",
        e.message
    );
}

#[test]
fn check_is_required_and_must_be_a_string() {
    for text in ["", "tables = [\"三公\"]", "check = 3"] {
        let e = param_error(text);
        assert_eq!(e.key.as_deref(), Some("check"), "for {text:?}");
        assert!(
            e.message.starts_with("`check` is required"),
            "{}",
            e.message
        );
    }
}

#[test]
fn an_unknown_check_is_named() {
    let e = param_error(r#"check = "subject-code""#);
    assert_eq!(e.key.as_deref(), Some("check"));
    assert_eq!(
        e.message,
        "unknown check `subject-code` (expected subject-codes, column-groups, sections, named-groups or statement-totals)"
    );
}

#[test]
fn lists_of_names_must_hold_strings() {
    for (text, key) in [
        ("check = \"subject-codes\"\ntables = \"三公\"", "tables"),
        (
            "check = \"subject-codes\"\nexclude-tables = [1]",
            "exclude-tables",
        ),
        (
            "check = \"column-groups\"\ntotal-names = [\"合计\", 2]",
            "total-names",
        ),
        (
            "check = \"column-groups\"\nskip-columns = \"率\"",
            "skip-columns",
        ),
        (
            "check = \"column-groups\"\noptional-parts = [true]",
            "optional-parts",
        ),
        (
            "check = \"sections\"\nsections = \"工资福利支出\"",
            "sections",
        ),
        (
            "check = \"statement-totals\"\ntotal-labels = [[\"总计\"]]",
            "total-labels",
        ),
    ] {
        let e = param_error(text);
        assert_eq!(e.key.as_deref(), Some(key), "for {text:?}");
        assert_eq!(e.message, format!("`{key}` must be a list of strings"));
    }
}

#[test]
fn sections_must_name_a_section() {
    for text in [
        "check = \"sections\"",
        "check = \"sections\"\nsections = []",
    ] {
        let e = param_error(text);
        assert_eq!(e.key.as_deref(), Some("sections"), "for {text:?}");
        assert_eq!(e.message, "`sections` must name at least one section row");
    }
}

#[test]
fn malformed_groups_are_rejected() {
    let cases = [
        // missing, or not a list
        (
            "",
            "`groups` must be a list of { total = [...], parts = [...] }",
        ),
        (
            "groups = \"合计\"",
            "`groups` must be a list of { total = [...], parts = [...] }",
        ),
        // an item that is not a table
        (
            "groups = [\"合计\"]",
            "each group must be a table { total, parts }",
        ),
        // a group without parts, or without total
        (
            "groups = [{ total = [\"合计\"] }]",
            "each group needs `total` and `parts`",
        ),
        (
            "groups = [{ parts = [\"公务接待费\"] }]",
            "each group needs `total` and `parts`",
        ),
        (
            "groups = [{ total = [], parts = [\"公务接待费\"] }]",
            "each group needs `total` and `parts`",
        ),
        (
            "groups = [{ total = [\"合计\"], parts = [] }]",
            "each group needs `total` and `parts`",
        ),
        // names that are not strings
        (
            "groups = [{ total = [\"合计\"], parts = [1] }]",
            "`groups` must be a list of names or of lists of alternative names",
        ),
        (
            "groups = [{ total = [\"合计\"], parts = [[\"公务接待费\", 2]] }]",
            "`groups` must be a list of names or of lists of alternative names",
        ),
        (
            "groups = [{ total = 1, parts = [\"公务接待费\"] }]",
            "`groups` must be a list of names or of lists of alternative names",
        ),
    ];
    for (groups, message) in cases {
        let e = param_error(&format!("check = \"named-groups\"\n{groups}"));
        assert_eq!(e.key.as_deref(), Some("groups"), "for {groups:?}");
        assert_eq!(e.message, message, "for {groups:?}");
    }
}

#[test]
fn well_formed_groups_are_accepted() {
    let check = build_check(
        "table-sum",
        &params(
            r#"check = "named-groups"
groups = [
  { total = ["合计", "三公经费合计"], parts = [["因公出国（境）费", "因公出国（境）经费"], "公务接待费"] },
  { total = "公务用车购置及运行费", parts = ["公务用车购置费", "公务用车运行维护费"] },
]"#,
        ),
    );
    assert!(check.is_ok(), "{check:?}");
}

#[test]
fn the_builtin_table_sum_rules_have_valid_parameters() {
    let files = [
        include_str!("../../../rules/subject-code-sum.toml"),
        include_str!("../../../rules/column-total.toml"),
        include_str!("../../../rules/section-sum.toml"),
        include_str!("../../../rules/three-public-sum.toml"),
        include_str!("../../../rules/statement-total.toml"),
    ];
    for file in files {
        let rule: toml::Table = toml::from_str(file).expect("rule file is TOML");
        let id = rule["id"].as_str().unwrap_or("?");
        assert_eq!(rule["kind"].as_str(), Some("table-sum"), "{id}");
        let params = rule["params"].as_table().expect("[params]");
        if let Err(e) = build_check("table-sum", params) {
            panic!("{id}: {e:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// subject-codes

const SUBJECT_CODES: &str = r#"check = "subject-codes""#;

/// tunliu-2025 一般公共预算支出预算表, cut down; it adds up in every column.
const GENERAL_BUDGET: &str = "2025年一般公共预算支出预算表（不含上年结转）\n\
\n\
单位：万元\n\
\n\
科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
合计\t\t730.42\t456.66\t273.76\n\
208\t社会保障和就业支出\t47.53\t47.53\t\n\
20805\t行政事业单位养老支出\t47.53\t47.53\t\n\
210\t卫生健康支出\t644.75\t370.99\t273.76\n\
21011\t行政事业单位医疗\t20.39\t20.39\t\n\
21015\t医疗保障管理事务\t624.36\t350.60\t273.76\n\
221\t住房保障支出\t38.14\t38.14\t\n";

#[test]
fn subject_codes_that_add_up_are_silent() {
    let linted = lint(SUBJECT_CODES, "x.md", GENERAL_BUDGET);
    assert_eq!(linted.messages(), []);
}

#[test]
fn a_child_typed_wrong_is_an_error_at_the_parent_in_each_column() {
    // 20.39 typed 20.93 in both columns of 21011.
    let text = GENERAL_BUDGET.replace("20.39\t20.39", "20.93\t20.93");
    let linted = lint(SUBJECT_CODES, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [
            (
                Severity::Error,
                s("210 卫生健康支出｜合计｜644.75｜645.29｜-0.54｜下级科目")
            ),
            (
                Severity::Error,
                s("210 卫生健康支出｜基本支出｜370.99｜371.53｜-0.54｜下级科目")
            ),
        ]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(d.rule, "test-sum");
    assert_eq!(
        linted.primary(d),
        (9, s("644.75"), s("列示 644.75，应为 645.29"))
    );
    assert_eq!(
        linted.secondaries(d),
        [(10, s("20.93"), s("加数")), (11, s("624.36"), s("加数"))]
    );
    assert_eq!(
        d.notes,
        ["20.93 + 624.36 = 645.29", "差额 -0.54，舍入误差最多 ±0.015"]
    );
    assert_eq!(d.help, None);
    let d = &linted.diagnostics[1];
    assert_eq!(
        linted.primary(d),
        (9, s("370.99"), s("列示 370.99，应为 371.53"))
    );
    assert_eq!(
        linted.secondaries(d),
        [(10, s("20.93"), s("加数")), (11, s("350.60"), s("加数"))]
    );
    assert_eq!(
        d.notes,
        ["20.93 + 350.60 = 371.53", "差额 -0.54，舍入误差最多 ±0.015"]
    );
}

#[test]
fn the_total_row_must_equal_the_top_level_codes() {
    // 合计 copied from the 支出总表 (756.21, which includes the carry-over).
    let text = GENERAL_BUDGET.replace("合计\t\t730.42", "合计\t\t756.21");
    let linted = lint(SUBJECT_CODES, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("合计｜合计｜756.21｜730.42｜25.79｜各类级科目")
        )]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        linted.primary(d),
        (6, s("756.21"), s("列示 756.21，应为 730.42"))
    );
    assert_eq!(
        linted.secondaries(d),
        [
            (7, s("47.53"), s("加数")),
            (9, s("644.75"), s("加数")),
            (12, s("38.14"), s("加数")),
        ]
    );
    assert_eq!(
        d.notes,
        [
            "47.53 + 644.75 + 38.14 = 730.42",
            "差额 25.79，舍入误差最多 ±0.02"
        ]
    );
}

#[test]
fn an_empty_parent_cell_with_children_is_an_error() {
    // 210's 项目支出 cell left empty while 21015 has 273.76.
    let text = GENERAL_BUDGET.replace("644.75\t370.99\t273.76", "644.75\t370.99\t");
    let linted = lint(SUBJECT_CODES, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [
            (
                Severity::Error,
                s("210 卫生健康支出｜项目支出｜0｜273.76｜-273.76｜下级科目")
            ),
            // The 合计 row now has no part in that column at all.
            (
                Severity::Error,
                s("合计｜项目支出｜273.76｜0｜273.76｜各类级科目")
            ),
        ]
    );
    // No figure to point at: the primary label is on the row.
    let d = &linted.diagnostics[0];
    let (line, text, message) = linted.primary(d);
    assert_eq!((line, message.as_str()), (9, "列示 0，应为 273.76"));
    assert!(text.starts_with("210\t卫生健康支出"), "{text:?}");
    assert_eq!(linted.secondaries(d), [(11, s("273.76"), s("加数"))]);
    assert_eq!(
        d.notes,
        ["273.76 = 273.76", "差额 -273.76，舍入误差最多 ±0.005"]
    );
    // With no parts, the part rows themselves are labelled.
    let d = &linted.diagnostics[1];
    assert_eq!(
        linted.primary(d),
        (6, s("273.76"), s("列示 273.76，应为 0"))
    );
    let parts: Vec<(usize, String)> = linted
        .secondaries(d)
        .into_iter()
        .map(|(line, _, message)| (line, message))
        .collect();
    assert_eq!(
        parts,
        [
            (7, s("明细行（空）")),
            (9, s("明细行（空）")),
            (12, s("明细行（空）"))
        ]
    );
    assert_eq!(
        d.notes,
        ["(no parts) = 0", "差额 273.76，舍入误差最多 ±0.005"]
    );
}

/// tunliu-2024 一般公共预算支出预算表: 21015's items add up to 424.90 and 347.79.
const ROUNDED: &str = "2024年一般公共预算支出预算表（不含上年结转）\n\
\n\
单位：万元\n\
\n\
科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
21015\t医疗保障管理事务\t424.91\t347.80\t77.11\n\
2101501\t行政运行\t63.11\t63.11\t\n\
2101502\t一般行政管理事务\t30.00\t\t30.00\n\
2101504\t信息化建设\t10.11\t\t10.11\n\
2101550\t事业运行\t284.68\t284.68\t\n\
2101599\t其他医疗保障管理事务支出\t37.00\t\t37.00\n";

#[test]
fn a_difference_within_rounding_is_info() {
    let linted = lint(SUBJECT_CODES, "x.md", ROUNDED);
    assert_eq!(
        linted.messages(),
        [
            (
                Severity::Info,
                s("21015 医疗保障管理事务｜合计｜424.91｜424.90｜0.01｜下级科目")
            ),
            (
                Severity::Info,
                s("21015 医疗保障管理事务｜基本支出｜347.80｜347.79｜0.01｜下级科目")
            ),
        ]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        linted.primary(d),
        (6, s("424.91"), s("列示 424.91，应为 424.90"))
    );
    assert_eq!(linted.secondaries(d).len(), 5);
    // Five parts and the total, each off by up to 0.005.
    assert_eq!(
        d.notes,
        [
            "63.11 + 30.00 + 10.11 + 284.68 + 37.00 = 424.90",
            "差额 0.01，舍入误差最多 ±0.03"
        ]
    );
    assert_eq!(d.help.as_deref(), Some("差额在舍入误差范围内，不是错误"));
    let d = &linted.diagnostics[1];
    assert_eq!(
        d.notes,
        ["63.11 + 284.68 = 347.79", "差额 0.01，舍入误差最多 ±0.015"]
    );
}

#[test]
fn the_rounding_interval_is_half_a_cent_per_figure() {
    // Six figures (five parts and the total): up to 0.03 is rounding, 0.04 is not.
    let at_limit = lint(SUBJECT_CODES, "x.md", &ROUNDED.replace("424.91", "424.93"));
    assert_eq!(at_limit.diagnostics[0].severity, Severity::Info);
    assert_eq!(
        at_limit.diagnostics[0].notes[1],
        "差额 0.03，舍入误差最多 ±0.03"
    );
    let beyond = lint(SUBJECT_CODES, "x.md", &ROUNDED.replace("424.91", "424.94"));
    assert_eq!(
        beyond.messages()[0],
        (
            Severity::Error,
            s("21015 医疗保障管理事务｜合计｜424.94｜424.90｜0.04｜下级科目")
        )
    );
    assert_eq!(beyond.diagnostics[0].help, None);
}

#[test]
fn a_mismatch_takes_the_rule_severity_and_rounding_stays_info() {
    let text = ROUNDED.replace("347.80", "374.80");
    let linted = lint_as(
        SUBJECT_CODES,
        &meta(Severity::Warning),
        Lang::Zh,
        "x.md",
        &text,
    );
    let severities: Vec<Severity> = linted.diagnostics.iter().map(|d| d.severity).collect();
    assert_eq!(severities, [Severity::Info, Severity::Warning]);
}

#[test]
fn english_messages_and_labels() {
    let text = GENERAL_BUDGET.replace("20.39\t20.39", "20.93\t20.39");
    let linted = lint_as(
        SUBJECT_CODES,
        &meta(Severity::Error),
        Lang::En,
        "x.md",
        &text,
    );
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("en: 210 卫生健康支出｜合计｜644.75｜645.29｜-0.54｜its sub-items")
        )]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        linted.primary(d),
        (9, s("644.75"), s("stated 644.75, parts add up to 645.29"))
    );
    assert_eq!(
        linted.secondaries(d),
        [(10, s("20.93"), s("part")), (11, s("624.36"), s("part"))]
    );
    assert_eq!(
        d.notes,
        [
            "20.93 + 624.36 = 645.29",
            "difference -0.54; rounding explains at most ±0.015"
        ]
    );
}

#[test]
fn tables_and_exclude_tables_select_by_title() {
    let text = GENERAL_BUDGET.replace("20.39\t20.39", "20.93\t20.93");
    let only_other = lint(
        "check = \"subject-codes\"\ntables = [\"预算收入总表\"]",
        "x.md",
        &text,
    );
    assert_eq!(only_other.messages(), []);
    let excluded = lint(
        "check = \"subject-codes\"\nexclude-tables = [\"一般公共预算\"]",
        "x.md",
        &text,
    );
    assert_eq!(excluded.messages(), []);
    // Title matching ignores whitespace, so a spaced title still selects the table.
    let selected = lint(
        "check = \"subject-codes\"\ntables = [\"一般公共预算 支出预算表\"]",
        "x.md",
        &text,
    );
    assert_eq!(selected.diagnostics.len(), 2);
}

/// Plain text: two children lost their empty cell (no run of spaces left), so each of their
/// pairs of numbers may sit in 合计 + 基本支出, 合计 + 项目支出 or 基本支出 + 项目支出.
const AMBIGUOUS_CHILDREN: &str = "2024年一般公共预算支出预算表\n\
\n\
单位：万元\n\
\n\
科目编码 科目名称 合计 基本支出 项目支出\n\
\n\
21015 医疗保障管理事务 93.11 63.11 30.00\n\
\n\
2101501 行政运行 63.11 63.11\n\
\n\
2101502 一般行政管理事务 30.00 30.00\n";

#[test]
fn ambiguous_rows_are_silent_when_some_placement_adds_up() {
    let source = SourceFile::from_str("x.txt", AMBIGUOUS_CHILDREN);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    // The premise: the parser could not place the children's numbers.
    assert!(table.rows[1..].iter().all(|r| !r.is_settled()), "{table:?}");
    let linted = lint(SUBJECT_CODES, "x.txt", AMBIGUOUS_CHILDREN);
    assert_eq!(linted.messages(), []);
}

#[test]
fn ambiguous_rows_are_an_error_when_no_placement_adds_up() {
    // 30.00 typed 3.00 in the second column of 2101502: no column can take it.
    let text = AMBIGUOUS_CHILDREN.replace(
        "一般行政管理事务 30.00 30.00",
        "一般行政管理事务 30.00 3.00",
    );
    let linted = lint(SUBJECT_CODES, "x.txt", &text);
    assert_eq!(linted.diagnostics.len(), 1, "{:?}", linted.messages());
    let d = &linted.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    // The row, the column and the stated figure. (The `expected` argument is left unchecked
    // here: it is currently the sum of every number of the part rows across all columns.)
    let fields: Vec<&str> = d.message.split('｜').collect();
    assert_eq!(fields[..3], ["21015 医疗保障管理事务", "任一列", "93.11"]);
    assert_eq!(fields[4..], ["?", "下级科目"]);
    assert_eq!(
        linted.primary(d),
        (
            7,
            s("21015 医疗保障管理事务 93.11 63.11 30.00"),
            s("无论各数如何归列，合计都不相符")
        )
    );
    assert_eq!(
        linted.secondaries(d),
        [
            (9, s("2101501 行政运行 63.11 63.11"), s("明细行")),
            (11, s("2101502 一般行政管理事务 30.00 3.00"), s("明细行")),
        ]
    );
    assert_eq!(
        d.notes,
        [
            "空单元格在纯文本中消失，数字所在的列无法确定；已尝试所有可能的列位置，没有一种能使各列相加相符"
        ]
    );
}

#[test]
fn a_code_listed_twice_leaves_its_family_alone() {
    // A table continued after a page break may repeat a row; the family is then not certain.
    let text = GENERAL_BUDGET.replace(
        "21011\t行政事业单位医疗\t20.39\t20.39\t\n",
        "21011\t行政事业单位医疗\t20.39\t20.39\t\n21011\t行政事业单位医疗\t20.39\t20.39\t\n",
    );
    let linted = lint(SUBJECT_CODES, "x.md", &text);
    assert_eq!(linted.messages(), []);
}
