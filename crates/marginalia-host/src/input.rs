//! Finding the documents to annotate and reading them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One document to annotate: its id and where its text is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The path relative to the directory argument it was found under, `/`-separated; for a
    /// file argument, its file name.
    pub id: String,
    /// The file.
    pub path: PathBuf,
}

/// An input argument that cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist or cannot be inspected.
    #[error("input {}: {source}", path.display())]
    Inaccessible {
        /// The argument.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Two inputs would get the same document id.
    #[error("inputs {} and {} both have document id `{id}`; annotate them in separate runs", first.display(), second.display())]
    DuplicateId {
        /// The id.
        id: String,
        /// One file.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
}

/// A document that could not be read; the run goes on without it.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// An I/O error, or an unreadable directory entry during the walk.
    #[error("cannot read {}: {message}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The file is not UTF-8.
    #[error("{} is not valid UTF-8: invalid byte sequence at byte offset {offset}; convert it to UTF-8 (e.g. `iconv -t UTF-8`)", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
}

/// What was found under the input arguments.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The documents, sorted by id.
    pub documents: Vec<Input>,
    /// Entries that could not be walked (unreadable directories, symlink loops).
    pub problems: Vec<ReadError>,
}

/// Finds the documents under `paths`: files as given, directories walked recursively for
/// `*.txt` files (following symlinks, reporting loops). Sorted by id, so output order does
/// not depend on the file system.
pub fn collect(paths: &[PathBuf]) -> Result<Inputs, InputError> {
    let mut by_id: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut add = |id: String, path: PathBuf| match by_id.get(&id) {
        Some(first) if first != &path => Err(InputError::DuplicateId {
            id,
            first: first.clone(),
            second: path,
        }),
        _ => {
            by_id.insert(id, path);
            Ok(())
        }
    };
    for root in paths {
        let meta = std::fs::metadata(root).map_err(|source| InputError::Inaccessible {
            path: root.clone(),
            source,
        })?;
        if !meta.is_dir() {
            let id = root.file_name().map_or_else(
                || root.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            add(id, root.clone())?;
            continue;
        }
        for entry in walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(entry) if entry.file_type().is_file() && is_txt(entry.path()) => {
                    add(relative_id(root, entry.path()), entry.path().to_owned())?;
                }
                Ok(_) => {}
                Err(error) => problems.push(ReadError::Io {
                    path: error.path().unwrap_or(root).to_owned(),
                    message: error.to_string(),
                }),
            }
        }
    }
    let documents = by_id
        .into_iter()
        .map(|(id, path)| Input { id, path })
        .collect();
    Ok(Inputs {
        documents,
        problems,
    })
}

/// Reads a document's text, refusing anything that is not UTF-8.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

fn is_txt(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "txt")
}

fn relative_id(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_directories_for_txt_files_sorted_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        for f in ["z.txt", "b/c/y.txt", "b/a.txt", "b/skip.md"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let inputs = collect(&[root.to_owned()]).unwrap();
        let ids: Vec<_> = inputs.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b/a.txt", "b/c/y.txt", "z.txt"]);
        assert!(inputs.problems.is_empty());
    }

    #[test]
    fn file_arguments_use_their_name_and_duplicates_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("x")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "1").unwrap();
        std::fs::write(dir.path().join("x/a.txt"), "2").unwrap();
        let one = collect(&[dir.path().join("a.txt")]).unwrap();
        assert_eq!(one.documents[0].id, "a.txt");
        let err = collect(&[dir.path().join("a.txt"), dir.path().join("x/a.txt")]).unwrap_err();
        assert!(
            err.to_string().contains("both have document id `a.txt`"),
            "{err}"
        );
    }

    #[test]
    fn missing_input_is_named() {
        let err = collect(&[PathBuf::from("/no/such/dir")]).unwrap_err();
        assert!(err.to_string().starts_with("input /no/such/dir: "), "{err}");
    }

    #[test]
    fn non_utf8_names_the_offset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, b"caf\xc3\xa9 ok \xff rest").unwrap();
        match read_text(&path).unwrap_err() {
            ReadError::NotUtf8 { offset, .. } => assert_eq!(offset, 9),
            other => panic!("unexpected {other}"),
        }
    }
}
