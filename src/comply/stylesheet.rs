//! The page's style rules that hide whole elements, by any one declaration
//! that hides an element's text in an inline style (`display:none`,
//! `visibility:hidden`, `opacity:0`, `font-size:0`, ...), under a simple
//! selector (`p`, `.class`, `#id`, `[attr=value]`, their compounds, and
//! comma lists of them), from its `<style>` elements and the site's own
//! sheets it links. A theme can drop attribution that way as surely as with
//! an inline style, so the page walks read these rules too, in the
//! cascade's order: an `!important` rule over a normal one, then the more
//! specific, then the later. Anything subtler (combinators, pseudo-classes)
//! is not evaluated; a rule under a condition (`@media (min-width: …)`)
//! never hides, but may show again what another rule hides.

use super::visibility::ElementView;

/// How an attribute selector compares the attribute's value.
#[derive(Debug, Clone, PartialEq)]
enum AttrTest {
    Present,
    Equals(String),
    /// `~=`: one of its space-separated words.
    Word(String),
    Prefix(String),
    Suffix(String),
    Contains(String),
}

/// A compound selector of a tag and any classes, ids and attribute
/// tests, all to match.
#[derive(Debug, Clone, PartialEq)]
struct Selector {
    tag: Option<String>,
    classes: Vec<String>,
    ids: Vec<String>,
    /// Each attribute's test, and whether it ignores case (`[rel=x i]`).
    attrs: Vec<(String, (AttrTest, bool))>,
}

impl Selector {
    /// `tag`, `.class`, `#id`, `[attr]` and their compounds; `None` for
    /// anything else.
    fn parse(text: &str) -> Option<Selector> {
        let ident = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || !c.is_ascii();
        let mut selector = Selector {
            tag: None,
            classes: Vec::new(),
            ids: Vec::new(),
            attrs: Vec::new(),
        };
        let tag_end = text.find(['.', '#', '[']).unwrap_or(text.len());
        let tag = &text[..tag_end];
        if !tag.is_empty() && tag != "*" {
            (tag.chars().all(ident) && tag.starts_with(|c: char| c.is_ascii_alphabetic()))
                .then_some(())?;
            selector.tag = Some(tag.to_ascii_lowercase());
        }
        let mut rest = &text[tag_end..];
        while let Some(kind) = rest.chars().next() {
            if kind == '[' {
                let close = rest.find(']')?;
                selector.attrs.push(attr_test(&rest[1..close])?);
                rest = &rest[close + 1..];
                continue;
            }
            let name_end = rest[1..]
                .find(['.', '#', '['])
                .map_or(rest.len(), |e| e + 1);
            let name = &rest[1..name_end];
            (!name.is_empty() && name.chars().all(ident)).then_some(())?;
            match kind {
                '.' => selector.classes.push(name.to_owned()),
                _ => selector.ids.push(name.to_owned()),
            }
            rest = &rest[name_end..];
        }
        (selector.tag.is_some()
            || !selector.classes.is_empty()
            || !selector.ids.is_empty()
            || !selector.attrs.is_empty())
        .then_some(selector)
    }

    /// Ids, then classes and attributes, then the tag, as CSS weighs them.
    fn specificity(&self) -> (usize, usize, usize) {
        (
            self.ids.len(),
            self.classes.len() + self.attrs.len(),
            usize::from(self.tag.is_some()),
        )
    }

    fn matches(&self, e: &impl ElementView) -> bool {
        self.tag
            .as_deref()
            .is_none_or(|t| e.name().eq_ignore_ascii_case(t))
            && self.classes.iter().all(|c| e.classes().any(|x| x == c))
            && self
                .ids
                .iter()
                .all(|id| e.attr("id").is_some_and(|x| x == id))
            && self.attrs.iter().all(|(name, test)| {
                // An `i` flag compares without case: both sides lowered.
                let v: Option<std::borrow::Cow<str>> = match test.1 {
                    true => e.attr(name).map(|v| v.to_ascii_lowercase().into()),
                    false => e.attr(name).map(Into::into),
                };
                v.is_some_and(|v| match &test.0 {
                    AttrTest::Present => true,
                    AttrTest::Equals(w) => *v == **w,
                    AttrTest::Word(w) => v.split_ascii_whitespace().any(|x| x == w),
                    AttrTest::Prefix(w) => !w.is_empty() && v.starts_with(w.as_str()),
                    AttrTest::Suffix(w) => !w.is_empty() && v.ends_with(w.as_str()),
                    AttrTest::Contains(w) => !w.is_empty() && v.contains(w.as_str()),
                })
            })
    }
}

