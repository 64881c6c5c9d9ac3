//! HTML in a disclosure: tables written as `<table>` markup, and whole disclosures saved as web
//! pages.
//!
//! PDF-to-Markdown converters (MinerU and the like) write a table as HTML, often the whole table
//! on one line, with no `<th>` (the header is the first rows) and merged cells given by
//! `rowspan` / `colspan`. [`read`] turns such a table into the grid of cells the pipe reader
//! builds its tables from ([`super::grid::build`]): a merged cell's text in its first row and
//! column, the cells it covers empty, as a pipe table prints a merged header. Every cell's text
//! maps back to its bytes in the source; markup is left out and an entity (`&amp;`) is synthetic
//! text at its place.
//!
//! A web page (`.html`, `.htm`) is read as lines ([`page_lines`]): the text of each block
//! element (`<p>`, `<div>`, `<h1>`…`<h6>`, `<br>`, …) is a line of its own, markup blanked out
//! byte for byte so that every offset stays the source's, `<h2>` written as `##` so the heading
//! reads as one, scripts, styles and comments dropped, and each table left whole for [`read`].

use std::collections::HashMap;

use super::grid::{self, Cell};
use super::{Line, lines};
use crate::model::{Layout, Table, Text};
use crate::source::{SourceFile, Span};

/// Merged cells wider or taller than this are markup errors; they are clamped.
const MAX_COLSPAN: usize = 64;
const MAX_ROWSPAN: usize = 1000;
/// A grid larger than this (rows × columns) is no disclosure table.
const MAX_CELLS: usize = 400_000;

/// A web page, by its extension or its first markup.
pub fn is_page(source: &SourceFile) -> bool {
    let by_extension = source
        .path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let text = source.text.trim_start_matches('\u{feff}').trim_start();
    let head = &text.as_bytes()[..text.len().min(64)];
    let starts = |prefix: &[u8]| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    // Markdown may open with a table wrapped as MinerU wraps it (`<html><body><table>`): that
    // line is a table, not a page.
    let first_line = text.lines().next().unwrap_or("");
    by_extension
        || starts(b"<!doctype html")
        || starts(b"<html") && table_offset(first_line).is_none()
}

/// Whether a line starts an HTML table: `<table>` or `<table …>` at its start, possibly inside
/// the wrappers MinerU writes around it (`<html><body><table>`, `<div><table>`).
pub fn starts_table(line: &str) -> bool {
    table_offset(line).is_some()
}

/// The byte offset of the `<table` a line starts with (see [`starts_table`]).
pub fn table_offset(line: &str) -> Option<usize> {
    const WRAPPERS: &[&[u8]] = &[b"<html", b"<body", b"<div", b"<center", b"<p"];
    let bytes = line.as_bytes();
    let mut at = line.len() - line.trim_start().len();
    loop {
        let t = &bytes[at..];
        let tag_named = |name: &[u8]| {
            t.len() > name.len()
                && t[..name.len()].eq_ignore_ascii_case(name)
                && matches!(t[name.len()], b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/')
        };
        if tag_named(b"<table") {
            return Some(at);
        }
        if !WRAPPERS.iter().any(|w| tag_named(w)) {
            return None;
        }
        at += memchr(b'>', t)? + 1;
        at += line[at..].len() - line[at..].trim_start().len();
    }
}

/// What [`read`] made of the markup at a `<table`.
#[derive(Debug)]
pub(crate) enum Reading {
    /// The table(s) read (two for a side-by-side 收支总表), and the byte just past `</table>`.
    Tables(Vec<Table>, usize),
    /// A table whose cells cannot be trusted (a table nested in a cell, a grid too large): its
    /// extent, to be kept out of the checks.
    Unsure(usize),
    /// No `</table>` closes it: not a table.
    Unclosed,
}

/// A tag: its lower-cased name, whether it closes, its attributes, and its bytes.
#[derive(Debug)]
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
    start: usize,
    end: usize,
}

