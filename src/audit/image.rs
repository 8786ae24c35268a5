//! `image-rights` beyond the exact address. The engine finds the article's
//! image by its `src`; a republisher often serves the same photo resized
//! by the publisher's CDN (same address, other query) or from its own
//! upload. The first is the same image; the second can only be told by
//! eye, so a page showing an image with the article's image's alt text or
//! credit leaves the rule not judged rather than passed.

use scraper::Html;

use crate::comply::Violation;
use crate::content::Article;
use crate::import::page::sel;
use crate::licences::Rule;

use super::judge::violation_like;

/// `url` without scheme, query and fragment, host lower-cased: the image
/// itself, whatever size the CDN is asked for.
fn image_key(url: &str, page: Option<&str>) -> Option<String> {
    let absolute = match page.and_then(|p| url::Url::parse(p).ok()) {
        Some(base) => base.join(url.trim()).ok()?,
        None => url::Url::parse(url.trim()).ok()?,
    };
    Some(format!(
        "{}{}",
        absolute.host_str()?.to_ascii_lowercase(),
        absolute.path()
    ))
}

fn folded(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What the page shows of a forbidden article image that the engine did
/// not find by its address: `Ok` a violation for the same image at another
/// size, `Err` the reason it is not judged, `None` nothing like it.
pub(super) fn lookalike(
    article: &Article,
    html: &str,
    url: Option<&str>,
) -> Option<Result<Violation, String>> {
    let image = article.image.as_ref()?;
    let doc = Html::parse_document(html);
    let want = image_key(&image.src, None);
    let images = sel("img, source, meta[property='og:image'], meta[name='twitter:image']");
    let addresses = doc.select(&images).flat_map(|e| {
        let v = e.value();
        let srcset = v.attr("srcset").unwrap_or("").split(',');
        [v.attr("src"), v.attr("data-src"), v.attr("content")]
            .into_iter()
            .flatten()
            .chain(srcset.filter_map(|s| s.split_whitespace().next()))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    });
    for address in addresses {
        if want.is_some() && image_key(&address, url) == want {
            let mut v = violation_like(
                Rule::ImageRights,
                "the page shows the article's image, resized from the same address, which the licence does not cover".into(),
                "ask the republisher to remove the photo: the licence does not cover it",
            );
            v.expected = Some(format!("no copy of {}", image.src));
            v.found = Some(address);
            return Some(Ok(v));
        }
    }
    let alt = image.alt.as_deref().map(folded).filter(|a| !a.is_empty());
    let same_alt = alt.as_ref().is_some_and(|alt| {
        doc.select(&sel("img[alt]"))
            .filter_map(|i| i.value().attr("alt"))
            .any(|a| folded(a) == *alt)
    });
    let credit = image
        .credit
        .as_deref()
        .map(folded)
        .filter(|c| !c.is_empty());
    let page_text = folded(&doc.root_element().text().collect::<String>());
    let same_credit = credit
        .as_ref()
        .is_some_and(|c| page_text.contains(c.as_str()));
    let what = match (same_alt, same_credit) {
        (true, true) => "the alt text and the credit",
        (true, false) => "the alt text",
        (false, true) => "the credit",
        (false, false) => return None,
    };
    Some(Err(format!(
        "the page shows an image with {what} of the article's image, from another address; whether it is the same photo, which the licence does not cover, can only be told by eye"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Article {
        let text = "---\ntitle: T\ndate: 2025-01-01\nlicence: CC-BY-4.0\n\
            image: {src: \"https://cdn.quay.example/photos/dock.jpg\", alt: \"The ferry at the dock\", credit: \"Jo Marsh / Getty Images\", licence: all-rights-reserved}\n---\nText.\n";
        let config = crate::config::Config::parse("title = \"t\"\n", "config.toml".into()).unwrap();
        let licences = crate::licences::Registry::from_config(&config).unwrap();
        crate::content::parse_text(
            std::path::Path::new("content/a.md"),
            text,
            &config,
            &licences,
        )
        .unwrap()
    }

    #[test]
    fn a_resized_copy_fails_and_a_lookalike_is_not_judged() {
        let a = article();
        let resized = r#"<img src="https://cdn.quay.example/photos/dock.jpg?w=800&q=75" alt="">"#;
        assert!(matches!(lookalike(&a, resized, None), Some(Ok(_))));
        let own = r#"<figure><img src="/uploads/dock.jpg" alt="The ferry at the  dock"><figcaption>Photo: Jo Marsh / Getty Images</figcaption></figure>"#;
        let judged = lookalike(&a, own, Some("https://r.example/x"));
        assert!(
            matches!(&judged, Some(Err(why)) if why.contains("the alt text and the credit")),
            "{judged:?}"
        );
        assert!(lookalike(&a, r#"<img src="/uploads/other.jpg" alt="A bridge">"#, None).is_none());
    }
}
