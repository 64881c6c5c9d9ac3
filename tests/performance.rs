//! Performance-target tables (绩效目标表) read in every layout, and the `performance-*` rules
//! on the corpus: the anomalies the documents really have are reported on their lines, the
//! correct figures stay quiet.
//!
//! The layouts: tab-separated grids (`tunliu-2025-budget.md`), pipe tables
//! (`dongchangfu-2024-budget.md`), and `pdftotext -layout` text
//! (`fixtures/performance/tunliu-2025-performance.layout.txt`, three of tunliu's forms printed
//! to PDF from the 山西 template's grid and extracted, see `fixtures/performance/make.sh`).

mod common;

use std::path::PathBuf;
use std::process::Command;

use budlint::model::performance::{
    Comparator, FundSource, Indicator, PerformanceKind, PerformanceTable,
};
use budlint::model::squeeze;
use rust_decimal::Decimal;

fn forms(path: &str) -> Vec<PerformanceTable> {
    let source = common::read(path);
    budlint::parse::parse(&source).performance
}

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn project(t: &PerformanceTable) -> String {
    squeeze(&t.project.as_ref().expect("project name").text).into_owned()
}

/// `name=value` of the indicators of group 0, names and values without whitespace.
fn indicators(t: &PerformanceTable) -> Vec<String> {
    t.indicators
        .iter()
        .filter(|i| i.group == 0)
        .map(|i| format!("{}={}", i.name_text(), i.value_text()))
        .collect()
}

fn find<'t>(t: &'t PerformanceTable, name: &str) -> &'t Indicator {
    t.indicators
        .iter()
        .find(|i| i.group == 0 && i.name_text() == name)
        .unwrap_or_else(|| panic!("no indicator {name} in {:?}", indicators(t)))
}

#[test]
fn tab_grids_of_tunliu_are_read_as_four_forms() {
    let forms = forms("fixtures/corpus/tunliu-2025-budget.md");
    let names: Vec<String> = forms.iter().map(project).collect();
    assert_eq!(
        names,
        [
            "2025年医保经办经费",
            "2025年医保政策宣传",
            "优化医疗保障服务推进经办服务下沉工作人员补助",
            "长财社【2024】180号关于提前下达2025年中央财政医疗服务与保障能力提升补助资金",
        ]
    );
    let first = &forms[0];
    assert!(first.is_one_year());
    assert_eq!(first.department_code.as_deref(), Some("307"));
    assert_eq!(
        first.implementation_funds.total.as_ref().map(|n| n.value),
        Some(d("690000"))
    );
    assert_eq!(
        first.annual_funds.total.as_ref().map(|n| n.value),
        Some(d("300000"))
    );
    assert_eq!(first.annual_funds.sources.len(), 5);
    assert_eq!(forms[3].department_code.as_deref(), Some("906"));
    // The fourth form writes `项目期 1年` in one cell.
    assert_eq!(
        forms[3].period.as_ref().map(|p| p.text.as_str()),
        Some("1年")
    );
    let publicity = &forms[1];
    let cost = find(publicity, "单个版面制作费用");
    assert!(cost.is_cost(), "{cost:?}");
    let boards = find(publicity, "制作宣传版面数量");
    assert!(boards.is_quantity());
    assert_eq!(
        boards
            .value
            .as_ref()
            .and_then(|v| v.number.as_ref())
            .map(|n| n.value),
        Some(d("80"))
    );
    // Both column groups (实施期 and 年度) are read.
    assert!(publicity.indicators.iter().any(|i| i.group == 1));
    assert_eq!(
        indicators(publicity).len(),
        11,
        "{:?}",
        indicators(publicity)
    );
}

#[test]
fn pipe_tables_of_dongchangfu_are_read_with_weights_and_scoring_rules() {
    let forms = forms("fixtures/corpus/dongchangfu-2024-budget.md");
    assert_eq!(forms.len(), 6);
    for form in &forms {
        assert_eq!(form.kind, PerformanceKind::Target);
        assert!(form.project_code.is_some());
        assert_eq!(form.indicators.len(), 12, "{}", project(form));
        let weights: Decimal = form
            .indicators
            .iter()
            .filter_map(|i| i.weight.as_ref())
            .map(|n| n.value)
            .sum();
        assert_eq!(weights, d("100"), "{}", project(form));
    }
    let business = forms
        .iter()
        .find(|f| project(f) == "综合业务费")
        .expect("综合业务费");
    let meetings = find(business, "召开培训、咨询会");
    assert_eq!(meetings.level1, "产出指标");
    assert_eq!(meetings.level2, "数量指标");
    assert_eq!(
        meetings.scoring.as_ref().map(|s| s.text.as_str()),
        Some("召开次数等于或大于5次得10分, 少于8次视情况扣分。")
    );
}

#[test]
fn aligned_text_reads_the_same_forms_as_the_tab_grid() {
    let aligned = forms("fixtures/performance/tunliu-2025-performance.layout.txt");
    let tabbed = forms("fixtures/corpus/tunliu-2025-budget.md");
    assert_eq!(aligned.len(), 3);
    for (a, t) in aligned.iter().zip(&tabbed) {
        assert_eq!(project(a), project(t));
        assert_eq!(a.department_code, t.department_code);
        assert!(a.is_one_year());
        for (x, y) in [
            (&a.implementation_funds, &t.implementation_funds),
            (&a.annual_funds, &t.annual_funds),
        ] {
            assert_eq!(
                x.total.as_ref().map(|n| n.value),
                y.total.as_ref().map(|n| n.value)
            );
            let values = |f: &budlint::model::performance::Funds| -> Vec<Option<Decimal>> {
                f.sources
                    .iter()
                    .map(|(_, n, _)| n.as_ref().map(|n| n.value))
                    .collect()
            };
            assert_eq!(values(x), values(y), "{}", project(a));
        }
    }
    // Merged level cells are printed halfway down their rows; every row gets its levels, and
    // names wrapped over three lines around their value are joined.
    let subsidy = &aligned[2];
    let collection = find(subsidy, "城乡居民医疗保险收缴");
    assert_eq!(
        (collection.level1.as_str(), collection.level2.as_str()),
        ("产出指标", "质量指标")
    );
    let boards = find(&aligned[1], "制作宣传版面数量");
    assert!(boards.is_quantity(), "{boards:?}");
    assert!(find(&aligned[1], "单个版面制作费用").is_cost());
    assert_eq!(
        indicators(&aligned[1])[..3],
        [
            "制作宣传版面数量=80个",
            "宣传各村、社区覆盖面=80个",
            "制作手机支架数量=20000个"
        ]
    );
    // The annual group beside it too, by position.
    let annual: Vec<&Indicator> = aligned[0]
        .indicators
        .iter()
        .filter(|i| i.group == 1)
        .collect();
    assert_eq!(annual.len(), 7);
    assert_eq!(annual[0].name_text(), "采购日常办公耗材完成率");
}

fn lint(dir: &str, document: &str) -> String {
    common::lint_short(dir, &["--select", "performance-target"], document)
}

/// `line:severity[rule]` of each finding.
fn findings(output: &str) -> Vec<String> {
    output
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(4, ':');
            let _file = parts.next()?;
            let line = parts.next()?;
            let _column = parts.next()?;
            let rest = parts.next()?.trim();
            let head = rest.split(' ').next()?;
            Some(format!("{line}:{head}"))
        })
        .collect()
}

#[test]
fn the_corpus_anomalies_are_reported_and_the_right_products_stay_quiet() {
    let tunliu = findings(&lint("fixtures/corpus", "tunliu-2025-budget.md"));
    assert_eq!(
        tunliu,
        [
            // 690,000 vs 300,000 for a one-year project.
            "461:error[performance-one-year-funds]",
            // 906-社保单位 where the three other forms give 307-长治市屯留区医疗保障局.
            "575:warning[performance-department-code]",
        ]
    );
    let dongchangfu = findings(&lint("fixtures/corpus", "dongchangfu-2024-budget.md"));
    assert_eq!(dongchangfu, ["458:warning[performance-scoring-rule]"]);
    let aligned = findings(&lint(
        "fixtures/performance",
        "tunliu-2025-performance.layout.txt",
    ));
    assert_eq!(aligned, ["22:error[performance-one-year-funds]"]);
}

