//! Tests of the `table-sum` kind: parameter handling, and every check on small tables cut from
//! the corpus (figures changed where a test needs a mistake), read through the real parser.

use super::*;
use crate::diagnostic::Severity;
use crate::engine::RuleMeta;
use crate::kinds::build_check;
use crate::source::SourceFile;

/// Every message argument in one string, so a test sees exactly what the check filled in.
const MESSAGE: &str = "{row}｜{column}｜{stated}｜{expected}｜{difference}｜{parts}";

fn meta(severity: Severity) -> RuleMeta {
    RuleMeta {
        id: "test-sum".to_string(),
        kind: "table-sum".to_string(),
        severity,
        summary: String::new(),
        summary_zh: None,
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
        identity: &std::sync::OnceLock::new(),
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
        "unknown check `subject-code` (expected subject-codes, column-groups, sections, named-groups, statement-totals, numbered-lines or year-change)"
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
fn projects_carrying_a_subject_code_are_no_top_level_subjects() {
    // A 项目支出表 whose projects carry their 功能分类科目: some rows have a code, some not;
    // the 合计 is the sum of the projects, not of the coded rows.
    let text = "项目支出表\n\
单位：万元\n\
\n\
科目编码\t项目名称\t合计\t一般公共预算\n\
合计\t\t2471.25\t2471.25\n\
2010399\t镇机关综合运转保障经费\t123.45\t123.45\n\
2130153\t高标准农田建设配套项目\t1765.43\t1765.43\n\
\t城镇老旧小区基础设施配套改造项目\t582.37\t582.37\n";
    let linted = lint(SUBJECT_CODES, "x.md", text);
    assert_eq!(linted.messages(), []);
    // Every row coded: the 合计 is checked against them.
    let coded = GENERAL_BUDGET.replace("730.42\t456.66", "740.42\t456.66");
    let linted = lint(SUBJECT_CODES, "x.md", &coded);
    assert_eq!(linted.messages().len(), 1, "{:?}", linted.messages());
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
            // The 合计 row (above) now has no part in that column at all.
            (
                Severity::Error,
                s("合计｜项目支出｜273.76｜0｜273.76｜各类级科目")
            ),
            (
                Severity::Error,
                s("210 卫生健康支出｜项目支出｜0｜273.76｜-273.76｜下级科目")
            ),
        ]
    );
    // No figure to point at: the primary label is on the row.
    let d = &linted.diagnostics[1];
    let (line, text, message) = linted.primary(d);
    assert_eq!((line, message.as_str()), (9, "列示 0，应为 273.76"));
    assert!(text.starts_with("210\t卫生健康支出"), "{text:?}");
    assert_eq!(linted.secondaries(d), [(11, s("273.76"), s("加数"))]);
    assert_eq!(
        d.notes,
        ["273.76 = 273.76", "差额 -273.76，舍入误差最多 ±0.005"]
    );
    // With no parts, the part rows themselves are labelled.
    let d = &linted.diagnostics[0];
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
fn ambiguous_rows_are_placed_when_one_placement_of_them_all_adds_up() {
    // Only 行政运行 in 基本支出 and 一般行政管理事务 in 项目支出 make 21015's columns add up.
    let source = SourceFile::from_str("x.txt", AMBIGUOUS_CHILDREN);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    assert_eq!(table.rows[1].placement, [0, 1], "{table:?}");
    assert_eq!(table.rows[2].placement, [0, 2], "{table:?}");
    assert!(table.rows[1..].iter().all(|r| r.is_settled()));
    let linted = lint(SUBJECT_CODES, "x.txt", AMBIGUOUS_CHILDREN);
    assert_eq!(linted.messages(), []);
}

#[test]
fn ambiguous_rows_are_silent_when_some_placement_adds_up() {
    // Two children alike: either may be the 基本支出 one, so neither is placed.
    let text = AMBIGUOUS_CHILDREN
        .replace("93.11 63.11 30.00", "60.00 30.00 30.00")
        .replace("行政运行 63.11 63.11", "行政运行 30.00 30.00");
    let source = SourceFile::from_str("x.txt", &text);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    // The premise: the parser could not place the children's numbers.
    assert!(table.rows[1..].iter().all(|r| !r.is_settled()), "{table:?}");
    let linted = lint(SUBJECT_CODES, "x.txt", &text);
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
    // No column is known, so the message says what was established rather than a figure.
    assert_eq!(
        d.message,
        "21015 医疗保障管理事务 的数字无论归入哪些列，都与下级科目之和不符"
    );
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("2101502 一般行政管理事务：30.00、3.00")),
        "{:?}",
        d.notes
    );
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
            "2101501 行政运行：63.11、63.11，可能的列位置 3 种",
            "2101502 一般行政管理事务：30.00、3.00，可能的列位置 3 种",
            "空单元格在纯文本中消失，这些数字所在的列无法确定；已逐一尝试所有可能的列位置，没有一种能使各列相符",
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

// ---------------------------------------------------------------------------------------------
// column-groups

/// The parameters of the built-in `column-total` rule.
const COLUMN_GROUPS: &str = r#"check = "column-groups"
total-names = ["合计", "小计", "总计"]
optional-parts = ["上年结转", "结转", "结余"]
skip-columns = ["率", "%", "％", "增减", "增长", "比上年", "变动"]"#;

/// tunliu-2025 预算支出总表, with 21015's 基本支出 350.60 typed 305.60.
const EXPENDITURE: &str = "2025年预算支出总表\n\
\n\
单位：万元\n\
\n\
科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
210\t卫生健康支出\t670.54\t370.99\t299.55\n\
21015\t医疗保障管理事务\t650.15\t305.60\t299.55\n\
2101501\t行政运行\t59.21\t59.21\t\n";

#[test]
fn a_total_column_must_equal_its_sibling_columns() {
    let linted = lint(COLUMN_GROUPS, "x.md", EXPENDITURE);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("21015 医疗保障管理事务｜合计｜650.15｜605.15｜45.00｜基本支出 + 项目支出")
        )]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        linted.primary(d),
        (7, s("650.15"), s("列示 650.15，应为 605.15"))
    );
    assert_eq!(
        linted.secondaries(d),
        [(7, s("305.60"), s("加数")), (7, s("299.55"), s("加数"))]
    );
    assert_eq!(
        d.notes,
        [
            "305.60 + 299.55 = 605.15",
            "差额 45.00，舍入误差最多 ±0.015"
        ]
    );
    let fixed = lint(
        COLUMN_GROUPS,
        "x.md",
        &EXPENDITURE.replace("305.60", "350.60"),
    );
    assert_eq!(fixed.messages(), []);
}

#[test]
fn a_total_column_off_by_rounding_is_info() {
    // tunliu-2024 预算支出总表: 446.47 stated, 348.78 + 97.70 = 446.48.
    let text = "2024年预算支出总表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
21015\t医疗保障管理事务\t446.47\t348.78\t97.70\n";
    let linted = lint(COLUMN_GROUPS, "x.md", text);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Info,
            s("21015 医疗保障管理事务｜合计｜446.47｜446.48｜-0.01｜基本支出 + 项目支出")
        )]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        d.notes,
        ["348.78 + 97.70 = 446.48", "差额 -0.01，舍入误差最多 ±0.015"]
    );
    assert_eq!(d.help.as_deref(), Some("差额在舍入误差范围内，不是错误"));
}

/// dongchangfu 一般公共预算支出情况表: 合计 = 基本支出 (its 小计) + 项目支出, and
/// 小计 = 人员支出 + 日常公用支出.
const NESTED_HEADER: &str = "一般公共预算支出情况表\n\
\n\
单位: 万元\n\
\n\
| 科目编码 | | | 科目名称 | 合计 | 基本支出 | | | 项目支出 |\n\
|------|----|----|--------------------|-----------|--------|--------|--------|-----------|\n\
| 类 | 款 | 项 | | | 小计 | 人员支出 | 日常公用支出 | |\n\
| 210 | | | 卫生健康支出 | 13,841.32 | 611.37 | 579.00 | 32.37 | 13,229.95 |\n\
| | 11 | | 行政事业单位医疗 | 1,225.73 | 25.73 | 25.73 | | 1,200.00 |\n";

