//! The human format of `budlint inspect`: each block on a line with its source lines, each table
//! with its facts (title, form, unit, side…), header lines, columns and an aligned grid of rows.
//!
//! Widths are display widths (a CJK character takes two columns), so grids line up in a
//! terminal. Long prose is cut at [`PROSE_WIDTH`] columns; the JSON format has it whole.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::performance::{FieldReading, PerformanceReading};
use super::{
    BlockReading, CertaintyName, ColumnKindName, HeadingReading, LayoutName, Lines, NumberReading,
    ProseReading, Reading, RowReading, SideName, TableReading,
};
use crate::engine::Lang;

/// Prose (paragraphs, notes, furniture) is cut to this many display columns.
pub const PROSE_WIDTH: usize = 60;

/// Print every reading, a blank line between files.
pub fn write(readings: &[Reading], lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let words = Words::for_lang(lang);
    for (i, reading) in readings.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_reading(reading, &words, out)?;
    }
    Ok(())
}

fn write_reading(reading: &Reading, words: &Words, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "== {} ({}{}{}, {}{}{}, {})",
        reading.file,
        words.layout,
        words.named,
        layout_name(reading.layout),
        words.encoding,
        words.named,
        reading.encoding,
        (words.line_count)(reading.lines),
    )?;
    let line_width = reading
        .blocks
        .iter()
        .map(|b| line_range(b.lines()).len())
        .max()
        .unwrap_or(0);
    let kind_width = reading
        .blocks
        .iter()
        .map(|b| width(&block_kind(b, words)))
        .max()
        .unwrap_or(0);
    for block in &reading.blocks {
        let lines = line_range(block.lines());
        let kind = pad(&block_kind(block, words), kind_width);
        let text = match block {
            BlockReading::Heading(HeadingReading { text, .. }) => visible(text),
            BlockReading::Paragraph(p) | BlockReading::Note(p) | BlockReading::Furniture(p) => {
                prose(p, words)
            }
            BlockReading::Table(t) => match &t.title {
                Some(title) => visible(&title.text),
                None => words.untitled.to_string(),
            },
        };
        writeln!(out, "{lines:>line_width$}  {kind}  {text}")?;
        if let BlockReading::Table(table) = block {
            write_table(table, reading.layout, words, out)?;
        }
    }
    for table in &reading.performance {
        write_performance(table, words.zh, out)?;
    }
    Ok(())
}

