//! The compliance pass, rule by rule: a page that passes, and pages that
//! fail for each distinct reason, checked on the rendered HTML.

use crate::support::{TestSite, rules, violations};

const ATTRIBUTION: &str = "themes/default/templates/partials/attribution.html";
const ARTICLE: &str = "themes/default/templates/article.html";

/// An article with everything a CC licence asks for; `extra` lines are added
/// to the front matter.
fn article(licence: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"A republished story\"\ndate: 2026-03-04\nauthors: [Ana Lima, Bo Chen]\nlicence: {licence}\nsource:\n  name: Source Daily\n  url: https://source.example.org/story\ncopyright:\n  holder: Source Daily\n  year: 2025\n{extra}---\n{body}\n"
    )
}

const BODY: &str =
    "First paragraph with a [link](https://data.example.org/table).\n\nSecond paragraph.";

fn site_with(licence: &str, extra: &str) -> TestSite {
    let site = TestSite::fixture("basic");
    site.write("content/story.md", &article(licence, extra, BODY));
    site
}

/// The rules the story fails with severity `error`.
fn check(site: &TestSite) -> Vec<String> {
    site.errors_of("content/story.md")
}

fn messages(site: &TestSite) -> Vec<(String, String, String)> {
    let (_, report) = site.check_json();
    violations(&report, "content/story.md")
}

/// Replaces the article template's body with `body` (title and content kept).
fn article_template(site: &TestSite, head: &str, body: &str) {
    site.write(
        ARTICLE,
        &format!("<!DOCTYPE html><html lang=\"en\"><head><title>{{{{ page.title }}}}</title>{head}</head><body><h1>{{{{ page.title }}}}</h1>{{{{ page.content }}}}{body}</body></html>"),
    );
}

#[test]
fn the_default_theme_satisfies_every_cc_rule() {
    for licence in [
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-3.0",
        "CC-BY-NC-SA-3.0",
        "cc-by-sa-3.0",
    ] {
        let site = site_with(
            licence,
            "original:\n  name: First Press\n  url: https://first.example.org/a\n",
        );
        assert_eq!(check(&site), Vec::<String>::new(), "{licence}");
    }
}

#[test]
fn the_example_site_passes_check() {
    let site = TestSite::example();
    let run = site.run(&["check"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("passed, 0 failed (0 errors, 0 warnings)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_theme_that_renders_only_title_and_body_fails_every_required_rule_once() {
    let site = TestSite::fixture("bare-theme");
    let (code, report) = site.check_json();
    assert_eq!(code, 1);
    let mut got = rules(&report, "content/harbour.md");
    got.sort();
    assert_eq!(
        got,
        [
            "byline",
            "copyright",
            "licence-link",
            "original-link",
            "source-link"
        ]
    );
    let byline = &violations(&report, "content/harbour.md")[0];
    assert!(
        byline.2.contains("Maren Olsted") && byline.2.contains("Tobias Wren"),
        "{}",
        byline.2
    );
}

// --- byline ---------------------------------------------------------------

#[test]
fn byline_fails_when_a_second_author_is_missing() {
    let site = site_with("CC-BY-4.0", "");
    article_template(
        &site,
        "",
        "<p>By {{ page.authors | first }}</p><p>Copyright \u{a9} {{ page.copyright.year }} {{ page.copyright.holder }}</p><a href=\"{{ page.source.url }}\">Source</a><a rel=\"license\" href=\"{{ page.licence.url }}\">Licence</a>",
    );
    let v = messages(&site);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].0, "byline");
    assert!(v[0].2.contains("Bo Chen"), "{}", v[0].2);
}

#[test]
fn byline_fails_when_the_article_names_no_author() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/story.md",
        &article("CC-BY-4.0", "", BODY).replace("authors: [Ana Lima, Bo Chen]\n", ""),
    );
    let v = messages(&site);
    assert_eq!(v.iter().filter(|v| v.0 == "byline").count(), 1);
    assert!(
        v[0].2.contains("authors"),
        "the message names the field to add: {}",
        v[0].2
    );
}

