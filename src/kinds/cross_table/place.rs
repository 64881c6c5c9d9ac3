//! Places in the tables: a cell named by the title of its table, its row and its column, as the
//! rule files write them (`tables`, `exclude`, `side`, `row`, `columns`, the way
//! `restated-amount` names its cells), and finding the one cell a place names in a document.

use rust_decimal::Decimal;

use crate::engine::ParamError;
use crate::model::{Certainty, ColumnKind, Document, Number, Side, Table, Unit, squeeze};

/// Where a figure stands in the tables.
#[derive(Debug, Clone)]
pub struct Place {
    /// Parts of a table title, any of which selects the table (whitespace ignored).
    pub tables: Vec<String>,
    /// Parts of a title that rule out a table `tables` selected.
    pub exclude: Vec<String>,
    /// For a side-by-side table (收支总表), the half the row is on.
    pub side: Option<Side>,
    /// The row's names, in order of preference (numbering ignored); `合计` is the grand-total
    /// row. The first name some row has is used.
    pub rows: Vec<String>,
    /// The column's names, in order of preference; none (or `*`) for a table's only amount
    /// column.
    pub columns: Vec<String>,
}

/// A cell a place found.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    pub table: &'a Table,
    pub number: &'a Number,
    /// The number's unit: its own, or else the table's (`单位：万元`).
    pub unit: Unit,
    /// The row was read from delimited or aligned columns, not placed by spacing or sums.
    pub certain: bool,
}

impl Cell<'_> {
    /// The values in 元 the cell may stand for, rounded as written.
    pub fn in_yuan(&self) -> (Decimal, Decimal) {
        let n = self.number;
        let half = Decimal::try_new(5, (n.decimals + 1).min(28)).unwrap_or_default();
        let scale = yuan_per(Some(self.unit));
        ((n.value - half) * scale, (n.value + half) * scale)
    }

    /// Whether the two cells can be the same amount, each rounded as written.
    pub fn agrees_with(&self, other: &Cell<'_>) -> bool {
        let (a, b) = (self.in_yuan(), other.in_yuan());
        a.0 <= b.1 && b.0 <= a.1
    }

    /// Whether the two cells differ by no more than a few units of the coarser last written
    /// place: the tail differences (尾数误差) that converting 元 to 万元 table by table leaves.
    pub fn near(&self, other: &Cell<'_>) -> bool {
        let unit = |c: &Cell<'_>| {
            Decimal::try_new(1, c.number.decimals.min(28)).unwrap_or_default()
                * yuan_per(Some(c.unit))
        };
        let step = unit(self).max(unit(other));
        let value = |c: &Cell<'_>| c.number.value * yuan_per(Some(c.unit));
        (value(self) - value(other)).abs() <= step * Decimal::new(NEAR_STEPS, 0)
    }

    /// Whether the cell cannot be zero, rounded as written.
    pub fn is_non_zero(&self) -> bool {
        let (lo, hi) = self.in_yuan();
        lo > Decimal::ZERO || hi < Decimal::ZERO
    }
}

/// How many units of the last written place a tail difference may reach.
const NEAR_STEPS: i64 = 3;

/// 元 in one `unit`.
fn yuan_per(unit: Option<Unit>) -> Decimal {
    match unit {
        Some(Unit::WanYuan) => Decimal::new(10_000, 0),
        Some(Unit::YiYuan) => Decimal::new(100_000_000, 0),
        _ => Decimal::ONE,
    }
}

/// What looking a place up in a document gave.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    /// No table of the document has the place (or its cell is empty).
    Absent,
    /// A table has it, but which cell it is, or what it holds, is not certain: the row is in
    /// doubt, two rows carry the name, or two tables give different figures.
    Unsure,
    Found(Cell<'a>),
}

impl Place {
    /// Whether `table` is one of the tables the place names (title and side).
    pub fn selects(&self, table: &Table) -> bool {
        title_selected(table, &self.tables, &self.exclude)
            && self.side.is_none_or(|s| table.side.is_none_or(|t| t == s))
    }

    /// The one cell of the document the place names.
    pub fn lookup<'a>(&self, document: &'a Document) -> Lookup<'a> {
        let mut found: Option<Cell<'a>> = None;
        for table in document.tables().filter(|t| self.selects(t)) {
            match self.cell_in(table) {
                Lookup::Absent => {}
                Lookup::Unsure => return Lookup::Unsure,
                Lookup::Found(cell) => match found {
                    Some(f) if f.number.value != cell.number.value || f.unit != cell.unit => {
                        return Lookup::Unsure;
                    }
                    Some(_) => {}
                    None => found = Some(cell),
                },
            }
        }
        found.map_or(Lookup::Absent, Lookup::Found)
    }

    /// The cell the place names in one table.
    fn cell_in<'a>(&self, table: &'a Table) -> Lookup<'a> {
        let column = if self.columns.is_empty() {
            only_amount_column(table)
        } else {
            self.columns.iter().find_map(|c| {
                if c == ONLY_COLUMN {
                    only_amount_column(table)
                } else {
                    table.column_named(c)
                }
            })
        };
        let Some(column) = column else {
            return Lookup::Absent;
        };
        let Some(rows) = self
            .rows
            .iter()
            .map(|name| rows_named(table, name))
            .find(|r| !r.is_empty())
        else {
            return Lookup::Absent;
        };
        let [i] = rows.as_slice() else {
            return Lookup::Unsure;
        };
        let row = &table.rows[*i];
        if table.row_in_doubt(*i) {
            return Lookup::Unsure;
        }
        match row.cell(column) {
            None => Lookup::Unsure,
            Some(None) => Lookup::Absent,
            Some(Some(number)) => match number.unit.or(table.unit) {
                Some(unit) if unit != Unit::Percent => Lookup::Found(Cell {
                    table,
                    number,
                    unit,
                    certain: matches!(row.certainty, Certainty::Exact | Certainty::Aligned),
                }),
                _ => Lookup::Absent,
            },
        }
    }
}

