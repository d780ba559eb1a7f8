//! A plugin written outside the repository: a crate of its own in a temporary directory (its
//! own `[workspace]`, depending on `marginalia-core` by path), built with `cargo build`, then
//! used by the `marginalia` binary through `plugin_dirs`, through `$MARGINALIA_PLUGIN_PATH`,
//! and installed in the user's plugin directory with no config file at all.
//!
//! The crate is built once per test process, in `<target>/plugin-tests` (the xtask scaffold
//! test builds there too), kept between runs so that its dependencies are compiled once.

use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The plugin's manifest; `@CORE@` is the path of `crates/marginalia-core`.
const PLUGIN_MANIFEST: &str = r#"[package]
name = "marginalia-plugin-shouting"
version = "0.3.0"
edition = "2024"

[lib]
name = "marginalia_plugin_shouting"
crate-type = ["cdylib"]

[dependencies]
marginalia-core = { path = "@CORE@" }
serde = { version = "1", features = ["derive"] }

# Plugins catch panics at the ABI; that needs unwinding.
[profile.dev]
panic = "unwind"

# Not a member of any enclosing workspace.
[workspace]
"#;

/// The plugin: tags words written in capitals, of at least `min_len` letters (default 2).
const PLUGIN_SOURCE: &str = r#"
use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};

pub struct Shouting {
    min_len: usize,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    #[serde(default = "two")]
    min_len: usize,
}

fn two() -> usize {
    2
}

impl Plugin for Shouting {
    fn manifest() -> Manifest {
        Manifest::new("shouting", env!("CARGO_PKG_VERSION"))
            .description("Tags words written in capitals.")
            .emits(["shout"])
    }

    fn new(config: &Config) -> Result<Self, PluginError> {
        let settings: Settings = config.deserialize()?;
        Ok(Shouting { min_len: settings.min_len })
    }

    fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
        let text = doc.text();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphabetic(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let word = &text[s..i];
                    let letters = word.chars().count();
                    if letters >= self.min_len && word.chars().all(char::is_uppercase) {
                        out.emit("shout", s..i, &Attrs::new().with("letters", letters as i64))?;
                    }
                    start = None;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

marginalia_core::export_plugin!(Shouting);
"#;

/// The document annotated: "ÉTÉ" checks that offsets are bytes, not characters.
const TEXT: &str = "The UN and NATO met in ÉTÉ; ok?\n";

/// The workspace's target directory: the one the `marginalia` binary under test is in.
fn target_dir() -> PathBuf {
    // <target>/debug/marginalia
    let bin = Path::new(env!("CARGO_BIN_EXE_marginalia"));
    bin.ancestors().nth(2).unwrap().to_path_buf()
}

/// Writes the plugin crate into a fresh temporary directory, builds it, and returns the
/// library file. Once per test process.
fn built_plugin() -> &'static Path {
    static LIBRARY: OnceLock<PathBuf> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let workspace = workspace.canonicalize().unwrap();
        let core = workspace.join("crates/marginalia-core");
        let dir = tempfile::tempdir().unwrap().keep();
        let manifest = PLUGIN_MANIFEST.replace("@CORE@", &core.to_string_lossy());
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        std::fs::create_dir(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), PLUGIN_SOURCE).unwrap();
        // The workspace's lock file pins the same dependency versions: nothing to download,
        // and the dependencies built for an earlier run are reused.
        std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

