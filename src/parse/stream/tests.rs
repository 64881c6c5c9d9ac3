//! The stream reader on cut-downs of real budgets (plain `pdftotext` output).

use super::*;
use crate::parse::lines_of;
use crate::source::SourceFile;

/// Lines `from..=to` (1-based) of a corpus document, as written.
fn corpus_lines(name: &str, from: usize, to: usize) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/corpus")
        .join(name);
    let text = std::fs::read_to_string(path).expect("corpus file");
    text.split('\n')
        .skip(from - 1)
        .take(to - from + 1)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The table the stream reader reads after the first unit line, if it takes it.
fn stream_table(source: &SourceFile) -> Option<Table> {
    let lines = lines_of(source);
    let unit = lines
        .iter()
        .position(|l| lines::unit_line(l.text).is_some())
        .expect("a unit line");
    read(&lines, unit, &|_| false).map(|(mut tables, _, _)| tables.remove(0))
}

fn by_code<'t>(table: &'t Table, code: &str) -> &'t Row {
    table
        .rows
        .iter()
        .find(|r| r.code.as_ref().is_some_and(|c| c.code == code))
        .unwrap_or_else(|| panic!("no row {code}"))
}

/// The amount of `row` in the column called `column`, as a string.
fn amount(table: &Table, row: &Row, column: &str) -> Option<String> {
    let c = table.column_named(column).expect("the column");
    row.cell(c).flatten().map(|n| n.value.to_string())
}

#[test]
fn an_economic_table_in_three_columns_is_read_row_by_row() {
    // 经济分类 table of sh-putuo-wanli-2024-budget.plain.txt, in 元: 类 / 款 on two lines, then
    // the name, then 合计 / 人员经费 / 公用经费; the 类 row's code comes after its amounts.
    let text = corpus_lines("sh-putuo-wanli-2024-budget.plain.txt", 3357, 3748);
    let source = SourceFile::from_str("a.txt", &text);
    let table = stream_table(&source).expect("read as a stream");
    let names: Vec<&str> = table.columns.iter().map(|c| c.leaf.as_str()).collect();
    assert_eq!(names, ["合计", "人员经费", "公用经费"]);
    let salaries = by_code(&table, "30101");
    assert_eq!(salaries.name(), "基本工资");
    assert_eq!(amount(&table, salaries, "合计").as_deref(), Some("5873551"));
    assert_eq!(
        amount(&table, salaries, "人员经费").as_deref(),
        Some("5873551")
    );
    assert_eq!(amount(&table, salaries, "公用经费").as_deref(), Some("0"));
    // `301` / `2` / `津贴补贴`: the 款 was printed without its leading zero.
    let allowances = by_code(&table, "30102");
    assert_eq!(allowances.name(), "津贴补贴");
    assert_eq!(
        amount(&table, allowances, "合计").as_deref(),
        Some("16623810")
    );
    // `工资福利支出` and its amounts, then `301` (its code) and `301` / `01` (基本工资's).
    let wages = by_code(&table, "301");
    assert_eq!(wages.name(), "工资福利支出");
    assert_eq!(
        amount(&table, wages, "人员经费").as_deref(),
        Some("88282511")
    );
    let goods = by_code(&table, "302");
    assert_eq!(
        amount(&table, goods, "公用经费").as_deref(),
        Some("11168569")
    );
    // The total's amounts, then `303` / `303` / `02`, then `合计`.
    assert_eq!(by_code(&table, "303").name(), "对个人和家庭的补助");
    assert_eq!(by_code(&table, "30302").name(), "退休费");
    let total = table.rows.iter().find(|r| r.is_total()).expect("the total");
    assert_eq!(amount(&table, total, "合计").as_deref(), Some("99706020"));
    assert_eq!(
        amount(&table, total, "公用经费").as_deref(),
        Some("11168569")
    );
    assert_eq!(table.rows.len(), 32);
    assert!(table.rows.iter().all(|r| r.certainty == Certainty::Exact));
    // Every number points at its own line.
    for n in table.rows.iter().flat_map(|r| &r.values) {
        assert!(
            parse_amount(source.slice(n.span)).is_some_and(|(v, _)| v == n.value),
            "{n:?}"
        );
    }
}

