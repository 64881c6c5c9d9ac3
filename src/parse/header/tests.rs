//! The header grid on lines cut from the corpus (`fixtures/corpus/`), and whole horizontal
//! tables read through the real parser from the rule fixtures cut from the same documents.

use super::*;
use crate::model::{Block, Document};
use crate::source::SourceFile;

/// `js-rendaban-2018-budget.layout.txt`, lines 529–536: the header of the 三公经费、会议费、
/// 培训费 table, with names broken over lines (`公务接` / `待费`, `公务` / `用车` / `购置` / `费`).
const RENDABAN_2018_HEADER: &[&str] = &[
    "                                “三公”经费",
    "                                公务用车购置及运行维护费",
    "                                          公务",
    "  合计                 因公出国                                  公务接      会议费        培训费",
    "                                          用车   公务用车运",
    "             小计      （境）费       小计                         待费",
    "                                          购置   行维护费",
    "                                           费",
];

/// `js-rendaban-2017-budget.layout.txt`, lines 764–777: `小` and `计` set apart on two lines,
/// `会议` over `费`.
const RENDABAN_2017_HEADER: &[&str] = &[
    "                                          “三公”经费",
    "                                         公务用车购置及运行维护费",
    "                                                                       会议",
    "                       因公",
    "   合计                                                                             培训费",
    "               小                                             公务接待",
    "                                                                      费",
    "                       出国",
    "            计                       小     公务用车购    公务用车运     费",
    "                      （境）费",
    "                                计          置费      行维护费",
];

fn read_pieces(lines: &[&str], measure: Measure) -> Vec<Piece> {
    lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| pieces(l, i, measure))
        .collect()
}

/// The leaf columns' names, left to right.
fn leaf_names(lines: &[&str]) -> Vec<String> {
    let ps = read_pieces(lines, Measure::CharGrid);
    let spans = spanning_cells(&ps);
    let members: Vec<usize> = (0..ps.len()).filter(|&i| !spans[i]).collect();
    leaves(&ps, &members)
        .iter()
        .map(|l| l.pieces.iter().map(|&i| ps[i].text.as_str()).collect())
        .collect()
}

fn spanning_names(lines: &[&str]) -> Vec<String> {
    let ps = read_pieces(lines, Measure::CharGrid);
    let spans = spanning_cells(&ps);
    (0..ps.len())
        .filter(|&i| spans[i])
        .map(|i| ps[i].text.clone())
        .collect()
}

fn parse(text: &str) -> Document {
    crate::parse::parse(&SourceFile::from_str("t.txt", text))
}

fn only_table(document: &Document) -> &Table {
    let tables: Vec<&Table> = document.tables().collect();
    assert_eq!(tables.len(), 1, "one table in {document:#?}");
    tables[0]
}

