//! The progress bar on stderr: documents, MB, MB/s and ETA, shown only on a terminal.

use std::cell::Cell;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use marginalia_host::run::Outcome;

/// A progress bar that is hidden unless stderr is a terminal.
pub struct Progress {
    bar: ProgressBar,
    bytes: Cell<u64>,
}

impl Progress {
    /// Whether a bar would be drawn.
    pub fn visible() -> bool {
        std::io::stderr().is_terminal()
    }

    /// Starts the bar; `total` documents when known (for the ETA).
    pub fn start(total: Option<u64>) -> Progress {
        if !Progress::visible() {
            return Progress {
                bar: ProgressBar::hidden(),
                bytes: Cell::new(0),
            };
        }
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
        let template = if total.is_some() {
            "{elapsed_precise} [{wide_bar}] {pos}/{len} docs, {msg}, ETA {eta}"
        } else {
            "{elapsed_precise} {spinner} {pos} docs, {msg}"
        };
        bar.set_style(
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress {
            bar,
            bytes: Cell::new(0),
        }
    }

    /// Counts one finished document.
    pub fn document(&self, outcome: &Outcome) {
        self.bar.inc(1);
        let total = self.bytes.get() + outcome.text.as_ref().map_or(0, String::len) as u64;
        self.bytes.set(total);
        let secs = self.bar.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{:.1} MB, {:.1} MB/s",
            total as f64 / 1e6,
            total as f64 / 1e6 / secs
        ));
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
