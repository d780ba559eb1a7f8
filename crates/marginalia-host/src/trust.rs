//! Which plugin libraries the host agrees to open: the lock file and the permission check.
//!
//! A plugin is native code: opening its library runs code with the user's rights. Two checks
//! run on every library before it is opened (`dlopen`), in [`Trust::admit`]:
//!
//! - **Permissions** (Unix; skipped elsewhere): the library file, and the directory holding
//!   it, must be owned by the current user or root and not writable by group or others
//!   (`mode & 0o022 == 0`). Otherwise someone else could swap the code the user runs. A
//!   library reached through a symbolic link is checked at both ends.
//! - **The lock file**, `marginalia.lock` beside the config file, when it exists: it pins each
//!   plugin of the pipeline to the SHA-256 of the library file that was reviewed and locked
//!   (`marginalia plugins lock`). A library whose hash differs, or a plugin the lock does not
//!   name, is refused. With `locked` set (`--locked`, or `locked = true` in the config), a
//!   missing lock file is an error too, so that a CI run never loads unpinned code.
//!
//! A library is accepted by its content, wherever the search path finds it; the `path` a lock
//! entry records is where the build was when it was locked, for messages.
//!
//! The library is hashed, then opened by path. Between the two, only its owner (or root) could
//! replace it, which the permission check guarantees; they can run code as the user anyway.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::pipeline::{PipelineError, open_plugin};

/// The lock file's name; it lives in the config file's directory.
pub const LOCK_FILE_NAME: &str = "marginalia.lock";

/// The version of the lock file format this host reads and writes.
pub const LOCK_FORMAT_VERSION: u32 = 1;

/// The lock file that goes with the config file at `config_path`: `marginalia.lock` in the
/// same directory.
pub fn lock_path(config_path: &Path) -> PathBuf {
    config_path
        .parent()
        .unwrap_or(Path::new(""))
        .join(LOCK_FILE_NAME)
}

/// The lock file for `config`'s pipeline, as `marginalia plugins lock` writes it: each plugin
/// found (`extra_dirs` first, then the config's `plugin_dirs`), permission-checked, hashed and
/// then opened to read its manifest, in pipeline order. An existing lock file is not consulted.
pub fn lock(config: &Config, extra_dirs: &[PathBuf]) -> Result<LockFile, PipelineError> {
    let dirs: Vec<PathBuf> = extra_dirs
        .iter()
        .chain(&config.plugin_dirs)
        .cloned()
        .collect();
    let lock_file = lock_path(&config.path);
    let lock_dir = lock_file.parent().unwrap_or(Path::new(""));
    let trust = Trust::for_locking();
    let mut plugins = Vec::with_capacity(config.pipeline.len());
    for entry in &config.pipeline {
        let (library, sha256) = open_plugin(entry, &dirs, &trust)?;
        let sha256 = sha256.expect("Trust::for_locking hashes every library it admits");
        plugins.push(lock_entry(
            &entry.name,
            &library.manifest().version,
            library.abi_version(),
            library.path(),
            sha256,
            lock_dir,
        ));
    }
    Ok(LockFile::new(plugins))
}

