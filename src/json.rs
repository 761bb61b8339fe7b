//! A small JSON reader and writer, enough for what the widget exchanges with the server and
//! keeps in `localStorage`.
//!
//! A general JSON library (serde_json with derived decoders) cost the widget about a sixth
//! of its WebAssembly; this one reads into a [`Json`] tree that the `wire` module turns into
//! the API's types by hand. Strings without escapes borrow from the text read, so a big
//! thread is not copied twice on its way in. Numbers are whole: the API has no fractions,
//! so a fraction is dropped and an exponent is refused.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A JSON value, borrowing from the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Number(i64),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    /// Members in the order written (objects here are small: a linear search is enough).
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// How deep arrays and objects may nest: comment bodies nest far less, and a bound keeps a
/// hostile answer from exhausting the stack.
const MAX_DEPTH: usize = 128;

impl<'a> Json<'a> {
    /// Reads one JSON text (surrounding whitespace allowed, nothing else after it).
    pub fn parse(text: &'a str) -> Result<Self, String> {
        let mut reader = Reader {
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = reader.value(0)?;
        reader.skip_space();
        match reader.at == reader.bytes.len() {
            true => Ok(value),
            false => Err(reader.error("text after the value")),
        }
    }

    /// The member `name` of an object; `Null` when it is missing or this is no object.
    pub fn get(&self, name: &str) -> &Json<'a> {
        match self {
            Json::Object(members) => members
                .iter()
                .find(|(key, _)| key == name)
                .map_or(&Json::Null, |(_, value)| value),
            _ => &Json::Null,
        }
    }

    /// The value as JSON text.
    pub fn write(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    fn write_to(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Json::Number(value) => {
                let _ = write!(out, "{value}");
            }
            Json::String(text) => write_string(text, out),
            Json::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item.write_to(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (index, (key, value)) in members.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    value.write_to(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            control if (control as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", control as u32);
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.at)
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn next_byte(&mut self) -> Option<u8> {
        let byte = self.bytes.get(self.at).copied();
        self.at += 1;
        byte
    }

    fn expect_word(&mut self, word: &str, value: Json<'a>) -> Result<Json<'a>, String> {
        match self.bytes[self.at..].starts_with(word.as_bytes()) {
            true => {
                self.at += word.len();
                Ok(value)
            }
            false => Err(self.error("unexpected character")),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.skip_space();
        match self.bytes.get(self.at) {
            Some(b'n') => self.expect_word("null", Json::Null),
            Some(b't') => self.expect_word("true", Json::Bool(true)),
            Some(b'f') => self.expect_word("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'[') => self.array(depth),
            Some(b'{') => self.object(depth),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("unexpected character")),
            None => Err(self.error("unexpected end")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json<'a>, String> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.next_byte() {
                Some(b',') => {}
                Some(b']') => return Ok(Json::Array(items)),
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json<'a>, String> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error("expected a member name"));
            }
            let key = self.string()?;
            self.skip_space();
            if self.next_byte() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            members.push((key, self.value(depth + 1)?));
            self.skip_space();
            match self.next_byte() {
                Some(b',') => {}
                Some(b'}') => return Ok(Json::Object(members)),
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn number(&mut self) -> Result<Json<'a>, String> {
        let negative = self.bytes[self.at] == b'-';
        self.at += usize::from(negative);
        let mut value: i64 = 0;
        let mut digits = 0;
        while let Some(digit @ b'0'..=b'9') = self.bytes.get(self.at).copied() {
            value = value
                .checked_mul(10)
                .and_then(|value| value.checked_add(i64::from(digit - b'0')))
                .ok_or_else(|| self.error("number out of range"))?;
            digits += 1;
            self.at += 1;
        }
        if digits == 0 {
            return Err(self.error("expected a digit"));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            let fraction_start = self.at;
            while let Some(b'0'..=b'9') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if self.at == fraction_start {
                return Err(self.error("expected a digit"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            return Err(self.error("numbers with exponents are not read"));
        }
        Ok(Json::Number(if negative { -value } else { value }))
    }

    fn string(&mut self) -> Result<Cow<'a, str>, String> {
        self.at += 1;
        let start = self.at;
        self.skip_plain();
        if self.bytes.get(self.at) == Some(&b'"') {
            self.at += 1;
            return Ok(Cow::Borrowed(self.plain(start, self.at - 1)));
        }
        let mut text = String::new();
        let mut run_start = start;
        loop {
            text.push_str(self.plain(run_start, self.at));
            match self.next_byte() {
                Some(b'"') => return Ok(Cow::Owned(text)),
                Some(b'\\') => self.escape(&mut text)?,
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
            run_start = self.at;
            self.skip_plain();
        }
    }

    /// Moves past characters that stand for themselves in a string.
    fn skip_plain(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at) {
            if byte == b'"' || byte == b'\\' || byte < 0x20 {
                break;
            }
            self.at += 1;
        }
    }

    /// The text between two positions that `skip_plain` stopped at: both are at ASCII
    /// bytes (or the ends) of a `str`, so the slice is UTF-8.
    fn plain(&self, start: usize, end: usize) -> &'a str {
        std::str::from_utf8(&self.bytes[start..end]).unwrap_or_default()
    }

    fn escape(&mut self, text: &mut String) -> Result<(), String> {
        let character = match self.next_byte() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF if self.bytes[self.at..].starts_with(b"\\u") => {
                        self.at += 2;
                        let low = self.hex4()?;
                        match low {
                            0xDC00..=0xDFFF => 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00),
                            _ => return Err(self.error("invalid surrogate pair")),
                        }
                    }
                    other => other,
                };
                // A lone surrogate is no character: shown as U+FFFD, as browsers do.
                char::from_u32(code).unwrap_or('\u{FFFD}')
            }
            _ => return Err(self.error("invalid escape")),
        };
        text.push(character);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .filter(|digits| digits.iter().all(u8::is_ascii_hexdigit))
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| u32::from_str_radix(digits, 16).ok())
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        self.at += 4;
        Ok(digits)
    }
}

#[cfg(test)]
mod tests;
