//! The HTML format: one self-contained page to open in a browser (`--format html > report.html`).
//!
//! The page has no external resource at all (inline CSS and script, a Content-Security-Policy
//! that forbids loading anything), so it can be mailed or archived as one file. It shows, in the
//! `--lang` language:
//!
//! - counts per file and per rule, each a link that filters the findings;
//! - a filter bar (severity, rule, file) run by a small inline script; the filter lives in the
//!   address's fragment (`#severity=error&rule=column-total&file=2`), so a filtered view can be
//!   bookmarked and the page opens filtered;
//! - every finding with its source excerpt, each label's words marked (`<mark>`) and listed with
//!   its message, then the notes and the help;
//! - for a finding whose labels fall in a table, the table as budlint read it (the document
//!   model, as `budlint inspect` shows it): a grid of code, name and amount columns, the stated
//!   cell and each part highlighted, and, for a sum, the arithmetic written out from the cells.
//!
//! **Where the tables come from.** Diagnostics carry spans, not tables. The renderer parses each
//! file that has findings once more ([`crate::parse::parse`] is deterministic, so it reads the
//! same tables the rules read) and finds a label's table and cell by its span: a cell is
//! highlighted when a label's span overlaps the cell's span. The rules are not changed for this,
//! except that a table rule marks the terms of a sum with [`Label::addend`], so the arithmetic is
//! written only where a rule says the figures are terms of a sum.
//!
//! Every text taken from a document, a path, a rule or a message is escaped; control characters
//! (which HTML forbids) are shown as their Unicode pictures. A table grid shows only the rows a
//! finding touches, one row around each, and the count of rows left out, so a page of thousands
//! of findings stays small; findings are laid out lazily by the browser (`content-visibility`).

use std::collections::BTreeMap;
use std::io::{self, Write};

use rust_decimal::Decimal;

use super::spool::Spool;
use super::{Summary, clamp_span, display_path};
use crate::diagnostic::{Diagnostic, FileError, FileReport, Label, Severity};
use crate::engine::Lang;
use crate::model::{Number, Row, Table, Unit};
use crate::registry::Rule;
use crate::source::{SourceFile, Span};

/// Lines of source shown around the labels of one finding, at most.
const EXCERPT_LINES: usize = 40;
/// Lines of one label shown, at most (a label may cover a whole multi-line row).
const LINES_PER_LABEL: usize = 3;
/// A table with at most this many rows is shown whole.
const WHOLE_TABLE_ROWS: usize = 12;
/// Tables shown for one finding, at most (a 收支总表 is two tables, its income and expenditure).
const TABLES_PER_FINDING: usize = 3;

/// Every report at once (the unit tests).
#[cfg(test)]
pub(super) fn render(
    reports: &[FileReport],
    errors: &[FileError],
    rules: &[Rule],
    lang: Lang,
    out: &mut (impl Write + ?Sized),
) -> io::Result<()> {
    let mut stream = Stream::new(lang);
    for report in reports {
        stream.file(report)?;
    }
    stream.finish(errors, rules, out)
}

/// The page fed one report at a time: each file's section is drawn while its report is at
/// hand and kept as HTML; the totals, filters and overview, which come first on the page, are
/// written at the end.
pub(super) struct Stream {
    words: Words,
    summary: Summary,
    /// Each file's path and findings per severity.
    files: Vec<(String, [usize; 3])>,
    rules: BTreeMap<String, [usize; 3]>,
    /// The section of the file being rendered, then moved to `sections`.
    section: String,
    /// Every file's section so far, written after the totals and the overview.
    sections: Spool,
}

impl Stream {
    pub(super) fn new(lang: Lang) -> Stream {
        Stream {
            words: Words::for_lang(lang),
            summary: Summary::default(),
            files: Vec::new(),
            rules: BTreeMap::new(),
            section: String::new(),
            sections: Spool::default(),
        }
    }

    pub(super) fn file(&mut self, report: &FileReport) -> io::Result<()> {
        let index = self.files.len();
        self.summary.add(report);
        let mut counts = [0; 3];
        for d in &report.diagnostics {
            counts[severity_slot(d.severity)] += 1;
            match self.rules.get_mut(d.rule.as_str()) {
                Some(c) => c[severity_slot(d.severity)] += 1,
                None => {
                    let mut c = [0; 3];
                    c[severity_slot(d.severity)] += 1;
                    self.rules.insert(d.rule.clone(), c);
                }
            }
        }
        self.files.push((display_path(&report.source.path), counts));
        if !report.diagnostics.is_empty() {
            file_section(&mut self.section, index, report, &self.words);
            self.sections.append(self.section.as_bytes())?;
            self.section.clear();
        }
        Ok(())
    }

    pub(super) fn finish(
        mut self,
        errors: &[FileError],
        rules: &[Rule],
        out: &mut (impl Write + ?Sized),
    ) -> io::Result<()> {
        let words = &self.words;
        let summary = &self.summary;
        let mut page = String::with_capacity(64 * 1024);
        head(&mut page, words);
        page.push_str("<header><h1>");
        page.push_str(words.title);
        page.push_str("</h1><p class=\"totals\">");
        page.push_str(&(words.totals)(summary));
        page.push_str("</p></header>\n");
        filter_bar(&mut page, &self.files, &self.rules, rules, summary, words);
        overview(&mut page, &self.files, &self.rules, rules, words);
        if !errors.is_empty() {
            file_errors(&mut page, errors, words);
        }
        page.push_str("<main id=\"findings\">\n");
        out.write_all(page.as_bytes())?;
        page.clear();
        self.sections.copy_to(out)?;
        page.push_str("<p id=\"nothing\" hidden>");
        page.push_str(words.nothing_shown);
        page.push_str("</p>\n</main>\n<script>");
        page.push_str(SCRIPT);
        page.push_str("</script>\n</body>\n</html>\n");
        out.write_all(page.as_bytes())
    }
}

fn head(page: &mut String, words: &Words) {
    page.push_str("<!DOCTYPE html>\n<html lang=\"");
    page.push_str(words.html_lang);
    page.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Nothing may be loaded from anywhere: a report of hostile documents stays inert offline.
    page.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
    );
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<meta name=\"generator\" content=\"budlint ");
    page.push_str(env!("CARGO_PKG_VERSION"));
    page.push_str("\">\n<link rel=\"icon\" href=\"data:,\">\n<title>");
    page.push_str(words.title);
    page.push_str("</title>\n<style>");
    page.push_str(STYLE);
    page.push_str("</style>\n</head>\n<body>\n");
}

