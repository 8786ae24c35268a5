//! `reprint audit`: someone else's republication of a story, judged against
//! the story's terms by the same `comply` engine that judges our own pages.
//!
//! The facts come from one of our articles or from arguments ([`Subject`]);
//! each target page is fetched or read, its [`PageFacts`](crate::comply::PageFacts)
//! are judged by [`comply::check_article`], and [`judge`] decides, rule by
//! rule, what a third-party page can show: a rule that needs what the page
//! cannot show is reported `not-judged` with the reason, never passed.
//! [`diff`] and [`page`] are shared with `check --upstream`.

mod advice;
mod body_terms;
pub mod diff;
mod furniture;
mod image;
mod judge;
mod original;
pub mod page;
pub mod report;
mod story;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::comply::Violation;
use crate::config::Config;
use crate::content::{Article, LoadOptions, Site};
use crate::diagnostics::Diagnostic;
use crate::import::fetch::{self, FetchOptions};
use crate::licences::{Registry, Rule};

pub use judge::RuleStatus;

/// How many pages are fetched at once: polite to one publisher's server.
pub const CONCURRENCY: usize = 4;

/// The story whose republications are audited, and the terms it carries.
#[derive(Debug, Clone)]
pub struct Subject {
    pub article: Arc<Article>,
    pub config: Config,
    pub licences: Registry,
    /// `content/news/x.md`, or `arguments` when built from flags.
    pub label: String,
    /// Whether the facts came from flags rather than one of our articles.
    pub from_flags: bool,
}

/// The facts `--licence ... --source-url ...` give.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub licence: String,
    pub source_url: String,
    pub source_name: Option<String>,
    pub authors: Vec<String>,
    pub holder: Option<String>,
    pub year: Option<String>,
    pub original_url: Option<String>,
    pub pixel: Option<String>,
}

/// The verdict on one target.
#[derive(Debug, Clone)]
pub struct TargetVerdict {
    /// The target as given (URL or file).
    pub target: String,
    /// The address the page was found at, after redirects.
    pub url: String,
    pub licence: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    /// Every applicable rule, with its status, and the violations found.
    Judged {
        rules: Vec<(Rule, RuleStatus)>,
        violations: Vec<Violation>,
    },
    /// The page could not be fetched (network, DNS, timeout, HTTP error).
    Unreachable(String),
}

impl TargetVerdict {
    pub fn status(&self) -> &'static str {
        match &self.outcome {
            Outcome::Unreachable(_) => "unreachable",
            Outcome::Judged { rules, .. } => {
                if rules.iter().any(|(_, s)| *s == RuleStatus::Fail) {
                    "fail"
                } else {
                    "pass"
                }
            }
        }
    }
}

/// The source's own article text, fetched once for every target.
#[derive(Debug, Clone)]
pub enum SourceText {
    /// No rule needs it.
    Unneeded,
    Read(String),
    Unavailable(String),
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("{0}")]
    Input(String),
    #[error("the site's input has problems")]
    Site(Vec<Diagnostic>),
}

impl Subject {
    /// One of the site's articles, read by the content loader so the
    /// site's configured profiles apply.
    pub fn from_article(root: &Path, file: &Path) -> Result<Subject, AuditError> {
        let options = LoadOptions {
            drafts: true,
            base_url: None,
        };
        let site = Site::load(root, &options).map_err(AuditError::Site)?;
        let wanted = relative_to(root, file).ok_or_else(|| {
            AuditError::Input(format!(
                "{}: not a file under the site folder {}",
                file.display(),
                root.display()
            ))
        })?;
        let article = site
            .articles
            .iter()
            .find(|a| a.path == wanted)
            .cloned()
            .ok_or_else(|| {
                AuditError::Input(format!(
                    "{}: no article of the site at {wanted} (articles live under content/)",
                    file.display()
                ))
            })?;
        Ok(Subject {
            label: article.path.clone(),
            article,
            config: site.config,
            licences: site.licences,
            from_flags: false,
        })
    }