#[test]
fn byline_in_a_hidden_element_does_not_count() {
    let site = site_with("CC-BY-4.0", "");
    site.edit(ATTRIBUTION, |s| {
        s.replace(
            "<dt>{{ i18n.written_by }}</dt><dd>{% for a",
            "<dt>{{ i18n.written_by }}</dt><dd hidden>{% for a",
        )
    });
    site.edit(ARTICLE, |s| {
        s.replace(
            "<span class=\"author\">{{ a }}</span>",
            "<span class=\"author\" hidden>{{ a }}</span>",
        )
    });
    assert_eq!(check(&site), ["byline"]);
}

// --- copyright --------------------------------------------------------------

#[test]
fn copyright_only_in_an_html_comment_fails() {
    let site = site_with("CC-BY-4.0", "");
    site.edit(ATTRIBUTION, |s| {
        s.replace(
            "<div><dt>{{ i18n.copyright }}</dt><dd>Copyright &copy; {{ page.copyright.holder }}{% if page.copyright.year %}, {{ page.copyright.year }}{% endif %}</dd></div>",
            "<!-- Copyright &copy; {{ page.copyright.year }} {{ page.copyright.holder }} -->",
        )
    });
    assert_eq!(check(&site), ["copyright"]);
}

#[test]
fn copyright_in_a_script_or_template_does_not_count() {
    let site = site_with("CC-BY-4.0", "");
    site.edit(ATTRIBUTION, |s| {
        s.replace(
            "<div><dt>{{ i18n.copyright }}</dt><dd>Copyright &copy; {{ page.copyright.holder }}{% if page.copyright.year %}, {{ page.copyright.year }}{% endif %}</dd></div>",
            "<script>/* Copyright &copy; {{ page.copyright.year }} {{ page.copyright.holder }} */</script><template><p>Copyright &copy; {{ page.copyright.year }} {{ page.copyright.holder }}</p></template>",
        )
    });
    assert_eq!(check(&site), ["copyright"]);
}

#[test]
fn copyright_without_the_year_fails() {
    let site = site_with("CC-BY-4.0", "");
    site.edit(ATTRIBUTION, |s| {
        s.replace(
            "{% if page.copyright.year %}, {{ page.copyright.year }}{% endif %}",
            "",
        )
    });
    let v = messages(&site);
    assert_eq!(v.len(), 1);
    assert!(v[0].2.contains("2025"), "{}", v[0].2);
}

#[test]
fn missing_copyright_in_front_matter_names_the_field() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/story.md",
        &article("CC-BY-4.0", "", BODY)
            .replace("copyright:\n  holder: Source Daily\n  year: 2025\n", ""),
    );
    let v = messages(&site);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].0, "copyright");
    assert!(
        v[0].2.contains("copyright.holder") && v[0].2.contains("copyright.year"),
        "{}",
        v[0].2
    );
}

// --- source-link and original-link ------------------------------------------

#[test]
fn the_seed_article_with_its_placeholder_links_fails_source_link() {
    let site = TestSite::fixture("seed");
    let (code, report) = site.check_json();
    assert_eq!(code, 1);
    let v = violations(&report, "content/iran.md");
    assert_eq!(
        v.iter().map(|v| v.0.as_str()).collect::<Vec<_>>(),
        ["source-link"]
    );
    assert!(
        v[0].2.contains("source.url") && v[0].2.contains("\"#\""),
        "{}",
        v[0].2
    );
}

#[test]
fn a_relative_source_url_fails() {
    let site = site_with("CC-BY-4.0", "");
    site.edit("content/story.md", |s| {
        s.replace("url: https://source.example.org/story", "url: /story")
    });
    let v = messages(&site);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].0, "source-link");
    assert!(v[0].2.contains("not an absolute"));
}

