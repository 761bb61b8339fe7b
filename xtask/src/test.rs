//! `cargo xtask test`: formatting, lints, and every test suite, summed into one line.
//!
//! `cargo xtask test [STEP…]` runs only the named steps: fmt, clippy, native, postgres,
//! wasm, size, e2e (which builds the release widget and checks its size too), package
//! (the Debian package installed, run, upgraded and removed); it refuses unknown names and
//! installs only what the named steps need. `postgres` runs the server's HTTP tests again
//! on a throwaway PostgreSQL, then the tests of several servers sharing it.

use crate::postgres::Postgres;
use crate::process::{Result, command, describe, root, terminate};
use crate::sizes;
use crate::summaries::{cargo_counts, playwright_counts};
use crate::tools::{self, CHROMEDRIVER, Needs};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Passed and failed tests over all steps.
#[derive(Debug, Default)]
struct Tally {
    passed: u32,
    failed: u32,
    failures: Vec<String>,
}

impl Tally {
    /// A step that passes or fails as a whole (formatting, lints, a build).
    fn check(&mut self, name: &str, command: &mut Command) {
        println!("\n=== {name}: {}", describe(command));
        match command.status() {
            Ok(status) if status.success() => self.passed += 1,
            _ => self.fail(name),
        }
    }

    /// A test suite whose output says how many tests passed and failed.
    fn suite(&mut self, name: &str, command: &mut Command, count: fn(&str) -> (u32, u32)) {
        println!("\n=== {name}: {}", describe(command));
        let (passed, failed, success) = match run_capturing(command) {
            Ok((text, success)) => {
                let (passed, failed) = count(&text);
                (passed, failed, success)
            }
            Err(error) => {
                eprintln!("{error}");
                (0, 0, false)
            }
        };
        self.passed += passed;
        self.failed += failed;
        if failed > 0 {
            self.failures.push(format!("{name}: {failed} failed"));
        } else if !success || passed == 0 {
            self.fail(&format!("{name} (did not run to the end, or ran no test)"));
        }
    }

    fn fail(&mut self, name: &str) {
        self.failed += 1;
        self.failures.push(name.to_owned());
    }
}

/// The steps `cargo xtask test` knows, in the order it runs them.
const STEPS: [&str; 8] = [
    "fmt", "clippy", "native", "postgres", "wasm", "size", "e2e", "package",
];

/// The steps `args` name (all of them when none is named); an unknown name is refused.
fn chosen_steps(args: &[String]) -> Result<Vec<&'static str>> {
    if let Some(unknown) = args.iter().find(|arg| !STEPS.contains(&arg.as_str())) {
        return Err(format!(
            "there is no test step `{unknown}`; the steps are: {}",
            STEPS.join(", ")
        ));
    }
    Ok(STEPS
        .into_iter()
        .filter(|step| args.is_empty() || args.iter().any(|arg| arg == step))
        .collect())
}

/// What the chosen steps need installed: the WebAssembly tool chain for lints, builds
/// and the browser suites, Chromium only for the browser suites, slowhttptest for the
/// server's tests.
fn needs(steps: &[&str]) -> Needs {
    let any = |names: &[&str]| steps.iter().any(|step| names.contains(step));
    Needs {
        build: any(&["clippy", "wasm", "size", "e2e", "package"]),
        browser: any(&["wasm", "e2e"]),
        server_tools: any(&["native", "postgres"]),
    }
}

