//! Options and setup shared by the subcommands: the config file and the plugin search path.
//!
//! Plugin libraries are looked up, in order, in
//!
//! 1. the `--plugin-dir` directories,
//! 2. the config's `plugin_dirs` (relative to the config file),
//! 3. the directories of `$MARGINALIA_PLUGIN_PATH` (an OS path list, like `PATH`),
//! 4. `<data dir>/marginalia/plugins`, the user's plugin directory
//!    (`~/.local/share/marginalia/plugins` on Linux).
//!
//! The first directory holding a plugin's library wins. A directory named twice is searched
//! once, at its first place.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use marginalia_core::Manifest;
use marginalia_host::config::Config;
use marginalia_host::trust::{Trust, lock_path};
use tracing_subscriber::EnvFilter;

/// The environment variable listing plugin directories searched after the config's.
pub const PLUGIN_PATH_ENV: &str = "MARGINALIA_PLUGIN_PATH";

/// The config file read when `--config` is not given.
pub const DEFAULT_CONFIG: &str = "marginalia.toml";

/// Where the config and the plugins are, and whether they must be pinned by a lock file.
///
/// The options are global: `marginalia plugins lock` takes them after `lock` as well.
#[derive(Debug, clap::Args)]
pub struct PluginOptions {
    /// The config file [default: marginalia.toml].
    #[arg(long, short, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// A directory to search for plugin libraries first (repeatable). Then come the config's
    /// `plugin_dirs`, $MARGINALIA_PLUGIN_PATH and the user's <data dir>/marginalia/plugins.
    #[arg(long = "plugin-dir", value_name = "DIR", global = true)]
    pub plugin_dirs: Vec<PathBuf>,
    /// Refuse to run without the lock file (marginalia.lock beside the config), as the config
    /// key `locked = true` does; for CI. With `plugins lock`: check that the lock file is up
    /// to date instead of writing it.
    #[arg(long, global = true)]
    pub locked: bool,
}

impl PluginOptions {
    /// The config file: `--config`, or `marginalia.toml` in the current directory.
    pub fn config_path(&self) -> &Path {
        self.config.as_deref().unwrap_or(Path::new(DEFAULT_CONFIG))
    }

    /// The checks every plugin library passes before it is opened, for commands that open
    /// libraries outside a pipeline (listing): the config's lock file, required when
    /// `--locked` or the config's `locked = true`; with no config, `marginalia.lock` in the
    /// current directory.
    pub fn trust(&self) -> anyhow::Result<Trust> {
        let trust = if self.has_config() {
            Trust::for_config(&self.load_config()?)
        } else {
            let config = self.config_path();
            Trust::with_lock_file(&lock_path(config), self.locked, config)
        };
        Ok(trust?)
    }

    /// Whether there is a config to read: `--config` was given (it must then exist), or
    /// `marginalia.toml` exists in the current directory.
    fn has_config(&self) -> bool {
        self.config.is_some() || Path::new(DEFAULT_CONFIG).exists()
    }

    /// Reads the config file. Its `plugin_dirs` are followed by the default plugin
    /// directories, so that `Pipeline::load(&config, &self.plugin_dirs)` searches the whole
    /// search path in order.
    pub fn load_config(&self) -> anyhow::Result<Config> {
        let path = self.config_path();
        if !self.has_config() {
            bail!(
                "no config file: {DEFAULT_CONFIG} does not exist in the current directory; \
                 pass --config FILE (or, to annotate, --plugin NAME to run plugins without a config)"
            );
        }
        let mut config = Config::load(path).context("invalid configuration")?;
        self.extend_search_path(&mut config);
        config.locked |= self.locked;
        Ok(config)
    }

    /// The config to annotate with: as [`load_config`](Self::load_config), except that when
    /// plugins are named with `--plugin` (`only`), `--config` is not given and there is no
    /// `marginalia.toml`, an empty config (no `plugin_dirs`, no settings) runs them.
    pub fn load_config_for(&self, only: &[String]) -> anyhow::Result<Config> {
        if only.is_empty() || self.has_config() {
            return self.load_config();
        }
        if let Some(name) = only.iter().find(|n| !Manifest::is_valid_name(n)) {
            bail!(
                "--plugin `{name}` is not a valid plugin name: use lowercase letters, digits and `-`, starting with a letter"
            );
        }
        let mut config = Config::parse("pipeline = []\n", Path::new(DEFAULT_CONFIG))
            .context("the empty config")?;
        self.extend_search_path(&mut config);
        config.locked = self.locked;
        Ok(config)
    }

    /// The config to run `only` (the `--plugin` names) or, when there are none, its
    /// `pipeline`: [`load_config_for`](Self::load_config_for), then [`Config::select`].
    pub fn config_for_run(&self, only: &[String]) -> anyhow::Result<Config> {
        let mut config = self.load_config_for(only)?;
        if !only.is_empty() {
            config.select(only)?;
        }
        Ok(config)
    }

