use super::*;

const BASE: &str = "https://example.org/";

#[test]
fn hidden_text_and_links_do_not_count_as_shown() {
    let html = r#"<!doctype html><html><head><title>Jon Queally</title></head><body>
            <!-- Copyright © 2014 Common Dreams -->
            <p>Visible <span>words</span></p>
            <script>var x = "Script Name";</script>
            <template><p>Template Name</p></template>
            <noscript><p>Noscript Name</p></noscript>
            <div hidden><p>Hidden Name</p><a href="https://example.com/hidden">x</a></div>
            <p style="display: none">Styled Name</p>
            <a href="https://example.com/shown">shown</a><a href="https://example.com/empty"></a>
            </body></html>"#;
    let f = PageFacts::extract(html);
    assert!(f.shows("Visible words"));
    for name in [
        "Jon Queally",
        "Common Dreams",
        "Script Name",
        "Template Name",
        "Noscript Name",
        "Hidden Name",
        "Styled Name",
    ] {
        assert!(!f.shows(name), "{name} should not count as shown");
    }
    assert!(f.shown_links_to("https://example.com/shown/", BASE));
    assert!(!f.shown_links_to("https://example.com/hidden", BASE));
    assert!(!f.shown_links_to("https://example.com/empty", BASE));
}

#[test]
fn text_matching_ignores_typography() {
    let f = PageFacts::extract("<p>By Seán O\u{2019}Brien \u{2014} and\n   Ana</p>");
    assert!(f.shows("Seán O'Brien - and Ana"));
}

#[test]
fn facts_collect_head_signals() {
    let html = r#"<html><head><link rel="canonical" href="https://a.example/x"><meta name="robots" content="noindex, follow">
            <meta property="og:image" content="https://example.org/i.jpg"><script type="application/ld+json">{"image":"/i.jpg"}</script>
            <link rel="license" href="https://creativecommons.org/licenses/by/4.0/"></head>
            <body><img src="https://p.example/p.gif" loading="lazy"><a rel="license nofollow" href="https://creativecommons.org/licenses/by-nd/4.0/">CC</a></body></html>"#;
    let f = PageFacts::extract(html);
    assert_eq!(f.canonicals, vec!["https://a.example/x"]);
    assert_eq!(f.robots[0].1, "noindex, follow");
    assert_eq!(f.meta_images, vec!["https://example.org/i.jpg"]);
    assert_eq!(f.json_ld.len(), 1);
    assert_eq!(f.licence_claims.len(), 2);
    assert!(!f.images[0].hidden, "a shown lazy image loads");
}

#[test]
fn visually_hidden_classes_and_styles_hide_text_but_aria_hidden_does_not() {
    let html = r#"<body>
            <p class="byline sr-only">Sr Name</p><span class="visually-hidden">Vh Name</span>
            <p><span class="screen-reader-text">Srt Name</span></p>
            <p style="visibility: hidden">Vis Name</p><p style="font-size:0px">Font Name</p>
            <p style="opacity: 0.0 !important">Opacity Name</p>
            <p style="opacity: 0.5; font-size: 10px">Faint Name</p>
            <p aria-hidden="true">Aria Name</p></body>"#;
    let f = PageFacts::extract(html);
    for name in [
        "Sr Name",
        "Vh Name",
        "Srt Name",
        "Vis Name",
        "Font Name",
        "Opacity Name",
    ] {
        assert!(!f.shows_name(name), "{name} should be hidden");
    }
    assert!(f.shows_name("Faint Name"));
    assert!(
        f.shows_name("Aria Name"),
        "sighted readers see aria-hidden text"
    );
}

#[test]
fn names_are_whole_words_joined_across_inline_tags_not_blocks() {
    let html = "<body><p>Reporting from Somalia</p><p>By <b>Jon</b> Queally and Mark Andersen</p>
            <div>Ana</div><div>Ibarra</div><p>O&#39;Neill, Jose\u{301}</p></body>";
    let f = PageFacts::extract(html);
    assert!(f.shows_name("Jon Queally"));
    assert!(!f.shows_name("Ali"));
    assert!(!f.shows_name("Mark Anders"));
    assert!(f.shows_name("mark andersen"));
    assert!(!f.shows_name("Ana Ibarra"), "blocks separate words");
    assert!(f.shows_name("O\u{2019}Neill"));
    assert!(f.shows_name("José"));
}

