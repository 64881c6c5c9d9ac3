//! `budlint inspect`: the document as budlint read it, so a user can see why a finding fired and
//! a test can pin a reading down.
//!
//! Collecting and printing are separate steps. [`read_paths`] finds the files as the linter does
//! ([`crate::lint::discover`]), reads and parses each one, and turns the model into a
//! [`Reading`]: plain data with every span resolved to lines and columns and every number kept as
//! the exact decimal written. [`human`] prints a reading as aligned text, [`json`] as a versioned
//! JSON document; neither knows how the document was parsed.

pub mod human;
pub mod json;
pub mod performance;

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::Settings;
use crate::diagnostic::FileError;
use crate::model::{
    Block, Certainty, ColumnKind, Document, Doubt, DoubtKind, Layout, Number, Paragraph, Row, Side,
    SubjectCode, Table, Text, Unit,
};
use crate::render::{clamp_span, display_path};
use crate::source::{SourceFile, Span};

/// What `budlint inspect` read: one reading per file read, one error per file that could not
/// be, both sorted by path.
#[derive(Debug, Default)]
pub struct Inspection {
    pub readings: Vec<Reading>,
    pub errors: Vec<FileError>,
}

/// Read every file found under `paths` (directories are walked with the configured
/// `include`/`exclude`, as the linter walks them) and record how each was read.
pub fn read_paths(paths: &[PathBuf], settings: &Settings) -> Inspection {
    let (files, mut errors) = crate::lint::discover(paths, settings);
    let pdf_tool = crate::lint::pdf_tool_for(&files, settings);
    let mut readings = Vec::new();
    for path in &files {
        match read_file(path, settings, pdf_tool.as_ref()) {
            Ok(reading) => readings.push(reading),
            Err(error) => errors.push(error),
        }
    }
    readings.sort_by(|a, b| a.file.cmp(&b.file));
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    Inspection { readings, errors }
}

/// Read and parse one file; a read error is reported as the linter reports it.
pub fn read_file(
    path: &Path,
    settings: &Settings,
    pdf_tool: Option<&crate::lint::PdfTool>,
) -> Result<Reading, FileError> {
    let display = path.display().to_string();
    let source = crate::lint::read_source(path, settings, pdf_tool)?;
    // A bug in a parser must cost one file, not the whole run.
    panic::catch_unwind(AssertUnwindSafe(|| read_source(&source))).map_err(|payload| FileError {
        path: display,
        reason: format!(
            "internal error while reading (a bug in budlint): {}",
            crate::lint::panic_detail(payload.as_ref())
        ),
    })
}

/// Parse a decoded source and record how it was read.
pub fn read_source(source: &SourceFile) -> Reading {
    let document = crate::parse::parse(source);
    Reading::of(source, &document)
}

/// One file as budlint read it.
#[derive(Debug, Clone, Serialize)]
pub struct Reading {
    /// The path as given or found while walking, with `/` separators.
    pub file: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `GB18030`…).
    pub encoding: String,
    pub layout: LayoutName,
    /// Number of lines in the file.
    pub lines: usize,
    pub blocks: Vec<BlockReading>,
    /// The performance-target tables and self-evaluations, read as forms.
    pub performance: Vec<performance::PerformanceReading>,
}

impl Reading {
    pub fn of(source: &SourceFile, document: &Document) -> Reading {
        let at = Locator { source };
        Reading {
            file: display_path(&source.path),
            encoding: source.encoding.to_string(),
            layout: if crate::parse::reads_html(source) {
                LayoutName::Html
            } else {
                crate::parse::detect_layout(source).into()
            },
            lines: source.line_count(),
            blocks: document.blocks.iter().map(|b| at.block(b)).collect(),
            performance: document
                .performance
                .iter()
                .map(|t| at.performance(t))
                .collect(),
        }
    }
}

/// A block in document order, tagged by `kind` in JSON.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockReading {
    Heading(HeadingReading),
    Paragraph(ProseReading),
    /// `注：本表无数据` and other notes under a table or section.
    Note(ProseReading),
    /// Page numbers, running headers and watermark fragments kept out of tables and prose.
    Furniture(ProseReading),
    Table(TableReading),
}

