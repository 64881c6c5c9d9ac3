//! Reading cells from spaced text: runs, glued amounts, segments.

use super::*;

/// The kind and text of every token of a line.
fn tokens(line: &str) -> Vec<(Kind, &str)> {
    let (toks, _) = tokenize(line, 0);
    toks.iter()
        .map(|t| (t.kind.clone(), &line[t.start..t.end]))
        .collect()
}

fn amount(value: &str, decimals: u32) -> Kind {
    Kind::Num(Some((value.parse().expect("a decimal"), decimals)))
}

#[test]
fn an_amount_glued_to_the_next_label_is_split_off() {
    // tunliu-2024-budget.txt line 77, plain text.
    assert_eq!(
        tokens("一、一般公共预算 529.12一、一般公共服务支出"),
        [
            (Kind::Text, "一、一般公共预算"),
            (amount("529.12", 2), "529.12"),
            (Kind::Text, "一、一般公共服务支出"),
        ]
    );
    // The same line of another budget, with a thousands separator.
    assert_eq!(
        tokens("一、一般公共预算 4,540.73一、一般公共服务支出"),
        [
            (Kind::Text, "一、一般公共预算"),
            (amount("4540.73", 2), "4,540.73"),
            (Kind::Text, "一、一般公共服务支出"),
        ]
    );
}

#[test]
fn a_total_row_with_its_amount_glued_to_the_other_half() {
    // tunliu-2024-budget.txt line 164, figures of another budget.
    assert_eq!(
        tokens("本年收入合计 4540.73本年支出合计 4540.73 4540.73"),
        [
            (Kind::Text, "本年收入合计"),
            (amount("4540.73", 2), "4540.73"),
            (Kind::Text, "本年支出合计"),
            (amount("4540.73", 2), "4540.73"),
            (amount("4540.73", 2), "4540.73"),
        ]
    );
    assert_eq!(
        tokens("上年结转 21.57年终结转"),
        [
            (Kind::Text, "上年结转"),
            (amount("21.57", 2), "21.57"),
            (Kind::Text, "年终结转"),
        ]
    );
}

#[test]
fn an_integer_amount_in_yuan_glued_to_the_next_label_is_split_off() {
    // sh-putuo-wanli-2024-budget.plain.txt line 217: amounts in 元, thousands separators.
    assert_eq!(
        tokens("156,211,123一、一般公共服务支出"),
        [
            (amount("156211123", 0), "156,211,123"),
            (Kind::Text, "一、一般公共服务支出"),
        ]
    );
    assert_eq!(
        tokens("-3.50二、项目支出"),
        [(amount("-3.50", 2), "-3.50"), (Kind::Text, "二、项目支出")]
    );
}

#[test]
fn enumerators_years_and_bare_integers_stay_text() {
    assert_eq!(tokens("1.一般公共预算"), [(Kind::Text, "1.一般公共预算")]);
    assert_eq!(tokens("2024年预算"), [(Kind::Text, "2024年预算")]);
    assert_eq!(tokens("17出"), [(Kind::Text, "17出")]);
    assert_eq!(tokens("1,2万元"), [(Kind::Text, "1,2万元")]);
}

#[test]
fn the_header_over_the_two_halves_of_a_statement() {
    assert!(is_two_sided_header(
        "收入                                    支出"
    ));
    assert!(is_two_sided_header("收 入 支 出"));
    // sh-putuo-wanli-2024-budget.layout.txt line 187, sh-putuo-finance-2025 line 236.
    assert!(is_two_sided_header(
        "本年收入                                   本年支出"
    ));
    assert!(is_two_sided_header(
        "财政拨款收入                                           财政拨款支出"
    ));
    assert!(is_two_sided_header("本年收入 本年支出"));
    assert!(!is_two_sided_header("项目 本年收入 本年支出"));
    assert!(!is_two_sided_header("收入预算总表"));
    assert!(!is_two_sided_header("本年收入合计 本年支出合计 结余"));
}

/// The lines of a small text, as the table readers see them.
fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    text.split('\n')
        .enumerate()
        .map(|(index, t)| {
            let line = Line {
                index,
                span: Span::new(start, start + t.len()),
                text: t,
                page_start: false,
            };
            start += t.len() + 1;
            line
        })
        .collect()
}

/// Read every line after the unit line (the first) with a [`TableReader`], as `read` does.
fn read_rows<'r, 'a>(reader: &mut TableReader<'r, 'a>, lines: &[Line]) -> Vec<Extent> {
    (1..lines.len()).map(|i| reader.read_line(i)).collect()
}

