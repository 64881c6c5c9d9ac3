use super::*;
use crate::source::SourceFile;
use rust_decimal::Decimal;

fn forms(name: &str, text: &str) -> Vec<PerformanceTable> {
    crate::parse::parse(&SourceFile::from_str(name, text)).performance
}

#[test]
fn indicator_values_carry_comparator_number_and_unit() {
    let value = |s: &str| {
        indicator_value(Field {
            text: s.to_string(),
            span: Span::default(),
        })
    };
    let v = value("≥ 67282 人");
    assert_eq!(v.comparator, Some(Comparator::AtLeast));
    assert_eq!(v.number.as_ref().map(|n| n.value), Some(67282.into()));
    assert_eq!(v.unit, "人");
    let v = value("≤30分钟");
    assert_eq!(
        (v.comparator, v.unit.as_str()),
        (Some(Comparator::AtMost), "分钟")
    );
    let v = value("21460元");
    assert_eq!((v.comparator, v.unit.as_str()), (None, "元"));
    let v = value("文字描述: 62人");
    assert_eq!(v.number.as_ref().map(|n| n.value), Some(62.into()));
    let v = value("稳步提升");
    assert!(v.number.is_none() && v.comparator.is_none());
}

#[test]
fn department_codes_are_read_before_the_name() {
    assert_eq!(
        department_code("307-长治市屯留区医疗保障局").as_deref(),
        Some("307")
    );
    assert_eq!(department_code("[101]某市财政局").as_deref(), Some("101"));
    assert_eq!(department_code("聊城市东昌府区医疗保障局"), None);
    assert_eq!(department_code("2025年某局"), None);
}

#[test]
fn a_weight_at_the_start_of_a_scoring_rule_is_split_off() {
    let cell = |text| Cell {
        text,
        span: Span::new(0, 0),
    };
    let (weight, rest) = leading_weight(&cell("10, 依照国家标准得10分"));
    assert_eq!(weight.map(|n| n.value), Some(10.into()));
    assert_eq!(rest.text, "依照国家标准得10分");
    let (weight, rest) = leading_weight(&cell("10档案管理完备得10分"));
    assert_eq!(weight.map(|n| n.value), Some(10.into()));
    assert_eq!(rest.text, "档案管理完备得10分");
    // A threshold is no weight.
    let (weight, _) = leading_weight(&cell("100%完成得满分"));
    assert!(weight.is_none());
}

const TABBED: &str = "项目支出绩效目标表\n\n\
项目名称\t\t某项目\t\t\n\
主管部门及代码\t\t101-某局\t\t实施单位\t\t某局\n\
项目属性\t\t一次性项目(1年结束)\t\t项目期\t\t1年\n\
项目资金(元)\t\t实施期资金总额:\t\t500,000\t\t年度资金总额:\t\t500,000\n\
\t\t其中:中央财政资金\t\t100,000\t\t其中:中央财政资金\t\t100,000\n\
\t\t市县(区)财政资金\t\t400,000\t\t市县(区)财政资金\t\t400,000\n\
绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值\n\
\t产出指标\t数量指标\t培训人次\t≥200人次\t数量指标\t培训人次\t≥200人次\n\
\t\t\t培训场次\t4场\t\t培训场次\t4场\n\
\t成本指标\t经济成本指标\t每场培训费用\t≤125000元\t经济成本指标\t每场培训费用\t≤125000元\n\
\t满意度指标\t服务对象满意度指标\t参训人员满意度\t≥90%\t服务对象满意度指标\t参训人员满意度\t≥90%\n\
负责人:\t经办人:\t联系电话:\t填报日期:\t20250101\n";

#[test]
fn a_tab_grid_is_read_by_labels_in_both_column_groups() {
    let forms = forms("t.md", TABBED);
    assert_eq!(forms.len(), 1);
    let f = &forms[0];
    assert_eq!(
        f.title.as_ref().map(|t| t.text.as_str()),
        Some("项目支出绩效目标表")
    );
    assert_eq!(f.project.as_ref().map(|p| p.text.as_str()), Some("某项目"));
    assert_eq!(
        f.implementer.as_ref().map(|p| p.text.as_str()),
        Some("某局")
    );
    assert!(f.is_one_year());
    assert_eq!(f.implementation_funds.sources.len(), 2);
    assert_eq!(f.annual_funds.sources.len(), 2);
    let names: Vec<(usize, String, String, String)> = f
        .indicators
        .iter()
        .map(|i| (i.group, i.level1.clone(), i.level2.clone(), i.name_text()))
        .collect();
    assert_eq!(names.len(), 8, "{names:?}");
    assert_eq!(names[2].3, "培训场次");
    assert_eq!(
        (names[2].1.as_str(), names[2].2.as_str()),
        ("产出指标", "数量指标")
    );
    assert_eq!(names[3].0, 1);
    assert_eq!(names[6].2, "服务对象满意度指标");
    assert_eq!(
        names[7],
        (
            1,
            "满意度指标".into(),
            "服务对象满意度指标".into(),
            "参训人员满意度".into()
        )
    );
}

