//! The document model: what a disclosure says, independent of the layout it was read from.
//!
//! Every block, cell and number keeps the byte span it came from in [`crate::source::SourceFile`],
//! so a rule can point at the exact place. Text joined across hard line wraps keeps a map back to
//! its pieces in the source ([`Text`]).

use std::borrow::Cow;
use std::ops::Range;

use rust_decimal::Decimal;

use crate::source::Span;

pub mod performance;

/// The text layout a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One visual line per line, cells separated by single spaces (PDF-to-text without `-layout`).
    Plain,
    /// Columns aligned with runs of spaces (`pdftotext -layout`).
    Aligned,
    /// Markdown-ish with tab-separated table lines.
    Tabbed,
    /// Markdown pipe tables.
    Piped,
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// The performance-target tables (绩效目标表) and self-evaluations (绩效自评表), read as
    /// forms beside the blocks (their lines are also blocks, as the layout reader saw them).
    pub performance: Vec<performance::PerformanceTable>,
    /// Lines after the first form read that open a form (`项目名称 …`) the reader could not
    /// read (`pdftotext -raw` text, a form away from its title): the forms read are then not
    /// all the forms printed.
    pub unread_forms: usize,
}

impl Document {
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
    }

    pub fn headings(&self) -> impl Iterator<Item = &Heading> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            _ => None,
        })
    }

    /// Tables whose title contains `needle` (whitespace ignored).
    pub fn tables_titled<'a>(&'a self, needle: &'a str) -> impl Iterator<Item = &'a Table> + 'a {
        let needle = squeeze(needle);
        self.tables().filter(move |t| {
            t.title
                .as_ref()
                .is_some_and(|x| squeeze(&x.text).contains(&*needle))
        })
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    Table(Table),
    /// A note under a table or section: `注：本表无数据`.
    Note(Paragraph),
    /// Page furniture the reader recognised and kept out of tables and prose: page numbers
    /// (`-9-`), running headers, watermark fragments (`仅供` / `内部` / `审核`), joined like prose.
    Furniture(Paragraph),
}

