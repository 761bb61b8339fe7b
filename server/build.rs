//! Embeds a built `dist/` (the widget, its loader, the language files, the moderators'
//! screen and the demo page, with their `.br` and `.gz` copies) into the binary when
//! `CONFAB_EMBED_DIR` names one, as `cargo xtask dist` does; otherwise embeds nothing.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=CONFAB_EMBED_DIR");
    let mut files = Vec::new();
    if let Some(dir) = std::env::var_os("CONFAB_EMBED_DIR") {
        let dir = PathBuf::from(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        walk(&dir, &dir, &mut files);
    }
    files.sort();
    let mut digest = DefaultHasher::new();
    let mut code = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let bytes = std::fs::read(path).expect("an embedded file is readable");
        digest.write(name.as_bytes());
        digest.write(&bytes);
        code.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            path.display()
        ));
    }
    code.push_str("];\n");
    let digest = format!("{:016x}", digest.finish());
    code.push_str(&format!("pub const DIGEST: &str = {digest:?};\n"));
    code.push_str(&format!("pub const VERSIONED: &str = \"/_/{digest}/\";\n"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded.rs"), code).expect("OUT_DIR is writable");
}

/// Every file under `dir`, by its path relative to `root` with `/` between names.
fn walk(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries = std::fs::read_dir(dir).expect("CONFAB_EMBED_DIR is a readable directory");
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, files);
        } else if let Ok(relative) = path.strip_prefix(root) {
            let name = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((name, path));
        }
    }
}
