//! `cargo xtask …`: the project's one task runner.
//!
//! - `serve`: set up what is missing, build, and serve the demo until Ctrl-C
//! - `test`: every check and test suite, with one `N passed, N failed` line at the end
//! - `setup`: only install the tools (wasm32 target, Trunk, wasm-bindgen, npm packages)
//! - `build`: only build the widget and demo page into `dist/`

mod moderator;
mod process;
mod serve;
mod test;
mod tools;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::run(),
        Some("test") => test::run(&args[1..]),
        Some("setup") => tools::setup(tools::Needs::everything()),
        Some("build") => tools::setup(tools::Needs::build()).and_then(|()| tools::build_dist()),
        _ => {
            eprintln!("usage: cargo xtask <serve | test | setup | build>");
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