#[test]
fn the_right_products_are_computed_not_skipped() {
    // 80 × 21,460 + 20,000 × 13 = 1,976,800 and 227 × 100 × 4 = 90,800: quiet because they
    // agree, so raising one unit cost must be reported.
    for (path, from, to) in [
        (
            "fixtures/corpus/tunliu-2025-budget.md",
            "21460元",
            "21470元",
        ),
        (
            "fixtures/performance/tunliu-2025-performance.layout.txt",
            "21460 元",
            "21470 元",
        ),
        (
            "fixtures/corpus/tunliu-2025-budget.md",
            "\t100元",
            "\t101元",
        ),
        (
            "fixtures/performance/tunliu-2025-performance.layout.txt",
            "100 元",
            "101 元",
        ),
    ] {
        let text = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path))
            .expect("read");
        assert!(text.contains(from), "{path}: {from}");
        let dir = tempfile::tempdir().expect("tempdir");
        let name = PathBuf::from(path).file_name().expect("name").to_owned();
        std::fs::write(dir.path().join(&name), text.replace(from, to)).expect("write");
        let out = Command::new(env!("CARGO_BIN_EXE_budlint"))
            .current_dir(dir.path())
            .args([
                "--isolated",
                "--select",
                "performance-unit-costs",
                "--format",
                "short",
            ])
            .arg(&name)
            .output()
            .expect("budlint runs");
        let out = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.contains("warning[performance-unit-costs]"),
            "{path} with {to}: {out}"
        );
    }
}