/// A performance-target table or self-evaluation as read: fields, funds, indicators.
fn write_performance(t: &PerformanceReading, zh: bool, out: &mut dyn Write) -> io::Result<()> {
    let w = |zh_word: &'static str, en: &'static str| if zh { zh_word } else { en };
    let kind = match t.kind {
        "self_evaluation" => w("绩效自评表", "self-evaluation"),
        _ => w("绩效目标表", "performance targets"),
    };
    writeln!(
        out,
        "{}  {kind}  {}",
        line_range(t.lines),
        t.project
            .as_ref()
            .map(|p| visible(&p.text))
            .unwrap_or_default()
    )?;
    let field = |label: &str, f: &Option<FieldReading>| {
        f.as_ref().map(|f| {
            format!(
                "    {label}: {} ({} {})",
                visible(&f.text),
                w("行", "line"),
                f.line
            )
        })
    };
    let fields = [
        field(w("项目编码", "project code"), &t.project_code),
        field(w("主管部门", "department"), &t.department),
        field(w("实施单位", "implementer"), &t.implementer),
        field(w("项目属性", "attribute"), &t.attribute),
        field(w("项目期", "period"), &t.period),
        field(w("自评等级", "grade"), &t.grade),
    ];
    for line in fields.into_iter().flatten() {
        writeln!(out, "{line}")?;
    }
    if let Some(code) = &t.department_code {
        writeln!(out, "    {}: {code}", w("主管部门代码", "department code"))?;
    }
    if t.one_year {
        writeln!(out, "    {}", w("一年期项目", "one-year project"))?;
    }
    if !t.cut_labels.is_empty() {
        let lines: Vec<String> = t.cut_labels.iter().map(usize::to_string).collect();
        writeln!(
            out,
            "    {}: {} ({} {})",
            w("存疑", "in doubt"),
            w(
                "标签被转换工具拆到两格，各数字未必属于所在标签，不作核对",
                "a converter cut labels over two cells; figures are not checked"
            ),
            w("行", "lines"),
            lines.join(", ")
        )?;
    }
    let line_note = |line: Option<usize>| {
        line.map(|l| format!(" ({} {l})", w("行", "line")))
            .unwrap_or_default()
    };
    let amount = |n: &Option<NumberReading>| {
        n.as_ref()
            .map(|n| n.written.clone())
            .unwrap_or_else(|| "-".into())
    };
    for (label, funds) in [
        (
            w("实施期资金", "implementation funds"),
            &t.implementation_funds,
        ),
        (w("年度资金", "annual funds"), &t.annual_funds),
    ] {
        if funds.total.is_none() && funds.sources.is_empty() {
            continue;
        }
        let sources: Vec<String> = funds
            .sources
            .iter()
            .map(|s| format!("{} {}", s.source, amount(&s.value)))
            .collect();
        let line = funds
            .total
            .as_ref()
            .map(|n| n.span.line)
            .or(funds.sources.first().map(|s| s.line));
        writeln!(
            out,
            "    {label}: {} [{}]{}",
            amount(&funds.total),
            sources.join(", "),
            line_note(line)
        )?;
    }
    for task in &t.tasks {
        writeln!(
            out,
            "    {}: {} {}{}",
            w("年度主要任务", "main task"),
            task.name.as_ref().map(|f| f.text.as_str()).unwrap_or("-"),
            task.amount.written,
            line_note(Some(task.amount.span.line)),
        )?;
    }
    if let Some(e) = &t.execution {
        writeln!(
            out,
            "    {}: {} / {} = {} ({} {} / {}){}",
            w("预算执行", "budget execution"),
            amount(&e.executed),
            amount(&e.full_year_budget),
            amount(&e.rate),
            w("得分", "score"),
            amount(&e.score),
            amount(&e.weight),
            line_note(Some(e.line)),
        )?;
    }
    for text in &t.texts {
        writeln!(
            out,
            "    {}: {}",
            visible(&text.label),
            truncate(&visible(&text.text), 60)
        )?;
    }
    for i in &t.indicators {
        let value = i
            .value
            .as_ref()
            .map(|v| visible(&v.text))
            .unwrap_or_default();
        let mut line = format!(
            "    {:>5}  {} {}/{}/{}  {}",
            i.line,
            i.group,
            visible(&i.level1),
            visible(&i.level2),
            i.name.as_deref().map(visible).unwrap_or_default(),
            value
        );
        if let Some(weight) = &i.weight {
            line.push_str(&format!("  {} {}", w("分值", "weight"), weight.written));
        }
        if let Some(actual) = &i.actual {
            line.push_str(&format!("  {} {}", w("实际", "actual"), visible(actual)));
        }
        if let Some(score) = &i.score {
            line.push_str(&format!("  {} {}", w("得分", "score"), score.written));
        }
        writeln!(out, "{line}")?;
    }
    if t.total_weight.is_some() || t.total_score.is_some() {
        writeln!(
            out,
            "    {}: {} / {}{}",
            w("总分", "total"),
            amount(&t.total_score),
            amount(&t.total_weight),
            line_note(
                t.total_score
                    .as_ref()
                    .or(t.total_weight.as_ref())
                    .map(|n| n.span.line)
            )
        )?;
    }
    Ok(())
}

fn block_kind(block: &BlockReading, words: &Words) -> String {
    match block {
        BlockReading::Heading(h) => format!("{} {}", words.heading, h.level),
        BlockReading::Paragraph(_) => words.paragraph.to_string(),
        BlockReading::Note(_) => words.note.to_string(),
        BlockReading::Furniture(_) => words.furniture.to_string(),
        BlockReading::Table(_) => words.table.to_string(),
    }
}

/// The prose cut to [`PROSE_WIDTH`], with how many numbers the reader found in it.
fn prose(p: &ProseReading, words: &Words) -> String {
    let text = truncate(&visible(&p.text), PROSE_WIDTH);
    if p.numbers.is_empty() {
        text
    } else {
        format!("{text}  [{}]", (words.number_count)(p.numbers.len()))
    }
}

