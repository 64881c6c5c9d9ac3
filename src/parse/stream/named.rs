//! Tables of named rows without subject codes, one cell to a line (plain `pdftotext`).
//!
//! The 三公 table (`合计` / `1.因公出国（境）费` / `2.公务用车购置及运行费` / `其中：（1）…`,
//! each followed by its year columns) and the tables by unit (`东港区图书` / `馆`, then
//! 合计 / 财政拨款收入 / 事业收入 …) arrive in plain text as a name, wrapped over a few lines,
//! then one line per amount. Empty cells vanish there, so a run of amounts places its values
//! only when every row fills every column; the reading is taken only when the stream says so
//! and the sums prove it:
//! - the body opens with the total row (its label the last header cell, `合计`), and then
//!   alternates names and runs of amounts, every run as long as the first (two amounts or
//!   more), with no name left without amounts;
//! - every row adds up (its first amount the sum of the others, three columns or more), or the
//!   total row is, in every column, the sum of the rows of the first level below it (`1.` …
//!   `3.`, or every other row when none is numbered).
//!
//! Otherwise the table is left to the line reader, which keeps what it cannot place in doubt.

use super::{
    Body, Cell, Draft, Kind, build_row, classify, ends_table, is_column_word, is_label_header,
    line_index,
};
use crate::arith::{Verdict, check_sum};
use crate::model::{Column, Layout, Number, Row, Table, Text, Unit, is_total_label, squeeze};
use crate::parse::Line;
use crate::parse::joined::opens_with_ordinal;
use crate::parse::lines::numbered_heading_level;
use crate::parse::spaced::strip_leaf_years;
use crate::source::Span;

/// The most lines one row's name is wrapped over.
const MAX_NAME_PIECES: usize = 4;

/// A row of the stream: its name's pieces and its amounts.
struct Named<'c, 'a> {
    name: Vec<&'c Cell<'a>>,
    amounts: Vec<&'c Cell<'a>>,
}

/// Read `body` (the cells after the unit line) as a table of named rows, when it is one and
/// its sums prove the reading; `None` leaves it to the line reader.
pub(super) fn read<'a>(
    lines: &[Line<'a>],
    unit_index: usize,
    body: &Body<'a>,
    unit: Option<Unit>,
    is_furniture: &dyn Fn(&Line) -> bool,
) -> Option<Table> {
    let unit_span = lines.get(unit_index)?.span;
    if body.lines < 6 || body.single * 5 < body.lines * 4 {
        return None;
    }
    let cells = &body.cells;
    // A mark for a cell that does not apply, or a 行次 / 栏次 column, is not this shape.
    let odd = cells.iter().any(|c| {
        c.kind == Kind::NotApplicable
            || c.is_text() && (c.text.contains("行次") || c.text.contains("栏次"))
    });
    if odd {
        return None;
    }
    let same_line = |a: &Cell, b: &Cell| line_index(lines, a.start) == line_index(lines, b.start);
    // `2024 年预算数` is one header cell, though its year reads as a number.
    let year_prefix = |i: usize| {
        let c = &cells[i];
        c.digits() == Some(4)
            && cells
                .get(i + 1)
                .is_some_and(|next| next.is_text() && same_line(c, next))
    };
    let first_number = (0..cells.len()).find(|&i| !cells[i].is_text() && !year_prefix(i))?;
    let (header, rest) = cells.split_at(first_number);
    let above = header_above(lines, unit_index, is_furniture);
    // The total row's label: the last header cell, or (the first column emitted top down
    // before the others: `项目` / `合计` / `单位：万元` / `预算数` / `决算数`) the last cell
    // above the unit line, every header cell after it naming an amount column.
    let (total, header, above) = match header.split_last() {
        Some((last, header)) if is_total_label(&squeeze(last.text)) => (last, header, &above[..]),
        _ => {
            let (last, above) = above.split_last()?;
            let names_columns = header
                .iter()
                .all(|c| c.digits().is_some() || amount_heading(&squeeze(c.text)));
            if !is_total_label(&squeeze(last.text)) || !names_columns {
                return None;
            }
            (last, header, above)
        }
    };
    let mut header_names: Vec<String> = Vec::new();
    for (i, c) in header.iter().enumerate() {
        let word = squeeze(c.text);
        match header_names.last_mut() {
            Some(name) if i > 0 && year_prefix(i - 1) => name.push_str(&word),
            _ => header_names.push(word.into_owned()),
        }
    }
    if !is_total_label(&squeeze(total.text)) {
        return None;
    }
    let (mut rows, trailing) = named_rows(total, rest)?;
    if let Some(name) = trailing {
        first_row_emitted_last(&mut rows, name)?;
    }
    let k = rows[0].amounts.len();
    if k < 2 || rows.len() < 3 || rows.iter().any(|r| r.amounts.len() != k) {
        return None;
    }
    if rows[1..]
        .iter()
        .any(|r| !name_is_whole(&r.name, &header_names))
    {
        return None;
    }
    let numbers: Vec<Vec<Number>> = rows
        .iter()
        .map(|r| {
            r.amounts
                .iter()
                .map(|c| super::number_of(c, unit))
                .collect()
        })
        .collect::<Option<_>>()?;
    let names: Vec<String> = rows
        .iter()
        .map(|r| r.name.iter().map(|c| squeeze(c.text)).collect())
        .collect();
    if !(k >= 3 && numbers.iter().all(|n| row_adds_up(n)) || total_adds_up(&names, &numbers, k)) {
        return None;
    }
    let rows: Vec<Row> = rows.into_iter().map(|r| row_of(r, k, unit)).collect();
    let last = rows.last().map_or(unit_span, |r| r.span);
    Some(Table {
        title: None,
        form: None,
        unit,
        side: None,
        header: header
            .iter()
            .chain(std::iter::once(total))
            .map(|c| Text::from_source(c.text, c.start))
            .collect(),
        columns: column_names(above, &header_names, k),
        rows,
        span: Span::new(unit_span.start, last.end.max(body.last_span.end)),
        no_data: false,
        layout: Layout::Plain,
        doubts: Vec::new(),
    })
}