/// A library the host refuses to open, or a lock file it cannot read or write. Every variant
/// names the file concerned and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    /// The lock file exists but could not be read.
    #[error("cannot read lock file {}: {source}", path.display())]
    ReadLock {
        /// The lock file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The lock file is not a valid lock file.
    #[error("{}: invalid lock file: {message}; regenerate it with `marginalia plugins lock`", path.display())]
    InvalidLock {
        /// The lock file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A lock is required (`--locked` or `locked = true`) and there is none.
    #[error("lock file {} does not exist, and --locked (or `locked = true` in {}) requires one: review the plugin builds, then run `marginalia plugins lock` and commit the lock file", path.display(), config.display())]
    MissingLock {
        /// The lock file expected.
        path: PathBuf,
        /// The config file it goes with.
        config: PathBuf,
    },
    /// The lock file does not name a plugin of the pipeline.
    #[error("plugin `{plugin}` ({}) is not pinned in lock file {}: review that build, then run `marginalia plugins lock` to pin it", library.display(), lock.display())]
    NotPinned {
        /// The lock file.
        lock: PathBuf,
        /// The plugin.
        plugin: String,
        /// The library found for it.
        library: PathBuf,
    },
    /// The library is not the build the lock file pins.
    #[error("plugin `{plugin}`: library {} has SHA-256 {actual}, but lock file {} pins {expected}{}; the library changed since it was locked: review the new build, then run `marginalia plugins lock`", library.display(), lock.display(), locked_at(locked_path, library))]
    HashMismatch {
        /// The lock file.
        lock: PathBuf,
        /// The plugin.
        plugin: String,
        /// The library found for it.
        library: PathBuf,
        /// Where the locked build was (as the lock file records it).
        locked_path: PathBuf,
        /// The hash the lock file pins.
        expected: String,
        /// The library's hash.
        actual: String,
    },
    /// A library or its directory could not be inspected or read.
    #[error("cannot check plugin library {}: {source}", path.display())]
    Inspect {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A library, or the directory holding it, is writable by group or others.
    #[error("{} is writable by group or others (mode {mode:04o}), so someone else could replace the plugin code marginalia runs as you; run `chmod go-w {}` if that is not intended, then try again", describe(what, path, library), path.display())]
    Writable {
        /// The file or directory.
        path: PathBuf,
        /// Whether `path` is the library or its directory.
        what: Checked,
        /// The library concerned.
        library: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A library, or the directory holding it, belongs to another user.
    #[error(
        "{} is owned by user id {owner}, not by you (user id {you}) or root, so its owner could replace the plugin code marginalia runs as you; copy the plugin into a directory of your own, or have it owned by you or root",
        describe(what, path, library)
    )]
    Owner {
        /// The file or directory.
        path: PathBuf,
        /// Whether `path` is the library or its directory.
        what: Checked,
        /// The library concerned.
        library: PathBuf,
        /// Its owner.
        owner: u32,
        /// The current (effective) user.
        you: u32,
    },
    /// The lock file could not be written.
    #[error("cannot write lock file {}: {source}", path.display())]
    WriteLock {
        /// The lock file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// What the permission check looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    /// The library file.
    Library,
    /// The directory holding it.
    Directory,
}

fn describe(what: &Checked, path: &Path, library: &Path) -> String {
    match what {
        Checked::Library => format!("plugin library {}", path.display()),
        Checked::Directory => format!(
            "directory {} (holding plugin library {})",
            path.display(),
            library.display()
        ),
    }
}

fn locked_at(locked_path: &Path, library: &Path) -> String {
    if locked_path == library || library.ends_with(locked_path) {
        String::new()
    } else {
        format!(" (locked at {})", locked_path.display())
    }
}

/// The content of a lock file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockFile {
    /// The format version ([`LOCK_FORMAT_VERSION`]).
    pub version: u32,
    /// One entry per plugin of the config's pipeline, in pipeline order.
    #[serde(rename = "plugin", default)]
    pub plugins: Vec<LockedPlugin>,
}

/// One pinned plugin build.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedPlugin {
    /// The plugin's name.
    pub name: String,
    /// Its manifest version.
    pub version: String,
    /// The plugin ABI version of the library.
    pub abi_version: u32,
    /// Where the library was when it was locked: relative to the lock file's directory when
    /// inside it, else absolute. For messages only; a library is accepted by its hash.
    pub path: PathBuf,
    /// The SHA-256 of the library file, in lowercase hex.
    pub sha256: String,
}

impl LockFile {
    /// A lock file of `plugins`, in the current format.
    pub fn new(plugins: Vec<LockedPlugin>) -> LockFile {
        LockFile {
            version: LOCK_FORMAT_VERSION,
            plugins,
        }
    }