/// What a table is, one fact per line; a new table-level field is one more entry here.
fn table_facts(table: &TableReading, words: &Words) -> Vec<(&'static str, String)> {
    let located = |t: &Option<super::LineText>| match t {
        Some(t) => format!("{} ({})", visible(&t.text), (words.at_line)(t.line)),
        None => "-".to_string(),
    };
    let mut facts = vec![
        (words.title, located(&table.title)),
        (words.form, located(&table.form)),
        (
            words.unit,
            table.unit.map_or("-", |u| u.written()).to_string(),
        ),
        (
            words.side,
            match table.side {
                Some(SideName::Income) => words.income,
                Some(SideName::Expenditure) => words.expenditure,
                None => "-",
            }
            .to_string(),
        ),
        (
            words.no_data,
            if table.no_data { words.yes } else { words.no }.to_string(),
        ),
    ];
    for doubt in &table.doubts {
        let lines: Vec<String> = doubt.lines.iter().map(|&l| (words.at_line)(l)).collect();
        let reason = if words.zh {
            doubt.reason_zh
        } else {
            doubt.reason
        };
        facts.push((words.doubt, format!("{reason} ({})", lines.join(", "))));
    }
    facts
}

fn write_table(
    table: &TableReading,
    document_layout: LayoutName,
    words: &Words,
    out: &mut dyn Write,
) -> io::Result<()> {
    const INDENT: &str = "    ";
    let mut facts = table_facts(table, words);
    // Every table is read in its document's layout today; say so only when that changes.
    if table.layout != document_layout {
        facts.push((words.layout, layout_name(table.layout).to_string()));
    }
    let key_width = facts
        .iter()
        .map(|(k, _)| width(k))
        .chain([words.header, words.columns, words.rows].map(width))
        .max()
        .unwrap_or(0)
        + width(words.colon);
    let keyed = |key: &str| pad(&format!("{key}{}", words.colon), key_width);
    for (key, value) in &facts {
        writeln!(out, "{INDENT}{}  {value}", keyed(key))?;
    }
    // A list is written under its name, or `-` beside it when empty.
    let list = |out: &mut dyn Write, key: &str, empty: bool| {
        if empty {
            writeln!(out, "{INDENT}{}  -", keyed(key))
        } else {
            writeln!(out, "{INDENT}{key}{}", words.colon)
        }
    };

    list(out, words.header, table.header.is_empty())?;
    let header_width = table
        .header
        .iter()
        .map(|h| h.line.to_string().len())
        .max()
        .unwrap_or(0);
    for h in &table.header {
        writeln!(
            out,
            "{INDENT}  {:>header_width$} | {}",
            h.line,
            visible(&h.text).trim_end()
        )?;
    }

    list(out, words.columns, table.columns.is_empty())?;
    let number_width = table.columns.len().to_string().len();
    let name_width = table
        .columns
        .iter()
        .map(|c| width(&c.name))
        .max()
        .unwrap_or(0);
    for (i, column) in table.columns.iter().enumerate() {
        let kind = match column.kind {
            ColumnKindName::Amount => words.amount,
            ColumnKindName::Ordinal => words.ordinal,
        };
        writeln!(
            out,
            "{INDENT}  {:>number_width$}  {}  {kind}",
            i + 1,
            pad(&column.name, name_width)
        )?;
    }

    list(out, words.rows, table.rows.is_empty())?;
    if table.rows.is_empty() {
        return Ok(());
    }
    for line in row_grid(table, words) {
        writeln!(out, "{INDENT}  {}", line.trim_end())?;
    }
    Ok(())
}

