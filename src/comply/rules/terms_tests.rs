//! The terms real publishers set, judged on HTML strings in process: each
//! with a page that keeps it and one that does not.

use jiff::Timestamp;

use crate::comply::{CheckContext, Field, PageVerdict, check_article, check_article_page};
use crate::content::{LoadOptions, Site, fingerprint};
use crate::licences::{Rule, Severity};

const BODY: &str = "The council voted.\n\nThe marsh will be restored.\n";

/// A one-article site: `profile` is the body of `[licences.p]`, `front`
/// the article's front matter after `title`/`date`/`licence`.
fn site(profile: &str, front: &str, commercial: bool) -> (tempfile::TempDir, Site) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let config = format!(
        "title = \"T\"\nbase_url = \"https://example.org/\"\ncommercial = {commercial}\n\
         [licences.p]\nterms = \"https://ledger.example.org/terms\"\n{profile}\n\
         [licences.up]\nterms = \"https://first.example.org/terms\"\nrules = [\"source-link\"]\n\
         credit = \"First published by {{source.name}}.\"\n"
    );
    std::fs::write(root.join("config.toml"), config).expect("config");
    std::fs::create_dir_all(root.join("content")).expect("content");
    let authors = if front.contains("authors:") {
        ""
    } else {
        "authors: [Maren Olsted]\n"
    };
    let article = format!(
        "---\ntitle: Marsh vote\ndate: 2026-10-14\n{authors}source:\n  name: The Ledger\n  url: https://ledger.example.org/marsh\n{front}---\n{BODY}"
    );
    std::fs::write(root.join("content/marsh.md"), article).expect("article");
    let site = Site::load(root, &LoadOptions::default()).expect("the test site loads");
    (dir, site)
}

fn context(site: &Site) -> CheckContext<'_> {
    CheckContext::new(site, "2026-11-01T00:00:00Z".parse::<Timestamp>().unwrap())
}

fn check(site: &Site, html: &str) -> PageVerdict {
    check_article(&context(site), &site.articles[0], html)
}

fn errors(v: &PageVerdict) -> Vec<Rule> {
    v.violations
        .iter()
        .filter(|(x, _)| x.severity == Severity::Error)
        .map(|(x, _)| x.rule)
        .collect()
}

/// A page: `top` and `bottom` inside the marked body, `rest` after it.
fn page(top: &str, bottom: &str, rest: &str) -> String {
    format!(
        "<html><body><p>By Maren Olsted</p><div data-reprint=\"body\">{top}<p>The council voted.</p><p>The marsh will be restored.</p>{bottom}</div>{rest}</body></html>"
    )
}

/// The errors on a page with only `rest` after the marked body.
fn errors_after(site: &Site, rest: &str) -> Vec<Rule> {
    errors(&check(site, &page("", "", rest)))
}

const CREDIT: &str = "<p>Originally published by The Ledger.</p>";
/// The profile line that asks for `CREDIT`.
const CREDIT_WORDING: &str = "credit = \"Originally published by {source.name}.\"";
const LICENCE: &str = "licence: p\n";

/// A non-commercial site whose article takes profile `p`, set to `profile`.
fn profile_site(profile: &str) -> (tempfile::TempDir, Site) {
    site(profile, LICENCE, false)
}

#[test]
fn a_stated_credit_is_required_unless_under_warn() {
    let (_d, s) = profile_site(CREDIT_WORDING);
    assert!(errors_after(&s, CREDIT).is_empty());
    assert_eq!(errors_after(&s, ""), [Rule::Credit]);
    let (_d, s) = profile_site(&format!("{CREDIT_WORDING}\nwarn = [\"credit\"]"));
    let v = check(&s, &page("", "", ""));
    assert!(errors(&v).is_empty());
    assert_eq!(v.violations.len(), 1, "reported as a warning");
}

