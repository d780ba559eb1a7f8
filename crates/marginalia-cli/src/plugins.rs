//! `marginalia plugins`, `marginalia plugins lock` and `marginalia check`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use marginalia_host::discovery::list_libraries;
use marginalia_host::loader::PluginLibrary;
use marginalia_host::pipeline::Pipeline;
use marginalia_host::trust::{self, LockFile, TrustError};
use serde_json::json;

use crate::shared::PluginOptions;

/// Arguments of `marginalia plugins`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    plugins: PluginOptions,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    action: Option<Action>,
}

/// What `marginalia plugins` does instead of listing.
#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Pin the exact plugin builds of the config's pipeline: write marginalia.lock beside the
    /// config (name, version, ABI version, path and SHA-256 of each library). Once it exists,
    /// only those builds are loaded. With --locked, check that it is up to date instead.
    Lock,
}

/// Arguments of `marginalia check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    plugins: PluginOptions,
}

/// Lists every plugin library in the search directories (or, with `lock`, writes the lock
/// file). The config is optional here: without one, `--plugin-dir` and the default
/// directories are searched.
///
/// Each library passes the permission check before it is opened. When there is a lock file,
/// a library of a plugin it pins must match its hash, and the others are listed without being
/// opened.
pub fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    if let Some(Action::Lock) = args.action {
        if args.json {
            bail!(
                "`marginalia plugins lock` takes no --json: it writes the lock file (TOML); drop --json"
            );
        }
        return lock(&args.plugins);
    }
    let dirs: Vec<PathBuf> = args.plugins.search_dirs()?;
    let trust = args.plugins.trust()?;
    let mut rows = Vec::new();
    let mut failed = false;
    for (name, path) in list_libraries(&dirs) {
        let opened = match trust.admit(&name, &path) {
            Ok(_) => PluginLibrary::open(&path).map_err(|e| e.to_string()),
            Err(TrustError::NotPinned { lock, .. }) => {
                let skipped = format!("not pinned in {}", lock.display());
                rows.push(json!({ "name": name, "path": path, "skipped": skipped }));
                continue;
            }
            Err(error) => Err(error.to_string()),
        };
        match opened {
            Ok(library) => {
                let m = library.manifest();
                rows.push(json!({
                    "name": m.name, "version": m.version, "abi_version": library.abi_version(),
                    "description": m.description, "emits": m.emits, "needs": m.needs,
                    "thread_safe": library.is_thread_safe(), "path": path,
                }));
            }
            Err(error) => {
                failed = true;
                rows.push(json!({ "name": name, "path": path, "error": error }));
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else if rows.is_empty() {
        println!(
            "no plugins found in: {}",
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    } else {
        for row in &rows {
            print_row(row);
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_row(row: &serde_json::Value) {
    let text = |key: &str| row[key].as_str().unwrap_or_default().to_owned();
    let list = |key: &str| {
        let items: Vec<&str> = row[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .collect();
        if items.is_empty() {
            "-".to_owned()
        } else {
            items.join(",")
        }
    };
    if let Some(error) = row["error"].as_str() {
        println!("{:<20} (cannot load) {error}", text("name"));
        return;
    }
    if let Some(skipped) = row["skipped"].as_str() {
        println!(
            "{:<20} (not opened: {skipped}) {}",
            text("name"),
            text("path")
        );
        return;
    }
    println!(
        "{:<20} {:<8} abi {}  emits {:<16} needs {:<12} {}",
        text("name"),
        text("version"),
        row["abi_version"],
        list("emits"),
        list("needs"),
        text("path")
    );
    if !text("description").is_empty() {
        println!("{:<20} {}", "", text("description"));
    }
}

/// Loads the config and every plugin of its pipeline, and starts each with its config.
pub fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let config = args.plugins.load_config()?;
    let pipeline =
        Pipeline::load(&config, &args.plugins.plugin_dirs).context("cannot set up the plugins")?;
    println!("{}: ok", config.path.display());
    let lock = trust::lock_path(&config.path);
    if lock.exists() {
        println!("  every library matches {}", lock.display());
    }
    for (i, library) in pipeline.plugins().enumerate() {
        let m = library.manifest();
        println!(
            "  {}. {} {} ({})",
            i + 1,
            m.name,
            m.version,
            library.path().display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `marginalia plugins lock`: writes the lock file of the config's pipeline; with `--locked`,
/// checks that the existing one pins exactly the builds found, and writes nothing.
fn lock(options: &crate::shared::PluginOptions) -> anyhow::Result<ExitCode> {
    let config = options.load_config()?;
    let path = trust::lock_path(&config.path);
    let fresh = trust::lock(&config, &options.plugin_dirs).context("cannot lock the plugins")?;
    if options.locked {
        let Some(existing) = LockFile::read(&path)? else {
            return Err(TrustError::MissingLock {
                path,
                config: config.path.clone(),
            }
            .into());
        };
        let changes = changes(&existing, &fresh);
        if !changes.is_empty() {
            bail!(
                "{} is out of date, and --locked forbids updating it:\n  {}\nreview the plugin builds, then run `marginalia plugins lock` without --locked",
                path.display(),
                changes.join("\n  ")
            );
        }
        println!("{}: up to date", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let config_name = config.path.file_name().map_or_else(
        || config.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    fresh.write(&path, &config_name)?;
    println!("{}: {} plugins locked", path.display(), fresh.plugins.len());
    for plugin in &fresh.plugins {
        println!(
            "  {:<20} {:<8} abi {}  sha256 {}  {}",
            plugin.name,
            plugin.version,
            plugin.abi_version,
            plugin.sha256,
            plugin.path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// How `new` differs from `old` in what it pins: plugins added, removed, or pinned to another
/// build. Paths (informational) are not compared.
fn changes(old: &LockFile, new: &LockFile) -> Vec<String> {
    let mut changes = Vec::new();
    for plugin in &new.plugins {
        match old.get(&plugin.name) {
            None => changes.push(format!("plugin `{}` is not pinned", plugin.name)),
            Some(pinned) if pinned.sha256 != plugin.sha256 => changes.push(format!(
                "plugin `{}`: {} has SHA-256 {}, the lock file pins {}",
                plugin.name,
                plugin.path.display(),
                plugin.sha256,
                pinned.sha256
            )),
            Some(_) => {}
        }
    }
    for pinned in &old.plugins {
        if new.get(&pinned.name).is_none() {
            changes.push(format!(
                "plugin `{}` is pinned but no longer in the pipeline",
                pinned.name
            ));
        }
    }
    changes
}
