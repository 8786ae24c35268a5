//! Credit wordings: `{source.name}`-style placeholders, parsed once when the
//! profile is read and filled from each article's front matter.

/// Values a credit wording may name, filled from the article's front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    Title,
    Authors,
    Date,
    SourceName,
    SourceUrl,
    OriginalName,
    OriginalUrl,
    CopyrightHolder,
    CopyrightYear,
    LicenceName,
    LicenceUrl,
    SiteTitle,
    /// In a byline form only: one author's name.
    Author,
    /// In a byline form only: that author's affiliation.
    Affiliation,
}

impl Placeholder {
    pub const ALL: [(&'static str, Placeholder); 12] = [
        ("title", Placeholder::Title),
        ("authors", Placeholder::Authors),
        ("date", Placeholder::Date),
        ("source.name", Placeholder::SourceName),
        ("source.url", Placeholder::SourceUrl),
        ("original.name", Placeholder::OriginalName),
        ("original.url", Placeholder::OriginalUrl),
        ("copyright.holder", Placeholder::CopyrightHolder),
        ("copyright.year", Placeholder::CopyrightYear),
        ("licence.name", Placeholder::LicenceName),
        ("licence.url", Placeholder::LicenceUrl),
        ("site.title", Placeholder::SiteTitle),
    ];

    /// What a byline form may name besides the credit's placeholders.
    pub const BYLINE: [(&'static str, Placeholder); 2] = [
        ("author", Placeholder::Author),
        ("affiliation", Placeholder::Affiliation),
    ];

    pub fn name(self) -> &'static str {
        Placeholder::ALL
            .iter()
            .chain(Placeholder::BYLINE.iter())
            .find(|(_, p)| *p == self)
            .map_or("", |(n, _)| n)
    }
}

/// A credit wording, parsed once: literal text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditTemplate {
    pub text: String,
    parts: Vec<CreditPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum CreditPart {
    Text(String),
    Field(Placeholder),
}

impl CreditTemplate {
    /// Parses `{source.name}`-style placeholders; `{{` and `}}` stand for braces.
    /// On error, returns the byte offset of the bad placeholder and a message.
    pub fn parse(text: &str) -> Result<CreditTemplate, (usize, String)> {
        CreditTemplate::parse_in(text, &[])
    }

    /// A byline form: the credit's placeholders plus `{author}` and `{affiliation}`.
    pub fn parse_byline(text: &str) -> Result<CreditTemplate, (usize, String)> {
        CreditTemplate::parse_in(text, &Placeholder::BYLINE)
    }

    fn parse_in(
        text: &str,
        extra: &[(&'static str, Placeholder)],
    ) -> Result<CreditTemplate, (usize, String)> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        let mut offset = 0;
        while let Some(i) = rest.find(['{', '}']) {
            lit.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                lit.push_str(&tail[..1]);
                rest = &tail[2..];
                offset += i + 2;
                continue;
            }
            if tail.starts_with('}') {
                return Err((
                    offset + i,
                    "a lone '}' in the credit wording; write '}}' for a brace".into(),
                ));
            }
            let end = tail.find('}').ok_or((
                offset + i,
                "a '{' that is never closed in the credit wording".to_owned(),
            ))?;
            let name = tail[1..end].trim();
            let field = Placeholder::ALL
                .iter()
                .chain(extra.iter())
                .find(|(n, _)| *n == name)
                .map(|(_, p)| *p)
                .ok_or_else(|| {
                    let valid: Vec<String> = Placeholder::ALL
                        .iter()
                        .chain(extra.iter())
                        .map(|(n, _)| format!("{{{n}}}"))
                        .collect();
                    (
                        offset + i,
                        format!(
                            "unknown placeholder {{{name}}}; valid placeholders are {}",
                            valid.join(", ")
                        ),
                    )
                })?;
            if !lit.is_empty() {
                parts.push(CreditPart::Text(std::mem::take(&mut lit)));
            }
            parts.push(CreditPart::Field(field));
            rest = &tail[end + 1..];
            offset += i + end + 1;
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            parts.push(CreditPart::Text(lit));
        }
        Ok(CreditTemplate {
            text: text.to_owned(),
            parts,
        })
    }

    /// Whether the wording names this placeholder.
    pub fn names(&self, placeholder: Placeholder) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, CreditPart::Field(f) if *f == placeholder))
    }

    /// Fills the wording. Placeholders with no value are returned as missing
    /// so the compliance pass can name the front-matter field to add.
    pub fn fill(
        &self,
        value: impl Fn(Placeholder) -> Option<String>,
    ) -> Result<String, Vec<Placeholder>> {
        let mut out = String::new();
        let mut missing = Vec::new();
        for part in &self.parts {
            match part {
                CreditPart::Text(t) => out.push_str(t),
                CreditPart::Field(p) => match value(*p).filter(|v| !v.trim().is_empty()) {
                    Some(v) => out.push_str(&v),
                    None => missing.push(*p),
                },
            }
        }
        if missing.is_empty() {
            Ok(out)
        } else {
            Err(missing)
        }
    }
}