/// The inside of `[...]`: `rel`, `rel=license`, `rel~="license"`, ...;
/// `None` for a test with a case flag, or that cannot be read.
fn attr_test(inner: &str) -> Option<(String, (AttrTest, bool))> {
    let inner = inner.trim();
    let Some(eq) = inner.find('=') else {
        let name = inner.to_ascii_lowercase();
        return is_attr_name(&name).then_some((name, (AttrTest::Present, false)));
    };
    let (name, op) = match inner[..eq].chars().last() {
        Some(c @ ('~' | '^' | '$' | '*' | '|')) => (&inner[..eq - 1], Some(c)),
        _ => (&inner[..eq], None),
    };
    let name = name.trim().to_ascii_lowercase();
    is_attr_name(&name).then_some(())?;
    let raw = inner[eq + 1..].trim();
    // A case flag after the value: `i` ignores case, `s` (the default for
    // HTML's attributes) keeps it.
    let (raw, ignore_case) = match raw.rsplit_once(char::is_whitespace) {
        Some((value, flag)) if flag.eq_ignore_ascii_case("i") => (value.trim_end(), true),
        Some((value, flag)) if flag.eq_ignore_ascii_case("s") => (value.trim_end(), false),
        _ => (raw, false),
    };
    let value = match raw.chars().next() {
        Some(q @ ('"' | '\'')) => raw[1..].strip_suffix(q)?.to_owned(),
        _ => {
            // An unquoted value is one identifier.
            (!raw.is_empty() && !raw.contains(char::is_whitespace)).then_some(())?;
            raw.to_owned()
        }
    };
    let value = match ignore_case {
        true => value.to_ascii_lowercase(),
        false => value,
    };
    let test = match op {
        None => AttrTest::Equals(value),
        Some('~') => AttrTest::Word(value),
        Some('^') => AttrTest::Prefix(value),
        Some('$') => AttrTest::Suffix(value),
        Some('*') => AttrTest::Contains(value),
        _ => return None,
    };
    Some((name, (test, ignore_case)))
}

fn is_attr_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':')
}

/// The properties whose rules are weighed: those that hide an element's
/// text by one declaration, as an inline style does.
/// Inherited ones a child can set again (`font-size`, `color`,
/// `text-indent`: a theme's `font-size: 0` on a row of inline blocks, with
/// the text sized on each) are not among them: a page walk cannot undo a
/// parent's hiding for a child.
const PROPS: [&str; 10] = [
    "display",
    "visibility",
    "content-visibility",
    "opacity",
    "clip",
    "clip-path",
    "transform",
    "margin",
    "margin-left",
    "margin-top",
];

/// One of [`PROPS`], by its place there.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Prop(u8);

impl Prop {
    fn of(name: &str) -> Option<Prop> {
        PROPS
            .iter()
            .position(|p| *p == name)
            .and_then(|i| u8::try_from(i).ok())
            .map(Prop)
    }

    fn name(self) -> &'static str {
        PROPS[usize::from(self.0)]
    }

    /// Whether `value` for this property hides an element's text.
    fn hides_with(self, value: &str) -> bool {
        match self.name() {
            "display" => value == "none",
            "visibility" => value == "hidden" || value == "collapse",
            name => super::visibility::style_hides(&format!("{name}: {value}")),
        }
    }
}

