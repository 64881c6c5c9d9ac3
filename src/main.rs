//! The `budlint` command: turns arguments into library calls and the result into an exit code.

use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use termcolor::{BufferedStandardStream, ColorChoice, StandardStream};

use budlint::baseline::{Applied, Baseline};
use budlint::config::{self, CliOverrides, ConfigChoice, Settings};
use budlint::config_error::{ConfigError, emit_errors, io_reason};
use budlint::diagnostic::{Diagnostic, FileError, FileReport, Severity};
use budlint::engine::Lang;
use budlint::inspect;
use budlint::lint::{self, FailOn, Status};
use budlint::registry;
use budlint::render::{self, Format, RenderOptions};

/// A linter for Chinese government budget and final-accounts disclosures
/// (部门预算公开 / 部门决算公开).
#[derive(Debug, Parser)]
#[command(name = "budlint", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
    #[command(flatten)]
    global: GlobalArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every rule with its kind, severities and whether it runs.
    Rules,
    /// Show what a rule checks, why, and its parameters.
    Explain {
        /// The rule id.
        rule: String,
    },
    /// Show how budlint read documents (`--format human` or `json`): layout, blocks, tables.
    Inspect {
        /// Files or directories to read (directories are walked as for linting).
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// Write the text extracted from each PDF under this directory (`a.pdf` → `DIR/a.pdf.txt`).
        #[arg(long, value_name = "DIR")]
        emit_text: Option<PathBuf>,
    },
    /// Write a commented starter budlint.toml in the current directory.
    Init {
        /// Overwrite an existing budlint.toml.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files or directories to lint (directories are walked for *.txt, *.md and *.pdf); `-` is
    /// standard input.
    #[arg(value_name = "PATHS", default_value = ".")]
    paths: Vec<PathBuf>,
    /// The name standard input (`-`) is shown under and matched against `per-file-ignores`
    /// (default `<stdin>`).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Run only these rules or kinds (replaces `select` of budlint.toml).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Do not run these rules or kinds.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Exit with status 1 when a diagnostic of this severity or higher is reported.
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    fail_on: FailOnArg,
    /// Show info diagnostics (shown anyway with `--fail-on info`).
    #[arg(long)]
    show_info: bool,
    /// Report only the findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file and exit with status 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Print how many diagnostics each rule reported instead of the diagnostics.
    #[arg(long)]
    statistics: bool,
    /// Write the text extracted from each PDF under this directory (`a.pdf` → `DIR/a.pdf.txt`).
    #[arg(long, value_name = "DIR")]
    emit_text: Option<PathBuf>,
    /// Print on stderr what each document was taken to be (kind, year, department) and why.
    #[arg(long)]
    verbose: bool,
    /// Lint on this many threads (default: one per core); the output is the same whatever
    /// the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[derive(Debug, Args)]
struct GlobalArgs {
    /// Use this configuration file instead of looking for budlint.toml.
    #[arg(long, value_name = "PATH", global = true, conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long, global = true)]
    isolated: bool,
    /// Output format [default: human] (linting, `rules`, `inspect`).
    #[arg(long, value_enum, global = true)]
    format: Option<Format>,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    color: ColorArg,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::Zh, global = true)]
    lang: LangArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match run(&cli) {
        Ok(status) => status,
        // A closed pipe (`budlint … | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Status::Clean,
        Err(e) => {
            eprintln!("error: {e}");
            Status::Error
        }
    };
    ExitCode::from(status as u8)
}