#[test]
fn nested_header_groups_are_checked_level_by_level() {
    assert_eq!(lint(COLUMN_GROUPS, "x.md", NESTED_HEADER).messages(), []);
    // 579.00 typed 597.00: only 小计 is wrong; 合计 counts 基本支出 by its 小计.
    let linted = lint(
        COLUMN_GROUPS,
        "x.md",
        &NESTED_HEADER.replace("| 579.00 |", "| 597.00 |"),
    );
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("210 卫生健康支出｜小计｜611.37｜629.37｜-18.00｜人员支出 + 日常公用支出")
        )]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        linted.primary(d),
        (8, s("611.37"), s("列示 611.37，应为 629.37"))
    );
    assert_eq!(
        linted.secondaries(d),
        [(8, s("597.00"), s("加数")), (8, s("32.37"), s("加数"))]
    );
    // 项目支出 13,229.95 typed 13,292.95: 合计 is wrong, 小计 is not.
    let linted = lint(
        COLUMN_GROUPS,
        "x.md",
        &NESTED_HEADER.replace("| 13,229.95 |", "| 13,292.95 |"),
    );
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("210 卫生健康支出｜合计｜13841.32｜13904.32｜-63.00｜小计 + 项目支出")
        )]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        linted.primary(d),
        (8, s("13,841.32"), s("列示 13841.32，应为 13904.32"))
    );
    assert_eq!(
        linted.secondaries(d),
        [(8, s("611.37"), s("加数")), (8, s("13,292.95"), s("加数"))]
    );
}

/// 合计 = 当年预算安排 + 上年结转安排 in one template, 合计 = 当年预算安排 in another.
const CARRY_OVER: &str = "2025年预算支出安排表\n\
\n\
单位：万元\n\
\n\
项目\t合计\t当年预算安排\t上年结转安排\n\
卫生健康支出\t670.54\t644.75\t25.79\n\
医疗保障管理事务\t624.36\t624.36\t25.79\n\
社会保障和就业支出\t47.53\t47.53\t\n";

#[test]
fn a_carry_over_column_may_or_may_not_be_in_the_total() {
    // 670.54 includes the carry-over, 624.36 does not: both readings are accepted.
    assert_eq!(lint(COLUMN_GROUPS, "x.md", CARRY_OVER).messages(), []);
    // Without `optional-parts`, the row whose 合计 leaves the carry-over out is an error.
    let strict = lint("check = \"column-groups\"", "x.md", CARRY_OVER);
    assert_eq!(
        strict.messages(),
        [(
            Severity::Error,
            s("医疗保障管理事务｜合计｜624.36｜650.15｜-25.79｜当年预算安排 + 上年结转安排")
        )]
    );
}

#[test]
fn a_row_that_fits_neither_carry_over_reading_is_an_error() {
    let text = CARRY_OVER.replace("670.54\t644.75", "607.54\t644.75");
    let linted = lint(COLUMN_GROUPS, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("卫生健康支出｜合计｜607.54｜644.75｜-37.21｜当年预算安排")
        )]
    );
    // The other rows decide the reading once for the table: 医疗保障管理事务 (624.36) leaves the
    // carry-over out, so 卫生健康支出 is compared without it.
    assert_eq!(
        linted.diagnostics[0].notes,
        ["644.75 = 644.75", "差额 -37.21，舍入误差最多 ±0.01"]
    );
}

#[test]
fn a_group_with_a_rate_column_is_skipped() {
    // 237.76 for 273.76 would be an error, but the group also holds a growth rate.
    let with_rate = "2025年一般公共预算支出表\n\n单位：万元\n\n\
科目编码\t科目名称\t合计\t基本支出\t项目支出\t增长率（%）\n\
210\t卫生健康支出\t644.75\t370.99\t237.76\t38.04\n";
    assert_eq!(lint(COLUMN_GROUPS, "x.md", with_rate).messages(), []);
    // The same row without the rate column is checked.
    let without_rate = "2025年一般公共预算支出表\n\n单位：万元\n\n\
科目编码\t科目名称\t合计\t基本支出\t项目支出\n\
210\t卫生健康支出\t644.75\t370.99\t237.76\n";
    assert_eq!(
        lint(COLUMN_GROUPS, "x.md", without_rate).messages(),
        [(
            Severity::Error,
            s("210 卫生健康支出｜合计｜644.75｜608.75｜36.00｜基本支出 + 项目支出")
        )]
    );
}

#[test]
fn a_column_named_like_a_total_is_the_total() {
    // A final-accounts header: the total column is called 本年支出合计.
    let text = "支出决算表\n\n单位：万元\n\n\
科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出\n\
212\t城乡社区支出\t3845.24\t1585.59\t2295.65\n";
    // A name ending in 合计 is a total column by default.
    let named = lint(COLUMN_GROUPS, "x.md", text);
    assert_eq!(
        named.messages(),
        [(
            Severity::Error,
            s("212 城乡社区支出｜本年支出合计｜3845.24｜3881.24｜-36.00｜基本支出 + 项目支出")
        )]
    );
}

#[test]
fn an_ambiguous_row_is_judged_by_its_best_placement() {
    // tunliu-2024 表五 in plain text; 2101502 lost the run of spaces its empty cell left.
    let text = "2024年一般公共预算支出预算表\n\n单位：万元\n\n科目编码 科目名称 合计 基本支出 项目支出\n\n\
2101501 行政运行 63.11 63.11  \n\n\
2101502 一般行政管理事务 30.00 30.00\n\n\
2101504 信息化建设 10.11  10.11\n";
    let source = SourceFile::from_str("x.txt", text);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    assert!(!table.rows[1].is_settled(), "{:?}", table.rows[1]);
    assert_eq!(lint(COLUMN_GROUPS, "x.txt", text).messages(), []);
    // 30.00 typed 3.00: whichever columns the two numbers sit in, the row does not add up.
    let wrong = text.replace("30.00 30.00", "30.00 3.00");
    let linted = lint(COLUMN_GROUPS, "x.txt", &wrong);
    assert_eq!(linted.diagnostics.len(), 1, "{:?}", linted.messages());
    let d = &linted.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(
        d.message,
        "2101502 一般行政管理事务 的数字无论归入哪些列，都与基本支出 + 项目支出之和不符"
    );
    assert_eq!(
        linted.primary(d),
        (
            9,
            s("2101502 一般行政管理事务 30.00 3.00"),
            s("无论各数如何归列，合计都不相符")
        )
    );
    assert_eq!(linted.secondaries(d), []);
}

#[test]
fn unnamed_columns_are_not_grouped() {
    // A plain-text header the reader could not name: no column is known to be a total.
    let text = "2024年预算收入总表\n\n单位：万元\n\n项目 本年收入\n\n\
208 社会保障和就业支出 47.83 74.83\n\n210 卫生健康支出 445.42 445.42\n";
    let source = SourceFile::from_str("x.txt", text);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    let leaves: Vec<&str> = table.columns.iter().map(|c| c.leaf.as_str()).collect();
    assert_eq!(leaves, ["列1", "列2"]);
    assert_eq!(lint(COLUMN_GROUPS, "x.txt", text).messages(), []);
}

// ---------------------------------------------------------------------------------------------
// sections

/// The parameters of the built-in `section-sum` rule.
const SECTIONS: &str = r#"check = "sections"
sections = ["工资福利支出", "商品和服务支出", "对个人和家庭的补助", "对个人和家庭补助", "资本性支出"]"#;

/// tunliu-2025 基本支出分经济科目表: 工资福利支出 435.80 against items adding up to 435.79.
const ECONOMIC: &str = "2025年一般公共预算安排基本支出分经济科目表（不含上年结转）\n\
\n\
单位：万元\n\
\n\
部门预算支出经济科目名称\t政府预算支出经济科目名称\t2025年预算数\t\t\n\
\t\t合计\t人员经费\t公用经费\n\
合计\t\t456.66\t439.58\t17.08\n\
工资福利支出\t\t435.80\t435.80\t\n\
基本工资\t工资奖金津补贴\t176.96\t176.96\t\n\
津贴补贴\t工资奖金津补贴\t34.92\t34.92\t\n\
奖金\t工资奖金津补贴\t3.54\t3.54\t\n\
绩效工资\t工资福利支出\t106.25\t106.25\t\n\
机关事业单位基本养老保险缴费\t社会保障缴费\t47.53\t47.53\t\n\
职工基本医疗保险缴费\t社会保障缴费\t20.20\t20.20\t\n\
其他社会保障缴费\t社会保障缴费\t3.24\t3.24\t\n\
住房公积金\t住房公积金\t38.14\t38.14\t\n\
其他工资福利支出\t其他工资福利支出\t5.01\t5.01\t\n\
商品和服务支出\t\t17.08\t\t17.08\n\
办公费\t办公经费\t7.00\t\t7.00\n\
邮电费\t办公经费\t0.12\t\t0.12\n\
差旅费\t办公经费\t1.70\t\t1.70\n\
其他交通费用\t办公经费\t3.75\t\t3.75\n\
其他商品和服务支出\t其他商品和服务支出\t4.51\t\t4.51\n\
对个人和家庭的补助\t\t3.78\t3.78\t\n\
退休费\t离退休费\t3.78\t3.78\t\n";

