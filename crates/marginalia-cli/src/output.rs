//! The output options of `marginalia annotate` (`--out`, `--out-dir`, `--resume`,
//! `--retry-failed`, `--format`, `--offsets`), and the writer they open; the writers
//! themselves are `marginalia-format`'s.
//!
//! With `--out-dir`, a run is resumable (`marginalia_format::resume`): documents are committed
//! one by one, and the directory records the run's [`identity`], so that `--resume` can
//! continue an interrupted run, skipping the documents already written, and end with the
//! output of an uninterrupted one; `failures.jsonl` lists the failed documents, and
//! `--retry-failed` annotates them again (`crate::retry` opens that writer).

use std::path::{Path, PathBuf};

use anyhow::bail;
use marginalia_format::resume::{self, Mode, Resumed, RunIdentity};
use marginalia_format::{Destination, Format, OffsetUnits, OutcomeWriter};
use marginalia_host::config::Config;
use marginalia_host::input::Item;
use marginalia_host::run::Outcome;

/// Where and how to write the annotations.
#[derive(Debug, clap::Args)]
pub struct OutputOptions {
    /// Where to write: a file (which appears only once complete) or `-` for stdout.
    #[arg(
        long,
        short,
        value_name = "FILE",
        default_value = "-",
        conflicts_with = "out_dir"
    )]
    out: PathBuf,
    /// Write into this directory instead: annotations.jsonl, annotations.csv or report.html;
    /// for brat, a .txt and an .ann per document, annotation.conf and visual.conf; and
    /// failures.jsonl, the failed documents. Documents are committed one by one, so that an
    /// interrupted run can be continued with --resume; existing output is never overwritten.
    #[arg(long, value_name = "DIR", required_if_eq("format", "brat"))]
    out_dir: Option<PathBuf>,
    /// Continue the run that was writing into --out-dir and stopped (Ctrl-C, kill, power
    /// loss): the documents it wrote are checked and skipped, the rest appended. Refused when
    /// the inputs, options, config or plugins differ. In a new or empty directory, a new run.
    #[arg(long, requires = "out_dir")]
    resume: bool,
    /// With --resume: annotate again the documents that failed (those in failures.jsonl),
    /// with the same inputs, and put their new output in place of the old, leaving every
    /// other byte as it was; then finish the run if it was interrupted.
    #[arg(long, requires = "resume")]
    retry_failed: bool,
    /// Output format: JSON Lines, brat standoff (needs --out-dir), CSV (a row per
    /// annotation), or a self-contained HTML report.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    format: FormatArg,
    /// Offsets to write besides UTF-8 byte offsets: code points (chars), UTF-16 code units
    /// (utf16), or both (all) [default: bytes]. brat always uses code points.
    #[arg(long, value_enum, value_name = "UNITS")]
    offsets: Option<OffsetsArg>,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    /// One JSON object per document (the default).
    Jsonl,
    /// brat standoff files, code-point offsets; needs --out-dir.
    Brat,
    /// One row per annotation, RFC 4180.
    Csv,
    /// One self-contained HTML page.
    Html,
}

/// `--offsets`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum OffsetsArg {
    /// UTF-8 byte offsets only.
    Bytes,
    /// Also Unicode code points.
    Chars,
    /// Also UTF-16 code units.
    Utf16,
    /// Also both.
    All,
}

impl OutputOptions {
    /// `--format`.
    pub fn format(&self) -> Format {
        match self.format {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Brat => Format::Brat,
            FormatArg::Csv => Format::Csv,
            FormatArg::Html => Format::Html,
        }
    }

    /// `--offsets`.
    pub fn offsets(&self) -> OffsetUnits {
        match self.offsets {
            None | Some(OffsetsArg::Bytes) => OffsetUnits::Bytes,
            Some(OffsetsArg::Chars) => OffsetUnits::Chars,
            Some(OffsetsArg::Utf16) => OffsetUnits::Utf16,
            Some(OffsetsArg::All) => OffsetUnits::All,
        }
    }

