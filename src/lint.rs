//! Linting files: find them, read them in parallel, parse each once, run every enabled rule.
//!
//! Finding files ([`discover`]) walks directories with the configured include/exclude globs;
//! linting ([`lint_each`]) reads, parses and checks each file on a rayon pool of `--threads`
//! threads and hands the reports over one by one in path order, so the output never depends on
//! the number of threads. A document lives only while its file is checked: what the checks
//! across years need of it is kept as a small digest ([`crate::engine::Digest`]), so memory does
//! not grow with the number of files, only with the findings.

use std::any::Any;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use walkdir::{DirEntry, WalkDir};

use crate::config::Settings;
use crate::config_error::io_reason;
use crate::diagnostic::{Diagnostic, FileError, FileReport, Severity};
use crate::engine::{CheckContext, Digest, DigestContext, Lang};
use crate::identity::{Identity, ReportKind};
use crate::lazy_regex::WarmUp;
use crate::model::Document;
use crate::pdf::{self, PdfToText};
use crate::registry::Rule;
use crate::source::{SourceEncoding, SourceFile};
use crate::suppress::RuleStatus;

/// Parse one source and run `rules` over it, honouring its suppression comments; diagnostics
/// come back sorted. The rules given count as the default set (for judging a suppression of all
/// rules unused).
pub fn lint_source(source: Arc<SourceFile>, rules: &[Rule], lang: Lang) -> FileReport {
    let default_enabled = rules
        .iter()
        .filter(|r| r.enabled)
        .map(|r| r.meta.id.as_str())
        .collect();
    run_rules(source, rules, &BTreeSet::new(), &default_enabled, lang)
}

/// Like [`lint_source`], skipping the rules whose ids are in `skip` (per-file ignores);
/// `default_enabled` are the rules enabled in their files, before the user's selection.
fn run_rules(
    source: Arc<SourceFile>,
    rules: &[Rule],
    skip: &BTreeSet<&str>,
    default_enabled: &BTreeSet<&str>,
    lang: Lang,
) -> FileReport {
    let checked = check_document(source, rules, skip, lang, None, false);
    finish(
        checked.source,
        checked.diagnostics,
        rules,
        skip,
        default_enabled,
        lang,
    )
}

/// A file read, parsed and checked on its own, before the checks across documents.
struct Checked {
    source: Arc<SourceFile>,
    document: Document,
    /// The document's identity, when a check asked for it (inferred once per document).
    identity: OnceLock<Identity>,
    diagnostics: Vec<Diagnostic>,
}

/// Parse one source and run the rules over it, without judging suppression comments yet.
/// The run's `warm_up`, if any, stops once the document is parsed. With `identify_first` (the
/// caller needs the identity whatever the rules), the identity is inferred as the first task:
/// many rules ask for it, and when two threads each start one of them, one would wait for the
/// other to infer it (up to half a millisecond).
fn check_document(
    source: Arc<SourceFile>,
    rules: &[Rule],
    skip: &BTreeSet<&str>,
    lang: Lang,
    warm_up: Option<&WarmUp>,
    identify_first: bool,
) -> Checked {
    let document = crate::parse::parse(&source);
    if let Some(warm_up) = warm_up {
        warm_up.stop();
    }
    let identity = OnceLock::new();
    let identify = || {
        identity.get_or_init(|| crate::identity::identify(&source, &document));
    };
    // The rules run as tasks of the pool: with fewer files than threads (the pre-commit case,
    // one file) the idle threads take some of them. Each rule's findings are kept apart and
    // joined in rule order, so the output is the same as one rule after the other.
    let enabled: Vec<&Rule> = rules
        .iter()
        .filter(|r| r.enabled && !skip.contains(r.meta.id.as_str()))
        .collect();
    let first = identify_first.then_some(&identify as &(dyn Fn() + Sync));
    let found = run_as_tasks(&enabled, first, |rule| {
        let cx = CheckContext {
            source: &source,
            document: &document,
            rule: &rule.meta,
            lang,
            identity: &identity,
        };
        let mut diagnostics = Vec::new();
        rule.check.check(&cx, &mut diagnostics);
        diagnostics
    });
    let mut diagnostics = found.into_iter().flatten().collect();
    crate::kinds::prose_claims::report_shares_once(&mut diagnostics);
    Checked {
        source,
        document,
        identity,
        diagnostics,
    }
}

/// `check` of each rule, as tasks of the current pool, the results in the order of `rules`;
/// `first`, if any, is the task taken first. Each thread of the pool that is free takes the
/// next rule not yet started, the likely costliest first ([`expected_cost`]): when one
/// document is checked on two threads, the last rules to start are short ones, so neither
/// thread waits long for the other at the end (a long check started last, as rule order would
/// have it, kept one thread busy alone for a millisecond or more). Only the order in which the
/// rules run depends on this.
fn run_as_tasks<T: Send + Sync>(
    rules: &[&Rule],
    first: Option<&(dyn Fn() + Sync)>,
    check: impl Fn(&Rule) -> T + Sync,
) -> Vec<T> {
    let mut order: Vec<usize> = (0..rules.len()).collect();
    // Stable: rules of one cost in rule order.
    order.sort_by_key(|&index| std::cmp::Reverse(expected_cost(&rules[index].meta.kind)));
    let results: Vec<OnceLock<T>> = rules.iter().map(|_| OnceLock::new()).collect();
    // Task 0 is `first` when there is one; the rules follow.
    let skipped = usize::from(first.is_none());
    let next = AtomicUsize::new(skipped);
    let work = || {
        loop {
            let task = next.fetch_add(1, Ordering::Relaxed);
            if task == 0 {
                if let Some(first) = first {
                    first();
                }
                continue;
            }
            let Some(&index) = order.get(task - 1) else {
                break;
            };
            let _ = results[index].set(check(rules[index]));
        }
    };
    let tasks = rules.len() + 1 - skipped;
    rayon::scope(|scope| {
        for _ in 1..rayon::current_num_threads().min(tasks) {
            scope.spawn(|_| work());
        }
        work();
    });
    // Every index was taken by exactly one task, so every result is set.
    results
        .into_iter()
        .filter_map(OnceLock::into_inner)
        .collect()
}

