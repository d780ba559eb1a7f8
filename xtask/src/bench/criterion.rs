//! The criterion micro-benchmarks: running them and reading their estimates.

use super::*;

/// One criterion result: time per iteration.
#[derive(Clone, Debug)]
pub(super) struct Estimate {
    pub(super) median_ns: f64,
    pub(super) lower_ns: f64,
    pub(super) upper_ns: f64,
    /// Bytes per iteration, when the benchmark declared a throughput.
    pub(super) bytes: Option<u64>,
    /// When the estimate was written.
    pub(super) age_s: u64,
}

impl Estimate {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "median_ns": self.median_ns,
            "median_ci_ns": [self.lower_ns, self.upper_ns],
            "bytes_per_iteration": self.bytes,
            "age_s": self.age_s,
        })
    }
}

/// Runs `cargo bench -p marginalia-bench` with the snapshot's plugin libraries.
pub(super) fn run_criterion(root: &Path, bin: &Path) -> Result<()> {
    let mut command = process::cargo(&["bench", "-p", "marginalia-bench"])?;
    command.env(marginalia_testkit::PLUGIN_DIR_ENV, root.join(bin));
    process::run(&mut command)
}

/// The criterion results under `target/criterion`: `GROUP/ID` → estimate.
pub(super) fn read_criterion(root: &Path) -> Result<BTreeMap<String, Estimate>> {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), |d| root.join(d))
        .join("criterion");
    let mut found = BTreeMap::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            let new = path.join("new");
            if let (Ok(benchmark), Ok(estimates)) = (
                std::fs::read_to_string(new.join("benchmark.json")),
                std::fs::read_to_string(new.join("estimates.json")),
            ) {
                let benchmark: Value = serde_json::from_str(&benchmark)?;
                let estimates: Value = serde_json::from_str(&estimates)?;
                let id = benchmark["full_id"].as_str().unwrap_or_default().to_owned();
                let median = &estimates["median"];
                let age_s = std::fs::metadata(new.join("estimates.json"))
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .map_or(0, |d| d.as_secs());
                found.insert(
                    id,
                    Estimate {
                        median_ns: median["point_estimate"].as_f64().unwrap_or(f64::NAN),
                        lower_ns: median["confidence_interval"]["lower_bound"]
                            .as_f64()
                            .unwrap_or(f64::NAN),
                        upper_ns: median["confidence_interval"]["upper_bound"]
                            .as_f64()
                            .unwrap_or(f64::NAN),
                        bytes: benchmark["throughput"]["BytesDecimal"]
                            .as_u64()
                            .or_else(|| benchmark["throughput"]["Bytes"].as_u64()),
                        age_s,
                    },
                );
            } else {
                stack.push(path);
            }
        }
    }
    Ok(found)
}

pub(super) fn criterion_table(criterion: &BTreeMap<String, Estimate>) -> String {
    let mut rows = vec![
        ["criterion benchmark", "median", "95% CI", "MB/s", "age"]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    ];
    for (id, e) in criterion {
        rows.push(vec![
            id.clone(),
            duration(e.median_ns),
            format!("{}-{}", duration(e.lower_ns), duration(e.upper_ns)),
            e.bytes.map_or(String::new(), |b| {
                format!("{:.2}", b as f64 / e.median_ns * 1e3)
            }),
            format!("{} min", e.age_s / 60),
        ]);
    }
    format_rows(&rows)
}

pub(super) fn duration(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

// ---------------------------------------------------------------------------------------------
// The machine