        let target = target_dir().join("plugin-tests");
        let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .current_dir(&dir)
            .arg("build")
            .env("CARGO_TARGET_DIR", &target)
            // No debug info: builds faster, and nothing here needs a debugger.
            .env("CARGO_PROFILE_DEV_DEBUG", "0")
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "`cargo build` of the out-of-tree plugin in {} failed:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let library = target.join("debug").join(format!(
            "{DLL_PREFIX}marginalia_plugin_shouting{DLL_SUFFIX}"
        ));
        assert!(library.is_file(), "{} was not built", library.display());
        std::fs::remove_dir_all(&dir).unwrap();
        library
    })
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `marginalia` in `dir` with `home` as the user's home and data directory, so that
/// only the plugin directories the test sets up are searched.
fn marginalia(dir: &Path, home: &Path, env: &[(&str, &Path)], args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_marginalia"));
    command
        .current_dir(dir)
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("share"))
        .env_remove("MARGINALIA_PLUGIN_PATH")
        .env_remove("RUST_LOG");
    for (key, value) in env {
        command.env(key, value);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().unwrap();
    Run {
        code: status.code().expect("exited normally"),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// The `(text, letters)` of each annotation of the only output line.
fn shouts(stdout: &str) -> Vec<(String, i64)> {
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let record: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(record["id"], "doc.txt");
    record["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            assert_eq!(a["label"], "shout");
            assert_eq!(a["plugin"], "shouting");
            let (start, end) = (a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap());
            let text = a["text"].as_str().unwrap();
            assert_eq!(&TEXT[start as usize..end as usize], text);
            (text.to_owned(), a["attrs"]["letters"].as_i64().unwrap())
        })
        .collect()
}

fn owned(expected: &[(&str, i64)]) -> Vec<(String, i64)> {
    expected.iter().map(|&(t, n)| (t.to_owned(), n)).collect()
}

#[test]
fn annotates_with_a_plugin_built_outside_the_workspace_through_plugin_dirs() {
    let library = built_plugin();
    let work = tempfile::tempdir().unwrap();
    let config = format!(
        "pipeline = [\"shouting\"]\nplugin_dirs = [{:?}]\n\n[plugins.shouting]\nmin_len = 3\n",
        library.parent().unwrap()
    );
    std::fs::write(work.path().join("marginalia.toml"), config).unwrap();
    std::fs::write(work.path().join("doc.txt"), TEXT).unwrap();

    let run = marginalia(work.path(), work.path(), &[], &["annotate", "doc.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(shouts(&run.stdout), owned(&[("NATO", 4), ("ÉTÉ", 3)]));

    let run = marginalia(work.path(), work.path(), &[], &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1. shouting 0.3.0 ("), "{}", run.stdout);
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "sets the data directory through XDG_DATA_HOME"
)]
fn plugins_in_the_user_data_dir_need_no_config() {
    let library = built_plugin();
    let home = tempfile::tempdir().unwrap();
    // What README's "Installing outside the repository" tells a user to do.
    let installed = home.path().join("share/marginalia/plugins");
    std::fs::create_dir_all(&installed).unwrap();
    std::fs::copy(library, installed.join(library.file_name().unwrap())).unwrap();
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("doc.txt"), TEXT).unwrap();

    let run = marginalia(work.path(), home.path(), &[], &["plugins", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(listed[0]["name"], "shouting");
    assert_eq!(listed[0]["version"], "0.3.0");
    let path = PathBuf::from(listed[0]["path"].as_str().unwrap());
    assert_eq!(path.parent().unwrap(), installed);

    let run = marginalia(
        work.path(),
        home.path(),
        &[],
        &["annotate", "--plugin", "shouting", "doc.txt"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        shouts(&run.stdout),
        owned(&[("UN", 2), ("NATO", 4), ("ÉTÉ", 3)])
    );

    // Without --plugin there is nothing to run: say what to do.
    let run = marginalia(work.path(), home.path(), &[], &["annotate", "doc.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "no config file: marginalia.toml does not exist in the current directory; pass --config FILE"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());

    // An explicit --config must exist.
    let run = marginalia(
        work.path(),
        home.path(),
        &[],
        &[
            "annotate",
            "--config",
            "missing.toml",
            "--plugin",
            "shouting",
            "doc.txt",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read config file missing.toml"),
        "{}",
        run.stderr
    );
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "sets the data directory through XDG_DATA_HOME"
)]
fn marginalia_plugin_path_is_searched_before_the_user_data_dir() {
    let library = built_plugin();
    let home = tempfile::tempdir().unwrap();
    let listed_dir = home.path().join("lib");
    let installed = home.path().join("share/marginalia/plugins");
    for dir in [&listed_dir, &installed] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::copy(library, dir.join(library.file_name().unwrap())).unwrap();
    }
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("doc.txt"), TEXT).unwrap();
    let path_list = std::env::join_paths([home.path().join("empty"), listed_dir.clone()]).unwrap();
    let env = [("MARGINALIA_PLUGIN_PATH", Path::new(&path_list))];

    let run = marginalia(work.path(), home.path(), &env, &["plugins", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let dirs: Vec<PathBuf> = listed
        .iter()
        .map(|p| {
            let path = PathBuf::from(p["path"].as_str().unwrap());
            path.parent().unwrap().to_owned()
        })
        .collect();
    assert_eq!(dirs, [listed_dir, installed]);

    let run = marginalia(
        work.path(),
        home.path(),
        &env,
        &["annotate", "--plugin", "shouting", "doc.txt"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(shouts(&run.stdout).len(), 3);
}