/// The severity check boxes, the rule and file choices, and the count of findings shown.
fn filter_bar(
    page: &mut String,
    files: &[(String, [usize; 3])],
    rule_counts: &BTreeMap<String, [usize; 3]>,
    rules: &[Rule],
    summary: &Summary,
    words: &Words,
) {
    page.push_str("<nav id=\"filters\" aria-label=\"");
    page.push_str(words.filters);
    page.push_str("\">\n");
    for (severity, count) in [
        (Severity::Error, summary.errors),
        (Severity::Warning, summary.warnings),
        (Severity::Info, summary.infos),
    ] {
        page.push_str(&format!(
            "<label class=\"sev-{0}\"><input type=\"checkbox\" name=\"severity\" value=\"{0}\" \
             checked> {1} ({count})</label>\n",
            severity.as_str(),
            words.severity(severity)
        ));
    }
    page.push_str("<label>");
    page.push_str(words.rule);
    page.push_str(" <select id=\"rule-filter\"><option value=\"\">");
    page.push_str(words.all);
    page.push_str("</option>");
    for rule in rule_counts.keys() {
        let title = rule_summary(rules, rule, words.lang).unwrap_or(rule);
        page.push_str(&format!(
            "<option value=\"{0}\" title=\"{1}\">{0}</option>",
            escape(rule),
            escape(title)
        ));
    }
    page.push_str("</select></label>\n<label>");
    page.push_str(words.file);
    page.push_str(" <select id=\"file-filter\"><option value=\"\">");
    page.push_str(words.all);
    page.push_str("</option>");
    for (index, (path, counts)) in files.iter().enumerate() {
        if counts.iter().sum::<usize>() > 0 {
            page.push_str(&format!(
                "<option value=\"{index}\">{}</option>",
                escape(path)
            ));
        }
    }
    page.push_str("</select></label>\n<output id=\"shown\" data-total=\"");
    page.push_str(&summary_total(summary).to_string());
    page.push_str("\" data-template=\"");
    page.push_str(words.shown_template);
    page.push_str("\"></output>\n</nav>\n");
}

fn summary_total(summary: &Summary) -> usize {
    summary.errors + summary.warnings + summary.infos
}

fn severity_slot(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

fn rule_summary<'a>(rules: &'a [Rule], id: &str, lang: Lang) -> Option<&'a str> {
    rules
        .iter()
        .find(|r| r.meta.id == id)
        .map(|r| r.meta.summary_in(lang))
}

/// The two summary tables: per file and per rule, each row a link to the filtered view.
fn overview(
    page: &mut String,
    files: &[(String, [usize; 3])],
    rule_counts: &BTreeMap<String, [usize; 3]>,
    rules: &[Rule],
    words: &Words,
) {
    page.push_str("<section id=\"summary\">\n<h2>");
    page.push_str(words.per_file);
    page.push_str("</h2>\n<table class=\"counts\"><thead><tr><th>");
    page.push_str(words.file);
    count_headers(page, words);
    page.push_str("</tr></thead><tbody>\n");
    for (index, (path, counts)) in files.iter().enumerate() {
        let counts = *counts;
        let path = escape(path);
        if counts.iter().sum::<usize>() == 0 {
            page.push_str(&format!("<tr class=\"clean\"><td>{path}</td>"));
        } else {
            page.push_str(&format!(
                "<tr><td><a href=\"#file={index}\">{path}</a></td>"
            ));
        }
        count_cells(page, counts);
    }
    page.push_str("</tbody></table>\n<h2>");
    page.push_str(words.per_rule);
    page.push_str("</h2>\n<table class=\"counts\"><thead><tr><th>");
    page.push_str(words.rule);
    page.push_str("</th><th>");
    page.push_str(words.summary);
    count_headers(page, words);
    page.push_str("</tr></thead><tbody>\n");
    for (rule, &counts) in rule_counts {
        let id = escape(rule);
        page.push_str(&format!(
            "<tr><td><a href=\"#rule={id}\"><code>{id}</code></a></td><td>{}</td>",
            escape(rule_summary(rules, rule, words.lang).unwrap_or(""))
        ));
        count_cells(page, counts);
    }
    page.push_str("</tbody></table>\n</section>\n");
}

fn count_headers(page: &mut String, words: &Words) {
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        page.push_str("</th><th class=\"num\">");
        page.push_str(words.severity(severity));
    }
    page.push_str("</th>");
}

fn count_cells(page: &mut String, counts: [usize; 3]) {
    for count in counts {
        page.push_str(&format!("<td class=\"num\">{count}</td>"));
    }
    page.push_str("</tr>\n");
}

fn file_errors(page: &mut String, errors: &[FileError], words: &Words) {
    page.push_str("<section id=\"file-errors\"><h2>");
    page.push_str(words.unread);
    page.push_str("</h2><ul>\n");
    for error in errors {
        page.push_str(&format!(
            "<li><code>{}</code>: {}</li>\n",
            escape(&error.path.replace('\\', "/")),
            escape(&error.reason)
        ));
    }
    page.push_str("</ul></section>\n");
}

/// One file's findings. The file is parsed again (once) to find the tables its labels fall in.
fn file_section(page: &mut String, index: usize, report: &FileReport, words: &Words) {
    let source = report.source.as_ref();
    let path = display_path(&source.path);
    page.push_str(&format!(
        "<section class=\"file\" id=\"file-{index}\" data-file=\"{index}\">\n<h2>{}</h2>\n",
        escape(&path)
    ));
    let document = crate::parse::parse(source);
    // In document order, so the table holding an offset is found by binary search.
    let tables: Vec<&Table> = document
        .tables()
        .filter(|t| t.rows.iter().any(|r| !r.values.is_empty()))
        .collect();
    for (n, diagnostic) in report.diagnostics.iter().enumerate() {
        let spans: Vec<Span> = diagnostic
            .labels
            .iter()
            .map(|l| clamp_span(source, l.span))
            .collect();
        let touched = tables_touched(&tables, &spans);
        let finding = Finding {
            source,
            diagnostic,
            spans: &spans,
            words,
        };
        finding.write(page, index, n, &path, &touched);
    }
    page.push_str("</section>\n");
}

