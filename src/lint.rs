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
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use walkdir::{DirEntry, WalkDir};

use crate::config::Settings;
use crate::config_error::io_reason;
use crate::diagnostic::{Diagnostic, FileError, FileReport, Severity};
use crate::engine::{CheckContext, Digest, DigestContext, Lang};
use crate::identity::{Identity, ReportKind};
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
    let checked = check_document(source, rules, skip, lang);
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

/// What is kept of a file between its own checks and its report, once its document is gone:
/// its findings so far, its identity and the digests of the checks across years.
struct Pending {
    path: PathBuf,
    /// The source, kept only when it cannot be read again cheaply (a PDF, through pdftotext)
    /// or at all (a pipe); a regular text file is read again for its report.
    source: Option<Arc<SourceFile>>,
    /// A hash of the text first read: a file changed meanwhile is an error, never a report
    /// whose positions point elsewhere.
    text_hash: u64,
    diagnostics: Vec<Diagnostic>,
    identity: Identity,
    /// One per rule of the settings (same order), for the rules with checks across years.
    digests: Vec<Option<Digest>>,
}

/// Parse one source and run the rules over it, without judging suppression comments yet.
fn check_document(
    source: Arc<SourceFile>,
    rules: &[Rule],
    skip: &BTreeSet<&str>,
    lang: Lang,
) -> Checked {
    let document = crate::parse::parse(&source);
    let identity = OnceLock::new();
    let mut diagnostics = Vec::new();
    for rule in rules
        .iter()
        .filter(|r| r.enabled && !skip.contains(r.meta.id.as_str()))
    {
        let cx = CheckContext {
            source: &source,
            document: &document,
            rule: &rule.meta,
            lang,
            identity: &identity,
        };
        rule.check.check(&cx, &mut diagnostics);
    }
    Checked {
        source,
        document,
        identity,
        diagnostics,
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

/// Hidden files and directories (`.git`, `.cache`) and cargo's `target` are never disclosures.
fn is_skipped(entry: &DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || (entry.file_type().is_dir() && name == "target")
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
/// Two phases. First every file is read, parsed and checked on its own; its document is then
/// dropped, keeping its findings, its identity and the digests of the checks across years.
/// Then the digests of one department and kind for consecutive years (told by their
/// identities, never by file names) are checked against each other, newer against older, and
/// each file's report is finished — suppression comments judged over all its findings, so they
/// cover the findings across documents too — and handed over.
pub fn lint_each(
    paths: &[PathBuf],
    settings: &Settings,
    lang: Lang,
    threads: Option<usize>,
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
    let (files, mut errors) = discover(paths, settings);
    let default_enabled = default_enabled(settings);
    let pdf_tool = pdf_tool_for(&files, settings);
    // The kinds' patterns compile on a spare thread while the first files are read and parsed.
    if pool.current_num_threads() > 1 && !files.is_empty() {
        pool.spawn(crate::kinds::warm_patterns);
    }
    let outcomes: Vec<Result<Pending, FileError>> = pool.install(|| {
        files
            .par_iter()
            .map(|path| pending_file(path, settings, pdf_tool.as_ref(), lang))
            .collect()
    });
    let mut pending = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(file) => pending.push(file),
            Err(error) => errors.push(error),
        }
    }
    pending.sort_by(|a, b| a.path.cmp(&b.path));
    let found = pool.install(|| across_years(&pending, settings, lang));
    for (index, diagnostics) in found {
        // Two files of last year (a disclosure in two shapes or parts) may find the same thing.
        for d in diagnostics {
            let seen = &pending[index].diagnostics;
            if !seen
                .iter()
                .any(|s| s.rule == d.rule && s.primary_span() == d.primary_span())
            {
                pending[index].diagnostics.push(d);
            }
        }
    }
    // Finished a batch at a time, in parallel, and handed over in order: only a batch of
    // sources is in memory at once.
    let batch = pool.current_num_threads().max(1) * 8;
    let mut pending = pending.into_iter().peekable();
    while pending.peek().is_some() {
        let chunk: Vec<Pending> = pending.by_ref().take(batch).collect();
        let finished: Vec<Result<(FileReport, Identity), FileError>> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|p| finish_pending(p, settings, &default_enabled, lang))
                .collect()
        });
        for outcome in finished {
            match outcome {
                Ok((report, identity)) => each(report, identity)?,
                Err(error) => errors.push(error),
            }
        }
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(errors)
}

