//! `budlint inspect` on cut-downs of the real documents in `fixtures/corpus/`.
//!
//! Every cut-down in `tests/fixtures/inspect/` is printed by the built binary, from inside that
//! directory, in both formats, and must equal the expected files next to it byte for byte:
//! `<file>.human.expected` (`--lang en`) and `<file>.json.expected`. One file also has a Chinese
//! snapshot (`<file>.human-zh.expected`). `BLESS=1 cargo test --test inspect` rewrites them;
//! review the diff before committing: a snapshot shows the reading as it is, mistakes included.
//!
//! [`FIXTURES`] records where each cut-down comes from, and a test checks the lines still match.
//! Facts every reader of these documents should agree on are asserted on the JSON as well, so
//! that a change in the reading fails with a message saying what was lost.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A cut-down: its file name, the corpus document and the 1-based line ranges (inclusive) it is
/// made of, joined by one blank line.
struct Fixture {
    name: &'static str,
    source: &'static str,
    lines: &'static [(usize, usize)],
}

const FIXTURES: &[Fixture] = &[
    // Plain text; a 三公 table whose first two rows (no amounts) are read as header lines.
    Fixture {
        name: "three-public-plain.txt",
        source: "tunliu-2024-budget.txt",
        lines: &[(641, 668)],
    },
    // `pdftotext -layout`, final accounts: 预算数 / 决算数 pairs under a header on six lines.
    Fixture {
        name: "three-public-final-aligned.txt",
        source: "putuo-planning-2024-final.txt",
        lines: &[(535, 547)],
    },
    // Plain text, coded expenditure table: rows placed by the spaces empty cells leave.
    Fixture {
        name: "expenditure-plain.txt",
        source: "tunliu-2024-budget.txt",
        lines: &[(221, 265)],
    },
    // Plain text, side-by-side 财政拨款收支总表: two tables, two ambiguous total rows.
    Fixture {
        name: "statement-plain.txt",
        source: "tunliu-2024-budget.txt",
        lines: &[(266, 402)],
    },
    // `pdftotext -layout`, 收入支出决算总表 split into income and expenditure.
    Fixture {
        name: "statement-final-aligned.txt",
        source: "putuo-planning-2024-final.txt",
        lines: &[(189, 221)],
    },
    // `pdftotext -layout`, Jiangsu 收支预算总表 in three parts (income, 功能分类, 支出用途), labels
    // wrapped in every part and a 支出用途 amount printed on a 功能分类 line.
    Fixture {
        name: "statement-three-part-aligned.txt",
        source: "js-rendaban-2018-budget.layout.txt",
        lines: &[(150, 187)],
    },
    // Plain text: economic items without codes, page number, running header, the watermark split
    // over three lines, a table marked 本表无数据 and its note.
    Fixture {
        name: "economic-furniture-plain.txt",
        source: "tunliu-2024-budget.txt",
        lines: &[(452, 560)],
    },
    // Tab-separated: a coded expenditure table, a 三公 table with no data, 机关运行经费.
    Fixture {
        name: "tabbed.md",
        source: "tunliu-2025-budget.md",
        lines: &[(162, 185), (323, 349)],
    },
    // Pipe tables: codes split over 类/款/项, a table continued after its repeated header,
    // economic codes with a second classification, a 三公 table of twelve columns.
    Fixture {
        name: "piped.md",
        source: "dongchangfu-2024-budget.md",
        lines: &[(181, 260)],
    },
    // Plain text, one cell per line: `2040599 其他法院支出` loses its 910.00, which comes six
    // rows later; the reader gives it back (the sums confirm it).
    Fixture {
        name: "moved-cell-plain.txt",
        source: "js-highcourt-2017-budget.plain.txt",
        lines: &[(536, 635)],
    },
    // `pdftotext -layout`, final accounts: 收入决算表 under a header of two lines (`附属单位` over
    // `上缴收入`), seven columns of which two are filled, rows of the second page drawn further
    // left.
    Fixture {
        name: "revenue-final-aligned.txt",
        source: "putuo-planning-2024-final.txt",
        lines: &[(222, 279)],
    },
    // `pdftotext -layout`: `支出预算` drawn over `基本支出` (a group over the three amounts), the
    // code sub-header `类 款 项`, the header printed again after a page break.
    Fixture {
        name: "expenditure-repeated-header-aligned.txt",
        source: "sh-putuo-finance-2025-budget.layout.txt",
        lines: &[(190, 232)],
    },
    // Plain text, one cell per line: three rows without amounts, a page number (`17`: cut off
    // from the other pages, but no amount in a table of decimals) and three amounts without a
    // row, given back in order (the sums confirm it).
    Fixture {
        name: "doubtful-plain.txt",
        source: "js-procuratorate-2018-budget.plain.txt",
        lines: &[(819, 919)],
    },
    // Plain text, one cell per line: 差旅费's amount comes after 专用材料费's; giving it back,
    // or shifting the amounts in between, adds up the same, so the table is read in doubt.
    Fixture {
        name: "siblings-in-doubt-plain.txt",
        source: "js-highcourt-2017-budget.plain.txt",
        lines: &[(1155, 1267)],
    },
    // Plain text, one cell per line, three amount columns in 元: 类 / 款 on consecutive lines,
    // a 款 printed without its leading zero (`301` / `2`), a 类 code emitted after its row's
    // amounts, the total's label after its amounts at the end.
    Fixture {
        name: "stream-economic-plain.txt",
        source: "sh-putuo-wanli-2024-budget.plain.txt",
        lines: &[(3357, 3748)],
    },
    // Plain text, one cell per line, 类 / 款 / 项: a page's codes emitted in a block, amounts
    // before their names, runs of amounts cut by the sums, rows with two of three amounts, the
    // header repeated on the next page, the total's label between its amounts.
    Fixture {
        name: "stream-functional-plain.txt",
        source: "sh-putuo-finance-2025-budget.plain.txt",
        lines: &[(768, 1025)],
    },
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_dir() -> PathBuf {
    root().join("tests/fixtures/inspect")
}

fn budlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_budlint"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("budlint runs")
}