#[test]
fn a_missing_source_names_the_field() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/story.md",
        &article("CC-BY-4.0", "", BODY).replace(
            "source:\n  name: Source Daily\n  url: https://source.example.org/story\n",
            "",
        ),
    );
    let v = messages(&site);
    assert_eq!(v.len(), 1);
    assert!(v[0].2.contains("source.url"), "{}", v[0].2);
}

#[test]
fn source_link_must_be_a_visible_anchor_to_the_same_address() {
    let site = site_with("CC-BY-4.0", "");
    // Scheme and host case, default port and a trailing slash do not matter.
    site.edit("content/story.md", |s| {
        s.replace(
            "url: https://source.example.org/story",
            "url: HTTPS://Source.Example.ORG:443/story/",
        )
    });
    assert_eq!(check(&site), Vec::<String>::new());
    // A link to another page of the same site does not.
    site.edit("content/story.md", |s| {
        s.replace(
            "HTTPS://Source.Example.ORG:443/story/",
            "https://source.example.org/other",
        )
    });
    site.edit(ATTRIBUTION, |s| {
        s.replace(
            "<a href=\"{{ page.source.url }}\">",
            "<a href=\"https://source.example.org/\">",
        )
    });
    site.edit(ARTICLE, |s| {
        s.replace(
            "<a href=\"{{ page.source.url }}\">{{ page.source.name }}</a>",
            "{{ page.source.name }}",
        )
    });
    assert_eq!(check(&site), ["source-link"]);
}

#[test]
fn a_link_hidden_from_readers_does_not_count() {
    let site = site_with("CC-BY-4.0", "");
    site.edit(ARTICLE, |s| {
        s.replace(
            "<a href=\"{{ page.source.url }}\">{{ page.source.name }}</a>",
            "{{ page.source.name }}",
        )
    });
    site.edit(ATTRIBUTION, |s| {
        s.replace(
            "<a href=\"{{ page.source.url }}\">",
            "<a style=\"display:none\" href=\"{{ page.source.url }}\">",
        )
    });
    assert_eq!(check(&site), ["source-link"]);
}

#[test]
fn original_link_applies_when_the_original_is_named() {
    let site = site_with(
        "CC-BY-4.0",
        "original:\n  name: First Press\n  url: https://first.example.org/a\n",
    );
    assert_eq!(check(&site), Vec::<String>::new());
    site.edit(ATTRIBUTION, |s| {
        s.replace("<a href=\"{{ page.original.url }}\">", "<a href=\"#\">")
    });
    assert_eq!(check(&site), ["original-link"]);
    site.edit("content/story.md", |s| {
        s.replace("  url: https://first.example.org/a\n", "")
    });
    let v = messages(&site);
    assert!(v[0].2.contains("original.url"), "{}", v[0].2);
}

// --- licence-link -----------------------------------------------------------

#[test]
fn licence_link_needs_rel_license_to_the_article_licence() {
    let site = site_with("CC-BY-NC-ND-4.0", "fingerprint: FP\n");
    fill_fingerprint(&site);
    assert_eq!(check(&site), Vec::<String>::new());
    site.edit(ATTRIBUTION, |s| {
        s.replace(
            "<a {% if own_rel %}rel=\"license\" {% endif %}href=\"{{ page.licence.url }}\">",
            "<a href=\"{{ page.licence.url }}\">",
        )
    });
    assert_eq!(check(&site), ["licence-link"]);
}

#[test]
fn a_footer_licence_naming_another_licence_fails() {
    let site = site_with("CC-BY-NC-ND-4.0", "fingerprint: FP\n");
    fill_fingerprint(&site);
    // The article page's footer claims the site's own licence for the page.
    site.edit(ARTICLE, |s| {
        s.replace(
            "{% block site_licence %}{% if site.licence %}<p>{{ i18n.site_licence_not_articles }} {{ site.licence.short_name }}.</p>{% endif %}{% endblock site_licence %}",
            "",
        )
    });
    let v = messages(&site);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].0, "licence-link");
    assert!(v[0].2.contains("by-sa/4.0"), "{}", v[0].2);
}

