//! `cargo xtask new-plugin NAME [--label LABEL]`: scaffolds `plugins/NAME`, a plugin crate
//! that builds, loads and passes its tests as generated, and adds it to the workspace and to
//! the pipeline of `marginalia.toml`.
//!
//! The files come from `xtask/templates/plugin/` (built into xtask), with `{{name}}`,
//! `{{crate_name}}`, `{{lib_name}}`, `{{label}}` and `{{type_name}}` replaced. The generated
//! plugin tags the terms of `data/terms.txt` (fictional states, so that it tags nothing in the
//! corpus) and of its config; its snapshot test ships with the snapshot of the template's
//! sample text, so that the first `cargo test` passes and any change of output fails it.
//!
//! `Cargo.toml` and `marginalia.toml` are edited with `toml_edit`, which keeps their comments
//! and layout: one array element is appended to `workspace.members` and to `pipeline`, and a
//! commented `[plugins.NAME]` example is appended to `marginalia.toml`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use marginalia_core::Manifest;

use crate::process;

/// Options of `cargo xtask new-plugin`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plugin's name: lowercase letters, digits and single `-` between them, starting with
    /// a letter (e.g. `arms-trade`). The crate is `marginalia-plugin-NAME`, in `plugins/NAME`.
    pub name: String,
    /// The label it emits [default: NAME with `-` as `_`]: lowercase letters, digits and `_`.
    #[arg(long)]
    pub label: Option<String>,
}

/// The plugin template: (path in the new crate, text). The files are kept with a `.tmpl`
/// suffix in `xtask/templates/plugin/` so that cargo and rustfmt leave them alone.
const PLUGIN_TEMPLATE: [(&str, &str); 6] = [
    (
        "Cargo.toml",
        include_str!("../templates/plugin/Cargo.toml.tmpl"),
    ),
    (
        "src/lib.rs",
        include_str!("../templates/plugin/src/lib.rs.tmpl"),
    ),
    (
        "data/terms.txt",
        include_str!("../templates/plugin/data/terms.txt.tmpl"),
    ),
    (
        "tests/sample.rs",
        include_str!("../templates/plugin/tests/sample.rs.tmpl"),
    ),
    (
        "tests/sample.txt",
        include_str!("../templates/plugin/tests/sample.txt.tmpl"),
    ),
    (
        "tests/snapshots/sample__sample.snap",
        include_str!("../templates/plugin/tests/snapshots/sample__sample.snap.tmpl"),
    ),
];

/// The commented `[plugins.NAME]` example appended to `marginalia.toml`.
const CONFIG_TABLE: &str = include_str!("../templates/config-table.toml.tmpl");

/// Names the template's code uses in the plugin's module: a plugin type of the same name would
/// clash with them, so it gets a `Tagger` suffix instead.
const TAKEN_TYPE_NAMES: &[&str] = &[
    // marginalia-core, marginalia-text, marginalia-testkit, serde and the template's items
    "Annotation",
    "Attrs",
    "Case",
    "Config",
    "Deserialize",
    "Document",
    "Emitter",
    "Lexicon",
    "Manifest",
    "Plugin",
    "PluginError",
    "Runner",
    "Settings",
    "Span",
    // the prelude, and `Self`
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The names the template's placeholders stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// `arms-trade`: the plugin's name in `marginalia.toml`.
    pub name: String,
    /// `marginalia-plugin-arms-trade`: the cargo package.
    pub crate_name: String,
    /// `marginalia_plugin_arms_trade`: the library target, and so the library file name.
    pub lib_name: String,
    /// `arms_trade`: the label the plugin emits.
    pub label: String,
    /// `ArmsTrade`: the type implementing `Plugin`.
    pub type_name: String,
}

impl Names {
    /// Checks `name` and `label` and derives the other names.
    pub fn new(name: &str, label: Option<&str>) -> Result<Names> {
        if !Manifest::is_valid_name(name) || name.ends_with('-') || name.contains("--") {
            bail!(
                "`{name}` is not a valid plugin name: use lowercase letters and digits, with single `-` between words, starting with a letter (e.g. `arms-trade`)"
            );
        }
        let snake = name.replace('-', "_");
        let label = label.map_or_else(|| snake.clone(), str::to_owned);
        let valid_label = label.starts_with(|c: char| c.is_ascii_lowercase())
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid_label {
            bail!(
                "`{label}` is not a valid label: use lowercase letters, digits and `_`, starting with a letter (e.g. `trade_figure`)"
            );
        }
        let mut type_name: String = name
            .split('-')
            .map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect();
        if TAKEN_TYPE_NAMES.contains(&type_name.as_str()) {
            type_name.push_str("Tagger");
        }
        Ok(Names {
            name: name.to_owned(),
            crate_name: format!("marginalia-plugin-{name}"),
            lib_name: format!("marginalia_plugin_{snake}"),
            label,
            type_name,
        })
    }

