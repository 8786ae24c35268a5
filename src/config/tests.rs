//! Reading config.toml: values, defaults and the errors a wrong one gets.

use super::*;

fn parse(src: &str) -> Result<Config, Vec<Diagnostic>> {
    Config::parse(src, PathBuf::from("config.toml"))
}

#[test]
fn defaults_fill_what_is_not_set() {
    let c = parse("title = \"T\"\nbase_url = \"https://example.org\"\n").unwrap();
    assert_eq!(c.base_url, "https://example.org/");
    assert_eq!(c.theme.get_ref(), "default");
    assert_eq!(c.paginate, 10);
    assert!(c.sanitize_html);
    assert_eq!(c.permalink("/a/"), "https://example.org/a/");
}

#[test]
fn an_unknown_key_in_a_profile_or_its_excerpt_is_told_the_keys_there() {
    let base = "title = \"T\"\nbase_url = \"https://example.org\"\n[licences.p]\nname = \"P\"\nrules = [\"byline\"]\n";
    let errs = parse(&format!("{base}credit_positon = \"top\"\n")).unwrap_err();
    assert_eq!(errs[0].line, 6);
    assert_eq!(
        errs[0].hint.as_deref(),
        Some("did you mean `credit_position`?")
    );
    let errs = parse(&format!("{base}excerpt = {{ max_paragraph = 3 }}\n")).unwrap_err();
    assert_eq!(
        errs[0].hint.as_deref(),
        Some("did you mean `max_paragraphs`?")
    );
}

#[test]
fn unknown_key_points_at_its_line_with_a_suggestion() {
    let errs = parse("title = \"T\"\npaginte = 3\n").unwrap_err();
    assert_eq!(errs[0].line, 2);
    assert!(errs[0].message.contains("paginte"));
    assert!(errs[0].hint.as_deref().unwrap().contains("`paginate`"));
}

#[test]
fn a_base_url_without_scheme_is_rejected() {
    let errs = parse("base_url = \"example.org\"\n").unwrap_err();
    assert_eq!((errs[0].line, errs[0].col), (1, 12));
}

#[test]
fn a_base_url_is_a_scheme_host_and_path_and_nothing_else() {
    for (url, says) in [
        ("https://example.org/sub?x=1", "query or a fragment"),
        ("https://example.org/sub#top", "query or a fragment"),
        ("https://example.org/a b/", "has a space"),
        ("https://user:pw@example.org/", "user name"),
        ("https:///a/", "has no host"),
    ] {
        let errs = parse(&format!("base_url = \"{url}\"\n")).unwrap_err();
        assert!(errs[0].message.contains(says), "{url}: {}", errs[0].message);
    }
    let c = parse("base_url = \"https://example.org/pr-3\"\n").unwrap();
    assert_eq!(c.permalink("/a/"), "https://example.org/pr-3/a/");
}

#[test]
fn the_site_image_and_logo_take_only_web_addresses_or_site_paths() {
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        " JavaScript:x",
        "//evil.example/x.png",
    ] {
        let errs = parse(&format!(
            "title = \"T\"\nlogo = {bad:?}\nimage = \"/ok.png\"\n"
        ))
        .unwrap_err();
        assert_eq!(errs.len(), 1, "{bad}: {errs:?}");
        assert_eq!((errs[0].line, errs[0].col), (2, 8), "{bad}");
        assert!(
            errs[0].message.starts_with("`logo` holds an unsafe URL"),
            "{bad}"
        );
        let errs = parse(&format!("title = \"T\"\nimage = {bad:?}\n")).unwrap_err();
        assert!(
            errs[0].message.starts_with("`image` holds an unsafe URL"),
            "{bad}"
        );
    }
    let c = parse("logo = \"https://example.org/l.png\"\nimage = \"/i.png\"\n").unwrap();
    assert_eq!(c.logo.as_deref(), Some("https://example.org/l.png"));
    assert_eq!(c.image.as_deref(), Some("/i.png"));
}

#[test]
fn a_missing_site_folder_or_a_config_that_is_not_utf8_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("nowhere");
    let errs = Config::load(&gone).unwrap_err();
    assert_eq!(errs[0].path, gone);
    assert_eq!(errs[0].message, "this site folder does not exist");
    std::fs::write(dir.path().join(CONFIG_FILE), b"title = \"caf\xe9\"\n").unwrap();
    let errs = Config::load(dir.path()).unwrap_err();
    assert_eq!((errs[0].line, errs[0].col), (1, 13), "{errs:?}");
    assert!(errs[0].message.contains("not UTF-8"));
}

#[test]
fn a_wrong_type_is_an_error_at_the_value() {
    let errs = parse("paginate = \"ten\"\n").unwrap_err();
    assert_eq!(errs[0].line, 1);
    assert_eq!(
        errs[0].message,
        "wrong type for `paginate`: found string \"ten\", expected a whole number, 0 or more"
    );
    let errs = parse("taxonomies = \"tags\"\n").unwrap_err();
    assert!(
        errs[0].message.starts_with("wrong type for `taxonomies`: "),
        "{}",
        errs[0].message
    );
    let errs = parse("taxonomies = [\"tags\", \"tags\"]\n").unwrap_err();
    assert!(errs[0].hint.is_some());
}