#[test]
fn a_functional_table_gets_its_codes_back_from_the_blocks_pdftotext_moved() {
    // 支出预算总表 of sh-putuo-wanli-2024-budget.plain.txt, first page: the codes of the page's
    // rows come in a block (`201` / `05`, `201` / `05`, …), their 项 in another (`07` / `02` …),
    // the names and amounts after.
    let text = corpus_lines("sh-putuo-wanli-2024-budget.plain.txt", 1416, 1590);
    let source = SourceFile::from_str("a.txt", &text);
    let table = stream_table(&source).expect("read as a stream");
    let names: Vec<&str> = table.columns.iter().map(|c| c.leaf.as_str()).collect();
    assert_eq!(names, ["合计", "基本支出", "项目支出"]);
    let census = by_code(&table, "2010507");
    assert_eq!(census.name(), "专项普查活动");
    assert_eq!(amount(&table, census, "合计").as_deref(), Some("257700"));
    assert_eq!(amount(&table, census, "基本支出").as_deref(), Some("0"));
    assert_eq!(
        amount(&table, census, "项目支出").as_deref(),
        Some("257700")
    );
    assert_eq!(by_code(&table, "20105").name(), "统计信息事务");
    assert_eq!(by_code(&table, "2013402").name(), "一般行政管理事务");
    assert_eq!(by_code(&table, "20138").name(), "市场监督管理事务");
    let codes: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref().map(|c| c.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            "201", "20105", "2010507", "20129", "2012902", "20132", "2013202", "20133", "2013302",
            "20134", "2013402", "20138"
        ]
    );
}

#[test]
fn a_functional_table_with_empty_columns_is_cut_by_its_sums() {
    // 一般公共预算支出功能分类预算表 of sh-putuo-finance-2025-budget.plain.txt: rows with two of
    // three amounts, amounts of several rows in one run, 类 / 款 / 项 on three lines.
    let text = corpus_lines("sh-putuo-finance-2025-budget.plain.txt", 768, 1025);
    let source = SourceFile::from_str("a.txt", &text);
    let table = stream_table(&source).expect("read as a stream");
    let names: Vec<&str> = table.columns.iter().map(|c| c.leaf.as_str()).collect();
    assert_eq!(names, ["合计", "基本支出", "项目支出"]);
    // 20805's two amounts, then the next five rows' in one run: cut where each pair adds up.
    let pension = by_code(&table, "2080505");
    assert_eq!(pension.name(), "机关事业单位基本养老保险缴费支出");
    let values: Vec<String> = pension.values.iter().map(|n| n.value.to_string()).collect();
    assert_eq!(values, ["1748327.00", "1748327.00"]);
    // Two amounts for three columns: placed only where certain. Every row adds up 合计 first
    // under a header naming 合计 first, so the first is the 合计, the other 基本 or 项目支出.
    assert_eq!(pension.certainty, Certainty::Ambiguous);
    assert_eq!(pension.candidates, [vec![0, 1], vec![0, 2]]);
    let running = by_code(&table, "2010601");
    assert_eq!(running.certainty, Certainty::Exact);
    assert_eq!(
        amount(&table, running, "项目支出").as_deref(),
        Some("138514.80")
    );
    let total = table.rows.iter().find(|r| r.is_total()).expect("the total");
    assert_eq!(
        amount(&table, total, "合计").as_deref(),
        Some("31214205.80")
    );
    assert_eq!(
        amount(&table, total, "基本支出").as_deref(),
        Some("25121091.00")
    );
    assert_eq!(
        amount(&table, total, "项目支出").as_deref(),
        Some("6093114.80")
    );
}

