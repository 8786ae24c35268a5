//! A tokenizer for the markup themes and Markdown write: tags with plain
//! attribute syntax, text, comments, the doctype, raw text, and the
//! character references of html5ever's own table. It reads slices of the
//! page without copying them. Wherever the HTML tokenizer's rules turn
//! subtle (a reference without its `;`, a NUL, escapes in a script, a tag
//! cut off by the end of the page...) it answers `None`, and the page goes
//! to html5ever.

use std::borrow::Cow;

/// A start or end tag.
pub(super) struct Tag<'a> {
    /// Lower-cased.
    pub(super) name: Cow<'a, str>,
    pub(super) end: bool,
    /// Lower-cased names, decoded values, the first of duplicates only.
    pub(super) attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> Tag<'a> {
    /// A start tag without attributes.
    pub(super) fn start(name: &'static str) -> Tag<'a> {
        Tag {
            name: Cow::Borrowed(name),
            end: false,
            attrs: Vec::new(),
        }
    }
}

pub(super) enum Event<'a> {
    Text(Cow<'a, str>),
    Tag(Tag<'a>),
    /// A comment, a doctype, or markup the tokenizer drops.
    Other,
    Eof,
}

pub(super) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    /// The attribute list of a tag read and done with, for the next tag
    /// to fill: most tags of a page have attributes.
    spare: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b' ')
}

impl<'a> Lexer<'a> {
    /// A lexer over `src`, which holds no NUL and no carriage return.
    pub(super) fn new(src: &'a str) -> Lexer<'a> {
        // The byte-order mark is not content.
        let pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer {
            src,
            pos,
            spare: Vec::new(),
        }
    }

    /// Takes back a tag the caller is done with, to reuse its attribute list.
    pub(super) fn recycle(&mut self, tag: Tag<'a>) {
        let mut attrs = tag.attrs;
        attrs.clear();
        self.spare = attrs;
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.src.as_bytes().get(at).copied()
    }

    /// The next token; `None` gives up.
    pub(super) fn next(&mut self) -> Option<Event<'a>> {
        {
            let rest = &self.src[self.pos..];
            if rest.is_empty() {
                return Some(Event::Eof);
            }
            if !rest.starts_with('<') {
                let end = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
                self.pos += end;
                return Some(Event::Text(decode(&rest[..end])?));
            }
            let start = self.pos;
            match self.byte(start + 1) {
                Some(b) if b.is_ascii_alphabetic() => {
                    self.pos += 1;
                    return self.tag(false).map(Event::Tag);
                }
                Some(b'/') => match self.byte(start + 2) {
                    Some(b) if b.is_ascii_alphabetic() => {
                        self.pos += 2;
                        return self.tag(true).map(Event::Tag);
                    }
                    Some(b'>') => self.pos += 3,
                    Some(_) => self.bogus_comment(start + 2)?,
                    None => return None,
                },
                Some(b'!') => self.declaration(start + 2)?,
                Some(b'?') => self.bogus_comment(start + 1)?,
                // A `<` that starts no tag is text.
                _ => {
                    self.pos += 1;
                    return Some(Event::Text(Cow::Borrowed("<")));
                }
            }
            Some(Event::Other)
        }
    }

    /// Skips a bogus comment: up to the next `>`.
    fn bogus_comment(&mut self, from: usize) -> Option<()> {
        let end = self.src[from..].find('>')?;
        self.pos = from + end + 1;
        Some(())
    }

    /// Skips a comment, the doctype, or a bogus comment after `<!`.
    fn declaration(&mut self, from: usize) -> Option<()> {
        let rest = &self.src[from..];
        if let Some(body) = rest.strip_prefix("--") {
            // `<!-->` and `<!--->` end at once; leave them to html5ever.
            if body.starts_with('>') || body.starts_with("->") {
                return None;
            }
            // The comment ends at the first `-->` or `--!>`.
            let mut search = 0;
            let end = loop {
                let at = search + body[search..].find("--")?;
                let after = &body[at + 2..];
                if after.starts_with('>') {
                    break at + 3;
                }
                if after.starts_with("!>") {
                    break at + 4;
                }
                search = at + 1;
            };
            self.pos = from + 2 + end;
            return Some(());
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case("doctype") {
            let end = rest.find('>')?;
            // Quoted identifiers may hold a `>`.
            if rest[..end].contains(['"', '\'']) {
                return None;
            }
            self.pos = from + end + 1;
            return Some(());
        }
        self.bogus_comment(from)
    }

    /// A tag whose name starts at `pos`.
    fn tag(&mut self, end: bool) -> Option<Tag<'a>> {
        let name = self.name(|b| b.is_ascii_alphanumeric() || b == b'-', b'>')?;
        let mut tag = Tag {
            name,
            end,
            attrs: std::mem::take(&mut self.spare),
        };
        loop {
            while self.byte(self.pos).is_some_and(is_space) {
                self.pos += 1;
            }
            match self.byte(self.pos)? {
                b'>' => {
                    self.pos += 1;
                    return Some(tag);
                }
                // A `/` before `>` closes the tag; elsewhere it is ignored.
                b'/' => {
                    self.pos += 1;
                    if self.byte(self.pos) == Some(b'>') {
                        self.pos += 1;
                        return Some(tag);
                    }
                }
                _ => {
                    let attr = self.attribute()?;
                    if !tag.attrs.iter().any(|(n, _)| *n == attr.0) {
                        tag.attrs.push(attr);
                    }
                }
            }
        }
    }