/// Read, parse and check one file, and keep what its report and the checks across years need.
fn pending_file(
    path: &Path,
    settings: &Settings,
    pdf_tool: Option<&PdfTool>,
    lang: Lang,
) -> Result<Pending, FileError> {
    let checked = check_file(path, settings, pdf_tool, lang)?;
    let display = path.display().to_string();
    panic::catch_unwind(AssertUnwindSafe(|| {
        let identity = checked
            .identity
            .get_or_init(|| crate::identity::identify(&checked.source, &checked.document));
        // Only a document of a known department, kind and year is ever paired.
        let pairable =
            identity.department.is_some() && identity.kind.is_some() && identity.year.is_some();
        let digests = settings
            .rules
            .rules
            .iter()
            .map(|rule| {
                if !pairable || !rule.enabled {
                    return None;
                }
                let cx = CheckContext {
                    source: &checked.source,
                    document: &checked.document,
                    rule: &rule.meta,
                    lang,
                    identity: &checked.identity,
                };
                rule.check.digest(&cx)
            })
            .collect();
        // A PDF would go through pdftotext again; a pipe or device (`budlint <(…)`) cannot be
        // read twice.
        let keep = checked.source.encoding == SourceEncoding::Pdf
            || !std::fs::metadata(path).is_ok_and(|m| m.is_file());
        Pending {
            path: checked.source.path.clone(),
            text_hash: text_hash(&checked.source.text),
            source: keep.then(|| Arc::clone(&checked.source)),
            diagnostics: checked.diagnostics,
            identity: identity.clone(),
            digests,
        }
    }))
    .map_err(|payload| FileError {
        path: display,
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

/// Judge the suppression comments of a file over all its findings, its source read again.
fn finish_pending(
    pending: Pending,
    settings: &Settings,
    default_enabled: &BTreeSet<&str>,
    lang: Lang,
) -> Result<(FileReport, Identity), FileError> {
    let error = |reason: String| FileError {
        path: pending.path.display().to_string(),
        reason,
    };
    let source = match pending.source {
        Some(source) => source,
        None => {
            let source = SourceFile::read(&pending.path).map_err(|e| error(e.to_string()))?;
            if text_hash(&source.text) != pending.text_hash {
                return Err(error(
                    "the file changed while it was being linted".to_string(),
                ));
            }
            Arc::new(source)
        }
    };
    let skip = settings.ignored_rules_for(&pending.path);
    let report = finish(
        source,
        pending.diagnostics,
        &settings.rules.rules,
        &skip,
        default_enabled,
        lang,
    );
    Ok((report, pending.identity))
}

/// The pairs (newer, older) of reports of one department and kind for consecutive years: each
/// group is sorted by year and only neighbours are compared, so the work grows with the number
/// of files, not its square.
fn consecutive_pairs(identities: &[&Identity]) -> Vec<(usize, usize)> {
    let mut groups: BTreeMap<(String, ReportKind), Vec<(i32, usize)>> = BTreeMap::new();
    for (index, identity) in identities.iter().enumerate() {
        if let (Some(department), Some(kind), Some(year)) =
            (&identity.department, identity.kind, identity.year)
        {
            groups
                .entry((department.clone(), kind))
                .or_default()
                .push((year, index));
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

/// Run every rule's check across consecutive years on the digests; the findings go to the
/// newer report.
fn across_years(
    pending: &[Pending],
    settings: &Settings,
    lang: Lang,
) -> Vec<(usize, Vec<Diagnostic>)> {
    let identities: Vec<&Identity> = pending.iter().map(|p| &p.identity).collect();
    consecutive_pairs(&identities)
        .into_par_iter()
        .filter_map(|(newer, older)| {
            let (new, old) = (&pending[newer], &pending[older]);
            let skip = settings.ignored_rules_for(&new.path);
            panic::catch_unwind(AssertUnwindSafe(|| {
                let mut diagnostics = Vec::new();
                for (index, rule) in settings.rules.rules.iter().enumerate() {
                    if !rule.enabled || skip.contains(rule.meta.id.as_str()) {
                        continue;
                    }
                    let (Some(Some(new_digest)), Some(Some(old_digest))) =
                        (new.digests.get(index), old.digests.get(index))
                    else {
                        continue;
                    };
                    let cx = DigestContext {
                        path: &new.path,
                        digest: new_digest,
                        rule: &rule.meta,
                        lang,
                    };
                    let previous = DigestContext {
                        path: &old.path,
                        digest: old_digest,
                        rule: &rule.meta,
                        lang,
                    };
                    rule.check.check_previous(&cx, &previous, &mut diagnostics);
                }
                (newer, diagnostics)
            }))
            // A bug in a check across documents costs its findings, never the run.
            .ok()
        })
        .collect()
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
        check_document(Arc::new(source), &settings.rules.rules, &skip, lang)
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

    fn identity(department: &str, kind: ReportKind, year: i32) -> Identity {
        Identity {
            department: Some(department.to_string()),
            kind: Some(kind),
            year: Some(year),
            ..Identity::default()
        }
    }

    #[test]
    fn only_neighbouring_years_of_one_department_and_kind_are_paired() {
        let identities = [
            identity("屯留区医疗保障局", ReportKind::Budget, 2025),
            identity("屯留区医疗保障局", ReportKind::Budget, 2024),
            identity("屯留区医疗保障局", ReportKind::FinalAccounts, 2023),
            identity("东昌府区医疗保障局", ReportKind::Budget, 2023),
            identity("屯留区医疗保障局", ReportKind::Budget, 2022),
            Identity::default(),
        ];
        // 2025 with 2024; 2024 has no 2023 budget of its own department (a gap, a final
        // account and another department's do not count).
        let identities: Vec<&Identity> = identities.iter().collect();
        assert_eq!(consecutive_pairs(&identities), vec![(0, 1)]);
    }

    #[test]
    fn a_disclosure_in_two_files_pairs_with_both() {
        let identities = [
            identity("江苏省委办公厅", ReportKind::Budget, 2018),
            identity("江苏省委办公厅", ReportKind::Budget, 2017),
            identity("江苏省委办公厅", ReportKind::Budget, 2017),
        ];
        let identities: Vec<&Identity> = identities.iter().collect();
        let mut pairs = consecutive_pairs(&identities);
        pairs.sort();
        assert_eq!(pairs, vec![(0, 1), (0, 2)]);
    }
}
