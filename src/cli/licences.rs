//! `reprint licences`: the profiles, or one profile rule by rule, with the
//! rules an article's front matter brings in as the compliance pass applies them.

use std::fmt::Write as _;
use std::path::Path;

use reprint::comply::{Trigger, implied_rules};
use reprint::config::Config;
use reprint::diagnostics::Diagnostic;
use reprint::licences::{
    Commercial, CreditPosition, LinkTarget, Origin, PixelKind, Profile, Registry, Rule,
};

use super::Status;

/// The screen's text, or the diagnostics that stop it.
pub fn screen(root: &Path, id: Option<&str>) -> Result<String, (Vec<Diagnostic>, Status)> {
    // Outside a site folder, the built-in profiles are still worth listing.
    let registry = if root.join(reprint::config::CONFIG_FILE).exists() {
        Config::load(root)
            .and_then(|c| Registry::from_config(&c))
            .map_err(|d| (d, Status::Input))?
    } else {
        Registry::builtin()
    };
    match id {
        None => Ok(list(&registry)),
        Some(id) => match registry.get(id) {
            Some(p) => Ok(explain(p)),
            None => {
                let d = Diagnostic::new(
                    "reprint licences",
                    format!("unknown licence profile {id:?}"),
                )
                .with_hint(registry.unknown_hint(id));
                Err((vec![d], Status::Input))
            }
        },
    }
}

fn list(registry: &Registry) -> String {
    let mut out = String::new();
    for p in registry.iter() {
        let origin = match p.origin {
            Origin::BuiltIn => String::new(),
            Origin::Config { line } => format!(" (config.toml:{line})"),
        };
        let _ = writeln!(out, "{:<18} {}{origin}", p.id, p.name);
        // `non-commercial` applies to every profile that limits commercial
        // use, listed or not, as the profile's own explanation says.
        let mut rules = p.rules.clone();
        if p.commercial != Commercial::Allowed && !rules.contains(&Rule::NonCommercial) {
            rules.push(Rule::NonCommercial);
        }
        let _ = writeln!(out, "{:<18} rules: {}", "", ids(&rules, "none"));
        if !p.warn.is_empty() {
            let _ = writeln!(out, "{:<18} warnings: {}", "", ids(&p.warn, ""));
        }
    }
    out.push_str("\n`reprint licences ID` explains one profile rule by rule.\n");
    out
}

fn ids(rules: &[Rule], none: &str) -> String {
    if rules.is_empty() {
        return none.to_owned();
    }
    rules.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ")
}

fn explain(p: &Profile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", p.id, p.name);
    if let Some(url) = &p.url {
        let _ = writeln!(out, "  licence:  {url}");
    }
    if let Some(terms) = &p.terms {
        let _ = writeln!(out, "  terms:    {terms}");
    }
    let defined = match p.origin {
        Origin::BuiltIn => "built into reprint".to_owned(),
        Origin::Config { line } => format!("config.toml, line {line}"),
    };
    let _ = writeln!(out, "  defined:  {defined}");
    let commercial = match p.commercial {
        Commercial::Allowed => "allowed",
        Commercial::Forbidden => "forbidden",
        Commercial::Permission => "only with written permission (permission.covers: [commercial])",
    };
    let _ = writeln!(out, "  commercial use: {commercial}");
    if let Some(credit) = &p.credit {
        let _ = writeln!(out, "  credit:   \"{}\"", credit.text);
    }
    conditions(&mut out, p);
    out.push_str("\nEach rendered page must satisfy (errors fail the build):\n");
    for r in &p.rules {
        let _ = writeln!(out, "  {:<15} {}", r.id(), r.explain());
    }
    if p.rules.is_empty() {
        out.push_str("  (nothing)\n");
    }
    if !p.warn.is_empty() {
        out.push_str("\nReported as warnings (do not fail the build):\n");
        for r in &p.warn {
            let _ = writeln!(out, "  {:<15} {}", r.id(), r.explain());
        }
    }
    out.push_str("\nApplied whenever the article's front matter states the limit:\n");
    for (rule, trigger) in implied_rules(p) {
        let when = match trigger {
            Trigger::Rights => "when `rights` is set: ",
            Trigger::Image => "when `image` is set: ",
            Trigger::Upstream => "when `original.licence` is set: ",
            Trigger::Original => "when `original` is set (require_upstream): ",
            // Listed among the profile's own rules already.
            Trigger::Always if p.all_rules().any(|(r, _)| r == rule) => continue,
            Trigger::Always => "",
        };
        let _ = writeln!(out, "  {:<15} {when}{}", rule.id(), rule.explain());
    }
    if !p.notes.is_empty() {
        let _ = writeln!(out, "\nWhere this comes from: {}", p.notes);
    }
    out
}