/// The next tag or comment at or after `from`: `Ok(Some)` for a tag, `Ok(None)` at the end of
/// the text, `Err(end)` for a comment or declaration ending at `end`. A `<` that opens no tag
/// (`<5%`) is text.
fn next_tag(text: &str, mut from: usize) -> Option<Result<Tag<'_>, (usize, usize)>> {
    let bytes = text.as_bytes();
    loop {
        let lt = from + memchr(b'<', &bytes[from..])?;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            let end = text[lt + 4..]
                .find("-->")
                .map_or(text.len(), |k| lt + 4 + k + 3);
            return Some(Err((lt, end)));
        }
        if rest.first().is_some_and(|b| matches!(b, b'!' | b'?')) {
            let end = memchr(b'>', rest).map_or(text.len(), |k| lt + 1 + k + 1);
            return Some(Err((lt, end)));
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let starts_with_letter = bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic);
        if !starts_with_letter {
            from = lt + 1;
            continue;
        }
        let after_name = name_start + name_len;
        let gt = memchr(b'>', &bytes[after_name..])?;
        let end = after_name + gt + 1;
        return Some(Ok(Tag {
            name: text[name_start..after_name].to_ascii_lowercase(),
            closing,
            attrs: &text[after_name..end - 1],
            start: lt,
            end,
        }));
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// A number-valued attribute (`rowspan="2"`, `colspan=3`), when written.
fn span_attr(attrs: &str, name: &str) -> Option<usize> {
    let lower = attrs.to_ascii_lowercase();
    let at = lower.find(name)? + name.len();
    let rest = lower[at..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// An entity at the start of `s` (`&amp;`, `&#12288;`, `&#x4e00;`): its text and length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = memchr(b';', &s.as_bytes()[..12.min(s.len())])?;
    let body = s.get(1..end)?;
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)?
    } else {
        match body {
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "middot" => '·',
            "times" => '×',
            "divide" => '÷',
            "le" => '≤',
            "ge" => '≥',
            "plusmn" => '±',
            "yen" => '¥',
            "permil" => '‰',
            "deg" => '°',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

/// A piece of a cell's content, in order.
#[derive(Debug)]
enum Piece {
    /// Source text from this offset.
    Source(usize, usize),
    /// A decoded entity at this offset.
    Entity(char, usize),
    /// Whitespace (rendered as one space).
    Space(usize),
    /// A line break inside the cell (`<br>`, `<p>`): a wrap, joined without a space except
    /// between two Latin words.
    Break(usize),
}

/// The text of a cell's content, whitespace collapsed and trimmed, mapped to the source.
fn cell_text(text: &str, pieces: &[Piece]) -> Text {
    let is_gap = |p: &Piece| matches!(p, Piece::Space(_) | Piece::Break(_));
    let Some(first) = pieces.iter().position(|p| !is_gap(p)) else {
        return Text::new();
    };
    let last = pieces.iter().rposition(|p| !is_gap(p)).unwrap_or(first);
    let mut out = Text::new();
    let mut gap: Option<(bool, usize)> = None;
    for piece in &pieces[first..=last] {
        match *piece {
            Piece::Space(at) => gap = Some((true, gap.map_or(at, |g| g.1))),
            Piece::Break(at) => gap = Some((gap.is_some_and(|g| g.0), gap.map_or(at, |g| g.1))),
            Piece::Source(..) | Piece::Entity(..) => {
                if let Some((space, at)) = gap.take() {
                    let next_latin = match *piece {
                        Piece::Source(s, _) => {
                            text[s..].starts_with(|c: char| c.is_ascii_alphanumeric())
                        }
                        Piece::Entity(c, _) => c.is_ascii_alphanumeric(),
                        _ => false,
                    };
                    let prev_latin = out.text.ends_with(|c: char| c.is_ascii_alphanumeric());
                    if space || prev_latin && next_latin {
                        out.push_synthetic(" ", at);
                    }
                }
                match *piece {
                    Piece::Source(s, e) => out.push(&text[s..e], s),
                    Piece::Entity(c, at) => out.push_synthetic(c.encode_utf8(&mut [0; 4]), at),
                    _ => {}
                }
            }
        }
    }
    out
}

/// Split the content `text[from..to]` of a cell into pieces.
fn content_pieces(text: &str, from: usize, to: usize, out: &mut Vec<Piece>) {
    let mut run_start: Option<usize> = None;
    let mut i = from;
    while i < to {
        let Some(c) = text[i..to].chars().next() else {
            break;
        };
        let decoded = if c == '&' { entity(&text[i..to]) } else { None };
        if c.is_whitespace() || decoded.is_some() {
            if let Some(s) = run_start.take() {
                out.push(Piece::Source(s, i));
            }
        }
        match decoded {
            Some((d, len)) if d.is_whitespace() => {
                out.push(Piece::Space(i));
                i += len;
            }
            Some((d, len)) => {
                out.push(Piece::Entity(d, i));
                i += len;
            }
            None if c.is_whitespace() => {
                out.push(Piece::Space(i));
                i += c.len_utf8();
            }
            None => {
                run_start.get_or_insert(i);
                i += c.len_utf8();
            }
        }
    }
    if let Some(s) = run_start {
        out.push(Piece::Source(s, to));
    }
}

/// A cell as written: its text and how far it reaches.
pub(super) struct RawCell {
    pub text: Text,
    pub at: usize,
    pub rowspan: usize,
    pub colspan: usize,
}

/// Elements whose end breaks the line inside a cell.
fn breaks_line(name: &str) -> bool {
    matches!(name, "br" | "p" | "div" | "li" | "tr")
}

/// Read the table whose `<table` starts at byte `start` of `text` (the whole source) and ends
/// at `end` (from [`table_extents`]; `None`: never closed).
pub(crate) fn read(
    text: &str,
    start: usize,
    end: Option<usize>,
    carry: &mut Vec<String>,
) -> Reading {
    let Some(limit) = end.filter(|&e| e <= text.len() && e > start) else {
        return Reading::Unclosed;
    };
    let text_to = &text[..floor_char_boundary(text, limit)];
    let mut rows: Vec<Vec<RawCell>> = Vec::new();
    let mut row: Option<Vec<RawCell>> = None;
    // The open cell: its attributes' spans and its content so far.
    let mut cell: Option<(usize, usize, usize, Vec<Piece>)> = None;
    let mut depth = 0usize;
    let mut nested = false;
    let mut pos = start;
    let close_cell = |cell: &mut Option<(usize, usize, usize, Vec<Piece>)>,
                      row: &mut Option<Vec<RawCell>>| {
        if let Some((at, rowspan, colspan, pieces)) = cell.take() {
            row.get_or_insert_with(Vec::new).push(RawCell {
                text: cell_text(text, &pieces),
                at,
                rowspan,
                colspan,
            });
        }
    };
    let end = loop {
        let Some(found) = next_tag(text_to, pos) else {
            return Reading::Unclosed;
        };
        let (tag_start, tag_end) = match &found {
            Ok(tag) => (tag.start, tag.end),
            Err(range) => *range,
        };
        if let Some((_, _, _, pieces)) = &mut cell {
            if depth == 1 {
                content_pieces(text_to, pos, tag_start, pieces);
            }
        }
        pos = tag_end;
        let Ok(tag) = found else { continue };
        if tag.name == "table" {
            if tag.closing {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break tag.end;
                }
            } else {
                depth += 1;
                nested |= depth > 1;
            }
            continue;
        }
        if depth != 1 {
            continue;
        }
        match (tag.name.as_str(), tag.closing) {
            ("tr", false) => {
                close_cell(&mut cell, &mut row);
                rows.extend(row.take());
                row = Some(Vec::new());
            }
            ("tr", true) | ("thead" | "tbody" | "tfoot", _) => {
                close_cell(&mut cell, &mut row);
                rows.extend(row.take());
            }
            ("td" | "th", false) => {
                close_cell(&mut cell, &mut row);
                let rowspan = span_attr(tag.attrs, "rowspan").unwrap_or(1);
                let colspan = span_attr(tag.attrs, "colspan").unwrap_or(1);
                cell = Some((
                    tag.end,
                    rowspan.clamp(1, MAX_ROWSPAN),
                    colspan.clamp(1, MAX_COLSPAN),
                    Vec::new(),
                ));
            }
            ("td" | "th", true) => close_cell(&mut cell, &mut row),
            (name, _) if breaks_line(name) => {
                if let Some((_, _, _, pieces)) = &mut cell {
                    pieces.push(Piece::Break(tag.start));
                }
            }
            _ => {}
        }
    };
    close_cell(&mut cell, &mut row);
    rows.extend(row.take());
    if nested {
        return Reading::Unsure(end);
    }
    let Some(mut grid) = expand(rows) else {
        return Reading::Unsure(end);
    };
    let captions = caption_rows(&mut grid);
    let mut tables = grid::build(Layout::Piped, grid, Span::new(start, end), carry);
    for table in &mut tables {
        apply_captions(table, &captions);
    }
    Reading::Tables(tables, end)
}

/// What a row of a table says about the table rather than holding data: converters put the
/// title, the form number, `单位：万元` or a closing `注：本表无数据` in a cell spanning the
/// table.
enum Caption {
    Title(Text),
    Form(Text),
    Meta(Text),
    Note(Text),
}

/// Take the caption rows off the top and the bottom of the grid: rows whose every filled cell
/// is a title, a form number or a `单位：` / `编制单位：` line above, a note below.
fn caption_rows(grid: &mut Vec<Vec<Cell>>) -> Vec<Caption> {
    let texts = |row: &[Cell]| -> Vec<Text> {
        row.iter()
            .filter(|c| !c.text.is_empty())
            .filter_map(|c| c.source.clone())
            .collect()
    };
    let above = |t: &Text| {
        let s = t.text.as_str();
        if lines::is_form_number(s) {
            Some(Caption::Form(t.clone()))
        } else if lines::is_table_title(s) {
            Some(Caption::Title(t.clone()))
        } else if lines::is_table_meta(s) {
            Some(Caption::Meta(t.clone()))
        } else {
            None
        }
    };
    let mut captions = Vec::new();
    let mut top = 0;
    while let Some(row) = grid.get(top) {
        let found: Option<Vec<Caption>> = texts(row).iter().map(above).collect();
        match found {
            Some(found) if !found.is_empty() => {
                captions.extend(found);
                top += 1;
            }
            _ => break,
        }
    }
    grid.drain(..top);
    while let Some(row) = grid.last() {
        let cells = texts(row);
        if cells.len() != 1 || !lines::is_note(&cells[0].text) {
            break;
        }
        captions.extend(cells.into_iter().map(Caption::Note));
        grid.pop();
    }
    captions
}

fn apply_captions(table: &mut Table, captions: &[Caption]) {
    for caption in captions {
        match caption {
            Caption::Title(t) if table.title.is_none() => table.title = Some(t.clone()),
            Caption::Form(t) if table.form.is_none() => table.form = Some(t.clone()),
            Caption::Meta(t) if table.unit.is_none() => table.unit = lines::unit_line(&t.text),
            Caption::Note(t) => table.no_data |= lines::says_no_data(&t.text),
            _ => {}
        }
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A cell placed on the grid: its row, first column, width and text.
struct Placed {
    row: usize,
    col: usize,
    colspan: usize,
    text: Text,
    at: usize,
}

/// Lay the cells out on a grid, a merged cell's text in one of its cells and the cells it
/// covers empty, as a pipe table prints them. `None` when the grid is too large.
///
/// In the header (the rows above the first amount) a merged cell names a group: its text goes
/// in its first column and row, where [`grid::build`] carries group names right. Below it, a
/// cell spanning columns holds a row's name (`人员经费合计` over 科目编码 and 科目名称, `合计`
/// over 类 / 款 / 项): its text goes in the last of its columns that is not an amount column,
/// so that the code column keeps only codes.
pub(super) fn expand(rows: Vec<Vec<RawCell>>) -> Option<Vec<Vec<Cell>>> {
    // Per column: how many more rows a cell from above still covers.
    let mut covered: Vec<usize> = Vec::new();
    let mut placed: Vec<Placed> = Vec::new();
    let mut width = 0;
    let mut cells_total = 0usize;
    for (r, raw) in rows.into_iter().enumerate() {
        let mut col = 0;
        for c in raw {
            while covered.get(col).is_some_and(|&n| n > 0) {
                col += 1;
            }
            if covered.len() < col + c.colspan {
                covered.resize(col + c.colspan, 0);
            }
            // Counted down below, this row included.
            covered[col..col + c.colspan].fill(c.rowspan);
            placed.push(Placed {
                row: r,
                col,
                colspan: c.colspan,
                text: c.text,
                at: c.at,
            });
            col += c.colspan;
        }
        width = width.max(covered.len());
        for n in &mut covered {
            *n = n.saturating_sub(1);
        }
        cells_total = cells_total.saturating_add(width);
        if cells_total > MAX_CELLS {
            return None;
        }
    }
    let is_amount = |t: &str| t.contains('.') && crate::number::is_amount_shaped(t);
    let first_amount_row = placed
        .iter()
        .find(|p| p.colspan == 1 && is_amount(&p.text.text))
        .map_or(usize::MAX, |p| p.row);
    // Columns whose own (unmerged) cells below the header are mostly amounts.
    let mut amounts = vec![(0usize, 0usize); width];
    for p in placed
        .iter()
        .filter(|p| p.colspan == 1 && p.row >= first_amount_row)
    {
        if !p.text.is_empty() {
            amounts[p.col].0 += usize::from(is_amount(&p.text.text));
            amounts[p.col].1 += 1;
        }
    }
    let amount_col = |c: usize| amounts[c].1 > 0 && amounts[c].0 * 2 > amounts[c].1;
    let nrows = placed.last().map_or(0, |p| p.row + 1);
    let mut grid: Vec<Vec<Cell>> = (0..nrows).map(|_| vec![Cell::default(); width]).collect();
    for p in placed {
        let col = if p.row >= first_amount_row && p.colspan > 1 && !is_amount(&p.text.text) {
            (p.col..p.col + p.colspan)
                .rev()
                .find(|&c| !amount_col(c))
                .unwrap_or(p.col)
        } else {
            p.col
        };
        grid[p.row][col] = Cell {
            text: p.text.text.clone(),
            start: if p.text.is_empty() {
                p.at
            } else {
                p.text.span().start
            },
            source: Some(p.text),
        };
    }
    grid.retain(|row| row.iter().any(|c| !c.text.is_empty()));
    Some(grid)
}

/// Elements that start a line of a web page's text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "blockquote"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "center"
            | "pre"
            | "hr"
            | "body"
            | "html"
            | "head"
            | "form"
            | "caption"
    )
}

/// Elements whose content is no text of the page.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "title" | "noscript" | "template" | "textarea"
    )
}