/// One selector's rule for a property: whether it hides, and its place in
/// the cascade.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    selector: Selector,
    prop: Prop,
    hides: bool,
    important: bool,
    /// Its place among the page's rules, in document order.
    order: u32,
    /// Applies always, not only under a condition (`@media (...)`).
    always: bool,
}

impl Entry {
    fn rank(&self) -> (bool, (usize, usize, usize), u32) {
        (self.important, self.selector.specificity(), self.order)
    }
}

/// Entries by a key every element they match has (an id, else a class,
/// else the tag), so that an element is matched against its own few
/// rules, not against every rule of a theme's sheets.
#[derive(Debug, Default, Clone, PartialEq)]
struct Index {
    ids: foldhash::HashMap<String, Vec<u32>>,
    classes: foldhash::HashMap<String, Vec<u32>>,
    tags: foldhash::HashMap<String, Vec<u32>>,
    /// Entries with attribute tests only.
    rest: Vec<u32>,
}

impl Index {
    fn insert(&mut self, at: u32, selector: &Selector) {
        let list = if let Some(id) = selector.ids.first() {
            self.ids.entry(id.clone()).or_default()
        } else if let Some(class) = selector.classes.first() {
            self.classes.entry(class.clone()).or_default()
        } else if let Some(tag) = &selector.tag {
            self.tags.entry(tag.clone()).or_default()
        } else {
            &mut self.rest
        };
        list.push(at);
    }

    /// The entries that may match `e`: a superset of those that do.
    fn candidates<'s>(&'s self, e: &'s impl ElementView) -> impl Iterator<Item = u32> + 's {
        let id = e.attr("id").and_then(|id| self.ids.get(id));
        let name = e.name();
        let tag = match self.tags.is_empty() {
            true => None,
            false if name.bytes().any(|b| b.is_ascii_uppercase()) => {
                self.tags.get(name.to_ascii_lowercase().as_str())
            }
            false => self.tags.get(name),
        };
        let classes = e
            .classes()
            .filter(|_| !self.classes.is_empty())
            .filter_map(|c| self.classes.get(c));
        id.into_iter()
            .chain(tag)
            .chain(classes)
            .chain(std::iter::once(&self.rest))
            .flat_map(|list| list.iter().copied())
    }
}

/// Where a style sheet, or a block of its rules, applies.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Media {
    /// On every screen.
    Always,
    /// On some screens only (`screen and (min-width: 40em)`).
    Sometimes,
    /// Never on a screen (`print`).
    Never,
}

/// Where a media query list (a `media` attribute, an `@media` prelude)
/// applies; none applies always.
fn media_of(media: Option<&str>) -> Media {
    let Some(list) = media else {
        return Media::Always;
    };
    let mut best = Media::Never;
    for query in list.split(',') {
        let q = query.trim().to_ascii_lowercase();
        let q = q.split_whitespace().collect::<Vec<_>>().join(" ");
        let kind = match q.as_str() {
            "" | "all" | "screen" | "only screen" | "only all" | "not print" | "not speech" => {
                Media::Always
            }
            "print" | "speech" | "only print" | "not screen" | "not all" => Media::Never,
            _ if q.starts_with("print ") || q.starts_with("only print ") => Media::Never,
            _ => Media::Sometimes,
        };
        match (best, kind) {
            (_, Media::Always) => return Media::Always,
            (Media::Never, Media::Sometimes) => best = Media::Sometimes,
            _ => {}
        }
    }
    best
}

/// A page's style sheets in document order: its own `<style>` elements,
/// and the site's sheets it links, shared, not copied, between pages.
#[derive(Debug, Default)]
pub(super) struct Cascade<'a> {
    parts: Vec<std::borrow::Cow<'a, StyleSheet>>,
    /// Some rule of some part hides: until then nothing is hidden, and an
    /// element is not looked up at all (a theme's sheet that only lays out).
    hides_some: bool,
}

