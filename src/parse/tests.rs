//! Parser tests on small realistic inputs in each layout.

use super::*;
use crate::model::{Certainty, Side};

fn doc(name: &str, text: &str) -> (SourceFile, Document) {
    let source = SourceFile::from_str(name, text);
    let document = parse(&source);
    (source, document)
}

/// Each row's name with its amounts and their columns.
fn names_and_values(table: &crate::model::Table) -> Vec<(String, Vec<(String, usize)>)> {
    table.rows.iter().map(|r| (r.name(), values(r))).collect()
}

fn values(row: &crate::model::Row) -> Vec<(String, usize)> {
    row.values
        .iter()
        .zip(&row.placement)
        .map(|(v, &c)| (v.value.to_string(), c))
        .collect()
}

#[test]
fn plain_text_places_numbers_by_the_spaces_empty_cells_leave() {
    let text = "表三2024年预算支出总表\n\n2024年预算支出总表\n\n部门名称：某局 单位：万元\n\n项目 2024年预算数\n\n科目编码 科目名称 合计 基本支出 项目支出\n\n合计 550.69 452.99 97.70\n\n210 卫生健康支出 466.99 369.29 97.70\n\n2101502 一般行政管理事务 45.19  45.19\n\n2101501 行政运行 64.09 64.09  \n";
    let (_, document) = doc("a.txt", text);
    let table = document.tables().next().expect("a table");
    assert_eq!(table.title_text(), "2024年预算支出总表");
    let names: Vec<&str> = table.columns.iter().map(|c| c.leaf.as_str()).collect();
    assert_eq!(names, ["合计", "基本支出", "项目支出"]);
    let row = |code: &str| {
        table
            .rows
            .iter()
            .find(|r| r.code.as_ref().is_some_and(|c| c.code == code))
            .expect(code)
    };
    assert_eq!(
        values(row("2101502")),
        [("45.19".into(), 0), ("45.19".into(), 2)]
    );
    assert_eq!(row("2101502").certainty, Certainty::Spacing);
    assert_eq!(
        values(row("2101501")),
        [("64.09".into(), 0), ("64.09".into(), 1)]
    );
    assert_eq!(row("210").certainty, Certainty::Exact);
    assert!(table.rows[0].is_total());
}

#[test]
fn plain_text_watermark_split_over_lines_is_one_furniture_block() {
    let text = "退休费 离退休费 3.25 3.25\n\n-9-\n\n某局2024年部门预算公开报告\n\n仅供\n内部\n审核\n\n仅供\n内部\n审核\n";
    let (source, document) = doc("a.txt", text);
    let furniture: Vec<&Paragraph> = document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Furniture(p) => Some(p),
            _ => None,
        })
        .filter(|p| p.text.text == "仅供内部审核")
        .collect();
    assert_eq!(furniture.len(), 2);
    let span = furniture[0].text.span();
    assert_eq!(source.line_col(span.start).0, 7);
    assert_eq!(source.line_col(span.end - 1).0, 9);
}

#[test]
fn plain_prose_rejoins_wrapped_lines_and_keeps_the_map() {
    let mut text = String::new();
    for i in 0..6 {
        text.push_str(&format!(
            "第{i}行：2024年度长治市屯留区医疗保障局预算收入总计550.69万元，其中：本年收入\n\n"
        ));
    }
    text.push_str("529.12万元，上年结转21.57万元。\n");
    let (source, document) = doc("a.txt", &text);
    let para = document.paragraphs().last().expect("a paragraph");
    assert!(
        para.text
            .text
            .ends_with("本年收入529.12万元，上年结转21.57万元。")
    );
    let last = para.numbers.iter().rev().nth(1).expect("numbers");
    assert_eq!(last.value.to_string(), "529.12");
    assert_eq!(source.line_col(last.span.start), (13, 1));
}

#[test]
fn pipe_tables_join_split_codes_and_page_continuations() {
    let text = "一般公共预算支出情况表\n\n单位: 万元\n\n| 科目编码 | | | 科目名称 | 合计 | 基本支出 | | | 项目支出 |\n|---|---|---|---|---|---|---|---|---|\n| 类 | 款 | 项 | | | 小计 | 人员支出 | 日常公用支出 | |\n| 合 计 | | | | 635.64 | 585.64 | 553.27 | 32.37 | 50.00 |\n| 210 | | | 卫生健康支出 | 585.64 | 585.64 | 553.27 | 32.37 | |\n| | 15 | | 医疗保障管理事务 | 585.64 | 585.64 | 553.27 | 32.37 | |\n\n| 科目编码 | | | 科目名称 | 合计 | 基本支出 | | | 项目支出 |\n|---|---|---|---|---|---|---|---|---|\n| 类 | 款 | 项 | | | 小计 | 人员支出 | 日常公用支出 | |\n| | | 01 | 行政运行 | 585.64 | 585.64 | 553.27 | 32.37 | |\n| 201 | | | 一般公共服务支出 | 50.00 | | | | 50.00 |\n";
    let (_, document) = doc("a.md", text);
    let tables: Vec<&Table> = document.tables().collect();
    assert_eq!(tables.len(), 1, "the continuation joins the table above");
    let t = tables[0];
    let codes: Vec<&str> = t
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref().map(|c| c.code.as_str()))
        .collect();
    assert_eq!(codes, ["210", "21015", "2101501", "201"]);
    let cols: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        cols,
        [
            "合计",
            "基本支出/小计",
            "基本支出/人员支出",
            "基本支出/日常公用支出",
            "项目支出"
        ]
    );
    assert!(t.rows[0].is_total());
}

#[test]
fn html_table_after_a_continuation_mark_joins_the_table_above() {
    // A table broken over a page as a word processor exports it: a `表3（续表）` paragraph
    // between two `<table>`s with the same header. Read apart, the first part's 合计 does not
    // add up and the second has no total.
    let head = "<tr><th colspan='2'>功能分类科目</th><th rowspan='2'>合计</th><th rowspan='2'>基本支出</th><th rowspan='2'>项目支出</th></tr><tr><th>科目编码</th><th>科目名称</th></tr>";
    let first = format!(
        "<table border='1'>{head}<tr><td colspan='2'>合计</td><td>300.00</td><td>200.00</td><td>100.00</td></tr><tr><td>201</td><td>一般公共服务支出</td><td>250.00</td><td>150.00</td><td>100.00</td></tr><tr><td>20101</td><td>人大事务</td><td>250.00</td><td>150.00</td><td>100.00</td></tr></table>"
    );
    let second = format!(
        "<table border='1'>{head}<tr><td>210</td><td>卫生健康支出</td><td>50.00</td><td>50.00</td><td></td></tr><tr><td>21011</td><td>行政事业单位医疗</td><td>50.00</td><td>50.00</td><td></td></tr></table>"
    );
    let page = |mark: &str| {
        format!(
            "<html><body><p>表3</p><p>部门支出总表</p><p>单位：万元</p>\n{first}\n<p style='page-break-before: always'></p>\n<p>{mark}</p>\n{second}\n</body></html>\n"
        )
    };
    let (_, document) = doc("a.html", &page("表3（续表）"));
    let tables: Vec<&Table> = document.tables().collect();
    assert_eq!(tables.len(), 1, "the continuation joins the table above");
    let codes: Vec<&str> = tables[0]
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref().map(|c| c.code.as_str()))
        .collect();
    assert_eq!(codes, ["201", "20101", "210", "21011"]);
    // Any other paragraph between them ends the first table.
    let (_, document) = doc("a.html", &page("注：本表按功能分类列示。"));
    assert_eq!(document.tables().count(), 2);
}