#[test]
fn a_section_off_by_rounding_is_info_and_the_total_equals_the_sections() {
    let linted = lint(SECTIONS, "x.md", ECONOMIC);
    assert_eq!(
        linted.messages(),
        [
            (
                Severity::Info,
                s("工资福利支出｜合计｜435.80｜435.79｜0.01｜其下各项")
            ),
            (
                Severity::Info,
                s("工资福利支出｜人员经费｜435.80｜435.79｜0.01｜其下各项")
            ),
        ]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        linted.primary(d),
        (8, s("435.80"), s("列示 435.80，应为 435.79"))
    );
    let lines: Vec<usize> = linted.secondaries(d).iter().map(|l| l.0).collect();
    assert_eq!(lines, (9..=17).collect::<Vec<_>>());
    assert_eq!(
        d.notes,
        [
            "176.96 + 34.92 + 3.54 + 106.25 + 47.53 + 20.20 + 3.24 + 38.14 + 5.01 = 435.79",
            "差额 0.01，舍入误差最多 ±0.05"
        ]
    );
    assert_eq!(d.help.as_deref(), Some("差额在舍入误差范围内，不是错误"));
}

#[test]
fn a_section_beyond_rounding_is_an_error() {
    // 邮电费 0.12 typed 0.21 in both columns.
    let linted = lint(
        SECTIONS,
        "x.md",
        &ECONOMIC.replace("0.12\t\t0.12", "0.21\t\t0.21"),
    );
    let errors: Vec<(Severity, String)> = linted
        .messages()
        .into_iter()
        .filter(|m| m.0 == Severity::Error)
        .collect();
    assert_eq!(
        errors,
        [
            (
                Severity::Error,
                s("商品和服务支出｜合计｜17.08｜17.17｜-0.09｜其下各项")
            ),
            (
                Severity::Error,
                s("商品和服务支出｜公用经费｜17.08｜17.17｜-0.09｜其下各项")
            ),
        ]
    );
    let d = linted
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .expect("an error");
    assert_eq!(
        linted.primary(d),
        (18, s("17.08"), s("列示 17.08，应为 17.17"))
    );
    assert_eq!(
        d.notes,
        [
            "7.00 + 0.21 + 1.70 + 3.75 + 4.51 = 17.17",
            "差额 -0.09，舍入误差最多 ±0.03"
        ]
    );
}

#[test]
fn the_total_row_must_equal_the_sections() {
    let linted = lint(SECTIONS, "x.md", &ECONOMIC.replace("456.66", "465.66"));
    let errors: Vec<&Diagnostic> = linted
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", linted.messages());
    assert_eq!(
        errors[0].message,
        "合计｜合计｜465.66｜456.66｜9.00｜各大类"
    );
    assert_eq!(
        linted.secondaries(errors[0]),
        [
            (8, s("435.80"), s("加数")),
            (18, s("17.08"), s("加数")),
            (24, s("3.78"), s("加数")),
        ]
    );
}

#[test]
fn one_section_name_alone_is_not_a_breakdown() {
    // A table listing 工资福利支出 once, as a category among others, is not sectioned.
    let text = "2025年人员经费表\n\n单位：万元\n\n项目\t合计\n\
工资福利支出\t435.80\n基本工资\t176.96\n津贴补贴\t34.92\n";
    assert_eq!(lint(SECTIONS, "x.md", text).messages(), []);
}

#[test]
fn tables_with_codes_are_left_to_subject_codes() {
    let linted = lint(
        "check = \"sections\"\nsections = [\"卫生健康支出\", \"住房保障支出\"]",
        "x.md",
        &GENERAL_BUDGET.replace("20.39\t20.39", "20.93\t20.93"),
    );
    assert_eq!(linted.messages(), []);
}

#[test]
fn an_ambiguous_section_row_is_silent_when_some_placement_adds_up() {
    // tunliu-2024 表六 in plain text; the 对个人和家庭的补助 row lost its runs of spaces.
    let text = "2024年一般公共预算安排基本支出分经济科目表\n\n单位：万元\n\n合计 人员经费 公用经费\n\n\
合计 452.01 438.33 13.68\n\n\
工资福利支出  435.08 435.08  \n\n\
基本工资 工资奖金津补贴 176.66 176.66  \n\n\
绩效工资 工资福利支出 258.42 258.42  \n\n\
商品和服务支出  13.68  13.68\n\n\
办公费 办公经费 13.68  13.68\n\n\
对个人和家庭的补助 3.25 3.25\n\n\
退休费 离退休费 3.25 3.25  \n";
    let source = SourceFile::from_str("x.txt", text);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    let ambiguous: Vec<String> = table
        .rows
        .iter()
        .filter(|r| !r.is_settled())
        .map(|r| r.name())
        .collect();
    assert_eq!(ambiguous, ["对个人和家庭的补助"]);
    assert_eq!(lint(SECTIONS, "x.txt", text).messages(), []);
    // 3.25 typed 3.52 in the second column: neither the section nor 合计 can add up.
    let wrong = text.replace(
        "对个人和家庭的补助 3.25 3.25",
        "对个人和家庭的补助 3.25 3.52",
    );
    let linted = lint(SECTIONS, "x.txt", &wrong);
    let found: Vec<(Severity, usize, String)> = linted
        .diagnostics
        .iter()
        .map(|d| {
            let (line, _, label) = linted.primary(d);
            (d.severity, line, label)
        })
        .collect();
    assert_eq!(
        found,
        [
            (Severity::Error, 7, s("无论各数如何归列，合计都不相符")),
            (Severity::Error, 19, s("无论各数如何归列，合计都不相符")),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// named-groups

/// The parameters of the built-in `three-public-sum` rule.
const THREE_PUBLIC: &str = r#"check = "named-groups"
tables = ["三公"]
groups = [
  { total = ["合计", "三公经费合计", "三公经费"], parts = [["因公出国（境）费", "因公出国（境）经费", "因公出国（境）费用"], ["公务用车购置及运行费", "公务用车购置及运行维护费"], ["公务接待费"]] },
  { total = ["公务用车购置及运行费", "公务用车购置及运行维护费"], parts = [["公务用车购置费", "公务用车购置经费", "购置费"], ["公务用车运行维护费", "公务用车运行费", "公务用车运行维护经费", "运行维护费", "运行费"]] },
]"#;

/// tunliu-2024 三公 table (1.00 for vehicles), with 0.50 of 公务接待费 added and 合计 not updated.
const THREE_PUBLIC_TABLE: &str = "2024年财政拨款安排“三公”经费支出预算表\n\
\n\
单位：万元\n\
\n\
项目\t2024年预算数\t\t\t\n\
\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算\n\
因公出国（境）费\t\t\t\t\n\
公务接待费\t0.50\t0.50\t\t\n\
公务用车购置及运行费\t1.00\t1.00\t\t\n\
①公务用车购置费\t\t\t\t\n\
②公务用车运行维护费\t1.00\t1.00\t\t\n\
合计\t1.00\t1.00\t\t\n";

#[test]
fn named_groups_sum_rows_by_name() {
    let linted = lint(THREE_PUBLIC, "x.md", THREE_PUBLIC_TABLE);
    let parts = "因公出国（境）费 + 公务用车购置及运行费 + 公务接待费";
    assert_eq!(
        linted.messages(),
        [
            (
                Severity::Error,
                format!("合计｜合计｜1.00｜1.50｜-0.50｜{parts}")
            ),
            (
                Severity::Error,
                format!("合计｜一般公共预算｜1.00｜1.50｜-0.50｜{parts}")
            ),
        ]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        linted.primary(d),
        (12, s("1.00"), s("列示 1.00，应为 1.50"))
    );
    // Parts in the order the group names them; the empty 因公出国（境）费 row adds nothing.
    assert_eq!(
        linted.secondaries(d),
        [(9, s("1.00"), s("加数")), (8, s("0.50"), s("加数"))]
    );
    assert_eq!(
        d.notes,
        ["1.00 + 0.50 = 1.50", "差额 -0.50，舍入误差最多 ±0.015"]
    );
    let updated = THREE_PUBLIC_TABLE.replace("合计\t1.00\t1.00", "合计\t1.50\t1.50");
    assert_eq!(lint(THREE_PUBLIC, "x.md", &updated).messages(), []);
}

#[test]
fn the_second_group_checks_the_vehicle_line() {
    // ②公务用车运行维护费 1.00 typed 0.10; the total of the vehicle line stays 1.00.
    let text = THREE_PUBLIC_TABLE
        .replace(
            "②公务用车运行维护费\t1.00\t1.00",
            "②公务用车运行维护费\t0.10\t0.10",
        )
        .replace("合计\t1.00\t1.00", "合计\t1.50\t1.50");
    let linted = lint(THREE_PUBLIC, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [
            (
                Severity::Error,
                s(
                    "公务用车购置及运行费｜合计｜1.00｜0.10｜0.90｜公务用车购置费 + 公务用车运行维护费"
                )
            ),
            (
                Severity::Error,
                s(
                    "公务用车购置及运行费｜一般公共预算｜1.00｜0.10｜0.90｜公务用车购置费 + 公务用车运行维护费"
                )
            ),
        ]
    );
}

#[test]
fn parts_numbered_in_parentheses_or_led_by_qizhong_are_named_parts() {
    // `其中：（1）公务用车购置费` / `（2）公务用车运行维护费` (Sichuan, Hubei templates): the
    // lead-in and the enumerator are not the name; 运行维护费 0.10 against a vehicle line of 1.00.
    let text = THREE_PUBLIC_TABLE
        .replace("①公务用车购置费", "其中：（1）公务用车购置费")
        .replace(
            "②公务用车运行维护费\t1.00\t1.00",
            "（2）公务用车运行维护费\t0.10\t0.10",
        )
        .replace("合计\t1.00\t1.00", "合计\t1.50\t1.50");
    let linted = lint(THREE_PUBLIC, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [
            (
                Severity::Error,
                s(
                    "公务用车购置及运行费｜合计｜1.00｜0.10｜0.90｜公务用车购置费 + 公务用车运行维护费"
                )
            ),
            (
                Severity::Error,
                s(
                    "公务用车购置及运行费｜一般公共预算｜1.00｜0.10｜0.90｜公务用车购置费 + 公务用车运行维护费"
                )
            ),
        ]
    );
    // A name that is only a parenthesised number keeps it.
    assert_eq!(plain_text_name("（1）"), "（1）");
}

#[test]
fn named_groups_apply_only_to_the_tables_named() {
    let text = THREE_PUBLIC_TABLE.replace("“三公”经费支出预算表", "机关运行经费预算表");
    assert_eq!(lint(THREE_PUBLIC, "x.md", &text).messages(), []);
}

#[test]
fn a_part_named_twice_leaves_the_group_alone() {
    let text = THREE_PUBLIC_TABLE.replace(
        "公务接待费\t0.50\t0.50\t\t\n",
        "公务接待费\t0.50\t0.50\t\t\n公务接待费\t0.50\t0.50\t\t\n",
    );
    assert_eq!(lint(THREE_PUBLIC, "x.md", &text).messages(), []);
}

/// The header of `dongchangfu-2024-budget.md` (line 254), 2024 only, as a pipe table: the
/// 三公 names are columns and the figures one row under them.
const THREE_PUBLIC_HORIZONTAL: &str = "一般公共预算“三公”经费支出情况表\n\
\n\
单位: 万元\n\
\n\
| 2024 年预算数 | | | | | |\n\
|---|---|---|---|---|---|\n\
| 合计 | 因公出国 (境) 经费 | 公务用车购置及运行维护费 | | | 公务接待费 |\n\
| | | 小计 | 公务用车购置 经费 | 公务用车运行 维护费 | |\n\
| 6.20 | 0.00 | 4.20 | 0.00 | 4.20 | 2.00 |\n";

#[test]
fn named_groups_sum_columns_when_the_names_are_in_the_header() {
    assert_eq!(
        lint(THREE_PUBLIC, "x.md", THREE_PUBLIC_HORIZONTAL).messages(),
        []
    );
    let text = THREE_PUBLIC_HORIZONTAL.replace("| 4.20 | 2.00 |", "| 4.20 | 1.00 |");
    let linted = lint(THREE_PUBLIC, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s(
                "（未命名行）｜2024年预算数/合计｜6.20｜5.20｜1.00｜因公出国（境）费 + 公务用车购置及运行费 + 公务接待费"
            )
        )]
    );
    // The car's 小计 against its two columns.
    let text = THREE_PUBLIC_HORIZONTAL.replace("| 4.20 | 0.00 | 4.20 |", "| 4.20 | 0.00 | 3.20 |");
    let linted = lint(THREE_PUBLIC, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s(
                "（未命名行）｜2024年预算数/公务用车购置及运行维护费/小计｜4.20｜3.20｜1.00｜公务用车购置费 + 公务用车运行维护费"
            )
        )]
    );
}