impl Block {
    pub fn span(&self) -> Span {
        match self {
            Block::Heading(h) => h.text.span(),
            Block::Paragraph(p) | Block::Note(p) | Block::Furniture(p) => p.text.span(),
            Block::Table(t) => t.span,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`…; 0 when the level was inferred from numbering (第一部分, 一、…).
    pub level: u8,
    pub text: Text,
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    /// The paragraph joined across hard line wraps.
    pub text: Text,
    /// Every number written in it, in order.
    pub numbers: Vec<Number>,
}

/// A piece of joined text: `text[at..at + len]` was copied from `source[span]`, or was inserted
/// (`synthetic`, e.g. a space between two wrapped English words) at `span.start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    at: usize,
    span: Span,
    synthetic: bool,
}

/// Text assembled from one or more stretches of the source, with a map back to them.
#[derive(Debug, Clone, Default)]
pub struct Text {
    pub text: String,
    pieces: Vec<Piece>,
}

impl Text {
    pub fn new() -> Text {
        Text::default()
    }

    /// Text taken verbatim from one stretch of source.
    pub fn from_source(text: &str, start: usize) -> Text {
        let mut t = Text::new();
        t.push(text, start);
        t
    }

    /// Append `text`, which is exactly the source bytes starting at `source_start`.
    pub fn push(&mut self, text: &str, source_start: usize) {
        if text.is_empty() {
            return;
        }
        let at = self.text.len();
        self.text.push_str(text);
        self.pieces.push(Piece {
            at,
            span: Span::new(source_start, source_start + text.len()),
            synthetic: false,
        });
    }

    /// Append text that is not in the source (a joining space); it maps to `source_at`.
    pub fn push_synthetic(&mut self, text: &str, source_at: usize) {
        let at = self.text.len();
        self.text.push_str(text);
        self.pieces.push(Piece {
            at,
            span: Span::new(source_at, source_at),
            synthetic: true,
        });
    }

    /// Append all of `other`, keeping where each of its pieces came from.
    pub fn append(&mut self, other: &Text) {
        let at = self.text.len();
        self.text.push_str(&other.text);
        self.pieces.extend(other.pieces.iter().map(|p| Piece {
            at: p.at + at,
            ..*p
        }));
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// `range` of the joined text (on character boundaries), keeping where each piece came from.
    pub fn slice(&self, range: Range<usize>) -> Text {
        let mut out = Text::new();
        for (i, p) in self.pieces.iter().enumerate() {
            let p_end = self.pieces.get(i + 1).map_or(self.text.len(), |n| n.at);
            let (lo, hi) = (range.start.max(p.at), range.end.min(p_end));
            let Some(piece) = self.text.get(lo..hi).filter(|s| !s.is_empty()) else {
                continue;
            };
            if p.synthetic {
                out.push_synthetic(piece, p.span.start);
            } else {
                out.push(piece, p.span.start + (lo - p.at));
            }
        }
        out
    }

    /// The source span from the first to the last byte of this text.
    pub fn span(&self) -> Span {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => Span::default(),
        }
    }

    /// Source offset of a byte offset into `text`.
    pub fn source_offset(&self, offset: usize) -> usize {
        let idx = match self.pieces.binary_search_by(|p| p.at.cmp(&offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        match self.pieces.get(idx) {
            Some(p) if p.synthetic => p.span.start,
            Some(p) => (p.span.start + (offset - p.at)).min(p.span.end),
            None => 0,
        }
    }

    /// The source span covering `range` of the joined text (it may cross line wraps).
    pub fn source_span(&self, range: Range<usize>) -> Span {
        if range.is_empty() {
            let at = self.source_offset(range.start);
            return Span::new(at, at);
        }
        let start = self.source_offset(range.start);
        // Map the last byte's end, so a range ending at a wrap does not reach into the next line.
        let end = self.source_offset(range.end - 1) + 1;
        let end = end.max(start);
        Span::new(start, end)
    }

    /// The source spans of `range`, one per source stretch it touches (for multi-line matches).
    pub fn source_spans(&self, range: Range<usize>) -> Vec<Span> {
        let mut spans = Vec::new();
        // The pieces are in order: start at the one holding `range.start`, stop past the end.
        let first = self
            .pieces
            .partition_point(|p| p.at <= range.start)
            .saturating_sub(1);
        for (i, p) in self.pieces.iter().enumerate().skip(first) {
            if p.at >= range.end {
                break;
            }
            let p_end = self
                .pieces
                .get(i + 1)
                .map(|n| n.at)
                .unwrap_or(self.text.len());
            let (lo, hi) = (range.start.max(p.at), range.end.min(p_end));
            if lo >= hi || p.synthetic {
                continue;
            }
            spans.push(Span::new(
                p.span.start + (lo - p.at),
                p.span.start + (hi - p.at),
            ));
        }
        spans
    }
}

/// The unit an amount is stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Yuan,
    WanYuan,
    YiYuan,
    Percent,
}

impl Unit {
    /// Whether this is a unit of money (元, 万元, 亿元), not a percentage.
    pub fn is_money(self) -> bool {
        !matches!(self, Unit::Percent)
    }

    /// Parse the unit part of `单位：万元` or a suffix after a number.
    pub fn parse(s: &str) -> Option<Unit> {
        let s = s.trim_start();
        if s.starts_with("万元") {
            Some(Unit::WanYuan)
        } else if s.starts_with("亿元") {
            Some(Unit::YiYuan)
        } else if s.starts_with('元') {
            Some(Unit::Yuan)
        } else if s.starts_with('%') || s.starts_with('％') {
            Some(Unit::Percent)
        } else {
            None
        }
    }
}

/// A number as written in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    pub value: Decimal,
    /// Digits written after the decimal point; sets the rounding interval ½·10^-decimals.
    pub decimals: u32,
    pub span: Span,
    /// The unit written after it, or the table's unit for a cell.
    pub unit: Option<Unit>,
}

impl Number {
    /// Half a unit in the last written place: the largest rounding error of this figure.
    pub fn half_ulp(&self) -> Decimal {
        // Readers never give more than `number::MAX_DECIMALS`; a hand-built number with more
        // is taken at the finest scale a `Decimal` has rather than panicking.
        Decimal::try_new(5, (self.decimals + 1).min(28)).unwrap_or_default()
    }
}

/// A functional (功能分类) or economic (经济分类) subject code, digits only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectCode {
    pub code: String,
    pub span: Span,
    /// The code as printed is not well formed, and `code` is the reading used for the
    /// arithmetic: a 款 or 项 printed without its leading zero (`301   2  津贴补贴` read as
    /// `30102`).
    pub irregular: bool,
}

impl SubjectCode {
    /// `208` is the parent of `20805`, which is the parent of `2080505`; `301` of `30101`.
    pub fn is_parent_of(&self, other: &SubjectCode) -> bool {
        other.code.len() == self.code.len() + 2 && other.code.starts_with(&self.code)
    }
}

/// How a row's numbers were assigned to the table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Certainty {
    /// Every column delimited in the source (pipes, tabs), or as many numbers as columns.
    Exact,
    /// Placed by the column positions of an aligned layout.
    Aligned,
    /// Placed by the runs of spaces that empty cells leave in plain text.
    Spacing,
    /// The only placement that makes the row agree with its parent, children or siblings.
    Arithmetic,
    /// Several placements are possible; `Row::candidates` lists them.
    Ambiguous,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Amount,
    /// 行次 / 栏次 / 序号: integers that are not amounts.
    Ordinal,
}