/// A web page's text with its markup blanked out, byte for byte (see the module docs), and
/// the ranges of its tables, left as written.
pub(crate) struct Page {
    pub text: String,
    /// Offsets where a line starts besides the source's own line starts.
    breaks: Vec<usize>,
    /// The tables' extents, `<table` to `</table>`.
    tables: Vec<(usize, usize)>,
}

/// Blank out a web page's markup.
pub(crate) fn page(source: &str) -> Page {
    let mut bytes = source.as_bytes().to_vec();
    let mut breaks = Vec::new();
    let mut tables = Vec::new();
    let blank = |bytes: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut bytes[from..to.min(source.len())] {
            if !matches!(*b, b'\n' | b'\r') {
                *b = b' ';
            }
        }
    };
    let extents = table_extents(source);
    let mut pos = 0;
    let mut text_from = 0;
    while let Some(found) = next_tag(source, pos) {
        let (start, end) = match &found {
            Ok(tag) => (tag.start, tag.end),
            Err(range) => *range,
        };
        decode_entities(source, &mut bytes, text_from, start, false);
        blank(&mut bytes, start, end);
        pos = end;
        text_from = end;
        let Ok(tag) = found else { continue };
        if !tag.closing && is_hidden(&tag.name) {
            let stop = closing_tag(source, end, &tag.name).map_or(source.len(), |k| {
                source[k..].find('>').map_or(source.len(), |g| k + g + 1)
            });
            blank(&mut bytes, end, stop);
            pos = stop;
            text_from = stop;
            continue;
        }
        if tag.name == "table" && !tag.closing {
            if let Some(&table_end) = extents.get(&start) {
                // The table stays as written, for the table reader.
                bytes[start..table_end].copy_from_slice(&source.as_bytes()[start..table_end]);
                breaks.push(start);
                breaks.push(table_end);
                tables.push((start, table_end));
                pos = table_end;
                text_from = table_end;
            }
            continue;
        }
        if let Some(level) = heading_level(&tag.name).filter(|_| !tag.closing) {
            // `<h2>` → `## `: the heading reads as a Markdown one, on the line it opens.
            let hashes = level.min(end - start - 1);
            bytes[start..start + hashes].fill(b'#');
            breaks.push(start);
        } else if is_block(&tag.name) {
            breaks.push(start);
            breaks.push(end);
        }
    }
    decode_entities(source, &mut bytes, text_from, source.len(), false);
    let text = String::from_utf8(bytes).unwrap_or_else(|_| source.to_string());
    Page {
        text,
        breaks,
        tables,
    }
}

