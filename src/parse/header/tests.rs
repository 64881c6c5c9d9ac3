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