/// The terms beyond the rule list, each with what it asks and which rule
/// reports it.
fn conditions(out: &mut String, p: &Profile) {
    let c = &p.conditions;
    let mut lines: Vec<String> = Vec::new();
    if let Some(pos) = c.credit_position {
        let what = match pos {
            CreditPosition::Top => {
                "the credit is the first block of the article body (the element the theme marks data-reprint=\"body\")"
            }
            CreditPosition::Bottom => {
                "the credit is the last block of the article body (the element the theme marks data-reprint=\"body\")"
            }
            CreditPosition::Any => "the credit may stand anywhere on the page",
        };
        lines.push(format!(
            "credit_position = \"{}\": {what}; reported under `credit`",
            pos.id()
        ));
    }
    if let Some(form) = &c.byline {
        lines.push(format!(
            "byline = \"{}\": each author is shown in this form ({{author}} their name, {{affiliation}} theirs from `authors: [{{name, affiliation, url}}]`); reported under `byline`",
            form.text
        ));
    }
    if !c.allowed_edits.is_empty() {
        let ids: Vec<&str> = c.allowed_edits.iter().map(|k| k.id()).collect();
        lines.push(format!(
            "allowed_edits = [{}]: a copy may change only these, each declared in `changes: {{kinds: [...], note: ...}}`; free-text `changes` counts as any kind; a body that no longer matches `fingerprint` or a headline other than `original.title` must be declared; cuts_with_approval needs a `permission` covering `cuts`; reported under `unmodified`",
            ids.join(", ")
        ));
    }
    if let Some(e) = &c.excerpt {
        let trailer = e.trailer.as_ref().map_or(String::new(), |t| {
            format!(", ending with \"{}\" linking the source", t.text)
        });
        lines.push(format!(
            "excerpt: at most {} paragraph(s) of the body{trailer} (the trailer is not counted); reported under `excerpt`",
            e.max_paragraphs
        ));
    }
    if let Some(targets) = &c.link_targets {
        let t: Vec<String> = targets.iter().map(LinkTarget::describe).collect();
        lines.push(format!(
            "link_targets: a visible link to any one of {} satisfies `source-link` (instead of the source alone)",
            t.join(", ")
        ));
    }
    if c.require_upstream {
        lines.push("require_upstream: a republisher's grant cannot cover its upstream, so an article with `original` must name `original.licence`, whose rules are checked too; reported under `upstream`".to_owned());
    }
    if c.pixel == PixelKind::Script {
        lines.push("pixel = \"script\": the tracker is a <script src> of the article's `pixel`, as in the publisher's snippet; the sanitiser lets exactly that script through; reported under `pixel`".to_owned());
    }
    if !c.media_hosts_denied.is_empty() {
        lines.push(format!(
            "media_hosts_denied = [{}]: no image on the page may come from these hosts or their subdomains, unless a `permission` covers `images`; reported under `image-rights`",
            c.media_hosts_denied.join(", ")
        ));
    }
    if !lines.is_empty() {
        let origin = match p.origin {
            Origin::Config { line } => format!("config.toml, [licences.{}] at line {line}", p.id),
            Origin::BuiltIn => "built in".to_owned(),
        };
        let _ = writeln!(
            out,
            "\nTerms beyond the rules ({origin}; docs/licences.md):"
        );
        for l in lines {
            let _ = writeln!(out, "  - {l}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_names_the_non_commercial_limit_a_notice_implies() {
        let source = "title = \"T\"\nbase_url = \"https://example.org/\"\n\
            [licences.notice]\nrules = [\"byline\"]\ncommercial = \"permission\"\n";
        let config = Config::parse(source, "config.toml".into()).expect("config parses");
        let registry = Registry::from_config(&config).expect("profiles load");
        let text = list(&registry);
        let line = text
            .lines()
            .skip_while(|l| !l.starts_with("notice "))
            .nth(1)
            .expect("rules line");
        assert!(line.ends_with("rules: byline, non-commercial"), "{line}");
    }
}