#[test]
fn a_plain_total_beside_other_columns_is_not_taken_for_the_three_public_total() {
    // 合计 beside 会议费 may include it: no 三公 equation without a “三公”经费 cell over 小计.
    let text = "“三公”经费、会议费支出预算表\n\
\n\
单位：万元\n\
\n\
| 合计 | 因公出国（境）费 | 公务用车购置及运行费 | 公务接待费 | 会议费 |\n\
|---|---|---|---|---|\n\
| 10.00 | 1.00 | 2.00 | 3.00 | 4.00 |\n";
    assert_eq!(lint(THREE_PUBLIC, "x.md", text).messages(), []);
    let grouped = "“三公”经费、会议费支出预算表\n\
\n\
单位：万元\n\
\n\
| 合计 | “三公”经费 | | | | 会议费 |\n\
|---|---|---|---|---|---|\n\
| | 小计 | 因公出国（境）费 | 公务用车购置及运行费 | 公务接待费 | |\n\
| 10.00 | 7.00 | 1.00 | 2.00 | 3.00 | 4.00 |\n";
    let linted = lint(THREE_PUBLIC, "x.md", grouped);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s(
                "（未命名行）｜“三公”经费/小计｜7.00｜6.00｜1.00｜因公出国（境）费 + 公务用车购置及运行费 + 公务接待费"
            )
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// statement-totals

const STATEMENT_TOTALS: &str = r#"check = "statement-totals""#;

/// tunliu-2025 财政拨款收支总表, cut down; both halves add up.
const STATEMENT: &str = "2025年财政拨款收支总表\n\
\n\
单位：万元\n\
\n\
收入\t\t支出\t\t\t\n\
项目\t金额\t项目\t金额\t\t\n\
\t\t\t小计\t一般公共预算\t政府性基金预算\n\
一、一般公共预算\t730.42\t一、一般公共服务支出\t\t\t\n\
二、政府性基金预算\t\t八、社会保障和就业支出\t47.53\t47.53\t\n\
\t\t十、卫生健康支出\t670.54\t670.54\t\n\
\t\t二十、住房保障支出\t38.14\t38.14\t\n\
本年收入合计\t730.42\t本年支出合计\t756.21\t756.21\t\n\
上年财政拨款结转\t25.79\t年终结转\t\t\t\n\
一、一般公共预算\t25.79\t\t\t\t\n\
收入总计\t756.21\t支出总计\t756.21\t756.21\t\n";

#[test]
fn a_statement_that_adds_up_is_silent() {
    // The numbered line under 上年财政拨款结转 is its breakdown, not counted twice.
    assert_eq!(lint(STATEMENT_TOTALS, "x.md", STATEMENT).messages(), []);
}

/// Gansu's 部门收支总表: the expenditure side by kind (`一、基本支出  二、项目支出`), then by
/// function (`（一）社会保障和就业支出 …`), both adding up to 本年支出合计.
const STATEMENT_TWO_BREAKDOWNS: &str = "部门收支总表\n\
\n\
单位：万元\n\
\n\
项目\t2026年预算数\t项目\t2026年预算数\n\
一、一般公共预算拨款收入\t7915.83\t一、基本支出\t2321.53\n\
二、政府性基金预算拨款收入\t150.00\t二、项目支出\t6279.30\n\
三、事业收入\t535.00\t（一）社会保障和就业支出\t328.96\n\
\t\t（二）卫生健康支出\t7964.89\n\
\t\t（三）住房保障支出\t156.98\n\
\t\t（四）其他支出\t150.00\n\
本年收入合计\t8600.83\t本年支出合计\t8600.83\n\
上年结转\t0.00\t结转下年\t0.00\n\
收入总计\t8600.83\t支出总计\t8600.83\n";

#[test]
fn lines_under_the_last_category_adding_up_to_all_of_them_are_a_second_breakdown() {
    let params = builtin_statement_params();
    assert_eq!(
        lint(&params, "x.md", STATEMENT_TWO_BREAKDOWNS).messages(),
        []
    );
    // Lines that add up to neither are still the last category's breakdown, and wrong.
    let text = STATEMENT_TWO_BREAKDOWNS.replace("7964.89", "7064.89");
    let messages = lint(&params, "x.md", &text).messages();
    assert!(
        messages.iter().any(|(_, m)| m.contains("二、项目支出")),
        "{messages:?}"
    );
}

/// A 收支总表 with last year's and this year's budgets and the change on each side, its
/// expenditure side one column (`增减%`) wider than its income side.
const STATEMENT_BY_YEAR: &str = "部门收支总表\n\
\n\
单位：万元\n\
\n\
项目\t上年预算数\t本年预算数\t增减额\t项目\t上年预算数\t本年预算数\t增减额\t增减%\n\
一、一般公共预算拨款收入\t138.76\t120.39\t-18.37\t一、卫生健康支出\t1346.01\t1259.58\t-86.43\t-6.4%\n\
二、事业收入\t1145.68\t1077.06\t-68.62\t二、住房保障支出\t43.40\t34.69\t-8.71\t-20.1%\n\
本年收入合计\t1284.44\t1197.45\t-86.99\t本年支出合计\t1389.41\t1294.27\t-95.14\t-6.8%\n\
上年结转\t104.97\t96.82\t-8.15\t结转下年\t0.00\t0.00\t0.00\t—\n\
收入总计\t1389.41\t1294.27\t-95.14\t支出总计\t1389.41\t1294.27\t-95.14\t-6.8%\n";

#[test]
fn sides_of_unequal_width_are_compared_column_by_name() {
    assert_eq!(
        lint(&builtin_statement_params(), "x.md", STATEMENT_BY_YEAR).messages(),
        []
    );
    // 住房保障支出's 本年预算数 typed 43.69 for 34.69, and the expenditure side's totals summed
    // from it: the side adds up, and only the income side's 本年预算数 tells.
    let text = STATEMENT_BY_YEAR
        .replace("\t34.69\t", "\t43.69\t")
        .replace("合计\t1389.41\t1294.27", "合计\t1389.41\t1303.27")
        .replace("支出总计\t1389.41\t1294.27", "支出总计\t1389.41\t1303.27");
    assert_eq!(
        lint(&builtin_statement_params(), "x.md", &text).messages(),
        [(
            Severity::Error,
            s("支出总计｜本年预算数｜1303.27｜1294.27｜9.00｜收入方的收入总计")
        )]
    );
}

#[test]
fn sides_of_unequal_width_without_names_are_not_compared() {
    let source = SourceFile::from_str("x.md", STATEMENT_BY_YEAR);
    let document = crate::parse::parse(&source);
    let mut a = document.tables().next().expect("a table").clone();
    a.columns = vec![crate::model::Column::amount(
        0,
        Some("上年预算数本年预算数".to_string()),
    )];
    let mut b = a.clone();
    b.columns = (0..3)
        .map(|i| crate::model::Column::amount(i, None))
        .collect();
    let mut c = a.clone();
    c.columns
        .push(crate::model::Column::amount(1, Some("增减额".to_string())));
    // Three unnamed columns against two others: no name in common, no total named.
    assert_eq!(
        statement::column_pairs(&b, &c),
        Vec::<(usize, usize)>::new()
    );
    // A table's only column against three unnamed: which of them holds the total is unknown.
    assert_eq!(
        statement::column_pairs(&a, &b),
        Vec::<(usize, usize)>::new()
    );
    // ... unless one is named a total.
    let mut d = b.clone();
    d.columns[1] = crate::model::Column::amount(1, Some("合计".to_string()));
    assert_eq!(statement::column_pairs(&a, &d), vec![(0, 1)]);
}

#[test]
fn the_grand_total_is_the_year_total_plus_carry_over() {
    // 25.79 typed 25.97 on the 上年财政拨款结转 line (and its breakdown).
    let text = STATEMENT.replace("25.79", "25.97");
    let linted = lint(STATEMENT_TOTALS, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("收入总计｜金额｜756.21｜756.39｜-0.18｜本年合计与结转结余各项")
        )]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        linted.primary(d),
        (15, s("756.21"), s("列示 756.21，应为 756.39"))
    );
    assert_eq!(
        linted.secondaries(d),
        [(12, s("730.42"), s("加数")), (13, s("25.97"), s("加数"))]
    );
    assert_eq!(
        d.notes,
        ["730.42 + 25.97 = 756.39", "差额 -0.18，舍入误差最多 ±0.015"]
    );
}

