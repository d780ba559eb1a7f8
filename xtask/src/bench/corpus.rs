//! The benchmark corpus: the real corpus repeated until it is large enough.

use super::*;

/// A benchmark corpus: a JSON Lines file of `{"id", "text"}` objects.
#[derive(Clone, Debug)]
pub(super) struct Corpus {
    pub(super) path: PathBuf,
    /// Bytes of text (what `marginalia` counts, and what MB/s is computed from).
    pub(super) bytes: u64,
    pub(super) documents: u64,
    pub(super) copies: u64,
}

impl Corpus {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "path": self.path,
            "text_bytes": self.bytes,
            "documents": self.documents,
            "copies_of_source": self.copies,
        })
    }
}

/// Writes (or reuses) `target/bench/corpus-{min_mb}mb.jsonl`: every `*.txt` under `source`,
/// in path order, as `{"id": "copyNNN/PATH", "text": ...}`, repeated until the text reaches
/// `min_mb` MB. A sidecar `.meta.json` says what it was made from; it is reused when that
/// matches.
pub(super) fn make_corpus(source: &Path, min_mb: u64, bench_dir: &Path) -> Result<Corpus> {
    let mut paths = Vec::new();
    collect_txt(source, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        bail!("{} holds no *.txt file", source.display());
    }
    let mut source_bytes = 0u64;
    for p in &paths {
        source_bytes += std::fs::metadata(p)?.len();
    }
    let min_bytes = min_mb * 1_000_000;
    let copies = min_bytes.div_ceil(source_bytes).max(1);
    let path = bench_dir.join(format!("corpus-{min_mb}mb.jsonl"));
    let meta_path = bench_dir.join(format!("corpus-{min_mb}mb.meta.json"));
    let meta = json!({
        "source": source.canonicalize()?,
        "source_files": paths.len(),
        "source_bytes": source_bytes,
        "copies": copies,
    });
    let corpus = Corpus {
        path: path.clone(),
        bytes: source_bytes * copies,
        documents: paths.len() as u64 * copies,
        copies,
    };
    let existing: Option<Value> = std::fs::read_to_string(&meta_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    if existing.as_ref() == Some(&meta) && path.is_file() {
        return Ok(corpus);
    }
    println!(
        "writing {} ({copies} copies of {}, {:.1} MB of text)",
        path.display(),
        source.display(),
        mb(corpus.bytes)
    );
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let id = p
                .strip_prefix(source)
                .unwrap_or(p)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("reading {} (is it UTF-8?)", p.display()))?;
            Ok((id, text))
        })
        .collect::<Result<_>>()?;
    let _ = std::fs::remove_file(&meta_path);
    let mut out = BufWriter::new(File::create(&path)?);
    #[derive(serde::Serialize)]
    struct Line<'a> {
        id: &'a str,
        text: &'a str,
    }
    for copy in 0..copies {
        for (id, text) in &texts {
            let id = format!("copy{copy:03}/{id}");
            serde_json::to_writer(&mut out, &Line { id: &id, text })?;
            out.write_all(b"\n")?;
        }
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::write(&meta_path, serde_json::to_string_pretty(&meta)?)?;
    Ok(corpus)
}

pub(super) fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_txt(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Measuring
