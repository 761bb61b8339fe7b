//! The release widget, built for weight: what `dist/` serves, the bench measures and the
//! browser suite tests.
//!
//! `cargo build` of the widget on a pinned nightly with the standard library rebuilt for
//! size (`-Zbuild-std`, `panic = "immediate-abort"`, no panic locations, no `Debug`
//! output), then wasm-split cuts the writer parts off the reader core, wasm-bindgen writes
//! the JS glue, the exports nothing calls are dropped, `wasm-opt -Oz` shrinks every module
//! and esbuild bundles the glue with the parts' loader, minified. When the pinned nightly cannot be
//! installed, the build says so and uses the stable toolchain with the plain release
//! profile. `trunk serve` stays the unsplit development build.

use crate::process::{Result, command, output, root, run};
use std::path::{Path, PathBuf};

/// The nightly the release widget is built with (its `rust-src` is all it needs: the
/// standard library is built from source, so no prebuilt wasm32 library is required).
pub const NIGHTLY: &str = "nightly-2026-05-19";

/// The loader of the split-off parts that wasm-split writes (bundled into the glue).
const LOADER: &str = "__wasm_split.js";
/// How the glue imports it.
const LOADER_LINK: &str = "./__wasm_split.js";

/// Where the release widget is built, apart from `target/` so the different flags do not
/// rebuild the server's and the tests' dependencies.
fn target_dir() -> PathBuf {
    root().join("target/widget")
}

/// The toolchain a release build uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toolchain {
    /// The pinned nightly, with the standard library rebuilt for size.
    Nightly,
    /// The stable toolchain, when the nightly cannot be installed.
    Stable,
}

/// Installs the pinned nightly and its `rust-src` when missing; falls back to stable.
pub fn toolchain() -> Toolchain {
    let has_source = || {
        output(command("rustup").args(["component", "list", "--installed", "--toolchain", NIGHTLY]))
            .is_some_and(|list| list.lines().any(|line| line.trim() == "rust-src"))
    };
    if has_source() {
        return Toolchain::Nightly;
    }
    println!("Installing {NIGHTLY} with rust-src for the release widget (once)…");
    let installed =
        run(command("rustup").args(["toolchain", "install", NIGHTLY, "--profile", "minimal"]))
            .and_then(|()| {
                run(command("rustup").args([
                    "component",
                    "add",
                    "rust-src",
                    "--toolchain",
                    NIGHTLY,
                ]))
            });
    match installed {
        Ok(()) if has_source() => Toolchain::Nightly,
        _ => {
            println!(
                "warning: {NIGHTLY} could not be installed; building the release widget with \
                 the stable toolchain (a larger widget: no rebuilt standard library)"
            );
            Toolchain::Stable
        }
    }
}

/// Builds the widget into `dist`: `confab.js` (the glue, with the split-off parts' loader
/// bundled in), `confab_bg.wasm`, and the split-off parts.
pub fn build(dist: &Path, toolchain: Toolchain) -> Result {
    let wasm = compile(toolchain)?;
    let main = target_dir().join("confab_split.wasm");
    let parts = split(&wasm, &main, dist)?;
    run(command("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-typescript"])
        .args(["--out-name", "confab", "--out-dir"])
        .arg(dist)
        .arg(&main))?;
    crate::unused_exports::drop_from(&dist.join("confab_bg.wasm"))?;
    for module in std::iter::once(dist.join("confab_bg.wasm")).chain(parts) {
        optimize(&module)?;
    }
    bundle_glue(dist)
}

/// Bundles the glue and the parts' loader into one minified `confab.js` (esbuild): one
/// request fewer before the first comment (the glue imported the loader, so it came after
/// the glue), and about 2 KB brotli less.
fn bundle_glue(dist: &Path) -> Result {
    let glue = dist.join("confab.js");
    run(command("esbuild")
        .arg(&glue)
        .args(["--bundle", "--format=esm", "--minify", "--allow-overwrite"])
        .arg("--log-level=warning")
        .arg(format!("--outfile={}", glue.display())))?;
    let loader = dist.join(LOADER);
    std::fs::remove_file(&loader).map_err(|error| format!("{}: {error}", loader.display()))
}

/// `cargo build` of the widget's cdylib, linked with relocations kept for wasm-split.
fn compile(toolchain: Toolchain) -> Result<PathBuf> {
    let mut cargo = command("cargo");
    let mut rustflags = vec!["-Clink-arg=--emit-relocs"];
    if toolchain == Toolchain::Nightly {
        cargo.arg(format!("+{NIGHTLY}"));
    }
    cargo
        .args([
            "build",
            "--lib",
            "--package",
            "confab",
            "--features",
            "split",
        ])
        .args([
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ])
        .arg("--target-dir")
        .arg(target_dir());
    if toolchain == Toolchain::Nightly {
        cargo
            .args(["-Zbuild-std=std,panic_abort", "-Zpanic-immediate-abort"])
            .args(["--config", "profile.wasm-release.panic=\"immediate-abort\""]);
        rustflags.extend(["-Zlocation-detail=none", "-Zfmt-debug=none"]);
    }
    // The workspace's own RUSTFLAGS would change what is measured.
    cargo
        .env_remove("RUSTFLAGS")
        .env("CARGO_ENCODED_RUSTFLAGS", rustflags.join("\u{1f}"));
    run(&mut cargo)?;
    Ok(target_dir().join("wasm32-unknown-unknown/wasm-release/confab.wasm"))
}

/// Cuts the `#[lazy]` parts out of `wasm` into `dist` (one module per part, their shared
/// code in chunks, and `__wasm_split.js`, which loads them); writes the reader core to
/// `main`. Returns the parts' paths.
fn split(wasm: &Path, main: &Path, dist: &Path) -> Result<Vec<PathBuf>> {
    let bytes = std::fs::read(wasm).map_err(|error| format!("{}: {error}", wasm.display()))?;
    let mut options = wasm_split_cli_support::Options::new(&bytes);
    options.output_dir = dist;
    options.main_out_path = main;
    options.main_module = "./confab.js";
    options.link_name = LOADER_LINK;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|error| format!("wasm-split of {}: {error:#}", wasm.display()))?;
    Ok(split.split_modules)
}

/// `wasm-opt -Oz` in place, with the features the wasm32 target enables.
fn optimize(module: &Path) -> Result {
    run(command("wasm-opt")
        .arg("-Oz")
        .args(["--enable-bulk-memory", "--enable-nontrapping-float-to-int"])
        .args(["--enable-sign-ext", "--enable-mutable-globals"])
        .args(["--enable-reference-types", "--enable-multivalue"])
        .arg(module)
        .arg("-o")
        .arg(module))
}