#[test]
fn cc_deed_variants_count_as_the_same_licence() {
    let site = site_with("CC-BY-4.0", "");
    site.edit(ATTRIBUTION, |s| {
        s.replace(
            "href=\"{{ page.licence.url }}\"",
            "href=\"http://creativecommons.org/licenses/by/4.0/deed.en\"",
        )
    });
    assert_eq!(check(&site), Vec::<String>::new());
}

// --- canonical and noindex --------------------------------------------------

fn counted(extra: &str) -> TestSite {
    let site = TestSite::fixture("basic");
    site.write(
        "content/story.md",
        &article(
            "counted",
            &format!("pixel: https://counter.example.org/p.gif?id=9\n{extra}"),
            BODY,
        ),
    );
    site
}

#[test]
fn canonical_points_at_the_original_when_the_profile_asks() {
    let site = counted("original:\n  name: First Press\n  url: https://first.example.org/a\n");
    let (_, report) = site.check_json();
    let v = violations(&report, "content/story.md");
    // `noindex` is a warning in this profile; canonical passes with the default theme.
    assert_eq!(
        v.iter()
            .map(|v| (v.0.as_str(), v.1.as_str()))
            .collect::<Vec<_>>(),
        Vec::<(&str, &str)>::new()
    );
    let html = {
        site.run(&["build"]).assert_code(0);
        site.read("public/story/index.html")
    };
    assert!(html.contains("<link rel=\"canonical\" href=\"https://first.example.org/a\">"));
}

#[test]
fn canonical_fails_when_missing_duplicated_or_pointing_at_this_site() {
    let site = counted("");
    article_template(
        &site,
        "<link rel=\"canonical\" href=\"{{ page.permalink }}\">",
        "<p>By {{ page.authors_text }}</p><img src=\"{{ page.pixel }}\" alt=\"\">",
    );
    assert_eq!(check(&site), ["canonical"]);
    article_template(
        &site,
        "<link rel=\"canonical\" href=\"{{ page.head.canonical }}\"><link rel=\"canonical\" href=\"{{ page.head.canonical }}\">",
        "<p>By {{ page.authors_text }}</p><img src=\"{{ page.pixel }}\" alt=\"\">",
    );
    assert_eq!(check(&site), ["canonical"]);
    article_template(
        &site,
        "<link rel=\"canonical\" href=\"{{ page.head.canonical }}\">",
        "<p>By {{ page.authors_text }}</p><img src=\"{{ page.pixel }}\" alt=\"\">",
    );
    assert_eq!(check(&site), Vec::<String>::new());
}

#[test]
fn noindex_warns_without_failing_when_listed_under_warn() {
    let site = counted("");
    article_template(
        &site,
        "<link rel=\"canonical\" href=\"{{ page.head.canonical }}\">",
        "<p>By {{ page.authors_text }}</p><img src=\"{{ page.pixel }}\" alt=\"\">",
    );
    // The bare template has no robots meta: a warning, and the check still passes.
    let (_, report) = site.check_json();
    assert_eq!(
        violations(&report, "content/story.md")
            .iter()
            .map(|v| (v.0.as_str(), v.1.as_str()))
            .collect::<Vec<_>>(),
        [("noindex", "warning")]
    );
    let story = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == "content/story.md")
        .unwrap();
    assert_eq!(story["status"], "pass", "warnings do not fail a page");
    // As a rule, it fails; the default theme's meta tag satisfies it.
    site.edit("config.toml", |s| {
        s.replace("warn = [\"noindex\"]", "warn = []")
            .replace("\"canonical\"]", "\"canonical\", \"noindex\"]")
    });
    assert_eq!(check(&site), ["noindex"]);
    article_template(
        &site,
        "<link rel=\"canonical\" href=\"{{ page.head.canonical }}\"><meta name=\"googlebot-news\" content=\"noindex\">",
        "<p>By {{ page.authors_text }}</p><img src=\"{{ page.pixel }}\" alt=\"\">",
    );
    assert_eq!(check(&site), Vec::<String>::new());
}

