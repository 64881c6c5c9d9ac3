//! A 收支总表 of one amount column a side, one cell to a line (plain `pdftotext`).
//!
//! Plain text emits such a statement row by row: the income name (wrapped over a line or two:
//! `二、政府性基金预算拨` / `款`), its amount, then the expenditure name and its amount, often
//! on one line with the amount before it (`0.00 二、卫生健康支出`), with the header's words
//! (`项目`, `本年预算`) dropped in among the first rows. When every name has at most one amount
//! after it, the rows are put back on their side by their names (a 收入 or 拨款 row, a 支出 row)
//! and the reading is taken only when each half adds up: its first-level rows (`一、`, `二、` …)
//! to its 本年 subtotal and that with the carry-overs to its 总计, or, without a subtotal,
//! all of them to its 总计. Otherwise the statement is left to the line reader.

use super::{Body, Cell, Draft, build_row};
use crate::model::{Column, Layout, Number, Row, Side, Table, Text, Unit, squeeze};
use crate::parse::Line;
use crate::parse::joined::opens_with_ordinal;
use crate::parse::lines::{is_form_number, is_table_title, numbered_heading_level};
use crate::parse::spaced::strip_year;
use crate::source::Span;

/// The header's words, wherever plain text puts them among the rows.
const HEADER_WORDS: &[&str] = &[
    "收入",
    "支出",
    "项目",
    "项目名称",
    "预算数",
    "本年预算",
    "本年预算数",
    "决算数",
    "本年决算",
    "本年决算数",
    "金额",
];

/// The most lines read above the unit line for the first row and the header.
const MAX_LINES_ABOVE: usize = 6;

/// A name and the amount after it (if any).
struct Entry<'a> {
    name: Text,
    amount: Option<Cell<'a>>,
}

/// Read `body` as a 收支总表 of one amount column a side (see the module documentation): its
/// income and expenditure halves, or `None`.
pub(super) fn read<'a>(
    lines: &[Line<'a>],
    unit_index: usize,
    body: &Body<'a>,
    unit: Option<Unit>,
    is_furniture: &dyn Fn(&Line) -> bool,
) -> Option<Vec<Table>> {
    // Most lines hold one cell; the others an amount and the next name.
    if body.lines < 6 || body.single * 3 < body.lines * 2 || body.cells.len() > body.lines * 2 {
        return None;
    }
    let above = cells_above(lines, unit_index, is_furniture);
    let cells: Vec<&Cell> = above.iter().chain(&body.cells).collect();
    let header_word = |text: &str| HEADER_WORDS.contains(&strip_year(text).as_str());
    let mut header = vec![false; cells.len()];
    let mut words: Vec<String> = Vec::new();
    for (i, c) in cells.iter().enumerate() {
        if c.is_text() && header_word(c.text) {
            header[i] = true;
            words.push(squeeze(c.text).into_owned());
        } else if let Some(next) = cells.get(i + 1).filter(|next| year_before(c, next)) {
            // `2026 年预算数`: the year is read as a number of its own.
            let word = format!("{}{}", c.text, squeeze(next.text));
            if header_word(&word) {
                header[i] = true;
                header[i + 1] = true;
                words.push(word);
            }
        }
    }
    // `收入` and `支出` printed one character to a line down the side of their half.
    let fragments: String = cells.iter().filter_map(|c| label_fragment(c)).collect();
    for word in ["收入", "支出"] {
        if fragments.contains(word) {
            words.push(word.to_string());
        }
    }
    if !words.iter().any(|w| w == "收入") || !words.iter().any(|w| w == "支出") {
        return None;
    }
    let entries = entries(
        cells
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !header[*i])
            .map(|(_, c)| c),
    )?;
    let mut halves: [Vec<Entry>; 2] = [Vec::new(), Vec::new()];
    for e in entries {
        let side = side_of(&squeeze(&e.name.text))?;
        halves[usize::from(side == Side::Expenditure)].push(e);
    }
    let column = words
        .iter()
        .find(|w| *w != "收入" && *w != "支出" && !w.starts_with("项目"))
        .map(|w| strip_year(w));
    let span = Span::new(lines[unit_index].span.start, body.last_span.end);
    let mut tables = Vec::new();
    for (half, side) in halves.into_iter().zip([Side::Income, Side::Expenditure]) {
        let numbers: Vec<Option<Number>> = half
            .iter()
            .map(|e| e.amount.as_ref().map(|c| super::number_of(c, unit)))
            .map(|n| n.flatten())
            .collect();
        let names: Vec<String> = half
            .iter()
            .map(|e| squeeze(&e.name.text).into_owned())
            .collect();
        if !half_adds_up(&names, &numbers) {
            return None;
        }
        let rows: Vec<Row> = half
            .into_iter()
            .map(|e| {
                let draft = Draft {
                    name: Some(e.name),
                    amounts: e.amount.into_iter().collect(),
                    ..Draft::default()
                };
                build_row(draft, 1, unit)
            })
            .collect();
        tables.push(Table {
            title: None,
            form: None,
            unit,
            side: Some(side),
            header: Vec::new(),
            columns: vec![Column::amount(0, column.clone())],
            rows,
            span,
            no_data: false,
            layout: Layout::Plain,
            doubts: Vec::new(),
        });
    }
    Some(tables)
}

