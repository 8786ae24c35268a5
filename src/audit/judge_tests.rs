//! Rule-by-rule judgement of third-party pages.

use super::*;
use crate::audit::Flags;

/// The subject judged with profile `desk` (`profile` its keys beyond the
/// name and terms) and the story's facts as flags.
fn desk_subject(profile: &str, authors: &[&str]) -> Subject {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "title = \"t\"\n[licences.desk]\nname = \"Desk\"\nterms = \"https://desk.example/terms\"\n{profile}\n"
        ),
    )
    .unwrap();
    let flags = Flags {
        licence: "desk".into(),
        source_url: "https://desk.example/a".into(),
        source_name: Some("Desk News".into()),
        authors: authors.iter().map(|a| (*a).to_owned()).collect(),
        ..Flags::default()
    };
    Subject::from_flags(dir.path(), &flags, None).unwrap()
}

fn subject(credit: &str) -> Subject {
    desk_subject(
        &format!("rules = [\"credit\", \"byline\"]\ncredit = \"{credit}\""),
        &[],
    )
}

fn judged(subject: &Subject, html: &str) -> (Vec<(Rule, RuleStatus)>, Vec<Violation>) {
    match judge(
        subject,
        html,
        Some("https://republisher.example/x"),
        &SourceText::Unneeded,
        &SourceText::Unneeded,
        jiff::Timestamp::now(),
    ) {
        Outcome::Judged { rules, violations } => (rules, violations),
        Outcome::Unreachable(e) => panic!("{e}"),
    }
}

/// A profile with body terms (`extra`), and the story's facts as flags.
fn body_terms_subject(extra: &str) -> Subject {
    desk_subject(
        &format!(
            "licence_url = \"https://creativecommons.org/licenses/by/4.0/\"\nrules = [\"byline\", \"source-link\", \"licence-link\", \"credit\"]\ncommercial = \"allowed\"\ncredit = \"First published by {{source.name}}.\"\n{extra}"
        ),
        &["Ana Ruiz"],
    )
}

const STORY: &str = "<p>The council voted on Tuesday to close the harbour bridge for the whole of the winter.</p>\
    <p>Repairs will take four months, and ferries will run every half hour while the bridge is shut.</p>\
    <p>Shopkeepers on the island said they feared the closure would keep visitors away.</p>";

#[test]
fn body_terms_leave_every_other_rule_judged() {
    for extra in [
        "credit_position = \"top\"",
        "excerpt = { max_paragraphs = 2, trailer = \"Read more at {source.name}\" }",
    ] {
        let s = body_terms_subject(extra);
        let bare = format!("<html><body><article><h1>Bridge</h1>{STORY}</article></body></html>");
        let (rules, violations) = judged(&s, &bare);
        for rule in [
            Rule::Byline,
            Rule::SourceLink,
            Rule::LicenceLink,
            Rule::Credit,
        ] {
            assert_eq!(
                status(&rules, rule),
                &RuleStatus::Fail,
                "{rule} with {extra}"
            );
        }
        assert!(
            violations
                .iter()
                .all(|v| !v.message.contains("data-reprint")),
            "{violations:?}"
        );
    }
}