#[test]
fn tab_tables_side_by_side_become_two_tables() {
    let text = "2025年预算收支总表\n\n单位：万元\n\n收入\t\t支出\t\t\t\n项目\t2025年\t项目\t2025年合计\t当年预算安排\t上年结转安排\n一、一般公共预算\t730.42\t一、一般公共服务支出\t\t\t\n\t\t十、卫生健康支出\t670.54\t644.75\t25.79\n本年收入合计\t730.42\t本年支出合计\t756.21\t730.42\t25.79\n";
    let (_, document) = doc("a.md", text);
    let tables: Vec<&Table> = document.tables().collect();
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0].side, Some(Side::Income));
    assert_eq!(tables[1].side, Some(Side::Expenditure));
    assert_eq!(tables[1].title_text(), "2025年预算收支总表");
    let leaves: Vec<&str> = tables[1].columns.iter().map(|c| c.leaf.as_str()).collect();
    assert_eq!(leaves, ["合计", "当年预算安排", "上年结转安排"]);
    assert_eq!(
        tables[0].rows.last().map(|r| r.name()),
        Some("本年收入合计".to_string())
    );
}

#[test]
fn aligned_layout_reads_codes_split_on_one_line_and_wrapped_names() {
    let text = "                 支出决算表\n                                      单位：万元\n  科目编码        科目名称        本年支出合计   基本支出   项目支出\n          合计              9759.38    5377.64    4381.74\n201   06   01  行政运行          54.53      54.53       0.00\n2080505   机关事业单位基本养老保      446.11     446.11       0.00\n          险缴费支出\n";
    let (_, document) = doc("a.txt", text);
    let t = document.tables().next().expect("a table");
    let codes: Vec<&str> = t
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref().map(|c| c.code.as_str()))
        .collect();
    assert_eq!(codes, ["2010601", "2080505"]);
    let wrapped = &t.rows[2];
    assert_eq!(wrapped.name(), "机关事业单位基本养老保险缴费支出");
    assert_eq!(
        values(wrapped),
        [
            ("446.11".into(), 0),
            ("446.11".into(), 1),
            ("0.00".into(), 2)
        ]
    );
}

/// A project name of two lines centred on its amounts, right under a one-line row: its first
/// line starts its own row's name, not the end of the row above (Beijing's 项目支出表).
#[test]
fn aligned_layout_reads_a_name_wrapped_around_its_amounts_under_a_one_line_row() {
    let text = "                 项目支出表\n                                      单位：万元\n      项目名称             合计          财政拨款\n合计                  1531.43          1531.43\n    森林防火专项            876.54          876.54\n    林业有害生物防\n                      654.89          654.89\n治\n";
    let (_, document) = doc("a.txt", text);
    let t = document.tables().next().expect("a table");
    let names: Vec<String> = t.rows.iter().map(|r| r.name()).collect();
    assert_eq!(names, ["合计", "森林防火专项", "林业有害生物防治"]);
    assert_eq!(
        values(&t.rows[2]),
        [("654.89".into(), 0), ("654.89".into(), 1)]
    );
}

/// A 项目支出决算表 by project (Guangxi-like): the 序号 left of the names is no amount, beside a
/// name or alone on the line a wrapped name is centred on; the columns keep their names.
#[test]
fn aligned_layout_reads_a_serial_number_column_left_of_the_names() {
    let text = "                            项目支出决算表\n                                                        单位：元\n    序号     项目名称     年初预算             全年预算             决算               执行率\n合计                      245,000.00       310,000.00      298,765.00     96.38%\n2        镇容镇貌综合整治      180,000.00       245,000.00      238,765.00      97.46%\n         高标准农田建后管\n5                       65,000.00        65,000.00         60,000.00    92.31%\n         护\n";
    let (_, document) = doc("a.txt", text);
    let t = document.tables().next().expect("a table");
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names[..3], ["年初预算", "全年预算", "决算"]);
    let rows: Vec<String> = t.rows.iter().map(|r| r.name()).collect();
    assert_eq!(rows, ["合计", "镇容镇貌综合整治", "高标准农田建后管护"]);
    assert_eq!(
        values(&t.rows[1]),
        [
            ("180000.00".into(), 0),
            ("245000.00".into(), 1),
            ("238765.00".into(), 2)
        ]
    );
}

/// A wrapped name's end in brackets (`（一级项目）`, `（本级）`) ends the row above; only an
/// enumerator in brackets (`（三）`, `(2)`) starts a row.
#[test]
fn a_bracketed_wrapped_end_is_not_an_enumerator() {
    assert!(crate::parse::spaced::starts_enumerated("（三）项目支出"));
    assert!(crate::parse::spaced::starts_enumerated(
        "(2)公务用车运行维护费"
    ));
    assert!(crate::parse::spaced::starts_enumerated("十、节能环保支出"));
    assert!(!crate::parse::spaced::starts_enumerated("（一级项目）"));
    assert!(!crate::parse::spaced::starts_enumerated("（本级）"));
}

#[test]
fn notes_mark_empty_tables() {
    let text = "2025年政府性基金预算支出表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n合计\t\t\t\t\n\n注：本表无数据\n";
    let (_, document) = doc("a.md", text);
    assert!(document.tables().next().is_some_and(|t| t.no_data));
}

#[test]
fn crlf_and_form_feeds_do_not_disturb_tables() {
    let text = "支出总表\r\n单位：万元\r\n科目编码 科目名称 合计 基本支出 项目支出\r\n\u{c}210 卫生健康支出 466.99 369.29 97.70\r\n";
    let (source, document) = doc("a.txt", text);
    let t = document.tables().next().expect("a table");
    let row = &t.rows[0];
    assert_eq!(row.code.as_ref().map(|c| c.code.as_str()), Some("210"));
    assert_eq!(source.line_col(row.values[0].span.start), (4, 13));
}

#[test]
fn comment_lines_are_not_part_of_the_document() {
    let text = "<!-- budlint-disable-next-line draft-watermark -->\n仅供内部审核\n\n正文：预算收入 1.00 万元。\n";
    let (_, document) = doc("a.md", text);
    let texts: Vec<String> = document
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) | Block::Furniture(p) | Block::Note(p) => p.text.text.clone(),
            Block::Heading(h) => h.text.text.clone(),
            Block::Table(_) => "table".to_string(),
        })
        .collect();
    assert_eq!(texts, ["仅供内部审核", "正文：预算收入 1.00 万元。"]);
}