    /// `template` with every placeholder replaced; an unknown `{{placeholder}}` is an error.
    pub fn render(&self, template: &str) -> Result<String> {
        let text = template
            .replace("{{name}}", &self.name)
            .replace("{{crate_name}}", &self.crate_name)
            .replace("{{lib_name}}", &self.lib_name)
            .replace("{{label}}", &self.label)
            .replace("{{type_name}}", &self.type_name);
        let mut rest = text.as_str();
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            if let Some(end) = after.find("}}") {
                let inside = &after[..end];
                if !inside.is_empty() && inside.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                {
                    bail!("unknown template placeholder {{{{{inside}}}}}");
                }
            }
            rest = after;
        }
        Ok(text)
    }
}

/// What [`scaffold`] did, for the summary.
#[derive(Debug)]
pub struct Scaffolded {
    /// The names used.
    pub names: Names,
    /// The new crate's directory, relative to the workspace root.
    pub dir: PathBuf,
    /// The files written, relative to the workspace root.
    pub files: Vec<PathBuf>,
    /// Whether `Cargo.toml`'s members had to be edited (not when a glob already covers it).
    pub added_member: bool,
    /// Why the Rust files could not be formatted with rustfmt, if they could not.
    pub unformatted: Option<String>,
}

/// Scaffolds the plugin, prints what it did and what to do next.
pub fn run(args: &Args) -> Result<()> {
    let root = process::root()?;
    let done = scaffold(&root, &args.name, args.label.as_deref())?;
    let Names {
        name,
        crate_name,
        label,
        ..
    } = &done.names;
    println!(
        "created {} (crate {crate_name}, label `{label}`):",
        done.dir.display()
    );
    for file in &done.files {
        println!("  {}", file.display());
    }
    if done.added_member {
        println!(
            "added \"{}\" to the workspace members in Cargo.toml",
            done.dir.display()
        );
    }
    println!(
        "added \"{name}\" to `pipeline` in marginalia.toml, with a commented [plugins.{name}] example"
    );
    if let Some(problem) = &done.unformatted {
        println!("warning: {problem}: run `cargo fmt` before committing");
    }
    println!(
        "
next steps:
  cargo test -p {crate_name}
      its unit tests and the snapshot of tests/sample.txt pass as generated
  edit plugins/{name}/data/terms.txt and src/lib.rs to tag what you want; when the output of
      tests/sample.txt changes, `INSTA_UPDATE=always cargo test -p {crate_name} --test sample`
      rewrites its snapshot: review it with `git diff`
  cargo xtask snapshot --accept
      the corpus snapshots record the version of every plugin of the pipeline, and what it
      tags in corpus/: rewrite them to add {name}, review the diff, and commit them with it
      (the check passes before that only while {name} tags nothing in corpus/)
  cargo xtask annotate
      what every plugin tags in corpus/, per document and label"
    );
    Ok(())
}