fn run(cli: &Cli) -> io::Result<Status> {
    let global = &cli.global;
    // `explain` and `init` print one thing one way: a `--format` there is a mistake to say.
    if let (Some(format), Some(command @ (Command::Explain { .. } | Command::Init { .. }))) =
        (global.format, &cli.command)
    {
        let name = if matches!(command, Command::Init { .. }) {
            "init"
        } else {
            "explain"
        };
        eprintln!(
            "error: `budlint {name}` has no output formats; `--format {}` applies to linting, \
             `rules` and `inspect`",
            format_name(format)
        );
        return Ok(Status::Error);
    }
    // The starter file lists the built-in rules, whatever configuration is around.
    if let Some(Command::Init { force }) = &cli.command {
        return init(*force, global.color);
    }
    let choice = if global.isolated {
        ConfigChoice::Isolated
    } else if let Some(path) = &global.config {
        ConfigChoice::Explicit(path.clone())
    } else {
        ConfigChoice::Discover(std::env::current_dir()?)
    };
    let overrides = CliOverrides {
        select: cli.check.select.clone(),
        ignore: cli.check.ignore.clone(),
    };
    let mut settings = match config::resolve(&choice, &overrides) {
        Ok(settings) => settings,
        Err(errors) => {
            let mut stderr =
                StandardStream::stderr(color_choice(global.color, io::stderr().is_terminal()));
            emit_errors(&errors, &mut stderr)?;
            return Ok(Status::Error);
        }
    };
    settings.emit_text = match &cli.command {
        Some(Command::Inspect { emit_text, .. }) => emit_text.clone(),
        _ => cli.check.emit_text.clone(),
    };
    let status = match &cli.command {
        Some(Command::Rules) => list_rules(&settings, format(global), lang(global.lang)),
        Some(Command::Explain { rule }) => explain(&settings, rule, global),
        Some(Command::Inspect { files, .. }) => inspect(&settings, files, global),
        // Handled above, before any configuration is read.
        Some(Command::Init { force }) => init(*force, global.color),
        None => check(&settings, &cli.check, global),
    };
    // The process ends here: freeing the rules one allocation at a time (about 7 % of a run
    // on an empty file) would be work for nothing.
    std::mem::forget(settings);
    status
}