    /// A tag or attribute name at `pos`, lower-cased, of bytes `ok` allows.
    fn name(&mut self, ok: impl Fn(u8) -> bool, stop: u8) -> Option<Cow<'a, str>> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut end = start;
        while end < bytes.len()
            && !is_space(bytes[end])
            && !matches!(bytes[end], b'/' | b'>')
            && bytes[end] != stop
        {
            if !ok(bytes[end]) {
                return None;
            }
            end += 1;
        }
        if end == start || end == bytes.len() {
            return None;
        }
        self.pos = end;
        let name = &self.src[start..end];
        Some(if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        })
    }

    fn attribute(&mut self) -> Option<(Cow<'a, str>, Cow<'a, str>)> {
        let name = self.name(
            |b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'),
            b'=',
        )?;
        let mut at = self.pos;
        while self.byte(at).is_some_and(is_space) {
            at += 1;
        }
        if self.byte(at) != Some(b'=') {
            return Some((name, Cow::Borrowed("")));
        }
        self.pos = at + 1;
        Some((name, self.value()?))
    }

    /// An attribute value after `=`.
    fn value(&mut self) -> Option<Cow<'a, str>> {
        while self.byte(self.pos).is_some_and(is_space) {
            self.pos += 1;
        }
        let quote = self.byte(self.pos)?;
        if quote == b'"' || quote == b'\'' {
            let from = self.pos + 1;
            let len = memchr::memchr(quote, &self.src.as_bytes()[from..])?;
            self.pos = from + len + 1;
            return decode(&self.src[from..from + len]);
        }
        if quote == b'>' {
            return Some(Cow::Borrowed(""));
        }
        let from = self.pos;
        let bytes = self.src.as_bytes();
        let mut end = from;
        while end < bytes.len() && !is_space(bytes[end]) && bytes[end] != b'>' {
            if matches!(bytes[end], b'"' | b'\'' | b'<' | b'=' | b'`') {
                return None;
            }
            end += 1;
        }
        self.pos = end;
        decode(&self.src[from..end])
    }

    /// The raw text of element `name` (a script, style, title...): up to
    /// its end tag, which comes next, or to the end of the page.
    pub(super) fn raw_text(&mut self, name: &str, script: bool, rcdata: bool) -> Option<Event<'a>> {
        let rest = &self.src[self.pos..];
        let mut from = 0;
        let end = loop {
            let Some(at) = memchr::memmem::find(&rest.as_bytes()[from..], b"</") else {
                break rest.len();
            };
            let at = from + at;
            let after = at + 2 + name.len();
            if rest
                .get(at + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && rest
                    .as_bytes()
                    .get(after)
                    .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
            {
                break at;
            }
            from = at + 2;
        };
        let text = &rest[..end];
        // Script escapes (`<!--` ... `<script>`) move where a script ends.
        if script && text.contains("<!--") {
            return None;
        }
        self.pos += end;
        Some(Event::Text(if rcdata {
            decode(text)?
        } else {
            Cow::Borrowed(text)
        }))
    }
}

/// `text` with its character references decoded; `None` for a reference
/// the tokenizer reads by its subtler rules.
fn decode(text: &str) -> Option<Cow<'_, str>> {
    let Some(first) = memchr::memchr(b'&', text.as_bytes()) else {
        return Some(Cow::Borrowed(text));
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let bytes = rest.as_bytes();
        match bytes.first() {
            Some(b'#') => {
                let (hex, digits) = match bytes.get(1) {
                    Some(b'x' | b'X') => (true, &rest[2..]),
                    _ => (false, &rest[1..]),
                };
                let len = digits
                    .bytes()
                    .take_while(|b| {
                        if hex {
                            b.is_ascii_hexdigit()
                        } else {
                            b.is_ascii_digit()
                        }
                    })
                    .count();
                if len == 0 || len > 6 || digits.as_bytes().get(len) != Some(&b';') {
                    return None;
                }
                let value = u32::from_str_radix(&digits[..len], if hex { 16 } else { 10 }).ok()?;
                out.push(plain_char(value)?);
                rest = &digits[len + 1..];
            }
            Some(b) if b.is_ascii_alphanumeric() => {
                let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
                if bytes.get(len) != Some(&b';') {
                    return None;
                }
                let (a, b) = *html5ever::data::NAMED_ENTITIES.get(&rest[..=len])?;
                out.push(char::from_u32(a)?);
                if b != 0 {
                    out.push(char::from_u32(b)?);
                }
                rest = &rest[len + 1..];
            }
            // An `&` that starts no reference is text.
            _ => out.push('&'),
        }
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

/// The character a numeric reference names, where the tokenizer takes it
/// as it is: not a control, a surrogate, a noncharacter or out of range.
fn plain_char(value: u32) -> Option<char> {
    let plain = matches!(value, 0x09 | 0x0a | 0x20..=0x7e | 0xa0..=0xd7ff | 0xe000..=0x10ffff)
        && !(0xfdd0..=0xfdef).contains(&value)
        && (value & 0xfffe) != 0xfffe;
    plain.then(|| char::from_u32(value)).flatten()
}