// --- credit -----------------------------------------------------------------

#[test]
fn credit_wording_is_filled_and_must_be_shown() {
    let site = TestSite::fixture("basic");
    let (code, _) = site.check_json();
    assert_eq!(code, 0);
    site.run(&["build"]).assert_code(0);
    assert!(
        site.read("public/news/late-opening/index.html")
            .contains("The original source of this article is The Civic Ledger")
    );
    site.edit(ATTRIBUTION, |s| {
        s.replace("<p class=\"credit\">{{ page.credit }}</p>", "")
    });
    let (_, report) = site.check_json();
    assert_eq!(rules(&report, "late-opening.md"), ["credit"]);
}

#[test]
fn credit_names_the_field_its_placeholder_lacks() {
    let site = TestSite::fixture("basic");
    site.edit("content/news/late-opening.md", |s| {
        s.replace("  name: The Civic Ledger\n", "")
    });
    let (_, report) = site.check_json();
    let v = violations(&report, "late-opening.md");
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].0, "credit");
    assert!(v[0].2.contains("source.name"), "{}", v[0].2);
}

// --- pixel and links-kept ---------------------------------------------------

#[test]
fn pixel_must_be_loaded() {
    let site = counted("original:\n  name: First Press\n  url: https://first.example.org/a\n");
    assert_eq!(check(&site), Vec::<String>::new());
    // A lazy pixel in view loads; hidden and lazy, it never does.
    site.edit(ARTICLE, |s| {
        s.replace(
            "<img class=\"pixel\" src=\"{{ page.pixel }}\"",
            "<img class=\"pixel\" loading=\"lazy\" src=\"{{ page.pixel }}\"",
        )
    });
    assert_eq!(check(&site), Vec::<String>::new());
    site.edit(ARTICLE, |s| {
        s.replace(" loading=\"lazy\"", " loading=\"lazy\" hidden")
    });
    assert_eq!(check(&site), ["pixel"]);
    site.edit("content/story.md", |s| {
        s.replace("pixel: https://counter.example.org/p.gif?id=9\n", "")
    });
    let v = messages(&site);
    assert_eq!(v[0].0, "pixel");
    assert!(v[0].2.contains("`pixel`"), "{}", v[0].2);
}

#[test]
fn links_kept_fails_when_a_body_link_is_lost() {
    let site = counted("original:\n  name: First Press\n  url: https://first.example.org/a\n");
    site.edit(ARTICLE, |s| {
        s.replace("{{ page.content }}", "<p>{{ page.summary }}</p>")
    });
    let v = messages(&site);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].0, "links-kept");
    assert!(v[0].2.contains("https://data.example.org/table"));
}

// --- unmodified and changes-noted -------------------------------------------

/// Replaces the placeholder `FP` with the fingerprint of the story's body.
fn fill_fingerprint(site: &TestSite) {
    let fp = site.run(&[
        "fingerprint",
        &site.path("content/story.md").to_string_lossy(),
    ]);
    fp.assert_code(0);
    site.edit("content/story.md", |s| {
        s.replace(
            "fingerprint: FP",
            &format!("fingerprint: {}", fp.stdout.trim()),
        )
    });
}

#[test]
fn an_nd_article_changed_by_one_word_fails_but_rewrapping_passes() {
    let site = site_with("CC-BY-ND-4.0", "fingerprint: FP\n");
    fill_fingerprint(&site);
    assert_eq!(check(&site), Vec::<String>::new());
    site.edit("content/story.md", |s| {
        s.replace("First paragraph with a", "First paragraph\n   with   a")
    });
    assert_eq!(
        check(&site),
        Vec::<String>::new(),
        "re-wrapping is not a change"
    );
    site.edit("content/story.md", |s| {
        s.replace("Second paragraph.", "Second section.")
    });
    let v = messages(&site);
    assert_eq!(
        v.iter().map(|v| v.0.as_str()).collect::<Vec<_>>(),
        ["unmodified"]
    );
    assert!(v[0].2.contains("fingerprint"));
}

