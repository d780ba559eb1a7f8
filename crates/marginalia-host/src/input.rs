//! Where documents come from: directory walks and JSON Lines ([`jsonl`]), both streamed.
//!
//! Neither source holds the corpus in memory: a walk yields paths as it finds them (the text
//! is read later, by a worker, with [`read_text`]), and a JSON Lines reader yields one line at
//! a time.
//!
//! An input that cannot become a document (a file that cannot be read or is not UTF-8, a
//! symlink loop, a bad JSON line) becomes an [`Item::Failed`] naming it and saying what to
//! do; the run goes on with the others.

use std::collections::HashSet;
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

mod jsonl;

pub use jsonl::{jsonl, jsonl_inputs, jsonl_named};

/// One document to annotate, or an input that could not become one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A text file, not yet read.
    File {
        /// The path relative to the directory argument it was found under, `/`-separated;
        /// for a file argument, its file name.
        id: String,
        /// The file.
        path: PathBuf,
    },
    /// A document given inline (JSON Lines input).
    Text {
        /// Its id.
        id: String,
        /// Its text.
        text: String,
    },
    /// An input that cannot be annotated: it gets an output record with this error.
    Failed {
        /// The id, or the best name for the input (a path, `line 12`).
        id: String,
        /// What is wrong and, where it helps, what to do.
        message: String,
    },
}

impl Item {
    /// The id the output record will carry.
    pub fn id(&self) -> &str {
        match self {
            Item::File { id, .. } | Item::Text { id, .. } | Item::Failed { id, .. } => id,
        }
    }
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
    /// An `--include` or `--exclude` pattern is not a valid glob.
    #[error("invalid glob `{glob}`: {reason}")]
    Glob {
        /// The pattern.
        glob: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Which files of a directory walk are documents.
///
/// A glob without `/` matches a file's name (`*.txt`, `draft-*`); one with `/` matches its id,
/// the path relative to the directory argument (`reuters/**/*.txt`). A file is a document when
/// an include glob matches it and no exclude glob does. File arguments are always documents.
#[derive(Clone, Debug)]
pub struct Filter {
    include: [globset::GlobSet; 2],
    exclude: [globset::GlobSet; 2],
}

impl Default for Filter {
    /// `*.txt` files.
    fn default() -> Self {
        Filter::new(&["*.txt".to_owned()], &[]).expect("the default glob is valid")
    }
}

impl Filter {
    /// A filter from include globs (none: `*.txt`) and exclude globs.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Filter, InputError> {
        let default = ["*.txt".to_owned()];
        let include = if include.is_empty() {
            &default[..]
        } else {
            include
        };
        Ok(Filter {
            include: glob_sets(include)?,
            exclude: glob_sets(exclude)?,
        })
    }

    /// Whether the file with this id (and file name) is a document.
    pub fn accepts(&self, id: &str, file_name: &str) -> bool {
        let matches = |[by_name, by_id]: &[globset::GlobSet; 2]| {
            by_name.is_match(file_name) || by_id.is_match(id)
        };
        matches(&self.include) && !matches(&self.exclude)
    }
}

/// Two sets: the globs matched against file names, and those matched against ids.
fn glob_sets(globs: &[String]) -> Result<[globset::GlobSet; 2], InputError> {
    let mut by_name = globset::GlobSetBuilder::new();
    let mut by_id = globset::GlobSetBuilder::new();
    for glob in globs {
        let compiled = globset::GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
            .map_err(|e| InputError::Glob {
                glob: glob.clone(),
                reason: e.kind().to_string(),
            })?;
        if glob.contains('/') {
            by_id.add(compiled)
        } else {
            by_name.add(compiled)
        };
    }
    let build = |builder: globset::GlobSetBuilder| {
        builder.build().map_err(|e| InputError::Glob {
            glob: globs.join(" "),
            reason: e.to_string(),
        })
    };
    Ok([build(by_name)?, build(by_id)?])
}

/// A document that could not be read; the run goes on without it. Each message names the
/// file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// An I/O error.
    #[error("cannot read {}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why, and what to do when there is something to say.
        message: String,
    },
    /// The file was found by the walk (or given), then removed before it was read.
    #[error("{} no longer exists: it was removed after the run found it", path.display())]
    Vanished {
        /// The file.
        path: PathBuf,
    },
    /// The file starts with a UTF-16 or UTF-32 byte order mark.
    #[error("{} looks like {encoding} (it starts with a {encoding} byte order mark), not UTF-8; convert it to UTF-8 (e.g. `iconv -f {family} -t UTF-8 {} > converted.txt`)", path.display(), path.display())]
    WideEncoding {
        /// The file.
        path: PathBuf,
        /// `UTF-16LE`, `UTF-16BE`, `UTF-32LE` or `UTF-32BE`.
        encoding: &'static str,
        /// `UTF-16` or `UTF-32`, as iconv names the encoding that reads the mark.
        family: &'static str,
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

/// The `*.txt` documents under `paths`: [`walk_filtered`] with the default [`Filter`].
pub fn walk(paths: &[PathBuf]) -> Result<impl Iterator<Item = Item> + Send + use<>, InputError> {
    walk_filtered(paths, &Filter::default())
}

/// The documents under `paths`, in a deterministic order: arguments in the order given; a
/// file argument as itself; a directory walked recursively (following symlinks) for the files
/// `filter` accepts, in the byte order of their ids. Entries that cannot be walked
/// (unreadable directories, symlink loops) and ids seen twice (possible only with several
/// arguments) come out as [`Item::Failed`]. Every argument must exist.
pub fn walk_filtered(
    paths: &[PathBuf],
    filter: &Filter,
) -> Result<impl Iterator<Item = Item> + Send + use<>, InputError> {
    let mut roots = Vec::with_capacity(paths.len());
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| InputError::Inaccessible {
            path: path.clone(),
            source,
        })?;
        roots.push((path.clone(), meta.is_dir()));
    }
    let check_duplicates = roots.len() > 1;
    let mut seen: HashSet<String> = HashSet::new();
    let filter = filter.clone();
    let items = roots
        .into_iter()
        .flat_map(move |(root, is_dir)| walk_one(root, is_dir, filter.clone()));
    Ok(items.map(move |item| match item {
        Item::File { id, path } if check_duplicates && !seen.insert(id.clone()) => Item::Failed {
            message: format!(
                "{} has the document id `{id}` of an earlier input; annotate them in separate runs",
                path.display()
            ),
            id,
        },
        other => other,
    }))
}