#[test]
fn credit_position_is_judged_on_the_marked_body() {
    let profile = format!("{CREDIT_WORDING}\ncredit_position = \"top\"");
    let (_d, s) = profile_site(&profile);
    assert!(errors(&check(&s, &page(CREDIT, "", ""))).is_empty());
    assert_eq!(errors(&check(&s, &page("", CREDIT, ""))), [Rule::Credit]);
    let above = format!(
        "<html><body>{CREDIT}<div data-reprint=\"body\"><p>The council voted.</p></div></body></html>"
    );
    assert_eq!(errors(&check(&s, &above)), [Rule::Credit]);
    let (_d, s) = profile_site(&profile.replace("top", "bottom"));
    assert!(errors(&check(&s, &page("", CREDIT, ""))).is_empty());
    assert_eq!(errors(&check(&s, &page(CREDIT, "", ""))), [Rule::Credit]);
}

#[test]
fn an_unmarked_body_is_a_theme_error_when_a_position_is_asked() {
    let profile = format!("{CREDIT_WORDING}\ncredit_position = \"top\"");
    let (_d, s) = profile_site(&profile);
    let cx = context(&s);
    let html = format!("<html><body>{CREDIT}<p>The council voted.</p></body></html>");
    let err = check_article_page(&cx, &s.articles[0], &html).unwrap_err();
    assert!(err.to_string().contains("data-reprint=\"body\""), "{err}");
    let (_d, s) = profile_site(&profile.replace("top", "any"));
    let cx = context(&s);
    assert!(check_article_page(&cx, &s.articles[0], &html).is_ok());
}

#[test]
fn the_byline_form_names_each_author_with_their_affiliation() {
    let author = "authors:\n  - name: Maren Olsted\n    affiliation: Tidewater University\n";
    let (_d, s) = site(
        "rules = [\"byline\"]\nbyline = \"{author}, {affiliation}\"",
        &format!("{LICENCE}{author}"),
        false,
    );
    assert_eq!(
        s.articles[0].author_details[0].affiliation.as_deref(),
        Some("Tidewater University")
    );
    let shown = "<p>Maren Olsted, Tidewater University</p>";
    assert!(errors_after(&s, shown).is_empty());
    assert_eq!(errors_after(&s, ""), [Rule::Byline]);
}

#[test]
fn a_byline_form_needs_the_affiliation_it_names() {
    let (_d, s) = site(
        "rules = [\"byline\"]\nbyline = \"{author}, {affiliation}\"",
        LICENCE,
        false,
    );
    let v = check(&s, &page("", "", ""));
    assert_eq!(errors(&v), [Rule::Byline]);
    assert!(
        v.violations[0].0.message.contains("{affiliation}"),
        "{:?}",
        v.violations
    );
}

#[test]
fn cc_3_asks_for_the_title_of_the_work() {
    let (_d, s) = site(
        "",
        "licence: CC-BY-3.0\ncopyright: {holder: The Ledger, year: 2026}\n",
        false,
    );
    let rest = "<p>Copyright &copy; 2026 The Ledger. <a href=\"https://ledger.example.org/marsh\">Source</a> <a rel=\"license\" href=\"https://creativecommons.org/licenses/by/3.0/\">CC BY 3.0</a></p>";
    assert_eq!(errors_after(&s, rest), [Rule::Title]);
    let titled = format!("<h1>Marsh vote</h1>{rest}");
    assert!(errors_after(&s, &titled).is_empty());
}

fn fp() -> String {
    fingerprint(BODY)
}

#[test]
fn allowed_edits_decide_which_declared_changes_pass() {
    let profile = "rules = [\"unmodified\"]\nallowed_edits = [\"headline\", \"style\"]";
    let original = "original:\n  name: The Ledger\n  url: https://ledger.example.org/marsh\n  title: Council votes on the marsh\n";
    let front = |changes: &str| format!("{LICENCE}{original}fingerprint: {}\n{changes}", fp());
    let (_d, s) = site(
        profile,
        &front("changes:\n  kinds: [headline]\n  note: Shorter headline.\n"),
        false,
    );
    assert!(errors_after(&s, "").is_empty());
    for (changes, why) in [
        ("", "undeclared headline change"),
        (
            "changes:\n  kinds: [headline, translation]\n",
            "translation is not allowed",
        ),
        (
            "changes: \"Rewrote the headline.\"\n",
            "free text is a change of unknown kind",
        ),
    ] {
        let (_d, s) = site(profile, &front(changes), false);
        assert_eq!(errors_after(&s, ""), [Rule::Unmodified], "{why}");
    }
}