#[test]
fn an_nd_article_without_fingerprint_or_with_changes_fails() {
    let site = site_with("CC-BY-NC-ND-3.0", "");
    let v = messages(&site);
    assert_eq!(v.len(), 1);
    assert!(
        v[0].0 == "unmodified" && v[0].2.contains("fingerprint"),
        "{v:?}"
    );
    let site = site_with(
        "CC-BY-ND-4.0",
        "fingerprint: FP\nchanges: \"Headline shortened.\"\n",
    );
    fill_fingerprint(&site);
    assert_eq!(check(&site), ["unmodified"]);
}

#[test]
fn changes_must_be_noted_on_the_page() {
    let site = site_with("CC-BY-4.0", "changes: \"Two paragraphs were cut.\"\n");
    assert_eq!(check(&site), Vec::<String>::new());
    site.edit(ATTRIBUTION, |s| {
        s.replace(
            "<p class=\"changes\"><strong>{{ i18n.changed }}</strong> {{ page.changes }}</p>",
            "",
        )
    });
    assert_eq!(check(&site), ["changes-noted"]);
}

#[test]
fn a_body_that_drifted_from_its_fingerprint_must_say_what_changed() {
    let site = site_with(
        "CC-BY-4.0",
        "fingerprint: sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
    );
    let v = messages(&site);
    assert_eq!(v.len(), 1);
    assert!(
        v[0].0 == "changes-noted" && v[0].2.contains("changes"),
        "{v:?}"
    );
}

// --- non-commercial ---------------------------------------------------------

#[test]
fn an_nc_article_on_a_commercial_site_needs_permission() {
    let site = site_with("CC-BY-NC-4.0", "");
    assert_eq!(check(&site), Vec::<String>::new());
    site.edit("config.toml", |s| {
        s.replace("commercial = false", "commercial = true")
    });
    let v = messages(&site);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].0, "non-commercial");
    assert!(v[0].2.contains("permission"));
    site.edit("content/story.md", |s| {
        s.replace("---\nFirst", "permission:\n  granted_by: Source Daily syndication desk\n  date: 2026-02-01\n  reference: email of 2026-02-01\n  covers: [commercial]\n---\nFirst")
    });
    assert_eq!(check(&site), Vec::<String>::new());
}

#[test]
fn a_permission_profile_applies_non_commercial_without_listing_it() {
    let site = TestSite::fixture("basic");
    site.edit("config.toml", |s| {
        s.replace("commercial = false", "commercial = true")
    });
    let (_, report) = site.check_json();
    assert_eq!(rules(&report, "late-opening.md"), ["non-commercial"]);
}

// --- share-alike --------------------------------------------------------------

#[test]
fn share_alike_adaptation_keeps_its_licence_and_nothing_relicenses_it() {
    let site = site_with("CC-BY-SA-4.0", "changes: \"Translated into English.\"\n");
    assert_eq!(check(&site), Vec::<String>::new());
    site.edit("config.toml", |s| {
        s.replace("licence = \"CC-BY-SA-4.0\"", "licence = \"CC-BY-4.0\"")
    });
    site.edit(ARTICLE, |s| {
        s.replace(
            "{% block site_licence %}{% if site.licence %}<p>{{ i18n.site_licence_not_articles }} {{ site.licence.short_name }}.</p>{% endif %}{% endblock site_licence %}",
            "",
        )
    });
    let got = check(&site);
    assert!(got.contains(&"share-alike".to_owned()), "{got:?}");
    // A verbatim copy is not an adaptation: share-alike asks nothing more of it.
    site.edit("content/story.md", |s| {
        s.replace("changes: \"Translated into English.\"\n", "")
    });
    assert!(!check(&site).contains(&"share-alike".to_owned()));
}

