//! The command line: argument parsing and all printing. Everything it does
//! is a call into the library, which returns values; exit status is decided
//! in [`Status::code`]: 0 for success, 1 for compliance violations, 2 for bad
//! input, configuration or templates, or output that could not be written.

mod args;
mod audit;
mod github;
mod import;
mod licences;
mod print;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use reprint::build::{self, BuildOptions, Error};
use reprint::config::Config;
use reprint::content::{self, LoadOptions};
use reprint::diagnostics::{Diagnostic, Paint};

use args::{CheckArgs, Format};
pub use args::{Cli, Command};
use print::{count, plural, printer};

/// How a command ended; the one place that turns it into an exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success,
    /// Some page fails its licence.
    Violations,
    /// The site's input (or the command's arguments) is wrong.
    Input,
    /// The output could not be written.
    Output,
}

impl Status {
    fn code(self) -> ExitCode {
        match self {
            Status::Success => ExitCode::SUCCESS,
            Status::Violations => ExitCode::from(1),
            Status::Input | Status::Output => ExitCode::from(2),
        }
    }
}

/// A command that stopped: what to tell the user, and why it stopped.
struct Stop {
    diagnostics: Vec<Diagnostic>,
    status: Status,
}

impl Stop {
    fn input(diagnostics: Vec<Diagnostic>) -> Stop {
        Stop {
            diagnostics,
            status: Status::Input,
        }
    }

    fn output(diagnostics: Vec<Diagnostic>) -> Stop {
        Stop {
            diagnostics,
            status: Status::Output,
        }
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let format = match &cli.command {
        Command::Build(args) => args.common.format,
        Command::Check(args) => args.common.format,
        Command::Audit(args) => args.format,
        _ => Format::Text,
    };
    let status = match command(cli) {
        Ok(status) => status,
        Err(stop) => report_stop(&stop, format),
    };
    status.code()
}

fn command(cli: Cli) -> Result<Status, Stop> {
    match cli.command {
        Command::Build(args) => {
            let options = (args.force, !args.no_cache);
            run_build(&cli.root, Some(args.output), options, &args.common)
        }
        Command::Check(args) if args.upstream => audit::upstream(&cli.root, &args),
        Command::Check(args) => run_build(&cli.root, None, (false, false), &args.common),
        Command::Audit(args) => audit::run(&cli.root, args),
        Command::Licences { id } => {
            let text =
                licences::screen(&cli.root, id.as_deref()).map_err(|(diagnostics, status)| {
                    Stop {
                        diagnostics,
                        status,
                    }
                })?;
            stdout(&text)?;
            Ok(Status::Success)
        }
        Command::Fingerprint { file } => fingerprint(&file),
        Command::New {
            path,
            licence,
            source_url,
            title,
        } => {
            let today = jiff::ZonedDateTime::now().date();
            let written = reprint::scaffold::new_article(
                &cli.root,
                &path,
                licence.as_deref(),
                source_url.as_deref(),
                title.as_deref(),
                today,
            )
            .map_err(|d| Stop::input(vec![d]))?;
            stdout(&format!("wrote {}\n", written.display()))?;
            eprintln!("fill in every FILL-IN placeholder; `reprint check` lists those left");
            Ok(Status::Success)
        }
        Command::Import(args) => import::run(&cli.root, args),
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| cli.root.clone());
            let written = reprint::scaffold::init(&dir).map_err(|d| Stop::input(vec![d]))?;
            stdout(&format!(
                "created a site in {0} ({1} files)\nnext: reprint build --root {0}   or   reprint serve --root {0}\n",
                dir.display(),
                written.len()
            ))?;
            Ok(Status::Success)
        }
        #[cfg(feature = "serve")]
        Command::Serve(args) => {
            let options = reprint::serve::ServeOptions {
                root: cli.root,
                bind: args.bind,
                port: args.port,
                base_url: args.base_url,
                drafts: args.drafts,
                open: args.open,
                poll: args.poll,
            };
            match reprint::serve::serve(&options) {
                Ok(()) => Ok(Status::Success),
                // The site is fine; the machine's port is not free.
                Err(reprint::serve::Error::Listen(d)) => {
                    eprint!("{}", d.render(colour_on(&std::io::stderr())));
                    Ok(Status::Output)
                }
                Err(reprint::serve::Error::Setup(d)) => Err(Stop::input(vec![d])),
            }
        }
    }
}

