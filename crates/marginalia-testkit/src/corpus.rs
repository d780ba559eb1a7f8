//! Corpus document ids and the snapshot names derived from them.

use std::io;
use std::path::Path;

/// The ids of the documents under `dir`, sorted: every `*.txt` file, recursively, as its path
/// relative to `dir` with `/` separators (the ids `marginalia annotate DIR` gives them).
pub fn corpus_ids(dir: &Path) -> io::Result<Vec<String>> {
    let mut ids = Vec::new();
    collect(dir, "", &mut ids)?;
    ids.sort();
    Ok(ids)
}

fn collect(dir: &Path, prefix: &str, ids: &mut Vec<String>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let id = format!("{prefix}{name}");
        if entry.file_type()?.is_dir() {
            collect(&entry.path(), &format!("{id}/"), ids)?;
        } else if name.ends_with(".txt") {
            ids.push(id);
        }
    }
    Ok(())
}

/// The snapshot name of a document: its id without the `.txt` extension, with `/` replaced by
/// `__`. `sanctions/un-veto.txt` becomes `sanctions__un-veto` (file `sanctions__un-veto.snap`).
pub fn snapshot_name(id: &str) -> String {
    id.strip_suffix(".txt").unwrap_or(id).replace('/', "__")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_names_flatten_directories() {
        assert_eq!(snapshot_name("sanctions/un-veto.txt"), "sanctions__un-veto");
        assert_eq!(snapshot_name("top.txt"), "top");
        assert_eq!(snapshot_name("a/b/c.md"), "a__b__c.md");
    }

    #[test]
    fn ids_are_relative_sorted_and_only_txt() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/deep")).unwrap();
        for file in ["z.txt", "b/a.txt", "b/deep/x.txt", "b/notes.md"] {
            std::fs::write(dir.path().join(file), "text").unwrap();
        }
        let ids = corpus_ids(dir.path()).unwrap();
        assert_eq!(ids, ["b/a.txt", "b/deep/x.txt", "z.txt"]);
    }
}