#[test]
fn credit_position_and_excerpts_are_judged_on_the_story() {
    let credit = "<p><em>First published by Desk News.</em></p>";
    let shell = |inner: &str| {
        format!(
            "<html><body><article><h1>Bridge</h1><p class=\"byline\">By Ana Ruiz</p><div class=\"entry\">{inner}</div>\
             <p>Licence: <a rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\">CC BY</a>, \
             <a href=\"https://desk.example/a\">original</a></p></article></body></html>"
        )
    };
    let s = body_terms_subject("credit_position = \"top\"");
    let (rules, _) = judged(&s, &shell(&format!("{credit}{STORY}")));
    assert!(
        rules.iter().all(|(_, st)| *st == RuleStatus::Pass),
        "{rules:?}"
    );
    let (rules, violations) = judged(&s, &shell(&format!("{STORY}{credit}")));
    assert_eq!(status(&rules, Rule::Credit), &RuleStatus::Fail);
    assert!(
        violations[0]
            .message
            .contains("not at the top of the story"),
        "{violations:?}"
    );

    let s = body_terms_subject(
        "excerpt = { max_paragraphs = 2, trailer = \"Read more at {source.name}\" }",
    );
    let trailer = "<p><a href=\"https://desk.example/a\">Read more at Desk News</a></p>";
    let (rules, violations) = judged(&s, &shell(&format!("{credit}{STORY}{trailer}")));
    assert_eq!(status(&rules, Rule::Excerpt), &RuleStatus::Fail);
    assert!(
        violations.iter().any(|v| v.found.as_deref() == Some("3")),
        "{violations:?}"
    );
    let two = STORY.rsplit_once("<p>").unwrap().0;
    let (rules, _) = judged(&s, &shell(&format!("{credit}{two}{trailer}")));
    assert_eq!(
        status(&rules, Rule::Excerpt),
        &RuleStatus::Pass,
        "{rules:?}"
    );
}

fn statuses(subject: &Subject, html: &str) -> Vec<(Rule, RuleStatus)> {
    match judge(
        subject,
        html,
        Some("https://republisher.example/x"),
        &SourceText::Unneeded,
        &SourceText::Unneeded,
        jiff::Timestamp::now(),
    ) {
        Outcome::Judged { rules, .. } => rules,
        Outcome::Unreachable(e) => panic!("{e}"),
    }
}

fn status(rules: &[(Rule, RuleStatus)], rule: Rule) -> &RuleStatus {
    &rules.iter().find(|(r, _)| *r == rule).expect("reported").1
}

#[test]
fn credits_are_judged_only_when_every_placeholder_is_known() {
    let page = "<p>First published by Desk News.</p>";
    let s = subject("First published by {source.name}.");
    let rules = statuses(&s, page);
    assert_eq!(rules.len(), 2);
    assert_eq!(status(&rules, Rule::Credit), &RuleStatus::Pass);
    assert_eq!(
        status(&rules, Rule::Byline),
        &RuleStatus::NotJudged("no --author was given, so there is nothing to look for".into())
    );
    let rules = statuses(&s, "<p>Desk</p>");
    assert_eq!(status(&rules, Rule::Credit), &RuleStatus::Fail);
    for wording in [
        "Republished on {site.title}.",
        "{title}, first published by {source.name}.",
    ] {
        let rules = statuses(&subject(wording), page);
        assert!(
            matches!(status(&rules, Rule::Credit), RuleStatus::NotJudged(_)),
            "{wording}"
        );
    }
}

/// An article of ours cross-posted from an ND original, in a site of its own.
fn crossposted() -> (tempfile::TempDir, Subject) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), "title = \"t\"\n").unwrap();
    let news = dir.path().join("content/news");
    std::fs::create_dir_all(&news).unwrap();
    std::fs::write(
        news.join("bridge.md"),
        "---\ntitle: Bridge shut\ndate: 2025-01-02\nauthors: [Ana Ruiz]\nlicence: CC-BY-ND-4.0\n\
         copyright: {holder: First Paper, year: 2025}\n\
         source: {name: Desk News, url: \"https://desk.example/a\"}\n\
         original: {name: First Paper, url: \"https://first.example/a\", licence: CC-BY-ND-4.0}\n---\nText.\n",
    )
    .unwrap();
    let subject = Subject::from_article(dir.path(), &news.join("bridge.md")).unwrap();
    (dir, subject)
}

