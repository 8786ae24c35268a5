//! The command line: argument parsing and printing. Everything it does is a
//! call into the library; exit status is 0 for success, 1 for compliance
//! violations, 2 for bad input, configuration or templates.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::build::{self, BuildOptions, Error};
use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diagnostics::{Diagnostic, Paint};
use crate::licences::{Commercial, Origin, Registry, Rule};

#[derive(Debug, Parser)]
#[command(
    name = "reprint",
    version,
    about = "A static site generator for republished articles that checks every page against its licence"
)]
pub struct Cli {
    /// The site's folder
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder, if every page complies
    Build(BuildArgs),
    /// Render and check every page in memory; write nothing
    Check(CheckArgs),
    /// List the licence profiles, or explain one rule by rule
    #[command(alias = "licenses")]
    Licences {
        /// A profile id, such as CC-BY-NC-ND-4.0
        id: Option<String>,
    },
    /// Print the fingerprint of an article's body (or of a whole text file)
    Fingerprint { file: PathBuf },
    /// Write a new article with every field its licence needs, as placeholders to fill in
    New {
        /// Where to write it, under content/ (relative to the current folder)
        path: PathBuf,
        /// The licence profile it is republished under
        #[arg(long, alias = "license")]
        licence: Option<String>,
        /// The address of the article you republish
        #[arg(long)]
        source_url: Option<String>,
        /// Its headline
        #[arg(long)]
        title: Option<String>,
    },
    /// Create a new site: configuration, the default theme and an example article
    Init {
        /// The folder for the site (default: the current one)
        dir: Option<PathBuf>,
    },
    /// Serve the site locally, rebuilding and reloading as files change
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; loopback unless you say otherwise
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Include articles marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of relying on file-system events
    /// (network drives, some containers)
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site (default: `output` in config.toml, else public/)
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Replace the output folder even if it holds files reprint did not write
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub common: CheckArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Override base_url, for preview deploys
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include articles marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// How to print the compliance report
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Github,
}

const EXIT_VIOLATIONS: u8 = 1;
const EXIT_INPUT: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => run_build(&cli.root, Some(args.output), args.force, &args.common),
        Command::Check(args) => run_build(&cli.root, None, false, &args),
        Command::Licences { id } => licences(&cli.root, id.as_deref()),
        Command::Fingerprint { file } => fingerprint(&file),
        Command::New {
            path,
            licence,
            source_url,
            title,
        } => {
            let today = jiff::ZonedDateTime::now().date();
            match crate::scaffold::new_article(
                &cli.root,
                &path,
                licence.as_deref(),
                source_url.as_deref(),
                title.as_deref(),
                today,
            ) {
                Ok(written) => {
                    println!("wrote {}", written.display());
                    eprintln!(
                        "fill in every FILL-IN placeholder; `reprint check` lists those left"
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => print_diagnostics(&[&d], Format::Text),
            }
        }
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| cli.root.clone());
            match crate::scaffold::init(&dir) {
                Ok(written) => {
                    println!(
                        "created a site in {} ({} files)",
                        dir.display(),
                        written.len()
                    );
                    println!(
                        "next: reprint build --root {0}   or   reprint serve --root {0}",
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => print_diagnostics(&[&d], Format::Text),
            }
        }
        #[cfg(feature = "serve")]
        Command::Serve(args) => {
            let options = crate::serve::ServeOptions {
                root: cli.root,
                bind: args.bind,
                port: args.port,
                drafts: args.drafts,
                open: args.open,
                poll: args.poll,
            };
            match crate::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => print_diagnostics(&[&d], Format::Text),
            }
        }
    }
}

fn colour_on(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints input errors to stderr (or as annotations for CI) and returns exit status 2.
pub fn print_diagnostics(diagnostics: &[&Diagnostic], format: Format) -> ExitCode {
    let colour = colour_on(&std::io::stderr());
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = write!(err, "{}", d.render(colour));
        if format == Format::Github {
            let file = d.path.display().to_string();
            println!(
                "::error file={},line={},col={}::{}",
                file.replace(',', "%2C"),
                d.line.max(1),
                d.col.max(1),
                d.message.replace('%', "%25").replace('\n', "%0A")
            );
        }
    }
    let n = diagnostics.len();
    let _ = writeln!(
        err,
        "{} {n} problem{} in the site's input; nothing was written",
        Paint(colour).red("error:"),
        if n == 1 { "" } else { "s" }
    );
    ExitCode::from(EXIT_INPUT)
}

fn run_build(
    root: &Path,
    output: Option<Option<PathBuf>>,
    force: bool,
    args: &CheckArgs,
) -> ExitCode {
    let writing = output.is_some();
    let mut options = BuildOptions::new(root);
    options.force = force;
    options.load = LoadOptions {
        drafts: args.drafts,
        base_url: args.base_url.clone(),
    };
    if let Some(requested) = output {
        // The output folder comes from config.toml unless --output says otherwise.
        let configured = match Config::load(root) {
            Ok(c) => root.join(c.output),
            Err(d) => return print_diagnostics(&d.iter().collect::<Vec<_>>(), args.format),
        };
        options.output = Some(requested.unwrap_or(configured));
    }
    let outcome = match build::build(&options) {
        Ok(o) => o,
        Err(e @ (Error::Input(_) | Error::Output(_))) => {
            return print_diagnostics(&e.diagnostics(), args.format);
        }
    };
    let report = &outcome.report;
    match args.format {
        Format::Json => print!("{}", report.to_json()),
        Format::Github => print!("{}", report.to_github()),
        Format::Text => print!("{}", report.to_text(colour_on(&std::io::stdout()))),
    }
    let paint = Paint(colour_on(&std::io::stderr()));
    if writing {
        match &outcome.written {
            Some(dir) => eprintln!(
                "{} {} pages ({} articles) into {} in {:.2}s",
                paint.green("built"),
                outcome.pages,
                outcome.articles,
                dir.display(),
                outcome.elapsed.as_secs_f64()
            ),
            None => eprintln!(
                "{} {} page{} failed the compliance check; the previous output was left as it was",
                paint.red("error:"),
                report.pages.iter().filter(|p| !p.passed()).count(),
                if report.pages.iter().filter(|p| !p.passed()).count() == 1 {
                    ""
                } else {
                    "s"
                }
            ),
        }
    } else {
        eprintln!(
            "checked {} pages ({} articles) in {:.2}s; nothing was written",
            outcome.pages,
            outcome.articles,
            outcome.elapsed.as_secs_f64()
        );
    }
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_VIOLATIONS)
    }
}