/// How costly a rule kind's check is on a typical document, roughly (instructions per rule,
/// callgrind over three corpus documents of different layouts, 23–40 KB): the prose claims
/// read every sentence against the tables with dozens of regexes (1–20 M instructions a rule),
/// the years, cross-table and boilerplate checks every text or table title (up to 8 M), the
/// others one kind of table or line (under 3 M).
fn expected_cost(kind: &str) -> u8 {
    match kind {
        "prose-claims" => 3,
        "cross-table" | "years" | "boilerplate" => 2,
        "pattern" | "table-sum" | "performance-target" => 1,
        _ => 0,
    }
}

/// Judge the file's suppression comments over all its diagnostics, then sort them.
fn finish(
    source: Arc<SourceFile>,
    mut diagnostics: Vec<Diagnostic>,
    rules: &[Rule],
    skip: &BTreeSet<&str>,
    default_enabled: &BTreeSet<&str>,
    lang: Lang,
) -> FileReport {
    let statuses: Vec<RuleStatus<'_>> = rules
        .iter()
        .map(|rule| {
            let id = rule.meta.id.as_str();
            RuleStatus {
                rule,
                default_enabled: default_enabled.contains(id),
                runs: rule.enabled && !skip.contains(id),
            }
        })
        .collect();
    crate::suppress::apply(&source, &statuses, lang, &mut diagnostics);
    let mut report = FileReport {
        source,
        diagnostics,
    };
    report.sort();
    report
}

/// What linting a set of paths found: one report per file read, one error per file that could
/// not be, both sorted by path.
#[derive(Debug, Default)]
pub struct LintResult {
    pub reports: Vec<FileReport>,
    pub errors: Vec<FileError>,
    /// What each file of `reports` (same order) was taken to be: kind, year, department.
    pub identities: Vec<Identity>,
}

/// The lowest severity that makes budlint exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// budlint's exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing reached `--fail-on`.
    Clean = 0,
    /// A diagnostic reached `--fail-on`.
    Failed = 1,
    /// Usage, configuration or read error.
    Error = 2,
}

impl LintResult {
    /// Drop info diagnostics unless they were asked for: they are hints, noise by default.
    pub fn retain_shown(&mut self, show_info: bool) {
        if !show_info {
            for report in &mut self.reports {
                report.diagnostics.retain(|d| d.severity > Severity::Info);
            }
        }
    }

    /// A read error outranks any diagnostic: the run did not see everything it was asked to.
    pub fn status(&self, fail_on: FailOn) -> Status {
        if !self.errors.is_empty() {
            return Status::Error;
        }
        let failed = fail_on.threshold().is_some_and(|threshold| {
            self.reports
                .iter()
                .flat_map(|r| &r.diagnostics)
                .any(|d| d.severity >= threshold)
        });
        if failed {
            Status::Failed
        } else {
            Status::Clean
        }
    }
}

/// One `error: PATH: REASON` line per file that could not be linted; the PDFs left unread for
/// want of `pdftotext` get one line for them all, saying how to install it.
pub fn write_file_errors(errors: &[FileError], out: &mut dyn Write) -> io::Result<()> {
    let mut without_tool = Vec::new();
    for error in errors {
        match error.reason.strip_prefix(PDFTOTEXT_MISSING) {
            Some(why) => without_tool.push((error.path.as_str(), why)),
            None => writeln!(out, "error: {}: {}", error.path, error.reason)?,
        }
    }
    if let Some((_, why)) = without_tool.first() {
        let files: Vec<&str> = without_tool.iter().map(|(path, _)| *path).collect();
        let listed = match files.as_slice() {
            [one] => one.to_string(),
            [first, second] => format!("{first}, {second}"),
            [first, second, rest @ ..] => {
                format!("{first}, {second} and {} more", rest.len())
            }
            [] => String::new(),
        };
        let count = match files.len() {
            1 => "1 PDF".to_string(),
            n => format!("{n} PDFs"),
        };
        writeln!(
            out,
            "error: {count} ({listed}) not read: {why}; {}",
            pdf::INSTALL_HELP
        )?;
    }
    Ok(())
}

/// The start of the reason given to each PDF that could not be read because `pdftotext` is
/// missing; [`write_file_errors`] gathers them into one message.
pub const PDFTOTEXT_MISSING: &str = "PDF not read, pdftotext is missing: ";

/// How this run reads PDFs: the `pdftotext` found, or why none was (looked for once per run, and
/// only when a PDF is to be read).
pub type PdfTool = Result<PdfToText, String>;

/// The text of `path` as the warm-up's hint of what the first document needs: its bytes when
/// they are UTF-8 and not too many, then the same without whitespace (the checks join wrapped
/// lines and squeeze texts: `仅供` / `内部` / `审核`); otherwise none, and every pattern is warmed
/// (a PDF's or a GBK file's text is only known once decoded, by the file's own thread). Only a
/// regular file is read: a named pipe's bytes are the document's, read once, by its thread.
fn warm_up_hint(path: &Path) -> Option<String> {
    const MOST: u64 = 8 << 20;
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > MOST || pdf::is_pdf(path) {
        return None;
    }
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    let squeezed = crate::model::squeeze(&text);
    Some(format!("{text}\n{squeezed}"))
}