/// The cells of the lines above the unit line that belong to the statement (the first row's
/// name and header words printed before it), back to its title or department line.
fn cells_above<'a>(
    lines: &[Line<'a>],
    unit_index: usize,
    is_furniture: &dyn Fn(&Line) -> bool,
) -> Vec<Cell<'a>> {
    let mut above: Vec<Cell> = Vec::new();
    for line in lines[..unit_index]
        .iter()
        .rev()
        .filter(|l| !l.is_blank())
        .take(MAX_LINES_ABOVE)
    {
        let t = line.text.trim();
        if is_furniture(line)
            || t.contains(['：', ':', '。'])
            || is_table_title(t)
            || is_form_number(t)
        {
            break;
        }
        let cells = super::cells_of(line);
        if cells.iter().any(|c| !c.is_text()) {
            break;
        }
        above.extend(cells.into_iter().rev());
    }
    above.reverse();
    above
}

/// Whether `year` is a year written just before the text `next` on its line (`2026 年预算数`).
fn year_before(year: &Cell, next: &Cell) -> bool {
    let gap = next.start.checked_sub(year.start + year.text.len());
    year.digits() == Some(4)
        && next.is_text()
        && next.text.starts_with('年')
        && gap.is_some_and(|g| g <= 1)
}

/// The one character of a side label written down the page (`收` / `入`, `支` / `出`, each on
/// a line of its own), or `None`.
fn label_fragment(c: &Cell) -> Option<char> {
    let mut chars = c.text.trim().chars();
    let first = chars.next()?;
    (c.is_text() && chars.next().is_none() && "收入支出".contains(first)).then_some(first)
}

/// The names and their amounts: a text piece starts a name when it opens with an ordinal, is
/// a total, or is longer than the tail of a wrapped name; otherwise it continues the name
/// before it. Names printed one after another and then their amounts (`一、…支出`,
/// `二、…支出`, `16723.90`, `234.50`: plain text emits each column of a block top to bottom)
/// take the amounts in order. A side label's character (`支`, `出`) where no name is open, or
/// after a name that already ends its word (`…支出`), is not part of a name. `None` when an
/// amount has no name waiting for it, or a name is left without one.
fn entries<'c, 'a: 'c>(cells: impl Iterator<Item = &'c Cell<'a>>) -> Option<Vec<Entry<'a>>> {
    let mut out: Vec<Entry> = Vec::new();
    // The first of the names still waiting for their amounts.
    let mut waiting = 0;
    for c in cells {
        if !c.is_text() {
            let name = out.get_mut(waiting)?;
            name.amount = Some(*c);
            waiting += 1;
            continue;
        }
        let open = out
            .last()
            .filter(|e| e.amount.is_none())
            .map(|e| squeeze(&e.name.text).into_owned());
        if label_fragment(c).is_some()
            && open.is_none_or(|name| name.ends_with("收入") || name.ends_with("支出"))
        {
            continue;
        }
        let word = squeeze(c.text);
        let continues = out
            .last()
            .is_some_and(|e| e.amount.is_none() && !starts_row(&word));
        match out.last_mut() {
            Some(e) if continues => e.name.push(c.text, c.start),
            _ => out.push(Entry {
                name: Text::from_source(c.text, c.start),
                amount: None,
            }),
        }
    }
    // A name left without an amount may be a row whose amount is blank, or an amount was lost:
    // which of the names it is, that the half still adds up would not tell.
    (out.len() >= 4 && out.iter().all(|e| e.amount.is_some())).then_some(out)
}

