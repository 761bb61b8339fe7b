//! `cargo xtask fuzz [SECONDS]`: runs each cargo-fuzz target (nightly) for a bounded time,
//! seeded with the XSS corpora. A crash stops the run and names its input; copy that file
//! into `fuzz/regressions/<target>/`, where the native tests replay it.

use crate::process::{Result, command, output, root, run};

/// cargo-fuzz, installed when missing.
const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// The targets in `fuzz/fuzz_targets/`.
const TARGETS: [&str; 2] = ["markdown", "request"];
/// Seconds per target unless the command line says otherwise.
const DEFAULT_SECONDS: u64 = 60;

pub fn run_all(args: &[String]) -> Result {
    let seconds = match args.first() {
        Some(text) => text
            .parse::<u64>()
            .map_err(|_| format!("usage: cargo xtask fuzz [SECONDS per target], not {text:?}"))?,
        None => DEFAULT_SECONDS,
    };
    setup()?;
    for target in TARGETS {
        let corpus = root().join("target/fuzz/corpus").join(target);
        std::fs::create_dir_all(&corpus)
            .map_err(|error| format!("{}: {error}", corpus.display()))?;
        println!("\n=== fuzzing {target} for {seconds} s");
        run(command("cargo")
            .args([
                "+nightly",
                "fuzz",
                "run",
                "--fuzz-dir",
                "fuzz",
                "--target-dir",
            ])
            .arg(root().join("target/fuzz/build"))
            .arg(target)
            .arg(&corpus)
            .arg(root().join("tests/corpora/xss"))
            .arg(root().join("fuzz/regressions").join(target))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg("-max_len=16384")
            .current_dir(root()))
        .map_err(|error| {
            format!(
                "{error}\nThe fuzzer found a crash in {target}: its input is in \
                 fuzz/artifacts/{target}/. Copy it into fuzz/regressions/{target}/ \
                 (the native tests replay that directory), fix the bug, and run again."
            )
        })?;
    }
    println!("\nNo crash in {} targets × {seconds} s.", TARGETS.len());
    Ok(())
}

fn setup() -> Result {
    let toolchains = output(command("rustup").args(["toolchain", "list"])).unwrap_or_default();
    if !toolchains.lines().any(|line| line.starts_with("nightly")) {
        println!("Installing the nightly toolchain (cargo-fuzz needs it)…");
        run(command("rustup").args(["toolchain", "install", "nightly", "--profile", "minimal"]))?;
    }
    let version = output(command("cargo").args(["fuzz", "--version"])).unwrap_or_default();
    if !version.contains(CARGO_FUZZ_VERSION) {
        println!("Installing cargo-fuzz {CARGO_FUZZ_VERSION}…");
        run(command("cargo").args([
            "install",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
            "--locked",
        ]))?;
    }
    Ok(())
}