    /// An article described by flags, read through the content loader from
    /// front matter written for it; `body` is the source's text when known,
    /// so `links-kept` has the original's links.
    pub fn from_flags(
        root: &Path,
        flags: &Flags,
        body: Option<&str>,
    ) -> Result<Subject, AuditError> {
        let config = if root.join("config.toml").is_file() {
            Config::load(root).map_err(AuditError::Site)?
        } else {
            Config::parse("title = \"audit\"\n", PathBuf::from("config.toml"))
                .map_err(AuditError::Site)?
        };
        let licences = Registry::from_config(&config).map_err(AuditError::Site)?;
        if licences.get(&flags.licence).is_none() {
            return Err(AuditError::Input(format!(
                "--licence: unknown licence {:?}: {}",
                flags.licence,
                licences.unknown_hint(&flags.licence)
            )));
        }
        for (flag, url) in [
            ("--source-url", Some(&flags.source_url)),
            ("--original-url", flags.original_url.as_ref()),
            ("--pixel", flags.pixel.as_ref()),
        ] {
            if let Some(url) = url
                && !is_http(url)
            {
                return Err(AuditError::Input(format!(
                    "{flag}: {url:?} is not an absolute http(s) address"
                )));
            }
        }
        if flags.holder.is_some() != flags.year.is_some() {
            return Err(AuditError::Input(
                "--holder and --year go together: a copyright line names both".into(),
            ));
        }
        let text = front_matter(flags, body.unwrap_or(""));
        let article =
            crate::content::parse_text(Path::new("content/audit.md"), &text, &config, &licences)
                .map_err(|d| {
                    AuditError::Input(format!(
                        "the flags do not describe a readable article: {}",
                        d.first().map_or(String::new(), |d| d.message.clone())
                    ))
                })?;
        Ok(Subject {
            article: Arc::new(article),
            config,
            licences,
            label: "arguments".into(),
            from_flags: true,
        })
    }

    /// The flags given whose facts the story's terms never look at, each
    /// with why, so an auditor does not take silence for a pass.
    pub fn unused_flags(&self) -> Vec<String> {
        let a = &self.article;
        let profile = self.licences.get(&a.licence);
        let mut notes = Vec::new();
        if self.from_flags && a.pixel.is_some() && profile.is_some_and(|p| !p.has_rule(Rule::Pixel))
        {
            notes.push(format!(
                "--pixel is not checked: licence {} asks for no republication pixel (a profile with `pixel = \"img\"` or `\"script\"` in config.toml does)",
                a.licence
            ));
        }
        notes
    }

    /// Whether any rule of the story's terms needs the source's own text.
    pub fn needs_source_text(&self) -> bool {
        let Some(profile) = self.licences.get(&self.article.licence) else {
            return false;
        };
        crate::comply::applicable_rules(profile, &self.article)
            .iter()
            .any(|(r, _)| {
                matches!(r, Rule::Unmodified | Rule::ChangesNoted)
                    || (*r == Rule::LinksKept && self.from_flags)
            })
    }
}

/// Front matter (YAML; JSON strings are YAML scalars) for an article the
/// flags describe.
fn front_matter(flags: &Flags, body: &str) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut fm = String::from("---\ntitle: \"Audited republication\"\ndate: 1970-01-01\n");
    fm.push_str(&format!("licence: {}\n", q(&flags.licence)));
    let name = flags
        .source_name
        .clone()
        .unwrap_or_else(|| crate::import::host(&flags.source_url).to_owned());
    fm.push_str(&format!(
        "source:\n  name: {}\n  url: {}\n",
        q(&name),
        q(&flags.source_url)
    ));
    if !flags.authors.is_empty() {
        let list: Vec<String> = flags.authors.iter().map(|a| q(a)).collect();
        fm.push_str(&format!("authors: [{}]\n", list.join(", ")));
    }
    if let (Some(h), Some(y)) = (&flags.holder, &flags.year) {
        fm.push_str(&format!(
            "copyright:\n  holder: {}\n  year: {}\n",
            q(h),
            q(y)
        ));
    }
    if let Some(o) = &flags.original_url {
        fm.push_str(&format!("original:\n  url: {}\n", q(o)));
    }
    if let Some(p) = &flags.pixel {
        fm.push_str(&format!("pixel: {}\n", q(p)));
    }
    fm.push_str("---\n");
    fm.push_str(body);
    fm
}

