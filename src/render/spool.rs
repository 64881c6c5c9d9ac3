//! Rendered text kept until the end of a run, in bounded memory.
//!
//! Some formats cannot write a file's findings when they get them: the human format prints the
//! warnings after every error, and JUnit, SARIF and HTML open with totals of the whole run. What
//! they render is kept in a [`Spool`]: in memory up to [`IN_MEMORY`] bytes, then in a temporary
//! file (removed at once where the system allows, else when the spool is dropped), so memory
//! does not grow with the number of files. Without a usable temporary directory the spool stays
//! in memory: a run is never lost for want of one.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How much a spool keeps in memory before it moves to a temporary file.
pub(crate) const IN_MEMORY: usize = 4 << 20;

/// Bytes appended in order and read back once, in order.
#[derive(Debug, Default)]
pub(crate) struct Spool {
    memory: Vec<u8>,
    file: Option<(File, Option<PathBuf>)>,
    /// The temporary file could not be made: everything stays in memory.
    no_file: bool,
    limit: Option<usize>,
}

impl Spool {
    /// A spool that moves to a file past `limit` bytes (tests use a small one).
    #[cfg(test)]
    pub(crate) fn with_limit(limit: usize) -> Spool {
        let mut spool = Spool::default();
        spool.limit = Some(limit);
        spool
    }

    /// Whether the spool has moved to a temporary file.
    #[cfg(test)]
    pub(crate) fn on_disk(&self) -> bool {
        self.file.is_some()
    }

    /// Append `bytes`. A temporary file that cannot be written is an error (a full disk).
    pub(crate) fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        if let Some((file, _)) = &mut self.file {
            return file.write_all(bytes);
        }
        self.memory.extend_from_slice(bytes);
        if self.memory.len() > self.limit.unwrap_or(IN_MEMORY) && !self.no_file {
            match temporary_file() {
                Some((mut file, path)) => {
                    file.write_all(&self.memory)?;
                    self.memory = Vec::new();
                    self.file = Some((file, path));
                }
                None => self.no_file = true,
            }
        }
        Ok(())
    }

    /// Everything appended, from the start.
    pub(crate) fn reader(&mut self) -> io::Result<Box<dyn Read + '_>> {
        match &mut self.file {
            Some((file, _)) => {
                file.flush()?;
                file.seek(SeekFrom::Start(0))?;
                Ok(Box::new(BufReader::with_capacity(64 * 1024, file)))
            }
            None => Ok(Box::new(self.memory.as_slice())),
        }
    }

    /// Copy everything appended to `out`.
    pub(crate) fn copy_to(&mut self, out: &mut (impl Write + ?Sized)) -> io::Result<()> {
        let mut reader = self.reader()?;
        let mut buffer = vec![0; 64 * 1024];
        loop {
            let n = match reader.read(&mut buffer) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            out.write_all(&buffer[..n])?;
        }
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        if let Some((file, Some(path))) = self.file.take() {
            drop(file);
            // Best effort: a temporary file left behind is harmless.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A new temporary file, open for reading and writing, and its path when it could not be
/// removed while open (it is then removed on drop).
fn temporary_file() -> Option<(File, Option<PathBuf>)> {
    static SPOOLS: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir();
    for _ in 0..4 {
        let path = dir.join(format!(
            "budlint-{}-{}.spool",
            std::process::id(),
            SPOOLS.fetch_add(1, Ordering::Relaxed)
        ));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path);
        if let Ok(file) = file {
            // Unix lets an open file lose its name: nothing is left behind even on a kill.
            let kept = std::fs::remove_file(&path).is_err().then_some(path);
            return Some((file, kept));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spool_past_its_limit_moves_to_a_file_and_reads_back_in_order() {
        let mut spool = Spool::with_limit(10);
        spool.append("合计 529.12\n".as_bytes()).unwrap();
        assert!(spool.on_disk(), "14 bytes are past a 10-byte limit");
        spool.append(b"second\n").unwrap();
        let mut out = Vec::new();
        spool.copy_to(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "合计 529.12\nsecond\n");
    }

    #[test]
    fn a_small_spool_stays_in_memory() {
        let mut spool = Spool::default();
        spool.append(b"one").unwrap();
        assert!(!spool.on_disk());
        let mut text = String::new();
        spool.reader().unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "one");
    }
}
