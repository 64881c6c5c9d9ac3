//! The JSON format of `budlint inspect`: one pretty-printed document (with a trailing newline).
//! Its shape is a public interface for tests and tools: add fields, never rename or remove them
//! without raising `version`.
//!
//! ```json
//! {
//!   "version": 1,
//!   "files": [
//!     {
//!       "file": "2024/预算.txt", "encoding": "UTF-8", "layout": "plain", "lines": 120,
//!       "blocks": [
//!         { "kind": "heading", "first_line": 1, "last_line": 1, "level": 1, "text": "…" },
//!         { "kind": "paragraph", "first_line": 3, "last_line": 5, "text": "…", "numbers": [] },
//!         { "kind": "table", "first_line": 9, "last_line": 30,
//!           "title": { "line": 9, "text": "2024年预算支出总表" }, "form": null,
//!           "unit": "wan_yuan", "side": null, "no_data": false, "layout": "plain",
//!           "header": [ { "line": 11, "text": "…" } ],
//!           "columns": [ { "name": "合计", "leaf": "合计", "kind": "amount" } ],
//!           "rows": [
//!             { "first_line": 13, "last_line": 13,
//!               "code": { "code": "2101501",
//!                         "span": { "line": 13, "column": 1, "end_line": 13, "end_column": 8 } },
//!               "label": "行政运行", "certainty": "spacing",
//!               "values": [ { "column": 0, "value": "64.09", "decimals": 2, "unit": "wan_yuan",
//!                             "written": "64.09", "span": { … } } ],
//!               "candidates": [], "not_applicable": [], "cells": ["行政运行"] } ] } ] } ],
//!   "file_errors": [ { "file": "scan.pdf", "reason": "binary file (…)" } ]
//! }
//! ```
//!
//! A value's `column` indexes the table's `columns` (0-based) and is `null` in an ambiguous row,
//! whose possible placements are in `candidates`. Spans are 1-based, columns counted in
//! characters, `end_column` just after the last character (as in the linter's JSON). The README
//! describes every field.

use std::io::{self, Write};

use serde::Serialize;

use super::Reading;
use crate::diagnostic::FileError;

/// Raise when a field changes meaning or disappears; adding a field keeps the version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: &'a [Reading],
    file_errors: Vec<JsonFileError<'a>>,
}

#[derive(Serialize)]
struct JsonFileError<'a> {
    file: &'a str,
    reason: &'a str,
}

/// Print the readings and the files that could not be read as one JSON document.
pub fn write(readings: &[Reading], errors: &[FileError], out: &mut dyn Write) -> io::Result<()> {
    let output = Output {
        version: VERSION,
        files: readings,
        file_errors: errors
            .iter()
            .map(|e| JsonFileError {
                file: &e.path,
                reason: &e.reason,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}