#[test]
fn a_headline_edit_of_an_allowed_kind_passes_when_declared() {
    // CalMatters: "no edits, including the headline, except relative time,
    // location and style".
    let profile = "rules = [\"unmodified\"]\nallowed_edits = [\"time_place\", \"style\"]";
    let original = "original:\n  name: The Ledger\n  url: https://ledger.example.org/marsh\n  title: Council to vote Tuesday on the marsh\n";
    let front = |changes: &str| format!("{LICENCE}{original}fingerprint: {}\n{changes}", fp());
    for changes in [
        "changes:\n  kinds: [time_place]\n  note: Tuesday is now last week.\n",
        "changes:\n  kinds: [style]\n",
    ] {
        let (_d, s) = site(profile, &front(changes), false);
        assert!(errors_after(&s, "").is_empty(), "{changes}");
    }
    for (changes, why) in [
        ("", "undeclared headline change"),
        (
            "changes:\n  kinds: [headline]\n",
            "headline edits beyond these kinds are not allowed",
        ),
    ] {
        let (_d, s) = site(profile, &front(changes), false);
        assert_eq!(errors_after(&s, ""), [Rule::Unmodified], "{why}");
    }
    // Cuts never cover a headline.
    let cuts = "rules = [\"unmodified\"]\nallowed_edits = [\"cuts_with_approval\"]";
    let approved = "changes:\n  kinds: [cuts_with_approval]\npermission:\n  granted_by: The Ledger\n  covers: [cuts]\n";
    let (_d, s) = site(cuts, &front(approved), false);
    assert_eq!(errors_after(&s, ""), [Rule::Unmodified]);
}

#[test]
fn approved_cuts_need_a_permission_that_covers_cuts() {
    let profile = "rules = [\"unmodified\"]\nallowed_edits = [\"cuts_with_approval\"]";
    let front = |covers: &str| {
        format!(
            "{LICENCE}fingerprint: sha256:{}\nchanges:\n  kinds: [cuts_with_approval]\npermission:\n  granted_by: The Ledger\n  covers: [{covers}]\n",
            "0".repeat(64)
        )
    };
    let (_d, s) = site(profile, &front("cuts"), false);
    assert!(errors_after(&s, "").is_empty());
    let (_d, s) = site(profile, &front("commercial"), false);
    assert_eq!(errors_after(&s, ""), [Rule::Unmodified]);
}

#[test]
fn an_excerpt_is_short_and_ends_with_its_linked_trailer() {
    let profile =
        "excerpt = { max_paragraphs = 2, trailer = \"Read the full article at {source.name}\" }";
    let (_d, s) = profile_site(profile);
    let trailer = "<p>Read the full article at <a href=\"https://ledger.example.org/marsh\">The Ledger</a>.</p>";
    assert!(errors(&check(&s, &page("", trailer, ""))).is_empty());
    assert_eq!(
        errors(&check(&s, &page("<p>One more.</p>", trailer, ""))),
        [Rule::Excerpt]
    );
    assert_eq!(
        errors(&check(
            &s,
            &page("", "<p>Read the full article at The Ledger.</p>", "")
        )),
        [Rule::Excerpt]
    );
    assert_eq!(errors(&check(&s, &page(trailer, "", ""))), [Rule::Excerpt]);
}