/// The rows as an aligned grid: line, code, label, one column per table column, placement; a
/// row's text cells beyond its label go on a line of their own under it.
fn row_grid(table: &TableReading, words: &Words) -> Vec<String> {
    // A placement past the named columns is a reader bug; show it rather than drop the value.
    let placed_columns = table
        .rows
        .iter()
        .flat_map(|r| r.values.iter().filter_map(|v| v.column))
        .chain(
            table
                .rows
                .iter()
                .flat_map(|r| r.not_applicable.iter().copied()),
        )
        .map(|c| c + 1)
        .max()
        .unwrap_or(0);
    let columns = table.columns.len().max(placed_columns);
    let mut header = vec![
        Cell::left(words.line),
        Cell::left(words.code),
        Cell::left(words.label),
    ];
    header.extend((0..columns).map(|c| {
        Cell::right(
            table
                .columns
                .get(c)
                .map_or_else(|| format!("?{}", c + 1), |col| visible(&col.leaf)),
        )
    }));
    header.push(Cell::left(words.placement));

    let mut grid = vec![header];
    let mut extra: Vec<Option<String>> = vec![None];
    for row in &table.rows {
        let mut cells = vec![
            Cell::left(line_range(row.lines)),
            Cell::left(row.code.as_ref().map_or("", |c| c.code.as_str())),
            Cell::left(visible(&row.label)),
        ];
        cells.extend((0..columns).map(|c| Cell::right(amount_cell(row, c))));
        cells.push(Cell::left(placement(row, words)));
        grid.push(cells);
        extra.push(text_cells(row, words));
    }

    let mut widths = vec![0; grid[0].len()];
    for cells in &grid {
        for (w, cell) in widths.iter_mut().zip(cells) {
            *w = (*w).max(width(&cell.text));
        }
    }
    let mut lines = Vec::new();
    for (cells, extra) in grid.iter().zip(extra) {
        let line: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| cell.padded(w))
            .collect();
        lines.push(line.join("  "));
        if let Some(extra) = extra {
            lines.push(format!("{}  {extra}", " ".repeat(widths[0])));
        }
    }
    lines
}

/// What a row holds in column `c`: its amount, `——` when not applicable, blank when empty or
/// when the row could not be placed.
fn amount_cell(row: &RowReading, c: usize) -> String {
    let placed: Vec<&str> = row
        .values
        .iter()
        .filter(|v| v.column == Some(c))
        .map(|v| v.number.value.as_str())
        .collect();
    if !placed.is_empty() {
        placed.join(" ")
    } else if row.not_applicable.contains(&c) {
        "——".to_string()
    } else {
        String::new()
    }
}

/// How the row was placed; an ambiguous row lists its values in source order instead.
fn placement(row: &RowReading, words: &Words) -> String {
    let name = certainty_name(row.certainty, words);
    // A settled row in doubt is not `确定`: its amounts may be another row's.
    let name = if row.in_doubt && row.is_settled() {
        words.doubt
    } else {
        name
    };
    if row.is_settled() {
        return name.to_string();
    }
    let values: Vec<&str> = row.values.iter().map(|v| v.number.value.as_str()).collect();
    format!(
        "{name} ({}): {}",
        (words.placement_count)(row.candidates.len()),
        values.join(" ")
    )
}

/// The row's text cells, when they say more than its label.
fn text_cells(row: &RowReading, words: &Words) -> Option<String> {
    match row.cells.as_slice() {
        [] => None,
        [only] if *only == row.label => None,
        cells => Some(format!(
            "{}{}{}",
            words.cells,
            words.named,
            cells
                .iter()
                .map(|c| visible(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )),
    }
}

struct Cell {
    text: String,
    right: bool,
}

impl Cell {
    fn left(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            right: false,
        }
    }

    fn right(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            right: true,
        }
    }

    fn padded(&self, w: usize) -> String {
        let fill = " ".repeat(w.saturating_sub(width(&self.text)));
        if self.right {
            format!("{fill}{}", self.text)
        } else {
            format!("{}{fill}", self.text)
        }
    }
}

/// `64` or `64-168`.
fn line_range(lines: Lines) -> String {
    if lines.first_line == lines.last_line {
        lines.first_line.to_string()
    } else {
        format!("{}-{}", lines.first_line, lines.last_line)
    }
}

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// Cut `s` to at most `max` display columns, marking the cut with `…`.
fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Tabs shown as `⇥` and other control characters as `�`, so they cannot break the grid.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => '⇥',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn layout_name(layout: LayoutName) -> &'static str {
    match layout {
        LayoutName::Plain => "plain",
        LayoutName::Aligned => "aligned",
        LayoutName::Tabbed => "tabbed",
        LayoutName::Piped => "piped",
        LayoutName::Html => "html",
    }
}

fn certainty_name(certainty: CertaintyName, words: &Words) -> &'static str {
    match certainty {
        CertaintyName::Exact => words.exact,
        CertaintyName::Aligned => words.aligned,
        CertaintyName::Spacing => words.spacing,
        CertaintyName::Arithmetic => words.arithmetic,
        CertaintyName::Ambiguous => words.ambiguous,
    }
}

