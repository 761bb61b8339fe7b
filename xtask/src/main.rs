//! `cargo xtask …`: the project's one task runner.
//!
//! - `serve`: set up what is missing, build, and serve the demo until Ctrl-C
//! - `test`: every check and test suite, with one `N passed, N failed` line at the end
//! - `setup`: only install the tools (wasm32 target, Trunk, wasm-bindgen, npm packages)
//! - `build`: only build the release widget, the demo page and the moderators' screen into `dist/`
//! - `dist`: the release server carrying the built files, as an archive and a Debian package
//! - `bench [RUNS | spam]`: measure the widget's size and the server under load (or only
//!   the spam defences)
//! - `fuzz [SECONDS]`: run the fuzz targets (cargo-fuzz, nightly) for a bounded time

mod bench;
mod debian;
mod demo_page;
mod dist;
mod empty_root;
mod files;
mod fuzz;
mod installs;
mod minify;
mod moderator;
mod postgres;
mod process;
mod release_checks;
mod serve;
mod sizes;
mod summaries;
mod test;
mod tools;
mod unused_exports;
mod widget;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::run(),
        Some("test") => test::run(&args[1..]),
        Some("setup") => tools::setup(tools::Needs::everything()),
        Some("build") => tools::setup(tools::Needs::build()).and_then(|()| tools::build_dist()),
        Some("dist") => dist::run(),
        Some("fuzz") => fuzz::run_all(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <serve | test | setup | build | dist | bench | fuzz>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}