/// The rows of the stream after the header: the total row (its label `total`, the amounts
/// opening `rest`), then names and runs of amounts in turn; and a name left at the end without
/// amounts. `None` when a name runs over more lines than a wrapped cell does.
type Rows<'c, 'a> = (Vec<Named<'c, 'a>>, Option<Vec<&'c Cell<'a>>>);

fn named_rows<'c, 'a>(total: &'c Cell<'a>, rest: &'c [Cell<'a>]) -> Option<Rows<'c, 'a>> {
    let mut rows: Vec<Named> = Vec::new();
    let mut name: Vec<&Cell> = vec![total];
    let mut amounts: Vec<&Cell> = Vec::new();
    for c in rest {
        if c.is_text() {
            if !amounts.is_empty() {
                rows.push(Named {
                    name: std::mem::take(&mut name),
                    amounts: std::mem::take(&mut amounts),
                });
            }
            name.push(c);
            if name.len() > MAX_NAME_PIECES {
                return None;
            }
        } else {
            amounts.push(c);
        }
    }
    if amounts.is_empty() {
        return Some((rows, Some(name)));
    }
    rows.push(Named { name, amounts });
    Some((rows, None))
}

/// The first row's name emitted after the table (`1.因公出国（境）费` after `3.公务接待费`), its
/// amounts right after the total's in one run: the run is cut in two and the name given the
/// second half, as the second row, when the name is the first of its level (`1.`, `一、`,
/// `（一）`) and the rows after it are numbered at that level. `None` otherwise.
fn first_row_emitted_last<'c, 'a>(
    rows: &mut Vec<Named<'c, 'a>>,
    name: Vec<&'c Cell<'a>>,
) -> Option<()> {
    let [first] = name.as_slice() else {
        return None;
    };
    let word = squeeze(first.text);
    let opens_level = ["1.", "1．", "1、", "一、", "（一）"]
        .iter()
        .any(|p| word.starts_with(p));
    let k = rows.get(1)?.amounts.len();
    let next = rows[1].name.first().map(|c| squeeze(c.text))?;
    let same_level = numbered_heading_level(&next).is_some()
        && numbered_heading_level(&next) == numbered_heading_level(&word);
    if !opens_level || !same_level || k == 0 || rows[0].amounts.len() != 2 * k {
        return None;
    }
    let amounts = rows[0].amounts.split_off(k);
    rows.insert(1, Named { name, amounts });
    Some(())
}