fn walk_one(root: PathBuf, is_dir: bool, filter: Filter) -> Box<dyn Iterator<Item = Item> + Send> {
    if !is_dir {
        let id = root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        return Box::new(std::iter::once(Item::File { id, path: root }));
    }
    let walker = walkdir::WalkDir::new(&root)
        .follow_links(true)
        .sort_by_key(id_order_key);
    Box::new(walker.into_iter().filter_map(move |entry| match entry {
        Ok(entry) if entry.file_type().is_file() => {
            let id = relative_id(&root, entry.path());
            let name = entry.file_name().to_string_lossy();
            filter.accepts(&id, &name).then(|| Item::File {
                id,
                path: entry.into_path(),
            })
        }
        Ok(_) => None,
        Err(error) => Some(walk_failure(&root, &error)),
    }))
}

/// The failed item for an entry the walk cannot follow: its id is the one a document at that
/// path would have.
fn walk_failure(root: &Path, error: &walkdir::Error) -> Item {
    let path = error.path().unwrap_or(root);
    let message = match (error.loop_ancestor(), error.io_error()) {
        (Some(ancestor), _) => format!(
            "{} is a symbolic link to {}, a directory that contains it: following it would loop forever, so it is skipped; remove the link, or move it out of the input directory",
            path.display(),
            ancestor.display()
        ),
        (None, Some(io)) => format!("cannot read {}: {}", path.display(), with_advice(io)),
        (None, None) => format!("cannot read {}: {error}", path.display()),
    };
    Item::Failed {
        id: relative_id(root, path),
        message,
    }
}