#[test]
fn an_excerpt_counts_a_list_as_one_paragraph_and_the_credit_as_none() {
    let trailer = "<p>Read the full article at <a href=\"https://ledger.example.org/marsh\">The Ledger</a>.</p>";
    let (_d, s) = profile_site(
        "excerpt = { max_paragraphs = 2, trailer = \"Read the full article at {source.name}\" }",
    );
    let list = "<ul><li>Key point one.</li><li>Key point two.</li></ul>";
    // Two paragraphs and a list of the story's points: three.
    let after = format!("{list}{trailer}");
    assert_eq!(errors(&check(&s, &page("", &after, ""))), [Rule::Excerpt]);
    let quote = "<blockquote>A quoted line.</blockquote>";
    assert_eq!(
        errors(&check(&s, &page("", &format!("{quote}{trailer}"), ""))),
        [Rule::Excerpt]
    );
    // Headings and line breaks are not paragraphs.
    let (_d, s) = profile_site(
        "excerpt = { max_paragraphs = 3, trailer = \"Read the full article at {source.name}\" }",
    );
    let top = "<h2>The vote</h2>";
    let bottom = format!("<p>One line<br>and the next.</p>{trailer}");
    assert!(errors(&check(&s, &page(top, &bottom, ""))).is_empty());
    let loose = "<ol><li><p>One.</p></li><li><p>Two.</p></li><li><p>Three.</p></li></ol>";
    assert!(errors(&check(&s, &page(loose, trailer, ""))).is_empty());
    // The credit the terms ask for, in the body, is not the story's.
    let (_d, s) = profile_site(&format!(
        "{CREDIT_WORDING}\ncredit_position = \"top\"\nexcerpt = {{ max_paragraphs = 2, trailer = \"Read the full article at {{source.name}}\" }}"
    ));
    assert!(errors(&check(&s, &page(CREDIT, trailer, ""))).is_empty());
    assert_eq!(
        errors(&check(
            &s,
            &page(&format!("{CREDIT}<p>One more.</p>"), trailer, "")
        )),
        [Rule::Excerpt]
    );
}

#[test]
fn any_link_target_satisfies_the_source_link() {
    let (_d, s) = site(
        "rules = [\"source-link\"]\nlink_targets = [\"source\", \"https://ledger.example.org/\"]",
        LICENCE,
        false,
    );
    let home = "<a href=\"https://ledger.example.org\">The Ledger</a>";
    assert!(errors_after(&s, home).is_empty());
    let elsewhere = "<a href=\"https://other.example.org/\">Elsewhere</a>";
    assert_eq!(errors_after(&s, elsewhere), [Rule::SourceLink]);
}

#[test]
fn the_upstream_profile_is_judged_with_the_original_as_its_source() {
    let original = |licence: &str| {
        format!(
            "{LICENCE}original:\n  name: First Press\n  url: https://first.example.org/marsh\n{licence}"
        )
    };
    let profile = "rules = [\"source-link\"]\nrequire_upstream = true";
    let (_d, s) = site(profile, &original(""), false);
    let ours = "<a href=\"https://ledger.example.org/marsh\">The Ledger</a>";
    assert_eq!(errors_after(&s, ours), [Rule::Upstream]);
    let (_d, s) = site(profile, &original("  licence: up\n"), false);
    let v = check(&s, &page("", "", ours));
    assert_eq!(errors(&v), [Rule::Upstream, Rule::Upstream]);
    assert!(
        v.violations
            .iter()
            .any(|(x, _)| x.message.contains("rule `credit`"))
    );
    let theirs = format!(
        "{ours}<p>First published by <a href=\"https://first.example.org/marsh\">First Press</a>.</p>"
    );
    assert!(errors_after(&s, &theirs).is_empty());
}

#[test]
fn upstream_messages_name_the_original_fields() {
    let front = format!("{LICENCE}original:\n  name: First Press\n  licence: up\n");
    let (_d, s) = site("rules = []\nrequire_upstream = true", &front, false);
    let v = check(&s, &page("", "", "<p>First published by First Press.</p>"));
    let link = v
        .violations
        .iter()
        .map(|(x, _)| x)
        .find(|x| x.message.contains("rule `source-link`"))
        .expect("the upstream source link fails");
    assert!(link.message.contains("`original.url`"), "{}", link.message);
    assert!(link.fix.contains("`original.url`"), "{}", link.fix);
    let told = format!("{}{}", link.message, link.fix);
    assert!(
        !told.contains("source.") && !told.contains("`source`"),
        "{told}"
    );
    assert_eq!(link.field, Some(Field::OriginalUrl));
}