#[test]
fn a_lanci_row_and_na_cells_are_not_names_or_amounts() {
    let text = "收入支出决算表\n\n单位：万元\n\n| 项目 | 行次 | 年初结转和结余 | 本年收入 | 本年支出 | 年末结转和结余 |\n|---|---|---|---|---|---|\n| 栏次 | | 1 | 2 | 3 | 4 |\n| 一、一般公共预算财政拨款 | 1 | —— | 1,234.56 | 1,200.00 | 34.56 |\n| 合计 | 3 | 0.00 | 1,234.56 | 1,200.00 | 34.56 |\n";
    let (_, document) = doc("a.md", text);
    let t = document.tables().next().expect("a table");
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["年初结转和结余", "本年收入", "本年支出", "年末结转和结余"]
    );
    assert_eq!(t.rows[0].not_applicable, [0]);
    assert_eq!(
        values(&t.rows[0]),
        [
            ("1234.56".into(), 1),
            ("1200.00".into(), 2),
            ("34.56".into(), 3)
        ]
    );
}

#[test]
fn tables_are_addressable_by_title_row_and_column() {
    let text = "2025年预算支出总表\n\n单位：万元\n\n项目\t\t2025年预算数\t\t\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n合计\t\t756.21\t456.66\t299.55\n210\t卫生健康支出\t670.54\t370.99\t299.55\n";
    let (_, document) = doc("a.md", text);
    let table = document
        .tables_titled("预算 支出总表")
        .next()
        .expect("found by title, spaces ignored");
    let column = table.column_named("项目支出").expect("found by leaf name");
    assert_eq!(
        table.column_named("2025年预算数"),
        Some(0),
        "a group name finds its first column"
    );
    let row = table
        .rows
        .iter()
        .find(|r| r.name() == "卫生健康支出")
        .expect("found by label");
    assert_eq!(
        row.cell(column).flatten().map(|n| n.value.to_string()),
        Some("299.55".into())
    );
    assert!(document.tables_titled("收入总表").next().is_none());
}

#[test]
fn page_numbers_are_told_from_amounts_by_their_step_with_the_pages() {
    // Pages 1–4 end with their numbers 5, 6, 7, 8 (offset 4); on page 3 the number 7 stands
    // among the amounts of a one-cell-per-line table, and an amount 12 ends page 4's table
    // before the page number.
    let page = |body: &str, number: &str| format!("{body}\n\n{number}\n\u{c}");
    let text = [
        page("第一部分 部门概况\n\n一、主要职能", "5"),
        page("二、机构设置\n\n本部门设处室5个。", "6"),
        page(
            "一般公共预算支出表\n单位：万元\n\n科目编码\n\n科目名称\n\n金额\n\n208\n\n社会保障和就业支出\n\n1,836.22\n\n20805\n\n行政事业单位离退休\n\n1,836.22\n\n7\n\n2080505\n\n机关事业单位基本养老保险缴费支出\n\n1,836.22",
            "7",
        ),
        page("收入表\n单位：万元\n\n项目\n\n金额\n\n合计\n\n12\n\n其他收入\n\n12", "8"),
    ]
    .concat();
    let (source, document) = doc("a.txt", &text);
    let furniture: Vec<usize> = document
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Furniture(_)))
        .map(|b| source.line_col(b.span().start).0)
        .collect();
    let line_of = |needle: &str, nth: usize| {
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start_matches('\u{c}') == needle)
            .nth(nth)
            .map(|(i, _)| i + 1)
            .expect("line")
    };
    for (number, nth) in [("5", 0), ("6", 0), ("7", 0), ("7", 1), ("8", 0)] {
        assert!(
            furniture.contains(&line_of(number, nth)),
            "{number} #{nth}: {furniture:?}"
        );
    }
    // The amounts 12 are not in step with the pages: they stay in their table.
    let income = document.tables_titled("收入表").next().expect("收入表");
    let amounts: Vec<String> = income
        .rows
        .iter()
        .flat_map(|r| r.values.iter().map(|n| n.value.to_string()))
        .collect();
    assert_eq!(amounts, ["12", "12"]);
}

/// (code, amounts) of every coded row of the first table.
fn coded_amounts(document: &Document) -> Vec<(String, Vec<String>)> {
    let table = document.tables().next().expect("a table");
    table
        .rows
        .iter()
        .filter_map(|r| {
            let code = r.code.as_ref()?.code.clone();
            Some((code, r.values.iter().map(|n| n.value.to_string()).collect()))
        })
        .collect()
}

#[test]
fn side_by_side_groups_with_split_codes_and_blank_amounts_are_rows_of_one_table() {
    // (类, 款, name, amount) twice across, amounts left blank: `301 02 津贴补贴 [blank] 302 05
    // 水费 100.00` must not read `302` and `05` as amounts of 30102.
    let aligned = include_str!(
        "../../tests/fixtures/rules/subject-code-sum/side-by-side-split-codes.layout.txt"
    );
    let tabbed = include_str!(
        "../../tests/fixtures/rules/subject-code-sum/side-by-side-split-codes-tabbed.md"
    );
    for (name, text) in [("a.txt", aligned), ("a.md", tabbed)] {
        let (_, document) = doc(name, text);
        let mut rows = coded_amounts(&document);
        rows.sort();
        let find = |code: &str| {
            rows.iter()
                .find(|(c, _)| c == code)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("{name}: no row {code} in {rows:?}"))
        };
        assert_eq!(rows.len(), 14, "{name}: {rows:?}");
        assert_eq!(find("30102"), Vec::<String>::new(), "{name}");
        assert_eq!(find("30201"), ["10.00"], "{name}");
        assert_eq!(find("31002"), ["5.00"], "{name}");
        let table = document.tables().next().expect("a table");
        assert_eq!(table.columns.len(), 1, "{name}: one amount column");
        assert!(table.rows.iter().all(|r| r.is_settled()), "{name}");
    }
}

#[test]
fn a_split_code_with_its_name_wrapped_above_and_below_is_a_code() {
    // From the probe wuhou-education-2025-budget.layout.txt (表3): 类 / 款 / 项 in columns of
    // their own, and the name centred around the code line, which then holds only amounts.
    let text = "                            2025 年部门支出总表\n                                                                           单位：万元\n\n                            科目\n                                                合计              基本支出            项目支出\n      类        款        项          科目名称\n208                         社会保障和就业支出                 3748.80      3748.80\n208       05                行政事业单位养老支出                3748.80      3748.80\n208       05       02       事业单位离退休                    276.90          276.90\n                            机关事业单位基本养老保险缴\n208       05       05                                 2314.60      2314.60\n                            费支出\n                            机关事业单位职业年金缴费支\n208       05       06                                 1157.30      1157.30\n                            出\n";
    let (_, document) = doc("a.txt", text);
    let rows = coded_amounts(&document);
    assert_eq!(
        rows.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        ["208", "20805", "2080502", "2080505", "2080506"]
    );
    assert_eq!(rows[3].1, ["2314.60", "2314.60"]);
    let table = document.tables().next().expect("a table");
    let row = table
        .rows
        .iter()
        .find(|r| r.code.as_ref().is_some_and(|c| c.code == "2080505"))
        .expect("2080505");
    assert_eq!(row.name(), "机关事业单位基本养老保险缴费支出");
}

