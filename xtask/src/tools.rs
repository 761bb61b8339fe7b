//! Installing what the build and the tests need, when it is missing, and building `dist/`.
//!
//! Every tool comes from a package registry at a pinned version: the wasm32 target (rustup),
//! Trunk and the wasm-bindgen CLI (crates.io), `wasm-opt`, esbuild, Playwright and the login tests'
//! OpenID provider (npm, pinned by `end2end/package-lock.json`), Chromium and ChromeDriver
//! (Debian's packages), Hugo and Jekyll for the snippets' tests (Debian's too), and the
//! npm projects of the Eleventy and Astro test sites and of the React and Vue examples
//! (each pinned by its own lock file). The
//! test suite's PostgreSQL, when missing, is Debian's package too
//! (see `postgres.rs`).

use crate::process::{Result, command, output, root, run};
use std::path::{Path, PathBuf};

/// The Trunk release the build is tested with.
const TRUNK_VERSION: &str = "0.21.14";

/// Which tools a task needs.
#[derive(Debug, Clone, Copy)]
pub struct Needs {
    pub build: bool,
    pub browser: bool,
    /// Debian's `slowhttptest` and `nginx`, for the server's tests of slow clients and
    /// of a reverse proxy in front of it.
    pub server_tools: bool,
}

impl Needs {
    pub fn build() -> Self {
        Self {
            build: true,
            browser: false,
            server_tools: false,
        }
    }

    pub fn everything() -> Self {
        Self {
            build: true,
            browser: true,
            server_tools: true,
        }
    }
}

/// Installs what `needs` asks for.
pub fn setup(needs: Needs) -> Result {
    if needs.build {
        wasm_target()?;
        trunk()?;
        wasm_bindgen()?;
        npm_packages()?;
    }
    if needs.browser {
        chromium()?;
        site_generators()?;
        site_packages()?;
    }
    if needs.server_tools {
        slowhttptest()?;
        nginx()?;
    }
    Ok(())
}

/// Debian's slowhttptest, which holds hundreds of slow connections to the server under
/// test.
fn slowhttptest() -> Result {
    if Path::new("/usr/bin/slowhttptest").exists() {
        return Ok(());
    }
    println!("Installing Debian's slowhttptest…");
    apt_install(&["slowhttptest"])
}

/// Debian's nginx, which the tests of several servers put in front of two of them.
fn nginx() -> Result {
    if Path::new("/usr/sbin/nginx").exists() {
        return Ok(());
    }
    println!("Installing Debian's nginx…");
    apt_install(&["nginx-light", "openssl"])
}

/// Debian's Hugo and Jekyll, which the browser suite builds sites with to test the
/// snippets for them.
fn site_generators() -> Result {
    let missing: Vec<&str> = ["hugo", "jekyll"]
        .into_iter()
        .filter(|tool| !Path::new("/usr/bin").join(tool).exists())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("Installing Debian's {}…", missing.join(" and "));
    apt_install(&missing)
}

fn wasm_target() -> Result {
    rustup_target("wasm32-unknown-unknown")
}

/// Adds the stable toolchain's `target` with rustup when it is missing.
pub fn rustup_target(target: &str) -> Result {
    let installed =
        output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == target) {
        return Ok(());
    }
    println!("Installing the {target} target…");
    run(command("rustup").args(["target", "add", target]))
}