#[test]
fn inspect_json_lists_the_forms() {
    let out = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .args([
            "inspect",
            "--format",
            "json",
            "fixtures/performance/tunliu-2025-performance.layout.txt",
        ])
        .output()
        .expect("budlint runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["version"], 1);
    let forms = &json["files"][0]["performance"];
    assert_eq!(forms.as_array().map(Vec::len), Some(3));
    let first = &forms[0];
    assert_eq!(first["kind"], "target");
    assert_eq!(first["one_year"], true);
    assert_eq!(first["department_code"], "307");
    assert_eq!(first["implementation_funds"]["total"]["value"], "690000");
    assert_eq!(first["annual_funds"]["total"]["written"], "300,000");
    let boards = &forms[1]["indicators"][0];
    assert_eq!(boards["level2"], "数量指标");
    assert_eq!(boards["value"]["number"], "80");
    assert_eq!(boards["value"]["unit"], "个");
    assert_eq!(
        forms[2]["indicators"][0]["value"]["comparator"],
        serde_json::Value::Null
    );
    // The blocks are still there, as before.
    assert!(
        json["files"][0]["blocks"]
            .as_array()
            .is_some_and(|b| !b.is_empty())
    );
}

#[test]
fn inspect_prints_each_form_after_the_blocks() {
    let out = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .args([
            "inspect",
            "--lang",
            "en",
            "fixtures/corpus/dongchangfu-2024-budget.md",
        ])
        .output()
        .expect("budlint runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let forms: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("  performance targets  "))
        .collect();
    assert_eq!(forms.len(), 6, "{text}");
    assert!(
        forms[2].starts_with("451-466  performance targets  综合业务费"),
        "{}",
        forms[2]
    );
    assert!(
        text.lines().any(|l| l
            .trim_start()
            .starts_with("458  0 产出指标/数量指标/召开培训、咨询会  ≥5次  weight 10")),
        "{text}"
    );
}

/// The national template's self-evaluation (池州市贵池区棠溪镇 2022) and the 四川 one (青神县
/// 2023) as published, in the four shapes (see `fixtures/performance/selfeval.py`).
#[test]
fn self_evaluations_are_read_alike_from_pipe_and_tab_grids() {
    for path in [
        "fixtures/performance/selfeval.pipe.md",
        "fixtures/performance/selfeval.tab.md",
    ] {
        let forms = forms(path);
        assert_eq!(forms.len(), 2, "{path}");
        let national = &forms[0];
        assert_eq!(national.kind, PerformanceKind::SelfEvaluation);
        assert_eq!(project(national), "委托业务项目");
        assert_eq!(national.department_code.as_deref(), Some("219"));
        // 年初预算数 0 | 全年预算数 0 | 全年执行数 0 | 分值 10 | 执行率 0 | 得分 0, as published.
        let e = national.execution.as_ref().expect("execution");
        let value = |n: &Option<budlint::model::Number>| n.as_ref().map(|n| n.value);
        assert_eq!(value(&e.full_year_budget), Some(d("0")), "{path}");
        assert_eq!(value(&e.weight), Some(d("10")), "{path}");
        assert_eq!(value(&e.score), Some(d("0")), "{path}");
        // 本年财政拨款: its 全年预算数 89.974, not the 年初预算数 90 before it.
        assert_eq!(
            national
                .annual_funds
                .sources
                .first()
                .and_then(|s| s.1.as_ref())
                .map(|n| n.value),
            Some(d("89.974")),
            "{path}"
        );
        let weights: Vec<Decimal> = national
            .indicators
            .iter()
            .filter_map(|i| i.weight.as_ref().map(|w| w.value))
            .collect();
        assert_eq!(weights.len(), 10, "{path}");
        assert_eq!(weights.iter().sum::<Decimal>(), d("90"), "{path}");
        // `达成预期指标` is the 实际完成值, not a level name.
        let compliance = find(national, "经费支出合规性");
        assert_eq!(compliance.level2, "质量指标");
        assert_eq!(
            compliance.actual.as_ref().map(|a| a.text.as_str()),
            Some("达成预期指标")
        );
        assert_eq!(
            national.total_score.as_ref().map(|n| n.value),
            Some(d("90"))
        );
        assert_eq!(
            national.grade.as_ref().map(|g| g.squeezed()).as_deref(),
            Some("优")
        );

        let sichuan = &forms[1];
        assert_eq!(sichuan.kind, PerformanceKind::SelfEvaluation);
        let e = sichuan.execution.as_ref().expect("execution");
        assert_eq!(value(&e.initial_budget), Some(d("238.93")));
        assert_eq!(value(&e.full_year_budget), Some(d("251.89")));
        assert_eq!(value(&e.executed), Some(d("251.89")));
        assert_eq!(value(&e.rate), Some(d("100.00")));
        assert_eq!(value(&e.weight), Some(d("10")));
        // The 得分 cell is empty: no score, rather than the next cell's figure.
        assert_eq!(value(&e.score), None);
        // 指标性质 `=` | 指标值 `100` | 度量单位 `%` read as one value; 完成值 and 得分 empty.
        assert_eq!(
            indicators(sichuan),
            ["发放(缴纳)覆盖率==100%", "足额保障率(参保率)==100%"]
        );
        let coverage = find(sichuan, "发放(缴纳)覆盖率");
        assert_eq!(coverage.weight.as_ref().map(|w| w.value), Some(d("60")));
        assert!(coverage.score.is_none() && coverage.actual.is_none());
        // `合计 | 100` is the total of the weights (60 + 30 + 10), not a score.
        assert_eq!(
            sichuan.total_weight.as_ref().map(|n| n.value),
            Some(d("100"))
        );
        assert!(sichuan.total_score.is_none());
        assert!(sichuan.text("评价结论").is_some());
    }
}

#[test]
fn aligned_self_evaluations_keep_columns_and_leave_unsure_rows_unscored() {
    let forms = forms("fixtures/performance/selfeval.layout.txt");
    assert_eq!(forms.len(), 2);
    let national = &forms[0];
    let e = national.execution.as_ref().expect("execution");
    assert_eq!(e.weight.as_ref().map(|n| n.value), Some(d("10")));
    assert_eq!(e.score.as_ref().map(|n| n.value), Some(d("0")));
    // 实际完成值 empty under `≥90%` … the score stays in its column.
    let satisfaction = find(national, "公众满意度");
    assert_eq!(satisfaction.weight.as_ref().map(|n| n.value), Some(d("10")));
    assert_eq!(satisfaction.score.as_ref().map(|n| n.value), Some(d("10")));
    // The value wrapped around its row (`在项目计划完成时间内` above, `完成` below the line with
    // the name and the scores) is joined on that line: one row, with its score, so the part
    // scores add up to the published 90 and nothing is reported.
    let timely = find(national, "提交报告及时性");
    assert_eq!(timely.value_text(), "在项目计划完成时间内完成");
    assert_eq!(timely.score.as_ref().map(|n| n.value), Some(d("8")));
    assert_eq!(national.indicators.len(), 10);
    // The merged level cells, wrapped (`产出指标(50` / `分)`, `可持续影响指` / `标`) and one
    // over an empty row (`经济效益指标`), give every row the levels of the grid shapes; a
    // `成本指标` under the 二级 column is a 二级 name.
    let levels: Vec<String> = national
        .indicators
        .iter()
        .map(|i| format!("{}/{}", i.level1, i.level2))
        .collect();
    assert_eq!(
        levels,
        [
            "产出指标(50分)/数量指标",
            "产出指标(50分)/质量指标",
            "产出指标(50分)/质量指标",
            "产出指标(50分)/时效指标",
            "产出指标(50分)/成本指标",
            "产出指标(50分)/成本指标",
            "效益指标(30分)/社会效益指标",
            "效益指标(30分)/生态效益指标",
            "效益指标(30分)/可持续影响指标",
            "满意度指标(10分)/满意度指标",
        ]
    );
    // The next form's title is no indicator of this one.
    assert!(
        national
            .indicators
            .iter()
            .all(|i| !i.value_text().contains("自评表"))
    );
    // The source rows have 3 numbers against 6 columns: each is placed under the header word
    // its characters overlap, so `89.974` is the 全年预算数 of 本年财政拨款.
    let appropriation = national
        .annual_funds
        .sources
        .iter()
        .find(|s| s.0 == FundSource::CurrentAppropriation)
        .and_then(|s| s.1.as_ref())
        .map(|n| n.value);
    assert_eq!(appropriation, Some(d("89.974")));
    // 四川: `总额 238.93 251.89 251.89 100.00% 10` with its 得分 empty, under a header whose
    // `预算执行数 预算执行率` share a cell: the empty 得分 stays empty.
    let sichuan = &forms[1];
    let value = |n: &Option<budlint::model::Number>| n.as_ref().map(|n| n.value);
    let e = sichuan.execution.as_ref().expect("execution");
    assert_eq!(value(&e.initial_budget), Some(d("238.93")));
    assert_eq!(value(&e.full_year_budget), Some(d("251.89")));
    assert_eq!(value(&e.executed), Some(d("251.89")));
    assert_eq!(value(&e.rate), Some(d("100.00")));
    assert_eq!(value(&e.weight), Some(d("10")));
    assert_eq!(value(&e.score), None);
    // `预算执行情况 其中:财政资金` (the merged cell's text one space before the label).
    let sources: Vec<(FundSource, Option<Decimal>)> = sichuan
        .annual_funds
        .sources
        .iter()
        .map(|s| (s.0, s.1.as_ref().map(|n| n.value)))
        .collect();
    assert!(sources.contains(&(FundSource::CurrentAppropriation, Some(d("251.89")))));
    assert!(sources.contains(&(FundSource::OwnFunds, Some(d("0.00")))));
    assert!(
        sichuan
            .implementer
            .as_ref()
            .is_none_or(|i| !i.text.starts_with('('))
    );
}

#[test]
fn plain_text_forms_are_read_by_their_labels() {
    let tunliu = forms("fixtures/performance/tunliu-2025-performance.plain.txt");
    let names: Vec<String> = tunliu.iter().map(project).collect();
    assert_eq!(
        names,
        [
            "2025年医保经办经费",
            "2025年医保政策宣传",
            "优化医疗保障服务推进经办服务下沉工作人员补助"
        ]
    );
    let total = |f: &budlint::model::performance::Funds| f.total.as_ref().map(|n| n.value);
    assert_eq!(total(&tunliu[0].implementation_funds), Some(d("690000")));
    assert_eq!(total(&tunliu[0].annual_funds), Some(d("300000")));
    assert_eq!(tunliu[0].department_code.as_deref(), Some("307"));
    assert!(tunliu[0].is_one_year());
    assert_eq!(total(&tunliu[1].annual_funds), Some(d("1976800")));
    // The third form's `实施期资金总额:` label is printed after the form, but its amount
    // stays where the cell is (after `项目期 1年`, before `年度资金总额:`) and the sources come
    // in pairs: it is the implementation-period total.
    let third = &tunliu[2];
    assert_eq!(total(&third.implementation_funds), Some(d("90800")));
    assert_eq!(total(&third.annual_funds), Some(d("90800")));
    let local = |f: &budlint::model::performance::Funds| {
        f.sources
            .iter()
            .filter(|s| s.0 == budlint::model::performance::FundSource::Local)
            .filter_map(|s| s.1.as_ref().map(|n| n.value))
            .collect::<Vec<_>>()
    };
    assert_eq!(local(&third.implementation_funds), [d("90800")]);
    assert_eq!(local(&third.annual_funds), [d("90800")]);
    // Values after their names: `80 个` is the boards' count.
    let boards = find(&tunliu[1], "制作宣传版面数量");
    assert_eq!(
        boards
            .value
            .as_ref()
            .and_then(|v| v.number.as_ref())
            .map(|n| n.value),
        Some(d("80"))
    );

    let selfeval = forms("fixtures/performance/selfeval.plain.txt");
    assert_eq!(selfeval.len(), 2);
    let national = &selfeval[0];
    assert_eq!(project(national), "委托业务项目");
    assert_eq!(national.department_code.as_deref(), Some("219"));
    assert_eq!(
        national.grade.as_ref().map(|g| g.squeezed()).as_deref(),
        Some("优")
    );
    // The 预算执行 figures come out long after their labels, one per line after the header
    // words: the first six are the 年度资金总额 row (`0 0 0 10 0 0`, its 执行率 agreeing with
    // 0 / 0); the three after it (`90 89.974 89.974`) are one source row's 年初预算数 /
    // 全年预算数 / 全年执行数, whose empty 分值 / 执行率 / 得分 plain text dropped: the first
    // source label's (本年财政拨款), as the pipe grid prints it.
    let value = |n: &Option<budlint::model::Number>| n.as_ref().map(|n| n.value);
    let e = national.execution.as_ref().expect("execution");
    assert_eq!(value(&e.full_year_budget), Some(d("0")));
    assert_eq!(value(&e.weight), Some(d("10")));
    assert_eq!(value(&e.score), Some(d("0")));
    assert_eq!(value(&national.annual_funds.total), Some(d("0")));
    let sources: Vec<(FundSource, Option<Decimal>)> = national
        .annual_funds
        .sources
        .iter()
        .map(|s| (s.0, value(&s.1)))
        .collect();
    assert_eq!(
        sources,
        [
            (FundSource::CurrentAppropriation, Some(d("89.974"))),
            (FundSource::CarriedOver, None),
            (FundSource::Other, None),
        ]
    );
    // 四川: the header loses its 得分 (printed far below) and `总额` sits between the header
    // and the figures; `238.93 251.89 251.89 100.00% 10` checks out (251.89 / 251.89).
    let sichuan = &selfeval[1];
    let e = sichuan.execution.as_ref().expect("execution");
    assert_eq!(value(&e.initial_budget), Some(d("238.93")));
    assert_eq!(value(&e.full_year_budget), Some(d("251.89")));
    assert_eq!(value(&e.rate), Some(d("100.00")));
    assert_eq!(value(&e.weight), Some(d("10")));
    assert_eq!(value(&e.score), None);
    // Its source rows come out as `(10 分) 财政专户管理资 0.00 金`: no source takes a figure
    // that is another's.
    assert!(sichuan.annual_funds.sources.iter().all(|s| s.1.is_none()));
    // The level names wrapped into the stream (`产出指标(50` / `分)`) make the rows unsure:
    // no weight or score is kept, so no sum is checked.
    assert!(
        national
            .indicators
            .iter()
            .all(|i| i.weight.is_none() && i.score.is_none())
    );
}

#[test]
fn self_evaluation_findings_are_the_published_fault_only() {
    // 池州 published 年度资金总额 0 with 本年财政拨款 89.974 (全年预算数): the sources do not add
    // up. Every other figure of both forms agrees (weights 90 + 10, 执行率 100.00%, grade 优
    // for 90), in every shape.
    let all = findings(&lint("fixtures/performance", "selfeval.pipe.md"));
    assert_eq!(all, ["8:error[performance-fund-sources]"]);
    let all = findings(&lint("fixtures/performance", "selfeval.tab.md"));
    assert_eq!(all, ["7:error[performance-fund-sources]"]);
    let all = findings(&lint("fixtures/performance", "selfeval.layout.txt"));
    assert_eq!(all, ["8:error[performance-fund-sources]"]);
    // Plain text: the 年度资金总额 row and the one source row with figures are read, and the
    // published fault is reported on the 全年预算数 of the total (line 35), nothing else.
    assert_eq!(
        findings(&lint("fixtures/performance", "selfeval.plain.txt")),
        ["35:error[performance-fund-sources]"]
    );
    let plain = findings(&lint(
        "fixtures/performance",
        "tunliu-2025-performance.plain.txt",
    ));
    assert_eq!(plain, ["66:error[performance-one-year-funds]"]);
}

#[test]
fn plain_execution_figures_that_do_not_check_out_are_not_placed() {
    // The same published form with its 分值 cell lost (a cell plain text dropped): the first
    // six figures are then `0 0 0 0 0 90`, a 得分 of 90 against a 分值 of 0. The row is not
    // the 年度资金总额's as printed, so nothing is taken from it.
    let text = std::fs::read_to_string("fixtures/performance/selfeval.plain.txt").expect("read");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[38], "10", "line 39 is the 分值 of 年度资金总额");
    let mut cut: Vec<&str> = lines.clone();
    cut.remove(38);
    let source = budlint::source::SourceFile::from_str("cut.txt", &cut.join("\n"));
    let forms = budlint::parse::parse(&source).performance;
    assert_eq!(project(&forms[0]), "委托业务项目");
    assert!(forms[0].execution.is_none());
    assert!(forms[0].annual_funds.total.is_none());
    // The untouched form still reads.
    assert!(forms[1].execution.is_some());
}

#[test]
fn plain_source_figures_that_are_not_whole_rows_are_not_placed() {
    // The same form with the source row's 年初预算数 lost (`89.974 89.974` left): which
    // column each figure is in is no longer known, so no source takes one and the fault is
    // not reported from a guess.
    let text = std::fs::read_to_string("fixtures/performance/selfeval.plain.txt").expect("read");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[44], "90", "line 45 is the 年初预算数 of 本年财政拨款");
    let mut cut: Vec<&str> = lines.clone();
    cut.remove(44);
    let source = budlint::source::SourceFile::from_str("cut.txt", &cut.join("\n"));
    let forms = budlint::parse::parse(&source).performance;
    assert_eq!(project(&forms[0]), "委托业务项目");
    assert!(forms[0].execution.is_some());
    assert!(forms[0].annual_funds.sources.iter().all(|s| s.1.is_none()));
    // Spending above the budget in a row (`90 89.974 95`): the figures are not one row's.
    let mut over: Vec<&str> = lines.clone();
    assert_eq!(
        lines[48], "89.974",
        "line 49 is the 全年执行数 of 本年财政拨款"
    );
    over[48] = "95";
    let source = budlint::source::SourceFile::from_str("over.txt", &over.join("\n"));
    let forms = budlint::parse::parse(&source).performance;
    assert!(forms[0].annual_funds.sources.iter().all(|s| s.1.is_none()));
}