#[test]
fn the_prose_margin_of_an_aligned_page_is_its_common_indentation() {
    // js-highcourt-2017-budget.layout.txt lines 675-678, as printed and shifted right by six
    // columns: the first line of a paragraph is indented against the margin, not against
    // column zero, so the shifted paragraph still runs over three lines.
    for shift in ["", "      "] {
        let text = format!(
            "{shift}  2．住房改革支出（款）提租补贴（项）支出 1959.99 万元，与\n\
             {shift}上年相比增加 865.57 万元，增长 79.05%。主要原因是调整了住房补\n\
             {shift}贴、新职工逐月购房补贴标准增加的支出。\n\
             {shift}  六、财政拨款基本支出预算表情况说明\n"
        );
        let source = SourceFile::from_str("a.layout.txt", &text);
        let lines = lines_of(&source);
        let margins = prose_margins(&lines);
        assert_eq!(margins[0], shift.len(), "{shift:?}");
        assert_eq!(margins.len(), lines.len());
    }
}

#[test]
fn a_name_printed_at_the_top_of_every_page_is_a_running_header() {
    // js-highcourt-2017-budget.layout.txt lines 704-706 across page breaks, with the
    // department's name printed at the top of each page, as some publishers do.
    let page =
        "  江苏省高级人民法院 2017 年度一般公共预算财政拨款基本\n支出预算 17123.19 万元，其中：\n";
    let text = format!(
        "{page}\u{c}江苏省高级人民法院\n{page}\u{c}江苏省高级人民法院\n{page}\u{c}江苏省高级人民法院\n{page}"
    );
    let source = SourceFile::from_str("a.layout.txt", &text);
    let lines = lines_of(&source);
    let running = running_headers(&lines);
    assert_eq!(running.get("江苏省高级人民法院"), Some(&3));
    // The same name inside the text, away from a page top, is no header.
    let text = format!("{text}江苏省高级人民法院\n");
    let source = SourceFile::from_str("a.layout.txt", &text);
    assert!(!running_headers(&lines_of(&source)).contains_key("江苏省高级人民法院"));
}

#[test]
fn an_amount_cut_from_its_unit_by_the_wrap_continues_its_paragraph() {
    // tunliu-2024-budget.txt lines 869-871 wrapped narrower: the amount's 元 opens the next
    // line, after the blank line this plain text prints between all lines.
    let (_, document) = doc(
        "a.txt",
        "2024年长治市屯留区医疗保障局整体支出绩效目标，涉及部门预算资金529.12万\n\n元，其中基本支出452.01万元，项目支出77.11万元。\n",
    );
    let paragraphs: Vec<&str> = document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(paragraphs.len(), 1, "{paragraphs:?}");
    assert!(
        paragraphs[0].contains("529.12万元，其中基本支出"),
        "{paragraphs:?}"
    );
    assert!(!opens_with_amount_tail("涉及部门预算资金", "元，其中"));
    assert!(opens_with_amount_tail("增长 12.5", "%，主要"));
}

/// fixtures/probes/shuyuan-street-2024-final.layout.txt lines 331–365 (cut): 科目编码 / 科目名称 /
/// 决算数 three times side by side; `302` and `31002` stand before amounts and are read as
/// amounts, so the rows they start are missing.
const THREE_PAIRS: &str = "                      一般公共预算财政拨款基本支出决算表
                               部门：某街道办事处                                    单位：元
              人员经费                                         公用经费
科目编码    科目名称         决算数            科目编码 科目名称     决算数           科目编码   科目名称    决算数
        工资福利支                              商品和服
301                  10,088,306.68 302            3,380,630.25 30217   公务接待费       9,876.50
        出                                  务支出
30101   基本工资          3,124,567.80 30201   办公费     128,765.40 30226    劳务费       98,765.40
30102   津贴补贴          2,876,543.20 30202   印刷费      16,543.20 30228    工会经费     112,345.60
30110                  417,497.55 30211    差旅费      34,567.80 310      资本性支出     46,913.40
        其他社会保                              维修                          办公设备购
30112                   38,765.40 30213             65,432.10 31002              34,567.80
        障缴费                                （护）费                        置
30113   住房公积金          591,872.36 30215    会议费       8,765.40 31007    信息网络     12,345.60
";

#[test]
fn subject_codes_read_as_amounts_put_their_parents_in_doubt() {
    let (_, document) = doc("a.layout.txt", THREE_PAIRS);
    let table = document.tables().next().expect("a table");
    let doubt = table
        .doubts
        .iter()
        .find(|d| d.kind == DoubtKind::CodesAmongAmounts)
        .expect("codes among amounts");
    let rows = doubt.rows.as_ref().expect("rows");
    let coded = |code: &str| {
        table
            .rows
            .iter()
            .position(|r| r.code.as_ref().is_some_and(|c| c.code == code))
    };
    // 31002 was read as an amount: the sums of 310 are unknown.
    let capital = coded("310").expect("310 is a row");
    assert!(rows.contains(&capital), "{rows:?}");
    // Integers written with thousands separators (`31,002` 元) are amounts, not codes.
    let separators = THREE_PAIRS
        .replace(" 302 ", " 3.02 ")
        .replace("30213", "30,213")
        .replace("31002", "31,002");
    let (_, document) = doc("a.layout.txt", &separators);
    let table = document.tables().next().expect("a table");
    assert!(
        table
            .doubts
            .iter()
            .all(|d| d.kind != DoubtKind::CodesAmongAmounts),
        "{:?}",
        table.doubts
    );
}

/// Jiangsu's template prints the title on the form-number line, under a part heading that names
/// a 表 too; a long title wraps after its first line.
#[test]
fn the_title_on_the_form_number_line_is_the_tables() {
    let layout = "                第二部分              2018 年度部门预算表\n\n公开 03 表：支出预算总表\n部门：            某检察院                    单位：万元\n\n    合计        基本支出        项目支出\n\n   21,955.35     13,994.31      7,961.04\n\n\n公开 09 表：一般公共预算“三公”经费、会议费、培训费\n支出预算表\n\n部门：           某检察院                    单位：万元\n\n   合计     因公出国（境）费     公务接待费\n\n   12.00        10.00            2.00\n";
    let (_, document) = doc("a.layout.txt", layout);
    let titles: Vec<String> = document.tables().map(|t| t.title_text()).collect();
    assert_eq!(
        titles,
        [
            "支出预算总表",
            "一般公共预算“三公”经费、会议费、培训费支出预算表"
        ]
    );
    let forms: Vec<String> = document
        .tables()
        .map(|t| t.form.as_ref().map(|f| f.text.clone()).unwrap_or_default())
        .collect();
    assert_eq!(forms, ["公开 03 表", "公开 09 表"]);
    // The part heading stays a heading.
    assert!(
        document
            .headings()
            .any(|h| h.text.text.contains("第二部分"))
    );
}