/// `budlint --isolated inspect ARGS… FILE` in the fixtures directory; it must succeed.
fn inspect(file: &str, args: &[&str]) -> String {
    let mut all = vec!["--isolated", "inspect"];
    all.extend_from_slice(args);
    all.push(file);
    let out = budlint(&fixtures_dir(), &all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn json(file: &str) -> Value {
    serde_json::from_str(&inspect(file, &["--format", "json"])).expect("valid JSON")
}

#[test]
fn every_fixture_matches_its_snapshots() {
    let bless = "BLESS=1 cargo test --test inspect";
    let mut problems = Vec::new();
    for fixture in FIXTURES {
        let dir = fixtures_dir();
        let snapshots = [
            ("human", inspect(fixture.name, &["--lang", "en"])),
            ("json", inspect(fixture.name, &["--format", "json"])),
        ];
        for (format, actual) in snapshots {
            let path = dir.join(format!("{}.{format}.expected", fixture.name));
            problems.extend(common::check_snapshot(&path, &actual, bless));
        }
    }
    let zh = "three-public-plain.txt";
    let path = fixtures_dir().join(format!("{zh}.human-zh.expected"));
    problems.extend(common::check_snapshot(
        &path,
        &inspect(zh, &["--lang", "zh"]),
        bless,
    ));
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn every_fixture_is_listed_and_still_cut_from_its_source() {
    let mut listed: Vec<&str> = FIXTURES.iter().map(|f| f.name).collect();
    listed.sort_unstable();
    let mut documents: Vec<String> = fs::read_dir(fixtures_dir())
        .expect("the fixtures directory")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".md"))
        .collect();
    documents.sort_unstable();
    assert_eq!(
        documents, listed,
        "every document in the directory is listed"
    );

    for fixture in FIXTURES {
        let source = fs::read_to_string(root().join("fixtures/corpus").join(fixture.source))
            .expect("the corpus document");
        let lines: Vec<&str> = source.split('\n').collect();
        let parts: Vec<String> = fixture
            .lines
            .iter()
            .map(|&(first, last)| lines[first - 1..last].join("\n"))
            .collect();
        let expected = format!("{}\n", parts.join("\n\n"));
        let actual = fs::read_to_string(fixtures_dir().join(fixture.name)).expect("the fixture");
        assert!(
            actual == expected,
            "{} is no longer lines {:?} of {}",
            fixture.name,
            fixture.lines,
            fixture.source
        );
    }
}

/// Tables in a reading, by title.
fn tables<'a>(reading: &'a Value, title: &str) -> Vec<&'a Value> {
    blocks(reading)
        .iter()
        .filter(|b| b["kind"] == "table" && b["title"]["text"] == title)
        .collect()
}