fn is_http(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    (u.starts_with("http://") || u.starts_with("https://")) && u.len() > 8
}

/// `file` as a `/`-separated path relative to `root`, as articles name theirs.
fn relative_to(root: &Path, file: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let file = file.canonicalize().ok()?;
    let rel = file.strip_prefix(&root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Fetches the source's page and extracts its article text, when a rule needs it.
pub fn source_text(subject: &Subject, options: &FetchOptions) -> SourceText {
    if !subject.needs_source_text() {
        return SourceText::Unneeded;
    }
    let Some(url) = subject.article.source.as_ref().and_then(|s| s.url.clone()) else {
        return SourceText::Unavailable("the article has no `source.url`".into());
    };
    read_source(&url, options)
}

/// The article text of the page at `url`, or why it could not be read.
pub fn read_source(url: &str, options: &FetchOptions) -> SourceText {
    match fetch::fetch(url, options) {
        Ok(page) => SourceText::Read(page::comparable_text(&page.body, Some(&page.url))),
        Err(e) => SourceText::Unavailable(format!("the source page could not be read: {e}")),
    }
}

/// Fetches the original's page and extracts its article text, when the
/// first publisher's terms (`original.licence`) compare the page's text
/// with it.
pub fn original_text(subject: &Subject, options: &FetchOptions) -> SourceText {
    if original::text_rules(&subject.article, &subject.licences).is_empty() {
        return SourceText::Unneeded;
    }
    let Some(url) = subject
        .article
        .original
        .as_ref()
        .and_then(|o| o.url.clone())
    else {
        return SourceText::Unavailable("the article has no `original.url`".into());
    };
    match fetch::fetch(&url, options) {
        Ok(page) => SourceText::Read(page::comparable_text(&page.body, Some(&page.url))),
        Err(e) => SourceText::Unavailable(format!("the original page could not be read: {e}")),
    }
}

/// The texts the pages are compared with: the source's, and the
/// original's when the first publisher's terms compare texts.
#[derive(Debug, Clone)]
pub struct Texts {
    pub source: SourceText,
    pub original: SourceText,
}

/// Audits every target, [`CONCURRENCY`] at a time, in the order given.
pub fn audit(
    subject: &Subject,
    targets: &[String],
    texts: &Texts,
    options: &FetchOptions,
    now: jiff::Timestamp,
) -> Vec<TargetVerdict> {
    let one = |target: &String| audit_one(subject, target, texts, options, now);
    match rayon::ThreadPoolBuilder::new()
        .num_threads(CONCURRENCY)
        .build()
    {
        Ok(pool) => pool.install(|| {
            use rayon::prelude::*;
            targets.par_iter().map(one).collect()
        }),
        Err(_) => targets.iter().map(one).collect(),
    }
}

fn audit_one(
    subject: &Subject,
    target: &str,
    texts: &Texts,
    options: &FetchOptions,
    now: jiff::Timestamp,
) -> TargetVerdict {
    let licence = subject.article.licence.clone();
    let page = if is_http(target) {
        fetch::fetch(target, options)
            .map(|p| (p.body, Some(p.url)))
            .map_err(|e| e.to_string())
    } else {
        // A saved page's relative links resolve against the address it
        // says it was saved from.
        std::fs::read(target)
            .map(|b| fetch::decode(&b, None))
            .map(|t| {
                let url = page::own_address(&t);
                (t, url)
            })
            .map_err(|e| format!("{target}: cannot read: {e}"))
    };
    let (html, url) = match page {
        Ok(p) => p,
        Err(e) => {
            return TargetVerdict {
                target: target.to_owned(),
                url: target.to_owned(),
                licence,
                outcome: Outcome::Unreachable(e),
            };
        }
    };
    let outcome = judge::judge(
        subject,
        &html,
        url.as_deref(),
        &texts.source,
        &texts.original,
        now,
    );
    TargetVerdict {
        target: target.to_owned(),
        url: url.unwrap_or_else(|| target.to_owned()),
        licence,
        outcome,
    }
}

/// The targets of a `--list` file: one a line; blank lines and `#`
/// comments skipped. Errors name the file and line.
pub fn read_list(path: &Path) -> Result<Vec<String>, AuditError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| AuditError::Input(format!("{}: cannot read: {e}", path.display())))?;
    // Notepad and spreadsheet exports open the file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut targets = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.contains(char::is_whitespace) {
            return Err(AuditError::Input(format!(
                "{}:{}: {line:?} is not one URL or file: write one target a line",
                path.display(),
                n + 1
            )));
        }
        if let Err(why) = check_target(line) {
            return Err(AuditError::Input(format!(
                "{}:{}: {why}",
                path.display(),
                n + 1
            )));
        }
        targets.push(line.to_owned());
    }
    Ok(targets)
}