#[test]
fn the_year_total_is_the_numbered_lines_above_it() {
    // 670.54 typed 607.54 in the 小计 column of 卫生健康支出.
    let text = STATEMENT.replace("十、卫生健康支出\t670.54", "十、卫生健康支出\t607.54");
    let linted = lint(STATEMENT_TOTALS, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("本年支出合计｜小计｜756.21｜693.21｜63.00｜上列各项")
        )]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(
        linted.secondaries(d),
        [
            (9, s("47.53"), s("加数")),
            (10, s("607.54"), s("加数")),
            (11, s("38.14"), s("加数")),
        ]
    );
}

#[test]
fn an_ambiguous_total_in_plain_text_is_judged_by_its_best_placement() {
    // tunliu-2024 财政拨款收支总表 in plain text: 本年支出合计's two numbers may sit in any two of
    // the four columns; one placement adds up.
    let text = [
        "2024年财政拨款收支总表",
        "部门名称：长治市屯留区医疗保障局 单位：万元",
        "收入 支出",
        "项目 金额 项目\n金额",
        "小计 一般公共预算\n政府性基\n金预算",
        "国有资本经营\n预算",
        "一、一般公共预算 529.12一、一般公共服务支出     ",
        "二、政府性基金预算  二、外交支出     ",
        "  十、卫生健康支出 466.99 466.99   ",
        "  二十、住房保障支出 83.70 83.70   ",
        "本年收入合计 529.12 本年支出合计 550.69 550.69    ",
        "上年财政拨款结转 21.57年终结转     ",
        "收入总计 550.69 支出总计 550.69 550.69    \n",
    ]
    .join("\n\n");
    let text = text.as_str();
    let source = SourceFile::from_str("x.txt", text);
    let document = crate::parse::parse(&source);
    let expenditure = document
        .tables()
        .find(|t| t.side == Some(crate::model::Side::Expenditure))
        .expect("the expenditure half");
    let subtotal = expenditure
        .rows
        .iter()
        .find(|r| r.name() == "本年支出合计")
        .expect("本年支出合计");
    assert!(!subtotal.is_settled(), "{subtotal:?}");
    assert_eq!(lint(STATEMENT_TOTALS, "x.txt", text).messages(), []);
    // 550.69 typed 505.69 in one column: no placement adds up, and 支出总计 then cannot either.
    let wrong = text.replace("本年支出合计 550.69 550.69", "本年支出合计 550.69 505.69");
    let linted = lint(STATEMENT_TOTALS, "x.txt", &wrong);
    let found: Vec<(Severity, usize, String)> = linted
        .diagnostics
        .iter()
        .map(|d| {
            let (line, text, _) = linted.primary(d);
            (d.severity, line, text)
        })
        .collect();
    assert_eq!(
        found,
        [
            (Severity::Error, 25, s("本年支出合计 550.69 505.69")),
            (Severity::Error, 29, s("支出总计 550.69 550.69")),
        ]
    );
}

#[test]
fn a_copied_total_cannot_hide_behind_the_other_carry_over_reading() {
    // tunliu-2025 收支总表, 十、卫生健康支出 with 合计 copied from 当年预算安排: the table's other
    // rows show that 合计 includes 上年结转安排, so 644.75 is not accepted as "carry-over left out".
    let text = "2025年预算收支总表\n\n单位：万元\n\n\
项目\t2025年合计\t当年预算安排\t上年结转安排\n\
八、社会保障和就业支出\t47.53\t47.53\t\n\
十、卫生健康支出\t644.75\t644.75\t25.79\n\
本年支出合计\t756.21\t730.42\t25.79\n\
支出总计\t756.21\t730.42\t25.79\n";
    let linted = lint(COLUMN_GROUPS, "x.md", text);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("十、卫生健康支出｜合计｜644.75｜670.54｜-25.79｜当年预算安排 + 上年结转安排")
        )]
    );
}

#[test]
fn a_table_that_skips_the_kuan_level_adds_up_through_the_nearest_ancestor() {
    // 类 rows followed directly by 项 rows (no 款): 210 = 2101101 + 2101501, 合计 = 210 + 221.
    let text = "2025年支出预算表\n\n单位：万元\n\n\
科目编码\t科目名称\t合计\n\
合计\t\t100.00\n\
210\t卫生健康支出\t60.00\n\
2101101\t行政单位医疗\t20.00\n\
2101501\t行政运行\t40.00\n\
221\t住房保障支出\t40.00\n\
2210201\t住房公积金\t40.00\n";
    assert_eq!(lint(SUBJECT_CODES, "x.md", text).messages(), []);
    let wrong = text.replace("行政运行\t40.00", "行政运行\t41.00");
    assert_eq!(
        lint(SUBJECT_CODES, "x.md", &wrong).messages(),
        [(
            Severity::Error,
            s("210 卫生健康支出｜合计｜60.00｜61.00｜-1.00｜下级科目")
        )]
    );
}