#[test]
fn a_weight_column_before_the_value_is_the_weight_not_part_of_the_value() {
    // dongchangfu's 综合业务费 form, its 分值 moved out of the 评分标准 into a column of its own
    // before the 指标值 (fixtures/performance/weight_first.py): the same indicators, values and
    // weights as the published pipe table.
    let published = forms("fixtures/corpus/dongchangfu-2024-budget.md");
    let published = published
        .iter()
        .find(|t| project(t) == "综合业务费")
        .expect("综合业务费");
    let moved = forms("fixtures/performance/weight-first.tab.md");
    assert_eq!(moved.len(), 1);
    let moved = &moved[0];
    let read = |t: &PerformanceTable| -> Vec<(String, String, Option<Decimal>)> {
        t.indicators
            .iter()
            .map(|i| {
                (
                    i.name_text(),
                    i.value_text(),
                    i.weight.as_ref().map(|w| w.value),
                )
            })
            .collect()
    };
    assert_eq!(read(moved), read(published));
    assert_eq!(read(moved).len(), 12);
    assert_eq!(
        find(moved, "召开培训、咨询会").value_text(),
        "≥5次",
        "the 分值 10 is not glued to the value"
    );
    // The published fault is found on its row; the planted one (满意度 分值 20: 110 in all)
    // is reported, and nothing else.
    let all = findings(&lint("fixtures/performance", "weight-first.tab.md"));
    assert_eq!(all, ["10:warning[performance-scoring-rule]"]);
    let all = findings(&lint("fixtures/performance", "weight-first.faulty.tab.md"));
    assert_eq!(
        all,
        [
            "3:error[performance-scores]",
            "10:warning[performance-scoring-rule]"
        ]
    );
}

#[test]
fn whole_number_weights_one_point_over_are_a_warning() {
    // Twelve whole-number weights of the weight-first form with the 满意度 分值 raised from 10
    // to 11: 101 in all. Read with a rounding interval of half a point per weight, 101 would
    // pass; a weight is assigned, not computed, so it is reported, as a warning (a template
    // could print rounded shares); 110 (the .faulty file) is beyond rounding: an error.
    let text = std::fs::read_to_string("fixtures/performance/weight-first.tab.md")
        .expect("fixture")
        .replace("满意度\t10\t", "满意度\t11\t");
    assert!(
        text.contains("满意度\t11\t"),
        "the 满意度 weight was raised"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("form.md"), &text).expect("written");
    let all = findings(&lint(dir.path().to_str().expect("utf-8 path"), "form.md"));
    assert_eq!(
        all,
        [
            "3:warning[performance-scores]",
            "10:warning[performance-scoring-rule]"
        ]
    );
}

/// (name, value, weight) of the indicators of one group, whitespace removed.
fn rows_of(t: &PerformanceTable, group: usize) -> Vec<(String, String, Option<Decimal>)> {
    t.indicators
        .iter()
        .filter(|i| i.group == group)
        .map(|i| {
            (
                i.name_text(),
                i.value_text(),
                i.weight.as_ref().map(|w| w.value),
            )
        })
        .collect()
}

#[test]
fn a_second_template_is_read_alike_in_every_layout() {
    // fixtures/performance/split.py: three forms with the funds in 万元 in a grid headed
    // `资金来源 | 实施期资金总额 | 年度资金总额`, 实施期指标值 and 年度指标值 in columns of one
    // row, a 权重 column (before the value in the second form), the first form broken over a
    // page with its page number, the report's running header and the indicator header again.
    let tab = forms("fixtures/performance/yunxi-2025-performance.tab.md");
    let names: Vec<String> = tab.iter().map(project).collect();
    assert_eq!(
        names,
        [
            "高标准农田建设管护项目",
            "农村人居环境整治以奖代补项目",
            "重大动物疫病防控物资购置"
        ]
    );
    let farmland = &tab[0];
    assert_eq!(farmland.funds_unit, Some(budlint::model::Unit::WanYuan));
    let total = |f: &budlint::model::performance::Funds| f.total.as_ref().map(|n| n.value);
    assert_eq!(total(&farmland.implementation_funds), Some(d("1260.00")));
    assert_eq!(total(&farmland.annual_funds), Some(d("420.00")));
    let sources = |f: &budlint::model::performance::Funds| -> Vec<(FundSource, Option<Decimal>)> {
        f.sources
            .iter()
            .map(|(s, n, _)| (*s, n.as_ref().map(|n| n.value)))
            .collect()
    };
    assert_eq!(
        sources(&farmland.annual_funds),
        [
            (FundSource::Central, Some(d("200.00"))),
            (FundSource::Provincial, Some(d("120.00"))),
            (FundSource::Local, Some(d("100.00"))),
            (FundSource::Other, Some(d("0.00"))),
        ]
    );
    // The two value columns of a row: the implementation period's is group 0 with the weight,
    // the year's is group 1 and takes the 评分标准 (it scores the year).
    let first = &rows_of(farmland, 0)[0];
    assert_eq!(
        first,
        &(
            "高标准农田管护面积".into(),
            "≥3.6万亩".into(),
            Some(d("15"))
        )
    );
    let annual = rows_of(farmland, 1);
    assert_eq!(annual[0].1, "≥1.2万亩");
    assert_eq!(annual.len(), 9);
    let weights: Decimal = farmland
        .indicators
        .iter()
        .filter(|i| i.group == 0)
        .filter_map(|i| i.weight.as_ref().map(|w| w.value))
        .sum();
    assert_eq!(weights, d("100"));
    let twin = farmland
        .indicators
        .iter()
        .find(|i| i.group == 1 && i.name_text() == "设施维修次数")
        .expect("annual row");
    assert!(
        twin.scoring
            .as_ref()
            .is_some_and(|s| s.text.contains("少于12次"))
    );
    assert_eq!(twin.level2, "数量指标");
    // The weight printed before the value is the weight.
    assert_eq!(
        rows_of(&tab[1], 0)[0],
        ("奖补村数".into(), "≥30个".into(), Some(d("20")))
    );
    for shape in ["pipe.md", "layout.txt"] {
        let other = forms(&format!(
            "fixtures/performance/yunxi-2025-performance.{shape}"
        ));
        assert_eq!(other.len(), 3, "{shape}");
        for (a, b) in tab.iter().zip(&other) {
            assert_eq!(project(a), project(b), "{shape}");
            assert_eq!(total(&a.annual_funds), total(&b.annual_funds), "{shape}");
            assert_eq!(
                total(&a.implementation_funds),
                total(&b.implementation_funds),
                "{shape}"
            );
            assert_eq!(
                sources(&a.annual_funds),
                sources(&b.annual_funds),
                "{shape}"
            );
            assert_eq!(a.department_code, b.department_code, "{shape}");
            for group in [0, 1] {
                assert_eq!(
                    rows_of(a, group),
                    rows_of(b, group),
                    "{shape} {}",
                    project(a)
                );
            }
        }
    }
    // Plain text: the fields and the funds grid (its two column labels on lines of their own);
    // the indicators, with a 评分标准 wrapped after the scored column, are not read.
    let plain = forms("fixtures/performance/yunxi-2025-performance.plain.txt");
    assert_eq!(plain.len(), 3);
    for (a, b) in tab.iter().zip(&plain) {
        assert_eq!(project(a), project(b));
        assert_eq!(total(&a.annual_funds), total(&b.annual_funds));
        assert_eq!(
            total(&a.implementation_funds),
            total(&b.implementation_funds)
        );
        assert_eq!(a.department_code, b.department_code);
        assert!(
            b.total_weight.is_none(),
            "合计 of the funds is no total weight"
        );
    }
}