pub fn run(args: &[String]) -> Result {
    let steps = chosen_steps(args)?;
    let wanted = |step: &str| steps.contains(&step);
    tools::setup(needs(&steps))?;
    let mut tally = Tally::default();
    if wanted("fmt") {
        tally.check(
            "formatting",
            command("cargo").args(["fmt", "--all", "--check"]),
        );
    }
    if wanted("clippy") {
        let clippy = [
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            // Left out of --all-targets: it runs only in the postgres step.
            "--test",
            "replicas",
            "--",
            "-D",
            "warnings",
        ];
        tally.check("clippy (native)", command("cargo").args(clippy));
        tally.check(
            "clippy (wasm32)",
            command("cargo")
                .args(["clippy", "--quiet", "--package", "confab", "--package"])
                .args(["confab-admin", "--all-targets"])
                .args(["--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]),
        );
    }
    if wanted("native") {
        tally.suite(
            "native tests",
            command("cargo").args(["test", "--workspace"]),
            cargo_counts,
        );
    }
    if wanted("postgres") {
        server_on_postgres(&mut tally);
    }
    if wanted("wasm") {
        let mut wasm_tests = command("cargo");
        wasm_tests
            .args([
                "test",
                "--package",
                "confab",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .args(["--test", "components"])
            .env("CHROMEDRIVER", CHROMEDRIVER);
        tally.suite("component tests in Chromium", &mut wasm_tests, cargo_counts);
    }
    if wanted("e2e") || wanted("size") || wanted("package") {
        build_widget(&mut tally);
    }
    if wanted("e2e") {
        end_to_end(&mut tally);
    }
    let installs = wanted("package").then(crate::installs::run_all);
    for (name, result) in installs.unwrap_or_default() {
        match result {
            Ok(()) => tally.passed += 1,
            Err(error) => {
                eprintln!("{name}: {error}");
                tally.fail(name);
            }
        }
    }
    println!();
    for failure in &tally.failures {
        println!("FAILED: {failure}");
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 {
        Ok(())
    } else {
        Err("some checks failed".to_owned())
    }
}

/// The server's HTTP tests again, each on its own database of a throwaway PostgreSQL
/// server (`CONFAB_TEST_POSTGRES`), then the tests of several server processes on one
/// database; PostgreSQL stops when they end.
fn server_on_postgres(tally: &mut Tally) {
    const NAME: &str = "server tests on PostgreSQL";
    println!("\n=== PostgreSQL: starting a throwaway server");
    let postgres = match Postgres::start() {
        Ok(postgres) => postgres,
        Err(error) => {
            eprintln!("{error}");
            tally.fail(&format!("{NAME} (PostgreSQL did not start)"));
            return;
        }
    };
    println!("PostgreSQL is listening: {}", postgres.url());
    tally.suite(
        NAME,
        command("cargo")
            .args(["test", "--package", "confab-server", "--test", "http"])
            .env("CONFAB_TEST_POSTGRES", postgres.url()),
        cargo_counts,
    );
    tally.suite(
        "several servers on one PostgreSQL database",
        command("cargo")
            .args(["test", "--package", "confab-server", "--test", "replicas"])
            .env("CONFAB_TEST_POSTGRES", postgres.url()),
        cargo_counts,
    );
}

/// Builds `dist/` as a release does (split widget, demo page, moderators' screen) and
/// holds the widget to its size budget.
fn build_widget(tally: &mut Tally) {
    println!("\n=== widget build: the release widget, split, into dist/");
    if let Err(error) = tools::build_dist() {
        eprintln!("{error}");
        tally.fail("widget build");
        return;
    }
    tally.passed += 1;
    println!("\n=== widget size budget (size-budget.json)");
    let checked = sizes::measure(&root().join("dist"))
        .and_then(|sizes| sizes::check(&sizes, sizes::budget()?));
    match checked {
        Ok(()) => tally.passed += 1,
        Err(error) => {
            eprintln!("{error}");
            tally.fail("widget size budget");
        }
    }
}

/// Starts the real server on `dist/` and runs the Playwright tests against it.
fn end_to_end(tally: &mut Tally) {
    tally.check(
        "server build",
        command("cargo").args(["build", "--quiet", "--package", "confab-server"]),
    );
    let database = root().join(format!("target/e2e/confab-{}.db", std::process::id()));
    let _ = std::fs::create_dir_all(root().join("target/e2e"));
    let config = root().join("target/e2e/confab.toml");
    let password = match crate::moderator::write_config(&config) {
        Ok(password) => password,
        Err(error) => {
            eprintln!("{error}");
            tally.fail("end-to-end tests (no moderator configuration)");
            return;
        }
    };
    let (mut server, base_url) = match start_server(&database, &config) {
        Ok(started) => started,
        Err(error) => {
            eprintln!("{error}");
            tally.fail("end-to-end tests (the server did not start)");
            remove_database(&database);
            return;
        }
    };
    let mut playwright = command("playwright");
    playwright
        .arg("test")
        .current_dir(tools::end2end_dir())
        .env("CONFAB_BASE_URL", &base_url)
        .env(
            "CONFAB_SERVER_BIN",
            root().join("target/debug/confab-server"),
        )
        .env("CONFAB_DIST", root().join("dist"))
        .env("CONFAB_CONFIG", &config)
        .env("CONFAB_MODERATOR", crate::moderator::NAME)
        .env("CONFAB_MODERATOR_PASSWORD", password);
    tally.suite(
        "end-to-end tests in Chromium",
        &mut playwright,
        playwright_counts,
    );
    terminate(&mut server);
    remove_database(&database);
}

/// Deletes a throwaway SQLite database with its write-ahead log and shared-memory files.
fn remove_database(database: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut path = database.as_os_str().to_owned();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
}

/// The big thread the browser tests read in pages.
const BIG_THREAD: &str = "/big-thread/";
const BIG_THREAD_COMMENTS: &str = "10000";
/// A thread the browser tests read whole, to see it drawn a slice at a time.
const WHOLE_THREAD: &str = "/whole-thread/";
const WHOLE_THREAD_COMMENTS: &str = "1000";
/// A thread too big to be read whole (`limit=all` serves up to 10,000 visible comments).
const OVER_LIMIT_THREAD: &str = "/over-limit-thread/";
const OVER_LIMIT_THREAD_COMMENTS: &str = "10500";

/// Starts `confab-server` on a free port with the demo thread and generated threads of
/// 10,000, 1,000 and 10,500 comments; returns it and its URL.
fn start_server(database: &std::path::Path, config: &std::path::Path) -> Result<(Child, String)> {
    let binary = root().join("target/debug/confab-server");
    for (thread, comments) in [
        (BIG_THREAD, BIG_THREAD_COMMENTS),
        (WHOLE_THREAD, WHOLE_THREAD_COMMENTS),
        (OVER_LIMIT_THREAD, OVER_LIMIT_THREAD_COMMENTS),
    ] {
        crate::process::run(
            command(&binary.to_string_lossy())
                .arg("--database")
                .arg(database)
                .args(["generate", "--thread", thread, "--comments", comments]),
        )?;
    }
    let mut server = command(&binary.to_string_lossy())
        .arg("--config")
        .arg(config)
        .args(["--bind", "127.0.0.1:0", "--demo", "--static-dir", "dist"])
        .args(["--allowed-origin", "http://127.0.0.1:4444"])
        // Every browser test comes from one address: lift the per-client limits.
        .args(["--write-rate", "1000000", "--read-rate", "1000000"])
        // The specs post through the API from one address, as a script would; the proof of
        // work has a server of its own (spec 25).
        .args(["--proof-of-work", "off"])
        .arg("--database")
        .arg(database)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
    let stdout = server.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let url = lines.by_ref().map_while(|line| line.ok()).find_map(|line| {
        println!("{line}");
        line.strip_prefix("Listening on ").map(str::to_owned)
    });
    // Keep draining the server's output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.map_while(|line| line.ok()).for_each(|_| ()));
    match url {
        Some(url) => Ok((server, url)),
        None => {
            terminate(&mut server);
            Err("confab-server exited before it listened".to_owned())
        }
    }
}

/// Runs `command`, echoing its standard output while keeping a copy.
fn run_capturing(command: &mut Command) -> Result<(String, bool)> {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("could not start {}: {error}", describe(command)))?;
    let mut text = String::new();
    for line in BufReader::new(child.stdout.take().expect("stdout is piped")).lines() {
        let line = line.unwrap_or_default();
        println!("{line}");
        text.push_str(&line);
        text.push('\n');
    }
    let status = child.wait().map_err(|error| error.to_string())?;
    Ok((text, status.success()))
}

#[cfg(test)]
mod tests;
