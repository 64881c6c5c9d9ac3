//! Turning a decoded source into a [`Document`]: one reader per layout, one model for all.

use crate::model::{Document, Layout};
use crate::source::SourceFile;

/// Guess the layout from the text: pipe tables, tab-separated tables, aligned columns or plain.
pub fn detect_layout(source: &SourceFile) -> Layout {
    let mut pipes = 0;
    let mut tabs = 0;
    let mut aligned = 0;
    for (_, _, line) in source.lines() {
        let t = line.trim();
        if t.starts_with('|') && t.ends_with('|') && t.len() > 2 {
            pipes += 1;
        } else if line.contains('\t') {
            tabs += 1;
        } else if line.contains("   ") && !t.is_empty() {
            aligned += 1;
        }
    }
    let lines = source.line_count().max(1);
    if pipes >= 3 && pipes * 50 >= lines {
        Layout::Piped
    } else if tabs >= 3 && tabs * 50 >= lines {
        Layout::Tabbed
    } else if aligned * 10 >= lines {
        Layout::Aligned
    } else {
        Layout::Plain
    }
}

/// Parse a source into the document model.
pub fn parse(source: &SourceFile) -> Document {
    let _ = detect_layout(source);
    Document::default()
}
