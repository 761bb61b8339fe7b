//! What the widget costs a host page in bytes, raw, gzip and brotli (best levels, as a
//! server would precompress them): the reader core, every file fetched before the first
//! comment is drawn, apart from the writer parts loaded on demand; and the budget that
//! `cargo xtask test` holds both totals to (`size-budget.json`).

use crate::process::{Result, root};
use std::io::Write;
use std::path::Path;

/// The files a page that embeds Confab loads before it shows a comment, in that order
/// (the glue carries the loader of the split-off parts).
pub const READER_FILES: [&str; 4] = ["embed.js", "confab.js", "confab_bg.wasm", "confab.css"];

/// One file's sizes (or a total's) in bytes.
#[derive(Debug, Clone, Default)]
pub struct FileSize {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
    /// Loaded only when the reader writes, or when the browser is idle (a writer part).
    pub on_demand: bool,
}

impl FileSize {
    fn total(name: &str, files: &[&FileSize]) -> Self {
        Self {
            name: name.to_owned(),
            raw: files.iter().map(|size| size.raw).sum(),
            gzip: files.iter().map(|size| size.gzip).sum(),
            brotli: files.iter().map(|size| size.brotli).sum(),
            on_demand: false,
        }
    }
}

/// The widget's files in `dist` with the reader core's total and the total of all.
#[derive(Debug, Clone)]
pub struct Sizes {
    pub files: Vec<FileSize>,
    pub reader: FileSize,
    pub all: FileSize,
}

/// Measures the widget's files in `dist`: the reader core's, then the split-off parts'.
pub fn measure(dist: &Path) -> Result<Sizes> {
    let mut files = Vec::new();
    for name in READER_FILES {
        files.push(file_size(dist, name, false)?);
    }
    let mut on_demand: Vec<String> = std::fs::read_dir(dist)
        .map_err(|error| format!("{}: {error}", dist.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| is_on_demand(name))
        .collect();
    on_demand.sort();
    for name in &on_demand {
        files.push(file_size(dist, name, true)?);
    }
    let reader: Vec<&FileSize> = files.iter().filter(|file| !file.on_demand).collect();
    let reader = FileSize::total("reader core", &reader);
    let all = FileSize::total("everything", &files.iter().collect::<Vec<_>>());
    Ok(Sizes { files, reader, all })
}

/// The split-off parts (see `widget.rs`).
fn is_on_demand(name: &str) -> bool {
    name.ends_with(".wasm") && (name.starts_with("split_") || name.starts_with("chunk_"))
}

fn file_size(dist: &Path, name: &str, on_demand: bool) -> Result<FileSize> {
    let bytes = std::fs::read(dist.join(name))
        .map_err(|error| format!("{}: {error}", dist.join(name).display()))?;
    Ok(FileSize {
        name: name.to_owned(),
        raw: bytes.len(),
        gzip: gzip(&bytes)?,
        brotli: brotli(&bytes)?,
        on_demand,
    })
}

/// The most brotli bytes the reader core and the whole widget may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub reader_brotli: usize,
    pub all_brotli: usize,
}

/// The budget in `size-budget.json` at the repository's root.
pub fn budget() -> Result<Budget> {
    let path = root().join("size-budget.json");
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    let field = |name: &str| {
        value[name]
            .as_u64()
            .map(|bytes| bytes as usize)
            .ok_or_else(|| format!("{}: no whole number `{name}`", path.display()))
    };
    Ok(Budget {
        reader_brotli: field("reader_brotli_bytes")?,
        all_brotli: field("all_brotli_bytes")?,
    })
}

/// Prints the figures against the budget; fails when either total is over it.
pub fn check(sizes: &Sizes, budget: Budget) -> Result {
    for file in &sizes.files {
        let when = if file.on_demand {
            "on demand"
        } else {
            "reader"
        };
        println!("  {:<24} {:>9} B brotli ({when})", file.name, file.brotli);
    }
    let mut over = Vec::new();
    for (total, limit) in [
        (&sizes.reader, budget.reader_brotli),
        (&sizes.all, budget.all_brotli),
    ] {
        println!(
            "  {:<24} {:>9} B brotli, budget {limit} B",
            total.name, total.brotli
        );
        if total.brotli > limit {
            over.push(format!(
                "{} is {} B brotli, over its budget of {limit} B by {} B",
                total.name,
                total.brotli,
                total.brotli - limit
            ));
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; "))
    }
}

fn gzip(bytes: &[u8]) -> Result<usize> {
    gzipped(bytes).map(|out| out.len())
}

fn brotli(bytes: &[u8]) -> Result<usize> {
    brotlied(bytes).map(|out| out.len())
}

/// `bytes` compressed with gzip at its best.
pub fn gzipped(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .map_err(|error| error.to_string())?;
    encoder.finish().map_err(|error| error.to_string())
}

/// `bytes` compressed with brotli at its best.
pub fn brotlied(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .map_err(|error| error.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_parts_count_as_on_demand_and_the_glue_does_not() {
        assert!(!is_on_demand("confab.js"));
        assert!(is_on_demand("split_writer.wasm"));
        assert!(is_on_demand("chunk_0.wasm"));
        assert!(!is_on_demand("confab_bg.wasm"));
        assert!(!is_on_demand("split_notes.txt"));
    }

    #[test]
    fn a_total_over_its_budget_fails_and_says_by_how_much() {
        let size = |brotli| FileSize {
            brotli,
            ..FileSize::default()
        };
        let sizes = Sizes {
            files: vec![],
            reader: size(90),
            all: size(160),
        };
        let budget = Budget {
            reader_brotli: 100,
            all_brotli: 150,
        };
        let error = check(&sizes, budget).expect_err("the total is over");
        assert!(
            error.contains("over its budget of 150 B by 10 B"),
            "{error}"
        );
        let roomy = Budget {
            reader_brotli: 90,
            all_brotli: 160,
        };
        assert_eq!(check(&sizes, roomy), Ok(()));
    }
}