#[derive(Debug, Clone)]
pub struct Column {
    /// The header path, parts joined with `/` (`本年收入/合计`), whitespace removed.
    pub name: String,
    /// The lowest header cell naming this column (`合计`).
    pub leaf: String,
    pub kind: ColumnKind,
}

impl Column {
    /// An amount column named `name`, or `列n` (1-based `index + 1`) when the header did not
    /// name it.
    pub fn amount(index: usize, name: Option<String>) -> Column {
        let leaf = name.unwrap_or_else(|| format!("列{}", index + 1));
        Column {
            name: leaf.clone(),
            leaf,
            kind: ColumnKind::Amount,
        }
    }

    /// Whether the column is called `name`: the leaf equals it, or a header part above a leaf
    /// that totals the group (`本年支出/小计` is 本年支出); a name with `/` is a header path,
    /// which must end the column's (`决算数/公务接待费` is the 公务接待费 under 决算数, not the
    /// one under 预算数). A group over parts without a total (`本年收入` over 一般公共预算拨款收入 |
    /// 政府性基金… ) names none of them: its figure is their sum.
    pub fn is_called(&self, name: &str) -> bool {
        let name = squeeze(name);
        if name.contains('/') {
            return self.name == name
                || self
                    .name
                    .strip_suffix(name.as_ref())
                    .is_some_and(|head| head.ends_with('/'));
        }
        self.leaf == name
            || (matches!(self.leaf.as_str(), "合计" | "小计" | "总计" | "计")
                && self.is_under(&name))
    }

    /// Whether a header part above the leaf is `group`.
    pub fn is_under(&self, group: &str) -> bool {
        let mut parts = self.name.split('/');
        parts.next_back();
        parts.any(|p| p == group)
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The row's name (`合计`, `卫生健康支出`, a project name), joined across wraps.
    pub label: Text,
    pub code: Option<SubjectCode>,
    /// Numbers in source order (amount cells only: 行次 and codes are excluded).
    pub values: Vec<Number>,
    /// `placement[i]` is the column of `values[i]`.
    pub placement: Vec<usize>,
    pub certainty: Certainty,
    /// For an ambiguous row, every placement still possible (the first equals `placement`).
    pub candidates: Vec<Vec<usize>>,
    /// The source span of the whole row (all its lines).
    pub span: Span,
    /// Cells marked `——` or `-` (not applicable), by column.
    pub not_applicable: Vec<usize>,
    /// Every text cell of the row in source order (the label's cell first): what a pattern rule
    /// reads in a table, such as a 绩效目标表's 项目概况 or 指标值.
    pub cells: Vec<Text>,
}

impl Row {
    pub fn is_settled(&self) -> bool {
        self.certainty != Certainty::Ambiguous
    }

    /// The number in `column`, when the placement is settled. `Some(None)` is an empty cell.
    pub fn cell(&self, column: usize) -> Option<Option<&Number>> {
        if !self.is_settled() {
            return None;
        }
        Some(
            self.placement
                .iter()
                .position(|&c| c == column)
                .map(|i| &self.values[i]),
        )
    }

    /// The number in `column` under a given candidate placement.
    pub fn cell_in(&self, candidate: &[usize], column: usize) -> Option<&Number> {
        candidate
            .iter()
            .position(|&c| c == column)
            .map(|i| &self.values[i])
    }