    /// Refuses combinations that clap cannot express; call before doing any work.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.format == FormatArg::Brat && self.offsets.is_some() {
            bail!(
                "--offsets does not apply to --format brat: brat files always use code-point offsets"
            );
        }
        Ok(())
    }

    /// Where the output goes.
    pub fn destination(&self) -> Destination {
        match &self.out_dir {
            Some(dir) => Destination::Dir(dir.clone()),
            None if self.out.as_os_str() == "-" => Destination::Stdout,
            None => Destination::File(self.out.clone()),
        }
    }

    /// `--out-dir`.
    pub fn out_dir(&self) -> Option<&Path> {
        self.out_dir.as_deref()
    }

    /// `--retry-failed`: the writer is `crate::retry::open`'s, not [`open`](Self::open)'s.
    pub fn retry_failed(&self) -> bool {
        self.retry_failed
    }

    /// The file or directory written, or `-` for stdout.
    pub fn display_path(&self) -> &Path {
        self.out_dir().unwrap_or(&self.out)
    }

    /// Opens the writer, creating directories as needed. `--out FILE` appears when finished;
    /// `-` writes to `stdout` (the process's original standard output, taken with
    /// `marginalia_isolate::stdio::take_stdout`). `--out-dir` is a resumable run of
    /// `identity`: when it resumes, the documents already written are checked against
    /// `source` and taken from it, so that it continues with the first document to write.
    /// (`--retry-failed` needs to put documents back in front of the source: its writer is
    /// opened by `crate::retry::open`.)
    pub fn open(
        &self,
        identity: RunIdentity,
        source: &mut dyn Iterator<Item = Item>,
        stdout: std::fs::File,
    ) -> anyhow::Result<(Box<dyn OutcomeWriter>, Resumed)> {
        let Some(dir) = &self.out_dir else {
            let writer = match self.destination() {
                Destination::Stdout => self.format().named_writer(
                    self.offsets(),
                    std::io::BufWriter::new(stdout),
                    "stdout",
                )?,
                destination => {
                    marginalia_format::open(self.format(), self.offsets(), &destination)?
                }
            };
            return Ok((writer, Resumed::default()));
        };
        if self.retry_failed() {
            bail!("internal error: the writer of --retry-failed is opened by retry::open");
        }
        let mode = if self.resume {
            Mode::Resume
        } else {
            Mode::Fresh
        };
        let mut ids = source.map(|item| item.id().to_owned());
        Ok(resume::open_dir(
            self.format(),
            self.offsets(),
            dir,
            identity,
            mode,
            &mut ids,
        )?)
    }
}

/// What `--resume` compares: the marginalia version, the inputs (absolute paths, `-` for
/// stdin) and how they are read (`--input`, `--include`, `--exclude`), the config file (its
/// absolute path) and a hash of what it gives the plugins (the pipeline and each plugin's
/// table, so comments and layout do not count), and the plugins run (`plugins`: each one's
/// "name version", in run order). (`marginalia-format` adds `--format` and `--offsets`;
/// `--jobs` and `--isolate` do not change the output.)
pub fn identity(
    paths: &[PathBuf],
    input: &str,
    include: &[String],
    exclude: &[String],
    config: &Config,
    plugins: &[String],
) -> RunIdentity {
    let inputs: Vec<String> = paths
        .iter()
        .map(|path| match std::fs::canonicalize(path) {
            Ok(path) => path.display().to_string(),
            Err(_) => path.display().to_string(),
        })
        .collect();
    let settings: Vec<(&str, &_)> = config
        .pipeline
        .iter()
        .map(|entry| (entry.name.as_str(), &entry.settings))
        .collect();
    let settings = serde_json::to_vec(&settings).unwrap_or_default();
    RunIdentity::new()
        .with("marginalia", env!("CARGO_PKG_VERSION"))
        .with("inputs", inputs)
        .with("input", input)
        .with("include", include)
        .with("exclude", exclude)
        .with(
            "config",
            std::fs::canonicalize(&config.path)
                .ok()
                .map(|path| path.display().to_string()),
        )
        .with("config_hash", resume::checksum(&settings))
        .with("plugins", plugins)
}

/// Tells, on stderr, what a resumed run found already written, and what it retries.
pub fn print_resumed(resumed: &Resumed, dir: &Path) {
    if resumed.dropped_bytes > 0 {
        eprintln!(
            "resuming: dropped the incomplete or damaged end of the records in {} ({} bytes); \
             its documents are written again",
            dir.display(),
            resumed.dropped_bytes
        );
    }
    if !resumed.retried.is_empty() {
        eprintln!(
            "retrying the {} failed documents of the {} already written to {}",
            resumed.retried.len(),
            resumed.documents + resumed.retried.len() as u64,
            dir.display()
        );
    } else if resumed.documents > 0 {
        eprintln!(
            "resuming after {} documents already written to {} ({} failed)",
            resumed.documents,
            dir.display(),
            resumed.failed
        );
    }
}

/// The writers' view of a runner outcome.
pub fn view(outcome: &Outcome) -> marginalia_format::Outcome<'_> {
    marginalia_format::Outcome {
        id: &outcome.id,
        text: outcome.text.as_deref(),
        result: match &outcome.result {
            Ok(annotations) => Ok(annotations),
            Err(message) => Err(message),
        },
    }
}