#[test]
fn statement_totals_do_not_count_sub_items_of_the_carry_over_twice() {
    // 年初结转和结余 112.88, 其中 财政拨款结转 100.00: the 其中 line is part of the line above.
    let text = "收入支出决算总表\n\n单位：万元\n\n\
项目\t决算数\n\
一、一般公共预算财政拨款收入\t9746.50\n\
本年收入合计\t9746.50\n\
年初结转和结余\t112.88\n\
其中：财政拨款结转和结余\t100.00\n\
总计\t9859.38\n";
    assert_eq!(lint(STATEMENT_TOTALS, "x.md", text).messages(), []);
    let wrong = text.replace("总计\t9859.38", "总计\t9959.38");
    assert_eq!(
        lint(STATEMENT_TOTALS, "x.md", &wrong).messages(),
        [(
            Severity::Error,
            s("总计｜决算数｜9959.38｜9859.38｜100.00｜本年合计与结转结余各项")
        )]
    );
}

#[test]
fn a_group_with_a_breakdown_column_is_skipped() {
    // 其中：人员经费 breaks 基本支出 down; it is not a third part of 合计.
    let text = "2025年一般公共预算支出表\n\n单位：万元\n\n\
科目编码\t科目名称\t合计\t基本支出\t其中：人员经费\t项目支出\n\
210\t卫生健康支出\t644.75\t370.99\t350.00\t273.76\n";
    let builtin = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rules/column-total.toml"
    ))
    .expect("rule file");
    let params = builtin.split("[params]").nth(1).expect("params");
    assert_eq!(lint(params, "x.md", text).messages(), []);
}

#[test]
fn failures_no_single_cell_explains_are_one_info_for_the_table() {
    // Three misprints in three places (20805's 基本支出, 21011's 合计, 221's 合计): no row is
    // common to the failing sums, so it reads as a misreading of the table.
    let text = GENERAL_BUDGET
        .replace(
            "20805\t行政事业单位养老支出\t47.53\t47.53",
            "20805\t行政事业单位养老支出\t47.53\t48.53",
        )
        .replace(
            "21011\t行政事业单位医疗\t20.39",
            "21011\t行政事业单位医疗\t21.39",
        )
        .replace("221\t住房保障支出\t38.14", "221\t住房保障支出\t39.14");
    let linted = lint(SUBJECT_CODES, "x.md", &text);
    let [d] = linted.diagnostics.as_slice() else {
        panic!("one diagnostic: {:?}", linted.messages());
    };
    assert_eq!(d.severity, Severity::Info);
    assert!(d.message.contains("未能可靠读取"), "{}", d.message);
    assert!(
        d.notes[0].starts_with("原因：") && d.notes[0].contains("没有一个共同的行"),
        "{:?}",
        d.notes
    );
    assert_eq!(
        d.notes.len(),
        4,
        "the reason, then the three failing sums: {:?}",
        d.notes
    );
}

#[test]
fn a_single_wrong_cell_failing_several_sums_is_still_an_error() {
    // 21015's 项目支出 typed wrong: 210 fails (it is a part) and so would 21015 as a total if it
    // had children; with its parent and the 合计 row, every failing sum shares that cell.
    let text = GENERAL_BUDGET.replace(
        "21015\t医疗保障管理事务\t624.36\t350.60\t273.76",
        "21015\t医疗保障管理事务\t624.36\t350.60\t284.76",
    );
    let linted = lint(SUBJECT_CODES, "x.md", &text);
    assert!(!linted.diagnostics.is_empty());
    assert!(
        linted
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Error),
        "{:?}",
        linted.messages()
    );
}

// ---------------------------------------------------------------------------------------------
// statement-totals: shapes

/// The built-in rule's parameters (its shapes).
fn builtin_statement_params() -> String {
    let builtin = include_str!("../../../rules/statement-total.toml");
    builtin
        .split_once("[params]")
        .map(|(_, p)| p.replace("[[params.shapes]]", "[[shapes]]"))
        .expect("[params]")
}

#[test]
fn shapes_are_checked_when_the_rule_is_built() {
    for (text, message) in [
        (
            "check = \"statement-totals\"\nshapes = \"本年收入合计\"",
            "`shapes` must be a list of { name, subtotals, totals, carry-over, sides-equal }",
        ),
        (
            "check = \"statement-totals\"\nshapes = []",
            "`shapes` must be a list of { name, subtotals, totals, carry-over, sides-equal }",
        ),
        (
            "check = \"statement-totals\"\n[[shapes]]\nsubtotals = [\"本年收入合计\"]",
            "shape 1: `totals` must name at least one total row",
        ),
        (
            "check = \"statement-totals\"\n[[shapes]]\ntotals = [\"总计\"]\ncarryover = [\"结转\"]",
            "shape 1: unknown key `carryover` (expected one of: name, subtotals, totals, carry-over, sides-equal)",
        ),
        (
            "check = \"statement-totals\"\n[[shapes]]\ntotals = [\"总计\"]\n[[shapes]]\ntotals = \"收入合计\"",
            "shape 2: `totals` must be a list of strings",
        ),
        (
            "check = \"statement-totals\"\n[[shapes]]\ntotals = [\"总计\"]\nsides-equal = \"yes\"",
            "shape 1: `sides-equal` must be true or false",
        ),
        (
            "check = \"statement-totals\"\ntotal-labels = [\"总计\"]\n[[shapes]]\ntotals = [\"总计\"]",
            "give either `shapes` or `subtotal-labels` / `total-labels`, not both",
        ),
    ] {
        let e = param_error(text);
        assert_eq!(e.key.as_deref(), Some("shapes"), "for {text:?}");
        assert_eq!(e.message, message, "for {text:?}");
    }
}

#[test]
fn a_province_variant_is_a_shape_in_the_rule_file() {
    // A template whose year's subtotal is 收入小计 and total 收入总额: unknown to the built-in
    // shapes, checked once declared.
    let text = "收支总表\n\n单位：万元\n\n\
收入\t\t支出\t\n\
项目\t金额\t项目\t金额\n\
一、一般公共预算\t500.00\t一、一般公共服务支出\t300.00\n\
二、政府性基金\t20.00\t二、教育支出\t220.00\n\
收入小计\t520.00\t支出小计\t520.00\n\
上年结转\t10.00\t结转下年\t10.00\n\
收入总额\t540.00\t支出总额\t530.00\n";
    assert_eq!(
        lint(&builtin_statement_params(), "x.md", text).messages(),
        []
    );
    let declared = "check = \"statement-totals\"\n\
[[shapes]]\n\
name = \"收入小计 / 收入总额\"\n\
subtotals = [\"收入小计\", \"支出小计\"]\n\
totals = [\"收入总额\", \"支出总额\"]\n\
carry-over = [\"结转\"]\n";
    assert_eq!(
        lint(declared, "x.md", text).messages(),
        [(
            Severity::Error,
            s("收入总额｜金额｜540.00｜530.00｜10.00｜本年合计与结转结余各项")
        )]
    );
}

/// sh-putuo-wanli-2024 部门财务收支预算总表 (元), cut down: 收入总计 right under the numbered
/// lines, no subtotal.
const NO_SUBTOTAL: &str = "2024年部门财务收支预算总表\n\n单位：元\n\n\
本年收入\t\t本年支出\t\n\
项目\t预算数\t项目\t预算数\n\
一、财政拨款收入\t156,211,123\t一、一般公共服务支出\t2,932,700\n\
1. 一般公共预算资金\t156,211,123\t二、公共安全支出\t1,633,000\n\
2. 政府性基金\t\t三、城乡社区支出\t119,385,303\n\
二、事业收入\t\t四、社会保障和就业支出\t32,260,120\n\
收入总计\t156,211,123\t支出总计\t156,211,123\n";

#[test]
fn without_a_subtotal_the_total_is_the_numbered_lines() {
    let params = builtin_statement_params();
    assert_eq!(lint(&params, "x.md", NO_SUBTOTAL).messages(), []);
    let wrong = NO_SUBTOTAL.replace("119,385,303", "119,835,303");
    assert_eq!(
        lint(&params, "x.md", &wrong).messages(),
        [(
            Severity::Error,
            s("支出总计｜预算数｜156211123｜156661123｜-450000｜上列各项与结转结余")
        )]
    );
}