#[test]
fn the_second_template_is_quiet_when_right_and_reports_planted_faults() {
    // Every figure of the three forms agrees, in every shape.
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt"] {
        let all = findings(&lint(
            "fixtures/performance",
            &format!("yunxi-2025-performance.{shape}"),
        ));
        assert_eq!(all, Vec::<String>::new(), "{shape}");
    }
    // The one-year 以奖代补 project's 年度资金总额 changed (180.00 → 150.00), and the 30 villages ×
    // 6万元 then exceed it; the 合计 row of the funds is where both are reported.
    let text = std::fs::read_to_string("fixtures/performance/yunxi-2025-performance.layout.txt")
        .expect("fixture");
    let line = text
        .lines()
        .position(|l| l.contains("合计") && l.contains("180.00"))
        .expect("合计 row")
        + 1;
    let at = text.find("180.00                                            180.00");
    let at =
        at.expect("the two totals") + "180.00                                            ".len();
    let mut faulty = text.clone();
    faulty.replace_range(at..at + 6, "150.00");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("form.txt"), &faulty).expect("written");
    let all = findings(&lint(dir.path().to_str().expect("utf-8 path"), "form.txt"));
    assert!(
        all.contains(&format!("{line}:error[performance-one-year-funds]")),
        "{all:?}"
    );
    assert!(
        all.contains(&format!("{line}:warning[performance-unit-costs]")),
        "{all:?}"
    );
}

/// The 1-based number of the first line of a fixture that contains every one of `words`.
fn line_of(path: &str, words: &[&str]) -> usize {
    let text = std::fs::read_to_string(path).expect("fixture");
    text.lines()
        .position(|l| words.iter().all(|w| l.contains(w)))
        .unwrap_or_else(|| panic!("{words:?} in {path}"))
        + 1
}

#[test]
fn the_third_template_is_read_in_every_shape() {
    // fixtures/performance/third.py: a 决算's two project self-evaluations and its 部门整体
    // self-evaluation, and a budget's 绩效目标表 whose values are split over 指标性质 | 指标值 |
    // 度量单位.
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt"] {
        let finals = forms(&format!(
            "fixtures/performance/xinfeng-2024-final-performance.{shape}"
        ));
        assert_eq!(finals.len(), 3, "{shape}");
        assert!(
            finals
                .iter()
                .all(|t| t.kind == PerformanceKind::SelfEvaluation),
            "{shape}"
        );
        // 年度资金总额 135.50 = 当年财政拨款 130.50 + 上年结转资金 5.00 + 其他资金 0.00, the
        // sources' `—` in the scored columns kept in place.
        let value = |n: &Option<budlint::model::Number>| n.as_ref().map(|n| n.value);
        let inspection = &finals[0];
        assert_eq!(project(inspection), "食品安全抽检监测经费", "{shape}");
        let sources: Vec<(FundSource, Option<Decimal>)> = inspection
            .annual_funds
            .sources
            .iter()
            .map(|s| (s.0, value(&s.1)))
            .collect();
        assert_eq!(
            sources,
            [
                (FundSource::CurrentAppropriation, Some(d("130.50"))),
                (FundSource::CarriedOver, Some(d("5.00"))),
                (FundSource::Other, Some(d("0.00"))),
            ],
            "{shape}"
        );
        let e = inspection.execution.as_ref().expect("execution");
        assert_eq!(value(&e.executed), Some(d("128.73")), "{shape}");
        assert_eq!(value(&e.rate), Some(d("95.00")), "{shape}");
        assert_eq!(value(&e.score), Some(d("9.50")), "{shape}");
        // The department as a whole: its 年度资金总额 is 基本支出 + 项目支出.
        let whole = &finals[2];
        let parts: Vec<(FundSource, Option<Decimal>)> = whole
            .annual_funds
            .sources
            .iter()
            .map(|s| (s.0, value(&s.1)))
            .collect();
        assert_eq!(
            parts,
            [
                (FundSource::BasicExpenditure, Some(d("1458.92"))),
                (FundSource::ProjectExpenditure, Some(d("503.56"))),
            ],
            "{shape}"
        );
        assert_eq!(
            value(&whole.annual_funds.total),
            Some(d("1962.48")),
            "{shape}"
        );
    }
    // `≥ | 2400 | 批次` in three columns is one value; the 权重(%) after it is the weight.
    for shape in ["tab.md", "pipe.md", "layout.txt"] {
        let targets = forms(&format!(
            "fixtures/performance/nanling-2025-performance.{shape}"
        ));
        assert_eq!(targets.len(), 2, "{shape}");
        let checks = find(&targets[0], "食品安全快检批次");
        let v = checks.value.as_ref().expect("value");
        assert_eq!(v.comparator, Some(Comparator::AtLeast), "{shape}");
        assert_eq!(
            v.number.as_ref().map(|n| n.value),
            Some(d("2400")),
            "{shape}"
        );
        assert_eq!(v.unit, "批次", "{shape}");
        assert_eq!(
            checks.weight.as_ref().map(|w| w.value),
            Some(d("20")),
            "{shape}"
        );
        let weights: Decimal = targets[1]
            .indicators
            .iter()
            .filter_map(|i| i.weight.as_ref().map(|w| w.value))
            .sum();
        assert_eq!(weights, d("100"), "{shape}");
        assert!(
            targets[0].is_one_year() && !targets[1].is_one_year(),
            "{shape}"
        );
    }
}

#[test]
fn the_third_template_is_quiet_when_right_and_reports_planted_faults() {
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt"] {
        for name in ["xinfeng-2024-final-performance", "nanling-2025-performance"] {
            let all = findings(&lint("fixtures/performance", &format!("{name}.{shape}")));
            assert_eq!(all, Vec::<String>::new(), "{name}.{shape}");
        }
    }
    // third.py's FAULTS: 上年结转资金 5.00 → 6.00 (the sources make 136.50, reported on the
    // total), a 得分 of 16 above its 分值 15, the 部门整体 执行率 97.70% → 91.70%
    // (1,917.30 / 1,962.48 = 97.70%).
    for shape in ["tab.md", "pipe.md", "layout.txt"] {
        let path = format!("fixtures/performance/xinfeng-2024-final-performance.faulty.{shape}");
        let all = findings(&lint(
            "fixtures/performance",
            &format!("xinfeng-2024-final-performance.faulty.{shape}"),
        ));
        let expected = [
            format!(
                "{}:error[performance-fund-sources]",
                line_of(&path, &["135.50"])
            ),
            format!(
                "{}:error[performance-scores]",
                line_of(&path, &["隐患整改闭环率", "16"])
            ),
            format!("{}:error[performance-scores]", line_of(&path, &["91.70%"])),
        ];
        assert_eq!(all, expected, "{shape}");
    }
    // Plain text: the sources are placed (whole rows with their `—`); the 部门整体 预算执行
    // row's six figures are all its block has (its sources follow their labels), so its
    // 执行率 is read as printed and reported; the scores of indicator rows read in doubt are
    // not kept, so the 得分 above its 分值 is not seen.
    let path = "fixtures/performance/xinfeng-2024-final-performance.faulty.plain.txt";
    assert_eq!(
        findings(&lint(
            "fixtures/performance",
            "xinfeng-2024-final-performance.faulty.plain.txt"
        )),
        [
            format!(
                "{}:error[performance-fund-sources]",
                line_of(path, &["135.50"])
            ),
            format!("{}:error[performance-scores]", line_of(path, &["91.70%"])),
        ]
    );
    // The one-year project's 实施期资金总额 86.40 → 96.40 (its source with it), and the
    // three-year project's weights made 105 (reported on its form's first line, having no 总分
    // row; a warning in `-layout` and plain text, where a wrapped row may be lost). Plain text
    // reads the value split over three columns (`≥` | `2400` | `批次`) by the shape of the cells
    // from the 指标性质 to the 权重.
    for (shape, severity) in [
        ("tab.md", "error"),
        ("pipe.md", "error"),
        ("layout.txt", "warning"),
        ("plain.txt", "warning"),
    ] {
        let path = format!("fixtures/performance/nanling-2025-performance.faulty.{shape}");
        let all = findings(&lint(
            "fixtures/performance",
            &format!("nanling-2025-performance.faulty.{shape}"),
        ));
        // On the project's name (below its 项目名称 label in plain text).
        let first = line_of(&path, &["民生计量器具强制检定"]);
        let expected = [
            format!(
                "{}:error[performance-one-year-funds]",
                line_of(&path, &["96.40"])
            ),
            format!("{first}:{severity}[performance-scores]"),
        ];
        assert_eq!(all, expected, "{shape}");
    }
}

