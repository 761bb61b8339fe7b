//! Unwrapping imported files: gzip or zip around the export, recognised by their first
//! bytes, not their names. Unpacked data is capped so a small bomb cannot fill memory.

use super::ImportError;
use std::borrow::Cow;
use std::io::{Cursor, Read};

/// The most an import unpacks to.
pub const MAX_UNPACKED_BYTES: u64 = 1 << 30;

/// The file itself, or what the gzip stream or the zip archive around it holds.
pub fn unwrap(bytes: &[u8]) -> Result<Cow<'_, [u8]>, ImportError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let reader = flate2::read::MultiGzDecoder::new(bytes);
        return read_capped(reader, "the gzip stream").map(Cow::Owned);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return unzip(bytes).map(Cow::Owned);
    }
    Ok(Cow::Borrowed(bytes))
}

fn unzip(bytes: &[u8]) -> Result<Vec<u8>, ImportError> {
    let broken =
        |error: zip::result::ZipError| ImportError::Unreadable(format!("the zip archive: {error}"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let files: Vec<usize> = (0..archive.len())
        .filter(|&index| archive.by_index(index).is_ok_and(|entry| entry.is_file()))
        .collect();
    let [index] = files[..] else {
        return Err(ImportError::Unreadable(format!(
            "the zip archive holds {} files; it must hold exactly one export",
            files.len()
        )));
    };
    let entry = archive.by_index(index).map_err(broken)?;
    let name = entry.name().map(|name| name.into_owned()).map_err(broken)?;
    read_capped(entry, &format!("{name} in the zip archive"))
}

fn read_capped(reader: impl Read, what: &str) -> Result<Vec<u8>, ImportError> {
    let mut out = Vec::new();
    reader
        .take(MAX_UNPACKED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|error| ImportError::Unreadable(format!("{what}: {error}")))?;
    if out.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(ImportError::Unreadable(format!(
            "{what} unpacks to more than {} MB",
            MAX_UNPACKED_BYTES >> 20
        )));
    }
    Ok(out)
}

/// The text of an XML or JSON Lines file: UTF-8 (a byte-order mark is dropped), or an
/// error naming the line where it stops being UTF-8.
pub fn utf8(bytes: &[u8]) -> Result<&str, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let line = 1 + bytes[..error.valid_up_to()]
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count();
        ImportError::Unreadable(format!("line {line}: the file is not UTF-8 text"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_and_zip_are_unwrapped_and_plain_files_kept() {
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(b"<rss/>").unwrap();
        let gzip = gzip.finish().unwrap();
        assert_eq!(&*unwrap(&gzip).unwrap(), b"<rss/>");

        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.add_directory("export/", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.start_file(
            "export/comments.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(b"<disqus/>").unwrap();
        let zip = zip.finish().unwrap().into_inner();
        assert_eq!(&*unwrap(&zip).unwrap(), b"<disqus/>");

        assert_eq!(&*unwrap(b"plain").unwrap(), b"plain");
    }

    #[test]
    fn broken_archives_and_text_name_the_problem() {
        let error = unwrap(&[0x1f, 0x8b, 8, 0, 1, 2]).unwrap_err().to_string();
        assert!(error.starts_with("the gzip stream:"), "{error}");
        let error = unwrap(b"PK\x03\x04broken").unwrap_err().to_string();
        assert!(error.starts_with("the zip archive:"), "{error}");
        let error = utf8(b"<a>\n<b>\xff</b>").unwrap_err().to_string();
        assert_eq!(error, "line 2: the file is not UTF-8 text");
        assert_eq!(utf8(b"\xEF\xBB\xBF<a/>").unwrap(), "<a/>");
    }

    #[test]
    fn a_zip_with_several_files_is_refused() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for name in ["a.xml", "b.xml"] {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(b"x").unwrap();
        }
        let zip = zip.finish().unwrap().into_inner();
        let error = unwrap(&zip).unwrap_err().to_string();
        assert_eq!(
            error,
            "the zip archive holds 2 files; it must hold exactly one export"
        );
    }
}