/// The Beijing-like 收支总表 (probe chaoyang-greening-2025, `-layout`): both halves under one
/// header line naming 上年 / 本年 / 增减 for each.
const TWO_YEARS_STATEMENT: &str = "                                       2025 年收支总表
                           编制部门：某局                                               单位：万元

                      收入                                                  支出
 项目    2024 年预算数       2025 年预算数        增减           项目    2024 年预算数      2025 年预算数       增减
一、一般                                            一、社会
公共预算        8443.86          8845.98     402.12 保障和就             723.64          762.94     39.30
拨款收入                                            业支出
四、事业                                                四、农林
             300.00           230.00     -70.00                 5939.40         6363.36    423.96
收入                                                  水支出
本年收入                                                本年支出
            8743.86          9075.98     332.12                 6663.04         7126.30    463.26
合计                                                  合计
";

#[test]
fn each_half_of_a_statement_takes_its_column_names_from_the_shared_header_line() {
    let (_, document) = doc("a.layout.txt", TWO_YEARS_STATEMENT);
    let halves: Vec<&Table> = document.tables().collect();
    assert_eq!(halves.len(), 2, "income and expenditure halves");
    for half in &halves {
        let names: Vec<&str> = half.columns.iter().map(|c| c.leaf.as_str()).collect();
        // The years stay: without them both would be 预算数.
        assert_eq!(
            names,
            ["2024年预算数", "2025年预算数", "增减"],
            "{:?}",
            half.side
        );
    }
    let spending = halves
        .iter()
        .find(|t| t.side == Some(Side::Expenditure))
        .expect("expenditure half");
    let farming = spending
        .rows
        .iter()
        .find(|r| r.name().contains("农林水"))
        .expect("四、农林水支出");
    let change = spending.column_named("增减").expect("增减 column");
    assert_eq!(
        farming.cell(change).flatten().map(|n| n.value.to_string()),
        Some("423.96".to_string())
    );
    // A header line naming the halves differently: each half takes the names over its own
    // amounts.
    let uneven = TWO_YEARS_STATEMENT.replacen("增减", "变动", 1);
    let (_, document) = doc("a.layout.txt", &uneven);
    let lasts: Vec<&str> = document
        .tables()
        .filter_map(|half| half.columns.last().map(|c| c.leaf.as_str()))
        .collect();
    assert_eq!(lasts, ["变动", "增减"]);
}

/// A 项目支出 table by project whose 科目编码 column stands right of the project's name
/// (fixtures/unseen/yiling-agriculture-2025-budget.layout.txt lines 244–255, cut): the codes are
/// the code column's, not amounts, also on a line the code opens (the name wrapped above and
/// below it), and the rows add up under their named columns.
const PROJECTS_WITH_CODES: &str = "                          项目支出预算表
              单位名称：某区农业农村局                              金额单位：万元

       项目名称        科目编码     合计              一般公共预算         政府性基金预算
合计                               56197.50       44197.50        12000.00
农业科技推广与培训     2130106             8765.40        8765.40             0.00
高标准农田建设       2130122            42000.00       30000.00        12000.00
耕地地力保护补贴发放
           2130122                5432.10        5432.10             0.00
工作经费
";

#[test]
fn a_code_column_right_of_the_names_holds_no_amounts() {
    let (_, document) = doc("a.layout.txt", PROJECTS_WITH_CODES);
    let table = document.tables().next().expect("a table");
    assert!(table.doubts.is_empty(), "{:?}", table.doubts);
    let names: Vec<&str> = table.columns.iter().map(|c| c.leaf.as_str()).collect();
    assert_eq!(names, ["合计", "一般公共预算", "政府性基金预算"]);
    let rows = names_and_values(table);
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(rows[1].1[0], ("8765.40".to_string(), 0), "{rows:?}");
    assert_eq!(rows[3].0, "耕地地力保护补贴发放工作经费", "{rows:?}");
    assert_eq!(rows[3].1[2], ("0.00".to_string(), 2), "{rows:?}");
    assert!(table.rows.iter().all(|r| r.code.is_none()), "{rows:?}");
    // The usual order, code before name, keeps its codes as the rows' codes.
    let coded = "                   支出预算表\n                                   单位：万元\n     科目编码       科目名称           合计     基本支出   项目支出\n合计                                  100.00     60.00     40.00\n2130106   科技转化与推广服务            100.00     60.00     40.00\n";
    let (_, document) = doc("a.layout.txt", coded);
    let table = document.tables().next().expect("a table");
    assert_eq!(
        table.rows[1].code.as_ref().map(|c| c.code.as_str()),
        Some("2130106")
    );
}

/// A 项目支出 table whose project names wrap over three lines, the middle one carrying the
/// code and the amounts (fixtures/unseen/dongtou-fishery-2026-budget.layout.txt lines 212–228,
/// cut; fixtures/probes/chaoyang-greening-2025-budget is Beijing's alike): the first line under
/// `合计` starts the next project's name, `合计` being a whole name; the last line of a name ends
/// its own row.
const PROJECTS_WRAPPED_THREE_LINES: &str = "                         表十   项目支出表
               单位名称：温州市洞头区海洋渔业技术服务中心                          单位：万元

     项目名称            功能科目编码     合计            一般公共预算拨款       事业收入
合计                                   215.69         203.69      12.00
水产养殖新品种新技术示范
推广与渔民实用技术培训项   2130106                45.68          45.68          0.00
目
深远海大黄鱼养殖技术集成
               2130106               123.45         123.45          0.00
示范与推广应用项目
水产养殖动物疫病监测防控
               2130108                46.56          34.56      12.00
及水产品质量安全抽检项目
";

#[test]
fn a_name_line_wider_than_the_row_above_starts_the_next_rows_name() {
    let (_, document) = doc("a.layout.txt", PROJECTS_WRAPPED_THREE_LINES);
    let table = document.tables().next().expect("a table");
    assert!(table.doubts.is_empty(), "{:?}", table.doubts);
    let rows = names_and_values(table);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "合计",
            "水产养殖新品种新技术示范推广与渔民实用技术培训项目",
            "深远海大黄鱼养殖技术集成示范与推广应用项目",
            "水产养殖动物疫病监测防控及水产品质量安全抽检项目",
        ],
        "{rows:?}"
    );
    assert_eq!(rows[1].1[0], ("45.68".to_string(), 0), "{rows:?}");
    assert_eq!(rows[3].1[2], ("12.00".to_string(), 2), "{rows:?}");
    assert!(table.rows.iter().all(|r| r.code.is_none()), "{rows:?}");
}