fn column_names(table: &Table) -> Vec<&str> {
    table.columns.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn pieces_split_at_wide_gaps_and_between_two_cells_of_chinese() {
    // `js-partyoffice-2018-budget-tables.layout.txt` line 346: two cells one space apart.
    let line = "                     （境）费               公务用车购 公务用车运行";
    let texts: Vec<String> = pieces(line, 0, Measure::CharGrid)
        .into_iter()
        .map(|p| p.text)
        .collect();
    assert_eq!(texts, ["（境）费", "公务用车购", "公务用车运行"]);
    // One space after a digit stays inside the cell.
    let texts: Vec<String> = pieces("  2024 年预算数    合计", 0, Measure::CharGrid)
        .into_iter()
        .map(|p| p.text)
        .collect();
    assert_eq!(texts, ["2024年预算数", "合计"]);
}

#[test]
fn a_name_spaced_out_across_its_cell_is_one_piece() {
    // `js-partyoffice-2018-budget-tables.layout.txt` line 116.
    let line = "   合     计     基本支出         项目支出";
    let texts: Vec<String> = pieces(line, 0, Measure::CharGrid)
        .into_iter()
        .map(|p| p.text)
        .collect();
    assert_eq!(texts, ["合计", "基本支出", "项目支出"]);
}

#[test]
fn pieces_start_at_their_character_index_or_display_column() {
    let line = "  合计   因公出国";
    let grid = pieces(line, 0, Measure::CharGrid);
    // `因公出国` starts at character 7; drawn 1.5 to 2 columns a character wide.
    assert_eq!((grid[1].x0, grid[1].x1, grid[1].x1_wide), (7.0, 13.0, 15.0));
    let display = pieces(line, 0, Measure::Display);
    assert_eq!((display[1].x0, display[1].x1), (9.0, 17.0));
}

#[test]
fn the_column_numbers_row_is_not_a_header_name() {
    let ps = pieces("      栏次     1     2     3", 0, Measure::CharGrid);
    assert_eq!(ordinal_row(&ps).map(<[Piece]>::len), Some(3));
    let ps = pieces("      合计     1     3", 0, Measure::CharGrid);
    assert!(ordinal_row(&ps).is_none());
}

#[test]
fn cells_over_several_columns_are_found() {
    assert_eq!(
        spanning_names(RENDABAN_2018_HEADER),
        ["“三公”经费", "公务用车购置及运行维护费"]
    );
    // `“三公”经费` stands over `公务用车购置及运行维护费`, which spans the car columns.
    assert_eq!(
        spanning_names(RENDABAN_2017_HEADER),
        ["“三公”经费", "公务用车购置及运行维护费"]
    );
}

#[test]
fn names_broken_over_lines_are_joined() {
    assert_eq!(
        leaf_names(RENDABAN_2018_HEADER),
        [
            "合计",
            "小计",
            "因公出国（境）费",
            "小计",
            "公务用车购置费",
            "公务用车运行维护费",
            "公务接待费",
            "会议费",
            "培训费"
        ]
    );
    assert_eq!(
        leaf_names(RENDABAN_2017_HEADER),
        [
            "合计",
            "小计",
            "因公出国（境）费",
            "小计",
            "公务用车购置费",
            "公务用车运行维护费",
            "公务接待费",
            "会议费",
            "培训费"
        ]
    );
}

/// Leaves at the given centres, for placing values.
fn leaves_at(centres: &[f64]) -> Vec<Leaf> {
    centres
        .iter()
        .map(|&c| Leaf {
            pieces: Vec::new(),
            x0: c - 2.0,
            x1: c + 2.0,
            x1_wide: c + 2.0,
            top: 0,
        })
        .collect()
}

#[test]
fn values_are_placed_by_position_not_order() {
    let leaves = leaves_at(&[5.0, 20.0, 35.0, 50.0]);
    let placed = place(&[(3.0, 7.0), (48.0, 52.0)], &leaves).expect("placed");
    assert_eq!(placed.candidates, vec![vec![0, 3]]);
}

#[test]
fn a_value_between_two_columns_keeps_both_placements() {
    let leaves = leaves_at(&[5.0, 20.0, 30.0]);
    let placed = place(&[(23.0, 27.0)], &leaves).expect("placed");
    assert_eq!(placed.candidates.len(), 2);
    assert!(placed.candidates.contains(&vec![1]));
    assert!(placed.candidates.contains(&vec![2]));
}

#[test]
fn horizontal_table_gets_its_header_paths() {
    let document = parse(include_str!(
        "../../../tests/fixtures/rules/three-public-sum/horizontal-layout.txt"
    ));
    let table = only_table(&document);
    assert_eq!(
        column_names(table),
        [
            "合计",
            "“三公”经费/小计",
            "“三公”经费/因公出国（境）费",
            "“三公”经费/公务用车购置及运行维护费/小计",
            "“三公”经费/公务用车购置及运行维护费/公务用车购置费",
            "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费",
            "“三公”经费/公务接待费",
            "会议费",
            "培训费",
        ]
    );
    let row = &table.rows[0];
    // 公务用车购置费 is empty: the value after 小计 183.60 is the 运行维护费 one.
    assert_eq!(row.placement, [0, 1, 2, 3, 5, 6, 7, 8]);
    assert_eq!(row.certainty, Certainty::Aligned);
    assert!(row.label.is_empty());
}

#[test]
fn vanished_empty_cells_do_not_shift_values_and_prose_is_not_a_row_name() {
    // `sh-putuo-finance-2025-budget.layout.txt` line 393: `0.95  0.95  229.43` under seven
    // columns; the next line `其他相关情况说明` is a heading of the prose below.
    let document = parse(include_str!(
        "../../../tests/fixtures/rules/three-public-sum/horizontal-empty-cells-layout.txt"
    ));
    let table = only_table(&document);
    assert_eq!(
        column_names(table),
        [
            "“三公”经费预算数/合计",
            "“三公”经费预算数/因公出国(境)费",
            "“三公”经费预算数/公务接待费",
            "“三公”经费预算数/公务用车购置及运行费/小计",
            "“三公”经费预算数/公务用车购置及运行费/购置费",
            "“三公”经费预算数/公务用车购置及运行费/运行费",
            "机关运行经费预算数",
        ]
    );
    assert_eq!(table.rows.len(), 1);
    let row = &table.rows[0];
    assert_eq!(row.placement, [0, 2, 6]);
    assert_eq!(row.certainty, Certainty::Aligned);
    assert!(row.label.is_empty());
    let prose = document.blocks.iter().any(|b| match b {
        Block::Paragraph(p) => p.text.text.contains("其他相关情况说明"),
        Block::Heading(h) => h.text.text.contains("其他相关情况说明"),
        _ => false,
    });
    assert!(prose, "{document:#?}");
}

#[test]
fn final_accounts_put_budget_and_actual_under_each_name() {
    let document = parse(include_str!(
        "../../../tests/fixtures/rules/three-public-sum/final-accounts-layout.txt"
    ));
    let table = only_table(&document);
    let names = column_names(table);
    assert_eq!(names.len(), 12);
    assert_eq!(names[0], "财政拨款“三公”经费/合计/预算数");
    assert_eq!(names[3], "财政拨款“三公”经费/因公出国（境）费/决算数");
    assert_eq!(
        names[7],
        "财政拨款“三公”经费/公务用车购置及运行维护费/公务用车购置费/决算数"
    );
    assert_eq!(names[11], "财政拨款“三公”经费/公务接待费/决算数");
    assert_eq!(table.rows[0].certainty, Certainty::Exact);
}

#[test]
fn a_value_printed_a_line_lower_joins_its_row() {
    // `js-rendaban-2017-budget.layout.txt` lines 782–783: 公务用车购置费 `0` a line below.
    let text = [
        "“三公”经费、会议费、培训费支出预算表",
        "部门：          江苏省人大常委会办公厅        单位：万元",
    ]
    .iter()
    .copied()
    .chain(RENDABAN_2017_HEADER.iter().copied())
    .chain([
        " 2,542.60    833.60    222.50   183.60              183.60   427.50   1,305.25    403.75",
        "                                            0",
        "",
    ])
    .collect::<Vec<_>>()
    .join("\n");
    let document = parse(&text);
    let table = only_table(&document);
    assert_eq!(table.columns.len(), 9);
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].values.len(), 9);
    assert_eq!(table.rows[0].certainty, Certainty::Exact);
    assert_eq!(table.columns[1].name, "“三公”经费/小计");
}

