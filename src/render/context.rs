//! Each page's own template context, and next to it the signature that
//! summarises it: serve mode re-renders a page only when its signature
//! changes, so whatever a context reads, its signature must hash.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use tera::{Context, Map, Value};

use crate::content::{Article, Site, Term};

use super::Renderer;
use super::pages::{AliasTarget, PageKind, page_count, page_range, page_slice, paged_url};
use super::publish::{self, Feed};
use super::values::{
    copyright_value, head_value, obj, opt_ref, opt_str, permission_value, taxonomy_value,
    term_value,
};

/// Entries an article page adds to its summary's.
const ARTICLE_ENTRIES: usize = 26;

/// Where a page's text comes from: a theme template and its context, or
/// text generated without one (the sitemap and robots.txt).
pub(super) enum Source {
    Template {
        template: &'static str,
        context: Context,
        /// The page, as error messages name it.
        what: String,
    },
    Text(String),
}

impl Renderer<'_> {
    /// The template and context of a page at `url`; `body` is an article
    /// page's body as HTML.
    pub(super) fn context(&self, kind: PageKind, url: &str, body: &str) -> Source {
        let site = self.site;
        let config = &site.config;
        let mut ctx = Context::new();
        let (site_value, words) = self.thread_values();
        ctx.insert_value("site", site_value);
        ctx.insert_value("i18n", words);
        ctx.insert("lang", &config.language);
        ctx.insert("og_locale", &self.theme.i18n.og_locale(&config.language));
        let (template, what) = match kind {
            PageKind::Article(i) => {
                ctx.insert_value("page", self.article_value(i, body));
                if let Some(lang) = &site.articles[i].language {
                    ctx.insert_value("i18n", self.theme.i18n.value(lang));
                    ctx.insert("lang", lang);
                    ctx.insert("og_locale", &self.theme.i18n.og_locale(lang));
                }
                ("article.html", site.articles[i].path.clone())
            }
            PageKind::Home { page } => {
                ctx.insert_value("paginator", self.paginator("/", &self.all, page));
                ("index.html", format!("the home page {url}"))
            }
            PageKind::TaxonomyList { taxonomy } => {
                let t = &site.taxonomies[taxonomy];
                ctx.insert_value("taxonomy", taxonomy_value(config, t));
                let terms: Vec<Value> = t.terms.iter().map(|x| term_value(config, x)).collect();
                ctx.insert_value("terms", Value::from(terms));
                ("taxonomy.html", format!("the {} list {url}", t.name))
            }
            PageKind::Term {
                taxonomy,
                term,
                page,
            } => self.term_context(&mut ctx, (taxonomy, term, page), url),
            PageKind::NotFound => ("404.html", "404.html".to_owned()),
            PageKind::Feed(feed @ Feed::SiteJson) => {
                let entries = feed.entries(site, &self.all);
                return Source::Text(publish::json_feed(site, feed, &entries));
            }
            PageKind::Feed(feed) => {
                ctx.insert_value("feed", self.feed_value(feed));
                if let Feed::TermAtom { taxonomy, term } = feed {
                    let t = &site.taxonomies[taxonomy];
                    ctx.insert_value("taxonomy", taxonomy_value(config, t));
                    ctx.insert_value("term", term_value(config, &t.terms[term]));
                }
                if let Feed::SectionAtom { section } = feed {
                    ctx.insert_value("section", self.section_value(section));
                }
                (feed.template(), format!("the feed {url}"))
            }
            PageKind::Sitemap { part } => {
                let parts = self.sitemap_parts();
                return Source::Text(super::sitemap::sitemap(site, part, parts, self.indexable()));
            }
            PageKind::Robots => return Source::Text(publish::robots(site)),
            PageKind::OwnPage(i) => {
                ctx.insert_value("page", self.own_page_value(i));
                ("page.html", site.pages[i].path.clone())
            }
            PageKind::Section { section, page } => {
                let s = &site.sections[section];
                ctx.insert_value("section", self.section_value(section));
                ctx.insert_value("paginator", self.paginator(&s.url, &s.articles, page));
                (
                    self.theme.section_template(),
                    format!("the section page {url}"),
                )
            }
            PageKind::Alias { target, .. } => {
                return Source::Text(self.alias_html(target));
            }
        };
        Source::Template {
            template,
            context: ctx,
            what,
        }
    }

    /// A term's page `page`: the term, its taxonomy and that page's articles.
    fn term_context(
        &self,
        ctx: &mut Context,
        (taxonomy, term, page): (usize, usize, usize),
        url: &str,
    ) -> (&'static str, String) {
        let config = &self.site.config;
        let t = &self.site.taxonomies[taxonomy];
        let term = &t.terms[term];
        ctx.insert_value("taxonomy", taxonomy_value(config, t));
        ctx.insert_value("term", term_value(config, term));
        ctx.insert_value("paginator", self.paginator(&term.url, &term.articles, page));
        ("term.html", format!("the {} page {url}", t.name))
    }

    /// A hash of everything `context` reads for a page besides the
    /// configuration and the theme: when it is unchanged, so is the page.
    /// Serve mode re-renders only pages whose signature changed.
    pub fn signature(&self, kind: PageKind) -> u64 {
        let site = self.site;
        let per_page = site.config.paginate;
        let mut h = crate::text::change_hasher();
        // Every page's navigation lists the own pages and sections.
        self.shape.hash(&mut h);
        match kind {
            PageKind::Article(i) => self.article_signature(i, &mut h),
            PageKind::Home { page } => {
                "home".hash(&mut h);
                let n = site.articles.len();
                let (start, end) = page_range(n, per_page, page);
                hash_list(&mut h, site, n, start..end, page, per_page);
            }
            PageKind::TaxonomyList { taxonomy } => {
                let t = &site.taxonomies[taxonomy];
                ("taxonomy", &t.name).hash(&mut h);
                for term in &t.terms {
                    hash_term(&mut h, term);
                }
            }
            PageKind::Term {
                taxonomy,
                term,
                page,
            } => {
                let t = &site.taxonomies[taxonomy];
                let term = &t.terms[term];
                ("term", &t.name).hash(&mut h);
                hash_term(&mut h, term);
                let (start, end) = page_range(term.articles.len(), per_page, page);
                let on_page = term.articles[start..end].iter().copied();
                hash_list(&mut h, site, term.articles.len(), on_page, page, per_page);
            }
            PageKind::NotFound => "404".hash(&mut h),
            PageKind::Feed(feed) => self.feed_signature(feed, &mut h),
            PageKind::Robots => ("robots", &site.config.base_url).hash(&mut h),
            PageKind::Sitemap { .. } => sitemap_signature(site, &mut h),
            PageKind::OwnPage(_) | PageKind::Section { .. } | PageKind::Alias { .. } => {
                self.structure_signature(kind, &mut h)
            }
        }
        h.finish()
    }

    /// Whether `signature(kind)` may read anything of the articles at
    /// `edited` (indices into the site's articles), when each kept its place:
    /// same address, date, terms and aliases, so every list is as it was.
    /// Serve signs only these pages again after such edits; the others keep
    /// their signatures. It errs towards yes: feeds and the sitemap always.
    pub fn may_read(&self, kind: PageKind, edited: &[usize]) -> bool {
        let site = self.site;
        let per_page = site.config.paginate;
        let shows = |list: &[usize], page: usize| {
            let (start, end) = page_range(list.len(), per_page, page);
            list[start..end].iter().any(|i| edited.contains(i))
        };
        match kind {
            // An article page shows its neighbours' titles and addresses.
            PageKind::Article(i) => edited.iter().any(|&e| e.abs_diff(i) <= 1),
            PageKind::Home { page } => {
                let (start, end) = page_range(site.articles.len(), per_page, page);
                edited.iter().any(|e| (start..end).contains(e))
            }
            PageKind::Term {
                taxonomy,
                term,
                page,
            } => shows(&site.taxonomies[taxonomy].terms[term].articles, page),
            PageKind::Section { section, page } => shows(&site.sections[section].articles, page),
            PageKind::Alias {
                target: AliasTarget::Article(i),
                ..
            } => edited.contains(&i),
            PageKind::Feed(_) | PageKind::Sitemap { .. } => true,
            PageKind::TaxonomyList { .. }
            | PageKind::NotFound
            | PageKind::Robots
            | PageKind::OwnPage(_)
            | PageKind::Alias {
                target: AliasTarget::Page(_),
                ..
            } => false,
        }
    }

    /// An article's full context: its summary and everything only its own
    /// page and feed entries show.
    pub(super) fn article_value(&self, i: usize, body: &str) -> Value {
        Value::from(self.article_map(i, body, 0))
    }

    /// `article_value` as a map with room for `extra` more entries.
    fn article_map(&self, i: usize, body: &str, extra: usize) -> Map {
        let site = self.site;
        let a = &site.articles[i];
        let profile = site.licences.get(&a.licence);
        let mut m = self.summary_map(i, ARTICLE_ENTRIES + extra);
        let credit = profile.and_then(|p| a.credit(p, &site.config.title)?.ok());
        m.insert("content".into(), Value::safe_string(body));
        m.insert("path".into(), a.path.as_str().into());
        m.insert("copyright".into(), copyright_value(a));
        m.insert("credit".into(), opt_ref(credit.as_deref()));
        m.insert("pixel".into(), opt_ref(a.pixel.as_deref()));
        super::values::insert_terms(&mut m, site, a, profile);
        m.insert("changes".into(), opt_ref(a.changes.as_deref()));
        m.insert("fingerprint".into(), opt_ref(a.fingerprint.as_deref()));
        m.insert("updated".into(), opt_str(a.updated.map(|d| d.iso())));
        m.insert("permission".into(), permission_value(a));
        m.insert("extra".into(), Value::from_serializable(&a.extra));
        m.insert("word_count".into(), a.body.word_count.into());
        m.insert("head".into(), head_value(site, a, profile));
        m.insert("date_rfc3339".into(), a.date.rfc3339().into());
        m.insert("date_rfc2822".into(), a.date.rfc2822().into());
        m.insert(
            "updated_rfc3339".into(),
            a.updated.unwrap_or(a.date).rfc3339().into(),
        );
        m.insert(
            "jsonld".into(),
            Value::safe_string(&super::jsonld::json_ld(site, a, profile, credit.as_deref())),
        );
        m.insert(
            "attribution_html".into(),
            Value::safe_string(&publish::attribution_html(a, profile, credit.as_deref())),
        );
        m.insert("copyright_line".into(), opt_str(publish::copyright_line(a)));
        // Older and newer neighbours, for "previous / next" links.
        let [newer, older] = neighbours(site, i).map(|n| match n {
            Some(n) => obj([
                ("title", n.title.as_str().into()),
                ("url", n.url.as_str().into()),
                ("permalink", site.config.permalink(&n.url).into()),
            ]),
            None => Value::none(),
        });
        m.insert("newer".into(), newer);
        m.insert("older".into(), older);
        m
    }

    /// What `article_value` reads: the article's source and its neighbours'
    /// titles and addresses (the site and configuration are the same for
    /// every page, and a change to them re-renders everything).
    fn article_signature(&self, i: usize, h: &mut impl Hasher) {
        let site = self.site;
        ("article", site.articles[i].source_hash).hash(h);
        for n in neighbours(site, i) {
            match n {
                Some(n) => (&n.url, &n.title).hash(h),
                None => "none".hash(h),
            }
        }
    }

    /// A feed's context: its title, addresses, date, and full entries.
    fn feed_value(&self, feed: Feed) -> Value {
        let site = self.site;
        let entries = feed.entries(site, &self.all);
        // A feed with no entries yet (a section that has only its
        // `_index.md`) was last changed when the site was: not in 1970.
        let updated = publish::newest(site, &entries).or_else(|| publish::newest(site, &self.all));
        let values: Vec<Value> = entries.iter().map(|&i| self.shared_entry(i)).collect();
        obj([
            ("title", feed.title(site).into()),
            ("author", publish::feed_author(&site.config).into()),
            ("url", feed.url(site).into()),
            ("permalink", site.config.permalink(&feed.url(site)).into()),
            (
                "alternate",
                site.config.permalink(&feed.alternate(site)).into(),
            ),
            (
                "updated",
                updated
                    .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |d| d.rfc3339())
                    .into(),
            ),
            (
                "updated_rfc2822",
                updated
                    .map_or_else(
                        || "Thu, 01 Jan 1970 00:00:00 +0000".to_owned(),
                        |d| d.rfc2822(),
                    )
                    .into(),
            ),
            ("entries", Value::from(values)),
        ])
    }

    /// Article `i`'s feed entry, shared with the other feeds of a run that
    /// show it ([`Renderer::plan`]).
    fn shared_entry(&self, i: usize) -> Value {
        let make = || self.entry_value(i);
        match self.entries.get() {
            Some(entries) => entries.get(i, make),
            None => make(),
        }
    }

    /// An article as a feed entry: its links made absolute, and the
    /// publication it comes from for Atom's `source`.
    fn entry_value(&self, i: usize) -> Value {
        let site = self.site;
        let a = &site.articles[i];
        let mut m = self.article_map(i, "", 1);
        let html = super::absolute::absolute_links(a.body.html(), &site.config.permalink(&a.url));
        m.insert("content".into(), Value::safe_string(&html));
        let origin = publish::origin(a).map(|o| {
            obj([
                ("name", opt_ref(o.name.as_deref())),
                ("url", opt_ref(o.url.as_deref())),
            ])
        });
        m.insert("origin".into(), origin.unwrap_or_else(Value::none));
        Value::from(m)
    }

    /// What `feed_value` reads: each entry's full context, which shows the
    /// entry's neighbours too, and for a term's feed the term itself.
    fn feed_signature(&self, feed: Feed, h: &mut impl Hasher) {
        let site = self.site;
        ("feed", feed).hash(h);
        if let Feed::TermAtom { taxonomy, term } = feed {
            hash_term(h, &site.taxonomies[taxonomy].terms[term]);
        }
        if let Feed::SectionAtom { section } = feed {
            self.section_signature(section, h);
        }
        let entries = feed.entries(site, &self.all);
        entries.len().hash(h);
        if entries.is_empty() {
            publish::newest(site, &self.all)
                .map(|d| d.timestamp)
                .hash(h);
        }
        for i in entries {
            self.article_signature(i, h);
        }
    }

    pub(super) fn paginator(&self, base: &str, articles: &[usize], current: usize) -> Value {
        let per_page = self.site.config.paginate;
        let total = page_count(articles.len(), per_page);
        let chunk = page_slice(articles, per_page, current);
        let pages: Vec<Value> = chunk.iter().map(|&i| self.summary(i)).collect();
        let config = &self.site.config;
        let link = |p: usize| Value::from(config.permalink(&paged_url(base, p)));
        obj([
            ("pages", Value::from(pages)),
            ("current_index", current.into()),
            ("total_pages", total.into()),
            ("number_pagers", total.into()),
            ("paginate_by", per_page.into()),
            ("total_items", articles.len().into()),
            ("base_url", base.into()),
            ("permalink", link(current)),
            ("first", link(1)),
            ("last", link(total)),
            (
                "previous",
                if current > 1 {
                    link(current - 1)
                } else {
                    Value::none()
                },
            ),
            (
                "next",
                if current < total {
                    link(current + 1)
                } else {
                    Value::none()
                },
            ),
        ])
    }
}

