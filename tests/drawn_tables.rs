//! Tables drawn with rules between their rows read as the Markdown pipe tables they are made
//! from: a pandoc grid table (`+------+------+` between rows) and a box-drawing table
//! (`┌──┬──┐`, `│ a │ b │`, `├──┼──┤`, as copied from a spreadsheet or a terminal). Each pipe
//! fixture of `fixtures/layouts/` (correct and faulty) is redrawn both ways in memory; budlint
//! must report the same findings, rule, severity and message, as on the pipe original.

mod common;

use std::path::Path;

const FIXTURES: &[&str] = &[
    "tunliu-2025-pipe.md",
    "tunliu-2025-pipe.faulty.md",
    "daiyue-veterans-2025-pipe.md",
    "daiyue-veterans-2025-pipe.faulty.md",
];

#[derive(Clone, Copy)]
enum Drawing {
    Grid,
    Box,
}

/// Columns as wide as a terminal shows them: CJK and full-width characters take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

fn is_pipe_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The text with every pipe table redrawn.
fn redraw(text: &str, drawing: Drawing) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].trim_start().starts_with('|') {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        let mut rows: Vec<Vec<String>> = Vec::new();
        while i < lines.len() && lines[i].trim_start().starts_with('|') {
            if !is_pipe_separator(lines[i]) {
                let t = lines[i].trim();
                let inner = t.strip_prefix('|').unwrap_or(t);
                let inner = inner.strip_suffix('|').unwrap_or(inner);
                rows.push(inner.split('|').map(|c| c.trim().to_string()).collect());
            }
            i += 1;
        }
        let n = rows.iter().map(Vec::len).max().unwrap_or(0);
        for r in &mut rows {
            r.resize(n, String::new());
        }
        let widths: Vec<usize> = (0..n)
            .map(|k| rows.iter().map(|r| width(&r[k])).max().unwrap_or(0) + 2)
            .collect();
        let rule = |left: &str, dash: &str, mid: &str, right: &str| {
            let parts: Vec<String> = widths.iter().map(|w| dash.repeat(*w)).collect();
            format!("{left}{}{right}", parts.join(mid))
        };
        let row = |r: &[String], bar: &str| {
            let cells: Vec<String> = r
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!(" {c}{}", " ".repeat(w - 1 - width(c))))
                .collect();
            format!("{bar}{}{bar}", cells.join(bar))
        };
        match drawing {
            Drawing::Grid => {
                out.push(rule("+", "-", "+", "+"));
                for r in &rows {
                    out.push(row(r, "|"));
                    out.push(rule("+", "-", "+", "+"));
                }
            }
            Drawing::Box => {
                out.push(rule("┌", "─", "┬", "┐"));
                for (k, r) in rows.iter().enumerate() {
                    out.push(row(r, "│"));
                    if k + 1 < rows.len() {
                        out.push(rule("├", "─", "┼", "┤"));
                    }
                }
                out.push(rule("└", "─", "┴", "┘"));
            }
        }
    }
    out.join("\n") + "\n"
}

/// budlint's findings on `text`, as `severity[rule] message`, sorted (their lines differ).
fn findings(dir: &Path, name: &str, text: &str) -> Vec<String> {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the redrawn file");
    let mut found: Vec<String> = common::short_output(dir, &[&path])
        .lines()
        .filter_map(|l| l.splitn(4, ':').nth(3).map(|s| s.trim().to_string()))
        // The page a finding is on is not part of what it says.
        .map(|s| match s.rfind(" (page ") {
            Some(at) if s.ends_with(')') => s[..at].to_string(),
            _ => s,
        })
        .collect();
    found.sort();
    found
}

#[test]
fn grid_and_box_tables_read_as_their_pipe_originals() {
    let dir = std::env::temp_dir().join(format!("budlint-drawn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let layouts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/layouts");
    for fixture in FIXTURES {
        let text = std::fs::read_to_string(layouts.join(fixture)).expect("fixture");
        let original = findings(&dir, fixture, &text);
        if fixture.contains("faulty") {
            assert!(
                original.iter().any(|f| f.starts_with("error[")),
                "{fixture}: the planted faults are found in the pipe original"
            );
        }
        for (drawing, suffix) in [(Drawing::Grid, "grid"), (Drawing::Box, "box")] {
            let redrawn = redraw(&text, drawing);
            assert_ne!(redrawn, text, "{fixture} has pipe tables to redraw");
            let name = format!("{fixture}.{suffix}.txt");
            assert_eq!(findings(&dir, &name, &redrawn), original, "{name}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A drawn table cut off before its closing rule (the end of a page, a truncated file) is no
/// grid of rectangles, and its bars are read as a pipe table's: the 合计 row, one cell over the
/// two label columns, has one bar less than the rows under it, so no figure is known to be its
/// column's, and nothing is reported (it was a false `column-total` error: 9.00 read as the
/// label, 3.00 as the 合计). The same table with its figures wrong in the coded rows is reported
/// once the rule closes it.
#[test]
fn a_drawn_table_without_its_closing_rule_makes_no_claim_on_spanning_rows() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let text = std::fs::read_to_string(dir.join("grid-table-without-its-closing-rule.md"))
        .expect("fixture");
    let tmp = tempfile::tempdir().expect("temp dir");
    assert_eq!(findings(tmp.path(), "cut.md", &text), Vec::<String>::new());
    let rule = text
        .lines()
        .find(|l| l.starts_with("+---"))
        .expect("a rule")
        .to_string();
    let closed = format!("{text}{rule}\n").replace(
        "| 20202          | 科目2                            | 3.00 ",
        "| 20202          | 科目2                            | 4.00 ",
    );
    let found = findings(tmp.path(), "closed.md", &closed);
    assert!(
        found
            .iter()
            .any(|f| f.contains("column-total") || f.contains("合计")),
        "{found:?}"
    );
}