#[test]
fn only_the_first_publishers_own_permission_lifts_its_terms() {
    // CC BY-NC upstream: commercial use only with permission.
    let permission = |by: &str| {
        format!(
            "{LICENCE}original:\n  name: First Press\n  url: https://first.example.org/marsh\n  licence: CC-BY-NC-4.0\n\
             permission:\n  granted_by: {by}\n  date: 2026-10-01\n  covers: [commercial]\n"
        )
    };
    let profile = "rules = [\"source-link\"]\ncommercial = \"permission\"";
    let ours = "<a href=\"https://ledger.example.org/marsh\">The Ledger</a>\
                <p>First published by <a href=\"https://first.example.org/marsh\">First Press</a>.</p>";
    // The source's permission covers the source's terms, not the first
    // publisher's.
    let commercial_upstream = |s: &Site| {
        check(s, &page("", "", ours))
            .violations
            .iter()
            .any(|(v, _)| v.rule == Rule::Upstream && v.message.contains("rule `non-commercial`"))
    };
    let (_d, s) = site(profile, &permission("syndication desk, The Ledger"), true);
    assert!(commercial_upstream(&s));
    assert!(!errors_after(&s, ours).contains(&Rule::NonCommercial));
    let (_d, s) = site(profile, &permission("rights desk, First Press"), true);
    assert!(!commercial_upstream(&s));
}

#[test]
fn a_missing_pixel_or_fingerprint_is_told_at_its_own_field() {
    for (profile, field) in [
        ("rules = [\"pixel\"]\npixel = \"script\"", Field::Pixel),
        (
            "rules = [\"unmodified\"]\nallowed_edits = [\"style\"]",
            Field::Fingerprint,
        ),
    ] {
        let (_d, s) = profile_site(profile);
        let v = check(&s, &page("", "", ""));
        assert_eq!(v.violations[0].0.field, Some(field), "{v:#?}");
    }
}

#[test]
fn a_script_pixel_is_a_script_and_an_image_pixel_an_image() {
    let front = format!("{LICENCE}pixel: https://pixel.example.org/p.js\n");
    let script = "<script src=\"https://pixel.example.org/p.js\" async></script>";
    let img = "<img src=\"https://pixel.example.org/p.js\" alt=\"\">";
    // Each kind is met by its own element and not by the other's.
    for (kind, own, other) in [("script", script, img), ("img", img, script)] {
        let profile = format!("rules = [\"pixel\"]\npixel = \"{kind}\"");
        let (_d, s) = site(&profile, &front, false);
        assert!(errors_after(&s, own).is_empty(), "{kind}");
        assert_eq!(errors_after(&s, other), [Rule::Pixel], "{kind}");
    }
}

#[test]
fn a_content_security_policy_in_the_head_may_stop_the_pixel() {
    let front = format!("{LICENCE}pixel: https://counter.ledger.example.org/content/7/count.gif\n");
    let (_d, s) = site("rules = [\"pixel\"]", &front, false);
    let pixel = "<img src=\"https://counter.ledger.example.org/content/7/count.gif\" alt=\"\" width=\"1\" height=\"1\">";
    let with_policy = |policy: &str, in_head: bool| {
        let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">");
        let html = page("", "", pixel);
        let html = match in_head {
            true => html.replace("<html><body>", &format!("<html><head>{meta}</head><body>")),
            false => html.replace("<body>", &format!("<body>{meta}")),
        };
        check(&s, &html)
    };
    let blocked = with_policy("default-src 'self'; img-src 'self' data:", true);
    assert_eq!(errors(&blocked), [Rule::Pixel]);
    let (v, _) = &blocked.violations[0];
    assert!(v.message.contains("Content-Security-Policy"), "{v:?}");
    assert_eq!(v.found.as_deref(), Some("img-src 'self' data:"));
    for (policy, in_head) in [
        ("img-src 'self' *.ledger.example.org", true),
        ("default-src https:", true),
        ("script-src 'self'", true),
        // Browsers ignore a policy set in the body.
        ("img-src 'none'", false),
    ] {
        assert!(errors(&with_policy(policy, in_head)).is_empty(), "{policy}");
    }
}