/// Whether `target` is an http(s) address or a readable file; the error
/// says which it is not.
pub fn check_target(target: &str) -> Result<(), String> {
    if is_http(target) || Path::new(target).is_file() {
        return Ok(());
    }
    let host = target.split('/').next().unwrap_or("");
    let hint = if !target.contains("://") && host.contains('.') && !host.ends_with(".html") {
        format!(" (an address needs its scheme: https://{target})")
    } else {
        String::new()
    };
    Err(format!(
        "{target}: neither an http(s) address nor a readable file{hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_files_skip_blanks_and_comments_and_name_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("pages.txt");
        std::fs::write(
            &list,
            "# pixel report\n\nhttps://a.example/x\n  https://a.example/y  \n",
        )
        .unwrap();
        assert_eq!(
            read_list(&list).unwrap(),
            vec![
                "https://a.example/x".to_owned(),
                "https://a.example/y".to_owned()
            ]
        );
        std::fs::write(&list, "https://a.example/x\nhttps://b.example/ y\n").unwrap();
        let e = read_list(&list).unwrap_err().to_string();
        assert!(e.ends_with("pages.txt:2: \"https://b.example/ y\" is not one URL or file: write one target a line"), "{e}");
        // A byte-order mark is no part of the first target; a bad target
        // is named with its line.
        std::fs::write(
            &list,
            "\u{feff}https://a.example/x\n\nb.example/2025/story/\n",
        )
        .unwrap();
        let e = read_list(&list).unwrap_err().to_string();
        assert!(
            e.ends_with("pages.txt:3: b.example/2025/story/: neither an http(s) address nor a readable file (an address needs its scheme: https://b.example/2025/story/)"),
            "{e}"
        );
        std::fs::write(&list, "\u{feff}https://a.example/x\n").unwrap();
        assert_eq!(
            read_list(&list).unwrap(),
            vec!["https://a.example/x".to_owned()]
        );
    }

    #[test]
    fn flags_become_an_article_through_the_loader() {
        let dir = tempfile::tempdir().unwrap();
        let flags = Flags {
            licence: "cc-by-nd-4.0".into(),
            source_url: "https://news.example/story".into(),
            authors: vec!["Ana \"Q\" Ruiz".into()],
            holder: Some("News Example".into()),
            year: Some("2025".into()),
            pixel: Some("https://news.example/p.gif".into()),
            ..Flags::default()
        };
        let s = Subject::from_flags(
            dir.path(),
            &flags,
            Some("Text [link](https://x.example/).\n"),
        )
        .unwrap();
        assert_eq!(s.article.licence, "CC-BY-ND-4.0");
        assert_eq!(s.article.authors, vec!["Ana \"Q\" Ruiz".to_owned()]);
        assert_eq!(
            s.article.body.links.strs().collect::<Vec<_>>(),
            ["https://x.example/"]
        );
        assert!(s.needs_source_text());
        let bad = Flags {
            licence: "CC-BY-9.0".into(),
            ..flags.clone()
        };
        assert!(
            matches!(Subject::from_flags(dir.path(), &bad, None), Err(AuditError::Input(m)) if m.starts_with("--licence: unknown licence"))
        );
        let bad = Flags {
            year: None,
            ..flags
        };
        assert!(Subject::from_flags(dir.path(), &bad, None).is_err());
    }
}