fn trunk() -> Result {
    let version = output(command("trunk").arg("--version")).unwrap_or_default();
    if version.contains(TRUNK_VERSION) {
        return Ok(());
    }
    println!("Installing Trunk {TRUNK_VERSION} (once; this takes several minutes)…");
    run(command("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// The wasm-bindgen CLI must be exactly the version of the `wasm-bindgen` crate in Cargo.lock.
fn wasm_bindgen() -> Result {
    let wanted = locked_version("wasm-bindgen")?;
    let version = output(command("wasm-bindgen").arg("--version")).unwrap_or_default();
    if version.split_whitespace().any(|word| word == wanted) {
        return Ok(());
    }
    println!("Installing wasm-bindgen-cli {wanted} (once; this takes a few minutes)…");
    run(command("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))
}

/// The version of `package` that Cargo.lock pins.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|error| format!("cannot read Cargo.lock: {error}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"") {
            let version = lines.next().unwrap_or_default();
            if let Some(version) = version.strip_prefix("version = \"") {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err(format!("Cargo.lock does not pin {package}"))
}

pub fn end2end_dir() -> PathBuf {
    root().join("end2end")
}

/// `npm ci` in `end2end/` when its packages are missing or older than the lock file.
fn npm_packages() -> Result {
    npm_ci(
        &end2end_dir(),
        "end2end/ (wasm-opt, esbuild, Playwright, oidc-provider)",
    )
}

/// The npm projects the browser suite builds sites and single-page apps from: the test
/// sites of Eleventy and Astro, and the React and Vue examples.
const SITE_PROJECTS: [&str; 4] = [
    "end2end/sites/eleventy",
    "end2end/sites/astro",
    "examples/react",
    "examples/vue",
];

fn site_packages() -> Result {
    SITE_PROJECTS
        .iter()
        .try_for_each(|project| npm_ci(&root().join(project), project))
}

/// `npm ci` in `dir` (named `what`) when its packages are missing or older than its lock.
fn npm_ci(dir: &Path, what: &str) -> Result {
    let installed = dir.join("node_modules/.package-lock.json");
    if is_newer_or_same(&installed, &dir.join("package-lock.json")) {
        return Ok(());
    }
    println!("Installing the npm packages of {what}…");
    run(command("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir))
}

fn is_newer_or_same(file: &Path, than: &Path) -> bool {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    match (modified(file), modified(than)) {
        (Some(file), Some(than)) => file >= than,
        _ => false,
    }
}

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Where Debian's colour emoji font lives.
const EMOJI_FONT: &str = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";

/// Debian's Chromium and ChromeDriver, which Playwright and wasm-bindgen-test drive, and
/// a colour emoji font, so the screenshots show reactions as readers see them.
fn chromium() -> Result {
    if !Path::new(EMOJI_FONT).exists() {
        println!("Installing Debian's fonts-noto-color-emoji…");
        apt_install(&["fonts-noto-color-emoji"])?;
    }
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    println!("Installing Debian's chromium and chromium-driver…");
    apt_install(&["chromium", "chromium-driver"])
}

/// Installs Debian packages, updating the package lists first when the install fails.
pub fn apt_install(packages: &[&str]) -> Result {
    let install = || {
        run(command("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    };
    if install().is_ok() {
        return Ok(());
    }
    println!("The install failed: updating the package lists (apt-get update) and trying again…");
    run(command("apt-get").arg("update"))?;
    install()
}

/// Builds the release widget, the demo page and the moderators' screen into `dist/`.
pub fn build_dist() -> Result {
    let dist = root().join("dist");
    // Parts split off an earlier build must not linger beside this one's.
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|error| format!("{}: {error}", dist.display()))?;
    }
    std::fs::create_dir_all(&dist).map_err(|error| format!("{}: {error}", dist.display()))?;
    crate::demo_page::assemble(&dist)?;
    crate::minify::loader_file(&dist.join("embed.js"))?;
    crate::widget::build(&dist, crate::widget::toolchain())?;
    build_admin(&dist.join("admin"))
}

/// Builds the moderators' screen (`admin/`) into `dist`.
pub fn build_admin(dist: &std::path::Path) -> Result {
    run(command("trunk")
        .args(["build", "--release", "--dist"])
        .arg(dist)
        .current_dir(root().join("admin")))?;
    if dist.join("index.html").exists() {
        Ok(())
    } else {
        Err(format!(
            "trunk build did not produce {}/index.html",
            dist.display()
        ))
    }
}