#[test]
fn captions_and_alt_text_are_not_bylines() {
    let html = r#"<body><figure><img src="/a.jpg" alt="Alt Name"><figcaption>Photo: Cap Name</figcaption></figure>
            <p><span class="photo-credit">Credit Name</span></p><p>Story text</p></body>"#;
    let f = PageFacts::extract(html);
    for name in ["Alt Name", "Cap Name", "Credit Name"] {
        assert!(!f.shows_name(name), "{name} credits the picture");
    }
    assert!(f.shows("Photo: Cap Name"), "captions are still shown text");
}

#[test]
fn labels_read_with_their_values() {
    let html = r#"<body><table><tr><td>Copyright ©</td><td>2014 Jon Queally</td></tr></table>
            <table><tr><th>Copyright</th><td>2015 Ana</td></tr></table>
            <dl><dt>©</dt><dd>2016 Mia</dd></dl><p>Copyright</p><p>2017 Leo</p></body>"#;
    let f = PageFacts::extract(html);
    let st: Vec<&str> = f.statements().collect();
    assert!(st.contains(&"copyright © 2014 jon queally"));
    assert!(st.contains(&"copyright 2015 ana"));
    assert!(st.contains(&"© 2016 mia"));
    assert!(
        !st.iter().any(|s| s.contains("copyright 2017")),
        "paragraphs stay apart"
    );
}

#[test]
fn hidden_eager_pixels_load_and_hidden_lazy_ones_do_not() {
    let html = r#"<body><img src="https://p.example/a.gif" style="display:none">
            <div hidden><img src="https://p.example/b.gif"></div>
            <div style="display:none"><img src="https://p.example/c.gif" loading="lazy"></div>
            <img src="https://p.example/d.gif" loading="lazy" hidden></body>"#;
    let f = PageFacts::extract(html);
    let loads: Vec<bool> = f.images.iter().map(|i| !i.hidden).collect();
    assert_eq!(loads, vec![true, true, false, false]);
}

#[test]
fn links_compare_in_canonical_form() {
    let html = r#"<body><a href="http://Example.com/caf%C3%A9/?utm_source=x#top" rel="nofollow noopener" target="_blank">x</a></body>"#;
    let f = PageFacts::extract(html);
    assert!(f.shown_links_to("https://example.com/café", BASE));
    assert!(!f.shown_links_to("https://example.com/café?aid=2", BASE));
}

#[test]
fn closed_dialogs_popovers_and_skipped_content_hide_text() {
    let html = r#"<body><dialog id="credits"><p>Dialog Name</p></dialog>
            <div popover id="p"><p>Popover Name</p></div>
            <div style="content-visibility: hidden"><p>Skipped Name</p></div>
            <dialog open><p>Open Name</p></dialog>
            <div style="content-visibility: auto"><p>Auto Name</p></div></body>"#;
    let f = PageFacts::extract(html);
    for name in ["Dialog Name", "Popover Name", "Skipped Name"] {
        assert!(!f.shows_name(name), "{name} should be hidden");
    }
    assert!(f.shows_name("Open Name"));
    assert!(f.shows_name("Auto Name"));
}

#[test]
fn transparent_text_and_text_moved_off_the_page_are_hidden() {
    let html = r#"<body><p style="color: transparent">Clear Name</p>
            <p style="color: rgba(0,0,0,0)">Alpha Name</p>
            <p style="margin-left: -9999px">Margin Name</p>
            <p style="transform: translateX(-10000px)">Moved Name</p>
            <p style="color: rgba(0,0,0,.9); margin-left: 2em">Plain Name</p></body>"#;
    let f = PageFacts::extract(html);
    for name in ["Clear Name", "Alpha Name", "Margin Name", "Moved Name"] {
        assert!(!f.shows_name(name), "{name} should be hidden");
    }
    assert!(f.shows_name("Plain Name"));
}