#[test]
fn a_header_whose_lines_do_not_line_up_with_its_values_is_not_read_as_a_grid() {
    // `fixtures/layouts/yiling-market-2023-final-aligned.txt` lines 240–248: the 决算数 half of
    // the header drifts left of its values, so its names cannot be trusted.
    let text = include_str!("../../../fixtures/layouts/yiling-market-2023-final-aligned.txt")
        .lines()
        .skip(239)
        .take(9)
        .collect::<Vec<_>>()
        .join("\n");
    let document = parse(&text);
    let table = only_table(&document);
    assert!(
        !table.columns.iter().any(|c| c.name.contains('/')),
        "{:?}",
        column_names(table)
    );
}

#[test]
fn text_aligned_for_display_is_read_with_chinese_characters_two_wide() {
    // The putuo-finance table (`sh-putuo-finance-2025-budget.layout.txt` line 380) as a tool
    // aligning for display would write it, with figures in four of its seven columns.
    let text = [
        "2025年部门“三公”经费和机关运行经费预算表",
        "编制部门：某某局                                                            单位:万元",
        "                                      “三公”经费预算数                                        机关运行经费",
        "                                                            公务用车购置及运行费                 预算数",
        "      合计       因公出国(境)费    公务接待费         小计         购置费        运行费",
        "",
        "      3.45                            1.20            2.25                        2.25           229.43",
        "其他相关情况说明",
        "一、2025年“三公”经费预算情况说明",
    ]
    .join("\n");
    let document = parse(&text);
    let table = only_table(&document);
    assert_eq!(
        column_names(table),
        [
            "“三公”经费预算数/合计",
            "“三公”经费预算数/因公出国(境)费",
            "“三公”经费预算数/公务接待费",
            "“三公”经费预算数/公务用车购置及运行费/小计",
            "“三公”经费预算数/公务用车购置及运行费/购置费",
            "“三公”经费预算数/公务用车购置及运行费/运行费",
            "机关运行经费预算数",
        ]
    );
    assert_eq!(table.rows[0].placement, [0, 2, 3, 5, 6]);
    assert_eq!(table.rows[0].certainty, Certainty::Aligned);
}