/// The tables holding the start of a label, in document order.
fn tables_touched<'d>(tables: &[&'d Table], spans: &[Span]) -> Vec<&'d Table> {
    // The halves of a side-by-side 收支总表 share their lines: look at the few tables starting
    // before the label, not only the last one.
    const OVERLAPPING: usize = 4;
    let mut touched: Vec<usize> = spans
        .iter()
        .flat_map(|s| {
            let after = tables.partition_point(|t| t.span.start <= s.start);
            (after.saturating_sub(OVERLAPPING)..after).filter(|&i| s.start < tables[i].span.end)
        })
        .collect();
    touched.sort_unstable();
    touched.dedup();
    touched.into_iter().map(|i| tables[i]).collect()
}

/// How a label shows: the stated figure or the reported place, a term of a sum, or context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Secondary,
    Part,
    Primary,
}

impl Role {
    fn of(label: &Label) -> Role {
        if label.primary {
            Role::Primary
        } else if label.addend {
            Role::Part
        } else {
            Role::Secondary
        }
    }

    fn name(self) -> &'static str {
        match self {
            Role::Primary => "primary",
            Role::Part => "part",
            Role::Secondary => "secondary",
        }
    }
}

/// One diagnostic with what it needs to be drawn; `spans[i]` is label `i`'s span, clamped.
struct Finding<'a> {
    source: &'a SourceFile,
    diagnostic: &'a Diagnostic,
    spans: &'a [Span],
    words: &'a Words,
}