/// The column name that stands for a table's only amount column, whatever its header says
/// (`columns = ["合计", "*"]`: the 合计 column, or the one column of a two-column list).
const ONLY_COLUMN: &str = "*";

/// The table's amount column, when it has exactly one.
fn only_amount_column(table: &Table) -> Option<usize> {
    let mut amounts =
        (0..table.columns.len()).filter(|&i| table.columns[i].kind == ColumnKind::Amount);
    match (amounts.next(), amounts.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The rows of `table` called `name` (`合计`: the grand-total rows).
fn rows_named(table: &Table, name: &str) -> Vec<usize> {
    (0..table.rows.len())
        .filter(|&i| {
            let row = &table.rows[i];
            if name == "合计" {
                row.is_total()
            } else {
                row.code.is_none() && row_name(&row.name()) == name
            }
        })
        .collect()
}

/// Whether the title of `table` contains one of `tables` and none of `exclude`.
pub fn title_selected(table: &Table, tables: &[String], exclude: &[String]) -> bool {
    let title = table.title_text();
    !title.is_empty()
        && tables.iter().any(|t| title.contains(t.as_str()))
        && !exclude.iter().any(|t| title.contains(t.as_str()))
}

/// A row's name without its numbering (`一、一般公共预算拨款收入`, `1.因公出国（境）费`).
fn row_name(name: &str) -> &str {
    let trimmed = name.trim_start_matches(|c: char| {
        c.is_ascii_digit() || "一二三四五六七八九十、.．（）()".contains(c)
    });
    if trimmed.is_empty() { name } else { trimmed }
}

/// A list of strings (or one string) under `key` of a TOML table, whitespace removed.
pub fn strings(
    t: &toml::Table,
    key: &str,
    required: bool,
    param: &str,
) -> Result<Vec<String>, ParamError> {
    match t.get(key) {
        None if !required => Ok(Vec::new()),
        None => Err(ParamError::new(Some(param), format!("`{key}` is required"))),
        Some(toml::Value::String(s)) => Ok(vec![squeeze(s).into_owned()]),
        Some(v) => v
            .as_array()
            .and_then(|a| {
                a.iter()
                    .map(|s| s.as_str().map(|s| squeeze(s).into_owned()))
                    .collect()
            })
            .ok_or_else(|| {
                ParamError::new(
                    Some(param),
                    format!("`{key}` must be a string or a list of strings"),
                )
            }),
    }
}

/// Read one place: `{ tables, exclude, side, row, columns }`.
pub fn place(value: &toml::Value, param: &str) -> Result<Place, ParamError> {
    let bad = |m: String| ParamError::new(Some(param), m);
    let p = value
        .as_table()
        .ok_or_else(|| bad("each place must be a table".into()))?;
    if let Some(k) = p.keys().find(|k| {
        !matches!(
            k.as_str(),
            "tables" | "exclude" | "side" | "row" | "columns"
        )
    }) {
        return Err(bad(format!(
            "unknown key `{k}` in a place (expected: tables, exclude, side, row, columns)"
        )));
    }
    let side = match p.get("side").map(|v| v.as_str()) {
        None => None,
        Some(Some("income")) => Some(Side::Income),
        Some(Some("expenditure")) => Some(Side::Expenditure),
        Some(_) => return Err(bad("`side` must be \"income\" or \"expenditure\"".into())),
    };
    Ok(Place {
        tables: strings(p, "tables", true, param)?,
        exclude: strings(p, "exclude", false, param)?,
        side,
        rows: strings(p, "row", true, param)?,
        columns: strings(p, "columns", false, param)?,
    })
}

/// Read a table selector: `{ tables, exclude }`.
pub fn selector(
    value: &toml::Value,
    param: &str,
) -> Result<(Vec<String>, Vec<String>), ParamError> {
    let bad = |m: String| ParamError::new(Some(param), m);
    let t = value
        .as_table()
        .ok_or_else(|| bad("a table selector must be a table `{ tables, exclude }`".into()))?;
    if let Some(k) = t
        .keys()
        .find(|k| !matches!(k.as_str(), "tables" | "exclude"))
    {
        return Err(bad(format!(
            "unknown key `{k}` in a table selector (expected: tables, exclude)"
        )));
    }
    Ok((
        strings(t, "tables", true, param)?,
        strings(t, "exclude", false, param)?,
    ))
}