#[test]
fn a_name_after_a_coded_row_with_amounts_is_that_rows_name() {
    // Plain text, one cell per line: code, amount, then the name.
    let lines = lines_of("单位：万元\n科目编码 科目名称 金额\n302\n1579.38\n商品和服务支出");
    let mut reader = TableReader::new(Layout::Plain, &lines, 0, &|_| false);
    read_rows(&mut reader, &lines);
    assert_eq!(reader.header_lines, [1]);
    let [row] = reader.raw.as_slice() else {
        panic!("one row, not {:?}", reader.raw);
    };
    assert_eq!(row.code.as_ref().map(|c| c.code.as_str()), Some("302"));
    assert_eq!(row.label.text, "商品和服务支出");
    assert_eq!(row.slots.len(), 1);
}

#[test]
fn the_wrapped_end_of_a_coded_rows_name_arrives_with_its_numbers() {
    let lines = lines_of(
        "单位：万元\n科目编码 科目名称 合计 基本支出\n\
         2080505 机关事业单位基本养老保险缴费\n支出 198.36 198.36",
    );
    let mut reader = TableReader::new(Layout::Plain, &lines, 0, &|_| false);
    read_rows(&mut reader, &lines);
    let [row] = reader.raw.as_slice() else {
        panic!("one row, not {:?}", reader.raw);
    };
    assert_eq!(row.label.text, "机关事业单位基本养老保险缴费支出");
    assert_eq!(row.slots.len(), 2);
    assert_eq!(reader.last_row_line, Some(3));
}

#[test]
fn a_plain_statement_line_is_placed_on_its_side() {
    let lines = lines_of("单位：元\n八、城乡社区支出 119,385,303\n一、一般公共预算 529.12");
    let mut reader = TableReader::new(Layout::Plain, &lines, 0, &|_| false);
    let mut side = |i: usize| {
        let segs = reader.segments_of(lines[i]);
        let label = segs[0].label_text(lines[i]);
        reader.side_of(&segs[0], 0, segs.len(), label.as_ref())
    };
    // Alone on its line, an expenditure line is the right half's.
    assert_eq!(side(1), Side::Expenditure);
    assert_eq!(side(2), Side::Income);
}

#[test]
fn a_sentence_ends_the_table() {
    let lines = lines_of("单位：万元\n项目 金额\n合计 12.00\n以上数据为预算数。");
    let mut reader = TableReader::new(Layout::Plain, &lines, 0, &|_| false);
    assert_eq!(
        read_rows(&mut reader, &lines),
        [Extent::Continues, Extent::Continues, Extent::Ends]
    );
    assert_eq!(reader.header.len(), 1);
    assert_eq!(reader.raw.len(), 1);
}

#[test]
fn a_year_written_apart_from_its_nian_starts_a_label() {
    // A project row of a 项目支出 table in `-layout` text: `2025` is the label's year, not an
    // amount; the amounts follow after the run of spaces.
    assert_eq!(
        tokens("2025 年医保经办经费                                            30.00    30.00"),
        [
            (Kind::Text, "2025 年医保经办经费"),
            (amount("30.00", 2), "30.00"),
            (amount("30.00", 2), "30.00"),
        ]
    );
    // A year before a label further right is joined too, an amount before it is not.
    assert_eq!(
        tokens("合计   12.50   2024 年结转"),
        [
            (Kind::Text, "合计"),
            (amount("12.50", 2), "12.50"),
            (Kind::Text, "2024 年结转"),
        ]
    );
}

#[test]
fn a_title_before_a_padded_form_number_ends_the_table() {
    // tunliu-2024-budget.txt lines 166-171 as a tool that pads every line gives them: the
    // trailing spaces of the form number are no empty cells of a row.
    let lines = lines_of(
        "收入总计 550.69支出总计 550.69 529.12 21.57   \n 表二2024年预算收入总表   \n\n       预算公开表2   \n\n2024年预算收入总表   ",
    );
    let none = |_: &Line| false;
    assert_eq!(interruption(&lines, 1, &none), Interruption::End);
    // A row whose empty last cells left spaces still follows a repeated title.
    let lines = lines_of(" 表二2024年预算收入总表\n一、一般公共预算    ");
    assert_eq!(interruption(&lines, 0, &none), Interruption::PageHeader);
}

#[test]
fn a_numbered_title_ends_the_table_without_a_page_break() {
    // js-procuratorate-2018-budget.layout.txt lines 384-399 with the form feed taken out.
    let lines = lines_of(
        "  合计   14.39\n\n                                    14\n公开 03 表：支出预算总表\n\n部门名称：江苏省人民检察院     单位：万元",
    );
    let none = |_: &Line| false;
    assert_eq!(interruption(&lines, 3, &none), Interruption::End);
}