#[test]
fn upstream_text_rules_compare_the_page_with_the_original() {
    let (_dir, s) = crossposted();
    let page = |story: &str| {
        format!(
            "<html><body><article><h1>Bridge shut</h1><p>By Ana Ruiz</p>{story}\
             <p>© 2025 First Paper. First published by <a href=\"https://first.example/a\">First Paper</a>, \
             via <a href=\"https://desk.example/a\">Desk News</a>, under \
             <a rel=\"license\" href=\"https://creativecommons.org/licenses/by-nd/4.0/\">CC BY-ND 4.0</a>.</p>\
             </article></body></html>"
        )
    };
    let judge_with = |original: &SourceText, html: &str| match judge(
        &s,
        html,
        Some("https://republisher.example/x"),
        &SourceText::Unneeded,
        original,
        jiff::Timestamp::now(),
    ) {
        Outcome::Judged { rules, violations } => {
            (status(&rules, Rule::Upstream).clone(), violations)
        }
        Outcome::Unreachable(e) => panic!("{e}"),
    };
    let original = SourceText::Read(crate::audit::page::comparable_text(&page(STORY), None));
    let (verbatim, violations) = judge_with(&original, &page(STORY));
    // No fingerprint is missing from our article is held against the page.
    assert_eq!(verbatim, RuleStatus::Pass, "{violations:?}");
    let edited = page(&STORY.replace("four months", "five months"));
    let (status_edited, violations) = judge_with(&original, &edited);
    assert_eq!(status_edited, RuleStatus::Fail);
    assert!(
        violations.iter().any(|v| v.rule == Rule::Upstream
            && v.message
                .contains("rule `unmodified`: the page's text differs from the original's")),
        "{violations:?}"
    );
    let unread = SourceText::Unavailable("the original page could not be read: 404".into());
    let (status_unread, _) = judge_with(&unread, &edited);
    assert!(
        matches!(&status_unread, RuleStatus::NotJudged(why) if why.contains("could not be read")),
        "{status_unread:?}"
    );
}

#[test]
fn the_unmodified_fix_states_the_profiles_allowed_edits() {
    let (_dir, s) = crossposted();
    let html = format!("<html><body><article><h1>Bridge opens</h1>{STORY}</article></body></html>");
    let original = SourceText::Read(crate::audit::page::comparable_text(&html, None));
    let edited = html.replace("four months", "five months");
    let violations = match judge(
        &s,
        &edited,
        None,
        &original,
        &SourceText::Unneeded,
        jiff::Timestamp::now(),
    ) {
        Outcome::Judged { violations, .. } => violations,
        Outcome::Unreachable(e) => panic!("{e}"),
    };
    let fixes: Vec<&str> = violations
        .iter()
        .filter(|v| v.rule == Rule::Unmodified)
        .map(|v| v.fix.as_str())
        .collect();
    // The text and the headline changed; CC BY-ND allows no edit at all.
    assert_eq!(fixes.len(), 2, "{violations:?}");
    for fix in fixes {
        assert_eq!(
            fix,
            "ask the republisher to run the story unchanged: the terms allow no edits"
        );
    }
    let mut profile = s.licences.get("CC-BY-ND-4.0").unwrap().clone();
    profile.conditions.allowed_edits = vec![
        crate::licences::EditKind::TimePlace,
        crate::licences::EditKind::Style,
    ];
    assert_eq!(
        unmodified_advice(&profile),
        "ask the republisher to run the story unchanged: the terms allow no edits beyond time and place references and house style"
    );
}

#[test]
fn a_window_not_yet_open_is_an_embargo() {
    let (dir, _) = crossposted();
    let file = dir.path().join("content/news/bridge.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("---\n", "---\nrights: {from: 2999-01-01}\n", 1),
    )
    .unwrap();
    let s = Subject::from_article(dir.path(), &file).unwrap();
    let (rules, violations) = match judge(
        &s,
        "<p>Text.</p>",
        None,
        &SourceText::Unneeded,
        &SourceText::Unneeded,
        jiff::Timestamp::now(),
    ) {
        Outcome::Judged { rules, violations } => (rules, violations),
        Outcome::Unreachable(e) => panic!("{e}"),
    };
    assert_eq!(status(&rules, Rule::RightsWindow), &RuleStatus::Fail);
    let v = violations
        .iter()
        .find(|v| v.rule == Rule::RightsWindow)
        .unwrap();
    assert_eq!(
        v.message,
        "the right to republish starts on 2999-01-01: the embargo has not lifted"
    );
    assert!(
        v.fix.contains("until 2999-01-01") && !v.fix.contains("closed"),
        "{}",
        v.fix
    );
}
