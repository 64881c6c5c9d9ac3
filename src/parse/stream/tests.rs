//! Tests of the stream reader on cut-downs of real budgets.

use super::*;
use crate::source::SourceFile;

fn corpus_lines(name: &str, from: usize, to: usize) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/corpus")
        .join(name);
    let text = std::fs::read_to_string(path).expect("corpus file");
    text.split('\n')
        .skip(from - 1)
        .take(to - from + 1)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lines of a cut-down as the parser sees them.
fn lines_of(source: &SourceFile) -> Vec<Line<'_>> {
    source
        .lines()
        .map(|(index, span, text)| {
            let body = text.trim_start_matches('\u{c}');
            let skipped = text.len() - body.len();
            Line {
                index,
                span: Span::new(span.start + skipped, span.end),
                text: body,
                page_start: skipped > 0,
            }
        })
        .collect()
}

/// The rows and codes the reader assembles, one line each, for looking into a reading.
fn items_of(text: &str) -> Vec<String> {
    let source = SourceFile::from_str("a.txt", text);
    let lines = lines_of(&source);
    let unit = lines
        .iter()
        .position(|l| lines::unit_line(l.text).is_some())
        .expect("a unit line");
    let body = body(&lines, unit, &|_| false);
    let first_number = body
        .cells
        .iter()
        .position(|c| !c.is_text())
        .expect("numbers");
    let mut header = read_header(&body.cells[..first_number]);
    let (rest, left_out) = without_header(&body.cells[first_number..], &header);
    if header.columns.is_empty() {
        header.columns = column_run(&left_out);
    }
    let k = amount_columns(&rest, header.columns.len());
    let total_first = k >= 2 && columns(&header, k)[0].leaf == "合计";
    rows_of(&rest, &header, k, total_first)
        .iter()
        .map(|it| match it {
            Item::Code(g) => format!("code {}", g.code),
            Item::Piece(c) => format!("piece {}", c.text),
            Item::PageBreak => "page".to_string(),
            Item::Row(r) => format!(
                "row {:?} {} {:?}{}",
                r.code.as_ref().map(|c| c.code.as_str()),
                r.name.as_ref().map(|n| n.text.as_str()).unwrap_or("-"),
                r.amounts.iter().map(|c| c.text).collect::<Vec<_>>(),
                if r.anchored { " anchored" } else { "" }
            ),
        })
        .collect()
}

#[test]
fn debug_items() {
    let text = corpus_lines("sh-putuo-finance-2025-budget.plain.txt", 192, 450);
    for item in items_of(&text) {
        eprintln!("{item}");
    }
}