#[test]
fn a_one_column_table_leaves_a_moved_amount_without_a_row() {
    // 财政拨款支出预算表 of js-highcourt-2017-budget.plain.txt: code, name and amount on lines of
    // their own; `2040599 其他法院支出`'s 910.00 comes six rows later. The reader does not give it
    // to the row next to it: it is left without a row, for the sums to place.
    let text = corpus_lines("js-highcourt-2017-budget.plain.txt", 536, 635);
    let source = SourceFile::from_str("a.txt", &text);
    let table = stream_table(&source).expect("read as a stream");
    assert_eq!(table.columns.len(), 1);
    assert_eq!(table.columns[0].leaf, "金额");
    let total = &table.rows[0];
    assert!(total.is_total());
    assert_eq!(total.values[0].value.to_string(), "28849.38");
    let court = by_code(&table, "2040501");
    assert_eq!(court.name(), "行政运行");
    assert_eq!(amount(&table, court, "金额").as_deref(), Some("11786.92"));
    assert!(by_code(&table, "2040599").values.is_empty());
    let orphan = table
        .rows
        .iter()
        .find(|r| r.code.is_none() && r.label.is_empty())
        .expect("the moved amount, without a row");
    assert_eq!(orphan.values[0].value.to_string(), "910.00");
    assert_eq!(
        by_code(&table, "22102").values[0].value.to_string(),
        "2989.14"
    );
}

#[test]
fn tables_with_a_row_on_each_line_are_left_to_the_line_reader() {
    let text = "表三2024年预算支出总表\n\n部门名称：某局 单位：万元\n\n科目编码 科目名称 合计 基本支出 项目支出\n\n合计 550.69 452.99 97.70\n\n210 卫生健康支出 466.99 369.29 97.70\n\n21015 医疗保障管理事务 446.47 348.77 97.70\n\n2101501 行政运行 64.09 64.09\n\n2101502 一般行政管理事务 45.19  45.19\n\n2101504 信息化建设 10.11  10.11\n";
    let source = SourceFile::from_str("a.txt", text);
    assert!(stream_table(&source).is_none());
}

#[test]
fn a_code_is_whole_or_split_over_lines() {
    let source = SourceFile::from_str(
        "a.txt",
        "301\n2\n津贴补贴\n30101\n基本工资\n208\n05\n01\n行政单位离退休\n",
    );
    let lines = lines_of(&source);
    let cells: Vec<Cell> = lines.iter().flat_map(cells_of).collect();
    let (g, used) = code_at(&cells, 0, false).expect("a split code");
    assert_eq!((g.code.as_str(), g.irregular, used), ("30102", true, 2));
    let (g, used) = code_at(&cells, 3, false).expect("a whole code");
    assert_eq!((g.code.as_str(), used), ("30101", 1));
    let (g, used) = code_at(&cells, 5, false).expect("类 / 款 / 项");
    assert_eq!((g.code.as_str(), g.irregular, used), ("2080501", false, 3));
    // A bare `500` right after a name still waiting for its amount (元) is the amount.
    let source = SourceFile::from_str("a.txt", "公务接待费\n500\n302\n17\n公务接待费\n");
    let lines = lines_of(&source);
    let cells: Vec<Cell> = lines.iter().flat_map(cells_of).collect();
    assert!(code_at(&cells, 1, true).is_none());
    assert_eq!(
        code_at(&cells, 2, true).map(|(g, _)| g.code),
        Some("30217".into())
    );
}