/// A 项目支出表 with a 项目类型 column left of the 项目名称 (fixtures/unseen/
/// yulin-street-2026-budget.layout.txt lines 360–392, cut): the type cell is centred between
/// the lines of a wrapped name, alone with the amounts or before the name's middle line. It is
/// a cell of its own, not the name's, and the name wrapped around it is the row's, also when
/// the row above ends right over it.
const PROJECTS_WITH_TYPES: &str = "                              项目支出表
                 部门：成都市武侯区玉林街道办事处                                     单位：万元

 项目类型     项目名称         合计              一般公共预算拨款        政府性基金预算拨款      其他收入
合计                          9798.10        1032.70        8765.40
        人大代表履职服务经
特定目标类                         120.00          120.00
        费
      困难残疾人生活补贴
特定目标类 和重度残疾人护理补               456.70          456.70
      贴
特定目标类 老旧院落改造                 8765.40                        8765.40
        社区党群服务中心运
其他运转类                         456.00          456.00
        行经费
";

#[test]
fn a_type_column_left_of_the_names_is_a_cell_of_its_own() {
    let (_, document) = doc("a.layout.txt", PROJECTS_WITH_TYPES);
    let table = document.tables().next().expect("a table");
    assert!(table.doubts.is_empty(), "{:?}", table.doubts);
    let rows = names_and_values(table);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "合计",
            "人大代表履职服务经费",
            "困难残疾人生活补贴和重度残疾人护理补贴",
            "老旧院落改造",
            "社区党群服务中心运行经费",
        ],
        "{rows:?}"
    );
    assert_eq!(rows[3].1[1], ("8765.40".to_string(), 2), "{rows:?}");
    assert_eq!(rows[4].1[1], ("456.00".to_string(), 1), "{rows:?}");
    let types: Vec<Option<&str>> = table
        .rows
        .iter()
        .map(|r| r.cells.get(1).map(|c| c.text.as_str()))
        .collect();
    assert_eq!(
        types,
        [
            None,
            Some("特定目标类"),
            Some("特定目标类"),
            Some("特定目标类"),
            Some("其他运转类")
        ]
    );
    // Without the classification in the header, a name at the left edge is the name.
    let untyped = PROJECTS_WITH_TYPES.replace("项目类型", "        ");
    let (_, document) = doc("a.layout.txt", &untyped);
    let table = document.tables().next().expect("a table");
    assert!(
        table
            .rows
            .iter()
            .any(|r| r.name().starts_with("特定目标类"))
    );
}

/// A 财政拨款收支总表 whose one header line names both halves' columns (`项目  预算数  项目  合计
/// 一般公共预算  政府性基金预算  国有资本经营预算`; /work/shared/corpus/
/// sh-putuo-wanli-2024-budget.layout.txt lines 489–517, cut, totals made to add up): each half
/// is read under its own part of the header, so the expenditure's amounts stand under 合计 and
/// 一般公共预算, which they add up to, instead of unnamed columns.
const STATEMENT_HALVES_NAMED: &str = "                                   2024年部门财政拨款收支预算总表
编制部门：上海市普陀区人民政府万里街道办事处                                                                     单位：元

         财政拨款收入                                          财政拨款支出

    项目            预算数                    项目      合计           一般公共预算         政府性基金预算   国有资本经营预算

一、一般公共预算资金          4,815,700 一、一般公共服务支出          2,932,700      2,932,700

二、政府性基金                         二、公共安全支出          1,633,000      1,633,000

三、国有资本经营预算                      三、教育支出              250,000        250,000

   收入总计             4,815,700        支出总计         4,815,700      4,815,700
";

/// The 支出 half of a 单位预算's 财政拨款收支总表 whose names wrap over three lines
/// (fixtures/unseen/dongtou-fishery-2026-budget.layout.txt lines 124–131): the wrapped
/// `政府性基金预` / `算` reads as a caption over some of the columns only, so the half keeps its
/// unnamed columns rather than wrong names.
const STATEMENT_HALF_WRAPPED_NAMES: &str = "                               表四     财政拨款收支总表
                    单位名称：温州市洞头区海洋渔业技术服务中心                                 单位：万元

         收入                                          支出
                                                                   政府性基金预 国有资本经营
  项目          预算数              项目      合计            一般公共预算
                                                                      算     预算
一、一般公共                       一、社会保障
";

#[test]
fn each_half_of_a_statement_takes_the_names_of_its_part_of_the_header() {
    let (_, document) = doc("a.layout.txt", STATEMENT_HALVES_NAMED);
    let halves: Vec<_> = document.tables().collect();
    assert_eq!(halves.len(), 2);
    let names = |t: &crate::model::Table| -> Vec<String> {
        t.columns.iter().map(|c| c.name.clone()).collect()
    };
    assert_eq!(names(halves[0]), ["预算数"]);
    assert_eq!(
        names(halves[1]),
        ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
    );
    let rows: Vec<Vec<(String, usize)>> = halves[1].rows.iter().map(values).collect();
    assert_eq!(
        rows[1],
        [("1633000".to_string(), 0), ("1633000".to_string(), 1)],
        "{rows:?}"
    );
    let (_, document) = doc("a.layout.txt", STATEMENT_HALF_WRAPPED_NAMES);
    let expenditure = document.tables().nth(1).expect("the expenditure half");
    assert!(
        expenditure.columns.iter().all(|c| c.leaf.starts_with('列')),
        "{:?}",
        names(expenditure)
    );
}

#[test]
fn a_table_continued_under_a_continuation_mark_is_one_table() {
    // A 部门支出总表 broken across a page (Sichuan-like 2026 budget, `-layout`): the second page
    // opens with `表 3（续表）` and the header again; the rows after it are the same table's.
    let text = "\
表3
                          部门支出总表
                部门：某街道办事处                          单位：万元

        科目编码            科目名称       合计           基本支出         项目支出
合计                                 300.00          200.00         100.00
201             一般公共服务支出           120.00          100.00          20.00
2010301         行政运行                   100.00          100.00
2013102         一般行政管理事务             20.00                          20.00
表 3（续表）

        科目编码            科目名称       合计           基本支出         项目支出
221             住房保障支出               180.00          100.00          80.00
2210201         住房公积金                 100.00          100.00
2210299         其他住房改革支出             80.00                          80.00
";
    let (_, document) = doc("continued.layout.txt", text);
    let tables: Vec<_> = document.tables().collect();
    assert_eq!(tables.len(), 1, "{tables:#?}");
    let codes: Vec<String> = tables[0]
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref().map(|c| c.code.clone()))
        .collect();
    assert_eq!(
        codes,
        ["201", "2010301", "2013102", "221", "2210201", "2210299"]
    );
}

/// `pdftotext -raw` of the unseen Hubei budget: no blank line between paragraphs, short
/// one-line paragraphs, and every table printed a row to a line with single spaces.
const RAW_BUDGET: &str =
    include_str!("../../fixtures/unseen/yiling-agriculture-2025-budget.raw.txt");