/// The words of the human format in one language (`--lang`).
struct Words {
    colon: &'static str,
    /// Between a name and its value inside a line (`layout: plain`).
    named: &'static str,
    at_line: fn(usize) -> String,
    layout: &'static str,
    encoding: &'static str,
    line_count: fn(usize) -> String,
    heading: &'static str,
    paragraph: &'static str,
    note: &'static str,
    furniture: &'static str,
    table: &'static str,
    untitled: &'static str,
    number_count: fn(usize) -> String,
    title: &'static str,
    form: &'static str,
    unit: &'static str,
    side: &'static str,
    income: &'static str,
    expenditure: &'static str,
    no_data: &'static str,
    /// A reason the reading of some rows is in doubt.
    doubt: &'static str,
    zh: bool,
    yes: &'static str,
    no: &'static str,
    header: &'static str,
    columns: &'static str,
    amount: &'static str,
    ordinal: &'static str,
    rows: &'static str,
    line: &'static str,
    code: &'static str,
    label: &'static str,
    placement: &'static str,
    cells: &'static str,
    exact: &'static str,
    aligned: &'static str,
    spacing: &'static str,
    arithmetic: &'static str,
    ambiguous: &'static str,
    placement_count: fn(usize) -> String,
}

impl Words {
    fn for_lang(lang: Lang) -> Words {
        match lang {
            Lang::En => Words {
                colon: ":",
                named: ": ",
                at_line: |n| format!("line {n}"),
                layout: "layout",
                encoding: "encoding",
                line_count: |n| match n {
                    1 => "1 line".to_string(),
                    n => format!("{n} lines"),
                },
                heading: "heading",
                paragraph: "paragraph",
                note: "note",
                furniture: "furniture",
                table: "table",
                untitled: "(untitled)",
                number_count: |n| match n {
                    1 => "1 number".to_string(),
                    n => format!("{n} numbers"),
                },
                title: "title",
                form: "form",
                unit: "unit",
                side: "side",
                income: "income",
                expenditure: "expenditure",
                no_data: "no data",
                doubt: "in doubt",
                zh: false,
                yes: "yes",
                no: "no",
                header: "header",
                columns: "columns",
                amount: "amount",
                ordinal: "ordinal",
                rows: "rows",
                line: "line",
                code: "code",
                label: "label",
                placement: "placement",
                cells: "cells",
                exact: "exact",
                aligned: "aligned",
                spacing: "spacing",
                arithmetic: "arithmetic",
                ambiguous: "ambiguous",
                placement_count: |n| match n {
                    1 => "1 placement".to_string(),
                    n => format!("{n} placements"),
                },
            },
            Lang::Zh => Words {
                colon: "：",
                named: "：",
                at_line: |n| format!("第 {n} 行"),
                layout: "版式",
                encoding: "编码",
                line_count: |n| format!("{n} 行"),
                heading: "标题",
                paragraph: "段落",
                note: "注",
                furniture: "页面元素",
                table: "表格",
                untitled: "（无标题）",
                number_count: |n| format!("{n} 个数字"),
                title: "表名",
                form: "表号",
                unit: "单位",
                side: "收支",
                income: "收入",
                expenditure: "支出",
                no_data: "无数据",
                doubt: "存疑",
                zh: true,
                yes: "是",
                no: "否",
                header: "表头",
                columns: "列",
                amount: "金额",
                ordinal: "序号",
                rows: "行",
                line: "行号",
                code: "科目编码",
                label: "项目",
                placement: "定位",
                cells: "文字单元格",
                exact: "确定",
                aligned: "按列位置",
                spacing: "按空格",
                arithmetic: "按勾稽",
                ambiguous: "不确定",
                placement_count: |n| format!("{n} 种可能"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_counts_display_columns() {
        assert_eq!(truncate("合计合计", 8), "合计合计");
        assert_eq!(truncate("合计合计合计", 8), "合计合…");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }

    #[test]
    fn cells_pad_by_display_width() {
        assert_eq!(Cell::right("合计").padded(6), "  合计");
        assert_eq!(Cell::left("合计").padded(6), "合计  ");
    }
}