impl BlockReading {
    /// The 1-based lines the block covers.
    pub fn lines(&self) -> Lines {
        match self {
            BlockReading::Heading(h) => h.lines,
            BlockReading::Paragraph(p) | BlockReading::Note(p) | BlockReading::Furniture(p) => {
                p.lines
            }
            BlockReading::Table(t) => t.lines,
        }
    }
}

/// A range of 1-based source lines, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Lines {
    pub first_line: usize,
    pub last_line: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeadingReading {
    #[serde(flatten)]
    pub lines: Lines,
    /// 1 for `#`, 2 for `##`…; 0 when the level was inferred from numbering.
    pub level: u8,
    pub text: String,
}

/// A paragraph, note or piece of furniture: its text joined across hard line wraps, and the
/// numbers the reader found in it.
#[derive(Debug, Clone, Serialize)]
pub struct ProseReading {
    #[serde(flatten)]
    pub lines: Lines,
    pub text: String,
    pub numbers: Vec<NumberReading>,
}

/// A line of text as it stands in the source (a title, a header line).
#[derive(Debug, Clone, Serialize)]
pub struct LineText {
    pub line: usize,
    pub text: String,
}

/// Where a piece of source text is: 1-based line and column (in characters) of its first
/// character, and the position just after its last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// A number as read: the exact decimal (thousands separators removed, decimals kept as
/// written) and the source text it was read from.
#[derive(Debug, Clone, Serialize)]
pub struct NumberReading {
    /// The exact decimal, e.g. `"16390.41"`, `"47.80"`, `"1976800"`.
    pub value: String,
    /// Digits written after the decimal point.
    pub decimals: u32,
    pub unit: Option<UnitName>,
    /// The source text as written, e.g. `"16,390.41"`.
    pub written: String,
    /// Where it was written.
    pub span: Position,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableReading {
    #[serde(flatten)]
    pub lines: Lines,
    pub title: Option<LineText>,
    /// The form number printed near the title (`预算公开表1`).
    pub form: Option<LineText>,
    pub unit: Option<UnitName>,
    /// For a side-by-side 收支总表 split in two, which half this is.
    pub side: Option<SideName>,
    /// The table states it holds no data (`本表无数据`).
    pub no_data: bool,
    /// The layout the table was read in.
    pub layout: LayoutName,
    /// The header lines as written.
    pub header: Vec<LineText>,
    pub columns: Vec<ColumnReading>,
    pub rows: Vec<RowReading>,
    /// Why the reading of some rows is in doubt (empty: the reading is sound); the table checks
    /// report no error on a sum involving a row in doubt.
    pub doubts: Vec<DoubtReading>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoubtReading {
    /// `orphan-numbers`, `rows-without-numbers`, `stray-integer`, `rehomed-by-order`,
    /// `total-by-position`, `codes-missing`.
    pub kind: &'static str,
    /// What it means, in English.
    pub reason: &'static str,
    /// The same in Chinese, for the human format under `--lang zh`.
    #[serde(skip)]
    pub reason_zh: &'static str,
    /// The 1-based lines where the reader saw it.
    pub lines: Vec<usize>,
    /// 0-based indices into `rows` of the rows in doubt; `null`: every row.
    pub rows: Option<Vec<usize>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnReading {
    /// The header path, parts joined with `/` (`本年收入/合计`); `列1`… when unnamed.
    pub name: String,
    /// The lowest header cell naming the column (`合计`).
    pub leaf: String,
    pub kind: ColumnKindName,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowReading {
    #[serde(flatten)]
    pub lines: Lines,
    pub code: Option<CodeReading>,
    /// The row's name, joined across wraps.
    pub label: String,
    pub certainty: CertaintyName,
    /// One of the table's doubts covers the row: its amounts may not be its own, and the checks
    /// stay silent on it. Left out when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_doubt: bool,
    /// The amounts in source order. `column` indexes `columns` (0-based); it is `null` in an
    /// ambiguous row, whose possible placements are in `candidates`.
    pub values: Vec<ValueReading>,
    /// For an ambiguous row, every placement still possible: for each, the column of each value.
    pub candidates: Vec<Vec<usize>>,
    /// Columns (0-based) whose cell is marked `——` or `-` (not applicable).
    pub not_applicable: Vec<usize>,
    /// Every text cell of the row in source order, the label's cell first.
    pub cells: Vec<String>,
}

impl RowReading {
    /// Whether the row's values were given columns (every certainty but ambiguous).
    pub fn is_settled(&self) -> bool {
        self.certainty != CertaintyName::Ambiguous
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueReading {
    pub column: Option<usize>,
    #[serde(flatten)]
    pub number: NumberReading,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeReading {
    /// Digits only, whether written whole or split over 类/款/项.
    pub code: String,
    /// Where it was written.
    pub span: Position,
}

/// [`Layout`] as named in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayoutName {
    Plain,
    Aligned,
    Tabbed,
    Piped,
    /// `<table>` markup, in Markdown or in a web page.
    Html,
}

impl From<Layout> for LayoutName {
    fn from(layout: Layout) -> Self {
        match layout {
            Layout::Plain => LayoutName::Plain,
            Layout::Aligned => LayoutName::Aligned,
            Layout::Tabbed => LayoutName::Tabbed,
            Layout::Piped => LayoutName::Piped,
        }
    }
}

/// [`Unit`] as named in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitName {
    Yuan,
    WanYuan,
    YiYuan,
    Percent,
}

impl From<Unit> for UnitName {
    fn from(unit: Unit) -> Self {
        match unit {
            Unit::Yuan => UnitName::Yuan,
            Unit::WanYuan => UnitName::WanYuan,
            Unit::YiYuan => UnitName::YiYuan,
            Unit::Percent => UnitName::Percent,
        }
    }
}

impl UnitName {
    /// The unit as a document writes it.
    pub fn written(self) -> &'static str {
        match self {
            UnitName::Yuan => "元",
            UnitName::WanYuan => "万元",
            UnitName::YiYuan => "亿元",
            UnitName::Percent => "%",
        }
    }
}

/// [`Side`] as named in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SideName {
    Income,
    Expenditure,
}

impl From<Side> for SideName {
    fn from(side: Side) -> Self {
        match side {
            Side::Income => SideName::Income,
            Side::Expenditure => SideName::Expenditure,
        }
    }
}

/// [`ColumnKind`] as named in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKindName {
    Amount,
    Ordinal,
}

impl From<ColumnKind> for ColumnKindName {
    fn from(kind: ColumnKind) -> Self {
        match kind {
            ColumnKind::Amount => ColumnKindName::Amount,
            ColumnKind::Ordinal => ColumnKindName::Ordinal,
        }
    }
}

/// [`Certainty`] as named in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertaintyName {
    Exact,
    Aligned,
    Spacing,
    Arithmetic,
    Ambiguous,
}

impl From<Certainty> for CertaintyName {
    fn from(certainty: Certainty) -> Self {
        match certainty {
            Certainty::Exact => CertaintyName::Exact,
            Certainty::Aligned => CertaintyName::Aligned,
            Certainty::Spacing => CertaintyName::Spacing,
            Certainty::Arithmetic => CertaintyName::Arithmetic,
            Certainty::Ambiguous => CertaintyName::Ambiguous,
        }
    }
}

/// Turns the model's byte spans into lines and columns of one source.
struct Locator<'a> {
    source: &'a SourceFile,
}