#[test]
fn a_numbered_line_equals_its_enumerated_breakdown() {
    // 一、财政拨款收入 = 1. 一般公共预算资金 + 2. 政府性基金: the sub-lines are not counted in
    // the total, but must add up to their line.
    let wrong = NO_SUBTOTAL.replace("2. 政府性基金\t\t", "2. 政府性基金\t11\t");
    assert_eq!(
        lint(&builtin_statement_params(), "x.md", &wrong).messages(),
        [(
            Severity::Error,
            s("一、财政拨款收入｜预算数｜156211123｜156211134｜-11｜其下各项")
        )]
    );
}

#[test]
fn the_two_sides_totals_must_be_equal() {
    // Each side adds up on its own; the income side is 100 more.
    let text = STATEMENT
        .replace("一、一般公共预算\t730.42", "一、一般公共预算\t830.42")
        .replace("本年收入合计\t730.42", "本年收入合计\t830.42")
        .replace("收入总计\t756.21", "收入总计\t856.21");
    let params = builtin_statement_params();
    let linted = lint(&params, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("支出总计｜小计｜756.21｜856.21｜-100.00｜收入方的收入总计")
        )]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(linted.primary(d).1, "756.21");
    assert_eq!(linted.secondaries(d), [(15, s("856.21"), s("加数"))]);
    // A side whose own sum fails says enough: no second error across the sides.
    let own_fault = STATEMENT.replace("收入总计\t756.21", "收入总计\t856.21");
    let messages = lint(&params, "x.md", &own_fault).messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].1.starts_with("收入总计｜"), "{messages:?}");
}

#[test]
fn a_line_the_shape_does_not_know_leaves_the_sum_unchecked() {
    // An unnumbered line with an amount among the numbered ones: which sum it belongs to is
    // not known, so the subtotal is not checked (rather than reported wrongly).
    let text = STATEMENT.replace(
        "\t\t十、卫生健康支出\t670.54\t670.54\t\n",
        "\t\t十、卫生健康支出\t\t\t\n\t\t支出\t670.54\t670.54\t\n",
    );
    assert_eq!(
        lint(&builtin_statement_params(), "x.md", &text).messages(),
        []
    );
    // Without it the subtotal is checked as usual.
    let wrong = STATEMENT.replace("十、卫生健康支出\t670.54", "十、卫生健康支出\t607.54");
    assert!(
        !lint(&builtin_statement_params(), "x.md", &wrong)
            .messages()
            .is_empty()
    );
}

#[test]
fn two_lists_read_into_one_table_are_left_alone() {
    // Both halves read as one table (the header did not say they are two): 一、 follows 一、.
    let text = "收支总表\n\n单位：万元\n\n\
项目\t金额\n\
一、一般公共预算\t730.42\n\
一、一般公共服务支出\t100.00\n\
二、政府性基金预算\t\n\
二、社会保障和就业支出\t630.42\n\
收入总计\t730.42\n";
    assert_eq!(
        lint(&builtin_statement_params(), "x.md", text).messages(),
        []
    );
}

#[test]
fn a_second_expenditure_breakdown_adds_up_to_the_subtotal() {
    // js-highcourt-2017 收支预算总表, tab-separated: 支出用途 beside 功能分类.
    let text = "收支预算总表\n\n单位：万元\n\n\
收入\t\t支出\t\t\t\n\
\t\t功能分类\t\t支出用途\t\n\
项目名称\t金额\t功能科目名称\t金额\t项目名称\t金额\n\
一、财政拨款\t28,849.38\t一、一般公共服务支出\t\t一、基本支出\t17,123.19\n\
二、财政专户管理资金\t\t四、公共安全支出\t23,513.11\t二、项目支出\t11,543.27\n\
\t\t八、社会保障和就业支出\t2,347.13\t三、单位预留机动经费\t182.92\n\
\t\t十八、住房保障支出\t2,989.14\t\t\n\
当年收入小计\t28,849.38\t当年支出小计\t28,849.38\t\t\n\
上年结转资金\t\t结转下年资金\t\t\t\n\
收入合计\t28,849.38\t支出合计\t28,849.38\t\t\n";
    let params = builtin_statement_params();
    assert_eq!(lint(&params, "x.md", text).messages(), []);
    let wrong = text.replace("17,123.19", "17,132.19");
    let linted = lint(&params, "x.md", &wrong);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("当年支出小计｜金额｜28849.38｜28858.38｜-9.00｜基本支出等各项")
        )]
    );
    assert_eq!(
        linted.secondaries(&linted.diagnostics[0])[0],
        (8, s("17,132.19"), s("加数"))
    );
}

#[test]
fn a_subtotal_without_amounts_subtotals_nothing() {
    // 本年收入 / 本年支出 as a row of the grid above the numbered lines (the heading of each
    // half): the totals are still the numbered lines, not that empty row plus carry-over.
    let text = NO_SUBTOTAL.replace(
        "一、财政拨款收入\t",
        "本年收入\t\t本年支出\t\n一、财政拨款收入\t",
    );
    assert_eq!(
        lint(&builtin_statement_params(), "x.md", &text).messages(),
        []
    );
}

// ---------------------------------------------------------------------------------------------
// year-change

const YEAR_CHANGE: &str = "check = \"year-change\"\nchange-names = [\"增减\"]";

/// A vertical 三公 table with 上年 / 本年 / 增减 (the Beijing probe's 表7, tab-separated).
const THREE_PUBLIC_TWO_YEARS: &str = "“三公”经费财政拨款支出预算表\n\n单位：万元\n\n项目\t2024年预算数\t2025年预算数\t增减\n合计\t83.00\t64.00\t-19.00\n1.因公出国（境）费\t12.00\t0.00\t-12.00\n2.公务用车购置及运行维护费\t62.00\t56.00\t-6.00\n3.公务接待费\t9.00\t8.00\t-1.00\n";

#[test]
fn a_change_that_follows_from_the_two_years_is_silent() {
    let linted = lint(YEAR_CHANGE, "x.md", THREE_PUBLIC_TWO_YEARS);
    assert_eq!(linted.messages(), []);
}

#[test]
fn a_year_that_is_not_the_other_plus_the_change_is_an_error_on_that_cell() {
    // 公务接待费 2025: 8.00 printed 8.50.
    let text = THREE_PUBLIC_TWO_YEARS.replace("9.00\t8.00", "9.00\t8.50");
    let linted = lint(YEAR_CHANGE, "x.md", &text);
    assert_eq!(
        linted.messages(),
        [(
            Severity::Error,
            s("3.公务接待费｜2025年预算数｜8.50｜8.00｜0.50｜2024年预算数 + 增减")
        )]
    );
    let d = &linted.diagnostics[0];
    assert_eq!(linted.primary(d).1, "8.50");
}

#[test]
fn a_change_taken_the_other_way_is_read_from_the_rows() {
    // 增减 = 上年 − 本年 in every row: the template's reading, not three errors.
    let reversed = THREE_PUBLIC_TWO_YEARS
        .replace("-19.00", "19.00")
        .replace("-12.00", "12.00")
        .replace("-6.00", "6.00")
        .replace("-1.00", "1.00");
    assert_eq!(lint(YEAR_CHANGE, "x.md", &reversed).messages(), []);
    // Read that way, a wrong cell is still found (上年 = 本年 + 增减).
    let typo = reversed.replace("62.00\t56.00", "62.50\t56.00");
    let linted = lint(YEAR_CHANGE, "x.md", &typo);
    assert_eq!(linted.messages().len(), 1, "{:?}", linted.messages());
    // With as many rows saying each way, the change could be read two ways: silent.
    let undecided =
        "项目\t2024年预算数\t2025年预算数\t增减\n甲\t10.00\t12.00\t2.00\n乙\t10.00\t12.00\t-2.00\n";
    assert_eq!(lint(YEAR_CHANGE, "x.md", undecided).messages(), []);
}

/// An aligned table whose 合计 row stands two columns right of where its numbers belong (as in
/// text extracted from some PDFs, where a row without a code is printed off the grid).
const SHIFTED_TOTAL: &str = "                         一般公共预算支出表
                                                              单位：万元
 科目编码      科目名称                    合计      基本支出      项目支出
               合计                                    93.11         93.11
 2101501       行政运行                   63.11         63.11
 2101502       一般行政管理事务           30.00         30.00
";

