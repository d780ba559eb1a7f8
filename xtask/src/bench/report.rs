//! Summaries of the runs, the targets and the result tables.

use super::*;

/// The runs of one configuration, summarized.
#[derive(Clone, Debug)]
pub(super) struct Summary {
    pub(super) config: Config,
    pub(super) bytes: u64,
    pub(super) documents: u64,
    pub(super) runs: Vec<Measurement>,
    /// Median wall time, and the fastest and slowest.
    pub(super) wall: Stats,
    pub(super) cpu: Stats,
    pub(super) peak_rss_kb: u64,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Stats {
    pub(super) median: f64,
    pub(super) min: f64,
    pub(super) max: f64,
}

impl Stats {
    pub(super) fn of(values: &[f64]) -> Stats {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Stats {
            median,
            min: v[0],
            max: v[n - 1],
        }
    }
}

impl Summary {
    pub(super) fn new(config: &Config, runs: &[Measurement], corpus: &Corpus) -> Summary {
        let wall: Vec<f64> = runs.iter().map(|m| m.wall_s).collect();
        let cpu: Vec<f64> = runs.iter().map(|m| m.cpu_s).collect();
        Summary {
            config: config.clone(),
            bytes: corpus.bytes,
            documents: corpus.documents,
            runs: runs.to_vec(),
            wall: Stats::of(&wall),
            cpu: Stats::of(&cpu),
            peak_rss_kb: runs.iter().map(|m| m.peak_rss_kb).max().unwrap_or(0),
        }
    }

    /// MB/s of wall time: median, and the range over the runs.
    pub(super) fn mb_s(&self) -> Stats {
        let mbs = mb(self.bytes);
        Stats {
            median: mbs / self.wall.median,
            min: mbs / self.wall.max,
            max: mbs / self.wall.min,
        }
    }

    /// MB per CPU second (median): what one core the process had to itself would do.
    pub(super) fn cpu_mb_s(&self) -> f64 {
        mb(self.bytes) / self.cpu.median
    }