/// What a list page shows: its position, and the source of each article on it.
pub(super) fn hash_list(
    h: &mut impl Hasher,
    site: &Site,
    len: usize,
    on_page: impl Iterator<Item = usize>,
    page: usize,
    per_page: usize,
) {
    (page, page_count(len, per_page), len).hash(h);
    for i in on_page {
        site.articles[i].source_hash.hash(h);
    }
}

/// A term as `term_value` shows it.
fn hash_term(h: &mut impl Hasher, term: &Term) {
    (&term.name, &term.slug, term.articles.len()).hash(h);
}

/// Articles per part of the sitemap's signature.
const SITEMAP_SIGNATURE_PART: usize = 1024;

/// The sitemap lists every page a search engine should index, so any added,
/// removed or re-dated article changes it, and so does a licence (or an
/// original's address) that takes an article out of the index.
fn sitemap_signature(site: &Site, h: &mut impl Hasher) {
    ("site", site.articles.len()).hash(h);
    // Every article, in parts hashed in parallel: the sitemap's is the one
    // signature that reads the whole site, and serve computes it per save.
    let parts: Vec<u64> = site
        .articles
        .par_chunks(SITEMAP_SIGNATURE_PART)
        .map(|part| {
            let mut h = crate::text::change_hasher();
            // A site has a few licences and many articles: each is looked
            // up once.
            let mut profiles = foldhash::HashMap::default();
            for a in part {
                let profile = *profiles
                    .entry(a.licence.as_str())
                    .or_insert_with(|| site.licences.get(&a.licence));
                let indexable = publish::indexable_under(site, a, profile);
                (&a.url, a.updated.unwrap_or(a.date).timestamp, indexable).hash(&mut h);
            }
            h.finish()
        })
        .collect();
    parts.hash(h);
    for t in &site.taxonomies {
        for term in &t.terms {
            (&term.url, term.articles.len()).hash(h);
        }
    }
    for s in &site.sections {
        (&s.url, s.articles.len()).hash(h);
    }
    for p in &site.pages {
        (&p.url, p.updated.or(p.date).map(|d| d.timestamp)).hash(h);
    }
}