/// Find the `pdftotext` of the settings if any of `files` is a PDF.
pub fn pdf_tool_for(files: &[PathBuf], settings: &Settings) -> Option<PdfTool> {
    files
        .iter()
        .any(|f| pdf::is_pdf(f))
        .then(|| PdfToText::find(settings.pdftotext.as_deref()))
}

/// Read one file: decode a text, or extract a PDF's text (written to `--emit-text DIR` too).
pub fn read_source(
    path: &Path,
    settings: &Settings,
    pdf_tool: Option<&PdfTool>,
) -> Result<SourceFile, FileError> {
    let error = |reason: String| FileError {
        path: path.display().to_string(),
        reason,
    };
    if !pdf::is_pdf(path) {
        return SourceFile::read(path).map_err(|e| error(e.to_string()));
    }
    let tool = match pdf_tool {
        Some(Ok(tool)) => tool,
        Some(Err(why)) => return Err(error(format!("{PDFTOTEXT_MISSING}{why}"))),
        None => return Err(error(format!("{PDFTOTEXT_MISSING}not looked for"))),
    };
    let text = tool.extract(path).map_err(|e| error(e.to_string()))?;
    if let Some(dir) = &settings.emit_text {
        let target = dir.join(emitted_name(path));
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, &text));
        if let Err(e) = written {
            return Err(error(format!(
                "cannot write its text to {}: {}",
                target.display(),
                io_reason(&e)
            )));
        }
    }
    Ok(SourceFile::new(
        path.to_path_buf(),
        text,
        SourceEncoding::Pdf,
    ))
}

/// Lint standard input, named `name` (`--stdin-filename`, for the per-file ignores and the
/// output) or `<stdin>`. A PDF (its bytes start with `%PDF`) goes through `pdftotext`.
pub fn lint_stdin(
    bytes: &[u8],
    name: Option<&Path>,
    settings: &Settings,
    lang: Lang,
) -> Result<FileReport, FileError> {
    let path = name.map_or_else(|| PathBuf::from("<stdin>"), Path::to_path_buf);
    let error = |reason: String| FileError {
        path: path.display().to_string(),
        reason,
    };
    let source = if bytes.starts_with(b"%PDF") {
        let tool = PdfToText::find(settings.pdftotext.as_deref())
            .map_err(|why| error(format!("{PDFTOTEXT_MISSING}{why}")))?;
        let text = tool
            .extract_bytes(bytes)
            .map_err(|e| error(e.to_string()))?;
        SourceFile::new(path.clone(), text, SourceEncoding::Pdf)
    } else {
        let (text, encoding) = crate::source::decode(bytes).map_err(|e| error(e.to_string()))?;
        SourceFile::new(path.clone(), text, encoding)
    };
    let skip = match name {
        Some(name) => settings.ignored_rules_for(name),
        None => BTreeSet::new(),
    };
    Ok(run_rules(
        Arc::new(source),
        &settings.rules.rules,
        &skip,
        &default_enabled(settings),
        lang,
    ))
}

/// Where `--emit-text DIR` puts the text of `path`: its relative path under DIR with `.txt`
/// added (`reports/a.pdf` → `DIR/reports/a.pdf.txt`); a path leaving the current directory
/// keeps its normal components only.
pub fn emitted_name(path: &Path) -> PathBuf {
    let mut name: PathBuf = path
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .collect();
    let file = name
        .file_name()
        .map(|f| format!("{}.txt", f.to_string_lossy()))
        .unwrap_or_else(|| "stdin.txt".to_string());
    name.set_file_name(file);
    name
}

/// Find the files to lint: explicit file arguments always (whatever their extension), files
/// under directory arguments when they match `include` and not `exclude` (relative to that
/// directory). Hidden entries and `target` directories are skipped; symbolic links to
/// directories are not followed, so a link cycle cannot trap the walk.
pub fn discover(paths: &[PathBuf], settings: &Settings) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        // `metadata` follows a link: a link to a directory given explicitly is walked.
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            walk(path, settings, &mut files, &mut errors);
        } else {
            // A missing path or broken link is reported when it is read.
            files.push(clean(path));
        }
    }
    let mut seen = BTreeSet::new();
    files.retain(|f| seen.insert(f.clone()));
    (files, errors)
}

fn walk(root: &Path, settings: &Settings, files: &mut Vec<PathBuf>, errors: &mut Vec<FileError>) {
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_skipped(entry));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root);
                let reason = e.io_error().map_or_else(|| e.to_string(), io_reason);
                errors.push(FileError {
                    path: clean(path).display().to_string(),
                    reason,
                });
                continue;
            }
        };
        // Only regular files, and links to them: a FIFO or device named `*.txt` would block or
        // never end. A broken link is kept, to be reported when it cannot be read.
        let file_type = entry.file_type();
        let wanted = if file_type.is_symlink() {
            std::fs::metadata(entry.path()).map_or(true, |m| m.is_file())
        } else {
            file_type.is_file()
        };
        if !wanted {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        if settings.include.is_match(relative) && !settings.exclude.is_match(relative) {
            files.push(clean(entry.path()));
        }
    }
}

/// Hidden files and directories (`.git`, `.cache`) and cargo's `target` are never disclosures,
/// nor are a repository's own documents (`README.md`, `CHANGELOG.md`, `CONTRIBUTING.md`,
/// `LICENSE.txt`) found in a walk: they describe the folder, and linting them as disclosures
/// only adds noise. Named on the command line, they are linted like any file.
fn is_skipped(entry: &DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    if name.starts_with('.') {
        return true;
    }
    if entry.file_type().is_dir() {
        return name == "target";
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README" | "CHANGELOG" | "CONTRIBUTING" | "LICENSE" | "COPYING"
    )
}

/// Drop a leading `./` so paths print as the user would write them.
fn clean(path: &Path) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