    /// The label with all whitespace removed (`合 计` → `合计`).
    pub fn name(&self) -> String {
        squeeze(&self.label.text).into_owned()
    }

    /// Whether this is a grand-total row (`合计`, `总计`, `部门合计`…).
    pub fn is_total(&self) -> bool {
        self.code.is_none() && is_total_label(&self.name())
    }
}

/// Whether a row label names a grand total.
pub fn is_total_label(name: &str) -> bool {
    matches!(name, "合计" | "总计" | "部门合计" | "合计数")
        || name.ends_with("总计") && name.len() <= 12
}

/// Which half of a side-by-side table (收支总表) a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Income,
    Expenditure,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// `2024年预算收支总表`, `收入支出决算总表`…
    pub title: Option<Text>,
    /// The form number printed near the title: `预算公开表1`, `公开02表`.
    pub form: Option<Text>,
    pub unit: Option<Unit>,
    /// For a side-by-side table split in two, which half this is.
    pub side: Option<Side>,
    /// The header lines as written (several for multi-row headers).
    pub header: Vec<Text>,
    /// Amount columns, left to right. May be unnamed (`列1`…) when the layout hides the header.
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub span: Span,
    /// The table states it holds no data (`本表无数据`, `没有…支出`).
    pub no_data: bool,
    pub layout: Layout,
    /// What the reader saw that a right reading would not show: the reasons its numbers may
    /// not stand where the document put them. Empty when the reading is sound.
    pub doubts: Vec<Doubt>,
}

/// Why part of a table's reading is in doubt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DoubtKind {
    /// Numbers on lines of their own that belong to no row: plain text emits a right-aligned
    /// cell away from its row.
    OrphanNumbers,
    /// Rows with a code (or a total) but no number, in a plain-text table whose other rows have
    /// them: their numbers were moved elsewhere.
    RowsWithoutNumbers,
    /// An integer among amounts written with decimals: a page number or a stray cell.
    StrayInteger,
    /// Numbers given back to rows without numbers by their order alone, which the sums do not
    /// confirm.
    RehomedByOrder,
    /// A row taken for the total by its place (first, unnamed, its name lost in the header),
    /// which the sums do not confirm.
    TotalByPosition,
    /// Rows with amounts but no subject code in a table of coded rows: plain text moved their
    /// codes away, so which rows each parent sums is not known.
    CodesMissing,
    /// Amounts written with more digits than can be computed with exactly: read as no number,
    /// so the sums of their rows are unknown.
    UnreadableAmounts,
    /// Subject codes read as amounts (`302   3,380,630.25`: a code whose name wrapped above and
    /// below, in a table of 科目编码 / 科目名称 / 决算数 groups side by side; a 项目支出 table
    /// with the code after the project's name): the coded rows they start are missing, so their
    /// parents' sums are unknown.
    CodesAmongAmounts,
    /// A row whose label joins pieces of several labels (`三、其他资金支出用途金额`,
    /// `当年支出小计上年结转资金收入合计`, `十七、国土海洋气象等支`): plain text interleaved the
    /// halves of a two-sided statement, so no amount of the table is known to be its row's.
    JoinedLabels,
    /// A row of one half of a two-sided statement named for the other (`二、政府性基金预算拨款`
    /// among the 支出 rows, `三、国防支出` among the 收入 rows): the halves were not told apart,
    /// so no amount is known to be its side's.
    WrongSide,
    /// A grid whose cells a converter merged or split (PDF to Markdown): two figures in one cell
    /// (`1<br>8,044,514.00`, a 行次 and an amount), a header word cut over cells (`2` |
    /// `024年预算数`), a group title off the columns it heads, a named column empty beside an
    /// unnamed one with figures: no figure is known to be its column's.
    MisalignedCells,
    /// An amount column named by a header word of a text column (`项目类别`, `功能分类科目`,
    /// `项目名称`): the reader took a column of names or codes for one of amounts, so no figure
    /// is known to be its column's.
    LabelColumns,
}

