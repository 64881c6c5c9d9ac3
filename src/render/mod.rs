//! Printing diagnostics: one renderer per output format, all fed the same reports.

use std::io;

use termcolor::WriteColor;

use crate::diagnostic::{FileError, FileReport};
use crate::engine::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Short,
    Json,
}

#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub lang: Lang,
}

/// Counts shown in the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary { files: reports.len(), ..Summary::default() };
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            match d.severity {
                crate::diagnostic::Severity::Error => s.errors += 1,
                crate::diagnostic::Severity::Warning => s.warnings += 1,
                crate::diagnostic::Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// Render `reports` (already filtered and sorted) and `errors` (files that could not be read).
pub fn render(
    format: Format,
    reports: &[FileReport],
    errors: &[FileError],
    options: &RenderOptions,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let _ = (format, reports, errors, options, out);
    Ok(())
}