    /// Reads the lock file at `path`; `None` when it does not exist.
    pub fn read(path: &Path) -> Result<Option<LockFile>, TrustError> {
        match fs::read_to_string(path) {
            Ok(text) => LockFile::parse(&text, path).map(Some),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(TrustError::ReadLock {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// Parses and checks lock file text read from `path` (named in errors).
    pub fn parse(text: &str, path: &Path) -> Result<LockFile, TrustError> {
        let invalid = |message: String| TrustError::InvalidLock {
            path: path.to_owned(),
            message,
        };
        let lock: LockFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| {
                let at = crate::config::location(text, path, s.start);
                format!("line {}, column {}: ", at.line, at.column)
            });
            invalid(format!(
                "{}{}",
                at.unwrap_or_default(),
                marginalia_core::Config::describe_toml_error(text, &e)
            ))
        })?;
        if lock.version != LOCK_FORMAT_VERSION {
            return Err(invalid(format!(
                "format version {} (this marginalia reads version {LOCK_FORMAT_VERSION}; if it was written by a newer marginalia, upgrade)",
                lock.version
            )));
        }
        for (i, entry) in lock.plugins.iter().enumerate() {
            if lock.plugins[..i].iter().any(|e| e.name == entry.name) {
                return Err(invalid(format!("plugin `{}` is pinned twice", entry.name)));
            }
            let hex = entry.sha256.len() == 64
                && entry
                    .sha256
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !hex {
                return Err(invalid(format!(
                    "plugin `{}`: `{}` is not a SHA-256 in lowercase hex",
                    entry.name, entry.sha256
                )));
            }
        }
        Ok(lock)
    }

    /// The entry of plugin `name`.
    pub fn get(&self, name: &str) -> Option<&LockedPlugin> {
        self.plugins.iter().find(|p| p.name == name)
    }

    /// The file's text: a header saying it is generated (naming `config_name`, the config file
    /// it goes with), then the entries as TOML.
    pub fn to_toml(&self, config_name: &str) -> String {
        let body = toml::to_string(self).unwrap_or_else(|e| {
            // Only strings, integers and UTF-8 paths are serialized.
            unreachable!("a lock file always serializes: {e}")
        });
        format!(
            "# Generated by `marginalia plugins lock`; do not edit by hand.\n\
             # Pins the exact plugin builds (by SHA-256) that the pipeline of {config_name} may load.\n\
             # After reviewing a new build of a plugin, run `marginalia plugins lock` again.\n\n{body}"
        )
    }

    /// Writes the file at `path` atomically (a temporary file in the same directory, renamed
    /// over it), keeping an existing file's permissions; a new file is readable by all.
    pub fn write(&self, path: &Path, config_name: &str) -> Result<(), TrustError> {
        let error = |source| TrustError::WriteLock {
            path: path.to_owned(),
            source,
        };
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut file = tempfile::NamedTempFile::new_in(dir).map_err(error)?;
        io::Write::write_all(&mut file, self.to_toml(config_name).as_bytes()).map_err(error)?;
        file.as_file().sync_all().map_err(error)?;
        let permissions = match fs::metadata(path) {
            Ok(meta) => Some(meta.permissions()),
            Err(_) => new_file_permissions(),
        };
        if let Some(permissions) = permissions {
            file.as_file().set_permissions(permissions).map_err(error)?;
        }
        file.persist(path).map_err(|e| error(e.error))?;
        Ok(())
    }
}

#[cfg(unix)]
fn new_file_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<fs::Permissions> {
    None
}

/// The SHA-256 of the file at `path`, in lowercase hex.
pub fn sha256_file(path: &Path) -> Result<String, TrustError> {
    let error = |source| TrustError::Inspect {
        path: path.to_owned(),
        source,
    };
    let mut file = fs::File::open(path).map_err(error)?;
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher).map_err(error)?;
    let mut hex = String::with_capacity(64);
    for byte in hasher.finalize() {
        let _ = write!(hex, "{byte:02x}");
    }
    Ok(hex)
}

/// A lock entry for the library at `library` (hashed as `sha256`), its path recorded relative
/// to `lock_dir` when inside it, else absolute.
pub fn lock_entry(
    name: &str,
    version: &str,
    abi_version: u32,
    library: &Path,
    sha256: String,
    lock_dir: &Path,
) -> LockedPlugin {
    let library = resolved(library);
    let dir = resolved_dir(lock_dir);
    let path = library
        .strip_prefix(&dir)
        .map(Path::to_owned)
        .unwrap_or(library);
    LockedPlugin {
        name: name.to_owned(),
        version: version.to_owned(),
        abi_version,
        path,
        sha256,
    }
}

/// `dir` made absolute, with symbolic links and `..` resolved when it exists.
fn resolved_dir(dir: &Path) -> PathBuf {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_owned())
}

/// `file` with its directory resolved (see [`resolved_dir`]); the file name is kept, so that a
/// library reached through a link is recorded under the name it was found by.
fn resolved(file: &Path) -> PathBuf {
    match (file.parent(), file.file_name()) {
        (Some(dir), Some(name)) => resolved_dir(dir).join(name),
        _ => file.to_owned(),
    }
}

/// Whether `mode` (with owner `owner`) is safe for a library or directory checked for user
/// `you`: not writable by group or others, and owned by `you` or root.
fn judge(
    path: &Path,
    what: Checked,
    library: &Path,
    mode: u32,
    owner: u32,
    you: u32,
) -> Result<(), TrustError> {
    if mode & 0o022 != 0 {
        return Err(TrustError::Writable {
            path: path.to_owned(),
            what,
            library: library.to_owned(),
            mode: mode & 0o7777,
        });
    }
    if owner != you && owner != 0 {
        return Err(TrustError::Owner {
            path: path.to_owned(),
            what,
            library: library.to_owned(),
            owner,
            you,
        });
    }
    Ok(())
}

