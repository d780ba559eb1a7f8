//! Where documents come from: directory walks and JSON Lines, both streamed.
//!
//! Neither source holds the corpus in memory: a walk yields paths as it finds them (the text
//! is read later, by a worker), and a JSON Lines reader yields one line at a time.

use std::collections::HashSet;
use std::ffi::OsString;
use std::io::BufRead;
use std::path::{Path, PathBuf};

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

/// A document that could not be read; the run goes on without it.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// An I/O error.
    #[error("cannot read {}: {message}", path.display())]
    Io {
        /// The file.
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
        Err(error) => {
            let path = error.path().unwrap_or(&root).to_owned();
            Some(Item::Failed {
                id: path.display().to_string(),
                message: format!("cannot read {}: {error}", path.display()),
            })
        }
    }))
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

/// Documents from JSON Lines: one `{"id": "...", "text": "..."}` object per line (other keys
/// are ignored; blank lines are skipped). A line that is not such an object comes out as
/// [`Item::Failed`] with id `line N` (or its `id`, when it has one), so that every input
/// line has exactly one output record.
pub fn jsonl(reader: impl BufRead + Send + 'static) -> impl Iterator<Item = Item> + Send {
    reader.lines().enumerate().filter_map(|(index, line)| {
        let number = index + 1;
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                return Some(Item::Failed {
                    id: format!("line {number}"),
                    message: format!("input line {number}: {error}"),
                });
            }
        };
        if line.trim().is_empty() {
            return None;
        }
        Some(parse_jsonl_line(&line, number))
    })
}

fn parse_jsonl_line(line: &str, number: usize) -> Item {
    #[derive(serde::Deserialize)]
    struct Line {
        id: Option<String>,
        text: Option<String>,
    }
    let fallback = || format!("line {number}");
    match serde_json::from_str::<Line>(line) {
        Ok(Line {
            id: Some(id),
            text: Some(text),
        }) => Item::Text { id, text },
        Ok(Line { id, text: None }) => Item::Failed {
            id: id.unwrap_or_else(fallback),
            message: format!("input line {number} has no string `text`"),
        },
        Ok(Line { id: None, .. }) => Item::Failed {
            id: fallback(),
            message: format!("input line {number} has no string `id`"),
        },
        Err(error) => Item::Failed {
            id: fallback(),
            message: format!(
                "input line {number} is not a JSON object with string `id` and `text`: {error}"
            ),
        },
    }
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
        assert!(
            items
                .iter()
                .any(|i| matches!(i, Item::File { id, .. } if id == "d/ok.txt"))
        );
        assert!(
            items
                .iter()
                .any(|i| matches!(i, Item::Failed { message, .. } if message.contains("loop"))),
            "{items:?}"
        );
    }

    #[test]
    fn jsonl_lines_become_documents_or_failures() {
        let input = "{\"id\":\"a\",\"text\":\"Hello\",\"lang\":\"en\"}\n\nnot json\n{\"id\":\"b\"}\n{\"text\":\"t\"}\n";
        let items: Vec<Item> = jsonl(std::io::Cursor::new(input)).collect();
        assert_eq!(
            items[0],
            Item::Text {
                id: "a".into(),
                text: "Hello".into()
            }
        );
        assert!(
            matches!(&items[1], Item::Failed { id, message } if id == "line 3" && message.starts_with("input line 3 is not a JSON object"))
        );
        assert_eq!(
            items[2],
            Item::Failed {
                id: "b".into(),
                message: "input line 4 has no string `text`".into()
            }
        );
        assert_eq!(
            items[3],
            Item::Failed {
                id: "line 5".into(),
                message: "input line 5 has no string `id`".into()
            }
        );
        assert_eq!(items.len(), 4, "the blank line is skipped");
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
