//! `cargo xtask dist`: the release server carrying the built widget, the moderators'
//! screen and the demo page (with brotli and gzip copies), and what a site owner installs,
//! in `target/dist/`: an archive (the binary, an example configuration, a systemd unit,
//! the licences and a short README) and a Debian package (`dpkg-deb`). The binary is
//! linked against the system's glibc (x86_64-unknown-linux-gnu): a static musl build
//! would need a C toolchain for musl for SQLite, which Debian's `rustup` target lacks.

use crate::files::{copy, remove_dir, set_mode, write};
use crate::process::{Result, command, root};
use std::path::{Path, PathBuf};

/// The version of the packages: the server crate's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What `dist` made.
pub struct Packages {
    pub archive: PathBuf,
    pub deb: PathBuf,
}

/// `cargo xtask dist`.
pub fn run() -> Result {
    crate::tools::setup(crate::tools::Needs::build())?;
    crate::tools::build_dist()?;
    let binary = release_binary()?;
    let packages = package(&binary, VERSION)?;
    println!("Wrote {}", packages.archive.display());
    println!("Wrote {}", packages.deb.display());
    Ok(())
}

fn out_dir() -> PathBuf {
    root().join("target/dist")
}

/// Builds the release server with `dist/` (and compressed copies) inside it.
pub fn release_binary() -> Result<PathBuf> {
    let assets = out_dir().join("assets");
    remove_dir(&assets)?;
    copy_compressed(&root().join("dist"), &assets)?;
    crate::process::run(
        command("cargo")
            .args(["build", "--release", "--package", "confab-server"])
            .env("CONFAB_EMBED_DIR", &assets),
    )?;
    Ok(root().join("target/release/confab-server"))
}

/// Copies `from` into `to`, with a `.br` and a `.gz` copy of each text or wasm file.
fn copy_compressed(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|error| format!("{}: {error}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|error| format!("{}: {error}", from.display()))?;
    for entry in entries.flatten() {
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            copy_compressed(&source, &target)?;
            continue;
        }
        let bytes =
            std::fs::read(&source).map_err(|error| format!("{}: {error}", source.display()))?;
        write(&target, &bytes)?;
        let compressible = ["html", "js", "css", "json", "wasm", "svg", "txt"]
            .iter()
            .any(|extension| source.extension().is_some_and(|found| found == *extension));
        if compressible {
            write(
                &with_suffix(&target, "br"),
                &crate::sizes::brotlied(&bytes)?,
            )?;
            write(&with_suffix(&target, "gz"), &crate::sizes::gzipped(&bytes)?)?;
        }
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{suffix}"));
    PathBuf::from(name)
}

/// The archive and the Debian package of `binary`, as version `version`.
pub fn package(binary: &Path, version: &str) -> Result<Packages> {
    let out = out_dir();
    let name = format!("confab-{version}-x86_64-linux-gnu");
    let staging = out.join(&name);
    remove_dir(&staging)?;
    copy(binary, &staging.join("confab-server"))?;
    set_mode(&staging.join("confab-server"), 0o755)?;
    copy(
        &root().join("confab.example.toml"),
        &staging.join("confab.example.toml"),
    )?;
    copy(
        &root().join("packaging/confab.service"),
        &staging.join("confab.service"),
    )?;
    for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
        copy(&root().join(licence), &staging.join(licence))?;
    }
    copy(&root().join("packaging/README"), &staging.join("README"))?;
    let archive = out.join(format!("{name}.tar.gz"));
    crate::process::run(
        command("tar")
            .arg("--create")
            .arg("--gzip")
            .arg("--owner=0")
            .arg("--group=0")
            .arg("--file")
            .arg(&archive)
            .arg("--directory")
            .arg(&out)
            .arg(&name),
    )?;
    let deb = crate::debian::build(binary, version, &out)?;
    Ok(Packages { archive, deb })
}
