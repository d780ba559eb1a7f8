//! `cargo xtask real-corpus`: the configured pipeline over a corpus of real news (by default
//! `../shared/corpus-real`, never copied into this repository): every document must be
//! annotated, every span must cover exactly its `text` on character boundaries, the output
//! with `--jobs 1` must equal the output on all cores byte for byte, and a seeded
//! random sample of hits per label is written out, each with its sentence, for a person to
//! judge against the guidelines (see docs/evaluation.md).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use marginalia_core::Annotation;
use marginalia_text::Sentences;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::index::sample;

use crate::{annotate, process};

/// Where the output and samples go, relative to the workspace root.
const OUT_DIR: &str = "target/real-corpus";

/// Options of `cargo xtask real-corpus`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The corpus: a directory searched recursively for `*.txt`.
    #[arg(long, default_value = "../shared/corpus-real")]
    pub path: PathBuf,
    /// Hits sampled per label (0: none).
    #[arg(long, default_value_t = 50)]
    pub sample: usize,
    /// Seed of the sample, so that it can be drawn again.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

/// One output line.
#[derive(Debug, serde::Deserialize)]
struct Record {
    id: String,
    annotations: Vec<Annotation>,
    #[serde(default)]
    error: Option<String>,
}

/// A hit: document index and annotation index.
type Hit = (usize, usize);

/// Annotates the corpus, checks the output, and writes the samples.
pub fn run(args: &Args) -> Result<()> {
    let root = process::root()?;
    let corpus = root.join(&args.path);
    if !corpus.is_dir() {
        bail!(
            "{} is not a directory: pass the real corpus with --path (it is not part of this repository)",
            corpus.display()
        );
    }
    let out = Path::new(OUT_DIR).join("annotations.jsonl");
    // `marginalia` prints its own summary (documents, MB, seconds) on stderr.
    annotate::annotate_release(&root, &corpus, &out, &[])?;
    // The output must not depend on the number of workers: run again on one and compare.
    let single = Path::new(OUT_DIR).join("annotations-jobs1.jsonl");
    annotate::annotate_release(&root, &corpus, &single, &["--jobs", "1"])?;
    let (all_cores, one_core) = (
        std::fs::read(root.join(&out))?,
        std::fs::read(root.join(&single))?,
    );
    if all_cores != one_core {
        bail!(
            "{} (all cores) and {} (--jobs 1) differ: the output depends on the number of workers",
            out.display(),
            single.display()
        );
    }
    println!("--jobs 1 and all cores: byte-identical output");

    let jsonl = std::fs::read_to_string(root.join(&out))
        .with_context(|| format!("reading {}", out.display()))?;
    let mut records = Vec::new();
    for (n, line) in jsonl.lines().enumerate() {
        let record: Record = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not an output record", out.display(), n + 1))?;
        records.push(record);
    }
    let Checked {
        bytes,
        hits,
        problems,
    } = check(&corpus, &records)?;
    println!(
        "\n{} documents, {:.1} MB checked",
        records.len(),
        bytes as f64 / 1e6
    );
    for (label, label_hits) in &hits {
        println!("  {label:<14} {:>8} hits", label_hits.len());
    }
    if args.sample > 0 {
        for (label, label_hits) in &hits {
            let path = root.join(OUT_DIR).join(format!("sample-{label}.md"));
            let text = render_sample(&corpus, &records, label, label_hits, args.sample, args.seed)?;
            std::fs::write(&path, text)?;
            println!("sample of {label}: {}", path.display());
        }
    }
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("  {problem}");
        }
        bail!(
            "{} problems in the output over {}",
            problems.len(),
            corpus.display()
        );
    }
    println!("no failed document, no invalid span");
    Ok(())
}

/// Checks every record against its document; returns the bytes read, the hits per label, and
/// the problems found (failed documents, spans that do not cover their text).
fn check(corpus: &Path, records: &[Record]) -> Result<Checked> {
    let mut bytes = 0;
    let mut hits: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
    let mut problems = Vec::new();
    for (d, record) in records.iter().enumerate() {
        if let Some(error) = &record.error {
            problems.push(format!("{}: failed: {error}", record.id));
            continue;
        }
        let text = std::fs::read_to_string(corpus.join(&record.id))
            .with_context(|| format!("reading {}", record.id))?;
        bytes += text.len() as u64;
        for (a, annotation) in record.annotations.iter().enumerate() {
            if text.get(annotation.start..annotation.end) != Some(annotation.text.as_str()) {
                problems.push(format!(
                    "{}: span {}..{} ({}) does not cover its text {:?}",
                    record.id, annotation.start, annotation.end, annotation.label, annotation.text
                ));
            }
            hits.entry(annotation.label.clone())
                .or_default()
                .push((d, a));
        }
    }
    Ok(Checked {
        bytes,
        hits,
        problems,
    })
}

/// What [`check`] found.
struct Checked {
    bytes: u64,
    hits: BTreeMap<String, Vec<Hit>>,
    problems: Vec<String>,
}

/// A Markdown list of `n` hits drawn at random (seeded), each with its sentence, the span
/// marked `[[like this]]`, and its attributes, with a box to tick.
fn render_sample(
    corpus: &Path,
    records: &[Record],
    label: &str,
    hits: &[Hit],
    n: usize,
    seed: u64,
) -> Result<String> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut picked: Vec<Hit> = sample(&mut rng, hits.len(), n.min(hits.len()))
        .into_iter()
        .map(|i| hits[i])
        .collect();
    picked.sort_unstable();
    let mut out = format!(
        "# Sample of `{label}` hits\n\n{} of {} hits, seed {seed}. Judge each by docs/annotation-guidelines.md.\n\n",
        picked.len(),
        hits.len()
    );
    for (k, (d, a)) in picked.into_iter().enumerate() {
        let record = &records[d];
        let annotation = &record.annotations[a];
        let text = std::fs::read_to_string(corpus.join(&record.id))?;
        let sentence = Sentences::new(&text)
            .containing(annotation.start)
            .unwrap_or(annotation.start..annotation.end);
        let (from, to) = (
            sentence.start.min(annotation.start),
            sentence.end.max(annotation.end),
        );
        let context = format!(
            "{}[[{}]]{}",
            &text[from..annotation.start],
            &text[annotation.start..annotation.end],
            &text[annotation.end..to]
        );
        let context = context.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(
            out,
            "{}. [ ] `{}` {}..{} {}",
            k + 1,
            record.id,
            annotation.start,
            annotation.end,
            annotation.attrs
        )?;
        writeln!(out, "   > {context}\n")?;
    }
    Ok(out)
}