#[test]
fn a_department_s_funds_by_source_and_by_spending_each_make_the_total() {
    // The 部门整体 form with its funds given both ways, as the national template has them:
    // 基本支出 + 项目支出 = 1,962.48 and 财政拨款 + 其他资金 = 1,962.48. Each way adds up; the
    // four rows together are not one sum.
    let text =
        std::fs::read_to_string("fixtures/performance/xinfeng-2024-final-performance.pipe.md")
            .expect("fixture");
    let spending = "|  | 项目支出 |  | 430.20 | 503.56 | 458.38 | — | — | — |";
    assert!(text.contains(spending));
    let both = |appropriation: &str| {
        text.replace(
            spending,
            &format!(
                "{spending}\n|  | 其中：财政拨款 |  | 1,850.36 | {appropriation} | 1,917.30 | — | — | — |\n\
                 |  | 其他资金 |  | 0.00 | 0.00 | 0.00 | — | — | — |"
            ),
        )
    };
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("both.md"), both("1,962.48")).expect("written");
    let path = dir.path().to_str().expect("utf-8 path");
    assert_eq!(findings(&lint(path, "both.md")), Vec::<String>::new());
    let whole = &forms(&dir.path().join("both.md").to_string_lossy())[2];
    assert_eq!(whole.annual_funds.sources.len(), 4);
    // 财政拨款 1,900.00: the sources by origin no longer make the total.
    std::fs::write(dir.path().join("off.md"), both("1,900.00")).expect("written");
    let line = line_of(
        "fixtures/performance/xinfeng-2024-final-performance.pipe.md",
        &["年度资金总额", "1,962.48"],
    );
    assert_eq!(
        findings(&lint(path, "off.md")),
        [format!("{line}:error[performance-fund-sources]")]
    );
}

/// The tab grids of the performance forms of `text` rewritten as one line of HTML each, the
/// way MinerU writes a table: a name with empty cells after it spans them (`colspan`), and an
/// indicator level name (the first three columns) with empty cells below spans them down
/// (`rowspan`). Returns the text and the number of forms rewritten.
fn forms_as_html(text: &str) -> (String, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut tables = 0;
    let mut i = 0;
    while i < lines.len() {
        let starts = lines[i].contains('\t') && lines[i].split('\t').next() == Some("项目名称");
        if !starts {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].contains('\t') {
            i += 1;
        }
        // Money tables start with 项目名称 too; a form has indicators.
        if !lines[start..i].iter().any(|l| l.contains("指标")) {
            out.extend(lines[start..i].iter().map(|l| l.to_string()));
            continue;
        }
        let rows: Vec<Vec<&str>> = lines[start..i]
            .iter()
            .map(|l| l.split('\t').map(str::trim).collect())
            .collect();
        out.push(common::html::form_table(&rows));
        tables += 1;
    }
    (out.join("\n") + "\n", tables)
}

/// What a form says, without where it says it.
fn gist(t: &PerformanceTable) -> Vec<String> {
    let mut said = vec![
        project(t),
        format!("{:?}", t.annual_funds.total.as_ref().map(|n| n.value)),
        format!(
            "{:?}",
            t.implementation_funds.total.as_ref().map(|n| n.value)
        ),
    ];
    said.extend(t.indicators.iter().map(|i| {
        format!(
            "{}:{}|{}|{}={}",
            i.group,
            i.level1,
            i.level2,
            i.name_text(),
            i.value_text()
        )
    }));
    said
}