impl DoubtKind {
    pub fn describe(self, zh: bool) -> &'static str {
        match (self, zh) {
            (DoubtKind::OrphanNumbers, true) => "有数字不属于任何行（纯文本把单元格移离了所在行）",
            (DoubtKind::OrphanNumbers, false) => {
                "numbers that belong to no row (the text moved cells away from their rows)"
            }
            (DoubtKind::RowsWithoutNumbers, true) => "有科目行没有金额（其数字可能被移到别处）",
            (DoubtKind::RowsWithoutNumbers, false) => {
                "coded rows without amounts (their numbers may have moved elsewhere)"
            }
            (DoubtKind::StrayInteger, true) => "金额均带小数的表中出现整数（页码或错位的单元格）",
            (DoubtKind::StrayInteger, false) => {
                "an integer among amounts written with decimals (a page number or a stray cell)"
            }
            (DoubtKind::RehomedByOrder, true) => "仅按顺序归还给行的数字，合计未能印证",
            (DoubtKind::RehomedByOrder, false) => {
                "numbers given back to rows by order alone, which the sums do not confirm"
            }
            (DoubtKind::UnreadableAmounts, true) => "有金额位数过多，无法精确计算（未计入合计）",
            (DoubtKind::UnreadableAmounts, false) => {
                "amounts with more digits than can be computed with exactly (left out of the sums)"
            }
            (DoubtKind::TotalByPosition, true) => {
                "按位置认定的合计行（名称在表头中），合计未能印证"
            }
            (DoubtKind::TotalByPosition, false) => {
                "a total row recognised by its place (its name is in the header), which the sums do not confirm"
            }
            (DoubtKind::CodesMissing, true) => "有金额的行缺少科目编码（纯文本把编码移到了别处）",
            (DoubtKind::CodesMissing, false) => {
                "rows with amounts but no subject code (the text moved their codes elsewhere)"
            }
            (DoubtKind::CodesAmongAmounts, true) => {
                "有科目编码被读成金额（编码写在名称之后，或编码、名称、金额分组并排），其上级科目的合计未能核对"
            }
            (DoubtKind::CodesAmongAmounts, false) => {
                "subject codes read as amounts (a code after its name, or code / name / amount groups side by side): their parents' sums are unknown"
            }
            (DoubtKind::JoinedLabels, true) => {
                "有行名由几行的名称拼成（纯文本交错了表的左右两栏），金额未必属于所在行"
            }
            (DoubtKind::JoinedLabels, false) => {
                "row names made of several rows' names (the text interleaved the table's halves): no amount is known to be its row's"
            }
            (DoubtKind::WrongSide, true) => {
                "有行名属于收支总表的另一栏（收入与支出两栏未能分清），金额未必属于所在栏"
            }
            (DoubtKind::WrongSide, false) => {
                "rows named for the other half of the statement (income and expenditure were not told apart): no amount is known to be its side's"
            }
            (DoubtKind::MisalignedCells, true) => {
                "单元格被转换工具合并或拆开（一格两个数字、表头词语被拆到几格、栏目标题不在其所辖各列之上），数字未必属于所在列"
            }
            (DoubtKind::MisalignedCells, false) => {
                "cells merged or split by a converter (two figures in one cell, a header word cut over cells, a group title off its columns): no figure is known to be its column's"
            }
            (DoubtKind::LabelColumns, true) => {
                "有金额列以文字列的表头命名（名称、编码、类别），数字未必属于所在列"
            }
            (DoubtKind::LabelColumns, false) => {
                "amount columns named by the header of a text column (a name, code or category): no figure is known to be its column's"
            }
        }
    }
}

/// One reason to doubt a table's reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubt {
    pub kind: DoubtKind,
    /// Where the reader saw it (the stray numbers, the rows without numbers).
    pub spans: Vec<Span>,
    /// Rows whose numbers may be missing or misplaced because of it; `None`: any row.
    pub rows: Option<Vec<usize>>,
}

/// Rows of a table that must add up: `total` states the sum of `parts` (row indices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    pub total: usize,
    pub parts: Vec<usize>,
}

