//! `--sandbox`: every file a build reads because a source named it stays
//! inside the folders the build was given.
//!
//! A service that builds other people's Markdown must not publish whatever
//! its machine can read: `![x](/etc/ssl/private/key.png)`, `../../secret.png`,
//! or a symlink in the source's folder that leads out. The test is made on
//! the path with every symlink and `..` resolved, so no spelling gets round it.

use std::path::{Path, PathBuf};

/// The folders a sandboxed build may read from (the source's, and the
/// manifest's when there is one), each with its symlinks resolved.
#[derive(Debug, Clone, Default)]
pub struct Sandbox {
    roots: Vec<PathBuf>,
}

impl Sandbox {
    /// A sandbox holding `folders`; an empty path is the current folder. A
    /// folder that cannot be resolved admits nothing.
    pub fn new<'a>(folders: impl IntoIterator<Item = &'a Path>) -> Sandbox {
        let roots = folders
            .into_iter()
            .map(|folder| {
                if folder.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    folder
                }
            })
            .filter_map(|folder| folder.canonicalize().ok())
            .collect();
        Sandbox { roots }
    }

    /// `Ok` when `path` lies inside one of the folders once resolved, or does
    /// not exist (reading it will fail and say so); otherwise where it leads.
    pub fn admits(&self, path: &Path) -> Result<(), PathBuf> {
        match path.canonicalize() {
            Ok(real) if self.roots.iter().any(|root| real.starts_with(root)) => Ok(()),
            Ok(real) => Err(real),
            Err(_) => Ok(()),
        }
    }
}

/// Whether `path` may be read under `sandbox` (always, without one); the
/// error is a sentence ending that says why not, for a warning.
pub fn check(sandbox: Option<&Sandbox>, path: &Path) -> Result<(), String> {
    match sandbox.map(|s| s.admits(path)) {
        Some(Err(real)) if real != path => Err(format!(
            "leads outside the source's folder (to {}), which --sandbox does not read",
            real.display()
        )),
        Some(Err(_)) => {
            Err("lies outside the source's folder, which --sandbox does not read".into())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_pass_and_climbing_out_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("essays");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(inner.join("a.png"), b"x").unwrap();
        std::fs::write(dir.path().join("outside.png"), b"x").unwrap();
        let sandbox = Sandbox::new([inner.as_path()]);
        assert!(sandbox.admits(&inner.join("a.png")).is_ok());
        assert!(sandbox.admits(&inner.join("../outside.png")).is_err());
        assert!(sandbox.admits(&dir.path().join("outside.png")).is_err());
        // Missing files are left to the reader, which reports them as missing.
        assert!(sandbox.admits(&inner.join("none.png")).is_ok());
    }
}