#[test]
fn a_run_is_cut_only_where_one_cutting_adds_up() {
    let source = SourceFile::from_str(
        "a.txt",
        "877,080.00\n877,080.00\n1,748,327.00\n1,748,327.00\n873,617.00\n873,617.00\n",
    );
    let lines = lines_of(&source);
    let cells: Vec<Cell> = lines.iter().flat_map(cells_of).collect();
    assert_eq!(cutting(&cells, 3, &[]), Some(vec![2, 2, 2]));
    // One figure misprinted: still one cutting with a single row that does not add up.
    let source = SourceFile::from_str(
        "a.txt",
        "877,091.00\n877,080.00\n1,748,327.00\n1,748,327.00\n873,617.00\n873,617.00\n",
    );
    let lines = lines_of(&source);
    let cells: Vec<Cell> = lines.iter().flat_map(cells_of).collect();
    assert_eq!(cutting(&cells, 3, &[]), Some(vec![2, 2, 2]));
    // Nothing adds up: no cutting.
    let source = SourceFile::from_str("a.txt", "1.00\n2.00\n3.00\n4.00\n5.00\n6.00\n");
    let lines = lines_of(&source);
    let cells: Vec<Cell> = lines.iter().flat_map(cells_of).collect();
    assert_eq!(cutting(&cells, 3, &[]), None);
}

#[test]
fn amounts_after_a_page_number_are_not_the_row_above() {
    // 一般公共预算支出预算表 of js-procuratorate-2018-budget.plain.txt: three rows without amounts,
    // then the page number `17` and their three amounts, left at the page's end.
    let text = corpus_lines("js-procuratorate-2018-budget.plain.txt", 826, 919);
    let source = SourceFile::from_str("a.txt", &text);
    let lines = lines_of(&source);
    let page_number = |l: &Line| l.text.trim() == "17";
    let (mut tables, furniture, _) = read(&lines, 0, &page_number).expect("read as a stream");
    let table = tables.remove(0);
    assert_eq!(furniture.len(), 1);
    for code in ["2080504", "2080505", "2080506"] {
        assert!(by_code(&table, code).values.is_empty(), "{code}");
    }
    let orphans: Vec<String> = table
        .rows
        .iter()
        .filter(|r| r.code.is_none() && r.label.is_empty())
        .map(|r| r.values[0].value.to_string())
        .collect();
    // The first is the total's (its label, `合` / `计`, is split among the header cells).
    assert_eq!(orphans, ["21940.96", "371.92", "1045.93", "418.37"]);
}

#[test]
fn a_wrapped_name_does_not_push_the_amounts_a_row_down() {
    // 财政拨款支出预算表 of js-rendaban-2018-budget.plain.txt: `2080505 机关事业单位基本养老保险缴费支`
    // / `出`, then 2080504's and 2080505's amounts one after the other, and 2080506's 232.01
    // after the page number `11`. The -layout text of the same PDF has 256.76, 580.01, 232.01.
    let text = corpus_lines("js-rendaban-2018-budget.plain.txt", 371, 512);
    let source = SourceFile::from_str("a.txt", &text);
    let document = crate::parse::parse(&source);
    let table = document
        .tables()
        .find(|t| {
            t.rows
                .iter()
                .any(|r| r.code.as_ref().is_some_and(|c| c.code == "2080505"))
        })
        .expect("the table");
    let amounts = |code: &str| -> Vec<String> {
        by_code(table, code)
            .values
            .iter()
            .map(|n| n.value.to_string())
            .collect()
    };
    assert_eq!(
        by_code(table, "2080505").name(),
        "机关事业单位基本养老保险缴费支出"
    );
    assert_eq!(amounts("2080504"), ["256.76"]);
    assert_eq!(amounts("2080505"), ["580.01"]);
    assert_eq!(amounts("2080506"), ["232.01"]);
    assert_eq!(amounts("20805"), ["1068.78"]);
}