#[test]
fn forms_written_as_html_tables_read_as_their_grids() {
    let path = "fixtures/corpus/tunliu-2025-budget.md";
    let original = common::read(path);
    let (html, tables) = forms_as_html(&original.text);
    assert_eq!(tables, 4);
    assert!(html.contains("rowspan=") && html.contains("colspan="));
    let converted = budlint::source::SourceFile::new(
        PathBuf::from("tunliu-2025-budget.md"),
        html.clone(),
        budlint::source::SourceEncoding::Utf8,
    );
    let read = budlint::parse::parse(&converted).performance;
    let want: Vec<Vec<String>> = forms(path).iter().map(gist).collect();
    let got: Vec<Vec<String>> = read.iter().map(gist).collect();
    assert_eq!(got, want);
    assert!(want.iter().all(|g| g.len() > 10), "{want:?}");
    // Every field points at its own text in the markup.
    for t in &read {
        for i in &t.indicators {
            let name = i.name.as_ref().expect("a name");
            assert_eq!(&html[name.span.start..name.span.end], name.text);
        }
    }
    // The same findings, on the lines of the tables.
    let dir = std::env::temp_dir().join(format!("budlint-perf-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    std::fs::write(dir.join("tunliu-2025-budget.md"), &html).expect("write");
    let said = |out: String| -> Vec<String> {
        out.lines()
            .filter_map(|l| l.splitn(4, ':').nth(3).map(|s| s.trim().to_string()))
            .collect()
    };
    let table_lines: Vec<usize> = html
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("<table>"))
        .map(|(n, _)| n + 1)
        .collect();
    let out = lint(dir.to_str().expect("utf-8 path"), "tunliu-2025-budget.md");
    for line in findings(&out) {
        let n: usize = line.split(':').next().and_then(|n| n.parse().ok()).unwrap();
        assert!(table_lines.contains(&n), "{line} off the tables");
    }
    assert_eq!(
        said(out),
        said(lint("fixtures/corpus", "tunliu-2025-budget.md"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn aligned_scores_beside_a_deviation_reason_are_read_by_their_column() {
    // `pdftotext -layout` of xinfeng's first self-evaluation: the 偏差原因分析及改进措施 header
    // is wrapped onto the lines around the header line, and a row with a reason prints it
    // right of its 得分 (`10  9  长，下年度提前安排复`). The pipe grid says the same scores.
    let score = |t: &PerformanceTable, name: &str| find(t, name).score.as_ref().map(|n| n.value);
    let layout = forms("fixtures/performance/xinfeng-2024-final-performance.layout.txt");
    let pipe = forms("fixtures/performance/xinfeng-2024-final-performance.pipe.md");
    for (name, want) in [
        ("抽检结果按时公布率", "9"),
        ("抽检监测长效机制", "14"),
        ("食品安全抽检批次", "10"),
    ] {
        assert_eq!(score(&pipe[0], name), Some(d(want)), "pipe {name}");
        assert_eq!(score(&layout[0], name), Some(d(want)), "layout {name}");
        // The reason is no field of the row.
        let row = find(&layout[0], name);
        let actual = row.actual.as_ref().map(|f| f.text.as_str()).unwrap_or("");
        assert!(!actual.contains("下年度"), "{name}: {actual}");
    }
}

#[test]
fn aligned_level_names_off_the_centre_of_their_rows_name_their_blocks() {
    // xinfeng's `-layout` text prints 效益指标 on the line above its first row (rows of
    // different heights), so the names are not at the centres of their rows: each names the
    // rows from where it stands to the next, the 二级 names telling the blocks apart
    // (third.py: 数量 / 质量 / 时效 / 成本 under 产出指标).
    let layout = forms("fixtures/performance/xinfeng-2024-final-performance.layout.txt");
    let levels = |t: &PerformanceTable| -> Vec<String> {
        t.indicators
            .iter()
            .map(|i| format!("{}/{}", i.level1, i.level2))
            .collect()
    };
    assert_eq!(
        levels(&layout[0]),
        [
            "产出指标/数量指标",
            "产出指标/数量指标",
            "产出指标/质量指标",
            "产出指标/时效指标",
            "产出指标/成本指标",
            "效益指标/社会效益指标",
            "效益指标/可持续影响指标",
            "满意度指标/服务对象满意度指标",
        ]
    );
    // yunxi's third form prints 效益指标 between its two rows, centred on them: the block it
    // heads cannot be told from where it stands, and the 二级 names do not fit the reading
    // that it heads the lower row, so the 一级 names are left empty rather than guessed.
    let yunxi = forms("fixtures/performance/yunxi-2025-performance.layout.txt");
    let row = yunxi
        .iter()
        .flat_map(|t| &t.indicators)
        .find(|i| i.name_text() == "村庄人居环境")
        .expect("村庄人居环境");
    assert_eq!(row.level2, "社会效益指标");
    assert!(
        row.level1.is_empty() || row.level1 == "效益指标",
        "{}",
        row.level1
    );
}

#[test]
fn the_fourth_template_is_read_in_every_shape() {
    // fixtures/performance/fourth.py: Beijing / Zhejiang-like target forms in 万元, one headed
    // `三级指标 (two cells) | 指标方向 | 指标值 | 计量单位` without weights, one headed `指标名称 |
    // 目标值 | 分值 | 评分标准`.
    let subsidy = [
        "创业培训人次==1200人次",
        "培训合格率=≥90%",
        "补助资金拨付时限=≤30个工作日",
        "每人次培训补助标准==600元",
        "培训后创业成功率=≥20%",
        "参训人员满意度=≥90%",
    ];
    for shape in ["tab.md", "pipe.md", "layout.txt"] {
        let targets = forms(&format!(
            "fixtures/performance/anji-2025-performance.{shape}"
        ));
        assert_eq!(targets.len(), 2, "{shape}");
        assert_eq!(indicators(&targets[0]), subsidy, "{shape}");
        assert!(targets[0].is_one_year(), "{shape}");
    }
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt"] {
        let targets = forms(&format!(
            "fixtures/performance/anji-2025-performance.{shape}"
        ));
        let platform = &targets[1];
        assert_eq!(project(platform), "智慧人社服务平台运维", "{shape}");
        let rows: Vec<(String, String, Option<Decimal>)> = platform
            .indicators
            .iter()
            .map(|i| {
                (
                    i.name_text(),
                    i.value_text(),
                    i.weight.as_ref().map(|w| w.value),
                )
            })
            .collect();
        let expected = [
            ("平台运维服务月数", "12个月", "20"),
            ("系统可用率", "≥99%", "20"),
            ("故障响应时间", "≤2小时", "10"),
            ("网上办件量占比", "≥85%", "20"),
            ("数据安全事件发生数", "=0起", "10"),
            ("办事群众满意度", "≥90%", "20"),
        ]
        .map(|(n, v, w)| (n.to_string(), v.to_string(), Some(d(w))));
        assert_eq!(rows, expected, "{shape}");
        let rule = find(platform, "系统可用率")
            .scoring
            .as_ref()
            .expect("评分标准");
        assert!(squeeze(&rule.text).starts_with("低于99%"), "{shape}");
    }
    // The self-evaluations with values in words set apart from their figures in `-layout`
    // text (`不低于 90%`), and `偏差原因分析 | 改进措施` in two columns (printed after the form
    // in plain text, where the 一级 names with their points, `产出指标(50 分)` / `满意度指标(10`
    // / `分)`, come among the header's words or after the rows, and the 总分's figures before
    // its label).
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt"] {
        let finals = forms(&format!(
            "fixtures/performance/qingtian-2024-final-performance.{shape}"
        ));
        assert_eq!(finals.len(), 2, "{shape}");
        let rate = find(&finals[0], "培训合格率");
        let v = rate.value.as_ref().expect("value");
        assert_eq!(v.comparator, Some(Comparator::AtLeast), "{shape}");
        assert_eq!(v.number.as_ref().map(|n| n.value), Some(d("90")), "{shape}");
        assert_eq!(
            rate.score.as_ref().map(|n| n.value),
            Some(d("15")),
            "{shape}"
        );
        let scores: Decimal = finals[1]
            .indicators
            .iter()
            .filter_map(|i| i.score.as_ref().map(|s| s.value))
            .sum();
        assert_eq!(scores, d("88"), "{shape}");
        // Plain text prints the second form's `实施单位` label at its end and the unit's name
        // after `年度总体目标`: the name is the 实施单位's, not the goal.
        assert_eq!(
            finals[1].implementer.as_ref().map(|f| squeeze(&f.text)),
            Some("青田县劳动人事争议仲裁院".into()),
            "{shape}"
        );
        assert!(
            finals[1]
                .text("年度总体目标")
                .is_none_or(|f| !f.text.contains("仲裁院")),
            "{shape}"
        );
        for (form, weights, total) in [(&finals[0], "90", "97.40"), (&finals[1], "90", "97.00")] {
            let sum: Decimal = form
                .indicators
                .iter()
                .filter_map(|i| i.weight.as_ref().map(|w| w.value))
                .sum();
            assert_eq!(sum, d(weights), "{shape}");
            assert_eq!(form.indicators.len(), 7, "{shape}");
            assert_eq!(
                form.total_score.as_ref().map(|n| n.value),
                Some(d(total)),
                "{shape}"
            );
        }
    }
}

#[test]
fn the_fourth_template_is_quiet_when_right_and_reports_planted_faults() {
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt"] {
        for name in ["qingtian-2024-final-performance", "anji-2025-performance"] {
            let all = findings(&lint("fixtures/performance", &format!("{name}.{shape}")));
            assert_eq!(all, Vec::<String>::new(), "{name}.{shape}");
        }
    }
    // fourth.py's FAULTS: 其他资金 3.00 → 4.00 (the sources make 69.00), a 得分 of 16 above its
    // 分值 15, an 执行率 of 95.00% for 16.65 / 18.50 = 90.00%.
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt"] {
        let path = format!("fixtures/performance/qingtian-2024-final-performance.faulty.{shape}");
        // In plain text the 得分 16 is a line of its own, after its row's name.
        let score_line = if shape == "plain.txt" {
            let name = line_of(&path, &["案件结案率"]);
            let text = std::fs::read_to_string(&path).expect("fixture");
            name + text
                .lines()
                .skip(name)
                .position(|l| l.trim() == "16")
                .expect("16 after its name")
                + 1
        } else {
            line_of(&path, &["案件结案率", "16"])
        };
        let all = findings(&lint(
            "fixtures/performance",
            &format!("qingtian-2024-final-performance.faulty.{shape}"),
        ));
        let expected = [
            format!(
                "{}:error[performance-fund-sources]",
                line_of(&path, &["68.00"])
            ),
            format!("{}:error[performance-scores]", line_of(&path, &["95.00%"])),
            format!("{score_line}:error[performance-scores]"),
        ];
        assert_eq!(all, expected, "{shape}");
    }
    // The one-year project's 年度资金总额 72.00 → 82.00 (its source with it), its 每人次 cost
    // 600 → 700 元 (1200人次 × 700元 = 84万元 > 82万元, not read from plain text, where the
    // columns of a form without weights come out of order), the three-year project's weights
    // made 105 and its 评分标准 `低于99%…` under a value of ≥98%.
    for (shape, severity) in [
        ("tab.md", "error"),
        ("pipe.md", "error"),
        ("layout.txt", "warning"),
        ("plain.txt", "warning"),
    ] {
        let path = format!("fixtures/performance/anji-2025-performance.faulty.{shape}");
        let all = findings(&lint(
            "fixtures/performance",
            &format!("anji-2025-performance.faulty.{shape}"),
        ));
        // On the 实施期资金总额 72.00 (on the line of the 年度资金总额 but in plain text).
        let mut expected = vec![format!(
            "{}:error[performance-one-year-funds]",
            line_of(&path, &["72.00"])
        )];
        if shape != "plain.txt" {
            expected.push(format!(
                "{}:warning[performance-unit-costs]",
                line_of(&path, &["82.00"])
            ));
        }
        expected.extend([
            format!(
                "{}:{severity}[performance-scores]",
                line_of(&path, &["智慧人社服务平台运维"])
            ),
            // On the 评分标准 (below the value in plain text).
            format!(
                "{}:warning[performance-scoring-rule]",
                line_of(&path, &["99%的每"])
            ),
        ]);
        assert_eq!(all, expected, "{shape}");
    }
}

#[test]
fn a_department_target_form_is_read_in_every_shape() {
    // fixtures/performance/fifth.py: a 部门整体支出绩效目标表 with its funds as labels over
    // figures and its 年度主要任务 rows.
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt"] {
        let forms = forms(&format!(
            "fixtures/performance/pengxi-2025-department-performance.{shape}"
        ));
        assert_eq!(forms.len(), 1, "{shape}");
        let t = &forms[0];
        assert!(t.is_department(), "{shape}");
        assert_eq!(project(t), "蓬溪县农业农村局", "{shape}");
        // In plain text its label comes out with the left column, its text after the tasks.
        let goal = t.text("年度总体目标").map(|f| squeeze(&f.text));
        assert!(
            goal.as_deref()
                .is_some_and(|g| g.starts_with("保障机关正常运转")
                    && g.ends_with("促进农业增效和农民增收。")),
            "{shape}: {goal:?}"
        );
        assert_eq!(t.funds_unit, Some(budlint::model::Unit::WanYuan), "{shape}");
        assert_eq!(
            t.annual_funds.total.as_ref().map(|n| n.value),
            Some(d("1286.40")),
            "{shape}"
        );
        let sources: Vec<(FundSource, Option<Decimal>)> = t
            .annual_funds
            .sources
            .iter()
            .map(|(s, n, _)| (*s, n.as_ref().map(|n| n.value)))
            .collect();
        assert_eq!(
            sources,
            [
                (FundSource::CurrentAppropriation, Some(d("1186.40"))),
                (FundSource::Other, Some(d("100.00")))
            ],
            "{shape}"
        );
        let tasks: Vec<(String, Decimal)> = t
            .tasks
            .iter()
            .map(|t| {
                let name = t.name.as_ref().map(|f| squeeze(&f.text).into_owned());
                (name.unwrap_or_default(), t.amount.value)
            })
            .collect();
        assert_eq!(
            tasks,
            [
                ("人员及公用经费保障".to_string(), d("742.60")),
                ("高标准农田建设".to_string(), d("320.00")),
                ("农业技术推广".to_string(), d("123.80")),
                ("动物疫病防控".to_string(), d("100.00")),
            ],
            "{shape}"
        );
        let weights: Vec<Option<Decimal>> = t
            .indicators
            .iter()
            .map(|i| i.weight.as_ref().map(|w| w.value))
            .collect();
        assert_eq!(weights.len(), 9, "{shape}");
        assert_eq!(
            weights.iter().flatten().sum::<Decimal>(),
            d("100"),
            "{shape}: {weights:?}"
        );
        assert_eq!(
            find(t, "农技人员培训人次").value_text(),
            "≥600人次",
            "{shape}"
        );
    }
}

