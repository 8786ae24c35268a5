//! `reprint import`: reads every source first, so a fetch error leaves
//! nothing written; then writes (or, with --dry-run, prints) the articles
//! and what was found where.

use std::path::Path;

use reprint::import::{self, ImportOptions};
use reprint::licences::Registry;

use super::args::ImportArgs;
use super::{Status, Stop};

pub(super) fn run(root: &Path, args: ImportArgs) -> Result<Status, Stop> {
    let registry = import::registry(root).map_err(Stop::input)?;
    let options = ImportOptions {
        root: root.to_owned(),
        licence: args.licence,
        to: args.to,
        limit: args.limit,
        update: args.update,
        fetch: import::fetch::FetchOptions {
            timeout: std::time::Duration::from_secs(args.timeout.max(1)),
            ..Default::default()
        },
        registry,
        now: jiff::Timestamp::now(),
    };
    // A snippet saved from a page in another charset says which in its <meta>.
    let mut stdin = || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
        Ok(import::fetch::decode(&bytes, None))
    };
    let mut prepared = Vec::new();
    for source in &args.sources {
        match import::prepare(source, &options, &mut stdin) {
            Ok(mut items) => prepared.append(&mut items),
            Err(e) => {
                eprintln!("error: {e}");
                eprintln!("nothing was written");
                return Ok(Status::Input);
            }
        }
    }
    if let Err(e) = import::check_repeats(&prepared) {
        eprintln!("error: {e}");
        eprintln!("nothing was written");
        return Ok(Status::Input);
    }
    if !args.dry_run
        && let Err(e) = import::write_all(&mut prepared)
    {
        eprintln!("error: {e}");
        return Ok(Status::Output);
    }
    let fill_ins: usize = prepared
        .iter()
        .map(|item| report(item, args.dry_run, &options))
        .sum();
    if fill_ins > 0 && !args.dry_run {
        eprintln!("fill in every FILL-IN placeholder; `reprint check` lists those left");
    }
    Ok(Status::Success)
}

/// Prints what happened to one article and where each field came from;
/// returns how many fields are left to fill in.
fn report(item: &import::Imported, dry_run: bool, options: &ImportOptions) -> usize {
    if item.not_imported {
        let entry = item.facts.source_url.as_ref().map_or_else(
            || {
                item.facts
                    .title
                    .as_ref()
                    .map_or("an entry without a link", |t| t.value.as_str())
            },
            |u| u.value.as_str(),
        );
        println!(
            "not imported yet: {entry} (in {}); left alone, import it without --update",
            item.source
        );
        return 0;
    }
    for hop in &item.redirects {
        println!("redirected from {hop}");
    }
    let updated = !item.changes.is_empty();
    let verb = match (dry_run, updated) {
        (true, _) => "would write",
        (false, false) => "wrote",
        (false, true) => "updated",
    };
    println!("{verb} {} (from {})", item.path.display(), item.source);
    for change in &item.changes {
        println!("  changed: {change}");
    }
    // A new article's licence is the one --licence names, whatever the
    // page says; an updated one keeps the file's.
    let given = options.licence.as_deref().filter(|_| !updated);
    let mut fill_ins = 0;
    for (field, value, from) in import::provenance(&item.facts) {
        let (value, from) = match (field, given) {
            ("licence", Some(id)) => (id.to_owned(), Some("--licence".to_owned())),
            _ => (value, from),
        };
        match from {
            Some(from) => println!("  {field:<17} {value}  [{from}]"),
            None if matches!(field, "original" | "image" | "pixel") => {
                let place = match item.from_feed {
                    true => "in the feed entry",
                    false => "on the page",
                };
                println!("  {field:<17} -  [none {place}]");
            }
            None => {
                fill_ins += 1;
                println!("  {field:<17} FILL-IN  [not found]");
            }
        }
    }
    print_verdict(&item.facts, given, &options.registry);
    if dry_run {
        println!("{}", item.text);
    }
    fill_ins
}

fn print_verdict(facts: &import::facts::Facts, licence: Option<&str>, registry: &Registry) {
    use reprint::import::verdict::{Verdict, verdict};
    match verdict(facts, licence, registry) {
        Verdict::NoLicence => {
            println!("  verdict: no licence yet; fill in `licence` (or import with --licence ID)")
        }
        Verdict::UnknownLicence(id) => println!(
            "  verdict: no profile {id:?}; {}",
            registry.unknown_hint(&id)
        ),
        Verdict::Ready { licence } => println!(
            "  verdict: every {licence} rule has its facts; `reprint check` judges the rendered page"
        ),
        Verdict::Missing { licence, missing } => {
            let list: Vec<String> = missing
                .iter()
                .map(|(rule, field)| format!("{} needs {field}", rule.id()))
                .collect();
            println!(
                "  verdict: fails {licence} until filled in: {}",
                list.join(", ")
            );
        }
    }
}