impl Finding<'_> {
    fn write(&self, page: &mut String, file: usize, n: usize, path: &str, tables: &[&Table]) {
        let d = self.diagnostic;
        let at = clamp_span(self.source, d.primary_span());
        let (line, column) = self.source.line_col(at.start);
        let severity = d.severity.as_str();
        page.push_str(&format!(
            "<article class=\"finding sev-{severity}\" id=\"f{file}-{n}\" data-severity=\"{severity}\" \
             data-rule=\"{rule}\" data-file=\"{file}\" data-line=\"{line}\" data-column=\"{column}\">\n\
             <h3><span class=\"sev\">{sev_word}</span> <code class=\"rule\">{rule}</code> \
             <span class=\"message\">{message}</span></h3>\n\
             <p class=\"where\"><span class=\"pos\">{path}:{line}:{column}</span>{page}</p>\n",
            rule = escape(&d.rule),
            sev_word = self.words.severity(d.severity),
            message = escape(&d.message),
            path = escape(path),
            page = self
                .source
                .page(at.start)
                .map(|page| format!(" <span class=\"page\">{}</span>", (self.words.page)(page)))
                .unwrap_or_default(),
        ));
        self.excerpt(page);
        self.labels(page);
        // Of the tables the labels fall in, those with a labelled cell or row: the other half of
        // a side-by-side 收支总表 shares the lines, not the finding.
        let tables: Vec<&Table> = tables
            .iter()
            .copied()
            .filter(|t| self.touches(t))
            .take(TABLES_PER_FINDING)
            .collect();
        for table in &tables {
            self.grid(page, table);
        }
        self.arithmetic(page, &tables);
        if !d.notes.is_empty() {
            page.push_str("<ul class=\"notes\">");
            for note in &d.notes {
                page.push_str(&format!(
                    "<li><span class=\"tag\">{}</span> {}</li>",
                    self.words.note,
                    escape(note)
                ));
            }
            page.push_str("</ul>\n");
        }
        if let Some(help) = &d.help {
            page.push_str(&format!(
                "<p class=\"help\"><span class=\"tag\">{}</span> {}</p>\n",
                self.words.help,
                escape(help)
            ));
        }
        page.push_str("</article>\n");
    }

    /// The source lines the labels touch, each label's words marked.
    fn excerpt(&self, page: &mut String) {
        let source = self.source;
        if source.line_count() == 0 || self.spans.is_empty() {
            return;
        }
        // The primary labels' lines first, so a cut never hides where the finding is.
        let labelled = self.spans.iter().zip(&self.diagnostic.labels);
        let ordered = labelled
            .clone()
            .filter(|(_, l)| l.primary)
            .chain(labelled.filter(|(_, l)| !l.primary));
        let mut lines: Vec<usize> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut cut = false;
        for (span, _) in ordered {
            let first = source.line_index(span.start);
            // A span ending at a line's start (after its terminator) does not show that line.
            let last = source.line_index(span.end.saturating_sub(1).max(span.start));
            for index in first..=last.min(first + LINES_PER_LABEL - 1) {
                if seen.contains(&index) {
                    continue;
                }
                if lines.len() == EXCERPT_LINES {
                    cut = true;
                    break;
                }
                seen.insert(index);
                lines.push(index);
            }
        }
        lines.sort_unstable();
        page.push_str("<pre class=\"excerpt\">");
        let mut previous: Option<usize> = None;
        for &index in &lines {
            if previous.is_some_and(|p| index > p + 1) {
                page.push_str("<span class=\"ln\">⋮</span>\n");
            }
            previous = Some(index);
            let line = source.line_span(index);
            page.push_str(&format!("<span class=\"ln\">{}</span>", index + 1));
            self.marked(page, line);
            page.push('\n');
        }
        if cut {
            page.push_str("<span class=\"ln\">⋮</span>\n");
        }
        page.push_str("</pre>\n");
    }

    /// The text of `within` with every labelled stretch in a `<mark>` of the strongest role
    /// covering it; an empty label is a caret.
    fn marked(&self, page: &mut String, within: Span) {
        let text = &self.source.text;
        let mut cuts = vec![within.start, within.end];
        for span in self.spans {
            for at in [span.start, span.end] {
                if within.start < at && at < within.end {
                    cuts.push(at);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let (start, end) = (pair[0], pair[1]);
            for (i, span) in self.spans.iter().enumerate() {
                if span.is_empty() && span.start == start {
                    let role = Role::of(&self.diagnostic.labels[i]);
                    page.push_str(&format!(
                        "<mark class=\"caret hl-{}\" title=\"{}\">‸</mark>",
                        role.name(),
                        escape(&self.diagnostic.labels[i].message)
                    ));
                }
            }
            let covering = self.covering(Span::new(start, end));
            let piece = escape(&text[start..end]);
            match covering {
                Some((role, label)) => page.push_str(&format!(
                    "<mark class=\"hl-{}\" data-role=\"{}\" title=\"{}\">{piece}</mark>",
                    role.name(),
                    role.name(),
                    escape(&label.message)
                )),
                None => page.push_str(&piece),
            }
        }
    }

    /// The strongest label whose span overlaps `piece`.
    fn covering(&self, piece: Span) -> Option<(Role, &Label)> {
        self.spans
            .iter()
            .zip(&self.diagnostic.labels)
            .filter(|(span, _)| overlaps(**span, piece))
            .map(|(_, label)| (Role::of(label), label))
            .max_by_key(|(role, _)| *role)
    }

    fn labels(&self, page: &mut String) {
        if self.diagnostic.labels.is_empty() {
            return;
        }
        page.push_str("<ol class=\"labels\">");
        for (label, span) in self.diagnostic.labels.iter().zip(self.spans) {
            let (line, column) = self.source.line_col(span.start);
            let role = Role::of(label);
            page.push_str(&format!(
                "<li class=\"hl-{0}\" data-role=\"{0}\"><span class=\"at\">{line}:{column}</span> \
                 <span class=\"text\">{1}</span> {2}</li>",
                role.name(),
                escape(&visible_excerpt(self.source.slice(*span))),
                escape(&label.message)
            ));
        }
        page.push_str("</ol>\n");
    }

    /// The table as read: the rows the labels touch with one row around each, the labelled
    /// cells highlighted.
    fn grid(&self, page: &mut String, table: &Table) {
        let words = self.words;
        let ncols = table.columns.len();
        let row_roles: Vec<Option<Role>> = table.rows.iter().map(|r| self.row_role(r)).collect();
        let touched: Vec<bool> = table
            .rows
            .iter()
            .zip(&row_roles)
            .map(|(r, role)| role.is_some() || self.covering(r.span).is_some())
            .collect();
        let shown: Vec<bool> = if table.rows.len() <= WHOLE_TABLE_ROWS {
            vec![true; table.rows.len()]
        } else {
            (0..table.rows.len())
                .map(|i| {
                    touched[i.saturating_sub(1)..(i + 2).min(touched.len())]
                        .iter()
                        .any(|&t| t)
                })
                .collect()
        };
        let (first_line, _) = self.source.line_col(table.span.start);
        let (last_line, _) = self.source.line_col(table.span.end.saturating_sub(1));
        let title = table
            .title
            .as_ref()
            .map(|t| t.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| words.untitled.to_string());
        page.push_str(&format!(
            "<div class=\"grid-wrap\"><table class=\"grid\"><caption>{} <span class=\"facts\">{}</span></caption>\n",
            escape(&visible(&title)),
            escape(&(words.table_facts)(
                first_line,
                last_line,
                table.unit.map_or("", unit_written)
            ))
        ));
        page.push_str(&format!(
            "<thead><tr><th class=\"ln\">{}</th><th>{}</th><th>{}</th>",
            words.line, words.code, words.name
        ));
        for column in &table.columns {
            page.push_str(&format!(
                "<th class=\"num\" title=\"{}\">{}</th>",
                escape(&column.name),
                escape(&column.name.replace('/', " / "))
            ));
        }
        page.push_str("</tr></thead>\n<tbody>\n");
        let mut skipped = 0;
        for (i, row) in table.rows.iter().enumerate() {
            if !shown[i] {
                skipped += 1;
                continue;
            }
            if skipped > 0 {
                self.gap(page, skipped, ncols);
                skipped = 0;
            }
            self.grid_row(page, table, row, row_roles[i]);
        }
        if skipped > 0 {
            self.gap(page, skipped, ncols);
        }
        page.push_str("</tbody></table></div>\n");
    }

    /// Whether a label falls on a cell of `table` (a number, a code, a name) or on a whole row.
    fn touches(&self, table: &Table) -> bool {
        table.rows.iter().any(|row| {
            self.row_role(row).is_some()
                || row.values.iter().any(|n| self.covering(n.span).is_some())
                || row
                    .code
                    .as_ref()
                    .is_some_and(|c| self.covering(c.span).is_some())
                || (!row.label.is_empty() && self.covering(row.label.span()).is_some())
        })
    }

    fn gap(&self, page: &mut String, rows: usize, ncols: usize) {
        page.push_str(&format!(
            "<tr class=\"gap\"><td colspan=\"{}\">{}</td></tr>\n",
            ncols + 3,
            (self.words.rows_left_out)(rows)
        ));
    }

    /// A label covering a whole row of several cells speaks of the row, not of one cell.
    fn row_role(&self, row: &Row) -> Option<Role> {
        if row.values.len() + usize::from(row.code.is_some()) + usize::from(!row.label.is_empty())
            < 2
        {
            return None;
        }
        self.spans
            .iter()
            .zip(&self.diagnostic.labels)
            .filter(|(span, _)| span.start <= row.span.start && row.span.end <= span.end)
            .map(|(_, label)| Role::of(label))
            .max()
    }

    fn grid_row(&self, page: &mut String, table: &Table, row: &Row, row_role: Option<Role>) {
        let (line, _) = self.source.line_col(row.span.start);
        match row_role {
            Some(role) => page.push_str(&format!(
                "<tr class=\"row-{0}\" data-role=\"{0}\">",
                role.name()
            )),
            None => page.push_str("<tr>"),
        }
        page.push_str(&format!("<td class=\"ln\">{line}</td>"));
        let code = row.code.as_ref();
        self.text_cell(
            page,
            code.map(|c| c.span),
            code.map_or(String::new(), |c| c.code.clone()),
            row_role,
            "code",
        );
        self.text_cell(
            page,
            (!row.label.is_empty()).then(|| row.label.span()),
            visible(&row.label.text),
            row_role,
            "name",
        );
        if row.is_settled() {
            for column in 0..table.columns.len() {
                match row.cell(column).flatten() {
                    Some(number) => self.number_cell(page, number, row_role),
                    None if row.not_applicable.contains(&column) => {
                        page.push_str("<td class=\"num na\">——</td>")
                    }
                    None => page.push_str("<td class=\"num empty\"></td>"),
                }
            }
        } else {
            // The reader could not tell the columns: the amounts in source order, one cell.
            page.push_str(&format!(
                "<td class=\"num uncertain\" colspan=\"{}\" title=\"{}\">",
                table.columns.len().max(1),
                self.words.columns_uncertain
            ));
            for number in &row.values {
                self.number_span(page, number, row_role);
            }
            page.push_str("</td>");
        }
        page.push_str("</tr>\n");
    }

    /// The role a cell shows: its own label's, unless the whole row's label already says it.
    fn cell_role(&self, span: Span, row_role: Option<Role>) -> Option<Role> {
        let own = self.covering(span).map(|(role, _)| role);
        match (own, row_role) {
            (Some(own), Some(row)) if own <= row => None,
            (own, _) => own,
        }
    }

    fn text_cell(
        &self,
        page: &mut String,
        span: Option<Span>,
        text: String,
        row_role: Option<Role>,
        class: &str,
    ) {
        match span.and_then(|s| self.cell_role(s, row_role)) {
            Some(role) => page.push_str(&format!(
                "<td class=\"{class} hl-{0}\" data-role=\"{0}\">{1}</td>",
                role.name(),
                escape(&text)
            )),
            None => page.push_str(&format!("<td class=\"{class}\">{}</td>", escape(&text))),
        }
    }

    fn number_cell(&self, page: &mut String, number: &Number, row_role: Option<Role>) {
        let written = escape(self.source.slice(clamp_span(self.source, number.span)));
        match self.cell_role(number.span, row_role) {
            Some(role) => page.push_str(&format!(
                "<td class=\"num hl-{0}\" data-role=\"{0}\">{written}</td>",
                role.name()
            )),
            None => page.push_str(&format!("<td class=\"num\">{written}</td>")),
        }
    }

    fn number_span(&self, page: &mut String, number: &Number, row_role: Option<Role>) {
        let written = escape(self.source.slice(clamp_span(self.source, number.span)));
        match self.cell_role(number.span, row_role) {
            Some(role) => page.push_str(&format!(
                "<span class=\"value hl-{0}\" data-role=\"{0}\">{written}</span> ",
                role.name()
            )),
            None => page.push_str(&format!("<span class=\"value\">{written}</span> ")),
        }
    }

    /// For a sum (a primary label on the stated figure, addend labels on its terms, all cells
    /// of the tables shown): the terms with their rows, their sum, the stated figure and the
    /// difference, computed from the cells.
    fn arithmetic(&self, page: &mut String, tables: &[&Table]) {
        let labels = &self.diagnostic.labels;
        if !labels.iter().any(|l| l.addend) {
            return;
        }
        let cell_at = |span: Span| {
            tables.iter().find_map(|t| {
                t.rows.iter().find_map(|r| {
                    r.values
                        .iter()
                        .find(|n| clamp_span(self.source, n.span) == span)
                        .map(|n| (r, n))
                })
            })
        };
        let mut parts = Vec::new();
        let mut stated = None;
        for (label, span) in labels.iter().zip(self.spans) {
            if label.addend {
                match cell_at(*span) {
                    Some(cell) => parts.push(cell),
                    // A term outside the tables shown: the arithmetic would be incomplete.
                    None => return,
                }
            } else if label.primary && stated.is_none() {
                stated = cell_at(*span);
            }
        }
        let words = self.words;
        let sum: Decimal = parts.iter().map(|(_, n)| n.value).sum();
        page.push_str("<p class=\"arith\">");
        for (i, (row, number)) in parts.iter().enumerate() {
            if i > 0 {
                page.push_str(" + ");
            }
            page.push_str(&format!(
                "<span class=\"term hl-part\" title=\"{}\">{}</span>",
                escape(&describe_row(row)),
                number.value
            ));
        }
        page.push_str(&format!(" = <b class=\"sum\">{sum}</b>; "));
        match stated {
            Some((row, number)) => {
                let difference = number.value - sum;
                page.push_str(&format!(
                    "{} <span class=\"term hl-primary\" title=\"{}\">{}</span>; {} <b class=\"difference\">{difference}</b>",
                    words.stated,
                    escape(&describe_row(row)),
                    number.value,
                    words.difference
                ));
            }
            None => page.push_str(words.stated_empty),
        }
        page.push_str("</p>\n");
    }
}

/// The unit as a document writes it.
fn unit_written(unit: Unit) -> &'static str {
    match unit {
        Unit::Yuan => "元",
        Unit::WanYuan => "万元",
        Unit::YiYuan => "亿元",
        Unit::Percent => "%",
    }
}

