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
use budlint::diagnostic::{Diagnostic, Severity};
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
    match &cli.command {
        Some(Command::Rules) => list_rules(&settings, format(global)),
        Some(Command::Explain { rule }) => explain(&settings, rule, global.color),
        Some(Command::Inspect { files, .. }) => inspect(&settings, files, global),
        // Handled above, before any configuration is read.
        Some(Command::Init { force }) => init(*force, global.color),
        None => check(&settings, &cli.check, global),
    }
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
    let mut result = if files.is_empty() {
        lint::LintResult::default()
    } else {
        lint::lint_paths(&files, settings, lang)
    };
    if stdin_given {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)?;
        match lint::lint_stdin(&bytes, args.stdin_filename.as_deref(), settings, lang) {
            Ok(report) => result.reports.push(report),
            Err(error) => result.errors.push(error),
        }
    }
    // Nothing found to lint (an empty or mistyped directory) is not a clean run.
    let nothing_found = result.reports.is_empty() && result.errors.is_empty();
    if args.verbose {
        let mut stderr = io::stderr().lock();
        for (report, identity) in result.reports.iter().zip(&result.identities) {
            budlint::identity::write_identity(&report.source, identity, &mut stderr)?;
        }
    }
    let show_info = args.show_info || fail_on == FailOn::Info;
    let shown = |d: &Diagnostic| show_info || d.severity > Severity::Info;
    if let Some(path) = &args.write_baseline {
        return write_baseline(&result, path, shown);
    }
    let applied = baseline.map(|(baseline, path)| {
        (
            baseline.apply(&mut result.reports, path, shown),
            path.as_path(),
        )
    });
    result.retain_shown(show_info);

    // Machine-readable output never carries colour codes, whatever `--color` says.
    let choice = match format {
        Format::Human | Format::Short => color_choice(global.color, io::stdout().is_terminal()),
        Format::Json | Format::Sarif | Format::Github | Format::Junit | Format::Html => {
            ColorChoice::Never
        }
    };
    let mut stdout = BufferedStandardStream::stdout(choice);
    let options = RenderOptions {
        lang,
        rules: &settings.rules.rules,
    };
    let nothing_read = result.reports.is_empty();
    if nothing_read && matches!(format, Format::Human | Format::Short) {
        // Every file failed to be read: the errors on stderr say it all, and a summary of
        // "no problems found in 0 files" would read as a pass.
    } else if args.statistics {
        let json = format == Format::Json;
        render::render_statistics(&result.reports, &options, json, &mut stdout)?;
    } else {
        render::render(
            format,
            &result.reports,
            &result.errors,
            &options,
            &mut stdout,
        )?;
    }
    if let Some((applied, path)) = applied {
        // The human summary gets a second line; other formats keep stdout to themselves.
        let line = baseline_summary(applied, path);
        if format == Format::Human && !args.statistics {
            writeln!(stdout, "{line}")?;
        } else {
            eprintln!("{line}");
        }
    }
    stdout.flush()?;
    lint::write_file_errors(&result.errors, &mut io::stderr().lock())?;
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
    Ok(result.status(fail_on))
}

/// `--write-baseline`: record the shown findings; a run that could not read every file writes
/// nothing (the findings of the missing files would come back as new).
fn write_baseline(
    result: &lint::LintResult,
    path: &Path,
    shown: impl Fn(&Diagnostic) -> bool,
) -> io::Result<Status> {
    if !result.errors.is_empty() {
        lint::write_file_errors(&result.errors, &mut io::stderr().lock())?;
        eprintln!(
            "error: baseline {} not written: some files could not be read",
            path.display()
        );
        return Ok(Status::Error);
    }
    let baseline = Baseline::record(&result.reports, path, shown);
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
fn baseline_summary(applied: Applied, path: &Path) -> String {
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

fn list_rules(settings: &Settings, format: Format) -> io::Result<Status> {
    let mut stdout = io::stdout().lock();
    match format {
        Format::Json => registry::write_rules_json(&settings.rules, &mut stdout)?,
        Format::Human | Format::Short => registry::write_rules_table(&settings.rules, &mut stdout)?,
        Format::Sarif | Format::Github | Format::Junit | Format::Html => {
            eprintln!(
                "error: `budlint rules` prints `human` or `json`, not `{}`",
                format_name(format)
            );
            return Ok(Status::Error);
        }
    }
    stdout.flush()?;
    Ok(Status::Clean)
}

fn explain(settings: &Settings, id: &str, color: ColorArg) -> io::Result<Status> {
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
        let mut stderr = StandardStream::stderr(color_choice(color, io::stderr().is_terminal()));
        emit_errors(&[error], &mut stderr)?;
        return Ok(Status::Error);
    };
    let mut stdout = io::stdout().lock();
    registry::write_explanation(rule, details, &mut stdout)?;
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
    let mut stdout = io::stdout().lock();
    match format(global) {
        Format::Json => {
            inspect::json::write(&inspection.readings, &inspection.errors, &mut stdout)?
        }
        _ => inspect::human::write(&inspection.readings, lang(global.lang), &mut stdout)?,
    }
    stdout.flush()?;
    lint::write_file_errors(&inspection.errors, &mut io::stderr().lock())?;
    Ok(if inspection.errors.is_empty() {
        Status::Clean
    } else {
        Status::Error
    })
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