fn colour_on(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Writes a command's result to stdout; a failure there is an output error.
fn stdout(text: &str) -> Result<(), Stop> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| {
            Stop::output(vec![Diagnostic::new(
                "<stdout>",
                format!("cannot write: {e}"),
            )])
        })
}

/// Prints why a command stopped to stderr (and as annotations for CI);
/// returns the stop's status.
fn report_stop(stop: &Stop, format: Format) -> Status {
    let colour = colour_on(&std::io::stderr());
    let printer = printer(format, colour);
    let mut err = std::io::stderr().lock();
    let mut out = std::io::stdout().lock();
    for d in &stop.diagnostics {
        let _ = write!(err, "{}", d.render(colour));
        if let Some(annotation) = printer.diagnostic(d) {
            // Stdout may be what failed; the message on stderr stands.
            let _ = out.write_all(annotation.as_bytes());
        }
    }
    let _ = out.flush();
    let n = stop.diagnostics.len();
    let red = Paint(colour).red("error:");
    let _ = match stop.status {
        Status::Output => writeln!(err, "{red} could not write the output"),
        // A command that stops on its own arguments has said why already.
        _ if n == 0 => Ok(()),
        _ => writeln!(
            err,
            "{red} {n} problem{} in the site's input; nothing was written",
            plural(n)
        ),
    };
    stop.status
}

fn run_build(
    root: &Path,
    output: Option<Option<PathBuf>>,
    (force, cache): (bool, bool),
    args: &CheckArgs,
) -> Result<Status, Stop> {
    let writing = output.is_some();
    let mut options = BuildOptions::new(root);
    options.force = force;
    options.cache = cache;
    options.withhold = args.withhold.then_some(true);
    options.load = LoadOptions {
        drafts: args.drafts,
        base_url: args.base_url.clone(),
    };
    if let Some(requested) = output {
        // The output folder comes from config.toml unless --output says otherwise.
        let configured = root.join(Config::load(root).map_err(Stop::input)?.output);
        options.output = Some(requested.unwrap_or(configured));
    }
    let outcome = build::build(&options).map_err(|e| match e {
        Error::Input(d) => Stop::input(d),
        Error::Output(d) => Stop::output(vec![d]),
    })?;
    let report = &outcome.report;
    let colour = colour_on(&std::io::stderr());
    let printer = printer(args.format, colour_on(&std::io::stdout()));
    let mut annotations = String::new();
    for w in &outcome.warnings {
        eprint!("{}", w.render(colour));
        annotations.extend(printer.diagnostic(w));
    }
    stdout(&format!("{annotations}{}", printer.report(report)))?;
    let paint = Paint(colour_on(&std::io::stderr()));
    print_held(report, paint);
    match (&outcome.written, writing) {
        (Some(dir), _) => eprintln!(
            "{} {} ({}) into {} in {:.2}s",
            paint.green("built"),
            count(outcome.pages, "page"),
            count(outcome.articles, "article"),
            dir.display(),
            outcome.elapsed.as_secs_f64()
        ),
        (None, true) => {
            let failed = report.pages.iter().filter(|p| !p.passed()).count();
            eprintln!(
                "{} {failed} page{} failed the compliance check; the previous output was left as it was",
                paint.red("error:"),
                plural(failed)
            )
        }
        (None, false) => eprintln!(
            "checked {} ({}) in {:.2}s; nothing was written",
            count(outcome.pages, "page"),
            count(outcome.articles, "article"),
            outcome.elapsed.as_secs_f64()
        ),
    }
    Ok(if report.passed() {
        Status::Success
    } else {
        Status::Violations
    })
}

/// A note for each article held back or withdrawn by its rights window, and
/// one warning line for the articles withheld for failing their licence.
fn print_held(report: &reprint::comply::Report, paint: Paint) {
    let mut withheld = 0;
    for h in &report.held {
        match h.reason {
            reprint::content::HeldReason::Withheld(_) => withheld += 1,
            _ => eprintln!("{} {} {}", paint.cyan("note:"), h.path, h.reason),
        }
    }
    if withheld > 0 {
        eprintln!(
            "{} {withheld} article{} failed the compliance check and {} left out of the site",
            paint.yellow("warning:"),
            plural(withheld),
            if withheld == 1 { "was" } else { "were" }
        );
    }
}

fn fingerprint(file: &Path) -> Result<Status, Stop> {
    let text = content::read_text(file, file).map_err(|d| Stop::input(vec![d]))?;
    let body = content::split_front_matter(&text).map_or(text.as_str(), |s| s.body);
    stdout(&format!("{}\n", content::fingerprint(body)))?;
    Ok(Status::Success)
}
