//! PDF input: the text of a PDF comes from poppler's `pdftotext -layout -enc UTF-8 FILE -`, run
//! as a subprocess, and is then read like any `-layout` text.
//!
//! `pdftotext` keeps every table row on one line with its columns where the Rust PDF crates merge
//! split codes, drop column positions or break numbers. It separates pages with form feeds, which
//! [`SourceFile::page`](crate::source::SourceFile::page) counts. A PDF it cannot read (encrypted,
//! corrupt, scanned without a text layer) is a read error of that file alone.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::source::ReadError;

/// The program looked for on `PATH` when `budlint.toml` names none.
pub const PROGRAM: &str = "pdftotext";

/// What to do when `pdftotext` cannot be found, said once per run.
pub const INSTALL_HELP: &str = "install poppler's pdftotext: `apt-get install poppler-utils` \
     (Debian, Ubuntu), `dnf install poppler-utils` (Fedora), `brew install poppler` (macOS), \
     `choco install poppler` or `conda install -c conda-forge poppler` (Windows); or name the \
     program in budlint.toml: `pdftotext = \"/path/to/pdftotext\"`";

/// Whether a path names a PDF, by its extension (`.pdf`, any case).
pub fn is_pdf(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| ext.eq_ignore_ascii_case("pdf"))
}

/// A `pdftotext` program that was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfToText {
    program: PathBuf,
}

impl PdfToText {
    /// The program named in `budlint.toml` (already made absolute if it is a path), or
    /// `pdftotext` on `PATH`. `Err` says what was looked for, to be followed by [`INSTALL_HELP`].
    pub fn find(configured: Option<&Path>) -> Result<PdfToText, String> {
        let wanted = configured.unwrap_or(Path::new(PROGRAM));
        // A bare name is looked up on PATH, as a shell would.
        if wanted.components().count() == 1 && !wanted.is_absolute() {
            return search_path(wanted.as_os_str())
                .map(|program| PdfToText { program })
                .ok_or_else(|| format!("`{}` was not found on PATH", wanted.display()));
        }
        if wanted.is_file() {
            Ok(PdfToText {
                program: wanted.to_path_buf(),
            })
        } else {
            Err(format!(
                "`{}` (the `pdftotext` of budlint.toml) does not exist",
                wanted.display()
            ))
        }
    }

    /// The text of the PDF at `path`, pages separated by form feeds.
    pub fn extract(&self, path: &Path) -> Result<String, ReadError> {
        // A relative name starting with `-` would be taken for an option.
        let argument = if path.is_relative() && path.to_string_lossy().starts_with('-') {
            Path::new(".").join(path)
        } else {
            path.to_path_buf()
        };
        self.run(argument.as_os_str(), None)
    }

    /// The text of a PDF given as bytes (standard input), which `pdftotext` reads from `-`.
    pub fn extract_bytes(&self, pdf: &[u8]) -> Result<String, ReadError> {
        self.run(OsStr::new("-"), Some(pdf))
    }

    fn run(&self, input: &OsStr, bytes: Option<&[u8]>) -> Result<String, ReadError> {
        let cannot_run = |e: std::io::Error| {
            ReadError::Pdf(format!("cannot run {}: {e}", self.program.display()))
        };
        let mut child = Command::new(&self.program)
            .args(["-layout", "-enc", "UTF-8"])
            .arg(input)
            .arg("-")
            .stdin(if bytes.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(cannot_run)?;
        // Fed from a thread while the output is read, so neither pipe can fill up and block.
        let stdin = child.stdin.take();
        let output = std::thread::scope(|scope| {
            if let (Some(mut stdin), Some(bytes)) = (stdin, bytes) {
                scope.spawn(move || {
                    use std::io::Write;
                    // pdftotext stopping early (not a PDF) closes the pipe: its status tells.
                    let _ = stdin.write_all(bytes);
                });
            }
            child.wait_with_output()
        })
        .map_err(cannot_run)?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(ReadError::Pdf(failure_reason(
                output.status.code(),
                &stderr,
            )));
        }
        let text = String::from_utf8(output.stdout)
            .map_err(|_| ReadError::Pdf("pdftotext gave text that is not UTF-8".to_string()))?;
        if text.chars().all(char::is_whitespace) {
            return Err(ReadError::Pdf(
                "PDF without a text layer (scanned or image-only pages?): run OCR on it first"
                    .to_string(),
            ));
        }
        Ok(text)
    }
}

/// Why `pdftotext` failed, in words a user acts on; its own last message as the detail.
fn failure_reason(code: Option<i32>, stderr: &str) -> String {
    let detail = stderr
        .lines()
        .map(str::trim)
        .rfind(|line| !line.is_empty())
        .unwrap_or("no message");
    let lowered = stderr.to_ascii_lowercase();
    let what = if code == Some(3) || lowered.contains("password") || lowered.contains("encrypt") {
        "encrypted PDF, or one that forbids copying its text"
    } else if code == Some(1) {
        "not a readable PDF (damaged or not a PDF)"
    } else {
        "pdftotext failed"
    };
    format!("{what} (pdftotext: {detail})")
}

fn search_path(name: &OsStr) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let candidate = dir.join(name);
        if candidate.is_file() {
            return Some(candidate);
        }
        // Windows: `pdftotext.exe`.
        let exe = candidate.with_extension("exe");
        (cfg!(windows) && exe.is_file()).then_some(exe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_is_told_by_its_extension_in_any_case() {
        assert!(is_pdf(Path::new("2025/预算公开.pdf")));
        assert!(is_pdf(Path::new("REPORT.PDF")));
        assert!(!is_pdf(Path::new("report.pdf.txt")));
        assert!(!is_pdf(Path::new("pdf")));
    }

    #[test]
    fn failures_name_their_cause_and_keep_the_tool_message() {
        let encrypted = failure_reason(Some(1), "Command Line Error: Incorrect password\n");
        assert!(encrypted.starts_with("encrypted PDF"), "{encrypted}");
        assert!(encrypted.ends_with("(pdftotext: Command Line Error: Incorrect password)"));
        let corrupt = failure_reason(
            Some(1),
            "Syntax Warning: May not be a PDF file (continuing anyway)\n\
             Syntax Error: Couldn't read xref table\n",
        );
        assert!(corrupt.starts_with("not a readable PDF"), "{corrupt}");
        assert!(corrupt.contains("Couldn't read xref table"), "{corrupt}");
    }

    #[test]
    fn a_missing_configured_program_is_named() {
        let error = PdfToText::find(Some(Path::new("/nonexistent/bin/pdftotext"))).unwrap_err();
        assert!(error.contains("/nonexistent/bin/pdftotext"), "{error}");
        let error = PdfToText::find(Some(Path::new("no-such-pdftotext-program"))).unwrap_err();
        assert!(error.contains("not found on PATH"), "{error}");
    }
}