fn blocks(reading: &Value) -> &Vec<Value> {
    reading["files"][0]["blocks"]
        .as_array()
        .expect("a blocks array")
}

/// The first table of the first file read.
fn first_table(reading: &Value) -> &Value {
    blocks(reading)
        .iter()
        .find(|b| b["kind"] == "table")
        .expect("a table")
}

/// The leaf names of a table's columns.
fn leaves(table: &Value) -> Vec<&str> {
    table["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["leaf"].as_str().expect("a leaf"))
        .collect()
}

fn rows(table: &Value) -> &Vec<Value> {
    table["rows"].as_array().expect("a rows array")
}

fn row<'a>(table: &'a Value, code: &str) -> &'a Value {
    rows(table)
        .iter()
        .find(|r| r["code"]["code"] == code)
        .unwrap_or_else(|| panic!("no row with code {code}"))
}

fn row_labelled<'a>(table: &'a Value, label: &str) -> &'a Value {
    rows(table)
        .iter()
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("no row labelled {label}"))
}

/// The amount a row holds in the column called `column` (its name or its leaf), as written.
fn amount(table: &Value, row: &Value, column: &str) -> Option<String> {
    let index = table["columns"]
        .as_array()
        .expect("a columns array")
        .iter()
        .position(|c| c["name"] == column || c["leaf"] == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    row["values"]
        .as_array()
        .expect("a values array")
        .iter()
        .find(|v| v["column"] == index)
        .map(|v| v["value"].as_str().expect("a string value").to_string())
}

#[test]
fn plain_coded_rows_are_placed_by_the_spaces_empty_cells_leave() {
    let reading = json("expenditure-plain.txt");
    assert_eq!(reading["files"][0]["layout"], "plain");
    let [table] = tables(&reading, "2024年预算支出总表")[..] else {
        panic!("one 支出总表");
    };
    assert_eq!(table["unit"], "wan_yuan");
    // `2101501 行政运行 64.09 64.09  `: the run of spaces at the end is the empty 项目支出.
    let admin = row(table, "2101501");
    assert_eq!(admin["label"], "行政运行");
    assert_eq!(admin["certainty"], "spacing");
    assert_eq!(amount(table, admin, "合计").as_deref(), Some("64.09"));
    assert_eq!(amount(table, admin, "基本支出").as_deref(), Some("64.09"));
    assert_eq!(amount(table, admin, "项目支出"), None);
    // `2101502 一般行政管理事务 45.19  45.19`: the gap is the empty 基本支出.
    let general = row(table, "2101502");
    assert_eq!(amount(table, general, "基本支出"), None);
    assert_eq!(amount(table, general, "项目支出").as_deref(), Some("45.19"));
    let total = row_labelled(table, "合计");
    assert_eq!(total["certainty"], "exact");
    assert_eq!(amount(table, total, "合计").as_deref(), Some("550.69"));
}

#[test]
fn a_three_part_statement_becomes_three_tables_put_back_together_by_part() {
    let reading = json("statement-three-part-aligned.txt");
    let parts = tables(&reading, "收支预算总表");
    let sides: Vec<&Value> = parts.iter().map(|t| &t["side"]).collect();
    assert_eq!(sides, ["income", "expenditure", "expenditure"]);
    let labels = |t: &Value| -> Vec<String> {
        rows(t)
            .iter()
            .map(|r| r["label"].as_str().unwrap_or_default().replace(' ', ""))
            .collect()
    };
    assert!(labels(parts[0]).contains(&"2.政府性基金预算".to_string()));
    assert_eq!(
        labels(parts[2]),
        ["一、基本支出", "二、项目支出", "三、单位预留机动经费"]
    );
    let by_use = parts[2];
    assert_eq!(
        amount(by_use, row_labelled(by_use, "三、单位预留机动经费"), "列1").as_deref(),
        Some("1685.72")
    );
    let function = parts[1];
    assert_eq!(
        amount(function, row_labelled(function, "三、国防支出"), "列1"),
        None
    );
    assert_eq!(
        amount(function, row_labelled(function, "当年支出小计"), "列1").as_deref(),
        Some("15897.44")
    );
}

#[test]
fn a_side_by_side_statement_becomes_two_tables_and_ambiguous_rows_say_so() {
    let reading = json("statement-plain.txt");
    let halves = tables(&reading, "2024年财政拨款收支总表");
    let sides: Vec<&Value> = halves.iter().map(|t| &t["side"]).collect();
    assert_eq!(sides, ["income", "expenditure"]);
    let income = halves[0];
    assert_eq!(
        amount(income, row_labelled(income, "收入总计"), "列1").as_deref(),
        Some("550.69")
    );
    // Two 550.69 for four columns: nothing settles them, so no column is claimed.
    let spent = row_labelled(halves[1], "本年支出合计");
    assert_eq!(spent["certainty"], "ambiguous");
    assert_eq!(spent["candidates"].as_array().map(Vec::len), Some(6));
    let values: Vec<(&Value, &Value)> = spent["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| (&v["value"], &v["column"]))
        .collect();
    assert_eq!(
        values,
        [
            (&Value::from("550.69"), &Value::Null),
            (&Value::from("550.69"), &Value::Null)
        ]
    );
    let human = inspect("statement-plain.txt", &["--lang", "en"]);
    assert!(
        human.contains("ambiguous (6 placements): 550.69 550.69"),
        "{human}"
    );
}

#[test]
fn an_aligned_final_statement_is_read_on_both_sides() {
    let reading = json("statement-final-aligned.txt");
    assert_eq!(reading["files"][0]["layout"], "aligned");
    let halves = tables(&reading, "收入支出决算总表");
    let [income, spent] = halves[..] else {
        panic!("two halves");
    };
    // Each half is named from the header line `项目  决算数  项目  决算数`.
    assert_eq!(income["side"], "income");
    assert_eq!(
        amount(income, row_labelled(income, "年初结转和结余"), "决算数").as_deref(),
        Some("112.88")
    );
    assert_eq!(spent["side"], "expenditure");
    assert_eq!(
        amount(spent, row_labelled(spent, "十一、城乡社区支出"), "决算数").as_deref(),
        Some("3845.25")
    );
    for half in [income, spent] {
        assert_eq!(
            amount(half, row_labelled(half, "总计"), "决算数").as_deref(),
            Some("9859.38")
        );
    }
}

#[test]
fn aligned_coded_tables_take_their_columns_from_the_header() {
    let reading = json("revenue-final-aligned.txt");
    let [table] = tables(&reading, "收入决算表")[..] else {
        panic!("one 收入决算表");
    };
    let names: Vec<&Value> = table["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| &c["name"])
        .collect();
    assert_eq!(
        names,
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
    // On the second page the amounts stand four columns further left: still under their names.
    let urban = row(table, "212");
    assert_eq!(urban["certainty"], "aligned");
    assert_eq!(
        amount(table, urban, "本年收入合计").as_deref(),
        Some("3832.36")
    );
    assert_eq!(
        amount(table, urban, "财政拨款收入").as_deref(),
        Some("3832.36")
    );

    let reading = json("expenditure-repeated-header-aligned.txt");
    let [table] = tables(&reading, "2025年部门支出预算总表")[..] else {
        panic!("one 支出预算总表");
    };
    let leaves: Vec<&Value> = table["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| &c["name"])
        .collect();
    assert_eq!(
        leaves,
        ["支出预算/合计", "支出预算/基本支出", "支出预算/项目支出"]
    );
    let health = row(table, "210");
    assert_eq!(health["label"], "卫生健康支出");
    assert_eq!(
        amount(table, health, "基本支出").as_deref(),
        Some("782164.00")
    );
    assert_eq!(amount(table, health, "项目支出"), None);
    let furniture: Vec<&Value> = blocks(&reading)
        .iter()
        .filter(|b| b["kind"] == "furniture")
        .map(|b| &b["text"])
        .collect();
    assert!(
        furniture
            .iter()
            .any(|t| t.as_str().is_some_and(|t| t.contains("功能分类科目编码"))),
        "{furniture:?}"
    );
}

#[test]
fn pipe_tables_keep_split_codes_text_cells_and_every_column() {
    let reading = json("piped.md");
    assert_eq!(reading["files"][0]["layout"], "piped");
    let [spending] = tables(&reading, "一般公共预算支出情况表")[..] else {
        panic!("one table, continued after its repeated header");
    };
    // `| 210 | 15 | 01 |` → 2101501, read after the header repeated on the next page.
    let admin = row(spending, "2101501");
    assert_eq!(admin["certainty"], "exact");
    assert_eq!(amount(spending, admin, "合计").as_deref(), Some("585.64"));
    assert_eq!(
        amount(spending, admin, "基本支出/日常公用支出").as_deref(),
        Some("32.37")
    );
    assert_eq!(amount(spending, admin, "项目支出"), None);

    let [basic] = tables(&reading, "一般公共预算基本支出情况表")[..] else {
        panic!("one 基本支出 table");
    };
    let salary = row(basic, "30101");
    assert_eq!(
        salary["cells"],
        serde_json::json!(["基本工资", "工资奖金津补贴"])
    );
    assert_eq!(amount(basic, salary, "人员支出").as_deref(), Some("215.56"));

    let [three] = tables(&reading, "一般公共预算“三公”经费支出情况表")[..]
    else {
        panic!("one 三公 table");
    };
    let names: Vec<&str> = three["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names.len(), 12);
    assert_eq!(names[0], "2023年预算数/合计");
    assert_eq!(
        names[10],
        "2024年预算数/公务用车购置及运行维护费/公务用车运行维护费"
    );
    let note = blocks(&reading).last().expect("a last block");
    assert_eq!(note["kind"], "note");
}

#[test]
fn tab_tables_notes_and_no_data() {
    let reading = json("tabbed.md");
    assert_eq!(reading["files"][0]["layout"], "tabbed");
    let [spending] = tables(&reading, "2025年预算支出总表")[..] else {
        panic!("one 支出总表");
    };
    let health = row(spending, "210");
    assert_eq!(
        amount(spending, health, "2025年预算数/项目支出").as_deref(),
        Some("299.55")
    );
    let [three] = tables(&reading, "2025年财政拨款安排“三公”经费支出预算表")[..]
    else {
        panic!("one 三公 table");
    };
    assert_eq!(three["no_data"], true);
    let all = blocks(&reading);
    let at = all
        .iter()
        .position(|b| std::ptr::eq(b, three))
        .expect("found");
    assert_eq!(all[at + 1]["kind"], "note");
    assert_eq!(all[at + 1]["text"], "注：本表无数据");
}

#[test]
fn furniture_is_set_aside_with_its_lines() {
    let reading = json("economic-furniture-plain.txt");
    let furniture: Vec<(&Value, &Value, &Value)> = blocks(&reading)
        .iter()
        .filter(|b| b["kind"] == "furniture")
        .map(|b| (&b["text"], &b["first_line"], &b["last_line"]))
        .collect();
    assert_eq!(
        furniture[0],
        (&Value::from("-9-"), &Value::from(50), &Value::from(50))
    );
    // 仅供 / 内部 / 审核 on three lines, eight times.
    let watermarks: Vec<_> = furniture
        .iter()
        .filter(|(text, _, _)| *text == "仅供内部审核")
        .collect();
    assert_eq!(watermarks.len(), 8);
    assert_eq!(
        (watermarks[0].1, watermarks[0].2),
        (&Value::from(54), &Value::from(56))
    );
    let [economic] = tables(
        &reading,
        "2024年一般公共预算安排基本支出分经济科目表（不含上年结转）",
    )[..] else {
        panic!("one 经济科目 table");
    };
    let salary = row_labelled(economic, "基本工资 工资奖金津补贴");
    assert_eq!(
        amount(economic, salary, "人员经费").as_deref(),
        Some("176.66")
    );
    let [empty] = tables(&reading, "2024年政府性基金预算收入表（不含上年结转）")[..]
    else {
        panic!("one table without data");
    };
    assert_eq!(empty["no_data"], true);
}

/// Every number in every reading points at its own text: the span's line and columns hold
/// `written`, and `value` is `written` without thousands separators (and leading zeros: `07`).
#[test]
fn every_number_span_points_at_what_was_written() {
    fn numbers<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
        match value {
            Value::Object(map) => {
                if map.contains_key("written") {
                    out.push(value);
                }
                map.values().for_each(|v| numbers(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| numbers(v, out)),
            _ => {}
        }
    }
    let mut checked = 0;
    for fixture in FIXTURES {
        let reading = json(fixture.name);
        let text = fs::read_to_string(fixtures_dir().join(fixture.name)).expect("the fixture");
        let lines: Vec<&str> = text.lines().collect();
        let mut found = Vec::new();
        numbers(&reading, &mut found);
        for number in found {
            let span = &number["span"];
            let line = span["line"].as_u64().expect("line") as usize;
            let (column, end) = (
                span["column"].as_u64().expect("column") as usize,
                span["end_column"].as_u64().expect("end_column") as usize,
            );
            assert_eq!(span["end_line"], span["line"], "{}: {number}", fixture.name);
            let at: String = lines[line - 1]
                .chars()
                .skip(column - 1)
                .take(end - column)
                .collect();
            assert_eq!(at, number["written"], "{}: {number}", fixture.name);
            let written = number["written"].as_str().expect("written");
            let digits = written.replace(',', "");
            let trimmed = digits.trim_start_matches('0');
            let expected = if trimmed.is_empty() || trimmed.starts_with('.') {
                format!("0{trimmed}")
            } else {
                trimmed.to_string()
            };
            assert_eq!(
                number["value"].as_str().expect("value"),
                expected,
                "{}",
                fixture.name
            );
            checked += 1;
        }
    }
    assert!(checked > 250, "only {checked} numbers checked");
}

#[test]
fn unreadable_files_are_reported_like_the_linter_and_the_others_still_printed() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let good = "单位：万元\n\n项目 合计\n\n合计 1.00\n";
    fs::write(dir.path().join("good.txt"), good).expect("write");
    fs::write(dir.path().join("scan.txt"), b"%PDF\x00\x01\x02").expect("write");
    fs::write(dir.path().join("broken.txt"), b"\xff\xfe\xff").expect("write");
    let files = ["scan.txt", "good.txt", "missing.txt", "broken.txt"];

    let mut args = vec!["--isolated", "inspect"];
    args.extend(files);
    let out = budlint(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("== good.txt (版式：plain"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "error: broken.txt: cannot decode as UTF-8, UTF-16 or GB18030/GBK\n\
         error: missing.txt: no such file or directory (or a broken link)\n\
         error: scan.txt: binary file (contains NUL bytes), not a text disclosure\n"
    );
    // The linter gives the same lines for the same files.
    let mut lint = vec!["--isolated"];
    lint.extend(files);
    let linted = budlint(dir.path(), &lint);
    assert_eq!(linted.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&linted.stderr), stderr);

    // JSON lists them too, and still holds the file that could be read.
    let mut args = vec!["--isolated", "inspect", "--format", "json"];
    args.extend(files);
    let out = budlint(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    let reading: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(reading["files"].as_array().map(Vec::len), Some(1));
    assert_eq!(reading["files"][0]["file"], "good.txt");
    let failed: Vec<&Value> = reading["file_errors"]
        .as_array()
        .expect("file_errors")
        .iter()
        .map(|e| &e["file"])
        .collect();
    assert_eq!(failed, ["broken.txt", "missing.txt", "scan.txt"]);
}

#[test]
fn directories_are_walked_as_the_linter_walks_them() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let reports = dir.path().join("reports");
    fs::create_dir_all(reports.join(".hidden")).expect("mkdir");
    fs::write(reports.join("b.md"), "# 标题\n").expect("write");
    fs::write(reports.join("a.txt"), "正文。\n").expect("write");
    fs::write(reports.join("notes.csv"), "a,b\n").expect("write");
    fs::write(reports.join(".hidden/c.txt"), "正文。\n").expect("write");
    let (encoded, _, _) = encoding_rs::GB18030.encode("单位：万元\n");
    fs::write(reports.join("gbk.txt"), &encoded).expect("write");

    let out = budlint(
        dir.path(),
        &["--isolated", "inspect", "--lang", "en", "reports"],
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let files: Vec<&str> = stdout.lines().filter(|l| l.starts_with("== ")).collect();
    assert_eq!(
        files,
        [
            "== reports/a.txt (layout: plain, encoding: UTF-8, 1 line)",
            "== reports/b.md (layout: plain, encoding: UTF-8, 1 line)",
            "== reports/gbk.txt (layout: plain, encoding: GB18030, 1 line)",
        ]
    );
}

#[test]
fn other_formats_are_refused_and_a_file_is_required() {
    let dir = fixtures_dir();
    let out = budlint(
        &dir,
        &["--isolated", "inspect", "--format", "short", "tabbed.md"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: `budlint inspect` prints `human` or `json`, not `short`\n"
    );
    assert!(out.stdout.is_empty());
    let out = budlint(&dir, &["--isolated", "inspect"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A plain-text cell emitted rows away from its row is given back when the sums confirm it;
/// where nothing confirms a reading, the table says why it is in doubt.
#[test]
fn moved_cells_are_given_back_or_the_table_says_it_is_in_doubt() {
    let reading = json("moved-cell-plain.txt");
    let table = first_table(&reading);
    let robbed = row(table, "2040599");
    assert_eq!(robbed["values"][0]["value"], "910.00");
    assert_eq!(robbed["values"].as_array().map(Vec::len), Some(1));
    assert_eq!(robbed["certainty"], "arithmetic");
    assert_eq!(table["doubts"], serde_json::json!([]));
    assert!(
        rows(table)
            .iter()
            .all(|r| !r["label"].as_str().unwrap_or("").is_empty() || r["code"].is_object())
    );

    let reading = json("doubtful-plain.txt");
    let table = first_table(&reading);
    // The three amounts at the page's end are the three rows' above, in order; the page number
    // is no amount.
    for (code, value) in [
        ("2080504", "371.92"),
        ("2080505", "1045.93"),
        ("2080506", "418.37"),
    ] {
        assert_eq!(
            amount(table, row(table, code), "金额").as_deref(),
            Some(value)
        );
        assert_eq!(row(table, code)["certainty"], "arithmetic");
    }
    assert_eq!(table["doubts"], serde_json::json!([]));

    let reading = json("siblings-in-doubt-plain.txt");
    let table = first_table(&reading);
    let kinds: Vec<&str> = table["doubts"]
        .as_array()
        .expect("doubts")
        .iter()
        .map(|d| d["kind"].as_str().expect("a kind"))
        .collect();
    assert_eq!(kinds, ["rehomed-by-order"]);
    // The text's order is kept: 差旅费 gets the amount that came last.
    assert_eq!(
        amount(table, row(table, "30211"), "机关运行经费支出").as_deref(),
        Some("1022.00")
    );
    assert_eq!(
        amount(table, row(table, "30213"), "机关运行经费支出").as_deref(),
        Some("841.00")
    );
}

/// Plain text that puts every cell of a coded table on a line of its own is read row by row:
/// codes split over lines, codes and names emitted away from their rows, amounts in the columns
/// the header names.
#[test]
fn streams_of_cells_are_read_row_by_row() {
    let reading = json("stream-economic-plain.txt");
    let table = first_table(&reading);
    let names = leaves(table);
    assert_eq!(names, ["合计", "人员经费", "公用经费"]);
    assert_eq!(table["doubts"], serde_json::json!([]));
    // `301` / `2` / `津贴补贴`: the 款 lost its leading zero.
    let allowances = row(table, "30102");
    assert_eq!(allowances["label"], "津贴补贴");
    assert_eq!(
        amount(table, allowances, "人员经费").as_deref(),
        Some("16623810")
    );
    assert_eq!(amount(table, allowances, "公用经费").as_deref(), Some("0"));
    // `302`'s code comes after its amounts, right before `302` / `01` 办公费.
    let goods = row(table, "302");
    assert_eq!(goods["label"], "商品和服务支出");
    assert_eq!(
        amount(table, goods, "公用经费").as_deref(),
        Some("11168569")
    );
    assert_eq!(row(table, "30201")["label"], "办公费");
    // The last two rows' codes and the total's label all come after the total's amounts.
    assert_eq!(row(table, "303")["label"], "对个人和家庭的补助");
    assert_eq!(row(table, "30302")["label"], "退休费");
    let total = row_labelled(table, "合计");
    assert_eq!(amount(table, total, "合计").as_deref(), Some("99706020"));
    assert_eq!(
        amount(table, total, "人员经费").as_deref(),
        Some("88537451")
    );
    assert_eq!(
        amount(table, total, "公用经费").as_deref(),
        Some("11168569")
    );
    assert!(rows(table).iter().all(|r| r["certainty"] == "exact"));

    let reading = json("stream-functional-plain.txt");
    let table = first_table(&reading);
    let names = leaves(table);
    assert_eq!(names, ["合计", "基本支出", "项目支出"]);
    assert_eq!(table["doubts"], serde_json::json!([]));
    // 行政运行's amounts come before its code and name.
    let running = row(table, "2010601");
    assert_eq!(running["label"], "行政运行");
    assert_eq!(
        amount(table, running, "合计").as_deref(),
        Some("16231840.80")
    );
    assert_eq!(
        amount(table, running, "项目支出").as_deref(),
        Some("138514.80")
    );
    // Codes emitted in a block at the top of the second page, given to its rows in order.
    assert_eq!(row(table, "2101101")["label"], "行政单位医疗");
    assert_eq!(row(table, "22102")["label"], "住房改革支出");
    // Two amounts for three columns: which part column, only the sums of the rows' family tell
    // (the 项目支出 of 201 06 is 2010601's 138514.80 and the three rows' below it, so 208's
    // rows are all 基本支出), as the `-layout` text shows.
    let pension = row(table, "2080505");
    assert_eq!(pension["certainty"], "arithmetic");
    assert_eq!(
        amount(table, pension, "基本支出").as_deref(),
        Some("1748327.00")
    );
    let management = row(table, "2010602");
    assert_eq!(
        amount(table, management, "项目支出").as_deref(),
        Some("100000.00")
    );
    // The total's label between its second and third amounts.
    let total = row_labelled(table, "合计");
    assert_eq!(amount(table, total, "合计").as_deref(), Some("31214205.80"));
    assert_eq!(
        amount(table, total, "项目支出").as_deref(),
        Some("6093114.80")
    );
}