#[test]
fn a_rate_with_its_percent_sign_is_one_cell_holding_no_amount() {
    // A 三公 table with 增减额 and 增减率 columns (a Sichuan-like 2026 budget, `-layout`): the
    // rate was split into `-10.00` (an amount) and `%` (a row's name).
    assert_eq!(
        tokens("合计                 150.00     135.00    -15.00     -10.00%"),
        [
            (Kind::Text, "合计"),
            (amount("150.00", 2), "150.00"),
            (amount("135.00", 2), "135.00"),
            (amount("-15.00", 2), "-15.00"),
            (Kind::Num(None), "-10.00%"),
        ]
    );
    assert_eq!(
        tokens("3.公务接待费     30.00     30.00     0.00     0.00％"),
        [
            (Kind::Text, "3.公务接待费"),
            (amount("30.00", 2), "30.00"),
            (amount("30.00", 2), "30.00"),
            (amount("0.00", 2), "0.00"),
            (Kind::Num(None), "0.00％"),
        ]
    );
}

fn header(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

#[test]
fn a_header_line_naming_as_many_columns_as_the_rows_names_them() {
    // tunliu-2024-budget.txt, 支出总表: the last header line names the three columns.
    let names = column_names(
        &header(&[
            "项目 2024年预算数",
            "科目编码 科目名称 合计 基本支出 项目支出",
        ]),
        3,
    );
    assert_eq!(
        names.as_deref(),
        Some(&["合计".to_string(), "基本支出".into(), "项目支出".into()][..])
    );
    // A name wrapped in its cell ends on the line below: still three columns.
    let names = column_names(
        &header(&["科目编码 科目名称 合计 一般公共预算 政府性基", "金"]),
        3,
    );
    assert_eq!(names.map(|n| n.len()), Some(3));
}

#[test]
fn a_header_naming_more_columns_below_that_line_leaves_them_unnamed() {
    // tunliu-2024-budget.txt, 收入总表, with one space between cells (what an extractor without
    // layout prints): the rows' widest count is 3 (`合计 529.12 529.12 21.57`, the last one
    // 上年结转), but the header names seven amount columns, five of them on the lines below the
    // one naming three. Naming the rows' three after that line put 21.57 under 政府性基金.
    let lines = header(&[
        "项目 本年收入",
        "上年结转",
        "科目编码 科目名称 合计 一般公共预算 政府性基金",
        "国有资本经营预",
        "算",
        "财政专户管理资",
        "金",
        "单位资金",
    ]);
    assert_eq!(column_names(&lines, 3), None);
    assert_eq!(named_below(&lines[2..]), 6);
}

#[test]
fn a_rate_glued_to_the_next_label_ends_at_its_percent_sign() {
    // A 收支总表 line as pdfplumber prints it: `增减%` of the income half, then the spending half.
    assert_eq!(
        tokens("本年收入合计 130135.77 121436.94 -8698.83 -6.7%本年支出合计 131370.33"),
        [
            (Kind::Text, "本年收入合计"),
            (amount("130135.77", 2), "130135.77"),
            (amount("121436.94", 2), "121436.94"),
            (amount("-8698.83", 2), "-8698.83"),
            (Kind::Num(None), "-6.7%"),
            (Kind::Text, "本年支出合计"),
            (amount("131370.33", 2), "131370.33"),
        ]
    );
}

#[test]
fn an_amount_glued_to_the_next_groups_code_is_split_off() {
    // westlake-culture-2023-final, 基本支出 table of two groups, as pdfplumber prints it.
    assert_eq!(
        tokens("30103 奖金 42.1030206 电费 99.34"),
        [
            (Kind::Digits, "30103"),
            (Kind::Text, "奖金"),
            (amount("42.10", 2), "42.10"),
            (Kind::Digits, "30206"),
            (Kind::Text, "电费"),
            (amount("99.34", 2), "99.34"),
        ]
    );
    // The code's name wrapped onto the lines around: its amount follows the code.
    assert_eq!(
        tokens("30199 1,286.44 30215 会议费 87.6531007 123.45")[4..],
        [
            (amount("87.65", 2), "87.65"),
            (Kind::Digits, "31007"),
            (amount("123.45", 2), "123.45"),
        ]
    );
}

#[test]
fn long_decimals_are_not_split_without_the_shape_of_a_code() {
    // Not a coded row: nothing to split by.
    assert_eq!(
        tokens("合计 42.1030206 电费"),
        [
            (Kind::Text, "合计"),
            (amount("42.1030206", 7), "42.1030206"),
            (Kind::Text, "电费"),
        ]
    );
    // The digits past two decimals are not a code of the row's classification (3xx).
    assert_eq!(
        tokens("30103 奖金 42.1020206 电费")[2],
        (amount("42.1020206", 7), "42.1020206")
    );
    // The last figure of the line: nothing follows it.
    assert_eq!(
        tokens("30103 奖金 42.1030206")[2],
        (amount("42.1030206", 7), "42.1030206")
    );
}