#[test]
fn a_later_share_alike_version_is_compatible() {
    let site = site_with("CC-BY-SA-3.0", "changes: \"Shortened.\"\n");
    site.edit(ATTRIBUTION, |s| {
        s.replace(
            "href=\"{{ page.licence.url }}\"",
            "href=\"https://creativecommons.org/licenses/by-sa/4.0/\"",
        )
    });
    // The adaptation is offered under 4.0, a later version: both pass.
    assert_eq!(check(&site), Vec::<String>::new());
    // A verbatim copy is not an adaptation: it keeps the 3.0 licence link.
    site.edit("content/story.md", |s| {
        s.replace("changes: \"Shortened.\"\n", "")
    });
    assert_eq!(check(&site), ["licence-link"]);
}

// --- rights-window and image-rights -------------------------------------------

#[test]
fn rights_window_is_checked_against_the_build_date() {
    let site = site_with(
        "CC-BY-4.0",
        "rights:\n  from: 2020-01-01\n  until: 2099-12-31\n",
    );
    assert_eq!(check(&site), Vec::<String>::new());
    // Outside its window the article is left out of the build, not failed.
    site.edit("content/story.md", |s| {
        s.replace("until: 2099-12-31", "until: 2021-01-01")
    });
    let (code, report) = site.check_json();
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["held"][0]["status"], "withdrawn", "{report:#}");
    site.edit("content/story.md", |s| {
        s.replace("from: 2020-01-01\n  until: 2021-01-01", "from: 2099-01-01")
    });
    let (code, report) = site.check_json();
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["held"][0]["status"], "held", "{report:#}");
}

#[test]
fn an_all_rights_reserved_image_must_not_appear() {
    let extra = "image:\n  src: /images/wire-photo.jpg\n  alt: A wire photo\n  credit: A. Photographer / Wire Agency\n  licence: all-rights-reserved\n";
    let site = site_with("CC-BY-4.0", extra);
    assert_eq!(
        check(&site),
        Vec::<String>::new(),
        "the default theme leaves it out"
    );
    site.edit(ARTICLE, |s| {
        s.replace(
            "{% if page.image and page.image.allowed %}\n  <figure",
            "{% if page.image %}\n  <figure",
        )
    });
    assert_eq!(check(&site), ["image-rights"]);
}

#[test]
fn an_image_leaking_through_og_image_fails() {
    let extra = "image:\n  src: https://example.org/images/wire-photo.jpg\n  credit: Wire Agency\n";
    let site = site_with("CC-BY-4.0", extra);
    site.edit(ARTICLE, |s| {
        s.replace(
            "{% if page.head.image %}<meta property=\"og:image\" content=\"{{ page.head.image }}\">",
            "{% if page.image %}<meta property=\"og:image\" content=\"{{ page.image.permalink }}\">",
        )
    });
    let v = messages(&site);
    assert_eq!(v.len(), 1);
    assert!(
        v[0].0 == "image-rights" && v[0].2.contains("no licence"),
        "{v:?}"
    );
}

#[test]
fn a_licensed_or_permitted_image_may_appear() {
    let site = site_with(
        "CC-BY-4.0",
        "image:\n  src: /images/p.jpg\n  licence: CC-BY-4.0\n",
    );
    site.run(&["build"]).assert_code(0);
    assert!(
        site.read("public/story/index.html")
            .contains("/images/p.jpg")
    );
    let site = site_with(
        "CC-BY-4.0",
        "image:\n  src: /images/p.jpg\n  licence: all-rights-reserved\npermission:\n  granted_by: Wire Agency\n  covers: [images]\n",
    );
    site.run(&["build"]).assert_code(0);
    assert!(
        site.read("public/story/index.html")
            .contains("/images/p.jpg")
    );
}