/// A 收入预算表 cut down from fixtures/unseen/yiling-agriculture-2025-budget.plain.txt: 合计 /
/// 一般公共预算拨款收入 / 政府性基金预算拨款收入 (empty) / 事业收入, which only some rows fill.
/// Their 事业收入 comes after the row's other amounts (a run one longer than the commonest), and
/// 农业生产发展's after the last row. `grow` is added to 农业生产发展's 合计.
fn sparse_income_table(grow: &str) -> String {
    let total = format!("{grow}57678.80");
    let cells = [
        "单位：万元",
        "一般公共预算拨款收入",
        "政府性基金预算拨款收",
        "入",
        "74321.00",
        "62321.00",
        "12000.00",
        "合计",
        "208",
        "社会保障和就业支出",
        "6543.20",
        "6543.20",
        "20805",
        "行政事业单位养老支出",
        "6543.20",
        "6543.20",
        "213",
        "农林水支出",
        "63456.80",
        "51456.80",
        "12000.00",
        "21301",
        "农业农村",
        "63456.80",
        "51456.80",
        "12000.00",
        "2130104",
        "事业运行",
        "5778.00",
        "5778.00",
        "2130122",
        "农业生产发展",
        &total,
        "45678.80",
        "221",
        "住房保障支出",
        "4321.00",
        "4321.00",
        "22102",
        "住房改革支出",
        "4321.00",
        "4321.00",
        "12000.00",
    ];
    cells.join("\n\n") + "\n"
}

#[test]
fn a_column_only_some_rows_fill_is_read_when_the_sums_prove_it() {
    let source = SourceFile::from_str("a.txt", &sparse_income_table(""));
    let table = stream_table(&source).expect("read as a stream");
    assert_eq!(table.columns.len(), 3);
    // `入` is the tail of a header cell, not the first row's name.
    assert!(table.rows[0].is_total(), "{:?}", table.rows[0].label);
    assert_eq!(table.rows[0].values.len(), 3);
    let values = |code: &str| -> Vec<String> {
        by_code(&table, code)
            .values
            .iter()
            .map(|n| n.value.to_string())
            .collect()
    };
    assert_eq!(values("213"), ["63456.80", "51456.80", "12000.00"]);
    // The cell printed after the last row is the row it makes add up.
    assert_eq!(values("2130122"), ["57678.80", "45678.80", "12000.00"]);
    assert_eq!(values("22102"), ["4321.00", "4321.00"]);
    assert!(table.rows.iter().all(|r| !r.label.text.trim().is_empty()));
    // The whole document: the sums settle every row, and nothing is in doubt.
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    assert!(table.doubts.is_empty(), "{:?}", table.doubts);
    assert!(table.rows.iter().all(Row::is_settled));
    let placement = |code: &str| by_code(table, code).placement.clone();
    assert_eq!(placement("2130104"), [0, 1]);
    assert_eq!(placement("20805"), [0, 1]);
    assert_eq!(placement("2130122"), [0, 1, 2]);
}

#[test]
fn a_column_only_some_rows_fill_stays_in_doubt_when_the_sums_do_not_prove_it() {
    // 农业生产发展 short of 12100.00: the cell after the last row makes no row add up.
    let source = SourceFile::from_str("a.txt", &sparse_income_table("1"));
    let table = stream_table(&source).expect("read as a stream");
    assert_eq!(table.columns.len(), 2);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    assert!(
        table
            .doubts
            .iter()
            .any(|d| d.kind == crate::model::DoubtKind::OrphanNumbers),
        "{:?}",
        table.doubts
    );
}

