//! Where things live in a site folder: the names of its folders and files,
//! which file names are never content, and the bundled theme. A leaf: it
//! imports nothing from the crate, so every stage may use it.

/// Articles, and the files beside them.
pub const CONTENT_DIR: &str = "content";
/// Files copied as they are into the output, from the site and from its theme.
pub const STATIC_DIR: &str = "static";
/// Installed themes, one folder each.
pub const THEMES_DIR: &str = "themes";
/// A theme's templates, inside its folder.
pub const TEMPLATES_DIR: &str = "templates";
/// The site's configuration, at its root.
pub const CONFIG_FILE: &str = "config.toml";
/// The folder, under the site root, for state reprint may throw away: the
/// build cache and the upstream check's answers. A CI system may keep it.
pub const CACHE_DIR: &str = ".reprint-cache";
/// Where the site is built when neither the configuration nor `--output` says.
pub const DEFAULT_OUTPUT: &str = "public";
/// The theme `reprint init` installs and a configuration without `theme` uses.
pub const BUNDLED_THEME: &str = "default";

/// Marks a value `reprint new` could not know. Any left in an article is an
/// input error at its line, so a half-finished article never builds.
pub const PLACEHOLDER: &str = "FILL-IN:";

/// Dotfiles, editor swap and backup files: never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// The bundled default theme, as `reprint init` writes it.
pub const DEFAULT_THEME: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "templates/article.html",
        include_str!("../themes/default/templates/article.html"),
    ),
    (
        "templates/index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "templates/taxonomy.html",
        include_str!("../themes/default/templates/taxonomy.html"),
    ),
    (
        "templates/term.html",
        include_str!("../themes/default/templates/term.html"),
    ),
    (
        "templates/page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "templates/section.html",
        include_str!("../themes/default/templates/section.html"),
    ),
    (
        "templates/404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "templates/atom.xml",
        include_str!("../themes/default/templates/atom.xml"),
    ),
    (
        "templates/rss.xml",
        include_str!("../themes/default/templates/rss.xml"),
    ),
    (
        "templates/partials/attribution.html",
        include_str!("../themes/default/templates/partials/attribution.html"),
    ),
    (
        "templates/partials/list.html",
        include_str!("../themes/default/templates/partials/list.html"),
    ),
    (
        "i18n/en.toml",
        include_str!("../themes/default/i18n/en.toml"),
    ),
    (
        "i18n/fr.toml",
        include_str!("../themes/default/i18n/fr.toml"),
    ),
    (
        "i18n/es.toml",
        include_str!("../themes/default/i18n/es.toml"),
    ),
    (
        "i18n/de.toml",
        include_str!("../themes/default/i18n/de.toml"),
    ),
    (
        "i18n/pt.toml",
        include_str!("../themes/default/i18n/pt.toml"),
    ),
    (
        "static/style.css",
        include_str!("../themes/default/static/style.css"),
    ),
];