/// `2080505 行政运行`, or the name alone.
fn describe_row(row: &Row) -> String {
    let name = visible(&row.label.text);
    match &row.code {
        Some(code) => format!("{} {name}", code.code),
        None => name,
    }
}

fn overlaps(a: Span, b: Span) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a.start < b.end && b.start < a.end
}

/// A label's text on one line, cut to 40 characters.
fn visible_excerpt(text: &str) -> String {
    let one_line: String = visible(text);
    if one_line.chars().count() > 40 {
        let mut cut: String = one_line.chars().take(39).collect();
        cut.push('…');
        cut
    } else {
        one_line
    }
}

/// Text on one line: line breaks and runs of spaces become one space.
fn visible(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` escaped for HTML text and attribute values. Characters HTML forbids in a document
/// (controls other than tab, line feed and carriage return; noncharacters) are replaced by
/// their Unicode control pictures or U+FFFD, so a hostile document cannot make the page invalid.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => {}
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}' => out.push('\u{fffd}'),
            c if (c as u32) & 0xfffe == 0xfffe => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The page's words in one language.
struct Words {
    lang: Lang,
    html_lang: &'static str,
    title: &'static str,
    totals: fn(&Summary) -> String,
    filters: &'static str,
    rule: &'static str,
    file: &'static str,
    all: &'static str,
    summary: &'static str,
    per_file: &'static str,
    per_rule: &'static str,
    unread: &'static str,
    nothing_shown: &'static str,
    /// `{shown}` and `{total}` are filled in by the script.
    shown_template: &'static str,
    severities: [&'static str; 3],
    note: &'static str,
    help: &'static str,
    untitled: &'static str,
    /// Where a finding is in a PDF (or a text with form feeds).
    page: fn(usize) -> String,
    table_facts: fn(usize, usize, &str) -> String,
    line: &'static str,
    code: &'static str,
    name: &'static str,
    rows_left_out: fn(usize) -> String,
    columns_uncertain: &'static str,
    stated: &'static str,
    stated_empty: &'static str,
    difference: &'static str,
}

impl Words {
    fn for_lang(lang: Lang) -> Words {
        match lang {
            Lang::Zh => Words {
                lang,
                html_lang: "zh-CN",
                title: "budlint 检查报告",
                totals: |s| {
                    format!(
                        "{} 个文件：{} 个错误，{} 个警告，{} 个提示",
                        s.files, s.errors, s.warnings, s.infos
                    )
                },
                filters: "筛选",
                rule: "规则",
                file: "文件",
                all: "全部",
                summary: "说明",
                per_file: "各文件",
                per_rule: "各规则",
                unread: "未能读取的文件",
                nothing_shown: "没有符合筛选条件的问题。",
                shown_template: "显示 {shown} / {total} 个问题",
                severities: ["错误", "警告", "提示"],
                note: "注",
                help: "建议",
                untitled: "（无标题表格）",
                page: |n| format!("第 {n} 页"),
                table_facts: |first, last, unit| {
                    let unit = if unit.is_empty() {
                        String::new()
                    } else {
                        format!("，单位：{unit}")
                    };
                    format!("（第 {first}–{last} 行{unit}）")
                },
                line: "行号",
                code: "编码",
                name: "项目",
                rows_left_out: |n| format!("⋯ 省略 {n} 行 ⋯"),
                columns_uncertain: "这些数字所在的列不确定",
                stated: "列示",
                stated_empty: "列示为空",
                difference: "差额",
            },
            Lang::En => Words {
                lang,
                html_lang: "en",
                title: "budlint report",
                totals: |s| {
                    format!(
                        "{} {}: {} {}, {} {}, {} {}",
                        s.files,
                        plural(s.files, "file", "files"),
                        s.errors,
                        plural(s.errors, "error", "errors"),
                        s.warnings,
                        plural(s.warnings, "warning", "warnings"),
                        s.infos,
                        plural(s.infos, "info", "infos"),
                    )
                },
                filters: "Filters",
                rule: "Rule",
                file: "File",
                all: "all",
                summary: "Summary",
                per_file: "By file",
                per_rule: "By rule",
                unread: "Files that could not be read",
                nothing_shown: "No finding matches the filters.",
                shown_template: "showing {shown} of {total} findings",
                severities: ["error", "warning", "info"],
                note: "note",
                help: "help",
                untitled: "(untitled table)",
                page: |n| format!("page {n}"),
                table_facts: |first, last, unit| {
                    let unit = if unit.is_empty() {
                        String::new()
                    } else {
                        format!(", unit: {unit}")
                    };
                    format!("(lines {first}–{last}{unit})")
                },
                line: "line",
                code: "code",
                name: "item",
                rows_left_out: |n| format!("⋯ {n} {} left out ⋯", plural(n, "row", "rows")),
                columns_uncertain: "the columns of these numbers are uncertain",
                stated: "stated",
                stated_empty: "stated: empty",
                difference: "difference",
            },
        }
    }

    fn severity(&self, severity: Severity) -> &'static str {
        self.severities[severity_slot(severity)]
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

const STYLE: &str = r##"
:root{--err:#b3261e;--warn:#9a6700;--info:#0b57d0;--primary:#ffd6d1;--part:#d3f2dc;--secondary:#e6ecf7;color-scheme:light}
body{font:14px/1.5 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 48px;color:#1b1b1b}
header h1{font-size:22px;margin:16px 0 4px}.totals{margin:0 0 8px;color:#444}
#filters{position:sticky;top:0;z-index:2;background:#fafafa;border-bottom:1px solid #ddd;padding:8px;display:flex;flex-wrap:wrap;gap:12px;align-items:center}
#filters select{max-width:28em}#shown{margin-left:auto;color:#444}
h2{font-size:17px;margin:20px 0 6px}
table.counts{border-collapse:collapse;margin-bottom:8px}table.counts td,table.counts th{border:1px solid #ddd;padding:2px 8px;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}tr.clean td{color:#777}
section.file>h2{border-bottom:2px solid #333;padding-bottom:2px;word-break:break-all}
article.finding{border:1px solid #ddd;border-left:5px solid #999;border-radius:4px;margin:10px 0;padding:6px 12px;content-visibility:auto;contain-intrinsic-size:auto 320px}
article.sev-error{border-left-color:var(--err)}article.sev-warning{border-left-color:var(--warn)}article.sev-info{border-left-color:var(--info)}
article h3{font-size:15px;margin:4px 0}.sev{font-weight:700}.sev-error .sev{color:var(--err)}.sev-warning .sev{color:var(--warn)}.sev-info .sev{color:var(--info)}
code.rule{background:#f0f0f0;padding:0 4px;border-radius:3px}
.page{margin-left:.5em;font-family:system-ui,sans-serif}.where{margin:0;color:#555;font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
pre.excerpt{background:#f7f7f7;padding:6px;overflow-x:auto;font:13px/1.45 ui-monospace,"Noto Sans Mono CJK SC",monospace;margin:6px 0}
.ln{display:inline-block;min-width:4em;color:#888;text-align:right;padding-right:1em;user-select:none}
mark{border-radius:2px;color:inherit}.hl-primary{background:var(--primary);outline:1px solid var(--err)}.hl-part{background:var(--part)}.hl-secondary{background:var(--secondary)}
mark.caret{background:none;outline:none;color:var(--err);font-weight:700}
ol.labels{margin:4px 0;padding-left:2em;font-size:13px}ol.labels li{background:none;outline:none;margin:1px 0}
ol.labels li.hl-primary .text{background:var(--primary)}ol.labels li.hl-part .text{background:var(--part)}ol.labels li.hl-secondary .text{background:var(--secondary)}
.at{color:#666;font-family:ui-monospace,monospace}
.grid-wrap{overflow-x:auto;margin:8px 0}
table.grid{border-collapse:collapse;font-size:13px}table.grid caption{text-align:left;font-weight:600;padding:2px 0}.facts{font-weight:400;color:#666}
table.grid th,table.grid td{border:1px solid #ccc;padding:1px 6px;white-space:nowrap}table.grid th{background:#f0f0f0;font-weight:600}
table.grid td.ln{display:table-cell;min-width:0;padding-right:6px}
tr.row-primary{background:var(--primary)}tr.row-part{background:var(--part)}tr.row-secondary{background:var(--secondary)}
tr.gap td{text-align:center;color:#888;background:#fafafa}td.na{color:#999}td.uncertain{text-align:left;font-style:italic}
p.arith{font-family:ui-monospace,monospace;margin:4px 0;word-break:break-word}.term{padding:0 2px;border-radius:2px}
ul.notes{margin:4px 0;padding-left:1.2em;font-size:13px;list-style:none}.tag{font-weight:600;color:#555}.help{margin:4px 0;font-size:13px}
[hidden]{display:none!important}
@media print{#filters{display:none}article.finding{content-visibility:visible;break-inside:avoid}}
"##;

/// Filters findings by the fragment (`#severity=error,warning&rule=ID&file=N`); the controls
/// write the fragment, so the back button and bookmarks keep a filtered view. One pass over
/// the findings per change: fast for thousands.
const SCRIPT: &str = r##"
(function () {
  "use strict";
  var findings = document.querySelectorAll("article.finding");
  var sections = document.querySelectorAll("section.file");
  var boxes = document.querySelectorAll("#filters input[name=severity]");
  var rule = document.getElementById("rule-filter");
  var file = document.getElementById("file-filter");
  var shown = document.getElementById("shown");
  var nothing = document.getElementById("nothing");
  function read() {
    var state = { severity: null, rule: "", file: "" };
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at < 0) { return; }
      var key = pair.slice(0, at), value = decodeURIComponent(pair.slice(at + 1));
      if (key === "severity") { state.severity = value.split(","); }
      else if (key === "rule" || key === "file") { state[key] = value; }
    });
    return state;
  }
  function apply() {
    var state = read();
    var wanted = {};
    boxes.forEach(function (box) {
      box.checked = state.severity === null || state.severity.indexOf(box.value) >= 0;
      wanted[box.value] = box.checked;
    });
    rule.value = state.rule;
    if (rule.value !== state.rule) { rule.value = ""; }
    file.value = state.file;
    if (file.value !== state.file) { file.value = ""; }
    var count = 0, perFile = {};
    for (var i = 0; i < findings.length; i++) {
      var f = findings[i];
      var show = wanted[f.dataset.severity] === true &&
        (rule.value === "" || f.dataset.rule === rule.value) &&
        (file.value === "" || f.dataset.file === file.value);
      f.hidden = !show;
      if (show) { count++; perFile[f.dataset.file] = true; }
    }
    sections.forEach(function (s) { s.hidden = !perFile[s.dataset.file]; });
    nothing.hidden = count > 0;
    shown.value = shown.dataset.template.replace("{shown}", count).replace("{total}", shown.dataset.total);
    document.body.dataset.shown = String(count);
  }
  function write() {
    var parts = [];
    var severities = [];
    boxes.forEach(function (box) { if (box.checked) { severities.push(box.value); } });
    if (severities.length !== boxes.length) { parts.push("severity=" + severities.join(",")); }
    if (rule.value) { parts.push("rule=" + encodeURIComponent(rule.value)); }
    if (file.value) { parts.push("file=" + encodeURIComponent(file.value)); }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash) {
      history.pushState(null, "", hash || location.pathname + location.search);
    }
    apply();
  }
  boxes.forEach(function (box) { box.addEventListener("change", write); });
  rule.addEventListener("change", write);
  file.addEventListener("change", write);
  window.addEventListener("hashchange", apply);
  window.addEventListener("popstate", apply);
  apply();
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::{find, report, table_source};

    fn page(reports: &[FileReport], lang: Lang) -> String {
        let mut out = Vec::new();
        render(reports, &[], &[], lang, &mut out).expect("rendering into a Vec cannot fail");
        String::from_utf8(out).expect("the page is UTF-8")
    }

    /// The 收支总表 of the shared test source, its 本年支出 total stated wrong: 550.69 for the
    /// one row's 529.12, the term marked as a table rule marks it.
    fn wrong_total() -> FileReport {
        let source = table_source();
        let diagnostic = Diagnostic::new("column-sum", Severity::Error, "合计与各行之和不符")
            .with_label(Label::primary(find(&source, "550.69", 0), "列示 550.69"))
            .with_label(Label::addend(find(&source, "529.12", 1), "加数"))
            .with_note("529.12 = 529.12");
        report(source, vec![diagnostic])
    }

    /// The text of every element carrying `data-role="role"` (no nested tags inside them).
    fn marked(page: &str, role: &str) -> Vec<String> {
        let needle = format!("data-role=\"{role}\"");
        page.match_indices(&needle)
            .filter_map(|(at, _)| {
                let rest = &page[at..];
                let open = rest.find('>')? + 1;
                let close = rest[open..].find('<')?;
                Some(rest[open..open + close].to_string())
            })
            .collect()
    }

    #[test]
    fn a_table_finding_shows_the_grid_with_the_stated_cell_and_its_part_and_the_sum() {
        let out = page(&[wrong_total()], Lang::Zh);
        // In the excerpt, the label list and the grid.
        let primary = marked(&out, "primary");
        assert!(
            primary.iter().filter(|t| *t == "550.69").count() >= 2,
            "{primary:?}"
        );
        assert!(out.contains("<td class=\"num hl-primary\" data-role=\"primary\">550.69</td>"));
        assert!(out.contains("<td class=\"num hl-part\" data-role=\"part\">529.12</td>"));
        // The other 529.12 of the row (本年收入) is no part of the sum.
        assert!(out.contains("<td class=\"num\">529.12</td>"));
        assert!(out.contains("<th class=\"num\" title=\"本年支出\">本年支出</th>"));
        assert!(out.contains(
            "529.12</span> = <b class=\"sum\">529.12</b>; 列示 <span class=\"term hl-primary\" \
             title=\"合计\">550.69</span>; 差额 <b class=\"difference\">21.57</b>"
        ));
    }

    #[test]
    fn a_prose_finding_marks_the_words_of_each_label() {
        let source = SourceFile::from_str(
            "说明.md",
            "# 说明\n\n比上年增加205.52万元，增长37.32%。。其余不变。\n",
        );
        let diagnostic = Diagnostic::new("doubled-punctuation", Severity::Warning, "标点重复")
            .with_label(Label::primary(find(&source, "。。", 0), "多余的句号"))
            .with_label(Label::secondary(find(&source, "37.32%", 0), "此句"));
        let out = page(&[report(source, vec![diagnostic])], Lang::En);
        assert_eq!(marked(&out, "primary")[0], "。。");
        assert_eq!(marked(&out, "secondary")[0], "37.32%");
        assert!(out.contains("<span class=\"ln\">3</span>比上年增加205.52万元，增长<mark"));
        // No table: no grid, no arithmetic.
        assert!(!out.contains("class=\"grid\"") && !out.contains("class=\"arith\""));
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let source = SourceFile::from_str(
            "x\"><script>alert(1)</script>.txt",
            "标题</pre><script>alert(2)</script>\u{0}\u{7}&amp;'\u{85}\u{fffe}\n",
        );
        let diagnostic = Diagnostic::new("r<b>", Severity::Error, "<img src=x onerror=alert(3)>")
            .with_label(Label::primary(
                find(&source, "<script>", 0),
                "</mark><script>",
            ))
            .with_note("<i>note</i>")
            .with_help("\"help\"");
        let out = page(&[report(source, vec![diagnostic])], Lang::Zh);
        // The page's own script is the only one.
        assert_eq!(out.matches("<script>").count(), 1, "{out}");
        assert!(!out.contains("<img") && !out.contains("<i>") && !out.contains("<b>"));
        assert!(out.contains("&lt;script&gt;</mark>alert(2)&lt;/script&gt;"));
        assert!(out.contains("x&quot;&gt;&lt;script&gt;"));
        assert!(out.contains("\u{2400}\u{2407}&amp;amp;&#39;\u{fffd}\u{fffd}"));
        assert!(!out.contains('\u{0}') && !out.contains('\u{85}'));
    }

    #[test]
    fn the_page_speaks_the_language_asked_for() {
        let zh = page(&[wrong_total()], Lang::Zh);
        let en = page(&[wrong_total()], Lang::En);
        assert!(zh.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(zh.contains("1 个文件：1 个错误，0 个警告，0 个提示"));
        assert!(zh.contains("<span class=\"sev\">错误</span>"));
        assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(en.contains("1 file: 1 error, 0 warnings, 0 infos"));
        assert!(en.contains("stated <span class=\"term hl-primary\""));
        // Rule ids, severities and file indices stay the same for the filters.
        for out in [&zh, &en] {
            assert!(
                out.contains("data-severity=\"error\" data-rule=\"column-sum\" data-file=\"0\"")
            );
        }
    }

    #[test]
    fn a_long_table_shows_the_rows_a_finding_touches_and_counts_the_others() {
        let mut text = String::from("单位：万元\n科目编码 科目名称 合计\n");
        let mut sum = Decimal::ZERO;
        for i in 1..=60 {
            text.push_str(&format!("2010{i:03} 事务{i} {i}.00\n"));
            sum += Decimal::from(i);
        }
        text.push_str(&format!("合计 {sum}.01\n"));
        let source = SourceFile::from_str("long.txt", &text);
        let diagnostic = Diagnostic::new("r", Severity::Error, "m")
            .with_label(Label::primary(find(&source, "1830.01", 0), "stated"));
        let out = page(&[report(source, vec![diagnostic])], Lang::En);
        let rows = out.matches("<tr><td class=\"ln\">").count();
        // The total and the row before it.
        assert_eq!(rows, 2, "{out}");
        assert!(out.contains("⋯ 59 rows left out ⋯"), "{out}");
        assert!(out.contains("<td class=\"num hl-primary\" data-role=\"primary\">1830.01</td>"));
    }

    #[test]
    fn only_the_half_of_a_statement_holding_the_finding_is_drawn() {
        // Aligned 收支总表: income and expenditure are two tables on the same lines.
        let source = SourceFile::from_str(
            "side.txt",
            "                          收入支出决算总表\n\
             \x20                                                                         单位：万元\n\
             \x20         收入                                       支出\n\
             \x20项目                 金额           项目                        金额\n\
             \x20一、一般公共预算财政拨款收入   100.00   一、一般公共服务支出          60.00\n\
             \x20二、政府性基金预算财政拨款收入   0.00   二、教育支出                  40.00\n\
             \x20本年收入合计            100.00   本年支出合计                 100.50\n",
        );
        assert_eq!(crate::parse::parse(&source).tables().count(), 2);
        let diagnostic = Diagnostic::new("statement-total", Severity::Error, "m")
            .with_label(Label::primary(find(&source, "100.50", 0), "stated"))
            .with_label(Label::addend(find(&source, "60.00", 0), "part"))
            .with_label(Label::addend(find(&source, "40.00", 0), "part"));
        let out = page(&[report(source, vec![diagnostic])], Lang::En);
        assert_eq!(out.matches("<table class=\"grid\">").count(), 1, "{out}");
        assert!(
            out.contains("二、教育支出") && !out.contains("二、政府性基金预算财政拨款收入</td>")
        );
        assert!(out.contains("= <b class=\"sum\">100.00</b>; stated"));
        assert!(out.contains("difference <b class=\"difference\">0.50</b>"));
    }

    #[test]
    fn a_finding_in_a_paged_text_gives_its_page() {
        let source = SourceFile::from_str("report.txt", "第一页\n\u{c}第二页 仅供内部审核\n");
        let diagnostic = Diagnostic::new("draft-watermark", Severity::Error, "m").with_label(
            Label::primary(find(&source, "仅供内部审核", 0), "watermark"),
        );
        let out = page(&[report(source, vec![diagnostic])], Lang::Zh);
        assert!(
            out.contains(
                "<span class=\"pos\">report.txt:2:6</span> <span class=\"page\">第 2 页</span>"
            ),
            "{out}"
        );
    }

    #[test]
    fn files_that_could_not_be_read_are_listed() {
        let errors = [FileError {
            path: r"扫描件\<b>.pdf".to_string(),
            reason: "binary file".to_string(),
        }];
        let mut out = Vec::new();
        render(&[wrong_total()], &errors, &[], Lang::En, &mut out).expect("rendered");
        let out = String::from_utf8(out).expect("UTF-8");
        assert!(out.contains(
            "<h2>Files that could not be read</h2><ul>\n<li><code>扫描件/&lt;b&gt;.pdf</code>: \
             binary file</li>"
        ));
    }

    #[test]
    fn a_file_without_findings_is_counted_but_has_no_section() {
        let out = page(&[report(table_source(), vec![]), wrong_total()], Lang::En);
        assert!(out.contains("<tr class=\"clean\"><td>2024/收支总表.txt</td>"));
        assert!(!out.contains("id=\"file-0\"") && out.contains("id=\"file-1\""));
    }
}