    /// These options as command-line arguments, for a worker process that must load the same
    /// config and plugins (`marginalia worker`).
    pub fn to_args(&self) -> Vec<std::ffi::OsString> {
        // Destructured, so that a new option cannot be forgotten here.
        let PluginOptions {
            config,
            plugin_dirs,
            locked,
        } = self;
        let mut args = Vec::new();
        if let Some(config) = config {
            args.push("--config".into());
            args.push(config.clone().into_os_string());
        }
        for dir in plugin_dirs {
            args.push("--plugin-dir".into());
            args.push(dir.clone().into_os_string());
        }
        if *locked {
            args.push("--locked".into());
        }
        args
    }

    /// Every directory searched for plugin libraries, in order: `--plugin-dir`, then the
    /// config's `plugin_dirs` when there is a config, then the default directories. For
    /// listing plugins, which needs no config.
    pub fn search_dirs(&self) -> anyhow::Result<Vec<PathBuf>> {
        let config_dirs = if self.has_config() {
            Config::load(self.config_path())
                .context("invalid configuration")?
                .plugin_dirs
        } else {
            Vec::new()
        };
        Ok(search_path(
            &self.plugin_dirs,
            &config_dirs,
            &default_plugin_dirs(),
        ))
    }

    /// Appends the default directories to the config's `plugin_dirs`, leaving out those
    /// already searched earlier (a `--plugin-dir`, or an earlier entry).
    fn extend_search_path(&self, config: &mut Config) {
        let all = search_path(
            &self.plugin_dirs,
            &config.plugin_dirs,
            &default_plugin_dirs(),
        );
        config.plugin_dirs = all
            .into_iter()
            .skip_while(|dir| self.plugin_dirs.contains(dir))
            .collect();
    }
}

/// The plugin search path: the `cli` directories, then the `config` ones, then the `defaults`,
/// each directory once, at its first place.
fn search_path(cli: &[PathBuf], config: &[PathBuf], defaults: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for dir in cli.iter().chain(config).chain(defaults) {
        if !dirs.contains(dir) {
            dirs.push(dir.clone());
        }
    }
    dirs
}

/// The directories searched after the config's: those of `$MARGINALIA_PLUGIN_PATH`, then the
/// user's `<data dir>/marginalia/plugins`.
pub fn default_plugin_dirs() -> Vec<PathBuf> {
    default_plugin_dirs_from(std::env::var_os(PLUGIN_PATH_ENV), dirs::data_dir())
}

/// [`default_plugin_dirs`] from the variable's value and the data directory. Empty entries of
/// the path list are skipped.
fn default_plugin_dirs_from(
    path_list: Option<OsString>,
    data_dir: Option<PathBuf>,
) -> Vec<PathBuf> {
    let listed = path_list
        .iter()
        .flat_map(std::env::split_paths)
        .filter(|dir| !dir.as_os_str().is_empty());
    let user = data_dir.map(|dir| dir.join("marginalia").join("plugins"));
    listed.chain(user).collect()
}

/// Logs go to stderr; RUST_LOG wins over -v.
pub fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn cli_dirs_come_first_then_config_then_defaults() {
        let dirs = search_path(
            &paths(&["/cli/a", "/cli/b"]),
            &paths(&["/etc/m/lib"]),
            &paths(&["/env/x", "/home/u/.local/share/marginalia/plugins"]),
        );
        assert_eq!(
            dirs,
            paths(&[
                "/cli/a",
                "/cli/b",
                "/etc/m/lib",
                "/env/x",
                "/home/u/.local/share/marginalia/plugins"
            ])
        );
    }

    #[test]
    fn a_directory_named_twice_is_searched_once_at_its_first_place() {
        let dirs = search_path(
            &paths(&["/lib"]),
            &paths(&["/cfg", "/lib"]),
            &paths(&["/cfg", "/data"]),
        );
        assert_eq!(dirs, paths(&["/lib", "/cfg", "/data"]));
    }

    #[test]
    fn defaults_are_the_path_list_then_the_user_data_dir() {
        let list = std::env::join_paths(["/opt/one", "", "/opt/two"]).unwrap();
        let dirs =
            default_plugin_dirs_from(Some(list), Some(PathBuf::from("/home/u/.local/share")));
        assert_eq!(
            dirs,
            paths(&[
                "/opt/one",
                "/opt/two",
                "/home/u/.local/share/marginalia/plugins"
            ])
        );
        assert!(default_plugin_dirs_from(None, None).is_empty());
        assert_eq!(
            default_plugin_dirs_from(Some(OsString::new()), Some(PathBuf::from("/d"))),
            paths(&["/d/marginalia/plugins"])
        );
    }

    #[test]
    fn config_dirs_are_followed_by_the_defaults_without_repeating_cli_dirs() {
        let options = PluginOptions {
            config: Some(PathBuf::from("/etc/m/marginalia.toml")),
            plugin_dirs: paths(&["/etc/m/lib"]),
            locked: false,
        };
        let mut config = Config::parse(
            "pipeline = []\nplugin_dirs = [\"lib\", \"more\"]\n",
            Path::new("/etc/m/marginalia.toml"),
        )
        .unwrap();
        options.extend_search_path(&mut config);
        let mut expected = paths(&["/etc/m/more"]);
        expected.extend(default_plugin_dirs());
        assert_eq!(config.plugin_dirs, expected);
    }
}