/// Lint every file found under `paths`, in parallel; the result is sorted by path. Holds every
/// report: [`lint_each`] hands them over one by one instead.
pub fn lint_paths(paths: &[PathBuf], settings: &Settings, lang: Lang) -> LintResult {
    let mut result = LintResult::default();
    let errors = lint_each(paths, settings, lang, None, |report, identity| {
        result.reports.push(report);
        result.identities.push(identity);
        Ok(())
    });
    // Collecting into memory cannot fail.
    result.errors = errors.unwrap_or_default();
    result
}

/// Lint every file found under `paths` on `threads` threads (all cores when `None`) and give
/// each report, with what its document was taken to be, to `each`, in path order; returns the
/// files that could not be linted, sorted by path. An error of `each` (a closed pipe) stops the
/// run and is returned.
///
/// Memory stays flat in the number of files: a report is handed over as soon as the reports
/// before it are, and nothing of it is kept afterwards. The checks across years are the only
/// reason to hold anything, so when a rule compares a report with the previous year's, a first
/// pass reads every file only to tell what it is (department, kind, year: [`PairKey`]), which
/// says which files pair up (never their names). The second pass lints the files in path
/// order, a batch at a time in parallel, and keeps the digest of a file only while a report of
/// the next year still needs it; a report whose previous year sorts after it has that file's
/// digest made ahead. The findings across years go to the newer report before its suppression
/// comments are judged, so they cover them too. Up to [`FIRST_PASS_KEEPS`] files, the first
/// pass checks each file completely and keeps the result instead, so nothing is read twice.
pub fn lint_each(
    paths: &[PathBuf],
    settings: &Settings,
    lang: Lang,
    threads: Option<usize>,
    each: impl FnMut(FileReport, Identity) -> io::Result<()>,
) -> io::Result<Vec<FileError>> {
    lint_each_keeping(paths, settings, lang, threads, FIRST_PASS_KEEPS, each)
}

/// [`lint_each`], the first pass checking every file completely when there are at most
/// `keeps` files.
fn lint_each_keeping(
    paths: &[PathBuf],
    settings: &Settings,
    lang: Lang,
    threads: Option<usize>,
    keeps: usize,
    mut each: impl FnMut(FileReport, Identity) -> io::Result<()>,
) -> io::Result<Vec<FileError>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build();
    let pool = match pool {
        Ok(pool) => pool,
        // No thread could be started: one is enough.
        Err(_) => rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .use_current_thread()
            .build()
            .map_err(io::Error::other)?,
    };
    let (mut files, mut errors) = discover(paths, settings);
    // Reports come in path order, whatever the order of the arguments.
    files.sort();
    let run = Run {
        files: &files,
        settings,
        lang,
        default_enabled: default_enabled(settings),
        pdf_tool: pdf_tool_for(&files, settings),
        keeps,
        warm_up: WarmUp::default(),
    };
    let across_years = settings
        .rules
        .rules
        .iter()
        .any(|rule| rule.enabled && rule.check.across_years());
    // The kinds' patterns compile on a spare thread while the first files are read and parsed.
    if pool.current_num_threads() > 1 && !files.is_empty() {
        // The enabled rules' regexes and their kinds' patterns, in the reverse of the order
        // the first document's checks need them (the rules run in id order, the identity is
        // asked for first): the file's thread compiles what it needs first itself, this one
        // the rest, and they meet in the middle without waiting for each other.
        let warm_up: Vec<(String, Vec<crate::lazy_regex::LazyRegex>)> = settings
            .rules
            .rules
            .iter()
            .rev()
            .filter(|rule| rule.enabled)
            .map(|rule| (rule.meta.kind.clone(), rule.check.lazy_patterns()))
            .collect();
        let first = files[0].clone();
        let warming = run.warm_up.clone();
        pool.spawn(move || {
            // Only the patterns the first document may need: a regex is searched only in texts
            // that have what its matches contain, so a document without it never compiles it.
            let hint = warm_up_hint(&first);
            let hint = hint.as_deref();
            let mut kinds_done = BTreeSet::new();
            warming.run(|| {
                for (kind, patterns) in &warm_up {
                    if warming.is_stopped() {
                        return;
                    }
                    for pattern in patterns {
                        pattern.warm(hint);
                    }
                    if kinds_done.insert(kind.as_str()) {
                        crate::kinds::warm_kind_patterns(kind, hint);
                    }
                }
                crate::identity::warm_patterns(hint);
            });
        });
    }
    let mut plan = if across_years && files.len() > 1 {
        pool.install(|| run.plan())
    } else {
        Plan::without_pairs(files.len())
    };
    let batch = pool.current_num_threads().max(1) * 8;
    let mut held: BTreeMap<usize, Arc<Digests>> = BTreeMap::new();
    for start in (0..files.len()).step_by(batch) {
        let end = (start + batch).min(files.len());
        let sightings: Vec<Sighting> = (start..end)
            .map(|index| std::mem::take(&mut plan.sightings[index]))
            .collect();
        let linted: Vec<Result<Linted, FileError>> = pool.install(|| {
            sightings
                .into_par_iter()
                .enumerate()
                .map(|(offset, sighting)| run.lint(start + offset, sighting, &plan))
                .collect()
        });
        // An older report later in this batch is ready before the newer one needs it.
        for linted in linted.iter().flatten() {
            if plan.uses_left[linted.index] > 0
                && let Some(digests) = &linted.digests
            {
                held.insert(linted.index, Arc::clone(digests));
            }
        }
        for outcome in linted {
            let mut linted = match outcome {
                Ok(linted) => linted,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            let index = linted.index;
            let olders = std::mem::take(&mut plan.older[index]);
            if let Some(newer) = linted.digests.take() {
                for &older in &olders {
                    let digests = match held.get(&older) {
                        Some(digests) => Some(Arc::clone(digests)),
                        // Last year's file sorts after this one: its digest is made now.
                        None if older >= end => pool.install(|| run.digests_ahead(older, &plan)),
                        None => None,
                    };
                    if let Some(digests) = &digests {
                        if plan.uses_left[older] > 1 {
                            held.insert(older, Arc::clone(digests));
                        }
                        let found = run.across_years(index, &newer, older, digests);
                        add_new_findings(&mut linted.diagnostics, found);
                    }
                }
            }
            for older in olders {
                plan.uses_left[older] = plan.uses_left[older].saturating_sub(1);
                if plan.uses_left[older] == 0 {
                    held.remove(&older);
                }
            }
            let (report, identity) = run.finish(linted);
            each(report, identity)?;
        }
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(errors)
}

/// Two files of last year (a disclosure in two shapes or parts) may find the same thing: a
/// finding across years is added unless one of the same rule is at the same place already.
fn add_new_findings(diagnostics: &mut Vec<Diagnostic>, found: Vec<Diagnostic>) {
    for d in found {
        if !diagnostics
            .iter()
            .any(|s| s.rule == d.rule && s.primary_span() == d.primary_span())
        {
            diagnostics.push(d);
        }
    }
}

/// What every file of one run shares: the files, in path order, and the settings.
struct Run<'a> {
    files: &'a [PathBuf],
    settings: &'a Settings,
    lang: Lang,
    default_enabled: BTreeSet<&'a str>,
    pdf_tool: Option<PdfTool>,
    /// Up to this many files, the first pass keeps each file's whole result.
    keeps: usize,
    /// The spare thread's compiling ahead, stopped when the first document is parsed.
    warm_up: WarmUp,
}