/// Whether the pieces of a name are one row's name wrapped in its cell: no piece is a header
/// cell (the header printed again on a new page), and no piece after the first starts a row
/// of its own (`2.公务用车…`, `合计`), unless the piece before it introduces it (`其中：`).
fn name_is_whole(pieces: &[&Cell], header_words: &[String]) -> bool {
    let header_cell = |c: &Cell| {
        is_label_header(c.text)
            || is_column_word(c.text)
            || header_words.iter().any(|w| **w == *squeeze(c.text))
    };
    pieces.iter().all(|c| !header_cell(c))
        && pieces.windows(2).all(|w| {
            let next = squeeze(w[1].text);
            let starts_row = opens_with_ordinal(&next)
                || numbered_heading_level(&next).is_some()
                || numbered_in_brackets(&next)
                || is_total_label(&next);
            !starts_row || w[0].text.trim_end().ends_with(['：', ':'])
        })
}

/// `（1）公务用车购置费`: a part numbered in brackets.
fn numbered_in_brackets(name: &str) -> bool {
    let Some(rest) = name.strip_prefix(['（', '(']) else {
        return false;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with(['）', ')'])
}

/// Whether a row's first amount is the sum of its others (within rounding).
fn row_adds_up(numbers: &[Number]) -> bool {
    match numbers.split_first() {
        Some((first, parts)) if !parts.is_empty() => {
            let parts: Vec<&Number> = parts.iter().collect();
            sums(first, &parts)
        }
        _ => false,
    }
}

/// Whether `parts` add up to `stated` (within rounding).
pub(super) fn sums(stated: &Number, parts: &[&Number]) -> bool {
    matches!(
        check_sum(Some(stated), parts).verdict,
        Verdict::Equal | Verdict::Rounding
    )
}

/// Whether the total row (the first) is, in every column, the sum of the rows of the first
/// level below it: those numbered like the second row (`1.`, `一、`), at least two, or, when
/// the second row is not numbered, every other row, none of them numbered.
fn total_adds_up(names: &[String], numbers: &[Vec<Number>], k: usize) -> bool {
    let level = names.get(1).and_then(|n| numbered_heading_level(n));
    let top: Vec<usize> = (1..names.len())
        .filter(|&i| numbered_heading_level(&names[i]) == level)
        .collect();
    let consistent = level.is_some() || top.len() + 1 == names.len();
    top.len() >= 2
        && consistent
        && (0..k).all(|c| {
            let parts: Vec<&Number> = top.iter().map(|&i| &numbers[i][c]).collect();
            sums(&numbers[0][c], &parts)
        })
}

fn row_of(row: Named, k: usize, unit: Option<Unit>) -> Row {
    let mut pieces = row.name.iter();
    let name = pieces.next().map(|first| {
        let mut text = Text::from_source(first.text, first.start);
        for c in pieces {
            text.push(c.text, c.start);
        }
        text
    });
    let total = name
        .as_ref()
        .is_some_and(|n| is_total_label(&squeeze(&n.text)));
    let draft = Draft {
        name,
        total,
        amounts: row.amounts.into_iter().copied().collect(),
        ..Draft::default()
    };
    build_row(draft, k, unit)
}

/// The header cells printed before the unit line (`项目` / `2024 年预算数` / `单位：万元` /
/// `2025 年预算数`), back to the table's title or department line: a few lines of one cell
/// each (a line is one cell).
fn header_above<'a>(
    lines: &[Line<'a>],
    unit_index: usize,
    is_furniture: &dyn Fn(&Line) -> bool,
) -> Vec<Cell<'a>> {
    let mut above: Vec<Cell> = Vec::new();
    for line in lines[..unit_index]
        .iter()
        .rev()
        .filter(|l| !l.is_blank())
        .take(8)
    {
        let t = line.text.trim();
        let word = squeeze(t);
        let numbers = t.split_whitespace().all(|w| classify(w) != Kind::Text);
        if is_furniture(line) || ends_table(t) || t.contains(['：', ':']) || numbers {
            break;
        }
        // Two words on a line are two cells, unless the first is a year (`2024 年预算数`).
        if t.split_whitespace().count() > 1 && !only_year_then(&word) {
            break;
        }
        let at = line.text.len() - line.text.trim_start().len();
        above.push(Cell {
            kind: Kind::Text,
            text: t,
            start: line.span.start + at,
            page_start: false,
            after_page_number: false,
        });
    }
    above.reverse();
    above
}

/// `2024年预算数`: a year opening a name.
fn only_year_then(word: &str) -> bool {
    word.chars().take_while(char::is_ascii_digit).count() == 4 && word[4..].starts_with('年')
}

