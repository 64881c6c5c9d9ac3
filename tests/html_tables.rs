//! Tables written as HTML markup: the probe disclosures as the web pages they were made as
//! (`fixtures/probes/src/*.html`, real table markup with `colspan` / `rowspan`) and as Markdown
//! the way MinerU writes it (`fixtures/html/*.md`, made by `fixtures/html/mineru.py`: `#`
//! headings, paragraphs, each table one line of `<table>` without `<th>`), and corpus documents
//! whose delimited tables are rewritten as HTML tables in memory.
//!
//! - The correct probes raise no error or warning in either shape but those the same probe
//!   raises in its `pdftotext -layout` text (two `required-table` warnings of the Beijing-like
//!   budget, which prints no 财政拨款收支总表 and no 国有资本经营 table: real).
//! - Every planted fault of `gen.py` (`fixtures/html/faults.tsv`: the cells it changes) is
//!   planted in memory in both shapes and must be reported as an error on its cell's line.
//! - Two corpus documents with their tables as HTML give the findings of the originals.

mod common;

use common::html;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const PROBES: &[&str] = &[
    "westlake-culture-2023-final",
    "wuhou-education-2025-budget",
    "shuyuan-street-2024-final",
    "chaoyang-greening-2025-budget",
];

const TABLE_RULES: &[&str] = &[
    "subject-code-sum",
    "column-total",
    "section-sum",
    "statement-total",
    "three-public-sum",
    "numbered-total",
    "cross-table-total",
];

/// Faults no shape reports: 公开06表's 人员经费合计 is the sum of the 301 and 303 rows, a total
/// no rule checks (nor in the `-layout` text, `tests/probes.rs`).
const NOT_CAUGHT: &[&str] = &["final-f8-econ-total"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("budlint-html-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// One finding: line, severity, rule, message (without the page it is on).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    line: usize,
    severity: String,
    rule: String,
    message: String,
}

impl Finding {
    /// What it says, wherever it is.
    fn said(&self) -> String {
        format!("{}[{}] {}", self.severity, self.rule, self.message)
    }
}

fn findings(path: &Path) -> Vec<Finding> {
    let shown = path.display().to_string();
    common::short_output(Path::new("."), &[path])
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix(&shown)?.strip_prefix(':')?;
            let mut parts = rest.splitn(3, ':');
            let line = parts.next()?.parse().ok()?;
            let _column = parts.next()?;
            let said = parts.next()?.trim();
            let (severity, rest) = said.split_once('[')?;
            let (rule, message) = rest.split_once("] ")?;
            let message = match message.rfind(" (page ") {
                Some(at) if message.ends_with(')') => &message[..at],
                _ => message,
            };
            Some(Finding {
                line,
                severity: severity.to_string(),
                rule: rule.to_string(),
                message: message.to_string(),
            })
        })
        .collect()
}

fn findings_of(dir: &Path, name: &str, text: &str) -> Vec<Finding> {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the file");
    findings(&path)
}

/// `(tables read as HTML, tables in the markup)` by `budlint inspect --format json`.
fn html_tables(path: &Path) -> (usize, usize) {
    let out = Command::new(env!("CARGO_BIN_EXE_budlint"))
        .args(["inspect", "--format", "json"])
        .arg(path)
        .output()
        .expect("budlint inspect runs");
    let json = String::from_utf8_lossy(&out.stdout);
    let read =
        json.matches("\"layout\": \"html\"").count() + json.matches("\"layout\":\"html\"").count();
    let text = std::fs::read_to_string(path).expect("readable");
    (read, text.matches("<table").count())
}

fn loud(found: &[Finding]) -> BTreeSet<String> {
    found
        .iter()
        .filter(|f| f.severity == "error" || f.severity == "warning")
        .map(Finding::said)
        .collect()
}