#[test]
fn scripts_keep_their_nonce_and_integrity() {
    let html = r#"<head><script nonce="abc" src="https://t.example/a.js"></script></head>
            <body><script src="/b.js" integrity="sha256-xyz="></script></body>"#;
    let f = PageFacts::extract(html);
    assert_eq!(f.scripts[0].nonce.as_deref(), Some("abc"));
    assert_eq!(f.scripts[0].integrity, None);
    assert_eq!(f.scripts[1].src, "/b.js");
    assert_eq!(f.scripts[1].integrity.as_deref(), Some("sha256-xyz="));
}

#[test]
fn an_img_src_replaced_by_its_srcset_or_picture_source_is_not_loaded() {
    let html = r#"<body><img src="https://p.example/a.gif" srcset="/blank.gif 1x">
            <img src="https://p.example/b.gif" srcset="https://p.example/b.gif 1x, /b2.gif 2x">
            <picture><source srcset="/blank.webp" type="image/webp"><img src="https://p.example/c.gif"></picture>
            <picture><img src="https://p.example/d.gif"></picture>
            <picture><img src="https://p.example/e.gif"><source srcset="/late.webp"></picture></body>"#;
    let f = PageFacts::extract(html);
    let loads = |src: &str| f.images.iter().any(|i| i.src == src && !i.hidden);
    assert!(!loads("https://p.example/a.gif"), "srcset replaces src");
    assert!(loads("/blank.gif"));
    assert!(
        loads("https://p.example/b.gif"),
        "src is a srcset candidate"
    );
    assert!(
        !loads("https://p.example/c.gif"),
        "the <source> loads instead"
    );
    assert!(loads("/blank.webp"));
    assert!(
        loads("https://p.example/d.gif"),
        "a <picture> without <source>"
    );
    assert!(
        loads("https://p.example/e.gif"),
        "a <source> after the <img> is not read"
    );
}

#[test]
fn canonical_links_and_robots_tags_count_in_the_head_only() {
    let html = r#"<html><head><link rel="canonical" href="https://a.example/head">
            <meta name="googlebot" content="noindex"></head>
            <body><link rel="canonical" href="https://a.example/body">
            <meta name="robots" content="noindex"></body></html>"#;
    let f = PageFacts::extract(html);
    assert_eq!(f.canonicals, vec!["https://a.example/head"]);
    assert_eq!(
        f.robots,
        vec![("googlebot".to_owned(), "noindex".to_owned())]
    );
    let body_only = PageFacts::extract(
        r#"<body><link rel="canonical" href="https://a.example/x"><meta name="robots" content="noindex"></body>"#,
    );
    assert!(body_only.canonicals.is_empty() && body_only.robots.is_empty());
}

#[test]
fn the_pages_own_style_rules_hide_what_they_match() {
    let head = r#"<html><head><style>.attribution { display: none } #credits{visibility:hidden}
            @media print { .byline { display: none } }</style></head><body>"#;
    let html = format!(
        r#"{head}<aside class="attribution"><p>Aside Name</p></aside><div id="credits">Credits Name</div>
            <p class="byline">Byline Name</p></body></html>"#
    );
    let f = PageFacts::extract(&html);
    assert!(
        stream::extract(&html, true, None).is_some(),
        "the head's rules are read as they come"
    );
    assert!(!f.shows_name("Aside Name"));
    assert!(!f.shows_name("Credits Name"));
    assert!(
        f.shows_name("Byline Name"),
        "a print rule hides nothing on screen"
    );
    // A rule in the body hides what came before it too.
    let late =
        r#"<body><p class="credit">Late Name</p><style>p.credit{display:none}</style></body>"#;
    assert!(!PageFacts::extract(late).shows_name("Late Name"));
    assert!(stream::extract(late, true, None).is_none());
    // The element's own style wins over the sheet.
    let inline = r#"<head><style>.credit{display:none}</style></head>
            <body><p class="credit" style="display:block">Shown Name</p></body>"#;
    assert!(PageFacts::extract(inline).shows_name("Shown Name"));
}