/// What tells two reports apart for the checks across years: a report pairs with the one of
/// the same department and kind for the year before.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct PairKey {
    department: String,
    kind: ReportKind,
    year: i32,
}

impl PairKey {
    /// Only a document of a known department, kind and year is ever paired.
    fn of(identity: &Identity) -> Option<PairKey> {
        Some(PairKey {
            department: identity.department.clone()?,
            kind: identity.kind?,
            year: identity.year?,
        })
    }
}

/// What the first pass learnt of one file.
#[derive(Default)]
struct Sighting {
    /// A hash of the text read: a file changed before the second pass is an error, never a
    /// report paired on what it said before.
    text_hash: Option<u64>,
    /// The source, kept when it cannot be read twice (a pipe or device: `budlint <(…)`).
    source: Option<Arc<SourceFile>>,
    /// The file could not be read or parsed: the second pass reports this, without trying
    /// again.
    error: Option<FileError>,
    /// The file checked already: in a run of a few files the first pass does the whole work
    /// (see [`FIRST_PASS_KEEPS`]) and the second only hands it on.
    linted: Option<Linted>,
}

/// Up to this many files, the first pass checks each file completely and keeps what the
/// second pass would make (its findings, source and digests, about 35 KB a file), so no file is
/// read and parsed twice; past it, the first pass only tells what each file is, and memory
/// stays flat however many files there are.
const FIRST_PASS_KEEPS: usize = 256;

/// Which files pair up across years, from the first pass; all empty without one.
struct Plan {
    sightings: Vec<Sighting>,
    /// For each file, the files of its department and kind for the year before (in the order
    /// their findings are merged).
    older: Vec<Vec<usize>>,
    /// For each file, how many files of the next year still need its digest.
    uses_left: Vec<u32>,
    /// Whether a file is in any pair, and so needs its digest made.
    paired: Vec<bool>,
}

/// The digests of one document, one per rule of the settings (same order), for the rules
/// with checks across years.
type Digests = Vec<Option<Digest>>;

/// A file read, parsed and checked in the second pass, its document gone.
struct Linted {
    index: usize,
    source: Arc<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    identity: Identity,
    /// Made only for a file in a pair.
    digests: Option<Arc<Digests>>,
}

impl Plan {
    fn without_pairs(files: usize) -> Plan {
        Plan {
            sightings: (0..files).map(|_| Sighting::default()).collect(),
            older: vec![Vec::new(); files],
            uses_left: vec![0; files],
            paired: vec![false; files],
        }
    }
}