/// Lines `first..=last` (1-based) of a document, as one text.
fn cut(text: &str, first: usize, last: usize) -> String {
    text.lines()
        .skip(first - 1)
        .take(last + 1 - first)
        .collect::<Vec<_>>()
        .join("\n")
}

fn leaf_names_of(table: &Table) -> Vec<&str> {
    table.columns.iter().map(|c| c.leaf.as_str()).collect()
}

/// Each coded row's amounts by column name, for the rows with the given codes.
fn amounts(table: &Table, code: &str) -> Vec<(String, String)> {
    let row = table
        .rows
        .iter()
        .find(|r| r.code.as_ref().is_some_and(|c| c.code == code))
        .unwrap_or_else(|| panic!("no row {code}"));
    row.values
        .iter()
        .zip(&row.placement)
        .map(|(n, &c)| (table.columns[c].leaf.clone(), n.value.to_string()))
        .collect()
}

#[test]
fn a_vertical_table_gets_its_columns_from_a_header_of_two_lines() {
    // `putuo-planning-2024-final.txt` lines 222–262 (收入决算表): the names over the amounts,
    // `附属单位` over `上缴收入`, the code and name headers at the left; two of seven columns filled,
    // and the rows on the second page drawn a few columns further left.
    let text = cut(
        include_str!("../../../fixtures/corpus/putuo-planning-2024-final.txt"),
        222,
        262,
    );
    let document = parse(&text);
    let table = only_table(&document);
    assert_eq!(
        leaf_names_of(table),
        [
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入"
        ]
    );
    for code in ["208", "2080505", "212", "2120201"] {
        let placed = amounts(table, code);
        assert_eq!(placed[0].0, "本年收入合计", "{code}: {placed:?}");
        assert_eq!(placed[1].0, "财政拨款收入", "{code}: {placed:?}");
    }
    assert!(table.rows.iter().all(|r| r.certainty == Certainty::Aligned));
}

