//! Article summaries and feed entries shared by the pages of one run that
//! show them.
//!
//! An article's summary appears on its own page, its feed entries and
//! every list it is on: five or more times in a typical site, and building
//! one is a dozen allocations. Its feed entry, the whole article with its
//! structured data, appears in the site's feeds and in the feed of each of
//! its terms where it is among the newest. A run knows beforehand which
//! pages show which, so each is made once, handed out as a shared value,
//! and dropped at its last use. Pages render in the order of their
//! articles' positions (newest first), so a value is seldom kept long, and
//! never more than a set number are kept at once: memory stays small at
//! any site size, and a value not kept is simply made again.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use tera::Value;

use super::pages::{AliasTarget, PageKind, page_slice};
use super::{Feed, Renderer};

/// Summaries kept at once, a few megabytes: enough for every list's
/// current page at a time in sites with hundreds of lists.
pub(super) const SUMMARIES_KEPT: usize = 4096;

/// Feed entries kept at once: each holds its article's body, so fewer,
/// about ten megabytes at most.
pub(super) const ENTRIES_KEPT: usize = 1024;

/// A value per article (its summary, or its feed entry) while pages still
/// to render show it.
pub(super) struct Summaries {
    slots: Vec<Mutex<Slot>>,
    kept: AtomicUsize,
    kept_at_most: usize,
}

#[derive(Default)]
struct Slot {
    /// Uses announced and not yet made.
    uses: u32,
    value: Option<Value>,
}

impl Summaries {
    pub(super) fn new(articles: usize, kept_at_most: usize) -> Summaries {
        Summaries {
            slots: (0..articles).map(|_| Mutex::default()).collect(),
            kept: AtomicUsize::new(0),
            kept_at_most,
        }
    }

    /// Announces one more use of article `i`'s value; says whether it is
    /// the first one announced.
    fn expect(&self, i: usize) -> bool {
        let mut slot = self.slots[i].lock().unwrap_or_else(|p| p.into_inner());
        slot.uses = slot.uses.saturating_add(1);
        slot.uses == 1
    }

    /// Article `i`'s summary: the kept one, or one `make` makes, kept when
    /// more uses are announced.
    pub(super) fn get(&self, i: usize, make: impl FnOnce() -> Value) -> Value {
        // Made under the lock: another page wanting the same summary waits
        // for it rather than making it too.
        let mut slot = self.slots[i].lock().unwrap_or_else(|p| p.into_inner());
        if slot.uses == 0 {
            // Not announced: a page rendered outside a run.
            return make();
        }
        slot.uses -= 1;
        let last = slot.uses == 0;
        if let Some(value) = if last {
            slot.value.take()
        } else {
            slot.value.clone()
        } {
            if last {
                self.kept.fetch_sub(1, Ordering::Relaxed);
            }
            return value;
        }
        let value = make();
        if !last && self.kept.load(Ordering::Relaxed) < self.kept_at_most {
            self.kept.fetch_add(1, Ordering::Relaxed);
            slot.value = Some(value.clone());
        }
        value
    }
}

impl Renderer<'_> {
    /// Prepares a run of `kinds`: announces the summaries and feed entries
    /// each will show, and returns the order to render them in, by the
    /// position of the newest article each shows.
    pub fn plan(&self, kinds: &[PageKind]) -> Vec<usize> {
        let articles = self.site.articles.len();
        let summaries = self
            .summaries
            .get_or_init(|| Summaries::new(articles, SUMMARIES_KEPT));
        let entries = self
            .entries
            .get_or_init(|| Summaries::new(articles, ENTRIES_KEPT));
        let mut order: Vec<(usize, usize)> = Vec::with_capacity(kinds.len());
        for (n, &kind) in kinds.iter().enumerate() {
            let shown = self.summaries_shown(kind);
            let feed = matches!(kind, PageKind::Feed(_));
            for &i in &shown {
                // A feed shows the entry, which is made from the summary
                // once however many feeds show it.
                if !feed || entries.expect(i) {
                    summaries.expect(i);
                }
            }
            let position = match kind {
                PageKind::Alias {
                    target: AliasTarget::Article(i),
                    ..
                } => i,
                _ => shown.iter().copied().min().unwrap_or(0),
            };
            order.push((position, n));
        }
        order.sort_unstable();
        order.into_iter().map(|(_, n)| n).collect()
    }

    /// The articles whose summaries page `kind` shows, as `context` builds it.
    fn summaries_shown(&self, kind: PageKind) -> Vec<usize> {
        let site = self.site;
        let per_page = site.config.paginate;
        match kind {
            PageKind::Article(i) => vec![i],
            PageKind::Home { page } => page_slice(&self.all, per_page, page).to_vec(),
            PageKind::Term {
                taxonomy,
                term,
                page,
            } => page_slice(
                &site.taxonomies[taxonomy].terms[term].articles,
                per_page,
                page,
            )
            .to_vec(),
            PageKind::Section { section, page } => {
                page_slice(&site.sections[section].articles, per_page, page).to_vec()
            }
            PageKind::Feed(Feed::SiteJson) => Vec::new(),
            PageKind::Feed(feed) => feed.entries(site, &self.all),
            PageKind::TaxonomyList { .. }
            | PageKind::NotFound
            | PageKind::Sitemap { .. }
            | PageKind::Robots
            | PageKind::OwnPage(_)
            | PageKind::Alias { .. } => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEPT_AT_MOST: usize = SUMMARIES_KEPT;

    fn counting(summaries: &Summaries, i: usize, made: &mut usize) -> Value {
        summaries.get(i, || {
            *made += 1;
            Value::from(format!("summary {i}"))
        })
    }

    #[test]
    fn a_summary_is_made_once_for_its_announced_uses_and_then_let_go() {
        let summaries = Summaries::new(2, KEPT_AT_MOST);
        let mut made = 0;
        for _ in 0..3 {
            summaries.expect(0);
        }
        for _ in 0..3 {
            assert_eq!(counting(&summaries, 0, &mut made), Value::from("summary 0"));
        }
        assert_eq!(made, 1);
        assert_eq!(summaries.kept.load(Ordering::Relaxed), 0);
        // Past its announced uses, and unannounced, a summary is made each time.
        counting(&summaries, 0, &mut made);
        counting(&summaries, 1, &mut made);
        counting(&summaries, 1, &mut made);
        assert_eq!(made, 4);
        assert_eq!(summaries.kept.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn the_first_announcement_of_a_value_is_told_apart() {
        // A feed entry's first announcement is the one use of the summary
        // it is made from, however many feeds show the entry.
        let entries = Summaries::new(2, ENTRIES_KEPT);
        assert!(entries.expect(1));
        assert!(!entries.expect(1));
        assert!(entries.expect(0));
        let mut made = 0;
        for _ in 0..2 {
            counting(&entries, 1, &mut made);
        }
        assert_eq!(made, 1);
        // Used up, the next announcement starts over.
        assert!(entries.expect(1));
    }

    #[test]
    fn no_more_than_the_limit_are_kept_at_once() {
        let n = KEPT_AT_MOST + 10;
        let summaries = Summaries::new(n, KEPT_AT_MOST);
        let mut made = 0;
        for i in 0..n {
            summaries.expect(i);
            summaries.expect(i);
        }
        for i in 0..n {
            counting(&summaries, i, &mut made);
        }
        assert_eq!(summaries.kept.load(Ordering::Relaxed), KEPT_AT_MOST);
        for i in 0..n {
            counting(&summaries, i, &mut made);
        }
        assert_eq!(made, n + 10);
        assert_eq!(summaries.kept.load(Ordering::Relaxed), 0);
    }
}