impl Run<'_> {
    /// The first pass: what each file is, read and parsed on its own and dropped at once.
    fn plan(&self) -> Plan {
        let keep = self.files.len() <= self.keeps;
        let seen: Vec<(Option<PairKey>, Sighting)> = self
            .files
            .par_iter()
            .enumerate()
            .map(|(index, path)| {
                if keep {
                    self.sight_and_lint(index)
                } else {
                    self.sight(path)
                }
            })
            .collect();
        let mut plan = Plan::without_pairs(self.files.len());
        let keys: Vec<Option<PairKey>> = seen
            .into_iter()
            .enumerate()
            .map(|(index, (key, sighting))| {
                plan.sightings[index] = sighting;
                key
            })
            .collect();
        for (newer, older) in consecutive_pairs(&keys) {
            plan.older[newer].push(older);
            plan.uses_left[older] += 1;
            plan.paired[newer] = true;
            plan.paired[older] = true;
        }
        plan
    }

    fn sight(&self, path: &Path) -> (Option<PairKey>, Sighting) {
        let source = match read_source(path, self.settings, self.pdf_tool.as_ref()) {
            Ok(source) => source,
            Err(error) => {
                let sighting = Sighting {
                    error: Some(error),
                    ..Sighting::default()
                };
                return (None, sighting);
            }
        };
        let key = panic::catch_unwind(AssertUnwindSafe(|| {
            let document = crate::parse::parse(&source);
            PairKey::of(&crate::identity::identify(&source, &document))
        }))
        // The second pass meets the same panic and reports it.
        .unwrap_or(None);
        // A pipe or device cannot be read twice; a PDF goes through pdftotext again rather
        // than being held.
        let keep = !std::fs::metadata(path).is_ok_and(|m| m.is_file());
        let sighting = Sighting {
            text_hash: Some(text_hash(&source.text)),
            source: keep.then(|| Arc::new(source)),
            ..Sighting::default()
        };
        (key, sighting)
    }

    /// The second pass over one file: read (unless the first pass kept it), parse, check, and
    /// make the digests when the file is in a pair.
    fn lint(&self, index: usize, sighting: Sighting, plan: &Plan) -> Result<Linted, FileError> {
        if let Some(error) = sighting.error {
            return Err(error);
        }
        if let Some(mut linted) = sighting.linted {
            if !plan.paired[index] {
                linted.digests = None;
            }
            return Ok(linted);
        }
        let path = &self.files[index];
        let source = match sighting.source {
            Some(source) => source,
            None => {
                let source = read_source(path, self.settings, self.pdf_tool.as_ref())?;
                if sighting
                    .text_hash
                    .is_some_and(|hash| hash != text_hash(&source.text))
                {
                    return Err(FileError {
                        path: path.display().to_string(),
                        reason: "the file changed while it was being linted".to_string(),
                    });
                }
                Arc::new(source)
            }
        };
        self.check_source(index, source, |_| plan.paired[index])
    }

    /// The first pass of a run of a few files: read and check the file at once and keep the
    /// result, with the digests of a file that may pair (one of known department, kind and
    /// year); the second pass drops those of a file that did not.
    fn sight_and_lint(&self, index: usize) -> (Option<PairKey>, Sighting) {
        let path = &self.files[index];
        let source = match read_source(path, self.settings, self.pdf_tool.as_ref()) {
            Ok(source) => Arc::new(source),
            Err(error) => {
                let sighting = Sighting {
                    error: Some(error),
                    ..Sighting::default()
                };
                return (None, sighting);
            }
        };
        match self.check_source(index, source, |identity| PairKey::of(identity).is_some()) {
            Ok(linted) => {
                let key = PairKey::of(&linted.identity);
                let sighting = Sighting {
                    linted: Some(linted),
                    ..Sighting::default()
                };
                (key, sighting)
            }
            Err(error) => {
                let sighting = Sighting {
                    error: Some(error),
                    ..Sighting::default()
                };
                (None, sighting)
            }
        }
    }

    /// Parse and check one source; make its digests when `wants_digests` says so of its
    /// identity.
    fn check_source(
        &self,
        index: usize,
        source: Arc<SourceFile>,
        wants_digests: impl FnOnce(&Identity) -> bool,
    ) -> Result<Linted, FileError> {
        let path = &self.files[index];
        let skip = self.settings.ignored_rules_for(path);
        caught(path, || {
            let checked = check_document(
                source,
                &self.settings.rules.rules,
                &skip,
                self.lang,
                Some(&self.warm_up),
                // The report carries the identity (below).
                true,
            );
            let identity = checked
                .identity
                .get_or_init(|| crate::identity::identify(&checked.source, &checked.document))
                .clone();
            let digests = wants_digests(&identity).then(|| {
                Arc::new(self.digests(&checked.source, &checked.document, &checked.identity))
            });
            Linted {
                index,
                source: checked.source,
                diagnostics: checked.diagnostics,
                identity,
                digests,
            }
        })
    }

    /// The digests of a document for the rules with checks across years.
    fn digests(
        &self,
        source: &SourceFile,
        document: &Document,
        identity: &OnceLock<Identity>,
    ) -> Digests {
        self.settings
            .rules
            .rules
            .iter()
            .map(|rule| {
                if !rule.enabled {
                    return None;
                }
                let cx = CheckContext {
                    source,
                    document,
                    rule: &rule.meta,
                    lang: self.lang,
                    identity,
                };
                rule.check.digest(&cx)
            })
            .collect()
    }

    /// The digests of a file read ahead of its turn, for a newer report before it; `None` when
    /// it cannot be read (its own turn reports why).
    fn digests_ahead(&self, index: usize, plan: &Plan) -> Option<Arc<Digests>> {
        let path = &self.files[index];
        let sighting = &plan.sightings[index];
        if let Some(linted) = &sighting.linted {
            return linted.digests.clone();
        }
        let source = match &sighting.source {
            Some(source) => Arc::clone(source),
            None => {
                let source = read_source(path, self.settings, self.pdf_tool.as_ref()).ok()?;
                if sighting.text_hash != Some(text_hash(&source.text)) {
                    return None;
                }
                Arc::new(source)
            }
        };
        caught(path, || {
            let document = crate::parse::parse(&source);
            Arc::new(self.digests(&source, &document, &OnceLock::new()))
        })
        .ok()
    }

    /// Every rule's check across years of one pair (newer, older); the findings are on the
    /// newer report.
    fn across_years(
        &self,
        newer: usize,
        new_digests: &Digests,
        older: usize,
        old_digests: &Digests,
    ) -> Vec<Diagnostic> {
        let (new_path, old_path) = (&self.files[newer], &self.files[older]);
        let skip = self.settings.ignored_rules_for(new_path);
        panic::catch_unwind(AssertUnwindSafe(|| {
            let mut diagnostics = Vec::new();
            for (index, rule) in self.settings.rules.rules.iter().enumerate() {
                if !rule.enabled || skip.contains(rule.meta.id.as_str()) {
                    continue;
                }
                let (Some(Some(new_digest)), Some(Some(old_digest))) =
                    (new_digests.get(index), old_digests.get(index))
                else {
                    continue;
                };
                let cx = DigestContext {
                    path: new_path,
                    digest: new_digest,
                    rule: &rule.meta,
                    lang: self.lang,
                };
                let previous = DigestContext {
                    path: old_path,
                    digest: old_digest,
                    rule: &rule.meta,
                    lang: self.lang,
                };
                rule.check.check_previous(&cx, &previous, &mut diagnostics);
            }
            diagnostics
        }))
        // A bug in a check across documents costs its findings, never the run.
        .unwrap_or_default()
    }

    /// Judge the suppression comments of a file over all its findings.
    fn finish(&self, linted: Linted) -> (FileReport, Identity) {
        let skip = self.settings.ignored_rules_for(&self.files[linted.index]);
        let report = finish(
            linted.source,
            linted.diagnostics,
            &self.settings.rules.rules,
            &skip,
            &self.default_enabled,
            self.lang,
        );
        (report, linted.identity)
    }
}