#[test]
fn a_sparse_column_takes_the_names_the_header_prints_when_they_count_its_parts() {
    // 支出预算表 of fixtures/unseen/dongtou-fishery-2026-budget.plain.txt, cut down: 合计 is
    // printed above the unit line, 基本支出 / 项目支出 below it; 项目支出 only some rows fill.
    let cells = [
        "单位：万元",
        "基本支出",
        "项目支出",
        "789.64",
        "282.95",
        "506.69",
        "208",
        "社会保障和就业支出",
        "48.38",
        "48.38",
        "213",
        "农林水支出",
        "741.26",
        "234.57",
        "506.69",
        "2130104",
        "事业运行",
        "234.57",
        "234.57",
        "2130106",
        "科技转化与推广服务",
        "506.69",
        "506.69",
    ];
    let source = SourceFile::from_str("a.txt", &(cells.join("\n\n") + "\n"));
    let table = stream_table(&source).expect("read as a stream");
    let names: Vec<&str> = table.columns.iter().map(|c| c.leaf.as_str()).collect();
    assert_eq!(names, ["合计", "基本支出", "项目支出"]);
    let document = crate::parse::parse(&source);
    let table = document.tables().next().expect("a table");
    assert!(table.doubts.is_empty(), "{:?}", table.doubts);
    let project = by_code(table, "2130106");
    assert_eq!(
        amount(table, project, "项目支出").as_deref(),
        Some("506.69")
    );
    assert_eq!(amount(table, project, "基本支出"), None);
}

/// A 基本支出决算表 cut down from fixtures/unseen/chuanhui-resources-2024-final.plain.txt:
/// 30108's name wraps in its cell (`机关事业单位基本` / `养老保险缴费`, on the next line), its
/// amount after the tail. `amount` is 30108's.
fn wrapped_name_table(amount: &str) -> String {
    format!(
        "金额单位：元\n\n科目编码\n\n科目名称\n\n决算数\n\n301\n\n工资福利支出\n\n2,853,086.40\n\n\
         30101\n\n基本工资\n\n1,987,654.30\n\n30108\n\n机关事业单位基本\n养老保险缴费\n\n{amount}\n\n\
         302\n\n商品和服务支出\n\n56,789.00\n\n30201\n\n办公费\n\n56,789.00\n"
    )
}

#[test]
fn a_wrapped_name_read_as_two_rows_is_one_when_the_sums_prove_it() {
    let text = wrapped_name_table("865,432.10");
    let document = crate::parse::parse(&SourceFile::from_str("a.txt", &text));
    let table = document.tables().next().expect("the table");
    let row = by_code(table, "30108");
    assert_eq!(row.name(), "机关事业单位基本养老保险缴费");
    assert_eq!(
        row.values
            .iter()
            .map(|n| n.value.to_string())
            .collect::<Vec<_>>(),
        ["865432.10"]
    );
    assert!(table.rows.iter().all(|r| r.code.is_some()));
    assert!(table.doubts.is_empty(), "{:?}", table.doubts);
}

#[test]
fn a_wrapped_name_stays_two_rows_when_the_sums_do_not_prove_it() {
    // 301 no longer adds up with the tail's amount: which row it is cannot be told.
    let text = wrapped_name_table("765,432.10");
    let document = crate::parse::parse(&SourceFile::from_str("a.txt", &text));
    let table = document.tables().next().expect("the table");
    assert!(by_code(table, "30108").values.is_empty());
    assert!(
        table
            .doubts
            .iter()
            .any(|d| d.kind == crate::model::DoubtKind::CodesMissing),
        "{:?}",
        table.doubts
    );
}

/// A 支出决算表 cut down from fixtures/probes/shuyuan-street-2024-final.plain.txt: the 栏次 row
/// (`栏次` / `1` / `2` / `3`) after the column names, the total row's `合计` among them, 20103's
/// name wrapped over two lines, 2010399's over three. `after_total` is put after the total row's amounts.
fn numbered_table(after_total: &str) -> String {
    format!(
        "单位：元\n\n项目\n科目编码\n\n科目名称\n栏次\n\n合计\n\n本年支出合计\n\n基本支出\n\n项目支出\n\n\
         1\n\n2\n\n3\n\n11,588,666.05\n\n10,591,110.05\n\n997,556.00\n\n{after_total}\
         201\n\n一般公共服务支出\n\n11,588,666.05\n\n10,591,110.05\n\n997,556.00\n\n\
         20103\n\n政府办公厅（室）及\n相关机构事务\n\n11,588,666.05\n\n10,591,110.05\n\n997,556.00\n\n\
         2010301\n\n行政运行\n\n8,456,321.45\n\n8,456,321.45\n\n\
         2010350\n\n事业运行\n\n2,134,788.60\n\n2,134,788.60\n\n\
         2010399\n\n其他政府办公厅\n（室）及相关机构事\n务支出\n\n997,556.00\n\n997,556.00\n"
    )
}