/// The older and newer neighbours of article `i`, which its page links to.
fn neighbours(site: &Site, i: usize) -> [Option<&Article>; 2] {
    [
        i.checked_sub(1).and_then(|j| site.articles.get(j)),
        site.articles.get(i + 1),
    ]
    .map(|a| a.map(|a| &**a))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::content::LoadOptions;
    use crate::render::Theme;

    /// A term's feed shows each entry's older and newer neighbours, which
    /// need not carry the term: editing one must change the feed's signature
    /// even though no entry's own source changed.
    #[test]
    fn editing_an_entrys_neighbour_changes_the_feed_signature() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut site = Site::load(root, &LoadOptions::default()).expect("the example site loads");
        let theme = Theme::load(root, &site.config).expect("the example theme loads");
        let renderer = Renderer::new(&site, &theme);
        let (feed, outsider) = renderer
            .pages()
            .into_iter()
            .filter_map(|kind| match kind {
                PageKind::Feed(feed @ Feed::TermAtom { .. }) => Some(feed),
                _ => None,
            })
            .find_map(|feed| {
                let entries = feed.entries(&site, &renderer.all);
                let outsider = entries
                    .iter()
                    .flat_map(|&i| [i.checked_sub(1), Some(i + 1)])
                    .flatten()
                    .find(|j| *j < site.articles.len() && !entries.contains(j))?;
                Some((feed, outsider))
            })
            .expect("the example site has a term feed with an entry whose neighbour is not in it");
        let before = renderer.signature(PageKind::Feed(feed));
        drop(renderer);

        let edited = Arc::make_mut(&mut site.articles[outsider]);
        edited.title.push_str(" (corrected)");
        edited.source_hash ^= 1;
        let after = Renderer::new(&site, &theme).signature(PageKind::Feed(feed));
        assert_ne!(before, after);
    }

    /// Serve signs again only the pages `may_read` names after an edit in
    /// place: any page whose signature an edit changes must be among them.
    #[test]
    fn every_page_an_edit_in_place_changes_is_one_that_may_read_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut site = Site::load(root, &LoadOptions::default()).expect("the example site loads");
        let theme = Theme::load(root, &site.config).expect("the example theme loads");
        // Short pages, so lists split and neighbours fall on other pages.
        site.config.paginate = 2;
        let n = site.articles.len();
        assert!(n >= 5, "the example site has articles on several pages");
        Arc::make_mut(&mut site.articles[1])
            .aliases
            .push("/old/moved-story/".into());
        let signatures = |site: &Site| -> Vec<(PageKind, u64)> {
            let renderer = Renderer::new(site, &theme);
            let kinds = renderer.pages();
            kinds.iter().map(|&k| (k, renderer.signature(k))).collect()
        };
        let before = signatures(&site);
        let mut changed_anywhere = 0;
        for i in 0..n {
            let mut edited = site.clone();
            let licence = site.articles[(i + 1) % n].licence.clone();
            let a = Arc::make_mut(&mut edited.articles[i]);
            a.title.push_str(" (corrected)");
            a.source_hash ^= 1;
            a.licence = licence;
            let after = signatures(&edited);
            assert_eq!(
                before.len(),
                after.len(),
                "an edit in place keeps the pages"
            );
            let renderer = Renderer::new(&edited, &theme);
            for ((kind, old), (_, new)) in before.iter().zip(&after) {
                if old != new {
                    changed_anywhere += 1;
                    assert!(
                        renderer.may_read(*kind, &[i]),
                        "editing article {i} changed {kind:?}, which may_read leaves out"
                    );
                }
            }
            assert!(!renderer.may_read(PageKind::NotFound, &[i]));
        }
        // Each edit changes at least its own page, lists and feeds.
        assert!(changed_anywhere > 3 * n);
    }
}