fn check(settings: &Settings, args: &CheckArgs, global: &GlobalArgs) -> io::Result<Status> {
    let lang = lang(global.lang);
    let fail_on = match args.fail_on {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Info => FailOn::Info,
        FailOnArg::Never => FailOn::Never,
    };
    let format = format(global);
    if args.statistics && !matches!(format, Format::Human | Format::Short | Format::Json) {
        eprintln!(
            "error: `--statistics` prints a table, or JSON with `--format json`; \
             it cannot be combined with `--format {}`",
            format_name(format)
        );
        return Ok(Status::Error);
    }
    // A run with no rule would pass whatever the documents say.
    if !settings.rules.rules.iter().any(|rule| rule.enabled) {
        eprintln!(
            "error: no rule runs: the selection (`select`, `--select`) minus `ignore` / \
             `--ignore` is empty; `budlint rules` shows what runs"
        );
        return Ok(Status::Error);
    }
    // A bad baseline stops the run before any file is read.
    let baseline = match &args.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(baseline) => Some((baseline, path)),
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(Status::Error);
            }
        },
        None => None,
    };
    let stdin_given = args.paths.iter().any(|p| p.as_os_str() == "-");
    let files: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let threads = args.threads.map(usize::from);
    let stdin_report = |errors: &mut Vec<FileError>| -> io::Result<Option<FileReport>> {
        if !stdin_given {
            return Ok(None);
        }
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)?;
        match lint::lint_stdin(&bytes, args.stdin_filename.as_deref(), settings, lang) {
            Ok(report) => Ok(Some(report)),
            Err(error) => {
                errors.push(error);
                Ok(None)
            }
        }
    };
    let show_info = args.show_info || fail_on == FailOn::Info;
    let shown = |d: &Diagnostic| show_info || d.severity > Severity::Info;
    if let Some(path) = &args.write_baseline {
        // Recorded a report at a time: the findings are kept, never the sources.
        let mut findings = Vec::new();
        let mut record = |report: &FileReport| {
            let one = Baseline::record(std::slice::from_ref(report), path, shown);
            findings.extend(one.findings);
        };
        let mut errors = if files.is_empty() {
            Vec::new()
        } else {
            lint::lint_each(&files, settings, lang, threads, |report, _| {
                record(&report);
                Ok(())
            })?
        };
        if let Some(report) = stdin_report(&mut errors)? {
            record(&report);
        }
        return write_baseline(findings, &errors, path);
    }

    // Machine-readable output never carries colour codes, whatever `--color` says.
    let choice = match format {
        Format::Human | Format::Short => color_choice(global.color, io::stdout().is_terminal()),
        Format::Json | Format::Sarif | Format::Github | Format::Junit | Format::Html => {
            ColorChoice::Never
        }
    };
    let options = RenderOptions {
        lang,
        rules: &settings.rules.rules,
    };
    let mut stdout = BufferedStandardStream::stdout(choice);
    let mut renderer = render::Renderer::new(format, args.statistics, &options, &stdout);
    let mut applied: Option<Applied> = None;
    let mut reports_seen = 0usize;
    let mut failed = false;
    let threshold = fail_on.threshold();
    // A reader that closes the pipe early (`budlint docs | head -1`) stops the printing, never
    // the linting: the status still tells whether an error was found in any file.
    let mut closed = false;
    // Indexed by file once: each report looks up its own entries only.
    let baseline_index = baseline
        .as_ref()
        .map(|(baseline, path)| baseline.index(path));
    let mut deliver = |mut report: FileReport,
                       identity: Option<&budlint::identity::Identity>,
                       stdout: &mut BufferedStandardStream|
     -> io::Result<()> {
        reports_seen += 1;
        if args.verbose
            && let Some(identity) = identity
        {
            budlint::identity::write_identity(&report.source, identity, &mut io::stderr().lock())?;
        }
        if let Some(index) = &baseline_index {
            let one = index.apply(&mut report, shown);
            let total = applied.get_or_insert_with(Applied::default);
            total.baselined += one.baselined;
            total.stale += one.stale;
        }
        if !show_info {
            report.diagnostics.retain(|d| d.severity > Severity::Info);
        }
        if threshold.is_some_and(|t| report.diagnostics.iter().any(|d| d.severity >= t)) {
            failed = true;
        }
        if closed {
            return Ok(());
        }
        match renderer.file(&report, stdout) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                closed = true;
                Ok(())
            }
            other => other,
        }
    };
    let mut errors = if files.is_empty() {
        Vec::new()
    } else {
        lint::lint_each(&files, settings, lang, threads, |report, identity| {
            deliver(report, Some(&identity), &mut stdout)
        })?
    };
    if let Some(report) = stdin_report(&mut errors)? {
        deliver(report, None, &mut stdout)?;
    }
    // Nothing found to lint (an empty or mistyped directory) is not a clean run.
    let nothing_found = reports_seen == 0 && errors.is_empty();
    let status = if !errors.is_empty() {
        // A read error outranks any diagnostic: the run did not see everything it was asked to.
        Status::Error
    } else if failed {
        Status::Failed
    } else {
        Status::Clean
    };
    let applied = baseline
        .as_ref()
        .map(|(_, path)| (applied.unwrap_or_default(), path.as_path()));
    let printed = (|| -> io::Result<()> {
        if closed {
            return Ok(());
        }
        if reports_seen == 0 && matches!(format, Format::Human | Format::Short) {
            // Every file failed to be read: the errors on stderr say it all, and a summary of
            // "no problems found in 0 files" would read as a pass.
        } else {
            renderer.finish(&errors, &mut stdout)?;
        }
        if let Some((applied, path)) = applied {
            // The human summary gets a second line; other formats keep stdout to themselves.
            let line = baseline_summary(applied, path, lang);
            if format == Format::Human && !args.statistics {
                writeln!(stdout, "{line}")?;
            } else {
                eprintln!("{line}");
            }
        }
        stdout.flush()?;
        Ok(())
    })();
    match printed {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    lint::write_file_errors(&errors, &mut io::stderr().lock())?;
    if nothing_found {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "error: no file to lint in {}: directories are walked for the `include` globs \
             (default {}); a file named explicitly is always linted",
            paths.join(", "),
            config::DEFAULT_INCLUDE.join(", ")
        );
        return Ok(Status::Error);
    }
    Ok(status)
}