#[test]
fn a_numbered_table_takes_its_columns_from_the_column_numbers() {
    let text = numbered_table("");
    let document = crate::parse::parse(&SourceFile::from_str("a.txt", &text));
    let table = document.tables().next().expect("the table");
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["本年支出合计", "基本支出", "项目支出"]);
    assert!(table.rows[0].is_total(), "{:?}", table.rows[0].label);
    assert_eq!(
        by_code(table, "20103").name(),
        "政府办公厅（室）及相关机构事务"
    );
    assert_eq!(
        by_code(table, "2010399").name(),
        "其他政府办公厅（室）及相关机构事务支出"
    );
    assert_eq!(
        amount(table, by_code(table, "2010301"), "基本支出").as_deref(),
        Some("8456321.45")
    );
    assert_eq!(
        amount(table, by_code(table, "2010399"), "项目支出").as_deref(),
        Some("997556.00")
    );
    assert!(table.doubts.is_empty(), "{:?}", table.doubts);
}

#[test]
fn a_numbered_table_with_a_column_number_left_over_is_not_read_as_a_stream() {
    // `4`: the table has more columns than the numbers before its rows count (pdftotext put
    // the right-hand columns' header after the table); so does a row that does not add up.
    assert!(stream_table(&SourceFile::from_str("a.txt", &numbered_table(""))).is_some());
    assert!(stream_table(&SourceFile::from_str("a.txt", &numbered_table("4\n\n"))).is_none());
    let short = numbered_table("").replace("\n\n2,134,788.60\n", "\n");
    assert!(stream_table(&SourceFile::from_str("a.txt", &short)).is_none());
}

/// Lines of a text with the blank line plain `pdftotext` prints between cells.
fn cells_text(cells: &[&str]) -> String {
    cells.join("\n\n")
}

#[test]
fn rows_run_together_that_add_up_show_the_header_count_of_columns() {
    // A Sichuan 一般公共预算支出表 in plain text: most rows print two of the three columns
    // (合计 and one of 基本支出 / 项目支出); the total row and the first subject's row run
    // together before its code. Each piece of three is a total and its parts: three columns.
    let mut cells = vec![
        "部门：某街道办事处",
        "科目编码",
        "科目名称",
        "合计",
        "单位：万元",
        "合计",
        "基本支出",
        "项目支出",
        "38965.20",
        "22882.40",
        "16082.80",
        "16723.90",
        "15802.30",
        "921.60",
        "201",
        "一般公共服务支出",
    ];
    let rows = [
        ("20101", "人大事务", "120.00"),
        ("2010108", "代表工作", "120.00"),
        ("2010301", "行政运行", "12345.60"),
        ("2010350", "事业运行", "3456.70"),
    ];
    for (code, name, amount) in &rows {
        cells.extend([*code, *name, *amount, *amount]);
    }
    let source = SourceFile::from_str("a.txt", &cells_text(&cells));
    let table = stream_table(&source).expect("a table");
    let names: Vec<&str> = table.columns.iter().map(|c| c.leaf.as_str()).collect();
    assert_eq!(names, ["合计", "基本支出", "项目支出"]);
    // When the pieces do not add up, the run says nothing and two amounts a row say two.
    let mut off = cells.clone();
    off[10] = "16082.90";
    let source = SourceFile::from_str("a.txt", &cells_text(&off));
    let table = stream_table(&source).expect("a table");
    assert_eq!(table.columns.len(), 2);
}