#[test]
fn probes_read_as_web_pages_and_as_mineru_markdown_as_in_their_layout_text() {
    for probe in PROBES {
        let layout = loud(&findings(
            &root().join(format!("fixtures/probes/{probe}.layout.txt")),
        ));
        assert!(
            layout
                .iter()
                .all(|f| f.starts_with("warning[required-table]")),
            "{probe}: the -layout text is read without a false error: {layout:?}"
        );
        for path in [
            root().join(format!("fixtures/probes/src/{probe}.html")),
            root().join(format!("fixtures/html/{probe}.md")),
        ] {
            let (read, written) = html_tables(&path);
            // A side-by-side 收支总表 is two tables, and the document layout is named too.
            assert!(
                read > written,
                "{}: {read} readings named html for {written} tables",
                path.display()
            );
            let found = loud(&findings(&path));
            let extra: Vec<&String> = found.difference(&layout).collect();
            assert!(extra.is_empty(), "{}: {extra:?}", path.display());
            assert_eq!(found, layout, "{}", path.display());
        }
    }
}

/// The byte range of the content of the `n`-th table cell (`<td>` / `<th>`) whose text is
/// `text`, counted over all cells in order.
fn nth_cell(source: &str, text: &str, n: usize) -> Option<(usize, usize)> {
    let lower = source.to_ascii_lowercase();
    let mut seen = 0;
    let mut at = 0;
    while let Some(k) = lower[at..].find("<t") {
        let open = at + k;
        at = open + 2;
        if !lower[at..].starts_with(['d', 'h']) || !lower[at + 1..].starts_with(['>', ' ']) {
            continue;
        }
        let start = open + lower[open..].find('>')? + 1;
        let end = start + lower[start..].find("</t")?;
        if source[start..end].trim() == text {
            if seen == n {
                return Some((start, end));
            }
            seen += 1;
        }
    }
    None
}

/// A cell a fault changes: the `n`-th cell reading `old` (counted from 0) reads `new`.
type PlantedCell = (usize, String, String);

#[test]
fn planted_faults_are_reported_on_their_cells_line() {
    let dir = scratch("faults");
    let manifest = std::fs::read_to_string(root().join("fixtures/html/faults.tsv"))
        .expect("fixtures/html/faults.tsv");
    let mut faults: Vec<(String, String, Vec<PlantedCell>)> = Vec::new();
    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "{line}");
        let cell = (f[2].parse().expect("n"), f[3].to_string(), f[4].to_string());
        match faults.last_mut() {
            Some(last) if last.0 == f[0] => last.2.push(cell),
            _ => faults.push((f[0].to_string(), f[1].to_string(), vec![cell])),
        }
    }
    assert_eq!(faults.len(), 28, "every fault of gen.py");
    let mut caught = 0;
    for (fault, document, cells) in &faults {
        for (shape, path) in [
            (
                "html",
                root().join(format!("fixtures/probes/src/{document}.html")),
            ),
            ("md", root().join(format!("fixtures/html/{document}.md"))),
        ] {
            let mut text = std::fs::read_to_string(&path).expect("probe");
            // Found in the correct text, replaced from the end so the others stay in place.
            let mut planted: Vec<(usize, usize, &str)> = cells
                .iter()
                .map(|(n, old, new)| {
                    let (start, end) = nth_cell(&text, old, *n)
                        .unwrap_or_else(|| panic!("{fault}: cell {n} {old} in {}", path.display()));
                    (start, end, new.as_str())
                })
                .collect();
            planted.sort_unstable();
            let lines: Vec<usize> = planted
                .iter()
                .map(|(start, _, _)| text[..*start].matches('\n').count() + 1)
                .collect();
            for (start, end, new) in planted.into_iter().rev() {
                text.replace_range(start..end, new);
            }
            let found = findings_of(&dir, &format!("{fault}.{shape}"), &text);
            let on_line = found.iter().any(|f| {
                f.severity == "error"
                    && TABLE_RULES.contains(&f.rule.as_str())
                    && lines.contains(&f.line)
            });
            if NOT_CAUGHT.contains(&fault.as_str()) {
                assert!(
                    !on_line,
                    "{fault}.{shape} is caught now: strike it from NOT_CAUGHT"
                );
            } else {
                assert!(
                    on_line,
                    "{fault}.{shape}: no error on line {lines:?}: {found:?}"
                );
                caught += 1;
            }
        }
    }
    assert_eq!(caught, 2 * (faults.len() - NOT_CAUGHT.len()));
    let _ = std::fs::remove_dir_all(&dir);
}