#[test]
fn a_row_placed_by_position_that_adds_up_elsewhere_is_no_error() {
    let source = SourceFile::from_str("x.txt", SHIFTED_TOTAL);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    // The premise: the position put the total under 基本支出 and 项目支出.
    assert_eq!(table.rows[0].certainty, Certainty::Aligned, "{table:?}");
    assert_eq!(table.rows[0].placement, [1, 2], "{table:?}");
    for params in [SUBJECT_CODES, COLUMN_GROUPS] {
        let linted = lint(params, "x.txt", SHIFTED_TOTAL);
        let severities: Vec<Severity> = linted.diagnostics.iter().map(|d| d.severity).collect();
        // Moved under 合计 and 基本支出, the total adds up: the reading is reported unsure.
        assert_eq!(severities, [Severity::Info], "{:?}", linted.messages());
    }
}

#[test]
fn a_row_placed_by_position_that_adds_up_nowhere_is_an_error() {
    // 30.00 typed 31.00: no placement of any one or two rows makes either sum hold.
    let text = SHIFTED_TOTAL.replace("30.00         30.00", "30.00         31.00");
    for params in [SUBJECT_CODES, COLUMN_GROUPS] {
        let linted = lint(params, "x.txt", &text);
        assert!(
            linted
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error),
            "{:?}",
            linted.messages()
        );
    }
}

/// chuanhui-resources' 三公 table as pymupdf4llm writes it: the group title 公务用车购置及运行费
/// is cut over three header cells, so 小计, 购置费 and 运行费 stand side by side under no group.
const FLAT_SUBTOTAL: &str = "## **财政拨款“三公”经费支出决算表**\n\
\n\
部门：某局                      金额单位：元\n\
\n\
|**项目**|**合计**|**因公出国**<br>**（境）费**|**公务用**<br>**小计**|**车购置及运**<br>**公务用车**<br>**购置费**|**行费**<br>**公务用车运行费**|**公务接待费**|\n\
|---|---|---|---|---|---|---|\n\
|预算数|75,000.00|0.00|60,000.00|0.00|60,000.00|15,000.00|\n\
|决算数|61,111.00|0.00|52,345.60|0.00|52,345.60|8,765.40|\n";

#[test]
fn a_flat_subtotal_stands_for_the_columns_it_sums() {
    // 75,000 = 0 + 60,000 + 15,000: the 小计 counts, the two columns it sums do not.
    let linted = lint(COLUMN_GROUPS, "x.md", FLAT_SUBTOTAL);
    assert_eq!(linted.messages(), []);
    // 决算 合计 61,111.00 raised to 61,121.00 no longer adds up, whichever way it is read.
    let raised = FLAT_SUBTOTAL.replace("61,111.00", "61,121.00");
    let linted = lint(COLUMN_GROUPS, "x.md", &raised);
    let errors: Vec<_> = linted
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", linted.messages());
    assert_eq!(linted.primary(errors[0]).1, "61,121.00");
}

/// STATEMENT with its 支出 side opening at `八、`: the lines 一、 to 七、 are elsewhere (a grid
/// a converter cut at a page break), and 二十、 is not here either.
const STATEMENT_CUT: &str = "2025年财政拨款收支总表\n\
\n\
单位：万元\n\
\n\
收入\t\t支出\t\t\t\n\
项目\t金额\t项目\t金额\t\t\n\
\t\t\t小计\t一般公共预算\t政府性基金预算\n\
一、一般公共预算\t730.42\t八、社会保障和就业支出\t47.53\t47.53\t\n\
二、政府性基金预算\t\t十、卫生健康支出\t670.54\t670.54\t\n\
本年收入合计\t730.42\t本年支出合计\t756.21\t756.21\t\n\
上年财政拨款结转\t25.79\t年终结转\t\t\t\n\
一、一般公共预算\t25.79\t\t\t\t\n\
收入总计\t756.21\t支出总计\t756.21\t756.21\t\n";

#[test]
fn a_list_that_starts_past_its_first_line_is_not_summed() {
    let linted = lint(STATEMENT_TOTALS, "x.md", STATEMENT_CUT);
    assert!(
        linted
            .diagnostics
            .iter()
            .all(|d| d.severity < Severity::Warning),
        "{:?}",
        linted.messages()
    );
    // Opening at `一、`, the same lines are the whole list, and 38.14 short of the total.
    let whole = STATEMENT_CUT.replace("八、社会保障和就业支出", "一、社会保障和就业支出");
    let linted = lint(STATEMENT_TOTALS, "x.md", &whole);
    assert!(
        linted
            .messages()
            .iter()
            .any(|(s, m)| *s == Severity::Error && m.starts_with("本年支出合计｜")),
        "{:?}",
        linted.messages()
    );
}

/// The 收入决算表 of a disclosure printed by Chromium, as `pdftotext -layout` reads it: the
/// wrapped headers (`本年收入合` / `计`) put the columns off, long names push amounts right, and
/// the rows of identical numbers (`194.27 194.27`) are left unplaced. The search for a placement
/// of the 合计 sum that adds up is cut off before it ends.
const CHROMIUM_INCOME_TABLE: &str = "\
                             收入决算表
                                                             公开02表
                     编制单位：杭州市西湖区文化广电旅游体育局                 金额单位：万元
             项目          本年收入合 财政拨款收 上级补助 事业收入 经营收入 附属单位上 其他收入
功能分类科目          科目名称        计       入      收入          缴收入
  编码
             栏次             1       2       3  4     5  6   7
合计                         9770.13 9146.58    580.00        43.55
207       文化旅游体育与传媒支出      8634.70 8011.15    580.00        43.55
20701     文化和旅游            5339.65 5170.95    156.20        12.50
2070101   行政运行             1299.84 1287.34                  12.50
2070104   图书馆              2524.31 2368.11    156.20
2070109   群众文化              982.50 982.50
2070199   其他文化和旅游支出         533.00 533.00
20703     体育               2982.27 2527.42    423.80        31.05
2070307   体育场馆             2331.27 1876.42    423.80        31.05
2070308   群众体育              651.00 651.00
20708     广播电视              312.78 312.78
2070808   广播电视事务            312.78 312.78
208       社会保障和就业支出         637.00 637.00
20805     行政事业单位养老支出        637.00 637.00
2080501   行政单位离退休            45.83   45.83
2080505   机关事业单位基本养老保险缴费    402.11 402.11
          支出
2080506   机关事业单位职业年金缴费支出    189.06 189.06
210       卫生健康支出            194.27 194.27
21011     行政事业单位医疗          194.27 194.27
2101101   行政单位医疗             64.72   64.72
2101102   事业单位医疗             98.35   98.35
2101103   公务员医疗补助            31.20   31.20
221       住房保障支出            304.16 304.16
22102     住房改革支出            304.16 304.16
2210201   住房公积金             304.16 304.16
注：本表反映部门本年度取得的各项收入情况。
";

#[test]
fn a_sum_whose_search_is_cut_off_is_no_error_unless_it_fails_everywhere() {
    let linted = lint(
        "check = \"subject-codes\"",
        "a.layout.txt",
        CHROMIUM_INCOME_TABLE,
    );
    let messages = linted.messages();
    assert!(
        messages.iter().all(|(s, _)| *s == Severity::Info),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|(_, m)| m.contains("未能可靠读取")),
        "{messages:?}"
    );
    // The same table with the 合计 10.00 too large: its numbers add up to 10.00 more than the
    // 类 rows' in any placement, so the search needs no end to prove it.
    let wrong = CHROMIUM_INCOME_TABLE.replacen("9770.13", "9780.13", 1);
    let linted = lint("check = \"subject-codes\"", "a.layout.txt", &wrong);
    let errors: Vec<_> = linted
        .messages()
        .into_iter()
        .filter(|(s, _)| *s == Severity::Error)
        .collect();
    assert_eq!(
        errors,
        vec![(
            Severity::Error,
            s("合计 的数字无论归入哪些列，都与各类级科目之和不符")
        )]
    );
}

#[test]
fn a_sum_fails_in_every_placement_when_its_numbers_do_not_add_up_in_all() {
    // The 合计's numbers add up to 2,060.00, its parts' to 2,040.00: no column can take the 20.00.
    let text = "\
2024年预算收入总表

单位：万元

科目编码 科目名称 合计 一般公共预算 上年结转

合计 1030.00 1010.00 20.00

208 社会保障和就业支出 520.00 500.00 20.00

210 卫生健康支出 500.00 500.00
";
    let source = SourceFile::from_str("a.txt", text);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    let rows = &table.rows;
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(fails_in_every_placement(&rows[0], &[&rows[1], &rows[2]]));
    // 0.01 apart, within the rounding of its eight numbers (±0.005 each): not proved to fail.
    let text = text.replace("1030.00 1010.00", "1020.01 1000.00");
    let source = SourceFile::from_str("a.txt", &text);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    let rows = &table.rows;
    assert!(!fails_in_every_placement(&rows[0], &[&rows[1], &rows[2]]));
}
