//! The command line's arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Render and check every page in memory; write nothing (with
    /// --upstream: check whether the articles' sources changed)
    Check(CheckCmd),
    /// List the licence profiles, or explain one rule by rule
    #[command(alias = "licenses")]
    Licences {
        /// A profile id, such as CC-BY-NC-ND-4.0
        id: Option<String>,
    },
    /// Print the fingerprint of an article's body (or of a whole text file)
    ///
    /// The fingerprint is `sha256:` and the SHA-256 of the body as written
    /// (the Markdown after the closing `---`), with every run of white
    /// space taken as one space and the ends trimmed, so re-wrapping lines
    /// does not change it and any other edit does. Profiles whose licence allows no
    /// changes (the `unmodified` rule) compare it with the `fingerprint:`
    /// an article records: paste the original text, run this command, and
    /// copy its output into the front matter.
    Fingerprint {
        /// A Markdown article (its front matter is skipped) or a text file
        file: PathBuf,
    },
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
    /// Import articles from their pages, a partner feed or a republish snippet
    Import(ImportArgs),
    /// Check someone else's republication of a story against the story's terms
    Audit(AuditArgs),
    /// Create a new site: configuration, the default theme and an example article
    Init {
        /// The folder for the site (default: the current one)
        dir: Option<PathBuf>,
    },
    /// Serve the site locally, rebuilding and reloading as files change
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Article URLs, saved HTML files, feeds, or `-` for a snippet on standard input
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// The licence profile, when the page does not say (or says wrongly)
    #[arg(long, alias = "license", value_name = "ID")]
    pub licence: Option<String>,
    /// The folder to write into, under the site root
    #[arg(long, value_name = "content/SECTION")]
    pub to: Option<PathBuf>,
    /// For feeds: import only the newest N entries
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Print the articles instead of writing them
    #[arg(long)]
    pub dry_run: bool,
    /// Refresh the body and fingerprint of an article already imported
    #[arg(long)]
    pub update: bool,
    /// Seconds to wait for a server before giving up
    #[arg(long, default_value_t = 20, value_name = "SECS")]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Republished pages: URLs or saved HTML files
    #[arg(value_name = "TARGET")]
    pub targets: Vec<String>,
    /// A file of targets, one a line (# comments and blank lines skipped)
    #[arg(long, value_name = "FILE")]
    pub list: Option<PathBuf>,
    /// Take the facts and terms from one of the site's articles
    #[arg(long, value_name = "FILE", conflicts_with_all = ["licence", "source_url"])]
    pub article: Option<PathBuf>,
    /// The story's licence profile (built-in or in config.toml)
    #[arg(
        long,
        alias = "license",
        value_name = "ID",
        required_unless_present = "article",
        requires = "source_url"
    )]
    pub licence: Option<String>,
    /// The story's address at its publisher
    #[arg(long, value_name = "URL", requires = "licence")]
    pub source_url: Option<String>,
    /// The publisher's name (default: the source's host)
    #[arg(long, value_name = "NAME", requires = "licence")]
    pub source_name: Option<String>,
    /// An author to find in the byline (repeat for each)
    #[arg(long = "author", value_name = "NAME", requires = "licence")]
    pub authors: Vec<String>,
    /// The copyright holder (with --year)
    #[arg(long, value_name = "H", requires_all = ["licence", "year"])]
    pub holder: Option<String>,
    /// The copyright year (with --holder)
    #[arg(long, value_name = "Y", requires = "holder")]
    pub year: Option<String>,
    /// The first publisher's address, when the source republished it
    #[arg(long, value_name = "URL", requires = "licence")]
    pub original_url: Option<String>,
    /// The publisher's tracking pixel address
    #[arg(long, value_name = "URL", requires = "licence")]
    pub pixel: Option<String>,
    /// Seconds to wait for a server before giving up
    #[arg(long, default_value_t = 20, value_name = "SECS")]
    pub timeout: u64,
    /// How to print the report
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct CheckCmd {
    #[command(flatten)]
    pub common: CheckArgs,
    /// Fetch every article's source and report corrections, licence
    /// changes, removals and moves instead of checking the pages
    #[arg(long)]
    pub upstream: bool,
    /// With --upstream: seconds to wait for a server before giving up
    #[arg(long, default_value_t = 20, value_name = "SECS", requires = "upstream")]
    pub timeout: u64,
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; loopback unless you say otherwise
    #[arg(
        long,
        short = 'i',
        visible_alias = "interface",
        default_value = "127.0.0.1"
    )]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free one)
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,
    /// The address the pages link to (default: the address each request was sent to)
    #[arg(long, short = 'u', value_name = "URL")]
    pub base_url: Option<String>,
    /// Include articles marked `draft: true`
    #[arg(long, short = 'D')]
    pub drafts: bool,
    /// Open the site in the default browser
    #[arg(long, short = 'O')]
    pub open: bool,
    /// Poll for changes instead of relying on file-system events
    /// (network drives, some containers)
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site (default: `output` in config.toml, else public/)
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Replace the output folder even if it holds files reprint did not write
    #[arg(long)]
    pub force: bool,
    /// Build from scratch: neither read nor write the build cache in .reprint-cache/
    #[arg(long)]
    pub no_cache: bool,
    #[command(flatten)]
    pub common: CheckArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Override base_url, for preview deploys
    #[arg(long, short = 'u', value_name = "URL")]
    pub base_url: Option<String>,
    /// Include articles marked `draft: true`
    #[arg(long, short = 'D')]
    pub drafts: bool,
    /// How to print the compliance report
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Publish every compliant page and leave failing articles out, with a
    /// warning (as `on_violation = "withhold"` in config.toml does)
    #[arg(long)]
    pub withhold: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Github,
}
