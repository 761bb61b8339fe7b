//! The Debian package `dist` writes, with `dpkg-deb`: the binary in `/usr/bin`, the
//! systemd unit, `/etc/confab/confab.toml` (a configuration file dpkg keeps across
//! upgrades), a `confab` system user made on install, and the data in `/var/lib/confab`,
//! which removing the package keeps and purging it deletes.

use crate::files::{copy, read, remove_dir, set_mode, write};
use crate::process::{Result, command, root, run};
use std::path::{Path, PathBuf};

/// What the package runs after it is unpacked: the user, the data directory, the service.
const POSTINST: &str = r#"#!/bin/sh
set -e
if [ "$1" = configure ]; then
    mkdir -p /var/lib/confab
    if ! getent passwd confab >/dev/null; then
        adduser --system --group --home /var/lib/confab --no-create-home \
            --gecos "Confab comment server" confab >/dev/null
    fi
    chown confab:confab /var/lib/confab
    chmod 0750 /var/lib/confab
    chown root:confab /etc/confab/confab.toml
    chmod 0640 /etc/confab/confab.toml
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload >/dev/null || true
        if [ -z "$2" ]; then
            systemctl enable --now confab.service >/dev/null || true
        else
            systemctl try-restart confab.service >/dev/null || true
        fi
    fi
fi
"#;

/// What runs before the files go: the service stops when the package is removed.
const PRERM: &str = r#"#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
    systemctl disable --now confab.service >/dev/null || true
fi
"#;

/// What runs after: a purge deletes the comments too (a removal keeps them).
const POSTRM: &str = r#"#!/bin/sh
set -e
if [ "$1" = purge ]; then
    rm -rf /var/lib/confab
    rmdir /etc/confab 2>/dev/null || true
fi
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null || true
fi
"#;

/// Builds `confab_<version>_amd64.deb` of `binary` in `out`.
pub fn build(binary: &Path, version: &str, out: &Path) -> Result<PathBuf> {
    let staging = out.join(format!("deb-{version}"));
    remove_dir(&staging)?;
    let file = |path: &str| staging.join(path);
    copy(binary, &file("usr/bin/confab-server"))?;
    set_mode(&file("usr/bin/confab-server"), 0o755)?;
    copy(
        &root().join("packaging/confab.service"),
        &file("lib/systemd/system/confab.service"),
    )?;
    copy(
        &root().join("packaging/confab.toml"),
        &file("etc/confab/confab.toml"),
    )?;
    let doc = "usr/share/doc/confab";
    copy(
        &root().join("confab.example.toml"),
        &file(&format!("{doc}/confab.example.toml")),
    )?;
    copy(
        &root().join("packaging/README"),
        &file(&format!("{doc}/README")),
    )?;
    let copyright = format!(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\
         Upstream-Name: confab\n\nFiles: *\nCopyright: The Confab authors\n\
         License: MIT or Apache-2.0\n\n{}\n\n{}",
        read(&root().join("LICENSE-MIT"))?,
        read(&root().join("LICENSE-APACHE"))?
    );
    write(&file(&format!("{doc}/copyright")), copyright.as_bytes())?;
    let control = format!(
        "Package: confab\n\
         Version: {version}\n\
         Architecture: amd64\n\
         Maintainer: The Confab authors <packages@confab.invalid>\n\
         Section: web\n\
         Priority: optional\n\
         Depends: libc6 (>= 2.34), libgcc-s1, adduser\n\
         Description: comment system any web page embeds with one script tag\n \
         One server binary (SQLite by default, PostgreSQL for several servers) that\n \
         serves the comments API, the widget, the moderators' screen and live updates.\n"
    );
    write(&file("DEBIAN/control"), control.as_bytes())?;
    write(&file("DEBIAN/conffiles"), b"/etc/confab/confab.toml\n")?;
    for (name, script) in [("postinst", POSTINST), ("prerm", PRERM), ("postrm", POSTRM)] {
        write(&file(&format!("DEBIAN/{name}")), script.as_bytes())?;
        set_mode(&file(&format!("DEBIAN/{name}")), 0o755)?;
    }
    let deb = out.join(format!("confab_{version}_amd64.deb"));
    run(command("dpkg-deb")
        .args(["--root-owner-group", "--build"])
        .arg(&staging)
        .arg(&deb))?;
    Ok(deb)
}
