//! What the widget costs the host page in bytes: every file it loads, raw, gzip and
//! brotli (best levels, as a server would precompress them).

use crate::process::Result;
use std::io::Write;
use std::path::Path;

/// The files a page that embeds Confab loads, in the order it loads them.
pub const WIDGET_FILES: [&str; 4] = ["embed.js", "confab.js", "confab_bg.wasm", "confab.css"];

/// One file's sizes in bytes.
#[derive(Debug, Clone)]
pub struct FileSize {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// The sizes of the widget's files in `dist`, and their total.
pub fn measure(dist: &Path) -> Result<Vec<FileSize>> {
    let mut sizes = Vec::new();
    for name in WIDGET_FILES {
        let bytes = std::fs::read(dist.join(name))
            .map_err(|error| format!("{}: {error}", dist.join(name).display()))?;
        sizes.push(FileSize {
            name: name.to_owned(),
            raw: bytes.len(),
            gzip: gzip(&bytes)?,
            brotli: brotli(&bytes)?,
        });
    }
    let total = FileSize {
        name: "total".to_owned(),
        raw: sizes.iter().map(|size| size.raw).sum(),
        gzip: sizes.iter().map(|size| size.gzip).sum(),
        brotli: sizes.iter().map(|size| size.brotli).sum(),
    };
    sizes.push(total);
    Ok(sizes)
}

fn gzip(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .map_err(|error| error.to_string())?;
    Ok(encoder.finish().map_err(|error| error.to_string())?.len())
}

fn brotli(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .map_err(|error| error.to_string())?;
    Ok(out.len())
}