/// Where the first `</name` at or after `from` starts (any case).
fn closing_tag(source: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut at = from;
    while let Some(k) = memchr(b'<', &bytes[at..]) {
        let lt = at + k;
        let rest = &bytes[lt + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(lt);
        }
        at = lt + 1;
    }
    None
}

fn heading_level(name: &str) -> Option<usize> {
    let digit = name.strip_prefix('h')?;
    let level: usize = digit.parse().ok()?;
    (name.len() == 2 && (1..=6).contains(&level)).then_some(level)
}

/// Every table's extent: the offset of its `<table` and the byte just past the `</table>`
/// that closes it, nested tables counted, in one pass over the text. A `<table` never closed
/// has none.
pub(crate) fn table_extents(source: &str) -> HashMap<usize, usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut extents = HashMap::new();
    let mut pos = 0;
    while let Some(found) = next_tag(source, pos) {
        let tag = match found {
            Ok(tag) => tag,
            Err((_, end)) => {
                pos = end;
                continue;
            }
        };
        pos = tag.end;
        if tag.name == "table" {
            if !tag.closing {
                open.push(tag.start);
            } else if let Some(start) = open.pop() {
                extents.insert(start, tag.end);
            }
        }
    }
    extents
}

/// Write each entity of `source[from..to]` decoded in place, padded with spaces to its length:
/// the decoded character first, or last when `right` (`&gt;=90%` then reads `   >=90%`, the
/// comparator whole).
pub(crate) fn decode_entities(source: &str, bytes: &mut [u8], from: usize, to: usize, right: bool) {
    let mut i = from;
    while let Some(k) = memchr(b'&', &source.as_bytes()[i..to]) {
        let at = i + k;
        match entity(&source[at..to]) {
            Some((c, len)) => {
                let mut buf = [0; 4];
                let encoded = c.encode_utf8(&mut buf).as_bytes();
                if encoded.len() <= len {
                    bytes[at..at + len].fill(b' ');
                    let put = if right { at + len - encoded.len() } else { at };
                    bytes[put..put + encoded.len()].copy_from_slice(encoded);
                }
                i = at + len;
            }
            None => i = at + 1,
        }
    }
}

