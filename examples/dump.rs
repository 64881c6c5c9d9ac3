//! Print the document model budlint reads from a file: `cargo run --example dump -- FILE`.

use budlint::model::{Block, squeeze};
use budlint::source::SourceFile;

fn main() {
    for path in std::env::args().skip(1) {
        let source = match SourceFile::read(std::path::Path::new(&path)) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let doc = budlint::parse::parse(&source);
        println!("== {path} ({:?})", budlint::parse::detect_layout(&source));
        for block in &doc.blocks {
            let line = source.line_col(block.span().start).0;
            match block {
                Block::Heading(h) => println!("{line:>4} H{} {}", h.level, h.text.text),
                Block::Paragraph(p) => println!(
                    "{line:>4} P {}",
                    p.text.text.chars().take(60).collect::<String>()
                ),
                Block::Note(p) => println!("{line:>4} N {}", p.text.text),
                Block::Furniture(p) => println!("{line:>4} F {}", p.text.text),
                Block::Table(t) => {
                    println!(
                        "{line:>4} T title={:?} unit={:?} side={:?} no_data={} cols={:?}",
                        t.title.as_ref().map(|x| squeeze(&x.text)),
                        t.unit,
                        t.side,
                        t.no_data,
                        t.columns
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                    );
                    for r in &t.rows {
                        let vals: Vec<String> = r
                            .values
                            .iter()
                            .zip(&r.placement)
                            .map(|(v, c)| format!("{}@{}", v.value, c))
                            .collect();
                        println!(
                            "{:>8}   {:?} {} [{}] {:?}{}",
                            source.line_col(r.span.start).0,
                            r.code.as_ref().map(|c| c.code.as_str()).unwrap_or(""),
                            squeeze(&r.label.text),
                            vals.join(" "),
                            r.certainty,
                            if r.candidates.is_empty() {
                                String::new()
                            } else {
                                format!(" ({} candidates)", r.candidates.len())
                            }
                        );
                    }
                }
            }
        }
    }
}