/// Run `work` on one file; a panic (a bug in budlint) costs that file, not the run.
fn caught<T>(path: &Path, work: impl FnOnce() -> T) -> Result<T, FileError> {
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|payload| FileError {
        path: path.display().to_string(),
        reason: format!(
            "internal error while linting (a bug in budlint): {}",
            panic_detail(payload.as_ref())
        ),
    })
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// The pairs (newer, older) of reports of one department and kind for consecutive years: each
/// group is sorted by year and only neighbours are compared, so the work grows with the number
/// of files, not its square.
fn consecutive_pairs(keys: &[Option<PairKey>]) -> Vec<(usize, usize)> {
    let mut groups: BTreeMap<(&str, ReportKind), Vec<(i32, usize)>> = BTreeMap::new();
    for (index, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            groups
                .entry((key.department.as_str(), key.kind))
                .or_default()
                .push((key.year, index));
        }
    }
    let mut pairs = Vec::new();
    for reports in groups.values_mut() {
        reports.sort();
        for (i, &(year, newer)) in reports.iter().enumerate() {
            // Every report of the year before (a disclosure may come as two files).
            for &(older_year, older) in reports[..i].iter().rev() {
                if older_year == year - 1 {
                    pairs.push((newer, older));
                } else if older_year < year - 1 {
                    break;
                }
            }
        }
    }
    pairs
}

/// Read, parse and check one file with the rules in force for it.
pub fn lint_file(
    path: &Path,
    settings: &Settings,
    pdf_tool: Option<&PdfTool>,
    lang: Lang,
) -> Result<FileReport, FileError> {
    let checked = check_file(path, settings, pdf_tool, lang)?;
    let skip = settings.ignored_rules_for(path);
    Ok(finish(
        checked.source,
        checked.diagnostics,
        &settings.rules.rules,
        &skip,
        &default_enabled(settings),
        lang,
    ))
}

/// Read, parse and run the rules in force over one file, suppression comments not yet judged.
fn check_file(
    path: &Path,
    settings: &Settings,
    pdf_tool: Option<&PdfTool>,
    lang: Lang,
) -> Result<Checked, FileError> {
    let display = path.display().to_string();
    let source = read_source(path, settings, pdf_tool)?;
    let skip = settings.ignored_rules_for(path);
    // A bug in a parser or a rule must cost one file, not the whole run.
    panic::catch_unwind(AssertUnwindSafe(|| {
        check_document(
            Arc::new(source),
            &settings.rules.rules,
            &skip,
            lang,
            None,
            false,
        )
    }))
    .map_err(|payload| FileError {
        path: display,
        reason: format!(
            "internal error while linting (a bug in budlint): {}",
            panic_detail(payload.as_ref())
        ),
    })
}

/// The rules enabled in their files, before the user's selection.
fn default_enabled(settings: &Settings) -> BTreeSet<&str> {
    settings
        .rules
        .iter()
        .filter(|(_, details)| details.default_enabled)
        .map(|(rule, _)| rule.meta.id.as_str())
        .collect()
}