impl Table {
    /// The subject-code families: each parent code with its children (`210` with `21011`,
    /// `21015`), then the 合计 row with the top-level codes. A row's parent is the nearest
    /// ancestor code the table lists, so a table that skips a level (类 then 项) still adds up.
    /// Codes listed twice are left out, since which rows they sum is not certain.
    pub fn code_families(&self) -> Vec<Family> {
        use std::collections::HashMap;
        let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in self.rows.iter().enumerate() {
            if let Some(c) = &r.code {
                by_code.entry(c.code.as_str()).or_default().push(i);
            }
        }
        fn parent_of<'c>(code: &'c str, known: &HashMap<&str, Vec<usize>>) -> Option<&'c str> {
            // `get`: a code is ASCII digits as the readers build it; anything else has no
            // parent rather than a slice inside a character.
            (3..code.len())
                .rev()
                .filter_map(|len| code.get(..len))
                .find(|prefix| known.contains_key(prefix))
        }
        let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut top: Vec<usize> = Vec::new();
        let mut uncertain: Vec<&str> = Vec::new();
        for (code, rows) in &by_code {
            let parent = parent_of(code, &by_code);
            if rows.len() > 1 {
                // A duplicated code makes its parent's family (or the total's) uncertain.
                uncertain.push(parent.unwrap_or(""));
                continue;
            }
            match parent {
                Some(p) => children.entry(p).or_default().push(rows[0]),
                None => top.push(rows[0]),
            }
        }
        let mut out: Vec<Family> = children
            .into_iter()
            .filter(|(parent, _)| !uncertain.contains(parent))
            .filter_map(
                |(parent, mut parts)| match by_code.get(parent).map(Vec::as_slice) {
                    Some([p]) => {
                        parts.sort_unstable();
                        Some(Family { total: *p, parts })
                    }
                    _ => None,
                },
            )
            .collect();
        out.sort_by_key(|f| f.total);
        let totals: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.rows[i].is_total())
            .collect();
        if let ([total], false, false) =
            (totals.as_slice(), top.is_empty(), uncertain.contains(&""))
        {
            top.sort_unstable();
            out.push(Family {
                total: *total,
                parts: top,
            });
        }
        out
    }

    /// Whether the numbers of row `i` may be missing or misplaced (see [`Table::doubts`]).
    pub fn row_in_doubt(&self, i: usize) -> bool {
        self.doubts
            .iter()
            .any(|d| d.rows.as_ref().is_none_or(|rows| rows.contains(&i)))
    }

    pub fn column_named(&self, name: &str) -> Option<usize> {
        self.columns_called(name).first().copied()
    }

    /// The columns called `name` (`Column::is_called`), in order; when none is, the one column
    /// under a header group of that name, if it has only one.
    pub fn columns_called(&self, name: &str) -> Vec<usize> {
        let called: Vec<usize> = (0..self.columns.len())
            .filter(|&c| self.columns[c].is_called(name))
            .collect();
        if !called.is_empty() || name.contains('/') {
            return called;
        }
        let name = squeeze(name);
        let under: Vec<usize> = (0..self.columns.len())
            .filter(|&c| self.columns[c].is_under(&name))
            .collect();
        if under.len() == 1 { under } else { Vec::new() }
    }

    pub fn title_text(&self) -> String {
        self.title
            .as_ref()
            .map(|t| squeeze(&t.text).into_owned())
            .unwrap_or_default()
    }
}

/// Remove all whitespace (ASCII and ideographic) from a string. Borrows `s` when it has none,
/// which is most cells and prose lines: the reader calls this for every line and cell.
pub fn squeeze(s: &str) -> Cow<'_, str> {
    let Some((first, len)) = next_whitespace(s, 0) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    // Copy the runs between whitespace whole instead of char by char.
    let mut at = first + len;
    while let Some((space, len)) = next_whitespace(s, at) {
        out.push_str(&s[at..space]);
        at = space + len;
    }
    out.push_str(&s[at..]);
    Cow::Owned(out)
}

/// The byte offset and length of the first whitespace character (`char::is_whitespace`) of `s`
/// at or after the char boundary `from`. Steps over a character by its first byte: whitespace is
/// ASCII (`\t`–`\r`, space) or starts with 0xC2 (U+0085, U+00A0), 0xE1 (U+1680), 0xE2
/// (U+2000–U+205F) or 0xE3 (U+3000), so a Chinese character (0xE4–0xE9) is never decoded.
fn next_whitespace(s: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        i += match b {
            b'\t'..=b'\r' | b' ' => return Some((i, 1)),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = s.get(i..)?.chars().next()?;
                if c.is_whitespace() {
                    return Some((i, c.len_utf8()));
                }
                c.len_utf8()
            }
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
    }
    None
}

/// Whether two strings are equal once squeezed, without building either.
pub fn same_squeezed(a: &str, b: &str) -> bool {
    let visible = |c: &char| !c.is_whitespace();
    a.chars().filter(visible).eq(b.chars().filter(visible))
}