/// `--write-baseline`: record the shown findings; a run that could not read every file writes
/// nothing (the findings of the missing files would come back as new).
fn write_baseline(
    mut findings: Vec<budlint::baseline::Finding>,
    errors: &[FileError],
    path: &Path,
) -> io::Result<Status> {
    if !errors.is_empty() {
        lint::write_file_errors(errors, &mut io::stderr().lock())?;
        eprintln!(
            "error: baseline {} not written: some files could not be read",
            path.display()
        );
        return Ok(Status::Error);
    }
    findings.sort();
    findings.dedup();
    let baseline = Baseline {
        version: budlint::baseline::VERSION,
        findings,
    };
    if let Err(e) = baseline.write(path) {
        eprintln!("error: {e}");
        return Ok(Status::Error);
    }
    let files: BTreeSet<&str> = baseline.findings.iter().map(|f| f.file.as_str()).collect();
    eprintln!(
        "wrote {} to {} ({})",
        counted(baseline.findings.len(), "finding"),
        path.display(),
        counted(files.len(), "file")
    );
    Ok(Status::Clean)
}

/// `3 findings in the baseline budlint-baseline.json not shown`, and the entries fixed since.
fn baseline_summary(applied: Applied, path: &Path, lang: Lang) -> String {
    if lang == Lang::Zh {
        let mut line = format!(
            "基线 {} 记录的 {} 条发现未显示",
            path.display(),
            applied.baselined
        );
        if applied.stale > 0 {
            line.push_str(&format!(
                "；另有 {} 条基线记录已不再出现（用 --write-baseline 重写基线即可删去）",
                applied.stale
            ));
        }
        return line;
    }
    let mut line = format!(
        "{} in the baseline {} not shown",
        counted(applied.baselined, "finding"),
        path.display()
    );
    if applied.stale > 0 {
        line.push_str(&format!(
            "; {} no longer found (rewrite it with --write-baseline to drop {})",
            counted(applied.stale, "entry"),
            if applied.stale == 1 { "it" } else { "them" }
        ));
    }
    line
}

fn counted(n: usize, what: &str) -> String {
    match (n, what) {
        (1, _) => format!("1 {what}"),
        (_, "entry") => format!("{n} entries"),
        _ => format!("{n} {what}s"),
    }
}

/// `budlint init`: the starter budlint.toml, never over an existing one without `--force`.
fn init(force: bool, color: ColorArg) -> io::Result<Status> {
    let settings = match config::resolve(&ConfigChoice::Isolated, &CliOverrides::default()) {
        Ok(settings) => settings,
        Err(errors) => {
            let mut stderr =
                StandardStream::stderr(color_choice(color, io::stderr().is_terminal()));
            emit_errors(&errors, &mut stderr)?;
            return Ok(Status::Error);
        }
    };
    let path = Path::new(config::CONFIG_FILE_NAME);
    match budlint::init::write_starter_config(path, &settings.rules, force) {
        Ok(()) => {
            println!(
                "wrote {} listing {} rules; uncomment what you want to change",
                path.display(),
                settings.rules.rules.len()
            );
            Ok(Status::Clean)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {} already exists; `budlint init --force` overwrites it",
                path.display()
            );
            Ok(Status::Error)
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {}", path.display(), io_reason(&e));
            Ok(Status::Error)
        }
    }
}

