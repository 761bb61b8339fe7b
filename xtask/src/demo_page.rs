//! The files of `dist/` around the release widget: the demo page and what its Trunk links
//! name (the loader, the widget's stylesheet, the languages, the demo's own stylesheet).
//!
//! `index.html` stays Trunk's page for `trunk serve`; the release build reads the same
//! `<link data-trunk …>` lines and does what Trunk would: copies files and directories,
//! links stylesheets, and leaves out the Rust link (the widget is built by `widget.rs`).

use crate::process::{Result, root};
use std::path::{Path, PathBuf};

/// Writes `dist/index.html` and every file its Trunk links name.
pub fn assemble(dist: &Path) -> Result {
    let source = root().join("index.html");
    let page = std::fs::read_to_string(&source)
        .map_err(|error| format!("{}: {error}", source.display()))?;
    let mut out = String::with_capacity(page.len());
    let mut inlined = Vec::new();
    for line in page.lines() {
        match TrunkLink::parse(line) {
            Some(link) => {
                if let Some(replacement) = link.apply(dist, &mut inlined)? {
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

    /// Copies what the link names into `dist`; returns the line the page keeps, if any. A
    /// stylesheet copied as a file has its `@import`s inlined (one request, as a host
    /// page's widget makes it) and its comments dropped, and the directories the parts
    /// came from are noted in `inlined`, so that a later link copying one of them copies
    /// nothing.
    fn apply(&self, dist: &Path, inlined: &mut Vec<PathBuf>) -> Result<Option<String>> {
        let href = || {
            self.href
                .ok_or_else(|| format!("index.html: a {} link without href", self.rel))
        };
        match self.rel {
            "rust" => Ok(None),
            "copy-file" if href()?.ends_with(".css") => {
                let file = root().join(href()?);
                let (text, from) = with_imports_inlined(&file)?;
                inlined.extend(from);
                let served = crate::minify::stylesheet(&text);
                write(&dist.join(file_name(href()?)), served.as_bytes())?;
                Ok(None)
            }
            "copy-file" => {
                copy_file(&root().join(href()?), dist)?;
                Ok(None)
            }
            "copy-dir" if inlined.contains(&root().join(href()?)) => Ok(None),
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

/// The stylesheet `file` with each `@import url("part.css");` line replaced by that
/// part's text (parts next to it or below), and the directories the parts came from.
fn with_imports_inlined(file: &Path) -> Result<(String, Vec<PathBuf>)> {
    let text =
        std::fs::read_to_string(file).map_err(|error| format!("{}: {error}", file.display()))?;
    let base = file.parent().unwrap_or(Path::new("."));
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::new();
    for line in text.lines() {
        let part = line
            .trim()
            .strip_prefix("@import url(\"")
            .and_then(|rest| rest.strip_suffix("\");"));
        match part {
            Some(part) => {
                let path = base.join(part);
                let inner = std::fs::read_to_string(&path)
                    .map_err(|error| format!("{}: {error}", path.display()))?;
                out.push_str(&inner);
                if let Some(dir) = path.parent().filter(|dir| *dir != base)
                    && !from.iter().any(|known: &PathBuf| known == dir)
                {
                    from.push(dir.to_path_buf());
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    Ok((out, from))
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

    #[test]
    fn a_stylesheets_imports_are_inlined_in_order_and_their_directory_noted() {
        let dir = tempfile::tempdir().unwrap();
        let parts = dir.path().join("parts");
        std::fs::create_dir(&parts).unwrap();
        std::fs::write(parts.join("a.css"), ".a { color: red; }\n").unwrap();
        std::fs::write(parts.join("b.css"), ".b { color: blue; }\n").unwrap();
        let main = dir.path().join("main.css");
        let text = "/* main */\n@import url(\"parts/a.css\");\n@import url(\"parts/b.css\");\n";
        std::fs::write(&main, text).unwrap();
        let (out, from) = with_imports_inlined(&main).unwrap();
        assert_eq!(out, "/* main */\n.a { color: red; }\n.b { color: blue; }\n");
        assert_eq!(from, [parts]);
        std::fs::write(&main, "@import url(\"parts/missing.css\");\n").unwrap();
        assert!(
            with_imports_inlined(&main)
                .unwrap_err()
                .contains("missing.css")
        );
    }
}