#[test]
fn the_column_numbers_row_counts_the_columns_and_a_group_stands_over_them() {
    // `fixtures/layouts/yiling-market-2023-final-aligned.txt` lines 45–78 (收入决算表) and
    // 164–197 (一般公共预算财政拨款支出决算表): `栏次 1 … 7` under the names, each number over its
    // column; `本年支出` over `小计 基本支出 项目支出`.
    let final_accounts =
        include_str!("../../../fixtures/layouts/yiling-market-2023-final-aligned.txt");
    let document = parse(&cut(final_accounts, 45, 78));
    let table = only_table(&document);
    assert_eq!(table.columns.len(), 7);
    assert_eq!(table.columns[0].name, "本年收入合计");
    assert_eq!(table.columns[6].name, "其他收入");
    // `2013850 事业运行 214.08 209.88 … 4.20`: the 4.20 is 其他收入, six columns on.
    assert_eq!(
        amounts(table, "2013850"),
        [
            ("本年收入合计".to_string(), "214.08".to_string()),
            ("财政拨款收入".to_string(), "209.88".to_string()),
            ("其他收入".to_string(), "4.20".to_string())
        ]
    );
    let document = parse(&cut(final_accounts, 164, 197));
    let table = only_table(&document);
    assert_eq!(
        column_names(table),
        ["本年支出/小计", "本年支出/基本支出", "本年支出/项目支出"]
    );
    // `201 38 04 市场主体管理 48.60 … 48.60`: 小计 and 项目支出, 基本支出 empty.
    assert_eq!(
        amounts(table, "2013804"),
        [
            ("小计".to_string(), "48.60".to_string()),
            ("项目支出".to_string(), "48.60".to_string())
        ]
    );
}

#[test]
fn a_header_of_three_lines_with_a_code_sub_header_and_a_group_over_one_column() {
    // `sh-putuo-finance-2025-budget.layout.txt` lines 190–232 (部门支出预算总表): `支出预算` drawn
    // right over `基本支出` is the group over all three amounts; `类 款 项` under `功能分类科目编码`
    // name the code, not amounts; the header printed again after the page break (lines 215–218)
    // is no row's name.
    let text = cut(
        include_str!("../../../fixtures/corpus/sh-putuo-finance-2025-budget.layout.txt"),
        190,
        232,
    );
    let document = parse(&text);
    let table = only_table(&document);
    assert_eq!(
        column_names(table),
        ["支出预算/合计", "支出预算/基本支出", "支出预算/项目支出"]
    );
    let names: Vec<String> = table.rows.iter().map(|r| r.name()).collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains("功能分类") && !n.contains("支出预算")),
        "{names:?}"
    );
    assert!(names.contains(&"其他行政事业单位养老支出".to_string()));
    assert!(names.contains(&"卫生健康支出".to_string()));
    // `201 06 02 一般行政管理事务 100,000.00 … 100,000.00`: 项目支出, not 基本支出.
    assert_eq!(
        amounts(table, "2010602"),
        [
            ("合计".to_string(), "100000.00".to_string()),
            ("项目支出".to_string(), "100000.00".to_string())
        ]
    );
}

#[test]
fn a_group_drawn_over_one_of_its_columns_spans_them_all() {
    // `sh-putuo-finance-2025-budget.layout.txt` lines 193–196.
    let header = [
        "                        项目                               支出预算",
        "功能分类科目编码",
        "                         功能分类科目名称        合计              基本支出            项目支出",
        "类     款    项",
    ];
    assert_eq!(spanning_names(&header), ["支出预算"]);
    // A name over the last column, nothing to its right: one name broken over two lines.
    let header = [
        "      合计       运行费        机关运行经费",
        "                                 预算数",
    ];
    assert!(spanning_names(&header).is_empty());
}

#[test]
fn two_tables_side_by_side_are_not_one_grid() {
    // `fixtures/layouts/yiling-market-2023-final-aligned.txt` lines 202–223: 人员经费 and 公用经费,
    // each with its own 科目编码 / 科目名称 / 决算数.
    let text = cut(
        include_str!("../../../fixtures/layouts/yiling-market-2023-final-aligned.txt"),
        202,
        223,
    );
    let document = parse(&text);
    let table = only_table(&document);
    assert!(
        !table.columns.iter().any(|c| c.name.contains("经费")),
        "{:?}",
        column_names(table)
    );
}