/// Creates `plugins/NAME` under the workspace `root` and registers it in `root/Cargo.toml`
/// and `root/marginalia.toml`. Refuses, before writing anything, when the name or label is
/// invalid, the directory exists, a workspace package already has the crate or library name,
/// or the pipeline already has the plugin.
pub fn scaffold(root: &Path, name: &str, label: Option<&str>) -> Result<Scaffolded> {
    let names = Names::new(name, label)?;
    let dir = Path::new("plugins").join(&names.name);
    if root.join(&dir).exists() {
        bail!(
            "{} already exists: choose another name, or remove it first",
            root.join(&dir).display()
        );
    }
    check_no_package_named(root, &names)?;

    let mut files = Vec::new();
    for (path, template) in PLUGIN_TEMPLATE {
        files.push((dir.join(path), names.render(template)?));
    }
    let manifest_path = root.join("Cargo.toml");
    let manifest = read(&manifest_path)?;
    let member = dir.to_string_lossy().replace('\\', "/");
    let new_manifest = add_workspace_member(&manifest, &member)
        .with_context(|| format!("editing {}", manifest_path.display()))?;
    let config_path = root.join("marginalia.toml");
    let config = read(&config_path)?;
    let new_config = add_to_pipeline(&config, &names.name, &names.render(CONFIG_TABLE)?)
        .with_context(|| format!("editing {}", config_path.display()))?;

    // Everything is checked: now write. `create_dir` fails if the directory appeared meanwhile.
    std::fs::create_dir_all(root.join("plugins"))?;
    std::fs::create_dir(root.join(&dir))
        .with_context(|| format!("creating {}", root.join(&dir).display()))?;
    for (path, text) in &files {
        let full = root.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&full, text).with_context(|| format!("writing {}", full.display()))?;
    }
    if let Some(new_manifest) = &new_manifest {
        write(&manifest_path, new_manifest)?;
    }
    write(&config_path, &new_config)?;
    let files: Vec<PathBuf> = files.into_iter().map(|(path, _)| path).collect();
    // The templates are formatted, but a long name can push a line past rustfmt's width.
    let rust_files: Vec<PathBuf> = files
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| root.join(path))
        .collect();
    let unformatted = match Command::new("rustfmt")
        .args(["--edition", "2024"])
        .args(&rust_files)
        .status()
    {
        Ok(status) if status.success() => None,
        Ok(status) => Some(format!("rustfmt failed ({status})")),
        Err(error) => Some(format!("could not run rustfmt: {error}")),
    };
    Ok(Scaffolded {
        names,
        dir,
        files,
        added_member: new_manifest.is_some(),
        unformatted,
    })
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Fails when a workspace package is already named `marginalia-plugin-NAME` or has the
/// library `marginalia_plugin_NAME` (two libraries of one name would collide in `target/`).
fn check_no_package_named(root: &Path, names: &Names) -> Result<()> {
    let metadata = cargo_metadata::MetadataCommand::new()
        .cargo_path(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .manifest_path(root.join("Cargo.toml"))
        .no_deps()
        .exec()
        .context("reading the workspace with `cargo metadata`")?;
    for package in &metadata.packages {
        let same_lib = package
            .targets
            .iter()
            .any(|t| t.name.replace('-', "_") == names.lib_name);
        if package.name.as_str() == names.crate_name || same_lib {
            bail!(
                "the workspace already has the crate {} ({}): choose another name",
                package.name.as_str(),
                package.manifest_path
            );
        }
    }
    Ok(())
}

/// `manifest` with `member` appended to `workspace.members`, formatted like the last member;
/// `None` when a `dir/*` member already covers it. Errors when it is already a member.
pub fn add_workspace_member(manifest: &str, member: &str) -> Result<Option<String>> {
    let mut doc: toml_edit::DocumentMut = manifest.parse().context("not valid TOML")?;
    let members = doc
        .get_mut("workspace")
        .and_then(|w| w.get_mut("members"))
        .and_then(|m| m.as_array_mut())
        .context("no `workspace.members` array")?;
    let parent = member.rsplit_once('/').map_or("", |(parent, _)| parent);
    for existing in members.iter().filter_map(|m| m.as_str()) {
        if existing == member {
            bail!("`{member}` is already a workspace member");
        }
        if existing.strip_suffix("/*") == Some(parent) {
            return Ok(None);
        }
    }
    append_like_last(members, member);
    Ok(Some(doc.to_string()))
}

/// `config` with `name` appended to `pipeline` and `table` (commented example lines) appended
/// at the end. Errors when the pipeline already has it.
pub fn add_to_pipeline(config: &str, name: &str, table: &str) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = config.parse().context("not valid TOML")?;
    let pipeline = doc
        .get_mut("pipeline")
        .and_then(|p| p.as_array_mut())
        .context("no `pipeline` array")?;
    if pipeline.iter().any(|p| p.as_str() == Some(name)) {
        bail!("`pipeline` already has \"{name}\"");
    }
    append_like_last(pipeline, name);
    let mut text = doc.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    text.push_str(table);
    Ok(text)
}

/// Appends `item` to `array` on a line of its own when the array is one element per line
/// (with the last element's indentation), else after a space.
fn append_like_last(array: &mut toml_edit::Array, item: &str) {
    let prefix = array
        .iter()
        .last()
        .and_then(|last| last.decor().prefix())
        .and_then(|prefix| prefix.as_str())
        .map(|prefix| match prefix.rfind('\n') {
            // Keep the indentation, not any comment line above the last element.
            Some(i) => format!("\n{}", &prefix[i + 1..]),
            None => " ".to_owned(),
        });
    let mut value = toml_edit::Value::from(item);
    value.decor_mut().set_prefix(prefix.unwrap_or_default());
    value.decor_mut().set_suffix("");
    array.push_formatted(value);
}

#[cfg(test)]
mod tests;