fn list_rules(settings: &Settings, format: Format, lang: Lang) -> io::Result<Status> {
    let mut stdout = io::stdout().lock();
    let printed = match format {
        Format::Json => registry::write_rules_json(&settings.rules, &mut stdout),
        Format::Human | Format::Short => {
            registry::write_rules_table(&settings.rules, lang, &mut stdout)
        }
        Format::Sarif | Format::Github | Format::Junit | Format::Html => {
            eprintln!(
                "error: `budlint rules` prints `human` or `json`, not `{}`",
                format_name(format)
            );
            return Ok(Status::Error);
        }
    };
    // A reader that stops early (`budlint rules | head -1`) has what it wanted.
    ignore_closed_pipe(printed.and_then(|()| stdout.flush()))?;
    Ok(Status::Clean)
}

/// A closed pipe is the reader's choice: the printing stops, the status stays what it is.
fn ignore_closed_pipe(printed: io::Result<()>) -> io::Result<()> {
    match printed {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn explain(settings: &Settings, id: &str, global: &GlobalArgs) -> io::Result<Status> {
    if settings.rules.get(id).is_none()
        && let Some(description) = budlint::kinds::describe(id)
    {
        let mut stdout = io::stdout().lock();
        registry::write_kind_explanation(id, description, &settings.rules, &mut stdout)?;
        stdout.flush()?;
        return Ok(Status::Clean);
    }
    let Some((rule, details)) = settings.rules.get(id) else {
        let error = ConfigError::plain(format!("unknown rule `{id}`"))
            .with_note("`budlint rules` lists every rule")
            .with_help(settings.rules.suggest(id));
        let mut stderr =
            StandardStream::stderr(color_choice(global.color, io::stderr().is_terminal()));
        emit_errors(&[error], &mut stderr)?;
        return Ok(Status::Error);
    };
    let mut stdout = io::stdout().lock();
    registry::write_explanation(rule, details, lang(global.lang), &mut stdout)?;
    stdout.flush()?;
    Ok(Status::Clean)
}

/// `budlint inspect`: the readings on stdout, read errors on stderr as the linter gives them.
fn inspect(settings: &Settings, files: &[PathBuf], global: &GlobalArgs) -> io::Result<Status> {
    if !matches!(format(global), Format::Human | Format::Json) {
        eprintln!(
            "error: `budlint inspect` prints `human` or `json`, not `{}`",
            format_name(format(global))
        );
        return Ok(Status::Error);
    }
    let inspection = inspect::read_paths(files, settings);
    // Decided before printing: a reader that closes the pipe early (`budlint inspect … | head
    // -1`) stops the printing, never turns a read error into success.
    let status = if inspection.errors.is_empty() {
        Status::Clean
    } else {
        Status::Error
    };
    let mut stdout = io::stdout().lock();
    let printed = (|| -> io::Result<()> {
        match format(global) {
            Format::Json => {
                inspect::json::write(&inspection.readings, &inspection.errors, &mut stdout)?
            }
            _ => inspect::human::write(&inspection.readings, lang(global.lang), &mut stdout)?,
        }
        stdout.flush()
    })();
    ignore_closed_pipe(printed)?;
    lint::write_file_errors(&inspection.errors, &mut io::stderr().lock())?;
    Ok(status)
}

fn lang(lang: LangArg) -> Lang {
    match lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    }
}

/// `--format`, `human` when not given.
fn format(global: &GlobalArgs) -> Format {
    global.format.unwrap_or(Format::Human)
}

/// The name of a `--format` value as typed on the command line.
fn format_name(format: Format) -> String {
    format
        .to_possible_value()
        .map(|value| value.get_name().to_string())
        .unwrap_or_default()
}

/// `auto` means colour only on a terminal, and never when NO_COLOR is set.
fn color_choice(color: ColorArg, terminal: bool) -> ColorChoice {
    match color {
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
        ColorArg::Auto if terminal && std::env::var_os("NO_COLOR").is_none() => ColorChoice::Auto,
        ColorArg::Auto => ColorChoice::Never,
    }
}