#[test]
fn without_readable_names_the_column_numbers_place_the_values() {
    // The 收入决算表 of `yiling-market-2023-final-aligned.txt` (lines 45–60) with the names of
    // its middle columns lost: the 栏次 row still counts seven columns and stands over them.
    let text = [
        "收入决算表",
        "部门：宜昌市夷陵区市场监督管理局                                                                          金额单位：万元",
        "                项目",
        "                                    本年收入",
        "   功能分类                             合计                                                                其他收入",
        "  科目编码          科目名称",
        "            栏次                           1            2            3           4          5           6           7",
        "            合计                    2,836.69     2,832.49                                                        4.20",
        " 201      一般公共服务支出          2,145.05     2,140.85                                                        4.20",
        " 20138    市场监督管理事务          2,145.05     2,140.85                                                        4.20",
        " 2013801  行政运行                  1,562.37     1,562.37",
        " 2013850  事业运行                    214.08       209.88                                                        4.20",
    ]
    .join("\n");
    let document = parse(&text);
    let table = only_table(&document);
    assert_eq!(table.columns.len(), 7);
    let row = |code: &str| {
        table
            .rows
            .iter()
            .find(|r| r.code.as_ref().is_some_and(|c| c.code == code))
            .expect("row")
    };
    assert_eq!(row("2013850").placement, [0, 1, 6]);
    assert_eq!(row("2013801").placement, [0, 1]);
    assert_eq!(row("2013801").certainty, Certainty::Aligned);
}

#[test]
fn a_total_column_named_left_of_its_right_aligned_amounts_is_read() {
    // `fixtures/unseen/yiling-agriculture-2025-budget.layout.txt` lines 95–121 (收入总表, a
    // Hubei-like 部门预算): `政府性基金预算拨款收` / `入` wrapped above and below the header
    // line, and `合计` standing left of where the widest amounts under it start.
    let text = cut(
        include_str!("../../../fixtures/unseen/yiling-agriculture-2025-budget.layout.txt"),
        95,
        121,
    );
    let document = parse(&text);
    let table = only_table(&document);
    assert_eq!(
        leaf_names_of(table),
        ["合计", "一般公共预算拨款收入", "政府性基金预算拨款收入"]
    );
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        amounts(table, "213"),
        [
            pair("合计", "108789.80"),
            pair("一般公共预算拨款收入", "96789.80"),
            pair("政府性基金预算拨款收入", "12000.00"),
        ]
    );
    assert_eq!(
        amounts(table, "208"),
        [
            pair("合计", "6543.20"),
            pair("一般公共预算拨款收入", "6543.20")
        ]
    );
}

#[test]
fn a_total_name_left_of_the_amounts_is_not_taken_into_a_group() {
    // `fixtures/probes/chaoyang-greening-2025-budget.layout.txt` lines 56–97 (收入总表):
    // `一般公共预算` / `拨款收入` stacked beside `上年结转`, `合计` left of the amounts. Read with
    // `合计` under `一般公共预算`, the 合计 column would not add up: the header is not taken so.
    let text = cut(
        include_str!("../../../fixtures/probes/chaoyang-greening-2025-budget.layout.txt"),
        56,
        97,
    );
    let document = parse(&text);
    let table = only_table(&document);
    assert!(
        table.columns.iter().all(|c| c.name != "一般公共预算/合计"),
        "{:?}",
        table.columns
    );
}

#[test]
fn two_names_centred_side_by_side_interleave_their_lines() {
    // `fixtures/unseen/dongtou-fishery-2026-budget.layout.txt` lines 74–101 (收入预算表, a
    // Zhejiang-like 单位预算): `一般公共预算拨款收入` on two lines and `政府性基金预算拨款收入` on
    // three, each centred in its cell, so their lines alternate (`政府性基金` / `一般公共预算拨款` /
    // `预算拨款收` / `收入` / `入`); the fund's column is empty in every row.
    let text = cut(
        include_str!("../../../fixtures/unseen/dongtou-fishery-2026-budget.layout.txt"),
        74,
        101,
    );
    let document = parse(&text);
    let table = only_table(&document);
    assert_eq!(
        leaf_names_of(table),
        [
            "合计",
            "一般公共预算拨款收入",
            "政府性基金预算拨款收入",
            "事业收入"
        ]
    );
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        amounts(table, "2080506"),
        [pair("合计", "13.82"), pair("一般公共预算拨款收入", "13.82")]
    );
    assert_eq!(
        amounts(table, "2130108"),
        [
            pair("合计", "46.56"),
            pair("一般公共预算拨款收入", "34.56"),
            pair("事业收入", "12.00")
        ]
    );
}

