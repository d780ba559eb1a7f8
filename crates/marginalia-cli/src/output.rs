//! The output options of `marginalia annotate` (`--out`, `--out-dir`, `--format`,
//! `--offsets`), and the writer they open; the writers themselves are `marginalia-format`'s.

use std::path::{Path, PathBuf};

use anyhow::bail;
use marginalia_format::{Destination, Format, OffsetUnits, OutcomeWriter};
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
    /// for brat, a .txt and an .ann per document, annotation.conf and visual.conf.
    #[arg(long, value_name = "DIR", required_if_eq("format", "brat"))]
    out_dir: Option<PathBuf>,
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
    fn format(&self) -> Format {
        match self.format {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Brat => Format::Brat,
            FormatArg::Csv => Format::Csv,
            FormatArg::Html => Format::Html,
        }
    }

    fn offsets(&self) -> OffsetUnits {
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

    /// The file or directory written, or `-` for stdout.
    pub fn display_path(&self) -> &Path {
        self.out_dir.as_deref().unwrap_or(&self.out)
    }

    /// Opens the writer (creating directories as needed; a file appears when finished).
    pub fn open(&self) -> anyhow::Result<Box<dyn OutcomeWriter>> {
        Ok(marginalia_format::open(
            self.format(),
            self.offsets(),
            &self.destination(),
        )?)
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