/// Append the text of a web page's line (`span` of the source) to `text`: markup between two
/// pieces of text joins them (`共有<b>3</b>家` reads `共有3家`), whitespace written in the
/// source or as an entity (`&nbsp;`) is one space, a decoded entity is synthetic text at its
/// place, and the `#` standing for a heading tag is left out.
pub(crate) fn push_page_line(text: &mut Text, page: &Page, source: &str, span: Span) {
    let shown = page.text.as_bytes();
    let written = source.as_bytes();
    let (start, end) = (span.start.min(shown.len()), span.end.min(shown.len()));
    let is_gap =
        |k: usize| shown[k].is_ascii_whitespace() || shown[k] == b'#' && written[k] != b'#';
    // A gap is a real space when the source has whitespace (or an entity for one) in it.
    let mut spaced = false;
    let mut gap_at: Option<usize> = None;
    let mut pushed = false;
    let mut k = start;
    while k < end {
        if is_gap(k) {
            gap_at.get_or_insert(k);
            spaced |= written[k].is_ascii_whitespace() || written[k] == b'&';
            k += 1;
            continue;
        }
        // A run of text, shown as written or decoded.
        let as_written = shown[k] == written[k];
        let mut e = k + 1;
        while e < end && !is_gap(e) && (shown[e] == written[e]) == as_written {
            e += 1;
        }
        let Some(piece) = page.text.get(k..e) else {
            k = e;
            continue;
        };
        let latin_join = text.text.ends_with(|c: char| c.is_ascii_alphanumeric())
            && piece.starts_with(|c: char| c.is_ascii_alphanumeric());
        // Across lines only Latin words get a space, as in [`super::prose::push_line`].
        let inside = pushed;
        if !text.is_empty() && (spaced && inside || latin_join) {
            text.push_synthetic(" ", gap_at.unwrap_or(k));
        }
        if as_written {
            text.push(piece, k);
        } else {
            text.push_synthetic(piece, k);
        }
        spaced = false;
        gap_at = None;
        pushed = true;
        k = e;
    }
}