/// The message a caught panic carries, if it is text.
pub(crate) fn panic_detail(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(department: &str, kind: ReportKind, year: i32) -> Option<PairKey> {
        PairKey::of(&Identity {
            department: Some(department.to_string()),
            kind: Some(kind),
            year: Some(year),
            ..Identity::default()
        })
    }

    fn default_settings() -> Settings {
        crate::config::resolve(
            &crate::config::ConfigChoice::Isolated,
            &crate::config::CliOverrides::default(),
        )
        .expect("the built-in rules resolve")
    }

    #[test]
    fn rules_start_costliest_kind_first_and_come_back_in_rule_order() {
        let settings = default_settings();
        let rules: Vec<&Rule> = settings.rules.rules.iter().collect();
        let ids: Vec<String> = rules.iter().map(|r| r.meta.id.clone()).collect();
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool");
            let started = std::sync::Mutex::new(Vec::new());
            let note = |what: &str| {
                if let Ok(mut started) = started.lock() {
                    started.push(what.to_string());
                }
            };
            let first = || note("first");
            let found = pool.install(|| {
                run_as_tasks(&rules, Some(&first), |rule| {
                    note(&rule.meta.kind);
                    rule.meta.id.clone()
                })
            });
            assert_eq!(found, ids, "{threads} threads");
            let mut started = started.into_inner().expect("not poisoned");
            assert_eq!(started.len(), rules.len() + 1);
            assert_eq!(started.iter().filter(|k| *k == "first").count(), 1);
            if threads == 1 {
                assert_eq!(started.remove(0), "first");
                // One thread takes them in order: every prose-claims rule before any other.
                let claims = rules
                    .iter()
                    .filter(|r| r.meta.kind == "prose-claims")
                    .count();
                assert!(claims > 0);
                assert!(started[..claims].iter().all(|k| k == "prose-claims"));
                assert!(started[claims..].iter().all(|k| k != "prose-claims"));
                assert_eq!(started.last().map(String::as_str), Some("suppression"));
            }
        }
        // Without a first task, the rules alone.
        let found = run_as_tasks(&rules, None, |rule| rule.meta.id.clone());
        assert_eq!(found, ids);
    }

    /// Forty copies of one corpus file in a temporary directory; when the first report is
    /// handed over, a draft watermark is added to the last file. What lint_each gave back:
    /// the reports (path and rules found) and the errors.
    fn change_the_last_file_after_the_first_report(
        settings: &Settings,
        keeps: usize,
    ) -> (Vec<(PathBuf, Vec<String>)>, Vec<FileError>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/corpus/dongchangfu-2024-budget.md"
        ))
        .expect("corpus file");
        for n in 0..40 {
            std::fs::write(dir.path().join(format!("{n:02}.txt")), &text).expect("written");
        }
        let last = dir.path().join("39.txt");
        let mut handed = Vec::new();
        let errors = lint_each_keeping(
            &[dir.path().to_path_buf()],
            settings,
            Lang::Zh,
            Some(1),
            keeps,
            |report, _| {
                if handed.is_empty() {
                    std::fs::write(&last, format!("{text}\n仅供内部审核\n")).expect("written");
                }
                let rules = report.diagnostics.iter().map(|d| d.rule.clone()).collect();
                handed.push((report.source.path.clone(), rules));
                Ok(())
            },
        )
        .expect("collected in memory");
        (handed, errors)
    }

    /// Reports are handed over while later files are still to be read and checked: nothing of
    /// a file is held until the end of the run. Without a check across years there is one pass,
    /// so the last file is read and checked after the first report is out, and its report
    /// shows the change.
    #[test]
    fn the_first_report_is_handed_over_before_the_last_file_is_checked() {
        let mut settings = default_settings();
        for rule in &mut settings.rules.rules {
            rule.enabled = rule.meta.id == "draft-watermark";
        }
        let (handed, errors) =
            change_the_last_file_after_the_first_report(&settings, FIRST_PASS_KEEPS);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(handed.len(), 40);
        assert!(handed.windows(2).all(|w| w[0].0 < w[1].0), "in path order");
        assert!(handed[..39].iter().all(|(_, rules)| rules.is_empty()));
        assert_eq!(handed[39].1, vec!["draft-watermark".to_string()]);
    }

    /// With the checks across years, a first pass reads every file to pair them; the second
    /// reads each again after the reports before it are out, and a file changed in between
    /// is an error, never a report paired on what it said before.
    #[test]
    fn a_file_changed_between_the_two_passes_is_an_error() {
        // Past `keeps` files the first pass only tells what each file is and the second reads
        // it again.
        let (handed, errors) = change_the_last_file_after_the_first_report(&default_settings(), 0);
        assert_eq!(handed.len(), 39, "every file but the changed one");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].path.ends_with("39.txt"), "{errors:?}");
        assert!(errors[0].reason.contains("changed"), "{errors:?}");
    }

    /// With few files, the first pass checks each file as it reads it: the file is read once,
    /// and a change made afterwards is neither reported nor an error.
    #[test]
    fn a_few_files_are_read_once() {
        let (handed, errors) =
            change_the_last_file_after_the_first_report(&default_settings(), FIRST_PASS_KEEPS);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(handed.len(), 40);
        assert!(handed.iter().all(|(_, rules)| rules == &handed[0].1));
        assert!(!handed[39].1.iter().any(|r| r == "draft-watermark"));
    }

    /// The first pass that keeps each file's result and the one that only identifies the
    /// files give the same reports, the findings across years included.
    #[test]
    fn keeping_the_first_pass_changes_no_finding() {
        let settings = default_settings();
        let corpus = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/corpus"));
        let reports = |keeps: usize| {
            let mut found = Vec::new();
            let errors = lint_each_keeping(
                std::slice::from_ref(&corpus),
                &settings,
                Lang::Zh,
                Some(2),
                keeps,
                |report, identity| {
                    let diagnostics: Vec<String> = report
                        .diagnostics
                        .iter()
                        .map(|d| format!("{} {:?} {}", d.rule, d.primary_span(), d.message))
                        .collect();
                    found.push((report.source.path.clone(), identity.year, diagnostics));
                    Ok(())
                },
            )
            .expect("collected in memory");
            assert!(errors.is_empty(), "{errors:?}");
            found
        };
        let kept = reports(FIRST_PASS_KEEPS);
        assert!(kept.len() > 1 && kept.len() <= FIRST_PASS_KEEPS);
        let across_years = kept
            .iter()
            .flat_map(|(_, _, ds)| ds)
            .filter(|d| d.starts_with("previous-year-figure") || d.starts_with("copied-paragraph"))
            .count();
        assert!(across_years > 0, "the corpus has findings across years");
        assert_eq!(kept, reports(0));
    }

    #[test]
    fn only_neighbouring_years_of_one_department_and_kind_are_paired() {
        let keys = [
            key("屯留区医疗保障局", ReportKind::Budget, 2025),
            key("屯留区医疗保障局", ReportKind::Budget, 2024),
            key("屯留区医疗保障局", ReportKind::FinalAccounts, 2023),
            key("东昌府区医疗保障局", ReportKind::Budget, 2023),
            key("屯留区医疗保障局", ReportKind::Budget, 2022),
            PairKey::of(&Identity::default()),
        ];
        // 2025 with 2024; 2024 has no 2023 budget of its own department (a gap, a final
        // account and another department's do not count).
        assert_eq!(consecutive_pairs(&keys), vec![(0, 1)]);
    }

    #[test]
    fn a_disclosure_in_two_files_pairs_with_both() {
        let keys = [
            key("江苏省委办公厅", ReportKind::Budget, 2018),
            key("江苏省委办公厅", ReportKind::Budget, 2017),
            key("江苏省委办公厅", ReportKind::Budget, 2017),
        ];
        let mut pairs = consecutive_pairs(&keys);
        pairs.sort();
        assert_eq!(pairs, vec![(0, 1), (0, 2)]);
    }
}
