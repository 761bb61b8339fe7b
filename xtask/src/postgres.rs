//! A throwaway PostgreSQL server: a fresh data directory, a free port on 127.0.0.1, trust
//! authentication for the `postgres` superuser, and nothing left behind once dropped.
//!
//! The binaries come from `PATH`, else from the newest `/usr/lib/postgresql/<version>/bin`,
//! else from Debian's `postgresql` package, installed on the spot. PostgreSQL refuses to run
//! as root, so as root its programs run as the `postgres` system user (created if missing).
//! The cluster uses the C locale, so text sorts bytewise, as in SQLite.

use crate::process::{Result, describe, free_port, output, run, wait_until};
use crate::tools;
use std::borrow::Cow;
use std::net::{Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The system user PostgreSQL runs as when this process is root.
const USER: &str = "postgres";
/// Where Debian installs each major version's programs.
const DEBIAN_DIR: &str = "/usr/lib/postgresql";
/// The programs a throwaway server needs, all in one directory.
const PROGRAMS: [&str; 3] = ["initdb", "pg_ctl", "postgres"];
/// How many lines of a failed program's output or of the server's log an error quotes.
const TAIL_LINES: usize = 20;

/// Clusters that are running now, so that Ctrl-C can stop them too.
static RUNNING: Mutex<Vec<Cluster>> = Mutex::new(Vec::new());

/// A running PostgreSQL server; dropping it stops the server and deletes its data.
#[derive(Debug)]
pub struct Postgres {
    cluster: Cluster,
    url: String,
}

impl Postgres {
    /// Sets up a fresh cluster and starts it on a free port.
    pub fn start() -> Result<Postgres> {
        let bin = binaries()?;
        let runner = Runner::for_this_user()?;
        let data = fresh_dir()?;
        let cluster = Cluster { bin, data, runner };
        RUNNING
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(cluster.clone());
        stop_on_ctrl_c();
        // From here on, dropping `server` stops whatever was started and deletes the data.
        let mut server = Postgres {
            cluster,
            url: String::new(),
        };
        server.cluster.init()?;
        let port = free_port()?;
        server.cluster.launch(port)?;
        server.url = format!("postgres://{USER}@127.0.0.1:{port}/postgres");
        Ok(server)
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`: the superuser, no password.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        let before = running.len();
        running.retain(|cluster| cluster.data != self.cluster.data);
        // Unless Ctrl-C got here first.
        if running.len() < before {
            self.cluster.stop_and_remove();
        }
    }
}

/// Makes Ctrl-C stop the running clusters before the process ends: `pg_ctl` detaches the
/// server from the terminal, so the interrupt does not reach it. Leaves an existing handler
/// in place.
fn stop_on_ctrl_c() {
    let _ = ctrlc::try_set_handler(|| {
        let clusters: Vec<Cluster> =
            std::mem::take(&mut *RUNNING.lock().unwrap_or_else(PoisonError::into_inner));
        for cluster in clusters {
            eprintln!("Stopping PostgreSQL in {}…", cluster.data.display());
            cluster.stop_and_remove();
        }
        std::process::exit(130);
    });
}

/// One data directory and how to run the programs that serve it.
#[derive(Debug, Clone)]
struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    runner: Runner,
}

impl Cluster {
    /// `initdb`: a superuser `postgres` trusted without a password, UTF-8, the C locale.
    fn init(&self) -> Result {
        self.runner.own(&self.data)?;
        let data = self.data_arg();
        // The cluster is thrown away, so initdb need not sync it; the server runs with fsync.
        let args = [
            "-D",
            &data,
            "-U",
            USER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ];
        quietly(&mut self.command("initdb", &args)).map_err(|error| match self.runner {
            Runner::Me => error,
            Runner::Runuser | Runner::Su => format!(
                "{error}\n(PostgreSQL runs as the user {USER}, who must be able to reach {})",
                self.data.display()
            ),
        })
    }

    /// `pg_ctl start` on `port`, with the Unix socket inside the data directory; waits until
    /// the server accepts TCP connections.
    fn launch(&self, port: u16) -> Result {
        let data = self.data_arg();
        let log = self.data.join("server.log");
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {} -c max_connections=300 -c fsync=on",
            shell_quote(&data)
        );
        let log_arg = log.to_string_lossy();
        let args = ["-D", &data, "-l", &log_arg, "-w", "-o", &options, "start"];
        let started = quietly(&mut self.command("pg_ctl", &args)).and_then(|()| {
            wait_until(
                "PostgreSQL to accept connections",
                Duration::from_secs(30),
                || TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok(),
            )
        });
        started.map_err(|error| {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            format!(
                "PostgreSQL did not start: {error}\nthe end of {}:\n{}",
                log.display(),
                tail(&text, TAIL_LINES)
            )
        })
    }

    /// `pg_ctl stop -m fast`, or SIGKILL if the server is still there, then deletes the data.
    fn stop_and_remove(&self) {
        let data = self.data_arg();
        let stop = ["-D", &data, "-m", "fast", "-w", "stop"];
        let stopped = self
            .command("pg_ctl", &stop)
            .output()
            .is_ok_and(|output| output.status.success());
        if !stopped {
            self.kill();
        }
        if let Err(error) = std::fs::remove_dir_all(&self.data) {
            eprintln!("could not delete {}: {error}", self.data.display());
        }
    }

    /// Kills the server named by `postmaster.pid`, if there is one.
    fn kill(&self) {
        let pid_file = self.data.join("postmaster.pid");
        let Ok(text) = std::fs::read_to_string(&pid_file) else {
            return;
        };
        let Some(pid) = text
            .lines()
            .next()
            .and_then(|line| line.trim().parse::<u32>().ok())
        else {
            return;
        };
        eprintln!("PostgreSQL (pid {pid}) did not stop; killing it");
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let mut command = self.runner.command(&self.bin.join(program), args);
        // The `postgres` user may not be allowed into the workspace.
        command.current_dir(&self.data);
        command
    }

    /// The data directory as an argument (`fresh_dir` made sure it is UTF-8).
    fn data_arg(&self) -> Cow<'_, str> {
        self.data.to_string_lossy()
    }
}

/// How this process runs PostgreSQL's programs.
#[derive(Debug, Clone, Copy)]
enum Runner {
    /// As the current user, who is not root.
    Me,
    /// As root, through `runuser -u postgres --`.
    Runuser,
    /// As root without `runuser`, through `su -s /bin/sh -c … postgres`.
    Su,
}

impl Runner {
    fn for_this_user() -> Result<Runner> {
        let uid = output(Command::new("id").arg("-u")).unwrap_or_default();
        if uid.trim() != "0" {
            return Ok(Runner::Me);
        }
        ensure_user()?;
        Ok(if on_path("runuser").is_some() {
            Runner::Runuser
        } else {
            Runner::Su
        })
    }

    fn command(self, program: &Path, args: &[&str]) -> Command {
        match self {
            Runner::Me => {
                let mut command = Command::new(program);
                command.args(args);
                command
            }
            Runner::Runuser => {
                let mut command = Command::new("runuser");
                command.args(["-u", USER, "--"]).arg(program).args(args);
                command
            }
            Runner::Su => {
                let program = program.to_string_lossy();
                let line: Vec<String> = std::iter::once(program.as_ref())
                    .chain(args.iter().copied())
                    .map(shell_quote)
                    .collect();
                let mut command = Command::new("su");
                command.args(["-s", "/bin/sh", "-c", &line.join(" "), USER]);
                command
            }
        }
    }

    /// Hands `dir` to the user the programs run as.
    fn own(self, dir: &Path) -> Result {
        match self {
            Runner::Me => Ok(()),
            Runner::Runuser | Runner::Su => run(Command::new("chown").arg(USER).arg(dir)),
        }
    }
}

/// Creates the `postgres` system user when it does not exist.
fn ensure_user() -> Result {
    if output(Command::new("id").arg(USER)).is_some() {
        return Ok(());
    }
    println!("PostgreSQL refuses to run as root: creating the system user {USER}…");
    run(Command::new("useradd").args(["--system", "--home-dir", "/var/lib/postgresql", USER]))
}

/// The directory holding `initdb`, `pg_ctl` and `postgres`, installing Debian's
/// `postgresql` package when there is none.
fn binaries() -> Result<PathBuf> {
    if let Some(dir) = find_binaries() {
        return Ok(dir);
    }
    println!("No PostgreSQL found: installing Debian's postgresql…");
    tools::apt_install(&["postgresql"])?;
    find_binaries().ok_or_else(|| {
        format!(
            "Debian's postgresql is installed, but no directory on PATH or in \
             {DEBIAN_DIR}/<version>/bin has {}",
            PROGRAMS.join(", ")
        )
    })
}

/// A directory on `PATH` with all the programs, else the newest Debian version with them.
fn find_binaries() -> Option<PathBuf> {
    let has_all = |dir: &PathBuf| PROGRAMS.iter().all(|program| dir.join(program).is_file());
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(dir) = std::env::split_paths(&path).find(has_all) {
        return Some(dir);
    }
    let versions: Vec<String> = std::fs::read_dir(DEBIAN_DIR)
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    newest_first(versions)
        .into_iter()
        .map(|version| Path::new(DEBIAN_DIR).join(version).join("bin"))
        .find(has_all)
}

/// The names that are versions (`15`, `9.6`), newest first; other names are left out.
fn newest_first(names: Vec<String>) -> Vec<String> {
    let parse = |name: &str| -> Option<Vec<u32>> {
        name.split('.').map(|part| part.parse().ok()).collect()
    };
    let mut versions: Vec<(Vec<u32>, String)> = names
        .into_iter()
        .filter_map(|name| Some((parse(&name)?, name)))
        .collect();
    versions.sort_by(|a, b| b.0.cmp(&a.0));
    versions.into_iter().map(|(_, name)| name).collect()
}

/// The full path of `program` on `PATH`.
fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// A new, empty directory under the system's temporary directory.
fn fresh_dir() -> Result<PathBuf> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    let name = format!(
        "confab-postgres-{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let dir = std::env::temp_dir().join(name);
    if dir.to_str().is_none() {
        return Err(format!(
            "the temporary directory {} is not UTF-8",
            dir.display()
        ));
    }
    std::fs::create_dir(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    Ok(dir)
}

/// Runs `command` with its output captured, quoting the end of it if the command fails.
fn quietly(command: &mut Command) -> Result {
    let result = command
        .output()
        .map_err(|error| format!("could not start {}: {error}", describe(command)))?;
    if result.status.success() {
        return Ok(());
    }
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    Err(format!(
        "{} failed ({}):\n{}",
        describe(command),
        result.status,
        tail(&text, TAIL_LINES)
    ))
}

/// The last `count` lines of `text`.
fn tail(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

/// `word` as one word for `sh`.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests;