/// An I/O error's message, with what to do for the kinds where there is something to say.
fn with_advice(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::PermissionDenied => {
            format!("{error}; make it readable (chmod), or leave it out with --exclude")
        }
        io::ErrorKind::NotFound => {
            format!("{error}; it is a broken symbolic link, or it was removed during the run")
        }
        _ => error.to_string(),
    }
}

/// Sorting siblings by this key makes the depth-first walk yield ids in byte order: a
/// directory sorts as its name followed by `/`, as every id under it starts that way.
fn id_order_key(entry: &walkdir::DirEntry) -> OsString {
    let mut key = entry.file_name().to_owned();
    if entry.file_type().is_dir() {
        key.push("/");
    }
    key
}

/// Reads a document's text: the file's bytes exactly, which must be UTF-8.
///
/// Nothing is changed, so that offsets into the text are offsets into the file: a UTF-8
/// byte order mark stays (as U+FEFF, bytes 0..3), `\r\n` and lone `\r` line ends stay, NUL
/// and other control characters stay. Invalid UTF-8 is never replaced (that would shift
/// every later offset): it is [`ReadError::NotUtf8`] with the offset of the first bad byte. A
/// file that starts with a UTF-16 or UTF-32 byte order mark is [`ReadError::WideEncoding`],
/// which says how to convert it; it is not decoded, because offsets into a converted text
/// would not be offsets into the file. A file that was removed after it was found is
/// [`ReadError::Vanished`].
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::Vanished {
            path: path.to_owned(),
        },
        _ => ReadError::Io {
            path: path.to_owned(),
            message: with_advice(&e),
        },
    })?;
    if let Some((encoding, family)) = wide_encoding(&bytes) {
        return Err(ReadError::WideEncoding {
            path: path.to_owned(),
            encoding,
            family,
        });
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// The encoding whose byte order mark `bytes` starts with, among UTF-16 and UTF-32 (the UTF-32
/// marks are checked first: `FF FE 00 00` also starts like UTF-16LE's).
fn wide_encoding(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    const MARKS: [(&[u8], &str, &str); 4] = [
        (b"\xFF\xFE\x00\x00", "UTF-32LE", "UTF-32"),
        (b"\x00\x00\xFE\xFF", "UTF-32BE", "UTF-32"),
        (b"\xFF\xFE", "UTF-16LE", "UTF-16"),
        (b"\xFE\xFF", "UTF-16BE", "UTF-16"),
    ];
    MARKS
        .iter()
        .find(|(mark, ..)| bytes.starts_with(mark))
        .map(|&(_, encoding, family)| (encoding, family))
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

    fn ids(items: impl Iterator<Item = Item>) -> Vec<String> {
        items.map(|i| i.id().to_owned()).collect()
    }

    #[test]
    fn walks_directories_for_txt_files_in_id_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        std::fs::create_dir_all(root.join("a")).unwrap();
        for f in [
            "z.txt",
            "b/c/y.txt",
            "b/a.txt",
            "b/skip.md",
            "a.txt",
            "a/x.txt",
            "b.txt",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let found = ids(walk(&[root.to_owned()]).unwrap());
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(
            found,
            ["a.txt", "a/x.txt", "b.txt", "b/a.txt", "b/c/y.txt", "z.txt"]
        );
        assert_eq!(found, sorted, "walk order is the byte order of ids");
    }

    #[test]
    fn file_arguments_use_their_name_and_duplicates_fail_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("x")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "1").unwrap();
        std::fs::write(dir.path().join("x/a.txt"), "2").unwrap();
        let items: Vec<Item> = walk(&[dir.path().join("a.txt"), dir.path().join("x/a.txt")])
            .unwrap()
            .collect();
        assert!(matches!(&items[0], Item::File { id, .. } if id == "a.txt"));
        match &items[1] {
            Item::Failed { id, message } => {
                assert_eq!(id, "a.txt");
                assert!(message.ends_with("has the document id `a.txt` of an earlier input; annotate them in separate runs"), "{message}");
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn include_and_exclude_globs_select_documents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("news/drafts")).unwrap();
        for f in [
            "a.txt",
            "b.md",
            "news/c.txt",
            "news/drafts/d.txt",
            "news/e.text",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let select = |include: &[&str], exclude: &[&str]| {
            let owned = |globs: &[&str]| globs.iter().map(|g| g.to_string()).collect::<Vec<_>>();
            let filter = Filter::new(&owned(include), &owned(exclude)).unwrap();
            ids(walk_filtered(&[root.to_owned()], &filter).unwrap())
        };
        assert_eq!(
            select(&[], &[]),
            ["a.txt", "news/c.txt", "news/drafts/d.txt"]
        );
        assert_eq!(
            select(&["*.txt", "*.text"], &["news/drafts/**"]),
            ["a.txt", "news/c.txt", "news/e.text"]
        );
        assert_eq!(
            select(&["news/*.txt"], &[]),
            ["news/c.txt"],
            "a glob with / matches the id, * stops at /"
        );
        assert_eq!(select(&[], &["d.*"]), ["a.txt", "news/c.txt"]);
        let err = Filter::new(&["[".to_owned()], &[]).unwrap_err();
        assert!(err.to_string().starts_with("invalid glob `[`: "), "{err}");
    }

    #[test]
    fn missing_input_is_named() {
        let err = walk(&[PathBuf::from("/no/such/dir")]).err().unwrap();
        assert!(err.to_string().starts_with("input /no/such/dir: "), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/ok.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("d"), dir.path().join("d/loop")).unwrap();
        let items: Vec<Item> = walk(&[dir.path().to_owned()]).unwrap().collect();
        assert_eq!(ids(items.iter().cloned()), ["d/loop", "d/ok.txt"]);
        match &items[0] {
            Item::Failed { message, .. } => assert_eq!(
                message,
                &format!(
                    "{} is a symbolic link to {}, a directory that contains it: following it would loop forever, so it is skipped; remove the link, or move it out of the input directory",
                    dir.path().join("d/loop").display(),
                    dir.path().join("d").display()
                )
            ),
            other => panic!("expected a failure, got {other:?}"),
        }
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

    #[test]
    fn text_is_the_files_bytes_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let text = "\u{feff}Line one\r\nline two\rNUL\0 end";
        std::fs::write(&path, text).unwrap();
        assert_eq!(read_text(&path).unwrap(), text);
    }

    #[test]
    fn wide_encodings_are_named_with_how_to_convert() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wide.txt");
        for (bytes, encoding, family) in [
            (&b"\xFF\xFEa\x00"[..], "UTF-16LE", "UTF-16"),
            (b"\xFE\xFF\x00a", "UTF-16BE", "UTF-16"),
            (b"\xFF\xFE\x00\x00a\x00\x00\x00", "UTF-32LE", "UTF-32"),
            (b"\x00\x00\xFE\xFF\x00\x00\x00a", "UTF-32BE", "UTF-32"),
        ] {
            std::fs::write(&path, bytes).unwrap();
            let shown = path.display();
            assert_eq!(
                read_text(&path).unwrap_err().to_string(),
                format!(
                    "{shown} looks like {encoding} (it starts with a {encoding} byte order mark), not UTF-8; convert it to UTF-8 (e.g. `iconv -f {family} -t UTF-8 {shown} > converted.txt`)"
                )
            );
        }
    }

    #[test]
    fn a_file_removed_after_it_was_found_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.txt");
        std::fs::write(&path, "x").unwrap();
        let items: Vec<Item> = walk(&[dir.path().to_owned()]).unwrap().collect();
        std::fs::remove_file(&path).unwrap();
        let Item::File { path: found, .. } = &items[0] else {
            panic!("expected a file, got {items:?}");
        };
        assert_eq!(
            read_text(found).unwrap_err().to_string(),
            format!(
                "{} no longer exists: it was removed after the run found it",
                path.display()
            )
        );
    }
}
