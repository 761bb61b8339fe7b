//! The files of `dist/` around the release widget: the demo page and what its Trunk links
//! name (the loader, the widget's stylesheet, the languages, the demo's own stylesheet).
//!
//! `index.html` stays Trunk's page for `trunk serve`; the release build reads the same
//! `<link data-trunk …>` lines and does what Trunk would: copies files and directories,
//! links stylesheets, and leaves out the Rust link (the widget is built by `widget.rs`).

use crate::process::{Result, root};
use std::path::Path;

/// Writes `dist/index.html` and every file its Trunk links name.
pub fn assemble(dist: &Path) -> Result {
    let source = root().join("index.html");
    let page = std::fs::read_to_string(&source)
        .map_err(|error| format!("{}: {error}", source.display()))?;
    let mut out = String::with_capacity(page.len());
    for line in page.lines() {
        match TrunkLink::parse(line) {
            Some(link) => {
                if let Some(replacement) = link.apply(dist)? {
                    out.push_str(&replacement);
                    out.push('\n');
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    write(&dist.join("index.html"), out.as_bytes())
}

/// One `<link data-trunk rel="…" href="…">` line.
struct TrunkLink<'a> {
    indent: &'a str,
    rel: &'a str,
    href: Option<&'a str>,
}

impl<'a> TrunkLink<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        let trimmed = line.trim_start();
        if !trimmed.starts_with("<link data-trunk ") {
            return None;
        }
        Some(Self {
            indent: &line[..line.len() - trimmed.len()],
            rel: attribute(trimmed, "rel")?,
            href: attribute(trimmed, "href"),
        })
    }

    /// Copies what the link names into `dist`; returns the line the page keeps, if any.
    fn apply(&self, dist: &Path) -> Result<Option<String>> {
        let href = || {
            self.href
                .ok_or_else(|| format!("index.html: a {} link without href", self.rel))
        };
        match self.rel {
            "rust" => Ok(None),
            "copy-file" => {
                copy_file(&root().join(href()?), dist)?;
                Ok(None)
            }
            "copy-dir" => {
                copy_dir(&root().join(href()?), &dist.join(file_name(href()?)))?;
                Ok(None)
            }
            "css" => {
                let href = href()?;
                copy_file(&root().join(href), dist)?;
                Ok(Some(format!(
                    "{}<link rel=\"stylesheet\" href=\"/{}\" />",
                    self.indent,
                    file_name(href)
                )))
            }
            other => Err(format!("index.html: unknown Trunk link rel=\"{other}\"")),
        }
    }
}

/// The value of `name="…"` in a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let length = tag[start..].find('"')?;
    Some(&tag[start..start + length])
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn copy_file(file: &Path, dist: &Path) -> Result {
    let name = file
        .file_name()
        .ok_or_else(|| format!("{} has no file name", file.display()))?;
    let bytes = std::fs::read(file).map_err(|error| format!("{}: {error}", file.display()))?;
    write(&dist.join(name), &bytes)
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|error| format!("{}: {error}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|error| format!("{}: {error}", from.display()))?;
    for entry in entries {
        let path = entry.map_err(|error| error.to_string())?.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(path.file_name().unwrap_or_default()))?;
        } else {
            copy_file(&path, to)?;
        }
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|error| format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_links_are_read_with_their_indent() {
        let link = TrunkLink::parse(r#"    <link data-trunk rel="css" href="demo/demo.css" />"#)
            .expect("a Trunk link");
        assert_eq!(
            (link.indent, link.rel, link.href),
            ("    ", "css", Some("demo/demo.css"))
        );
        assert!(TrunkLink::parse(r#"<link rel="stylesheet" href="x.css">"#).is_none());
    }
}