    pub(super) fn to_json(&self) -> Value {
        json!({
            "name": self.config.name,
            "plugins": if self.config.plugins.is_empty() { Value::from("pipeline") } else { json!(self.config.plugins) },
            "jobs": self.config.jobs,
            "text_bytes": self.bytes,
            "documents": self.documents,
            "wall_s": self.runs.iter().map(|m| m.wall_s).collect::<Vec<_>>(),
            "cpu_s": self.runs.iter().map(|m| m.cpu_s).collect::<Vec<_>>(),
            "load_before": self.runs.iter().map(|m| m.load_before).collect::<Vec<_>>(),
            "peak_rss_kb": self.runs.iter().map(|m| m.peak_rss_kb).collect::<Vec<_>>(),
            "mb_s": {"median": self.mb_s().median, "min": self.mb_s().min, "max": self.mb_s().max},
            "docs_s_median": self.documents as f64 / self.wall.median,
            "mb_per_cpu_s_median": self.cpu_mb_s(),
        })
    }
}

/// A target, and whether it was met (`None`: not measured).
#[derive(Clone, Debug)]
pub(super) struct Target {
    pub(super) name: String,
    pub(super) met: Option<bool>,
    pub(super) detail: String,
}

impl Target {
    pub(super) fn to_json(&self) -> Value {
        json!({"name": self.name, "met": self.met, "detail": self.detail})
    }
}

pub(super) fn check_targets(
    summaries: &[Summary],
    big: Option<&Summary>,
    criterion: &BTreeMap<String, Estimate>,
    criterion_mode: CriterionMode,
    plugins: &[PluginInfo],
) -> Vec<Target> {
    let mut targets = Vec::new();
    let no_criterion = |what: &str| match criterion_mode {
        CriterionMode::Skip => "not measured (--criterion skip)".to_owned(),
        _ => format!("no criterion result for {what} (cargo bench -p marginalia-bench)"),
    };
    let full = |jobs: usize| {
        summaries
            .iter()
            .find(|s| s.config.plugin.is_none() && !s.config.isolate && s.config.jobs == jobs)
    };
    let one = full(1);
    if let Some(one) = one {
        let v = one.mb_s().median;
        targets.push(Target {
            name: format!("pipeline >= {TARGET_MB_S_ONE_CORE} MB/s on one core"),
            met: Some(v >= TARGET_MB_S_ONE_CORE),
            detail: format!(
                "{v:.2} MB/s wall ({:.2} MB per CPU second): {:.1}% of the target",
                one.cpu_mb_s(),
                100.0 * v / TARGET_MB_S_ONE_CORE
            ),
        });
    }
    let many = summaries
        .iter()
        .filter(|s| s.config.plugin.is_none() && !s.config.isolate && s.config.jobs > 1)
        .max_by_key(|s| s.config.jobs);
    targets.push(match (one, many) {
        (Some(one), Some(many)) => {
            let speedup = many.mb_s().median / one.mb_s().median;
            Target {
                name: format!("--jobs {} >= {TARGET_SCALING}x --jobs 1", many.config.jobs),
                met: Some(speedup >= TARGET_SCALING),
                detail: format!(
                    "{speedup:.2}x ({:.2} vs {:.2} MB/s; CPU {:.1} s vs {:.1} s)",
                    many.mb_s().median,
                    one.mb_s().median,
                    many.cpu.median,
                    one.cpu.median
                ),
            }
        }
        _ => Target {
            name: format!("all cores >= {TARGET_SCALING}x one core"),
            met: None,
            detail: "one core only".to_owned(),
        },
    });
    targets.push(match big {
        Some(big) => {
            let rss = big.peak_rss_kb as f64 / 1024.0;
            Target {
                name: format!("peak RSS < {TARGET_RSS_MB} MB on {:.0} MB", mb(big.bytes)),
                met: Some(rss < TARGET_RSS_MB),
                detail: format!("{rss:.1} MB (--jobs {})", big.config.jobs),
            }
        }
        None => Target {
            name: format!("peak RSS < {TARGET_RSS_MB} MB on 1 GB"),
            met: None,
            detail: format!(
                "not run (--quick); on {:.0} MB: {:.1} MB",
                summaries.first().map_or(0.0, |s| mb(s.bytes)),
                summaries.iter().map(|s| s.peak_rss_kb).max().unwrap_or(0) as f64 / 1024.0
            ),
        },
    });
    targets.push(match criterion.get("abi/noop_call") {
        Some(e) => Target {
            name: format!("ABI overhead < {TARGET_ABI_NS} ns per call"),
            met: Some(e.median_ns < TARGET_ABI_NS),
            detail: format!(
                "{:.0} ns (abi/noop_call; one span: {})",
                e.median_ns,
                criterion
                    .get("abi/noop_call_one_span")
                    .map_or("-".to_owned(), |e| format!("{:.0} ns", e.median_ns))
            ),
        },
        None => Target {
            name: format!("ABI overhead < {TARGET_ABI_NS} ns per call"),
            met: None,
            detail: no_criterion("abi/noop_call"),
        },
    });
    for plugin in plugins {
        let group = format!("plugin-{}", plugin.name);
        let name = format!(
            "{} linear (10 MB <= {TARGET_LINEAR_RATIO}x 1 MB)",
            plugin.name
        );
        let (one, ten) = (
            criterion.get(&format!("{group}/1MB")),
            criterion.get(&format!("{group}/10MB")),
        );
        targets.push(match (one, ten) {
            (Some(one), Some(ten)) => {
                let ratio = ten.median_ns / one.median_ns;
                Target {
                    name,
                    met: Some(ratio <= TARGET_LINEAR_RATIO),
                    detail: format!(
                        "{ratio:.2}x ({:.1} ms vs {:.1} ms)",
                        ten.median_ns / 1e6,
                        one.median_ns / 1e6
                    ),
                }
            }
            _ => Target {
                name,
                met: None,
                detail: no_criterion(&group),
            },
        });
    }
    targets
}

pub(super) fn table(summaries: &[Summary], big: Option<&Summary>, corpus: &Corpus) -> String {
    let header = [
        "run",
        "jobs",
        "MB/s",
        "(min-max)",
        "docs/s",
        "MB/CPU-s",
        "own MB/CPU-s",
        "peak RSS",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    // A plugin's own cost: its run minus the run of the plugins it needs (CPU time).
    let cpu_of = |plugins: &[String]| {
        summaries
            .iter()
            .find(|s| s.config.jobs == 1 && s.config.plugins == plugins)
            .map(|s| s.cpu.median)
    };
    for s in summaries.iter().chain(big) {
        let r = s.mb_s();
        let own = match &s.config.plugin {
            Some(plugin) if s.config.plugins.len() > 1 => {
                let deps: Vec<String> = s
                    .config
                    .plugins
                    .iter()
                    .filter(|p| *p != plugin)
                    .cloned()
                    .collect();
                cpu_of(&deps)
                    .map(|d| mb(s.bytes) / (s.cpu.median - d))
                    .filter(|v| v.is_finite() && *v > 0.0)
                    .map_or("-".to_owned(), |v| format!("{v:.2}"))
            }
            Some(_) => format!("{:.2}", s.cpu_mb_s()),
            None => String::new(),
        };
        let name = if s.bytes != corpus.bytes {
            format!("{} [{:.0} MB]", s.config.name, mb(s.bytes))
        } else {
            s.config.name.clone()
        };
        rows.push(vec![
            name,
            s.config.jobs.to_string(),
            format!("{:.2}", r.median),
            format!("{:.2}-{:.2}", r.min, r.max),
            format!("{:.0}", s.documents as f64 / s.wall.median),
            format!("{:.2}", s.cpu_mb_s()),
            own,
            format!("{:.1} MB", s.peak_rss_kb as f64 / 1024.0),
        ]);
    }
    let mut out = format!(
        "{:.1} MB of text, {} documents; median of {} run(s) (MB/s over wall time; MB/CPU-s over the process's CPU time)\n",
        mb(corpus.bytes),
        corpus.documents,
        summaries.first().map_or(0, |s| s.runs.len())
    );
    out.push_str(&format_rows(&rows));
    out
}

pub(super) fn format_rows(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = format!("{:<w$}", row[0], w = widths[0]);
        for (cell, width) in row.iter().zip(&widths).skip(1) {
            let _ = write!(line, "  {cell:>width$}");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Criterion

/// The cost of `--isolate`: for each `--jobs` measured both ways, the isolated pipeline's
/// throughput and CPU time next to the in-process one's.
pub(super) fn isolation_cost(summaries: &[Summary]) -> Option<String> {
    let mut out = String::new();
    for isolated in summaries.iter().filter(|s| s.config.isolate) {
        let Some(plain) = summaries.iter().find(|s| {
            !s.config.isolate && s.config.plugin.is_none() && s.config.jobs == isolated.config.jobs
        }) else {
            continue;
        };
        let (a, b) = (plain.mb_s().median, isolated.mb_s().median);
        let _ = writeln!(
            out,
            "isolation cost, --jobs {}: {a:.2} MB/s in-process, {b:.2} MB/s isolated ({:+.1}% throughput); CPU {:.2} s vs {:.2} s ({:+.1}%)",
            isolated.config.jobs,
            100.0 * (b / a - 1.0),
            plain.cpu.median,
            isolated.cpu.median,
            100.0 * (isolated.cpu.median / plain.cpu.median - 1.0),
        );
    }
    (!out.is_empty()).then_some(out)
}