#[test]
fn a_pipe_table_and_an_aligned_one_read_like_the_tab_grid() {
    let piped = TABBED
        .lines()
        .map(|l| {
            if l.contains('\t') {
                let cells: Vec<&str> = l.split('\t').collect();
                format!("| {} |", cells.join(" | "))
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    // As `pdftotext -layout` prints it: every column padded to the same width.
    let aligned = TABBED
        .lines()
        .map(|l| {
            l.split('\t')
                .map(|c| format!("{c}{}", " ".repeat(14 - c.chars().count().min(12))))
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let reference = forms("t.md", TABBED);
    for (name, text) in [("p.md", piped), ("a.txt", aligned)] {
        let read = forms(name, &text);
        assert_eq!(read.len(), 1, "{name}");
        let (a, b) = (&read[0], &reference[0]);
        assert_eq!(
            a.project,
            b.project.as_ref().map(|p| Field {
                span: a.project.as_ref().unwrap().span,
                ..p.clone()
            })
        );
        assert_eq!(
            a.annual_funds.total.as_ref().map(|n| n.value),
            b.annual_funds.total.as_ref().map(|n| n.value),
            "{name}"
        );
        let values = |t: &PerformanceTable| -> Vec<String> {
            t.indicators
                .iter()
                .filter(|i| i.group == 0)
                .map(|i| format!("{}={}", i.name_text(), i.value_text()))
                .collect()
        };
        assert_eq!(values(a), values(b), "{name}");
    }
}

#[test]
fn prose_and_money_tables_are_no_forms() {
    let text = "项目名称\t合计\t一般公共预算\n某项目\t12.00\t12.00\n";
    assert!(forms("t.md", text).is_empty());
    assert!(forms("t.txt", "项目名称：某项目，资金 50 万元。\n").is_empty());
}

#[test]
fn a_fund_label_and_its_amount_one_space_apart_are_two_cells() {
    let text = "项目支出绩效目标表\n\n\
项目名称          某项目\n\
项目属性          一次性项目(1年结束)          项目期        1年\n\
                  实施期资金总额: 500,000      年度资金总额: 500,000\n\
项目资金(元)      其中:中央财政资金 100,000    其中:中央财政资金 100,000\n\
                  市县(区)财政资金 400,000     市县(区)财政资金 400,000\n\
          一级指标     二级指标       三级指标        指标值\n\
          产出指标     数量指标       培训场次        4场\n\
负责人:      经办人:\n";
    let forms = forms("t.txt", text);
    assert_eq!(forms.len(), 1);
    for funds in [&forms[0].implementation_funds, &forms[0].annual_funds] {
        assert_eq!(funds.total.as_ref().map(|n| n.value), Some(500_000.into()));
        let sources: Vec<Option<Decimal>> = funds
            .sources
            .iter()
            .map(|(_, n, _)| n.as_ref().map(|n| n.value))
            .collect();
        assert_eq!(sources, [Some(100_000.into()), Some(400_000.into())]);
    }
}

/// A plain `pdftotext` self-evaluation of the national template, one cell per line and a blank
/// line after each (as `fixtures/performance/selfeval.plain.txt`), its first value wrapped
/// (`≥300` / `人次`) so that the rows are read in doubt.
fn plain_self_evaluation(weights: &[&str]) -> String {
    let mut cells: Vec<&str> = vec![
        "项目支出绩效自评表",
        "(2024 年度)",
        "项目名称",
        "职业技能培训补贴",
        "主管部门",
        "601-云溪县人力资源和社会保障局",
        "项目资金(万元)",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
        "年度资金总额:",
        "60.00",
        "60.00",
        "60.00",
        "10",
        "100%",
        "10",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因",
    ];
    let rows: [[&str; 4]; 5] = [
        ["培训人次", "≥300", "人次", "320 人次"],
        ["培训合格率", "", "≥95%", "96%"],
        ["完成时间", "", "≤12 月", "11 月"],
        ["就业人数", "", "≥200 人", "180 人"],
        ["学员满意度", "", "≥90%", "92%"],
    ];
    let scores = ["20", "18", "10", "18", "20"];
    for (k, row) in rows.iter().enumerate() {
        cells.extend(row.iter().filter(|c| !c.is_empty()));
        if let Some(w) = weights.get(k).filter(|w| !w.is_empty()) {
            cells.push(w);
        }
        cells.push(scores[k]);
    }
    cells.extend([
        "总分",
        "100",
        "96",
        "自评等级",
        "优",
        "填报日期:2025 年 3 月 10 日",
    ]);
    cells.join("\n\n") + "\n"
}

#[test]
fn plain_weights_read_in_doubt_stay_when_they_make_the_total() {
    let weights = ["20", "20", "10", "20", "20"];
    let read_forms = forms("selfeval.txt", &plain_self_evaluation(&weights));
    assert_eq!(read_forms.len(), 1);
    let t = &read_forms[0];
    let read: Vec<(Option<Decimal>, Option<Decimal>)> = t
        .indicators
        .iter()
        .map(|i| {
            (
                i.weight.as_ref().map(|n| n.value),
                i.score.as_ref().map(|n| n.value),
            )
        })
        .collect();
    let d = |s: &str| Some(s.parse::<Decimal>().expect("decimal"));
    assert_eq!(
        read,
        [
            (d("20"), d("20")),
            (d("20"), d("18")),
            (d("10"), d("10")),
            (d("20"), d("18")),
            (d("20"), d("20")),
        ]
    );
    // With the 10 of 完成时间 lost, the rows no longer make 100: nothing is kept.
    let lost = forms(
        "lost.txt",
        &plain_self_evaluation(&["20", "20", "", "20", "20"]),
    );
    assert_eq!(lost.len(), 1);
    assert!(!lost[0].indicators.is_empty());
    assert!(
        lost[0]
            .indicators
            .iter()
            .all(|i| i.weight.is_none() && i.score.is_none()),
        "{:?}",
        lost[0].indicators
    );
}

/// A 项目支出绩效自评表 as a pipe table whose first column is the merged `绩效指标` cell, so
/// that a 二级 name stands in the third column after two empty cells.
const PIPE_SELF_EVALUATION: &str = "\
项目支出绩效自评表

| 项目名称 | 基建工程委托业务 |  |  |  |  |  |  |
| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
|  | 产出指标(50分) | 数量指标 | 委托业务项目数量 | ≥50个 | 50 | 40 | 40 |
|  |  | 成本指标 | 项目总成本 | ≤90万元 | 90 | 10 | 10 |
|  | 成本指标 | 经济成本指标 | 单项业务成本 | 符合规定 | 符合 | 20 | 20 |
|  | 满意度指标(30分) | 满意度指标 | 公众满意度 | ≥90% | 95% | 30 | 30 |
|  | 总分 |  |  |  |  | 100 | 100 |
";

#[test]
fn a_level_name_of_either_level_takes_the_level_of_its_grid_column() {
    let levels = |text: &str| -> Vec<(String, String, String)> {
        forms("p.md", text)[0]
            .indicators
            .iter()
            .map(|i| (i.level1.clone(), i.level2.clone(), i.name_text()))
            .collect()
    };
    let expected =
        |one: &str, two: &str, name: &str| (one.to_string(), two.to_string(), name.to_string());
    let want = vec![
        expected("产出指标(50分)", "数量指标", "委托业务项目数量"),
        // Under the 二级指标 header, after the merged cells: 二级, under the 一级 kept.
        expected("产出指标(50分)", "成本指标", "项目总成本"),
        // Under the 一级指标 header it stays 一级.
        expected("成本指标", "经济成本指标", "单项业务成本"),
        expected("满意度指标(30分)", "满意度指标", "公众满意度"),
    ];
    assert_eq!(levels(PIPE_SELF_EVALUATION), want);
    // The same grid with tabs.
    let tabbed: String = PIPE_SELF_EVALUATION
        .lines()
        .map(|l| match l.strip_prefix('|') {
            Some(row) => {
                let cells: Vec<&str> = row
                    .trim_end_matches('|')
                    .split('|')
                    .map(str::trim)
                    .collect();
                cells.join("\t") + "\n"
            }
            None => format!("{l}\n"),
        })
        .collect();
    assert!(tabbed.contains("\t\t成本指标\t"), "{tabbed}");
    assert_eq!(levels(&tabbed), want);
}

#[test]
fn a_form_in_html_over_many_lines_reads_like_its_one_line_table() {
    let one_line = "项目支出绩效目标表\n\n<table><tr><td>项目名称</td><td colspan=\"3\">快检服务</td></tr>\
        <tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td></tr>\
        <tr><td rowspan=\"2\">产出指标</td><td>数量指标</td><td>快检批次</td><td>&gt;=5000批次</td></tr>\
        <tr><td>质量指标</td><td>检测准确率</td><td>&#8805;98%</td></tr>\
        <tr><td>满意度指标</td><td>服务对象满意度</td><td>群众满意度</td><td>&ge;90&#37;</td></tr></table>\n\n正文。\n";
    // Word's HTML export: a `<tr>` to a line, each cell indented on a line of its own.
    let many_lines = one_line
        .replace("<tr>", "\n<tr>")
        .replace("<td", "\n  <td")
        .replace("</table>", "\n</table>");
    let read = |text: &str| -> Vec<(String, String, usize)> {
        let source = SourceFile::from_str("f.md", text);
        let forms = crate::parse::parse(&source).performance;
        assert_eq!(forms.len(), 1);
        assert_eq!(
            forms[0].project.as_ref().map(|p| p.text.as_str()),
            Some("快检服务")
        );
        forms[0]
            .indicators
            .iter()
            .map(|i| {
                let value = i.value.as_ref().expect("value");
                let number = value.number.as_ref().expect("number");
                // The figure's span holds the cell as written, entities and all.
                assert!(
                    source
                        .slice(number.span)
                        .contains(&number.value.to_string())
                );
                let line = text[..i.span.start].matches('\n').count() + 1;
                (i.name_text(), i.value_text(), line)
            })
            .collect()
    };
    let want = ["快检批次=>=5000批次", "检测准确率=≥98%", "群众满意度=≥90%"];
    let shown = |rows: &[(String, String, usize)]| -> Vec<String> {
        rows.iter().map(|(n, v, _)| format!("{n}={v}")).collect()
    };
    let flat = read(one_line);
    assert_eq!(shown(&flat), want);
    let tall = read(&many_lines);
    assert_eq!(shown(&tall), want);
    // Each row on the line its `<tr>` is on.
    let lines: Vec<usize> = tall.iter().map(|r| r.2).collect();
    assert!(
        lines.windows(2).all(|w| w[0] < w[1]) && lines[0] > 3,
        "{lines:?}"
    );
}

/// A plain `pdftotext` 绩效目标表 whose value is split over `指标性质 | 指标值 | 度量单位` and
/// whose 评分标准 follows the 权重 and wraps, one cell per line and a blank line after each,
/// the merged level cells where the text of their middle row stands; a page broken inside the
/// indicators (page number, running header, the header repeated). `rows` are (name, sign,
/// value, unit, weight, scoring lines).
fn plain_split_value_form(rows: &[[&str; 6]]) -> String {
    let mut cells: Vec<&str> = vec![
        "项目支出绩效目标表",
        "项目名称",
        "基层食品安全快检服务",
        "主管部门及代码",
        "305-南岭市市场监督管理局",
        "项目期",
        "1年",
        "年度资金总额:",
        "864,000",
    ];
    let header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "权重(%)",
        "评分标准",
    ];
    cells.extend(header);
    for (k, row) in rows.iter().enumerate() {
        if k == 1 {
            cells.extend(["产出指标", "数量指标"]);
        }
        if k == 2 {
            cells.extend(["- 3 -", "\u{c}南岭市市场监督管理局 2025 年部门预算"]);
            cells.extend(header);
        }
        cells.extend(row[..5].iter().filter(|c| !c.is_empty()));
        cells.extend(row[5].split('/').filter(|c| !c.is_empty()));
    }
    cells.extend(["满意度指标", "填报人：黄志强 填报日期：2025 年 1 月 15 日"]);
    cells.join("\n\n") + "\n"
}

#[test]
fn plain_rows_are_found_by_the_shape_of_their_middle() {
    let rows = [
        [
            "食品安全快检批次",
            "≥",
            "2400",
            "批次",
            "40",
            "完成 2400 批次及以上得满分，每/少 100 批次扣 1 分",
        ],
        [
            "快检结果准确率",
            "≥",
            "98",
            "%",
            "30",
            "达到 98%及以上得满分，每低 1 个/百分点扣 2 分",
        ],
        [
            "单批次快检成本",
            "=",
            "360",
            "元",
            "10",
            "按合同单价结算得满分",
        ],
        [
            "商户满意度",
            "≥",
            "90",
            "%",
            "20",
            "达到 90%及以上得满分，每低 1 个/百分点扣 1 分",
        ],
    ];
    let read = |rows: &[[&str; 6]]| -> Vec<(String, String, Option<Decimal>, Option<String>)> {
        let found = forms("nanling.txt", &plain_split_value_form(rows));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].layout, Layout::Plain);
        found[0]
            .indicators
            .iter()
            .map(|i| {
                (
                    i.name_text(),
                    i.value_text(),
                    i.weight.as_ref().map(|w| w.value),
                    i.scoring.as_ref().map(|s| s.text.clone()),
                )
            })
            .collect()
    };
    let all = read(&rows);
    let shown: Vec<String> = all
        .iter()
        .map(|(n, v, w, _)| format!("{n}={v}/{}", w.unwrap_or_default()))
        .collect();
    assert_eq!(
        shown,
        [
            "食品安全快检批次=≥2400批次/40",
            "快检结果准确率=≥98%/30",
            "单批次快检成本=360元/10",
            "商户满意度=≥90%/20"
        ]
        .map(|s| s.replace("=360", "==360"))
    );
    assert_eq!(
        all[0].3.as_deref(),
        Some("完成 2400 批次及以上得满分，每少 100 批次扣 1 分")
    );
    // The page's number, running header and repeated header are in no row.
    assert_eq!(all[2].3.as_deref(), Some("按合同单价结算得满分"));
    // A row whose 权重 was left empty is not found: its value stands alone among the other
    // cells, so every row is in doubt, and the weights (now 90) are not kept.
    let mut lost = rows;
    lost[2][4] = "";
    let read_lost = read(&lost);
    assert_eq!(read_lost.len(), 3);
    assert!(
        read_lost.iter().all(|r| r.2.is_none() && r.3.is_none()),
        "{read_lost:?}"
    );
}

/// `(name, value, weight, scoring)` of each indicator, the value as written.
fn read_rows(t: &PerformanceTable) -> Vec<(String, String, Option<Decimal>, String)> {
    t.indicators
        .iter()
        .map(|i| {
            (
                i.name.as_ref().map(|f| f.text.clone()).unwrap_or_default(),
                i.value
                    .as_ref()
                    .map(|v| v.field.text.clone())
                    .unwrap_or_default(),
                i.weight.as_ref().map(|n| n.value),
                i.scoring
                    .as_ref()
                    .map(|f| f.text.clone())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn a_target_named_by_its_indicator_name_and_target_value_is_read() {
    // The Zhejiang-like header `指标名称 | 目标值 | 分值 | 评分标准` (no 三级指标, no 指标值).
    let text = "\
项目名称\t平台运维\t项目编码\t330523250000000052
项目期\t3年\t\t
一级指标\t二级指标\t指标名称\t目标值\t分值\t评分标准
产出指标\t数量指标\t平台运维服务月数\t12个月\t40\t每少1个月扣2分
\t质量指标\t系统可用率\t≥99%\t60\t低于99%的每0.1个百分点扣2分
";
    let t = &forms("a.md", text)[0];
    assert_eq!(
        read_rows(t),
        vec![
            (
                "平台运维服务月数".into(),
                "12个月".into(),
                Some(40.into()),
                "每少1个月扣2分".into()
            ),
            (
                "系统可用率".into(),
                "≥99%".into(),
                Some(60.into()),
                "低于99%的每0.1个百分点扣2分".into()
            ),
        ]
    );
}

#[test]
fn a_name_merged_over_two_grid_cells_keeps_the_value_in_its_column() {
    // `三级指标` over two cells, then `指标方向 | 指标值 | 计量单位` (the Beijing-like form):
    // the empty cell beside each name is the name's, not the value's.
    let text = "\
| 项目名称 | 创业培训补助 | 项目期 | 1年 |  |  |  |
|---|---|---|---|---|---|---|
| 一级指标 | 二级指标 | 三级指标 |  | 指标方向 | 指标值 | 计量单位 |
| 产出指标 | 数量指标 | 创业培训人次 |  | = | 1200 | 人次 |
|  | 质量指标 | 培训合格率 |  | ≥ | 90 | % |
";
    let t = &forms("a.md", text)[0];
    let rows: Vec<(String, String)> = read_rows(t).into_iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(
        rows,
        vec![
            ("创业培训人次".into(), "=1200人次".into()),
            ("培训合格率".into(), "≥90%".into())
        ]
    );
}

#[test]
fn a_comparator_set_apart_from_its_figure_stays_with_the_value() {
    let cell = |text| Cell {
        text,
        span: Span::new(0, text.len()),
    };
    let texts = |text| -> Vec<&str> {
        split_trailing_value(0, cell(text))
            .into_iter()
            .map(|(_, c)| c.text)
            .collect()
    };
    assert_eq!(texts("不低于 90%"), vec!["不低于 90%"]);
    assert_eq!(
        texts("培训合格率 不低于 90%"),
        vec!["培训合格率", "不低于 90%"]
    );
    assert_eq!(
        texts("日常办公工作完成率 100%"),
        vec!["日常办公工作完成率", "100%"]
    );
    // A comparator without its figure is not split off.
    assert_eq!(texts("次数 不超过 三次"), vec!["次数 不超过 三次"]);
}

#[test]
fn an_aligned_name_and_value_one_space_apart_are_cut_under_the_value_column() {
    // `pdftotext -layout` of a form with two groups (the 山西 template): in the annual group a
    // long name pushed its value left, one space after it (`加强经办队伍建设 逐步加强`), with
    // nothing under the value column.
    let h = "          一级指标     二级指标           三级指标        指标值             二级指标            三级指标             指标值";
    let r1 = "                   数量指标           经办服务人员      227 人           数量指标            经办服务人员           227 人";
    let r2 = "          效益指标     社会效益指标         加强经办队伍建设    逐步加强            社会效益指标          加强经办队伍建设 逐步加强";
    let text = format!(
        "项目名称      医保经办服务人员补助\n项目期        1年\n          年度资金总额:        90,800\n{h}\n{r1}\n{r2}\n负责人:      经办人:\n"
    );
    let t = &forms("a.txt", &text)[0];
    let rows: Vec<(usize, String, String)> = t
        .indicators
        .iter()
        .map(|i| (i.group, i.name_text(), i.value_text()))
        .collect();
    let row = |g: usize, n: &str, v: &str| (g, n.to_string(), v.to_string());
    assert_eq!(
        rows,
        vec![
            row(0, "经办服务人员", "227人"),
            row(1, "经办服务人员", "227人"),
            row(0, "加强经办队伍建设", "逐步加强"),
            row(1, "加强经办队伍建设", "逐步加强"),
        ]
    );
}

#[test]
fn a_plain_grade_after_a_displaced_implementer_label_is_the_grade() {
    let weights = ["20", "20", "10", "20", "20"];
    let usual = plain_self_evaluation(&weights);
    let read = forms("usual.txt", &usual);
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].grade.as_ref().map(|g| g.text.as_str()), Some("优"));
    // The 实施单位 label printed at the end, between the grade's label and the grade.
    let displaced = usual.replace("自评等级\n\n优", "自评等级\n\n实施单位\n\n优");
    assert_ne!(displaced, usual);
    let read = forms("displaced.txt", &displaced);
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].grade.as_ref().map(|g| g.text.as_str()), Some("优"));
    assert!(read[0].implementer.is_none());
}

/// tunliu's 医保经办经费 form as pymupdf4llm writes it from the PDF: cells cut where the printed
/// lines broke, labels among them.
const CUT_BY_PYMUPDF4LLM: &str = "屯留区县(区)级预算部门(单位)项目支出绩效目标表\n\n|项目名称|2025年医保经|办经费||||||\n|---|---|---|---|---|---|---|---|\n|主管部门及代码|307-长治市屯留|区医疗保障局||实施单位|长治市屯留区医疗保障局|||\n|项目属性|一次性项目(1|年结束)||项目期|1年|||\n||实施期资金总|额:|690,000|年度资金总额|:||300,000|\n||其中:中央财政|资金|0|其中:中央财政|资金||0|\n|项目资金元|省级财政资金||0|省级财政资金|||0|\n|()|市县(区)财政资|金|690,000|市县(区)财政|资金||300,000|\n||单位自筹||0|单位自筹|||0|\n||其他资金|||其他资金||||\n";

#[test]
fn labels_a_converter_cut_over_two_cells_put_the_form_in_doubt() {
    let tables = forms("a.md", CUT_BY_PYMUPDF4LLM);
    assert_eq!(tables.len(), 1);
    let source = SourceFile::from_str("a.md", CUT_BY_PYMUPDF4LLM);
    let cut: Vec<&str> = tables[0]
        .cut_labels
        .iter()
        .map(|s| source.slice(*s))
        .collect();
    assert_eq!(
        cut,
        [
            "实施期资金总|额:",
            "其中:中央财政|资金",
            "其中:中央财政|资金",
            "市县(区)财政资|金",
            "市县(区)财政|资金"
        ]
    );
    // The same form with its labels whole is read as usual.
    let whole = CUT_BY_PYMUPDF4LLM
        .replace("实施期资金总|额:", "实施期资金总额:|")
        .replace("其中:中央财政|资金", "其中:中央财政资金|")
        .replace("市县(区)财政资|金", "市县(区)财政资金|")
        .replace("市县(区)财政|资金", "市县(区)财政资金|");
    let tables = forms("a.md", &whole);
    assert!(tables[0].cut_labels.is_empty());
}

#[test]
fn sources_by_kind_of_budget_are_read_in_both_columns() {
    // 湖北's 项目支出绩效目标表 gives its money by kind of budget.
    let text = "项目支出绩效目标表\n\n\
项目名称          收费公路债务还本付息\n\
项目属性          经常性项目          项目期        1年\n\
                  实施期资金总额: 80,000,000      年度资金总额: 80,000,000\n\
项目资金(元)      其中:一般公共预算 0              其中:一般公共预算 0\n\
                  政府性基金预算 80,000,000        政府性基金预算 80,000,000\n\
          一级指标     二级指标       三级指标        指标值\n\
          产出指标     数量指标       按期偿还债务笔数    12笔\n\
负责人:      经办人:\n";
    let forms = forms("t.txt", text);
    assert_eq!(forms.len(), 1);
    for funds in [&forms[0].implementation_funds, &forms[0].annual_funds] {
        let sources: Vec<(FundSource, Option<Decimal>)> = funds
            .sources
            .iter()
            .map(|(s, n, _)| (*s, n.as_ref().map(|n| n.value)))
            .collect();
        assert_eq!(
            sources,
            [
                (FundSource::GeneralBudget, Some(0.into())),
                (FundSource::GovernmentFund, Some(80_000_000.into()))
            ]
        );
    }
}

/// `pdftotext -raw` of a form whose narrow label cells wrap (`其中：一般` / `公共预算`): the
/// amounts cannot be told to their sources, so none is read (the totals still are).
#[test]
fn fund_labels_wrapped_away_from_their_amounts_leave_the_sources_unread() {
    let text = "2025 年项目支出绩效目标表\n\
项目名称 农村公路养护补助\n\
主管部门及代码 [317]十堰市交通运输局 实施单位 十堰市交通运输局\n\
项目属性 经常性项目 项目期 1 年\n\
项目资金（元）\n\
实施期资金\n\
总额：\n\
120,000,000\n\
年度资金总\n\
额：\n\
120,000,000\n\
其中：一般\n\
公共预算\n\
120,000,000\n\
其中：一般公\n\
共预算\n\
120,000,000\n\
政府性基金\n\
预算\n\
0\n\
政府性基金预\n\
算\n\
0\n\
其他资金 0 其他资金 0\n\
年度目标 完成 1200 公里农村公路日常养护，优良中等路率不低于 90%。\n";
    let forms = forms("t.txt", text);
    assert_eq!(forms.len(), 1);
    let f = &forms[0];
    assert!(
        f.annual_funds
            .sources
            .iter()
            .chain(&f.implementation_funds.sources)
            .all(|(_, n, _)| n.is_none()),
        "{:?}",
        f.annual_funds.sources
    );
    assert!(fund_label_piece("其中：一般", false) && fund_label_piece("实施期资金", false));
    assert!(fund_label_piece("额：", true) && !fund_label_piece("额：", false));
    assert!(!fund_label_piece("其他资金", true) && !fund_label_piece("120,000,000", true));
}

/// A `-layout` self-evaluation (a 市场监督管理局's final account, its reasons wrapped over five
/// lines): the 一级 and 二级
/// levels one space apart, a name and its value one space apart with the unit spaced too
/// (`新登记市场主体 ≥5000 户`), and a name pushed left of its column with its value one space
/// after it (`办事群众满意度 ≥95%`).
#[test]
fn aligned_rows_with_cells_one_space_apart_are_cut_into_their_columns() {
    let text = [
        "                             项目支出绩效自评表",
        "",
        "                                  （2024 年度）",
        "",
        "项目名称     市场主体登记注册服务",
        "主管部门     简阳市市场监督管理局                  实施单位      简阳市市场监督管理局",
        "                        年初预算数        全年预算数     全年执行数     分值    执行率      得分",
        "项目资金（万   年度资金总额         1500.00      1800.00   1530.00   10    85.00%   8.5",
        "元）       其中：当年财政拨款      1500.00      1800.00   1530.00   —     —        —",
        "         其他资金                                            —     —        —",
        "         预期目标                                  实际完成情况",
        "年度总体目标   新登记市场主体 5000 户以上，企业开办时间压缩至 1 个工作 新登记市场主体 4620 户，企业开办时间 1 个工",
        "         日。                               作日。",
        "                                                                        偏差原因",
        "         一级指标 二级指标      三级指标         年度指标值     实际完成值     分值    得分       分析及改",
        "                                                                        进措施",
        "                                                                        未完全达",
        "                                                                        到年度目",
        "         产出指标 数量指标      新登记市场主体 ≥5000 户        4620 户    20    16       标，下年",
        "                                                                        加强过程",
        "                                                                        管理。",
        "                                                                        未完全达",
        "                                                                        到年度目",
        "         产出指标 质量指标      登记差错率        ≤1%       0.8%      15    14       标，下年",
        "                                                                        加强过程",
        "                                                                        管理。",
        "                                                                        未完全达",
        "绩效指标",
        "                                                                        到年度目",
        "         产出指标 时效指标      企业开办时间       ≤1 个工作日   1 个工作日    15    12       标，下年",
        "                                                                        加强过程",
        "                                                                        管理。",
        "                                                                        未完全达",
        "                                                                        到年度目",
        "         效益指标 经济效益指标    市场主体增长率 ≥5%            4.2%      30    25       标，下年",
        "                                                                        加强过程",
        "                                                                        管理。",
        "                                                                        未完全达",
        "                                                                        到年度目",
        "         满意度指 服务对象满意度",
        "                      办事群众满意度 ≥95%             93%       10    8        标，下年",
        "         标    指标",
        "                                                                        加强过程",
        "                                                                        管理。",
        "总分                                                       100   83.5",
    ]
    .join("\n");
    let forms = forms("t.txt", &text);
    assert_eq!(forms.len(), 1);
    let rows: Vec<(String, String, String, Option<Decimal>)> = forms[0]
        .indicators
        .iter()
        .map(|i| {
            (
                i.level2.clone(),
                i.name_text(),
                i.value
                    .as_ref()
                    .map(|v| v.field.text.clone())
                    .unwrap_or_default(),
                i.weight.as_ref().map(|n| n.value),
            )
        })
        .collect();
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(
        (rows[0].1.as_str(), rows[0].2.as_str(), rows[0].3),
        ("新登记市场主体", "≥5000 户", Some(20.into()))
    );
    assert_ne!(rows[0].0, "产出指标数量指标");
    // The two levels one space apart are two cells, each at its own column.
    let text = "产出指标 数量指标";
    let cells = split_levels(
        9,
        Cell {
            text,
            span: Span::new(0, text.len()),
        },
    );
    let cells: Vec<(usize, &str)> = cells.iter().map(|(at, c)| (*at, c.text)).collect();
    assert_eq!(cells, [(9, "产出指标"), (14, "数量指标")]);
    let text = "效益指标 可持续影响指标 持续提升";
    let whole = split_levels(
        9,
        Cell {
            text,
            span: Span::new(0, text.len()),
        },
    );
    assert_eq!(whole.len(), 1);
    assert_eq!(rows[3].1, "市场主体增长率");
    assert_eq!(
        (rows[4].1.as_str(), rows[4].2.as_str(), rows[4].3),
        ("办事群众满意度", "≥95%", Some(10.into()))
    );
}
/// The 预算执行 block of a plain self-evaluation as `pdftotext` prints the national form: the
/// 总额 row without its 得分, then the 财政资金 row (`/` for its 权重 and 得分).
fn plain_execution_block(rate: &str) -> String {
    let usual = plain_self_evaluation(&["20", "20", "20", "20", "10"]);
    let block = [
        "年初预算",
        "调整后预算数",
        "预算执行数 预算执行率",
        "权重",
        "总额",
        "238.93",
        "251.89",
        "251.89",
        rate,
        "10",
        "238.93",
        "251.89",
        "251.89",
        "100.00%",
        "/",
        "/",
    ]
    .join("\n\n");
    let from = usual.find("年初预算数").expect("money header");
    let to = usual.find("一级指标").expect("indicator header");
    format!("{}{}\n\n{}", &usual[..from], block, &usual[to..])
}

#[test]
fn a_plain_rate_in_its_column_is_read_even_when_it_does_not_follow() {
    for (rate, expected) in [("100.00%", "100.00"), ("95.00%", "95.00")] {
        let read_forms = forms("selfeval.txt", &plain_execution_block(rate));
        let e = read_forms
            .iter()
            .find_map(|t| t.execution.as_ref())
            .unwrap_or_else(|| panic!("execution row read with {rate}"));
        assert_eq!(
            e.rate.as_ref().map(|n| n.value),
            Some(Decimal::from_str_exact(expected).unwrap())
        );
        assert_eq!(
            e.executed.as_ref().map(|n| n.value),
            Some(Decimal::from_str_exact("251.89").unwrap())
        );
        assert_eq!(
            e.full_year_budget.as_ref().map(|n| n.value),
            Some(Decimal::from_str_exact("251.89").unwrap())
        );
        assert_eq!(
            e.weight.as_ref().map(|n| n.value),
            Some(Decimal::from_str_exact("10").unwrap())
        );
    }
}

#[test]
fn labels_are_read_through_the_markup_of_a_pipe_cell() {
    // pymupdf4llm: `|项目资金（元）|其中：一般<br>公共预算|450,000,000|…`.
    assert_eq!(
        key_of("其中：一般<br>公共预算"),
        Some(Key::Source(FundSource::GeneralBudget))
    );
    assert_eq!(
        key_of("实施期资金<br>总额："),
        Some(Key::ImplementationTotal)
    );
    assert_eq!(key_of("**项目名称**"), Some(Key::ProjectName));
    assert_eq!(key_of("一般<br>性"), None);
}

#[test]
fn a_level_name_wrapped_around_its_row_and_below_it_names_that_row() {
    // fixtures/unseen/barunbieli-town-2026-budget.layout.txt (Chromium): every row has its own
    // 一级 and 二级 names, but two 二级 names wrap in their cell, one over the lines around its
    // row (`可持续影响指` / `标`), one over its row's line and the next (`服务对象满意` / … /
    // `度指标`): the tail `度指标` alone below the row is no 二级 name of its own; read so, it
    // cost every row its 二级 name.
    let text = r#"                      2026年项目支出绩效目标表
                     部门（单位）：阿拉善左旗巴润别立镇人民政府                          单位：元

（1）巴润别立镇农村牧区人居环境整治提升项目

项目名称               巴润别立镇农村牧区人居环境整治提升项目
主管部门及代码            阿拉善左旗巴润别立镇人民政府（代码：512003）
实施单位               阿拉善左旗巴润别立镇人民政府               项目属性              新增项目
项目类别               特定目标类                        项目期               1年
                               实施期资金总额          年度资金总额
项目资金（元）            资金总额              23,456,700        23,456,700
                   其中：一般公共预算         23,456,700        23,456,700
年度目标               完成巴润别立镇农村牧区人居环境整治提升年度建设任务，改善群众生产生活条件。
一级指标      二级指标     三级指标                         指标值               分值
产出指标      数量指标     完成建设任务数量                     ≥3处                  20
产出指标      质量指标     工程验收合格率                      =100%                15
产出指标      时效指标     项目完工及时率                      ≥95%                 10
成本指标      经济成本指标   项目成本控制率                      ≤100%                 5
效益指标      社会效益指标   受益农牧民人数                      ≥1200人               20
          可持续影响指
效益指标               设施正常使用年限                       ≥10年              10
          标
          服务对象满意
满意度指标              受益群众满意度                        ≥90%              20
          度指标

                                                                      表11-2
"#;
    let forms = forms("a.txt", text);
    let levels: Vec<(String, String)> = forms[0]
        .indicators
        .iter()
        .map(|i| (i.level2.clone(), i.name_text()))
        .collect();
    assert_eq!(
        levels,
        [
            ("数量指标", "完成建设任务数量"),
            ("质量指标", "工程验收合格率"),
            ("时效指标", "项目完工及时率"),
            ("经济成本指标", "项目成本控制率"),
            ("社会效益指标", "受益农牧民人数"),
            ("可持续影响指标", "设施正常使用年限"),
            ("服务对象满意度指标", "受益群众满意度"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

/// fixtures/unseen/wenshan-water-2024-final.layout.txt: a Word table printed by LibreOffice,
/// its second form (`pdftotext -layout`). Every row repeats its level cells, narrow cells wrap
/// onto the next line with only their tail (`社会效益指` / `标`, `文山…水务` / `局`), and a value
/// wraps the same way (`5 月 31 日` / `前`).
const WORD_SELF_EVALUATION: &str = "                 2024 年度项目支出绩效自评表
单位：万元

项目名称            中小河流防汛能力提升项目
主管部门            文山壮族苗族自治州水务 实施单位                    文山壮族苗族自治州水务
                局                                   局
项目资金            年初预算数 全年预算数 全年执行数        分值         执行率    得分
                250.00 400.00 389.60     10         97.40% 10
一级指标    二级指标    三级指标          年度指标值      实际完成值      分值     得分
产出指标    数量指标    巡查河道长度        ≥600 公里    612 公里     20     20
产出指标    质量指标    防汛物资完好率       ≥95%       97%        15     15
产出指标    时效指标    汛前检查完成时间      5 月 31 日   5 月 28 日   15     15
                              前
效益指标    社会效益指   因洪涝灾害死亡人数     0人         0人         30    30
        标
满意度指标   服务对象满   沿河群众满意度        ≥85%      83%        10    8.5
        意度指标
总分                                                  100   98.5
";

#[test]
fn a_field_label_after_a_value_and_values_wrapped_below_their_cells_are_read_apart() {
    let forms = forms("w.txt", WORD_SELF_EVALUATION);
    assert_eq!(forms.len(), 1, "{forms:?}");
    let t = &forms[0];
    let text = |f: &Option<Field>| f.as_ref().map(|f| f.text.clone());
    // `主管部门  文山…水务 实施单位  文山…水务` over `局  局`: two fields, each with its tail.
    assert_eq!(
        text(&t.department).as_deref(),
        Some("文山壮族苗族自治州水务局")
    );
    assert_eq!(
        text(&t.implementer).as_deref(),
        Some("文山壮族苗族自治州水务局")
    );
    let execution = t.execution.as_ref().expect("预算执行");
    assert_eq!(
        execution.executed.as_ref().map(|n| n.value),
        Some(Decimal::new(38960, 2))
    );
}

/// The (一级, 二级, 三级 name, value) of each indicator.
fn levels_and_values(t: &PerformanceTable) -> Vec<(String, String, String, String)> {
    t.indicators
        .iter()
        .map(|i| {
            let value = i.value.as_ref().map(|v| v.field.text.clone());
            (
                i.level1.clone(),
                i.level2.clone(),
                i.name_text(),
                value.unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn level_cells_repeated_on_each_row_and_wrapped_below_it_name_that_row() {
    // Both levels on every row; `社会效益指` / `标` and `服务对象满` / `意度指标` wrapped below
    // their rows. Read as merged cells centred on their rows they named no row's 一级, and the
    // 满意度 row took `社会效益指标`.
    let forms = forms("w.txt", WORD_SELF_EVALUATION);
    let rows = levels_and_values(&forms[0]);
    let levels: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(a, b, c, _)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        levels,
        [
            ("产出指标", "数量指标", "巡查河道长度"),
            ("产出指标", "质量指标", "防汛物资完好率"),
            ("产出指标", "时效指标", "汛前检查完成时间"),
            ("效益指标", "社会效益指标", "因洪涝灾害死亡人数"),
            ("满意度指标", "服务对象满意度指标", "沿河群众满意度"),
        ]
    );
}

#[test]
fn a_value_wrapped_below_its_row_is_the_tail_of_that_value() {
    // `5 月 31 日` / `前`: the cells are set at the top of their rows (the level names wrap
    // below them), so the piece alone below the row is its value's tail, not a row.
    let forms = forms("w.txt", WORD_SELF_EVALUATION);
    let t = &forms[0];
    assert_eq!(t.indicators.len(), 5, "{:?}", levels_and_values(t));
    let row = &t.indicators[2];
    assert_eq!(
        row.value
            .as_ref()
            .map(|v| squeeze(&v.field.text).into_owned()),
        Some("5月31日前".to_string())
    );
    assert_eq!(row.score.as_ref().map(|n| n.value), Some(Decimal::from(15)));
}

#[test]
fn a_level_name_and_the_name_after_it_one_space_apart_are_two_cells() {
    // fixtures/shapes/shiyan-transport-2025-budget.chromium.layout.txt: a long 二级 name
    // pushes the 三级 name one space after it.
    let text = "                         2025年项目支出绩效目标表
项目名称    普通国省道建设补助
主管部门及代码 [317]十堰市交通运输局             实施单位     十堰市交通运输局
年度资金总额  156,000,000
        一级指标          二级指标        三级指标                指标值
        产出指标          数量指标        改造国省道里程             ≥120公里
绩效指标    产出指标          质量指标        交工验收合格率             100%
        效益指标          社会效益指标      沿线群众出行条件            明显改善
        满意度指标         服务对象满意度指标 沿线群众满意度               ≥90%
";
    let forms = forms("s.txt", text);
    let rows = levels_and_values(&forms[0]);
    assert_eq!(
        rows.last()
            .map(|(a, b, c, d)| (a.as_str(), b.as_str(), c.as_str(), d.as_str())),
        Some(("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"))
    );
    // The frame word left of the 一级 column is no level of the row beside it.
    assert_eq!(rows[1].0, "产出指标");
}

#[test]
fn a_short_level_tail_on_its_row_is_joined_to_its_head_on_the_line_above() {
    // fixtures/shapes/jianyang-market-2024-final.chromium.layout.txt: `满意度指标 服务对象满意`
    // over `度指标` on the row's line; `度指标` alone is no 二级 name.
    let text = "                           项目支出绩效自评表
项目名称   企业开办服务
主管部门   简阳市市场监督管理局  实施单位   简阳市市场监督管理局
       一级指标   二级指标     三级指标       年度指标值 实际完成值 分值 得分
       产出指标   数量指标     新登记市场主体    ≥5000户 4620户   20 16
       产出指标   质量指标     登记差错率      ≤1%    0.8%    15 14
       产出指标   时效指标     企业开办时间     ≤1日    1日     15 15
       效益指标   经济效益指标 市场主体增长率      ≥5%    4.2%    30 25
       满意度指标 服务对象满意
              度指标      办事群众满意度    ≥95%   93%     10  8
总分                                               100 98
";
    let forms = forms("j.txt", text);
    let rows = levels_and_values(&forms[0]);
    let second: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(
        second,
        [
            "数量指标",
            "质量指标",
            "时效指标",
            "经济效益指标",
            "服务对象满意度指标"
        ]
    );
}

#[test]
fn a_department_self_evaluation_s_execution_row_after_tasks_without_amounts_is_read() {
    // fixtures/unseen/wenshan-water-2024-final.layout.txt: the tasks are `任务名称 | 主要内容`
    // (no amount); the 预算执行 row's label wraps beside its header and its figures come on a
    // later line. Its 得分 was taken as a task's amount.
    let text = "                2024 年度部门整体支出绩效自评表
部门名称：文山壮族苗族自治州水务局                       金额单位：万元

部门名称      文山壮族苗族自治州水务局
年度主要任务    任务名称                     主要内容
          农村供水保障                   完成农村供水工程建设和改造，提升农村自来水普及
                                   率
          水旱灾害防御                   开展汛前检查和河道巡查，保障安全度汛
年度部门整体支   年初预算数       全年预算数        全年执行数   执行率      得分
出预算执行情况
          22,173.28   19,841.53    19,795.53   99.77%   9.50
";
    let forms = forms("d.txt", text);
    assert_eq!(forms.len(), 1, "{forms:?}");
    let t = &forms[0];
    assert!(t.tasks.is_empty(), "{:?}", t.tasks);
    let e = t.execution.as_ref().expect("预算执行");
    let value = |n: &Option<Number>| n.as_ref().map(|n| n.value);
    assert_eq!(value(&e.initial_budget), Some(Decimal::new(2217328, 2)));
    assert_eq!(value(&e.full_year_budget), Some(Decimal::new(1984153, 2)));
    assert_eq!(value(&e.executed), Some(Decimal::new(1979553, 2)));
    assert_eq!(value(&e.rate), Some(Decimal::new(9977, 2)));
    assert_eq!(value(&e.score), Some(Decimal::new(950, 2)));
}