#[test]
fn the_department_target_form_is_quiet_when_right_and_reports_planted_faults() {
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt"] {
        let name = format!("pengxi-2025-department-performance.{shape}");
        let all = findings(&lint("fixtures/performance", &name));
        assert_eq!(all, Vec::<String>::new(), "{name}");
    }
    // fifth.py's FAULTS: 财政拨款 1,186.40 → 1,196.40 and 农业技术推广 123.80 → 133.80 (each
    // makes 1,296.40 against the 资金总额 1,286.40), a weight 10 → 15 (the weights make 105).
    for (shape, severity) in [
        ("tab.md", "error"),
        ("pipe.md", "error"),
        ("layout.txt", "warning"),
        ("plain.txt", "warning"),
    ] {
        let path =
            format!("fixtures/performance/pengxi-2025-department-performance.faulty.{shape}");
        let all = findings(&lint(
            "fixtures/performance",
            &format!("pengxi-2025-department-performance.faulty.{shape}"),
        ));
        // The 资金总额's line (one figure a line in plain text; the prose above gives it too).
        let text = std::fs::read_to_string(&path).expect("fixture");
        let total = text
            .lines()
            .position(|l| l.contains("1,286.40") && !l.contains("万元"))
            .expect("the 资金总额")
            + 1;
        let mut expected = vec![
            format!("{total}:error[performance-fund-sources]"),
            format!("{total}:{severity}[performance-task-amounts]"),
        ];
        // The weights' sum is reported at the department's name (on a line of its own in
        // plain text, beside its label elsewhere).
        let name = text
            .lines()
            .position(|l| {
                if shape == "plain.txt" {
                    l.trim() == "蓬溪县农业农村局"
                } else {
                    l.contains("部门名称")
                }
            })
            .expect("the department's name")
            + 1;
        expected.push(format!("{name}:warning[performance-scores]"));
        expected.sort();
        let mut all = all;
        all.sort();
        assert_eq!(all, expected, "{shape}");
    }
}

/// fixtures/performance/sixth.py: the department form after the budget's 收支预算总表, printed by
/// Chromium. Every rule is quiet on it in every shape; where the form is read its tasks are all
/// there (plain text prints the `年度总体目标` label between the second and third task), and its
/// 资金总额 changed to none of the statement's totals is reported where the statement is read
/// for sure (not in plain text, whose statement interleaves its two sides).
#[test]
fn a_department_form_after_its_budget_statement_is_checked_against_it() {
    let name = "pengxi-2025-department-budget";
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt", "raw.txt"] {
        let all = common::lint_short("fixtures/performance", &[], &format!("{name}.{shape}"));
        assert_eq!(findings(&all), Vec::<String>::new(), "{shape}: {all}");
    }
    for shape in ["tab.md", "pipe.md", "layout.txt", "plain.txt"] {
        let path = format!("fixtures/performance/{name}.{shape}");
        let forms = forms(&path);
        assert_eq!(forms.len(), 1, "{shape}");
        let tasks: Vec<Decimal> = forms[0].tasks.iter().map(|t| t.amount.value).collect();
        assert_eq!(
            tasks,
            [d("742.60"), d("320.00"), d("123.80"), d("100.00")],
            "{shape}"
        );
        // The form's 资金总额 raised by 10, and one of its sources and one task with it, so
        // that only the department total can see it.
        let text = std::fs::read_to_string(&path).expect("fixture");
        let total = forms[0].annual_funds.total.as_ref().expect("资金总额");
        let other = forms[0]
            .annual_funds
            .sources
            .iter()
            .find_map(|(_, n, _)| n.as_ref().filter(|n| n.value == d("100.00")))
            .expect("其他资金");
        let task = forms[0].tasks.last().expect("a task");
        let mut changes = [
            (total.span, "1,296.40"),
            (other.span, "110.00"),
            (task.amount.span, "110.00"),
        ];
        // From the end, so that each span still points at its figure.
        changes.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
        let mut faulty = text.clone();
        for (span, written) in changes {
            faulty.replace_range(span.start..span.end, written);
        }
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(format!("{name}.{shape}")), &faulty).expect("write");
        let all = common::lint_short(
            dir.path().to_str().expect("utf-8"),
            &[],
            &format!("{name}.{shape}"),
        );
        let line = text[..total.span.start].lines().count()
            + usize::from(text[..total.span.start].ends_with('\n'));
        let expected = match shape {
            "plain.txt" => vec![],
            _ => vec![format!("{line}:warning[performance-department-total]")],
        };
        assert_eq!(findings(&all), expected, "{shape}: {all}");
    }
}

/// The fund sources by kind of budget (`其中：一般公共预算` / `政府性基金预算`, 湖北's forms) add
/// up to their total; under a `财政拨款` row they are its parts, not added to it.
#[test]
fn fund_sources_by_kind_of_budget_add_up_as_parts_of_the_appropriation_or_alone() {
    let form = |sources: &str| {
        format!(
            "项目支出绩效目标表\n\n\
项目名称          收费公路债务还本付息\n\
项目属性          经常性项目          项目期        1年\n\
项目资金(元)      年度资金总额: 80,000,000\n\
{sources}\
          一级指标     二级指标       三级指标        指标值\n\
          产出指标     数量指标       按期偿还债务笔数    12笔\n\
负责人:      经办人:\n"
        )
    };
    let dir = std::env::temp_dir().join(format!("budlint-kinds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let run = |name: &str, sources: &str| {
        let file = dir.join(name);
        std::fs::write(&file, form(sources)).expect("write");
        findings(&common::short_output(
            &dir,
            &["--select", "performance-target", name],
        ))
    };
    let right = "                  其中:一般公共预算 30,000,000\n\
                  政府性基金预算 50,000,000\n";
    assert_eq!(run("right.txt", right), Vec::<String>::new());
    let wrong = "                  其中:一般公共预算 30,000,000\n\
                  政府性基金预算 60,000,000\n";
    assert_eq!(
        run("wrong.txt", wrong),
        ["5:error[performance-fund-sources]"]
    );
    let parts = "                  其中:财政拨款 80,000,000\n\
                  一般公共预算 30,000,000\n\
                  政府性基金预算 50,000,000\n\
                  其他资金 0\n";
    assert_eq!(run("parts.txt", parts), Vec::<String>::new());
    std::fs::remove_dir_all(&dir).ok();
}