/// A web page's lines as the readers see them: each block element's text a line, each table
/// one line holding its markup (which [`starts_table`] recognises).
pub(crate) fn page_lines<'a>(source: &'a SourceFile, page: &'a Page) -> Vec<Line<'a>> {
    let text = source.text.as_str();
    let mut cuts: Vec<usize> = page.breaks.clone();
    for (k, b) in text.bytes().enumerate() {
        if b == b'\n' {
            cuts.push(k + 1);
        }
    }
    cuts.push(0);
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut lines = Vec::new();
    let mut table = page.tables.iter().peekable();
    let mut k = 0;
    while k + 1 < cuts.len() {
        let (mut a, mut b) = (cuts[k], cuts[k + 1]);
        k += 1;
        while table.peek().is_some_and(|t| t.1 <= a) {
            table.next();
        }
        let in_table = table.peek().filter(|t| t.0 <= a && a < t.1);
        let body = if let Some(&&(_, end)) = in_table {
            // A table is one line, whatever newlines its markup holds.
            while k < cuts.len() && cuts[k] < end {
                k += 1;
            }
            b = end;
            text
        } else {
            page.text.as_str()
        };
        let slice = &body[a..b];
        let trimmed = slice.trim_end_matches(['\n', '\r', '\u{c}']);
        let lead = trimmed.len() - trimmed.trim_start_matches('\u{c}').len();
        a += lead;
        let end = a + trimmed.len() - lead;
        if body[a..end].trim().is_empty() {
            continue;
        }
        lines.push(Line {
            index: lines.len(),
            span: Span::new(a, end),
            text: &body[a..end],
            page_start: lead > 0,
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn table(text: &str) -> Vec<Table> {
        let start = text.find("<table").unwrap();
        let end = table_extents(text).get(&start).copied();
        match read(text, start, end, &mut Vec::new()) {
            Reading::Tables(t, end) => {
                assert!(text[..end].ends_with("</table>"));
                t
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn merged_header_cells_name_the_columns_below() {
        let text = "<table><tr><td rowspan=\"2\">项目</td><td colspan=\"2\">本年支出</td></tr>\
            <tr><td>基本支出</td><td>项目支出</td></tr>\
            <tr><td>合计</td><td>1,234.50</td><td>10.00</td></tr></table>";
        let t = table(text);
        assert_eq!(t.len(), 1);
        let names: Vec<&str> = t[0].columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["本年支出/基本支出", "本年支出/项目支出"]);
        let row = &t[0].rows[0];
        assert_eq!(row.label.text, "合计");
        let n = &row.values[0];
        assert_eq!(&text[n.span.start..n.span.end], "1,234.50");
        assert_eq!(n.value.to_string(), "1234.50");
    }

    #[test]
    fn title_unit_and_note_rows_describe_the_table() {
        let text = "<table><tr><td colspan=\"2\">2025年部门收入总表</td></tr>\
            <tr><td></td><td>单位：万元</td></tr><tr><td>项目</td><td>金额</td></tr>\
            <tr><td>合计</td><td>0.00</td></tr><tr><td colspan=\"2\">注：本表无数据。</td></tr></table>";
        let t = &table(text)[0];
        assert_eq!(
            t.title.as_ref().map(|t| t.text.as_str()),
            Some("2025年部门收入总表")
        );
        assert_eq!(t.unit, Some(crate::model::Unit::WanYuan));
        assert!(t.no_data);
        assert_eq!(t.columns.len(), 1);
        assert_eq!(t.columns[0].leaf, "金额");
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn entities_are_synthetic_and_markup_is_left_out() {
        let text = "<table><tr><td>项目</td><td>金额</td></tr>\
            <tr><td>&nbsp;&nbsp;<span>一般公共</span><br/>服务支出&amp;</td><td> 7.00&nbsp;</td></tr></table>";
        let t = table(text);
        let row = &t[0].rows[0];
        assert_eq!(row.label.text, "一般公共服务支出&");
        // The label maps to its two stretches of source; the entity to its place.
        let span = row.label.span();
        assert_eq!(&text[span.start..span.start + "一般公共".len()], "一般公共");
        // The entity is synthetic text at its place: the span ends where `&amp;` starts.
        assert!(text[span.start..span.end].ends_with("服务支出"));
        assert!(text[span.end..].starts_with("&amp;"));
        let n = &row.values[0];
        assert_eq!(&text[n.span.start..n.span.end], "7.00");
    }

    #[test]
    fn broken_markup_is_never_a_table() {
        let mut carry = Vec::new();
        let read_at_start = |text: &str, carry: &mut Vec<String>| {
            read(text, 0, table_extents(text).get(&0).copied(), carry)
        };
        assert!(matches!(
            read_at_start("<table><tr><td>1.00", &mut carry),
            Reading::Unclosed
        ));
        let nested = "<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>";
        assert!(
            matches!(read_at_start(nested, &mut carry), Reading::Unsure(e) if e == nested.len())
        );
        // A cell never closed ends at the next one, as in HTML.
        let t = table("<table><tr><td>项目<td>金额<tr><td>合计<td>3.00</table>");
        assert_eq!(t[0].rows[0].values[0].value.to_string(), "3.00");
        // Anything at all: no panic.
        for s in [
            "<table",
            "<table>",
            "<table><td rowspan=99999999999>",
            "<table><tr><td colspan=0>&#xffffffff;</table>",
            "<table>&#1;&;&amp</table>",
        ] {
            let _ = read_at_start(s, &mut carry);
        }
    }

    #[test]
    fn table_start_needs_the_tag() {
        assert!(starts_table("<table border='1'><tr>"));
        assert!(starts_table("  <TABLE>"));
        assert!(!starts_table("<tables>"));
        assert!(!starts_table("表<table>"));
        assert!(!starts_table("<5%"));
        // MinerU wraps some tables.
        assert_eq!(table_offset("<html><body><table><tr>"), Some(12));
        assert!(!starts_table("<p>收入总表</p>"));
        // A page saved under another name is still a page; a wrapped table opening Markdown
        // is not.
        let page = SourceFile::from_str("x.md", "<!DOCTYPE html><html><body><p>说明</p>");
        assert!(is_page(&page));
        let markdown = SourceFile::from_str(
            "x.md",
            "<html><body><table><tr><td>1</td></tr></table></body></html>\n正文",
        );
        assert!(!is_page(&markdown));
    }

    #[test]
    fn a_page_reads_as_headings_paragraphs_and_tables() {
        let html = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>标题</title>\
            <style>p { color: red }</style><script>var a = '<p>x</p>';</script></head><body>\n\
            <h2>第一部分 部门概况</h2><p>本部门&nbsp;共有<b>3</b>家单位。</p><!-- 注释 -->\n\
            <p>收入总表</p><p>单位：万元</p>\
            <table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>3.00</td></tr></table>\
            <p>说明完毕。</p></body></html>";
        let source = SourceFile::from_str("page.html", html);
        assert!(is_page(&source));
        let doc = super::super::parse(&source);
        let mut kinds = Vec::new();
        for b in &doc.blocks {
            match b {
                Block::Heading(h) => kinds.push(format!("h{}:{}", h.level, h.text.text)),
                Block::Paragraph(p) => kinds.push(format!("p:{}", p.text.text)),
                Block::Table(t) => kinds.push(format!(
                    "t:{}:{}",
                    t.title.as_ref().map_or("", |t| t.text.as_str()),
                    t.rows.len()
                )),
                _ => {}
            }
        }
        assert_eq!(
            kinds,
            [
                "h2:第一部分 部门概况",
                "p:本部门 共有3家单位。",
                "t:收入总表:1",
                "p:说明完毕。"
            ]
        );
    }
}
