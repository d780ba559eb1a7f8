//! `cargo xtask snapshot [--accept]`: the corpus snapshot test, run against freshly built
//! plugins, plus the checks insta cannot make (snapshots no document has, pending `.snap.new`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use marginalia_testkit::{PLUGIN_DIR_ENV, Profile};

use crate::process;

/// The snapshots of `crates/marginalia-cli/tests/corpus_snapshots.rs`, relative to the root.
const SNAPSHOT_DIR: &str = "crates/marginalia-cli/tests/snapshots";

/// The corpus the snapshots are taken of, relative to the root.
const CORPUS_DIR: &str = "corpus";

/// Options of `cargo xtask snapshot`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write every snapshot as the plugins now annotate, and delete snapshots of documents
    /// that no longer exist. Review the result with `git diff` before committing it.
    #[arg(long)]
    pub accept: bool,
}

/// Builds the plugins (debug), runs the snapshot test with them, then checks or tidies the
/// snapshot directory.
pub fn run(args: &Args) -> Result<()> {
    let root = process::root()?;
    let build = marginalia_testkit::build_command(Profile::Debug)?;
    println!("$ {}", process::show(&build));
    let dirs = marginalia_testkit::run_build(build)?.plugin_dirs();
    if dirs.is_empty() {
        bail!("the build reported no plugin library (no cdylib artifact)");
    }

    let mut test = process::cargo(&["test", "-p", "marginalia-cli", "--test", "corpus_snapshots"])?;
    test.env(PLUGIN_DIR_ENV, std::env::join_paths(&dirs)?);
    if args.accept {
        // `force` writes every `.snap`, also those whose contents match, so that their
        // metadata (the plugin versions) is current too.
        test.env("INSTA_UPDATE", "force")
            .env_remove("INSTA_FORCE_PASS");
    } else {
        // `no` writes nothing, and the test fails on any difference or missing snapshot.
        test.env("INSTA_UPDATE", "no")
            .env_remove("INSTA_FORCE_PASS");
    }
    // The deprecated INSTA_FORCE_UPDATE=1 would turn either mode into `force`.
    test.env_remove("INSTA_FORCE_UPDATE");
    let passed = process::status(&mut test)?.success();

    let stray = Stray::find(&root)?;
    if args.accept {
        if !passed {
            bail!("the snapshot test failed while writing snapshots; see its output above");
        }
        for path in stray.unreferenced.iter().chain(&stray.pending) {
            println!("removing {}", path.display());
            std::fs::remove_file(root.join(path))?;
        }
        println!("snapshots written to {SNAPSHOT_DIR}; review them with `git diff`");
        return Ok(());
    }

    let mut problems = Vec::new();
    if !passed {
        problems.push(
            "the snapshot test failed (see its output above: each changed document has a \
             diff); if the changes are intended, run `cargo xtask snapshot --accept`"
                .to_owned(),
        );
    }
    for path in &stray.unreferenced {
        problems.push(format!(
            "{} has no document in {CORPUS_DIR}/ (delete it, or run `cargo xtask snapshot --accept`)",
            path.display()
        ));
    }
    for path in &stray.pending {
        problems.push(format!(
            "{} is a pending snapshot: accept it or delete it",
            path.display()
        ));
    }
    if problems.is_empty() {
        println!("snapshots: all match");
        return Ok(());
    }
    for problem in &problems {
        eprintln!("snapshot: {problem}");
    }
    bail!("{} snapshot problem(s)", problems.len())
}

/// Files in the snapshot directory that should not be there.
#[derive(Debug, Default)]
struct Stray {
    /// `.snap` files whose document is not in the corpus.
    unreferenced: Vec<PathBuf>,
    /// `.snap.new` files insta left for review.
    pending: Vec<PathBuf>,
}

impl Stray {
    fn find(root: &Path) -> Result<Self> {
        let expected: Vec<String> = marginalia_testkit::corpus_ids(&root.join(CORPUS_DIR))
            .with_context(|| format!("listing the documents in {CORPUS_DIR}/"))?
            .iter()
            .map(|id| format!("{}.snap", marginalia_testkit::snapshot_name(id)))
            .collect();
        let mut stray = Stray::default();
        let dir = root.join(SNAPSHOT_DIR);
        if !dir.exists() {
            return Ok(stray);
        }
        let mut names: Vec<String> = std::fs::read_dir(&dir)?
            .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()?;
        names.sort();
        for name in names {
            let path = Path::new(SNAPSHOT_DIR).join(&name);
            if name.ends_with(".snap.new") {
                stray.pending.push(path);
            } else if name.ends_with(".snap") && !expected.contains(&name) {
                stray.unreferenced.push(path);
            }
        }
        Ok(stray)
    }
}