impl<'a> Cascade<'a> {
    /// Adds a sheet of the page's own, after those read so far.
    pub(super) fn add(&mut self, sheet: StyleSheet) {
        if !sheet.is_empty() {
            self.hides_some |= sheet.can_hide();
            self.parts.push(std::borrow::Cow::Owned(sheet));
        }
    }

    /// Adds a sheet the page links, after those read so far.
    pub(super) fn link(&mut self, sheet: &'a StyleSheet) {
        if !sheet.is_empty() {
            self.hides_some |= sheet.can_hide();
            self.parts.push(std::borrow::Cow::Borrowed(sheet));
        }
    }

    /// Whether the rules hide element `e` itself.
    pub(super) fn hides(&self, e: &impl ElementView) -> bool {
        if !self.hides_some {
            return false;
        }
        // The properties a rule that hides sets on `e`: only they can hide
        // it, and most elements meet no such rule.
        let mut set: u16 = 0;
        for sheet in self.parts.iter() {
            for entry in sheet
                .hiding
                .candidates(e)
                .filter_map(|i| sheet.entries.get(i as usize))
                .filter(|x| x.selector.matches(e))
            {
                set |= 1 << entry.prop.0;
            }
        }
        (0..PROPS.len())
            .filter(|&i| set & (1 << i) != 0)
            .filter_map(|i| u8::try_from(i).ok())
            .any(|i| self.hides_by(e, Prop(i)))
    }

    /// Whether the rules for `prop` hide `e`: the rule that wins the
    /// cascade among those always applying hides it, no inline style of its
    /// own overrides that, and no conditional rule that would win shows it.
    fn hides_by(&self, e: &impl ElementView, prop: Prop) -> bool {
        let matching = || {
            self.parts
                .iter()
                .enumerate()
                .flat_map(move |(n, sheet)| sheet.matching(e, prop).map(move |x| (n, x)))
        };
        // A later sheet's rule comes after every rule of an earlier one.
        let rank = |&(n, x): &(usize, &Entry)| {
            let (important, specificity, order) = x.rank();
            (important, specificity, n, order)
        };
        let Some(winner) = matching().filter(|(_, x)| x.always).max_by_key(rank) else {
            return false;
        };
        let top = rank(&winner);
        winner.1.hides
            && (winner.1.important
                || !e
                    .attr("style")
                    .is_some_and(|style| declarations(style).any(|(p, _, _)| p == prop.name())))
            && !matching().any(|m| !m.1.always && !m.1.hides && rank(&m) > top)
    }
}

/// The hiding rules of one style sheet.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct StyleSheet {
    entries: Vec<Entry>,
    index: Index,
    /// The entries that always apply and hide, by the same keys.
    hiding: Index,
    /// Some rule that always applies hides.
    hides_some: bool,
    /// Rules read so far: the next one's order.
    next: u32,
}

impl StyleSheet {
    /// The rules of one `<style>` element (or linked sheet) with the
    /// `media` attribute `media`: one for print only hides nothing on the
    /// screen.
    pub(super) fn parse(css: &str, media: Option<&str>) -> StyleSheet {
        let mut sheet = StyleSheet::default();
        let media = media_of(media);
        if media != Media::Never {
            let css = css.strip_prefix('\u{feff}').unwrap_or(css);
            let stripped;
            let css = if css.contains("/*") {
                stripped = strip_comments(css);
                &stripped
            } else {
                css
            };
            sheet.read_rules(css, media == Media::Always);
        }
        sheet
    }

    pub(super) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether any rule hides: a sheet that only shows hides nothing itself.
    pub(super) fn can_hide(&self) -> bool {
        self.hides_some
    }

    fn push(&mut self, entry: Entry) {
        let at = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        self.index.insert(at, &entry.selector);
        if entry.always && entry.hides {
            self.hiding.insert(at, &entry.selector);
            self.hides_some = true;
        }
        self.entries.push(entry);
    }

    /// Whether the rules hide element `e` itself, this sheet alone.
    #[cfg(test)]
    pub(super) fn hides(&self, e: &impl ElementView) -> bool {
        let mut cascade = Cascade::default();
        cascade.link(self);
        cascade.hides(e)
    }