fn licences(root: &Path, id: Option<&str>) -> ExitCode {
    // Outside a site folder, the built-in profiles are still worth listing.
    let registry = if root.join(crate::config::CONFIG_FILE).exists() {
        match Config::load(root).and_then(|c| Registry::from_config(&c)) {
            Ok(r) => r,
            Err(d) => return print_diagnostics(&d.iter().collect::<Vec<_>>(), Format::Text),
        }
    } else {
        Registry::builtin()
    };
    let mut out = String::new();
    match id {
        None => {
            for p in registry.iter() {
                let origin = match p.origin {
                    Origin::BuiltIn => String::new(),
                    Origin::Config { line } => format!(" (config.toml:{line})"),
                };
                out.push_str(&format!("{:<18} {}{origin}\n", p.id, p.name));
                let rules: Vec<&str> = p.rules.iter().map(|r| r.id()).collect();
                out.push_str(&format!(
                    "{:<18} rules: {}\n",
                    "",
                    if rules.is_empty() {
                        "none".to_owned()
                    } else {
                        rules.join(", ")
                    }
                ));
                if !p.warn.is_empty() {
                    let warn: Vec<&str> = p.warn.iter().map(|r| r.id()).collect();
                    out.push_str(&format!("{:<18} warnings: {}\n", "", warn.join(", ")));
                }
            }
            out.push_str("\n`reprint licences ID` explains one profile rule by rule.\n");
        }
        Some(id) => {
            let Some(p) = registry.get(id) else {
                let d = Diagnostic::new(
                    "reprint licences",
                    format!("unknown licence profile {id:?}"),
                )
                .with_hint(registry.unknown_hint(id));
                return print_diagnostics(&[&d], Format::Text);
            };
            out.push_str(&format!("{}: {}\n", p.id, p.name));
            if let Some(url) = &p.url {
                out.push_str(&format!("  licence:  {url}\n"));
            }
            if let Some(terms) = &p.terms {
                out.push_str(&format!("  terms:    {terms}\n"));
            }
            out.push_str(&format!(
                "  defined:  {}\n",
                match p.origin {
                    Origin::BuiltIn => "built into reprint".to_owned(),
                    Origin::Config { line } => format!("config.toml, line {line}"),
                }
            ));
            out.push_str(&format!(
                "  commercial use: {}\n",
                match p.commercial {
                    Commercial::Allowed => "allowed",
                    Commercial::Forbidden => "forbidden",
                    Commercial::Permission =>
                        "only with written permission (permission.covers: [commercial])",
                }
            ));
            if let Some(credit) = &p.credit {
                out.push_str(&format!("  credit:   \"{}\"\n", credit.text));
            }
            out.push_str("\nEach rendered page must satisfy (errors fail the build):\n");
            for r in &p.rules {
                out.push_str(&format!("  {:<15} {}\n", r.id(), r.explain()));
            }
            if p.rules.is_empty() {
                out.push_str("  (nothing)\n");
            }
            if !p.warn.is_empty() {
                out.push_str("\nReported as warnings (do not fail the build):\n");
                for r in &p.warn {
                    out.push_str(&format!("  {:<15} {}\n", r.id(), r.explain()));
                }
            }
            out.push_str("\nApplied whenever the article's front matter states the limit:\n");
            out.push_str(&format!(
                "  {:<15} when `rights` is set: {}\n",
                Rule::RightsWindow.id(),
                Rule::RightsWindow.explain()
            ));
            out.push_str(&format!(
                "  {:<15} when `image` is set: {}\n",
                Rule::ImageRights.id(),
                Rule::ImageRights.explain()
            ));
            if p.commercial != Commercial::Allowed && !p.rules.contains(&Rule::NonCommercial) {
                out.push_str(&format!(
                    "  {:<15} {}\n",
                    Rule::NonCommercial.id(),
                    Rule::NonCommercial.explain()
                ));
            }
            if !p.notes.is_empty() {
                out.push_str(&format!("\nWhere this comes from: {}\n", p.notes));
            }
        }
    }
    print!("{out}");
    ExitCode::SUCCESS
}

fn fingerprint(file: &Path) -> ExitCode {
    match std::fs::read_to_string(file) {
        Ok(text) => {
            let body = content::split_front_matter(&text).map_or(text.as_str(), |s| s.body);
            println!("{}", content::fingerprint(body));
            ExitCode::SUCCESS
        }
        Err(e) => {
            let d = Diagnostic::new(file, format!("cannot read this file: {e}"))
                .with_hint("pass the path of a Markdown article or a UTF-8 text file");
            print_diagnostics(&[&d], Format::Text)
        }
    }
}
