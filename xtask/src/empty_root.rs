//! The container image, without a container engine: the archive's `Dockerfile` is read
//! and its image laid out as a directory (`FROM scratch`, so only what it copies), which
//! the server is started in as the image would start it (`unshare --root`, the image's
//! user, working directory, environment and command line). A binary that needed anything
//! outside it (a C library, certificates, a shell) could not start there.

use crate::process::{Result, command, free_port, terminate};
use std::path::Path;

/// The image of `folder/Dockerfile`, built in `folder/../empty-root`, serves everything.
pub fn serves_everything(folder: &Path) -> Result {
    let dockerfile = std::fs::read_to_string(folder.join("Dockerfile"))
        .map_err(|error| format!("the Dockerfile: {error}"))?;
    let image = Image::read(&dockerfile)?;
    let root = folder.with_file_name("empty-root");
    crate::files::remove_dir(&root)?;
    for copied in &image.copies {
        lay_out(folder, &root, copied)?;
    }
    let port = free_port()?;
    let (user, group) = image
        .user
        .split_once(':')
        .unwrap_or((&image.user, &image.user));
    let mut server = command("unshare")
        .args([
            "--mount",
            "--pid",
            "--kill-child",
            "--setuid",
            user,
            "--setgid",
            group,
        ])
        .arg(format!("--root={}", root.display()))
        .arg(format!("--wd={}", image.workdir))
        .args(&image.command)
        .env_clear()
        .envs(image.env.iter().map(|(name, value)| (name, value)))
        // The image listens on all addresses; here, on a free port of this machine only.
        .env("CONFAB_BIND", format!("127.0.0.1:{port}"))
        .spawn()
        .map_err(|error| format!("unshare: {error}"))?;
    let checked = crate::release_checks::wait_for_health(port)
        .and_then(|()| crate::release_checks::serves_and_stores(port));
    // The server changed its user, which cancels unshare's --kill-child: it is stopped
    // first, as a container engine stops its image's process.
    let _ = crate::process::run(
        command("pkill")
            .args(["--signal", "TERM", "--parent"])
            .arg(server.id().to_string()),
    );
    terminate(&mut server);
    checked
}

/// What the image is made of and how it starts.
#[derive(Debug, Default, PartialEq)]
struct Image {
    /// `COPY [--chown=uid:gid] source target`.
    copies: Vec<Copied>,
    env: Vec<(String, String)>,
    user: String,
    workdir: String,
    /// `ENTRYPOINT` followed by `CMD`.
    command: Vec<String>,
}

#[derive(Debug, PartialEq)]
struct Copied {
    source: String,
    target: String,
    owner: Option<String>,
}

impl Image {
    /// Reads the instructions this test understands; any other one is an error, so the
    /// image cannot quietly gain what the test does not lay out.
    fn read(dockerfile: &str) -> Result<Self> {
        let mut image = Image {
            user: "0:0".to_owned(),
            workdir: "/".to_owned(),
            ..Image::default()
        };
        let mut cmd = Vec::new();
        for line in dockerfile.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (instruction, rest) = line.split_once(' ').unwrap_or((line, ""));
            match instruction {
                "FROM" if rest == "scratch" => {}
                "COPY" => image.copies.push(Copied::read(rest)?),
                "ENV" => {
                    for pair in rest.split_whitespace() {
                        let (name, value) = pair.split_once('=').ok_or(format!("ENV {pair}"))?;
                        image.env.push((name.to_owned(), value.to_owned()));
                    }
                }
                "USER" => image.user = rest.to_owned(),
                "WORKDIR" => image.workdir = rest.to_owned(),
                "VOLUME" | "EXPOSE" => {}
                "ENTRYPOINT" => image.command = json_words(rest)?,
                "CMD" => cmd = json_words(rest)?,
                _ => return Err(format!("the test cannot lay out “{line}”")),
            }
        }
        image.command.extend(cmd);
        Ok(image)
    }
}

impl Copied {
    fn read(words: &str) -> Result<Self> {
        let mut owner = None;
        let mut paths = Vec::new();
        for word in words.split_whitespace() {
            match word.strip_prefix("--chown=") {
                Some(chown) => owner = Some(chown.to_owned()),
                None => paths.push(word.to_owned()),
            }
        }
        let [source, target] = <[String; 2]>::try_from(paths)
            .map_err(|paths| format!("COPY needs a source and a target: {paths:?}"))?;
        Ok(Copied {
            source,
            target,
            owner,
        })
    }
}

/// An exec-form instruction's words: `["a", "b"]`.
fn json_words(text: &str) -> Result<Vec<String>> {
    serde_json::from_str(text).map_err(|error| format!("not a JSON list of words: {error}"))
}

/// Copies `copied.source` (a file or a folder) from `folder` into `root`.
fn lay_out(folder: &Path, root: &Path, copied: &Copied) -> Result {
    let target = root.join(copied.target.trim_start_matches('/'));
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("{}: {error}", parent.display()))?;
    }
    crate::process::run(
        command("cp")
            .args(["--recursive", "--no-target-directory"])
            .arg(folder.join(&copied.source))
            .arg(&target),
    )?;
    if let Some(owner) = &copied.owner {
        crate::process::run(command("chown").args(["--recursive", owner]).arg(&target))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_release_dockerfile() {
        let image = Image::read(include_str!("../../packaging/Dockerfile")).unwrap();
        assert_eq!(image.user, "65534:65534");
        assert_eq!(image.command.first().unwrap(), "/usr/bin/confab-server");
        assert_eq!(image.command.last().unwrap(), "serve");
        assert!(image.copies.iter().any(|copied| copied.owner.is_some()));
    }

    #[test]
    fn refuses_what_it_cannot_lay_out() {
        assert!(Image::read("FROM debian:bookworm\n").is_err());
        assert!(Image::read("FROM scratch\nRUN apt-get install curl\n").is_err());
        assert!(Image::read("FROM scratch\nCOPY only-one\n").is_err());
        assert!(Image::read("FROM scratch\nCMD serve\n").is_err());
    }
}
