//! Options and setup shared by the subcommands.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use marginalia_host::config::Config;
use tracing_subscriber::EnvFilter;

/// Where the config and the plugins are.
#[derive(Debug, clap::Args)]
pub struct PluginOptions {
    /// The config file.
    #[arg(long, short, value_name = "FILE", default_value = "marginalia.toml")]
    pub config: PathBuf,
    /// A directory to search for plugin libraries before the config's `plugin_dirs` (repeatable).
    #[arg(long = "plugin-dir", value_name = "DIR")]
    pub plugin_dirs: Vec<PathBuf>,
}

impl PluginOptions {
    /// Reads the config file.
    pub fn load_config(&self) -> anyhow::Result<Config> {
        Config::load(&self.config).context("invalid configuration")
    }
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
