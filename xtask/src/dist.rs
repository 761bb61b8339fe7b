//! `cargo xtask dist`: the release server carrying the built widget, the moderators'
//! screen and the demo page (with brotli and gzip copies), and what a site owner installs,
//! in `target/dist/`: an archive (the binary, an example configuration, a systemd unit, a
//! `Dockerfile` for an empty image, the licences and a short README) and a Debian package
//! (`dpkg-deb`). The binary is static (`x86_64-unknown-linux-musl`, with Debian's
//! `musl-gcc` for SQLite's and the TLS library's C code); where that target or compiler
//! cannot be installed it is linked against glibc instead, and the build says so.

use crate::files::{copy, remove_dir, set_mode, write};
use crate::process::{Result, command, root};
use std::path::{Path, PathBuf};

/// The version of the packages: the server crate's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The static target, and the C compiler its C code is built with.
const STATIC_TARGET: &str = "x86_64-unknown-linux-musl";

/// A release binary, and the target it was built for (`x86_64-linux-musl` or `-gnu`).
pub struct Release {
    pub binary: PathBuf,
    pub platform: &'static str,
}

/// What `dist` made.
pub struct Packages {
    /// The archive's contents, unpacked.
    pub folder: PathBuf,
    pub archive: PathBuf,
    pub deb: PathBuf,
}

/// `cargo xtask dist`.
pub fn run() -> Result {
    crate::tools::setup(crate::tools::Needs::build())?;
    crate::tools::build_dist()?;
    let release = release_binary()?;
    let packages = package(&release, VERSION)?;
    println!("Wrote {}", packages.archive.display());
    println!("Wrote {}", packages.deb.display());
    Ok(())
}

fn out_dir() -> PathBuf {
    root().join("target/dist")
}

/// Builds the release server with `dist/` (and compressed copies) inside it: static when
/// the musl target and compiler install, else for glibc.
pub fn release_binary() -> Result<Release> {
    let assets = out_dir().join("assets");
    remove_dir(&assets)?;
    copy_compressed(&root().join("dist"), &assets)?;
    let mut cargo = command("cargo");
    cargo
        .args(["build", "--release", "--package", "confab-server"])
        .env("CONFAB_EMBED_DIR", &assets);
    let Err(why) = static_toolchain() else {
        crate::process::run(
            cargo
                .args(["--target", STATIC_TARGET])
                .env("CC_x86_64_unknown_linux_musl", "musl-gcc"),
        )?;
        return Ok(Release {
            binary: root().join(format!("target/{STATIC_TARGET}/release/confab-server")),
            platform: "x86_64-linux-musl",
        });
    };
    println!("No static build ({why}): the release binary is linked against glibc.");
    crate::process::run(&mut cargo)?;
    Ok(Release {
        binary: root().join("target/release/confab-server"),
        platform: "x86_64-linux-gnu",
    })
}

/// Installs the musl target (rustup) and Debian's `musl-gcc` when missing.
fn static_toolchain() -> Result {
    crate::tools::rustup_target(STATIC_TARGET)?;
    if !Path::new("/usr/bin/musl-gcc").exists() {
        println!("Installing Debian's musl-tools (musl-gcc)…");
        crate::tools::apt_install(&["musl-tools"])?;
    }
    Ok(())
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

/// The archive and the Debian package of `release`, as version `version`.
pub fn package(release: &Release, version: &str) -> Result<Packages> {
    let out = out_dir();
    let name = format!("confab-{version}-{}", release.platform);
    let staging = out.join(&name);
    remove_dir(&staging)?;
    copy(&release.binary, &staging.join("confab-server"))?;
    set_mode(&staging.join("confab-server"), 0o755)?;
    for (from, to) in [
        ("confab.example.toml", "confab.example.toml"),
        ("packaging/confab.toml", "confab.toml"),
        ("packaging/confab.service", "confab.service"),
        ("packaging/Dockerfile", "Dockerfile"),
    ] {
        copy(&root().join(from), &staging.join(to))?;
    }
    // The container's data volume, owned by its user (see the Dockerfile).
    std::fs::create_dir_all(staging.join("data")).map_err(|error| error.to_string())?;
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
    let deb = crate::debian::build(&release.binary, version, &out)?;
    Ok(Packages {
        folder: staging,
        archive,
        deb,
    })
}