#[test]
fn a_total_under_the_caption_over_every_amount_column_is_read() {
    // `fixtures/unseen/dongtou-fishery-2026-budget.layout.txt` lines 167–192 (一般公共预算基本
    // 支出表, a Zhejiang-like 单位预算): `2026 年基本支出` over `合计 人员经费 公用经费`, `合计`
    // centred a few columns short of its right-aligned amounts, 经济分类 codes split `301 | 01`.
    let text = cut(
        include_str!("../../../fixtures/unseen/dongtou-fishery-2026-budget.layout.txt"),
        167,
        192,
    );
    let document = parse(&text);
    let table = only_table(&document);
    assert_eq!(leaf_names_of(table), ["合计", "人员经费", "公用经费"]);
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        amounts(table, "30101"),
        [pair("合计", "65.43"), pair("人员经费", "65.43")]
    );
    assert_eq!(
        amounts(table, "30231"),
        [pair("合计", "6.00"), pair("公用经费", "6.00")]
    );
}

#[test]
fn a_first_column_name_wider_than_its_amounts_names_them() {
    // A Sichuan-like 2026 budget's 三公 table (`-layout`): `2025 年预算数`, centred in its
    // cell, centres left of the short right-aligned amounts under it; the columns were `列1`…
    let text = "\
表7
                 一般公共预算“三公”经费支出表
               部门：某街道办事处                                   单位：万元

          项目       2025 年预算数       2026 年预算数       增减额            增减率
合计                        150.00          135.00         -15.00     -10.00%
1.因公出国（境）费                  0.00            0.00          0.00             —
2.公务用车购置及运行费              120.00          105.00         -15.00     -12.50%
其中：公务用车购置费                  0.00            0.00          0.00             —
     公务用车运行费              120.00          105.00         -15.00     -12.50%
3.公务接待费                    30.00           30.00          0.00          0.00%
";
    let document = parse(text);
    let table = only_table(&document);
    assert_eq!(
        column_names(table),
        ["2025年预算数", "2026年预算数", "增减额", "增减率"]
    );
    // Each amount under its own year.
    let total = &table.rows[0];
    assert_eq!(
        total.cell(1).flatten().map(|n| n.value.to_string()),
        Some("135.00".to_string())
    );
}

#[test]
fn a_name_wrapped_around_the_line_of_centred_cells_is_no_group() {
    // fixtures/unseen: a Chongqing-like 部门收入总表 printed by Chromium: the two-line names
    // `一般公共预算` / `拨款收入` and `政府性基金预` / `算拨款收入` stand above and below the
    // line of the one-line names centred in their cells (`合计`, `上年结转`, `其他收入`).
    let text = "\
                         2026年部门收入总表
                                                                                   单位：万元

               科目                                  一般公共预算 政府性基金预
                                合计        上年结转                          其他收入
   编码               名称                              拨款收入   算拨款收入
合计                              7155.51     0.00     6955.51   200.00     0.00
201       一般公共服务支出              4845.66              4845.66
20113     商贸事务                  4845.66              4845.66
229       其他支出                   200.00                        200.00
";
    let document = parse(text);
    assert_eq!(
        column_names(only_table(&document)),
        [
            "合计",
            "上年结转",
            "一般公共预算拨款收入",
            "政府性基金预算拨款收入",
            "其他收入"
        ]
    );
    assert!(spanning_names(&text.lines().skip(3).take(3).collect::<Vec<_>>()).is_empty());
}