#[test]
fn denied_media_hosts_cover_subdomains_but_not_lookalikes() {
    let profile = "media_hosts_denied = [\"ledger.example.org\"]";
    let (_d, s) = profile_site(profile);
    let img_errors = |s: &Site, src: &str| {
        let img = format!("<img src=\"{src}\" alt=\"chart\">");
        errors(&check(s, &page("", &img, "")))
    };
    let denied: &[Rule] = &[Rule::ImageRights];
    for (src, want) in [
        ("https://img.ledger.example.org/c.png", denied),
        ("https://ledger.example.org/c.png", denied),
        ("https://notledger.example.org/c.png", &[]),
    ] {
        assert_eq!(img_errors(&s, src), want, "{src}");
    }
    let permitted = format!("{LICENCE}permission:\n  granted_by: The Ledger\n  covers: [images]\n");
    let (_d, s) = site(profile, &permitted, false);
    assert!(img_errors(&s, "https://img.ledger.example.org/c.png").is_empty());
}

#[test]
fn denied_media_hosts_cover_video_frames_embeds_and_css_backgrounds() {
    let (_d, s) = profile_site("media_hosts_denied = [\"ledger.example.org\"]");
    let host = "https://media.ledger.example.org";
    for shown in [
        format!("<video controls poster=\"{host}/still.jpg\"></video>"),
        format!("<video controls><source src=\"{host}/clip.mp4\" type=\"video/mp4\"></video>"),
        format!("<video src=\"{host}/clip.mp4\"></video>"),
        format!("<audio src=\"{host}/podcast.mp3\" controls></audio>"),
        format!("<iframe src=\"{host}/graphics/flood-map/\" title=\"Map\"></iframe>"),
        format!("<embed src=\"{host}/chart.svg\">"),
        format!("<object data=\"{host}/chart.svg\"></object>"),
        format!("<input type=\"image\" src=\"{host}/button.png\" alt=\"Go\">"),
        format!("<div style=\"background-image: URL('{host}/hero.jpg')\">Hero</div>"),
    ] {
        assert_eq!(
            errors(&check(&s, &page("", &shown, ""))),
            [Rule::ImageRights],
            "{shown}"
        );
    }
    for allowed in [
        "<video poster=\"https://cdn.example.com/still.jpg\"></video>",
        "<div style=\"background: url(data:image/png;base64,AAAA)\">x</div>",
        "<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>",
    ] {
        assert!(
            errors(&check(&s, &page("", allowed, ""))).is_empty(),
            "{allowed}"
        );
    }
}

#[test]
fn a_noncommercial_image_may_not_appear_on_a_commercial_site() {
    let front = format!("{LICENCE}image:\n  src: /images/marsh.jpg\n  licence: CC-BY-NC-4.0\n");
    let shown = "<img src=\"/images/marsh.jpg\" alt=\"\">";
    let (_d, s) = site("", &front, true);
    assert_eq!(errors_after(&s, shown), [Rule::ImageRights]);
    assert!(errors_after(&s, "").is_empty());
    let (_d, s) = site("", &front, false);
    assert!(errors_after(&s, shown).is_empty());
}

#[test]
fn a_share_alike_adaptation_may_take_a_later_version() {
    let front =
        "licence: CC-BY-SA-3.0\ncopyright: {holder: The Ledger, year: 2026}\nchanges: Shortened.\n";
    let (_d, s) = site("", front, false);
    let rest = |deed: &str| {
        format!(
            "<h1>Marsh vote</h1><p>Copyright &copy; 2026 The Ledger. Changes: Shortened. <a href=\"https://ledger.example.org/marsh\">Source</a> <a rel=\"license\" href=\"https://creativecommons.org/licenses/{deed}/\">licence</a></p>"
        )
    };
    assert!(errors_after(&s, &rest("by-sa/4.0")).is_empty());
    let v = check(&s, &page("", "", &rest("by/4.0")));
    assert!(errors(&v).contains(&Rule::ShareAlike), "{:?}", errors(&v));
}