impl Locator<'_> {
    fn block(&self, block: &Block) -> BlockReading {
        match block {
            Block::Heading(h) => BlockReading::Heading(HeadingReading {
                lines: self.lines(h.text.span()),
                level: h.level,
                text: h.text.text.clone(),
            }),
            Block::Paragraph(p) => BlockReading::Paragraph(self.prose(p)),
            Block::Note(p) => BlockReading::Note(self.prose(p)),
            Block::Furniture(p) => BlockReading::Furniture(self.prose(p)),
            Block::Table(t) => BlockReading::Table(self.table(t)),
        }
    }

    fn prose(&self, paragraph: &Paragraph) -> ProseReading {
        ProseReading {
            lines: self.lines(paragraph.text.span()),
            text: paragraph.text.text.clone(),
            numbers: paragraph.numbers.iter().map(|n| self.number(n)).collect(),
        }
    }

    /// A table's layout; an HTML table is read as a pipe table is, but named for what it is.
    fn table_layout(&self, table: &Table) -> LayoutName {
        let written = self.source.text.get(table.span.start..table.span.end);
        let markup = written.is_some_and(|t| t.contains("<table") || t.contains("<TABLE"));
        if table.layout == Layout::Piped && markup {
            LayoutName::Html
        } else {
            table.layout.into()
        }
    }

    fn table(&self, table: &Table) -> TableReading {
        TableReading {
            lines: self.lines(table.span),
            title: table.title.as_ref().map(|t| self.line_text(t)),
            form: table.form.as_ref().map(|t| self.line_text(t)),
            unit: table.unit.map(UnitName::from),
            side: table.side.map(SideName::from),
            no_data: table.no_data,
            layout: self.table_layout(table),
            header: table.header.iter().map(|t| self.line_text(t)).collect(),
            columns: table
                .columns
                .iter()
                .map(|c| ColumnReading {
                    name: c.name.clone(),
                    leaf: c.leaf.clone(),
                    kind: c.kind.into(),
                })
                .collect(),
            rows: (0..table.rows.len())
                .map(|i| self.row(&table.rows[i], table.row_in_doubt(i)))
                .collect(),
            doubts: table.doubts.iter().map(|d| self.doubt(d)).collect(),
        }
    }

    fn doubt(&self, doubt: &Doubt) -> DoubtReading {
        let mut lines: Vec<usize> = doubt
            .spans
            .iter()
            .map(|s| self.lines(*s).first_line)
            .collect();
        lines.dedup();
        DoubtReading {
            kind: match doubt.kind {
                DoubtKind::OrphanNumbers => "orphan-numbers",
                DoubtKind::RowsWithoutNumbers => "rows-without-numbers",
                DoubtKind::StrayInteger => "stray-integer",
                DoubtKind::RehomedByOrder => "rehomed-by-order",
                DoubtKind::TotalByPosition => "total-by-position",
                DoubtKind::CodesMissing => "codes-missing",
                DoubtKind::UnreadableAmounts => "unreadable-amounts",
                DoubtKind::CodesAmongAmounts => "codes-among-amounts",
                DoubtKind::JoinedLabels => "joined-labels",
                DoubtKind::WrongSide => "wrong-side",
                DoubtKind::MisalignedCells => "misaligned-cells",
                DoubtKind::LabelColumns => "label-columns",
            },
            reason: doubt.kind.describe(false),
            reason_zh: doubt.kind.describe(true),
            lines,
            rows: doubt.rows.clone(),
        }
    }

    fn row(&self, row: &Row, in_doubt: bool) -> RowReading {
        let settled = row.is_settled();
        RowReading {
            lines: self.lines(row.span),
            code: row.code.as_ref().map(|c| self.code(c)),
            label: row.label.text.clone(),
            certainty: row.certainty.into(),
            in_doubt,
            values: row
                .values
                .iter()
                .enumerate()
                .map(|(i, n)| ValueReading {
                    column: row.placement.get(i).copied().filter(|_| settled),
                    number: self.number(n),
                })
                .collect(),
            candidates: row.candidates.clone(),
            not_applicable: row.not_applicable.clone(),
            cells: row.cells.iter().map(|c| c.text.clone()).collect(),
        }
    }

    fn code(&self, code: &SubjectCode) -> CodeReading {
        CodeReading {
            code: code.code.clone(),
            span: self.position(code.span),
        }
    }

    fn number(&self, number: &Number) -> NumberReading {
        let span = clamp_span(self.source, number.span);
        NumberReading {
            value: number.value.to_string(),
            decimals: number.decimals,
            unit: number.unit.map(UnitName::from),
            written: self.source.slice(span).to_string(),
            span: self.position(span),
        }
    }

    fn line_text(&self, text: &Text) -> LineText {
        LineText {
            line: self.lines(text.span()).first_line,
            text: text.text.clone(),
        }
    }

    fn position(&self, span: Span) -> Position {
        let span = clamp_span(self.source, span);
        let (line, column) = self.source.line_col(span.start);
        let (end_line, end_column) = self.source.line_col(span.end);
        Position {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The lines a span touches; its exclusive end belongs to the line of its last byte.
    fn lines(&self, span: Span) -> Lines {
        let span = clamp_span(self.source, span);
        let first_line = self.source.line_col(span.start).0;
        let last_line = self
            .source
            .line_col(span.end.saturating_sub(1).max(span.start))
            .0;
        Lines {
            first_line,
            last_line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(name: &str, text: &str) -> Reading {
        read_source(&SourceFile::from_str(name, text))
    }

    fn only_table(reading: &Reading) -> &TableReading {
        let tables: Vec<&TableReading> = reading
            .blocks
            .iter()
            .filter_map(|b| match b {
                BlockReading::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 1, "{reading:#?}");
        tables[0]
    }

    const FINAL: &str = "收入支出决算表\n\n单位：万元\n\n| 项目 | 行次 | 年初结转和结余 | 本年收入 | 本年支出 | 年末结转和结余 |\n|---|---|---|---|---|---|\n| 栏次 | | 1 | 2 | 3 | 4 |\n| 一、一般公共预算财政拨款 | 1 | —— | 1,234.56 | 1,200.00 | 34.56 |\n| 合计 | 3 | 0.00 | 1,234.56 | 1,200.00 | 34.56 |\n";

    #[test]
    fn numbers_keep_the_exact_decimal_and_the_text_as_written() {
        let reading = reading("final.md", FINAL);
        assert_eq!(reading.layout, LayoutName::Piped);
        let table = only_table(&reading);
        let row = &table.rows[0];
        assert_eq!(row.lines.first_line, 8);
        assert_eq!(row.not_applicable, [0]);
        let income = &row.values[0];
        assert_eq!(income.column, Some(1));
        assert_eq!(income.number.value, "1234.56");
        assert_eq!(income.number.written, "1,234.56");
        assert_eq!(income.number.decimals, 2);
        let line = FINAL.lines().nth(7).expect("line 8");
        let at = line.find("1,234.56").expect("the amount");
        let column = line[..at].chars().count() + 1;
        assert_eq!(
            income.number.span,
            Position {
                line: 8,
                column,
                end_line: 8,
                end_column: column + 8
            }
        );
    }

    #[test]
    fn the_grid_marks_not_applicable_cells_and_keeps_columns_aligned() {
        let mut out = Vec::new();
        human::write(
            &[reading("final.md", FINAL)],
            crate::engine::Lang::En,
            &mut out,
        )
        .expect("written");
        let out = String::from_utf8(out).expect("utf-8");
        let rows: Vec<&str> = out
            .lines()
            .skip_while(|l| l.trim() != "rows:")
            .skip(1)
            .filter(|l| !l.trim_start().starts_with("cells:"))
            .collect();
        assert_eq!(rows.len(), 3, "{out}");
        // The 行次 of each row is one of its text cells, not an amount.
        assert!(out.contains("cells: 合计 | 3"), "{out}");
        assert!(rows[1].contains("——"), "{out}");
        // Every amount ends in the column of its header.
        let end_of = |line: &str, needle: &str| {
            let at = line.find(needle).expect("present") + needle.len();
            unicode_width::UnicodeWidthStr::width(&line[..at])
        };
        assert_eq!(end_of(rows[0], "本年收入"), end_of(rows[1], "1234.56"));
        assert_eq!(end_of(rows[0], "年初结转和结余"), end_of(rows[2], "0.00"));
    }

    #[test]
    fn json_blocks_are_tagged_by_kind_and_values_carry_their_column() {
        let value = serde_json::to_value(reading("final.md", FINAL)).expect("serialisable");
        let table = &value["blocks"][0];
        assert_eq!(table["kind"], "table");
        assert_eq!(table["unit"], "wan_yuan");
        assert_eq!(table["rows"][0]["values"][0]["column"], 1);
        assert_eq!(table["rows"][0]["values"][0]["span"]["line"], 8);
        assert_eq!(table["columns"][0]["kind"], "amount");
    }
}
