//! Taxonomy pages: every configured taxonomy's terms and their articles.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::article::Fields;
use super::front_matter::key_line_under;
use super::model::{Article, Taxonomy, Term, TermRef};
use crate::config::Config;
use crate::diagnostics::suggest;
use crate::slug::slugify;

pub(super) fn build_taxonomies(articles: &[Arc<Article>], config: &Config) -> Vec<Taxonomy> {
    config
        .taxonomies
        .iter()
        .map(|name| {
            // Slug → index in `terms`: serve builds this on every save.
            let mut by_slug: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
            let mut terms: Vec<Term> = Vec::new();
            for (i, a) in articles.iter().enumerate() {
                for t in a.terms(name) {
                    let at = *by_slug.entry(&t.slug).or_insert_with(|| {
                        terms.push(Term {
                            name: t.name.to_string(),
                            slug: t.slug.to_string(),
                            url: t.url(name),
                            articles: Vec::new(),
                        });
                        terms.len() - 1
                    });
                    let term = &mut terms[at];
                    // Spellings that differ only in case or punctuation share a
                    // page; the smallest spelling names it, whatever the file order.
                    if *t.name < *term.name {
                        term.name = t.name.to_string();
                    }
                    term.articles.push(i);
                }
            }
            terms.sort_by(|a, b| {
                a.name
                    .to_lowercase()
                    .cmp(&b.name.to_lowercase())
                    .then_with(|| a.slug.cmp(&b.slug))
            });
            Taxonomy {
                name: name.clone(),
                url: format!("/{name}/"),
                terms,
            }
        })
        .collect()
}

/// An article's terms for each configured taxonomy, in config order; the
/// `tags:` shorthand joins `taxonomies.tags`.
pub(super) fn article_terms(
    f: &mut Fields,
    taxonomies: Option<BTreeMap<String, Vec<String>>>,
    tags: Option<Vec<String>>,
    front_matter: &str,
    config: &Config,
) -> Vec<(String, Vec<TermRef>)> {
    let mut terms_by_taxonomy = taxonomies.unwrap_or_default();
    if let Some(tags) = tags {
        terms_by_taxonomy
            .entry("tags".to_owned())
            .or_default()
            .extend(tags);
    }
    for name in terms_by_taxonomy.keys() {
        if !config.taxonomies.contains(name) {
            not_configured(f, name, front_matter, config);
        }
    }
    config
        .taxonomies
        .iter()
        .filter_map(|name| {
            let terms = terms_by_taxonomy.get(name)?;
            Some((name.clone(), term_refs(f, name, terms)))
        })
        .collect::<Vec<_>>()
        // Kept for the whole build, by every article.
        .into_boxed_slice()
        .into_vec()
}

/// Reports a taxonomy the article uses but `config.toml` does not list, at
/// the line that names it.
fn not_configured(f: &mut Fields, name: &str, front_matter: &str, config: &Config) {
    let line = if name == "tags" && f.has_key("tags") {
        f.line_of("tags")
    } else {
        key_line_under(front_matter, "taxonomies", name)
            .map_or(f.line_of("taxonomies"), |l| l + f.line_offset)
    };
    let mut all: Vec<String> = config.taxonomies.iter().map(|t| format!("{t:?}")).collect();
    all.push(format!("{name:?}"));
    let mut hint = format!("add it to config.toml: taxonomies = [{}]", all.join(", "));
    if let Some(s) = suggest(name, config.taxonomies.iter().map(String::as_str)) {
        hint = format!("did you mean `{s}`? Or {hint}");
    }
    let indent = f
        .text
        .lines()
        .nth(line - 1)
        .map_or(0, |l| l.len() - l.trim_start().len());
    let e = f
        .at(
            line,
            indent + 1,
            format!("taxonomy `{name}` is not configured"),
        )
        .with_hint(hint);
    f.errors.push(e);
}

/// The article's terms in one taxonomy, once each by slug.
fn term_refs(f: &mut Fields, name: &str, terms: &[String]) -> Vec<TermRef> {
    let mut refs: Vec<TermRef> = Vec::with_capacity(terms.len());
    for term in terms {
        let slug = slugify(term);
        if slug.is_empty() {
            let key = if name == "tags" { "tags" } else { "taxonomies" };
            let e = f
                .at(
                    f.line_of(key),
                    1,
                    format!("{name} term {term:?} has no letters or digits to make a URL from"),
                )
                .with_hint("give the term a name with letters or digits");
            f.errors.push(e);
            continue;
        }
        if !refs.iter().any(|r| *r.slug == *slug) {
            refs.push(TermRef {
                name: term.trim().into(),
                slug: slug.into(),
            });
        }
    }
    refs
}