fn has_amount(row: &[String]) -> bool {
    row.iter().any(|c| {
        let t = c.replace(',', "");
        t.contains('.') && t.parse::<f64>().is_ok()
    })
}

/// A grid of cells as one line of HTML, the header's merged cells as `colspan` / `rowspan` the
/// way a converter writes them: a named cell followed by empty ones whose rows below are named
/// spans them; a named cell with nothing below it in the header spans the rows down.
fn html_table(rows: &[Vec<String>]) -> String {
    let header = rows
        .iter()
        .position(|r| has_amount(r))
        .unwrap_or(rows.len());
    html::table(rows, |r, c, covered| {
        let width = covered[r].len();
        let (mut rowspan, mut colspan) = (1, 1);
        if r < header && !html::cell(rows, r, c).is_empty() {
            let named_below =
                |k: usize| (r + 1..header).any(|b| !html::cell(rows, b, k).is_empty());
            while c + colspan < width
                && html::cell(rows, r, c + colspan).is_empty()
                && !covered[r][c + colspan]
                && named_below(c + colspan)
            {
                colspan += 1;
            }
            if colspan == 1 && !named_below(c) {
                rowspan = header - r;
            }
        }
        (rowspan, colspan)
    })
}

/// The text with every delimited table rewritten as one line of HTML: pipe tables, and
/// tab-separated ones except the performance forms (read as forms, not tables).
fn as_html_tables(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let pipe = |l: &str| l.trim_start().starts_with('|');
    let tab = |l: &str| l.contains('\t') && !l.contains("....") && !l.contains('…');
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let is_pipe = pipe(lines[i]);
        if !is_pipe && !tab(lines[i]) {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len()
            && (if is_pipe {
                pipe(lines[i])
            } else {
                tab(lines[i])
            })
        {
            i += 1;
        }
        let block = &lines[start..i];
        let rows: Vec<Vec<String>> = block
            .iter()
            .filter(|l| !(is_pipe && l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))))
            .map(|l| {
                let t = if is_pipe { l.trim() } else { l };
                let t = if is_pipe {
                    let t = t.strip_prefix('|').unwrap_or(t);
                    t.strip_suffix('|').unwrap_or(t)
                } else {
                    t
                };
                let sep = if is_pipe { '|' } else { '\t' };
                t.split(sep).map(|c| c.trim().to_string()).collect()
            })
            .collect();
        let form = rows
            .iter()
            .flatten()
            .any(|c| c == "项目名称" || c.contains("指标"));
        if form {
            out.extend(block.iter().map(|l| l.to_string()));
        } else {
            out.push(html_table(&rows));
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn corpus_tables_read_the_same_as_html_tables() {
    let dir = scratch("corpus");
    for name in ["dongchangfu-2024-budget.md", "tunliu-2025-budget.md"] {
        let path = root().join("fixtures/corpus").join(name);
        let text = std::fs::read_to_string(&path).expect("corpus document");
        let converted = as_html_tables(&text);
        let tables = converted.matches("<table>").count();
        assert!(tables >= 8, "{name}: {tables} tables rewritten");
        assert!(converted.contains("colspan=") && converted.contains("rowspan="));
        let said = |found: Vec<Finding>| {
            let mut s: Vec<String> = found.iter().map(Finding::said).collect();
            s.sort();
            s
        };
        let original = said(findings(&path));
        assert!(original.iter().any(|f| f.starts_with("error[")), "{name}");
        let html = said(findings_of(&dir, name, &converted));
        assert_eq!(html, original, "{name}");
        // Written over many lines, a `<tr>` and a `<td>` a line, with entities for `>`, `≥`
        // and `≤` (Word's HTML export): read the same.
        let lines: String = converted
            .lines()
            .map(|l| match l.starts_with("<table>") {
                true => html::multiline(l) + "\n",
                false => format!("{l}\n"),
            })
            .collect();
        assert!(lines.lines().count() > converted.lines().count() + 100);
        let html = said(findings_of(&dir, &format!("lines-{name}"), &lines));
        assert_eq!(html, original, "{name} over many lines");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_gb18030_page_with_crlf_and_wrapped_markdown_tables_read_alike() {
    let dir = scratch("encodings");
    let probe = "westlake-culture-2023-final";
    let said = |found: Vec<Finding>| -> Vec<String> { found.iter().map(Finding::said).collect() };
    // Planted fault final-f7 (本年收入合计 9770.13 → 9820.13), so there is something to find.
    let page = std::fs::read_to_string(root().join(format!("fixtures/probes/src/{probe}.html")))
        .expect("probe")
        .replacen(">9770.13<", ">9820.13<", 1);
    let utf8 = said(findings_of(&dir, "page.html", &page));
    assert!(
        utf8.iter().any(|f| f.starts_with("error[statement-total]")),
        "{utf8:?}"
    );
    // Saved by a Windows editor as GBK: the charset says so, the line ends are CRLF.
    let gbk_page = page
        .replace("charset='utf-8'", "charset='gb2312'")
        .replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&gbk_page);
    assert!(!unmappable);
    let path = dir.join("page-gbk.htm");
    std::fs::write(&path, &bytes).expect("write");
    assert_eq!(said(findings(&path)), utf8);
    // MinerU wraps some tables in `<html><body>…</body></html>`.
    let markdown = std::fs::read_to_string(root().join(format!("fixtures/html/{probe}.md")))
        .expect("markdown")
        .replacen(">9770.13<", ">9820.13<", 1);
    let plain = said(findings_of(&dir, "plain.md", &markdown));
    assert!(
        plain
            .iter()
            .any(|f| f.starts_with("error[statement-total]")),
        "{plain:?}"
    );
    let wrapped: String = markdown
        .lines()
        .map(|l| match l.starts_with("<table>") {
            true => format!("<html><body>{l}</body></html>\n"),
            false => format!("{l}\n"),
        })
        .collect();
    assert_ne!(wrapped, markdown);
    assert_eq!(said(findings_of(&dir, "wrapped.md", &wrapped)), plain);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Converters that keep the title and the unit inside the table put them in rows of one cell
/// spanning it: moved there, they must describe the table as they did above it.
#[test]
fn title_and_unit_rows_inside_the_table_read_as_above_it() {
    let dir = scratch("captions");
    let said = |found: Vec<Finding>| -> Vec<String> { found.iter().map(Finding::said).collect() };
    for probe in PROBES {
        let markdown = std::fs::read_to_string(root().join(format!("fixtures/html/{probe}.md")))
            .expect("markdown");
        let lines: Vec<&str> = markdown.lines().collect();
        let mut out: Vec<String> = Vec::new();
        let mut moved = 0;
        for line in &lines {
            let Some(rows) = line.strip_prefix("<table>") else {
                out.push(line.to_string());
                continue;
            };
            // The title (`# …表`), form number and unit paragraphs just above, blank lines between.
            let mut captions: Vec<String> = Vec::new();
            while let Some(last) = out.last() {
                let t = last.trim().trim_start_matches('#').trim();
                if t.is_empty() {
                    out.pop();
                } else if t.starts_with('<') || captions.len() == 3 {
                    break;
                } else if t.ends_with('表') && t.chars().count() <= 30 || t.contains("单位：") {
                    captions.insert(0, t.to_string());
                    out.pop();
                } else {
                    break;
                }
            }
            moved += usize::from(!captions.is_empty());
            let head: String = captions
                .iter()
                .map(|c| format!("<tr><td colspan=\"4\">{}</td></tr>", html::escape(c)))
                .collect();
            out.push(String::new());
            out.push(format!("<table>{head}{rows}"));
        }
        assert!(moved >= 8, "{probe}: {moved} tables got their captions");
        let inside = out.join("\n") + "\n";
        assert_eq!(
            said(findings_of(&dir, &format!("{probe}.md"), &inside)),
            said(findings(&root().join(format!("fixtures/html/{probe}.md")))),
            "{probe}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
