//! One measured `marginalia` run: wall time, CPU time of the child, peak RSS from `/proc`.

use super::*;

/// One configuration of `marginalia annotate`.
#[derive(Clone, Debug)]
pub(super) struct Config {
    /// For the table: `pipeline` or a plugin's name.
    pub(super) name: String,
    /// `--plugin` arguments (empty: the config's whole pipeline).
    pub(super) plugins: Vec<String>,
    /// The plugin measured, for a breakdown row.
    pub(super) plugin: Option<String>,
    pub(super) jobs: usize,
    /// `--isolate`: the plugins run in worker processes.
    pub(super) isolate: bool,
}

impl Config {
    pub(super) fn full(plugins: &[PluginInfo], jobs: usize) -> Config {
        let names: Vec<&str> = plugins.iter().map(|p| p.name.as_str()).collect();
        Config {
            name: format!("pipeline ({})", names.join(", ")),
            plugins: Vec::new(),
            plugin: None,
            jobs,
            isolate: false,
        }
    }

    /// The full pipeline with `--isolate`: the same work as [`Config::full`], in workers.
    pub(super) fn isolated(plugins: &[PluginInfo], jobs: usize) -> Config {
        let full = Config::full(plugins, jobs);
        Config {
            name: format!("{}, --isolate", full.name),
            isolate: true,
            ..full
        }
    }

    pub(super) fn plugin(all: &[PluginInfo], plugin: &PluginInfo) -> Config {
        let plugins = with_dependencies(all, plugin);
        let others: Vec<&str> = plugins
            .iter()
            .filter(|p| **p != plugin.name)
            .map(String::as_str)
            .collect();
        let name = if others.is_empty() {
            plugin.name.clone()
        } else {
            format!("{} (+ {})", plugin.name, others.join(", "))
        };
        Config {
            name,
            plugins,
            plugin: Some(plugin.name.clone()),
            jobs: 1,
            isolate: false,
        }
    }

    pub(super) fn out_name(&self) -> String {
        let what = self.plugin.as_deref().unwrap_or("pipeline");
        let isolated = if self.isolate { "-isolated" } else { "" };
        format!("{what}-j{}{isolated}.jsonl", self.jobs)
    }
}

/// One run.
#[derive(Clone, Debug)]
pub(super) struct Measurement {
    pub(super) wall_s: f64,
    pub(super) cpu_s: f64,
    pub(super) peak_rss_kb: u64,
    /// The one-minute load average just before the run.
    pub(super) load_before: f64,
}

/// Runs `marginalia annotate --input jsonl CORPUS --out FILE --jobs N [--plugin ...]
/// [--isolate]` and measures it. The CPU time includes worker processes (reaped by
/// `marginalia`, their time is in its `cutime`); the peak RSS is the host process's only.
pub(super) fn measure(
    root: &Path,
    bin: &Path,
    config: &Config,
    corpus: &Corpus,
    bench_dir: &Path,
) -> Result<Measurement> {
    let out = bench_dir.join("out").join(config.out_name());
    let log = bench_dir
        .join("logs")
        .join(config.out_name().replace(".jsonl", ".log"));
    let mut command = Command::new(marginalia(bin));
    command
        .current_dir(root)
        .args([
            "annotate",
            "--input",
            "jsonl",
            "--config",
            "marginalia.toml",
        ])
        .arg("--plugin-dir")
        .arg(bin)
        .arg("--jobs")
        .arg(config.jobs.to_string())
        .arg("--out")
        .arg(&out);
    for plugin in &config.plugins {
        command.args(["--plugin", plugin]);
    }
    if config.isolate {
        command.arg("--isolate");
    }
    command
        .arg(&corpus.path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&log)?);
    let load_before = load_average();
    let cpu_before = children_cpu_s()?;
    let started = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("running {}", process::show(&command)))?;
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak_rss_kb = 0;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Some(hwm) = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|s| vm_hwm_kb(&s))
        {
            peak_rss_kb = peak_rss_kb.max(hwm);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let wall_s = started.elapsed().as_secs_f64();
    let cpu_s = children_cpu_s()? - cpu_before;
    if !status.success() {
        bail!(
            "`{}` failed ({status}); its messages are in {}",
            process::show(&command),
            log.display()
        );
    }
    Ok(Measurement {
        wall_s,
        cpu_s,
        peak_rss_kb,
        load_before,
    })
}

/// `VmHWM` (peak resident set size) in kB, from the text of `/proc/PID/status`.
pub(super) fn vm_hwm_kb(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
}

/// The CPU time (user + system) of this process's reaped children so far, in seconds.
pub(super) fn children_cpu_s() -> Result<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").context("reading /proc/self/stat")?;
    children_cpu_from_stat(&stat).context("unexpected /proc/self/stat")
}

/// Fields 16 and 17 (`cutime`, `cstime`) of a `/proc/PID/stat` line, in seconds. The second
/// field (the command name) may hold spaces; it ends at the last `)`.
pub(super) fn children_cpu_from_stat(stat: &str) -> Option<f64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    // After the name come field 3 (state) onwards: cutime is field 16, i.e. index 13 here.
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let cutime: f64 = fields.get(13)?.parse().ok()?;
    let cstime: f64 = fields.get(14)?.parse().ok()?;
    Some((cutime + cstime) / USER_HZ)
}

pub(super) fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(f64::NAN)
}

// ---------------------------------------------------------------------------------------------
// Summaries and targets