    /// This sheet's rules for `prop` that match `e`.
    fn matching<'s>(
        &'s self,
        e: &'s impl ElementView,
        prop: Prop,
    ) -> impl Iterator<Item = &'s Entry> + 's {
        self.index
            .candidates(e)
            .filter_map(|i| self.entries.get(i as usize))
            .filter(move |x| x.prop == prop && x.selector.matches(e))
    }

    /// Reads the rules of `css`; `always` says whether they apply always
    /// (not under a condition such as `@media (min-width: …)`), when only
    /// they can hide.
    fn read_rules(&mut self, css: &str, always: bool) {
        let mut rest = css;
        while let Some(open) = rest.find('{') {
            // Statements such as `@import ...;` end before the prelude.
            let prelude = rest[..open].rsplit([';', '}']).next().unwrap_or("").trim();
            let body = &rest[open + 1..];
            let mut depth = 1usize;
            let end = body
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(body.len(), |(i, _)| i);
            let block = &body[..end];
            match prelude.strip_prefix('@') {
                Some(at) => {
                    let name = at
                        .split(|c: char| !c.is_ascii_alphabetic())
                        .next()
                        .unwrap_or("");
                    match name.to_ascii_lowercase().as_str() {
                        "layer" => self.read_rules(block, always),
                        "media" => match media_of(Some(&at[name.len()..])) {
                            Media::Always => self.read_rules(block, always),
                            Media::Sometimes => self.read_rules(block, false),
                            Media::Never => {}
                        },
                        "supports" | "container" => self.read_rules(block, false),
                        _ => {}
                    }
                }
                // Nested rules are not read; nor is the rule around them.
                None if !block.contains('{') => self.read_rule(prelude, block, always),
                None => {}
            }
            rest = body.get(end + 1..).unwrap_or("");
        }
    }

    fn read_rule(&mut self, selectors: &str, block: &str, always: bool) {
        // The last declaration of a property in a block wins, an important
        // one over a normal one.
        let mut set: Vec<(Prop, bool, bool)> = Vec::new();
        // An animated rule (a fade-in) starts hidden and ends shown: its
        // values are where it starts, not what a reader is left with.
        let animated = declarations(block)
            .any(|(name, value, _)| name.starts_with("animation") && value != "none");
        for (name, value, important) in declarations(block) {
            let Some(prop) = Prop::of(&name) else {
                continue;
            };
            let hides = prop.hides_with(&value) && !(animated && prop.name() != "display");
            match set.iter_mut().find(|(p, _, _)| *p == prop) {
                Some(slot) if slot.2 && !important => {}
                Some(slot) => *slot = (prop, hides, important),
                None => set.push((prop, hides, important)),
            }
        }
        if set.is_empty() {
            return;
        }
        let order = self.next;
        self.next += 1;
        for selector in selectors
            .split(',')
            .filter_map(|s| Selector::parse(s.trim()))
        {
            for &(prop, hides, important) in &set {
                self.push(Entry {
                    selector: selector.clone(),
                    prop,
                    hides,
                    important,
                    order,
                    always,
                });
            }
        }
    }
}

/// Whether a style sheet under the `media` attribute `media` applies on
/// every screen.
pub(super) fn on_every_screen(media: Option<&str>) -> bool {
    media_of(media) == Media::Always
}

/// A declaration block's `(property, value, important)` triples,
/// lower-cased, the value without `!important`.
fn declarations(block: &str) -> impl Iterator<Item = (String, String, bool)> {
    block.split(';').filter_map(|decl| {
        let (prop, value) = decl.split_once(':')?;
        let value = value.trim().to_ascii_lowercase();
        let stripped = value.trim_end_matches("!important").trim_end();
        let important = stripped.len() < value.len();
        let value = stripped.to_owned();
        Some((prop.trim().to_ascii_lowercase(), value, important))
    })
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
        out.push(' ');
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
#[path = "stylesheet_tests.rs"]
mod tests;
