//! `marginalia plugins` and `marginalia check`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use marginalia_host::discovery::list_libraries;
use marginalia_host::loader::PluginLibrary;
use marginalia_host::pipeline::Pipeline;
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
}

/// Arguments of `marginalia check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    plugins: PluginOptions,
}

/// Lists every plugin library in the search directories. The config is optional here: without
/// one, `--plugin-dir` and the default directories are searched.
pub fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let dirs: Vec<PathBuf> = args.plugins.search_dirs()?;
    let mut rows = Vec::new();
    let mut failed = false;
    for (name, path) in list_libraries(&dirs) {
        match PluginLibrary::open(&path) {
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
                rows.push(json!({ "name": name, "path": path, "error": error.to_string() }));
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