/// Whether a piece of text starts a row: an ordinal (`三、`, `（一）`, `1.`), a total or a
/// carry-over, or more than the few characters a wrapped name leaves on its next line.
fn starts_row(word: &str) -> bool {
    opens_with_ordinal(word)
        || word.ends_with("总计")
        || word.ends_with("合计")
        || word.contains("结转")
        || word.contains("结余")
        || word.chars().count() > 4
}

/// The side a statement row's name puts it on; `None` for a name that says neither.
fn side_of(name: &str) -> Option<Side> {
    if name.contains("支出") || name.starts_with("结转下年") || name.starts_with("年末结转")
    {
        (!name.contains("收入")).then_some(Side::Expenditure)
    } else if name.contains("收入")
        || name.ends_with("拨款")
        || name.starts_with("上年结转")
        || name.starts_with("年初结转")
    {
        Some(Side::Income)
    } else {
        None
    }
}

/// Whether a half adds up: its last row a 总计, equal to its first-level rows (the level of
/// the first numbered row) and the other unnumbered rows; with a 合计 row between, the
/// first-level rows add up to it and it with the unnumbered rows to the 总计. A row without an
/// amount counts nothing.
fn half_adds_up(names: &[String], numbers: &[Option<Number>]) -> bool {
    let Some((last, _)) = names.split_last() else {
        return false;
    };
    let Some(Some(grand)) = numbers.last() else {
        return false;
    };
    if !last.ends_with("总计") {
        return false;
    }
    let level = names.iter().find_map(|n| numbered_heading_level(n));
    let body = 0..names.len() - 1;
    let subtotal: Vec<usize> = body
        .clone()
        .filter(|&i| names[i].ends_with("合计"))
        .collect();
    let top: Vec<&Number> = body
        .clone()
        .filter(|&i| level.is_some() && numbered_heading_level(&names[i]) == level)
        .filter_map(|i| numbers[i].as_ref())
        .collect();
    let others: Vec<&Number> = body
        .clone()
        .filter(|&i| numbered_heading_level(&names[i]).is_none() && !subtotal.contains(&i))
        .filter_map(|i| numbers[i].as_ref())
        .collect();
    let adds = super::named::sums;
    if top.is_empty() {
        return false;
    }
    match subtotal.as_slice() {
        [] => adds(grand, &[top, others].concat()),
        [s] => numbers[*s].as_ref().is_some_and(|sub| {
            let mut with_carry = others.clone();
            with_carry.push(sub);
            adds(sub, &top) && adds(grand, &with_carry)
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::named::tests::read_tables;
    use crate::model::{Side, Table};

    /// The 财政拨款收支总表 of yuhu-hospital-2026-budget.plain.txt: income and expenditure rows
    /// in turn, names wrapped, header words among the first rows, an amount before the next
    /// name on its line.
    const YUHU: &str = "单位名称：湘潭市雨湖区人民医院~金额单位：万元~收入\n项目\n一、一般公共预算拨款~支出\n本年预算~项目\n12039.46~一、社会保障和就业支\n出~本年预算\n2039.49~二、政府性基金预算拨\n款~0.00 二、卫生健康支出~8876.52~三、国有资本经营预算\n拨款~0.00 三、住房保障支出~1123.45~收入总计~12039.46 支出总计~12039.46";

    fn rows(table: &Table) -> Vec<(String, String)> {
        table
            .rows
            .iter()
            .map(|r| {
                let v = r
                    .cell(0)
                    .flatten()
                    .map_or(String::new(), |n| n.value.to_string());
                (r.name().to_string(), v)
            })
            .collect()
    }

    #[test]
    fn a_statement_emitted_row_by_row_is_read_into_its_halves_when_they_add_up() {
        let tables = read_tables(YUHU).expect("read as a statement");
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].side, Some(Side::Income));
        assert_eq!(tables[1].side, Some(Side::Expenditure));
        assert_eq!(tables[0].columns[0].leaf, "本年预算");
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            rows(&tables[0]),
            pairs(&[
                ("一、一般公共预算拨款", "12039.46"),
                ("二、政府性基金预算拨款", "0.00"),
                ("三、国有资本经营预算拨款", "0.00"),
                ("收入总计", "12039.46"),
            ])
        );
        assert_eq!(
            rows(&tables[1]),
            pairs(&[
                ("一、社会保障和就业支出", "2039.49"),
                ("二、卫生健康支出", "8876.52"),
                ("三、住房保障支出", "1123.45"),
                ("支出总计", "12039.46"),
            ])
        );
        assert!(tables.iter().all(|t| t.doubts.is_empty()));
    }

    #[test]
    fn a_statement_whose_half_does_not_add_up_is_left_to_the_line_reader() {
        let text = YUHU.replace("~8876.52~", "~8876.62~");
        assert!(read_tables(&text).is_none());
    }

    #[test]
    fn a_name_without_an_amount_leaves_the_statement_to_the_line_reader() {
        // Its amount may have come after the next name: the half would add up all the same.
        let text = YUHU.replace("~0.00 二、卫生健康支出", "~二、卫生健康支出");
        assert!(read_tables(&text).is_none());
    }

    /// The 部门收支总表 of a Sichuan street office (yulin-street-2026-budget.plain.txt): `收入`
    /// and `支出` written down the side one character to a line, and two expenditure names
    /// printed before their two amounts.
    const YULIN: &str = "部门：成都市武侯区玉林街道办事处~项目~收~单位：万元~2026 年预算数~入~一、一般公共预算拨款收入~38965.20~二、政府性基金预算拨款收入~8765.40~三、其他收\n入~200.00~收入总计~47930.60~支~一、一般公共服务支出~二、文化旅游体育与传媒支出~出~16723.90~234.50~三、城乡社区支出~30972.20~支出总计~47930.60";

    #[test]
    fn side_labels_down_the_page_and_names_before_their_amounts_are_read() {
        let tables = read_tables(YULIN).expect("read as a statement");
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].columns[0].leaf, "预算数");
        let names = |t: &Table| rows(t);
        assert_eq!(
            names(&tables[0])[2],
            ("三、其他收入".to_string(), "200.00".to_string())
        );
        assert_eq!(
            names(&tables[1])[..2],
            [
                ("一、一般公共服务支出".to_string(), "16723.90".to_string()),
                (
                    "二、文化旅游体育与传媒支出".to_string(),
                    "234.50".to_string()
                ),
            ]
        );
    }

    #[test]
    fn names_before_fewer_amounts_leave_the_statement_to_the_line_reader() {
        // One of the two names has a blank amount: which one, the order does not tell.
        let text = YULIN.replace("~16723.90~234.50~", "~16958.40~");
        assert!(read_tables(&text).is_none());
    }

    #[test]
    fn a_name_with_two_amounts_leaves_the_statement_to_the_line_reader() {
        // Two amount columns a side (上年 and 本年): which amount is which row's is not known.
        let text = YUHU.replace("~8876.52~", "~8876.52~8876.52~");
        assert!(read_tables(&text).is_none());
    }
}