/// The columns: named by the header cells (those above the unit line, then those after it)
/// when they are exactly `k` names of amount columns (a caption that is only a year, `2023
/// 年度`, left out; the year dropped from a name unless it tells two apart), else unnamed.
fn column_names(above: &[Cell], header: &[String], k: usize) -> Vec<Column> {
    let above: Vec<String> = above.iter().map(|c| squeeze(c.text).into_owned()).collect();
    let names: Vec<&String> = above
        .iter()
        .chain(header)
        .filter(|w| !is_label_header(w) && !only_year(w))
        .collect();
    let named = names.len() == k && names.iter().all(|w| is_column_word(w) || amount_heading(w));
    let mut paths: Vec<Vec<String>> = names.iter().map(|w| vec![(*w).clone()]).collect();
    strip_leaf_years(&mut paths);
    (0..k)
        .map(|c| {
            let name = named.then(|| paths[c].concat());
            Column::amount(c, name)
        })
        .collect()
}

/// `2023 年度`, `2024年`: a year and nothing else.
fn only_year(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits == 4 && matches!(&word[4..], "年" | "年度")
}

/// A header cell naming a column of amounts by what it counts: a year's budget or outturn, a
/// change (`2025 年预算数`, `上年决算数`, `增减`, `本年收入合计`).
fn amount_heading(word: &str) -> bool {
    ["预算数", "决算数", "执行数", "增减", "合计", "收入", "支出"]
        .iter()
        .any(|w| word.ends_with(w))
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::read as read_stream;
    use crate::model::{Certainty, Table};
    use crate::parse::lines::unit_line;
    use crate::parse::lines_of;
    use crate::source::SourceFile;

    /// The tables read after the first unit line of `text` (`~` for a blank line between
    /// cells, as plain pdftotext writes them), if the stream reader takes them.
    pub(in crate::parse::stream) fn read_tables(text: &str) -> Option<Vec<Table>> {
        let text = text.replace('~', "\n\n");
        let source = SourceFile::from_str("a.txt", &text);
        let lines = lines_of(&source);
        let unit = lines
            .iter()
            .position(|l| unit_line(l.text).is_some())
            .expect("a unit line");
        read_stream(&lines, unit, &|_| false).map(|(tables, _, _)| tables)
    }

    fn read_text(text: &str) -> Option<Table> {
        read_tables(text).map(|mut tables| tables.remove(0))
    }

    fn row_values(table: &Table, label: &str) -> Vec<String> {
        let row = table
            .rows
            .iter()
            .find(|r| r.name() == label)
            .unwrap_or_else(|| panic!("no row {label}"));
        (0..table.columns.len())
            .map(|c| {
                row.cell(c)
                    .flatten()
                    .map_or(String::new(), |n| n.value.to_string())
            })
            .collect()
    }

    fn leaves(table: &Table) -> Vec<&str> {
        table.columns.iter().map(|c| c.leaf.as_str()).collect()
    }

    /// The 三公 table of wuhou-education-2025-budget.plain.txt: two years' columns, the total
    /// row's label the last header cell, `其中：（1）…` parts below `2.`.
    const WUHOU_SANGONG: &str = "部门：成都市武侯区教育局\n项目~单位：万元~2024 年预算数~2025 年预算数~合计~67.00~60.00~1.因公出国（境）费~0.00~0.00~2.公务用车购置及运行费~52.00~48.00~其中：（1）公务用车购置费~0.00~0.00~（2）公务用车运行费~52.00~48.00~3.公务接待费~15.00~12.00";

    #[test]
    fn a_sangong_table_of_named_rows_is_read_when_the_total_adds_up() {
        let table = read_text(WUHOU_SANGONG).expect("read as named rows");
        assert_eq!(leaves(&table), ["2024年预算数", "2025年预算数"]);
        assert_eq!(table.rows.len(), 6);
        assert_eq!(row_values(&table, "合计"), ["67.00", "60.00"]);
        assert_eq!(
            row_values(&table, "2.公务用车购置及运行费"),
            ["52.00", "48.00"]
        );
        assert_eq!(
            row_values(&table, "其中：（1）公务用车购置费"),
            ["0.00", "0.00"]
        );
        assert!(table.rows.iter().all(|r| r.certainty == Certainty::Exact));
        assert!(table.doubts.is_empty());
    }

    #[test]
    fn a_sangong_table_whose_total_does_not_add_up_is_left_to_the_line_reader() {
        // 公务接待费 printed 16.00: the reading is not proved, whatever the reason.
        let text = WUHOU_SANGONG.replace("~15.00~", "~16.00~");
        assert!(read_text(&text).is_none());
    }

    #[test]
    fn a_row_short_of_a_cell_leaves_the_table_to_the_line_reader() {
        // An empty cell vanishes in plain text: which column the other one is in is not known.
        let text = WUHOU_SANGONG.replace("~0.00~0.00~2.", "~0.00~2.");
        assert!(read_text(&text).is_none());
    }

    /// The 三公 table of pengjiang-water-2024-final.plain.txt: the first column emitted top
    /// down before the others (`项目` / `合计` above the unit line), and the first row's name
    /// after the table, its amounts right after the total's.
    const PENGJIANG_SANGONG: &str = "编制单位：江门市蓬江区水务局\n项目\n合计~单位：万元~预算数~决算数\n1400.00~1111.00~0.00~0.00~2.公务用车购置及运行维护费~1200.00~987.60~其中：（1）公务用车购置费~0.00~0.00~（2）公务用车运行维护费~1200.00~987.60~3.公务接待费~200.00~123.40~1.因公出国（境）费";

    #[test]
    fn the_first_row_named_after_the_table_is_put_back_when_the_total_adds_up() {
        let table = read_text(PENGJIANG_SANGONG).expect("read as named rows");
        assert_eq!(leaves(&table), ["预算数", "决算数"]);
        let names: Vec<String> = table.rows.iter().map(|r| r.name()).collect();
        assert_eq!(
            names[..3],
            ["合计", "1.因公出国（境）费", "2.公务用车购置及运行维护费"]
        );
        assert_eq!(row_values(&table, "合计"), ["1400.00", "1111.00"]);
        assert_eq!(row_values(&table, "1.因公出国（境）费"), ["0.00", "0.00"]);
        assert_eq!(row_values(&table, "3.公务接待费"), ["200.00", "123.40"]);
    }

    #[test]
    fn a_name_after_the_table_that_is_not_the_first_of_its_level_is_not_put_back() {
        // `4.其他` is no first row: whose amounts follow the total's is not known.
        let text = PENGJIANG_SANGONG.replace("~1.因公出国（境）费", "~4.其他");
        assert!(read_text(&text).is_none());
    }

    /// The income table by unit of donggang-culture-2023-final.plain.txt (元): header cells
    /// before and after the unit line, unit names wrapped over up to three lines.
    const DONGGANG_UNITS: &str = "编制单位：日照市东港区文化和旅游局\n单位名称~本年收入合计~2023 年度\n财政拨款收入~单位：元~事业收入~经营收入~其他收入~合计~395723900.00~366625900.00~21357700.00~5802300.00~1938000.00~东港区文化\n和旅游局\n（本级）~186908700.00~185674200.00~0.00~0.00~1234500.00~东港区图书\n馆~56112200.00~53421000.00~2345600.00~0.00~345600.00~东港区文物\n保护服务中\n心~19876500.00~19876500.00~0.00~0.00~0.00";

    #[test]
    fn a_table_by_unit_is_read_when_every_row_adds_up() {
        let table = read_text(DONGGANG_UNITS).expect("read as named rows");
        assert_eq!(
            leaves(&table),
            [
                "本年收入合计",
                "财政拨款收入",
                "事业收入",
                "经营收入",
                "其他收入"
            ]
        );
        assert_eq!(
            row_values(&table, "东港区文物保护服务中心"),
            ["19876500.00", "19876500.00", "0.00", "0.00", "0.00"]
        );
        assert_eq!(
            row_values(&table, "东港区文化和旅游局（本级）")[0],
            "186908700.00"
        );
    }

    #[test]
    fn a_table_by_unit_with_a_row_not_adding_up_is_left_to_the_line_reader() {
        let text = DONGGANG_UNITS.replace("~53421000.00~", "~53421001.00~");
        assert!(read_text(&text).is_none());
    }

    #[test]
    fn a_name_holding_a_second_numbered_row_is_not_joined() {
        // `3.公务接待费` printed without amounts before `（2）…`: two rows, not one name.
        let text =
            WUHOU_SANGONG.replace("~（2）公务用车运行费", "~3.其他费用\n（2）公务用车运行费");
        assert!(read_text(&text).is_none());
    }
}