#[test]
fn raw_text_joins_the_lines_its_prose_wrapped() {
    let lines: Vec<&str> = RAW_BUDGET.lines().collect();
    // The prose wraps at about 100 columns; the tables' rows (`2130101 行政运行 24567.80
    // 24567.80`), titles and one-line paragraphs are not the wrap.
    let wrap = prose::wrap_width(&lines).expect("a wrap width");
    assert!((98..=106).contains(&wrap), "{wrap}");
    let (_, document) = doc("a.raw.txt", RAW_BUDGET);
    let paragraph = document
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(p) if p.text.text.contains("59876.40") => Some(p.text.text.as_str()),
            _ => None,
        })
        .expect("the paragraph of the 一般公共预算拨款支出");
    // `…其中：基本支出 50654.10 万元，` / `项目支出 59876.40 万元。`: one sentence, so its 项目支出
    // is the 一般公共预算's, not the department's.
    assert!(
        paragraph.contains("一般公共预算拨款支出预算 110530.50") && paragraph.contains("基本支出"),
        "{paragraph}"
    );
    // A one-line paragraph ending its sentence stays apart from the next.
    assert!(document.blocks.iter().any(|b| matches!(
        b,
        Block::Paragraph(p) if p.text.text.trim() == "（一）社会保障和就业支出（类）6543.20 万元，占 5.92%。"
    )));
}

#[test]
fn a_statement_whose_income_rows_landed_among_the_spending_is_in_doubt() {
    // `pdftotext -raw` of the unseen 街道 budget's 财政拨款收支总表: the rows that fit their
    // cells are printed whole (`一、一般公共预算拨款 38965.20 一、一般公共服务支出 16723.90`),
    // the wrapped ones cell by cell, so `二、政府性基金预算拨款 8765.40` was read as a 支出 row.
    let text = include_str!("../../fixtures/unseen/yulin-street-2026-budget.raw.txt");
    let (_, document) = doc("a.raw.txt", text);
    let halves: Vec<&crate::model::Table> = document
        .tables()
        .filter(|t| t.title_text() == "财政拨款收支总表" && t.side.is_some())
        .collect();
    assert_eq!(halves.len(), 2);
    for half in halves {
        assert!(
            half.doubts
                .iter()
                .any(|d| d.kind == crate::model::DoubtKind::WrongSide),
            "{:?}",
            half.side
        );
    }
    // The document's stacked 部门收支总表, read right, is not put in doubt.
    let whole: Vec<&crate::model::Table> = document
        .tables()
        .filter(|t| t.title_text() == "部门收支总表")
        .collect();
    assert!(!whole.is_empty());
    assert!(whole.iter().all(|t| {
        t.doubts
            .iter()
            .all(|d| d.kind != crate::model::DoubtKind::WrongSide)
    }));
}

#[test]
fn a_doubt_on_one_half_of_a_statement_is_a_doubt_on_both() {
    // The unseen hospital budget's 财政拨款收支总表 with one space between cells (pdfplumber,
    // PyMuPDF): the 支出 labels wrap around the 收入 row's line, so the 支出 half's labels join
    // pieces (`出`, `款`) and the 收入 row took the 支出 amount `2039.49` as a second column.
    let text = "财政拨款收支总表\n单位名称：湘潭市雨湖区人民医院 金额单位：万元\n\n收入 支出\n项目 本年预算 项目 本年预算\n一、社会保障和就业支\n一、一般公共预算拨款 12039.46 2039.49\n出\n二、政府性基金预算拨\n0.00 二、卫生健康支出 8876.52\n款\n三、国有资本经营预算\n0.00 三、住房保障支出 1123.45\n拨款\n收入总计 12039.46 支出总计 12039.46\n";
    let (_, document) = doc("a.txt", text);
    let halves: Vec<&crate::model::Table> =
        document.tables().filter(|t| t.side.is_some()).collect();
    assert_eq!(halves.len(), 2);
    for half in halves {
        assert!(
            half.doubts
                .iter()
                .any(|d| d.kind == crate::model::DoubtKind::JoinedLabels),
            "{:?}: {:?}",
            half.side,
            half.doubts
        );
    }
}

#[test]
fn a_row_number_header_broken_over_lines_keeps_row_numbers_out_of_the_amounts() {
    // A 财政拨款收入支出决算总表 printed by another renderer: `行次` broken into `行` and, lines
    // below, `次` in each half's header. The 行次 (38, 39) are no amounts.
    let text = "\
表4
                        财政拨款收入支出决算总表
                        部门：某局                                          金额单位：万元
          收入                                   支出
     项目        行   金额         项目       行     合计      一般公共预
                                                               算财政拨款
               次                       次
一、一般公共预算财政拨 1 154,640.86 一、教育支出        32    2,913.56 2,913.56
款
            4            二、农林水支出       36 151,727.30 151,727.30
本年收入合计      7 154,640.86 本年支出合计        38 154,640.86 154,640.86
总计          8 154,640.86 总计            39 154,640.86 154,640.86
";
    let (_, document) = doc("a.layout.txt", text);
    let tables: Vec<_> = document.tables().collect();
    assert!(!tables.is_empty());
    for table in &tables {
        for row in &table.rows {
            assert!(
                row.values.iter().all(|v| v.decimals == 2),
                "{}: {:?}",
                row.name(),
                values(row)
            );
        }
    }
}

#[test]
fn an_amount_away_from_its_row_in_a_table_of_groups_puts_the_sums_in_doubt() {
    // A 基本支出 table of three groups side by side as another PDF renderer lays it out: the
    // third group's name wraps around the line where the second group's 会议费 has its amount,
    // which stands alone on the next line, with neither code nor name.
    let text = "\
                     一般公共预算财政拨款基本支出决算表
                             部门：某街道办事处                                  单位：元
          人员经费                                       公用经费
科目编码      科目名称       决算数 科目编码            科目名称      决算数 科目编码           科目名称    决算数
301 工资福利支出      1,000.00 302 商品和服务支出     300.00 30217 公务接待费      50.00
30113 住房公积金        1,000.00 30215 会议费                         信息网络及软件购
                                                 100.00 31007 置更新         150.00
30199 其他工资福利支出     0.00 30216 培训费         150.00
";
    let (_, document) = doc("a.layout.txt", text);
    let table = document.tables().next().expect("a table");
    assert!(
        table
            .doubts
            .iter()
            .any(|d| d.kind == crate::model::DoubtKind::OrphanNumbers && d.rows.is_none()),
        "{:?}",
        table.doubts
    );
}