/// Refuses a library that someone other than the current user (or root) could replace: the
/// file, or the directory holding it (at both ends of a symbolic link), writable by group or
/// others or owned by another user. Unix only; elsewhere nothing is checked.
#[cfg(unix)]
pub fn check_permissions(library: &Path) -> Result<(), TrustError> {
    use std::os::unix::fs::MetadataExt;

    let you = rustix::process::geteuid().as_raw();
    let inspect = |path: &Path| {
        fs::metadata(path).map_err(|source| TrustError::Inspect {
            path: path.to_owned(),
            source,
        })
    };
    let parent = |path: &Path| match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut checked = vec![
        (library.to_owned(), Checked::Library),
        (parent(library), Checked::Directory),
    ];
    let linked = fs::symlink_metadata(library).is_ok_and(|m| m.file_type().is_symlink());
    if linked {
        let target = fs::canonicalize(library).map_err(|source| TrustError::Inspect {
            path: library.to_owned(),
            source,
        })?;
        checked.push((parent(&target), Checked::Directory));
    }
    for (path, what) in checked {
        let meta = inspect(&path)?;
        judge(&path, what, library, meta.mode(), meta.uid(), you)?;
    }
    Ok(())
}

/// Refuses a library that someone else could replace; on this platform, nothing is checked
/// (see the Unix version).
#[cfg(not(unix))]
pub fn check_permissions(_library: &Path) -> Result<(), TrustError> {
    Ok(())
}

/// What the host checks before opening a library: always the permissions, and the hash against
/// the lock file when there is one.
#[derive(Debug)]
pub struct Trust {
    /// The lock file and its content, when it exists.
    lock: Option<(PathBuf, LockFile)>,
    /// Whether to hash libraries even without a lock (to write one).
    always_hash: bool,
}

impl Trust {
    /// The checks for loading `config`'s pipeline: its lock file ([`lock_path`]) when it
    /// exists; a missing one is an error when `config.locked` is set.
    pub fn for_config(config: &Config) -> Result<Trust, TrustError> {
        Trust::with_lock_file(&lock_path(&config.path), config.locked, &config.path)
    }

    /// The checks with the lock file at `lock`, required or not; `config` is the config file
    /// it goes with (for the message when it is missing).
    pub fn with_lock_file(lock: &Path, required: bool, config: &Path) -> Result<Trust, TrustError> {
        match LockFile::read(lock)? {
            Some(content) => Ok(Trust {
                lock: Some((lock.to_owned(), content)),
                always_hash: false,
            }),
            None if required => Err(TrustError::MissingLock {
                path: lock.to_owned(),
                config: config.to_owned(),
            }),
            None => Ok(Trust {
                lock: None,
                always_hash: false,
            }),
        }
    }

    /// The checks for writing a lock file: permissions only, and every library hashed.
    pub fn for_locking() -> Trust {
        Trust {
            lock: None,
            always_hash: true,
        }
    }

    /// The lock file in force, if any.
    pub fn lock_file(&self) -> Option<&Path> {
        self.lock.as_ref().map(|(path, _)| path.as_path())
    }

    /// Checks the library found for plugin `plugin` at `library`, before it is opened: its
    /// permissions, then its hash against the lock file. Returns the hash when it was
    /// computed (there is a lock file, or this is [`Trust::for_locking`]).
    pub fn admit(&self, plugin: &str, library: &Path) -> Result<Option<String>, TrustError> {
        check_permissions(library)?;
        let Some((lock, content)) = &self.lock else {
            return if self.always_hash {
                sha256_file(library).map(Some)
            } else {
                Ok(None)
            };
        };
        let Some(pinned) = content.get(plugin) else {
            return Err(TrustError::NotPinned {
                lock: lock.clone(),
                plugin: plugin.to_owned(),
                library: library.to_owned(),
            });
        };
        let actual = sha256_file(library)?;
        if actual != pinned.sha256 {
            return Err(TrustError::HashMismatch {
                lock: lock.clone(),
                plugin: plugin.to_owned(),
                library: library.to_owned(),
                locked_path: pinned.path.clone(),
                expected: pinned.sha256.clone(),
                actual,
            });
        }
        tracing::debug!(plugin, library = %library.display(), lock = %lock.display(), "library matches the lock file");
        Ok(Some(actual))
    }
}

#[cfg(test)]
mod tests;
