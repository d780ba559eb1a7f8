//! Where plugin libraries are found.
//!
//! A plugin named `arms-trade` is the library `libmarginalia_plugin_arms_trade.so` (on Linux;
//! `std::env::consts::DLL_PREFIX`/`DLL_SUFFIX` elsewhere), the `cdylib` of a crate named
//! `marginalia-plugin-arms-trade`. Directories are searched in order; the first hit wins.

use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
use std::path::{Path, PathBuf};

/// What every plugin library's file name starts with, after the platform's `DLL_PREFIX`.
pub const LIBRARY_STEM_PREFIX: &str = "marginalia_plugin_";

/// The library file name of the plugin `name`.
pub fn library_file_name(name: &str) -> String {
    format!(
        "{DLL_PREFIX}{LIBRARY_STEM_PREFIX}{}{DLL_SUFFIX}",
        name.replace('-', "_")
    )
}

/// The plugin name a library file name stands for, if it is one.
pub fn plugin_name_of(file_name: &str) -> Option<String> {
    let stem = file_name
        .strip_prefix(DLL_PREFIX)?
        .strip_suffix(DLL_SUFFIX)?;
    let name = stem.strip_prefix(LIBRARY_STEM_PREFIX)?;
    (!name.is_empty()).then(|| name.replace('_', "-"))
}

/// The first `dirs` entry holding the library of plugin `name`.
pub fn find_library(name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    let file = library_file_name(name);
    dirs.iter().map(|d| d.join(&file)).find(|p| p.is_file())
}

/// Every plugin library in `dirs`, as `(plugin name, path)`, sorted by name then directory
/// order. A name found in several directories is listed once per directory.
pub fn list_libraries(dirs: &[PathBuf]) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    for (rank, dir) in dirs.iter().enumerate() {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(plugin_name_of);
            if let (Some(name), true) = (name, path.is_file()) {
                found.push((name, rank, path));
            }
        }
    }
    found.sort();
    found
        .into_iter()
        .map(|(name, _, path)| (name, path))
        .collect()
}

/// Formats directories for an error message, one per line.
pub fn describe_dirs(dirs: &[PathBuf]) -> String {
    if dirs.is_empty() {
        return "  (no directories: set `plugin_dirs` in the config or pass --plugin-dir)"
            .to_owned();
    }
    dirs.iter()
        .map(|d| {
            let note = if Path::new(d).is_dir() {
                ""
            } else {
                " (does not exist)"
            };
            format!("  {}{note}", d.display())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_files_map_both_ways() {
        let file = library_file_name("arms-trade");
        assert!(file.contains("marginalia_plugin_arms_trade"));
        assert_eq!(plugin_name_of(&file).as_deref(), Some("arms-trade"));
        assert_eq!(
            plugin_name_of(&format!("{DLL_PREFIX}other{DLL_SUFFIX}")),
            None
        );
        assert_eq!(plugin_name_of("marginalia_plugin_x.txt"), None);
    }

    #[test]
    fn first_directory_wins_and_listing_is_sorted() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        for (dir, name) in [(&a, "zeta"), (&b, "alpha"), (&b, "zeta")] {
            std::fs::write(dir.path().join(library_file_name(name)), b"").unwrap();
        }
        std::fs::write(b.path().join("unrelated.so"), b"").unwrap();
        let dirs = vec![a.path().to_owned(), b.path().to_owned()];
        assert_eq!(
            find_library("zeta", &dirs).unwrap().parent().unwrap(),
            a.path()
        );
        assert_eq!(find_library("missing", &dirs), None);
        let listed: Vec<_> = list_libraries(&dirs)
            .into_iter()
            .map(|(n, p)| (n, p.parent().unwrap().to_owned()))
            .collect();
        assert_eq!(
            listed,
            [
                ("alpha".into(), b.path().to_owned()),
                ("zeta".into(), a.path().to_owned()),
                ("zeta".into(), b.path().to_owned())
            ]
        );
    }
}