#[test]
fn pymupdf4llm_cells_are_read_through_their_markup() {
    // yuhu-hospital's 支出总表 as pymupdf4llm writes it: `**` around header cells, names wrapped
    // in their cell joined by `<br>`.
    let text = "## **部门支出总表**\n\n单位：万元\n\n|**科目编码**|**科目名称**|**合计**|**上年结转**|**财政拨款**|**事业收入**|**事业单位经营**<br>**收入**|**其他收入**|\n|---|---|---|---|---|---|---|---|\n|合计||6412.32||2039.49|4372.83|||\n|208|社会保障和就业支出|6412.32||2039.49|4372.83|||\n|20805|行政事业单位养老支<br>出|6412.32||2039.49|4372.83|||\n|2080505|机关事业单位基本养<br>老保险缴费支出|4580.23||1456.78|3123.45|||\n|2080506|机关事业单位职业年<br>金缴费支出|1832.09||582.71|1249.38|||\n";
    let (_, document) = doc("a.md", text);
    let table = document.tables().next().expect("a table");
    let cols: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        cols,
        [
            "合计",
            "上年结转",
            "财政拨款",
            "事业收入",
            "事业单位经营收入",
            "其他收入"
        ]
    );
    let row = table
        .rows
        .iter()
        .find(|r| r.code.as_ref().is_some_and(|c| c.code == "2080505"))
        .expect("2080505");
    assert_eq!(row.name(), "机关事业单位基本养老保险缴费支出");
    assert_eq!(
        values(row),
        [
            ("4580.23".into(), 0),
            ("1456.78".into(), 2),
            ("3123.45".into(), 3)
        ]
    );
    assert!(table.doubts.is_empty(), "{:?}", table.doubts);
}

#[test]
fn cells_a_converter_merged_put_the_table_in_doubt() {
    // daxing-greening's 收支总表 from pymupdf4llm: each 收入 amount is merged into the cell of
    // the 支出 name beside it, under no header; which column an amount is in is unknown.
    let text = "## **收支总表**\n\n单位：万元\n\n||**收入**|||**支出**||\n|---|---|---|---|---|---|\n|**项目**||**预算数**|**项目**|**预算数**||\n|一、一般公共预算财政<br>拨款|||16515.97 <sup>一、社会保障和就业支</sup><br>出||639.49|\n|二、政府性基金预算财<br>政拨款|||4691.34 二、卫生健康支出||222.21|\n|本年收入合计|||21207.31 本年支出合计||861.70|\n";
    let (_, document) = doc("a.md", text);
    let table = document.tables().next().expect("a table");
    assert!(
        table
            .doubts
            .iter()
            .any(|d| d.kind == crate::model::DoubtKind::MisalignedCells),
        "{:?}",
        table.doubts
    );
}

#[test]
fn amount_columns_named_by_text_columns_put_the_table_in_doubt() {
    // fixtures/unseen/barunbieli-town's 项目支出表 with the spaces of its `-layout` lines
    // squeezed to one (as extractors without layout print it): the names of the 项目类别 and
    // 功能分类科目 columns went to the amount columns, and the 小计 row's 合计 was checked
    // against the sum of the others (a false `column-total` error).
    let text = "项目支出表\n部门（单位）：某镇人民政府 单位：万元\n\n一般公共预 政府性基金\n项目类别 项目名称 功能分类科目 合计\n算 预算\n合计 8567.87 5567.87 3000.00\n特定目标类 小计 7987.64 4987.64 3000.00\n城镇老旧小区基础设施配套改造项目 2120803 城市建设支出 3000.00 3000.00\n高标准农田建设配套项目 2130153 农田建设 1765.43 1765.43\n其他运转类 小计 580.23 580.23\n";
    let (_, document) = doc("a.txt", text);
    let table = document.tables().next().expect("a table");
    assert!(
        table
            .doubts
            .iter()
            .any(|d| d.kind == crate::model::DoubtKind::LabelColumns && d.rows.is_none()),
        "{:?} {:?}",
        table.columns,
        table.doubts
    );
}

#[test]
fn an_amount_away_from_its_row_in_a_table_of_named_rows_puts_the_sums_in_doubt() {
    // A 项目支出表 printed by Chromium: the wrapped project names print on one line and the
    // amounts of two projects below them, the first project's 上年结转 a line further down, alone.
    let text = "\
                           项目支出表
               单位名称：湘潭市雨湖区人民医院                             金额单位：万元
     项目类别        项目名称          合计      财政拨款 事业收入 其他收入 上年结转
合计                            21370.32 6098.75 12345.67 456.78 2469.12
          小计                   9592.60 2222.22 6012.36 456.78 901.24
          胸痛中心和卒中中心建设          1802.45 1234.56 567.89
学科建设与信息化类 智慧医院信息系统升级
          住院医师规范化培训
                               4234.57 987.66 2345.67
                               1691.34          1234.56 456.78
                                                                901.24
          电子病历系统应用水平评级改造        987.65           987.65
";
    let (_, document) = doc("a.layout.txt", text);
    let table = document.tables().next().expect("a table");
    assert!(
        table
            .doubts
            .iter()
            .any(|d| d.kind == crate::model::DoubtKind::OrphanNumbers && d.rows.is_none()),
        "{:?}",
        table.doubts
    );
    // Each amount on its project's line: no row of amounts alone, no doubt.
    let text = "\
                           项目支出表
               单位名称：湘潭市雨湖区人民医院                             金额单位：万元
     项目类别        项目名称          合计      财政拨款 事业收入 其他收入 上年结转
合计                            3481.44 2222.22 2345.67 0.00 913.55
          胸痛中心和卒中中心建设          1802.45 1234.56 567.89
          智慧医院信息系统升级          1678.99 987.66 567.89          123.44
          电子病历系统应用水平评级改造        0.00  0.00 1209.89   0.00 790.11
";
    let (_, document) = doc("a.layout.txt", text);
    let table = document.tables().next().expect("a table");
    assert!(
        !table
            .doubts
            .iter()
            .any(|d| d.kind == crate::model::DoubtKind::OrphanNumbers),
        "{:?}",
        table.doubts
    );
}

#[test]
fn a_plain_statement_takes_its_title_above_header_words_printed_as_paragraphs() {
    // Plain pdftotext of a Sichuan 部门收支总表: the department on a line of its own, `项目`
    // and the side label's `收` printed between it and the unit line, `收入`/`支出` one character
    // to a line, two names before their two amounts.
    let text = "表1\n\n部门收支总表\n\n部门：某某街道办事处\n\n项目\n\n收\n\n单位：万元\n\n2026 年预算数\n\n入\n\n一、一般公共预算拨款收入\n\n900.00\n\n二、其他收入\n\n100.00\n\n收入总计\n\n1000.00\n\n支\n\n一、一般公共服务支出\n\n二、城乡社区支出\n\n出\n\n600.00\n\n400.00\n\n支出总计\n\n1000.00\n\n表2\n";
    let (_, document) = doc("a.txt", text);
    let tables: Vec<_> = document.tables().collect();
    assert_eq!(tables.len(), 2, "{tables:#?}");
    assert!(tables.iter().all(|t| t.title_text() == "部门收支总表"));
    assert!(tables.iter().all(|t| t.doubts.is_empty()));
    let spending = names_and_values(tables[1]);
    assert_eq!(spending[0].0, "一、一般公共服务支出");
    assert_eq!(spending[0].1, [("600.00".to_string(), 0)]);
    assert_eq!(spending[1].0, "二、城乡社区支出");
    assert_eq!(spending[1].1, [("400.00".to_string(), 0)]);
    // No paragraph is left of the header words.
    assert!(!document.blocks.iter().any(|b| matches!(
        b,
        Block::Paragraph(p) if p.text.text.trim() == "项目" || p.text.text.trim() == "收"
    )));
}
