//! The fast reader: html5ever's tokenizer without its tree builder, and a
//! stack of open elements that builds the same tree only where building it
//! is plain: each start tag opens a child of the current element, each end
//! tag closes the current element. Wherever the HTML tree-construction rules
//! would do anything else (close an element implicitly, move content out of a
//! table, mend misnested formatting, enter SVG or a template...), the reader
//! gives up and the page goes to the tree builder, so the facts are always
//! the tree's.

use super::lexer::{Event, Lexer, Tag};
use super::tree::{Context, Mode, Open, Raw, Step, body_start, is_void, raw_kind};
use super::{BlockPlace, Gather, PageFacts};
use crate::comply::linked::PageSheets;
use crate::comply::region::{Entered, RegionReader, is_marked};
use crate::comply::stylesheet::{Cascade, StyleSheet};
use crate::comply::visibility::{ElementView, hides, is_caption, is_page_block};

/// The facts of `html` (with its marked body when `marked` asks for it), or
/// `None` where a plain stack cannot be sure to build the tree a browser
/// builds.
pub(super) fn extract(
    html: &str,
    marked: bool,
    sheets: Option<PageSheets<'_>>,
) -> Option<PageFacts> {
    // html5ever drops a U+FEFF wherever the tokenizer resumes after a
    // script or a charset, not only at the start.
    let body = html.strip_prefix('\u{feff}').unwrap_or(html);
    // One vectorised pass finds whether any of these may be present (0xef
    // starts U+FEFF).
    let rare = memchr::memchr3(0, b'\r', 0xef, body.as_bytes()).is_some();
    if rare && (body.contains('\0') || body.contains('\u{feff}')) {
        return None;
    }
    // The input stream's line breaks, as the tokenizer preprocesses them.
    let lf;
    let src = if rare && html.contains('\r') {
        lf = html.replace("\r\n", "\n").replace('\r', "\n");
        &lf
    } else {
        html
    };
    let mut lexer = Lexer::new(src);
    let mut reader = Reader {
        body: if marked { Body::NotYet } else { Body::Unread },
        linked: sheets,
        ..Reader::default()
    };
    loop {
        let event = match reader.raw.take() {
            Some(raw) => {
                let top = reader.stack.last()?;
                lexer.raw_text(&top.open.name, raw == Raw::Script, raw == Raw::Rcdata)?
            }
            None => lexer.next()?,
        };
        let ignore_lf = std::mem::take(&mut reader.ignore_lf);
        match event {
            Event::Text(text) => {
                let text = match ignore_lf {
                    true => text.strip_prefix('\n').unwrap_or(&text),
                    false => &text,
                };
                reader.characters(text)?;
            }
            Event::Tag(tag) => {
                reader.tag(&tag)?;
                lexer.recycle(tag);
            }
            Event::Other => {}
            Event::Eof => {
                reader.eof()?;
                return reader.finish();
            }
        }
    }
}

impl ElementView for Tag<'_> {
    fn name(&self) -> &str {
        &self.name
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| &**v)
    }

    fn classes(&self) -> impl Iterator<Item = &str> {
        self.attrs
            .iter()
            .filter(|(n, _)| n == "class")
            .flat_map(|(_, v)| v.split_ascii_whitespace())
    }
}

/// One open element and what its ancestors and itself mean for the facts.
struct Level<'a> {
    open: Open<'a>,
    /// Hidden, by itself or an ancestor.
    hidden: bool,
    /// Where text directly inside stands.
    place: BlockPlace,
    /// Leaving it ends a block of the page's text.
    block: bool,
    /// Inside the marked body: skipped there (itself or an ancestor).
    body_hidden: bool,
    /// Leaving it ends a block of the marked body.
    body_block: bool,
    /// Its text is JSON-LD.
    json_ld: bool,
    /// A `<source>` child has been read (for a `<picture>`).
    has_source: bool,
}

/// Where the marked body stands.
#[derive(Default)]
enum Body {
    #[default]
    NotYet,
    /// Open, at this depth of the stack.
    Open(usize, RegionReader),
    Done(crate::comply::region::BodyRegion),
    /// Not asked for.
    Unread,
}

#[derive(Default)]
struct Reader<'a> {
    gather: Gather,
    stack: Vec<Level<'a>>,
    mode: Mode,
    next_id: u32,
    /// The raw text of the element just opened comes next.
    raw: Option<Raw>,
    /// A newline right after `<pre>` is not content.
    ignore_lf: bool,
    /// Links whose content is not yet known to show anything: (depth, index).
    unshown: Vec<(usize, usize)>,
    json: String,
    body: Body,
    /// The hiding rules of the head's `<style>` elements.
    sheet: Cascade<'a>,
    /// The text of the `<style>` being read, and its `media`.
    css: Option<(String, Option<String>)>,
    /// The `<html>` element's class and id, which a style rule may match.
    root: Root,
    /// A style rule read where a plain walk cannot apply it.
    declined: bool,
    /// The site's style sheets, which the page may link.
    linked: Option<PageSheets<'a>>,
}

/// The document element, as style rules see it.
#[derive(Default)]
struct Root {
    class: Option<String>,
    id: Option<String>,
}

impl ElementView for Root {
    fn name(&self) -> &str {
        "html"
    }

    fn attr(&self, name: &str) -> Option<&str> {
        match name {
            "class" => self.class.as_deref(),
            "id" => self.id.as_deref(),
            _ => None,
        }
    }

    fn classes(&self) -> impl Iterator<Item = &str> {
        self.class.iter().flat_map(|c| c.split_ascii_whitespace())
    }
}

impl<'a> Reader<'a> {
    fn current(&self) -> Option<&Level<'a>> {
        self.stack.last()
    }

    fn characters(&mut self, text: &str) -> Option<()> {
        if text.is_empty() {
            return Some(());
        }
        if let Some(top) = self.current()
            && top.open.raw.is_some()
        {
            self.append(text);
            return Some(());
        }
        let blank = |t: &str| t.bytes().all(|b| b.is_ascii_whitespace());
        if self.mode != Mode::InBody {
            // Leading whitespace before the body goes to the head or the
            // document, never to the text.
            let rest = text.trim_start_matches(|c: char| c.is_ascii_whitespace());
            if rest.is_empty() {
                return Some(());
            }
            self.open_body()?;
            self.append(rest);
            return Some(());
        }
        let context = self.current().map(|l| l.open.context).unwrap_or_default();
        match context {
            // Text directly in a table is moved out of it (or dropped).
            Context::Table | Context::TableBody | Context::Row | Context::ColumnGroup => {
                blank(text).then_some(())?;
                self.append(text);
            }
            _ => self.append(text),
        }
        Some(())
    }

    /// Appends text to the current element.
    fn append(&mut self, text: &str) {
        let Some(top) = self.stack.last() else {
            return;
        };
        if !top.hidden {
            self.gather.text(text, top.place);
        }
        if top.json_ld {
            self.json.push_str(text);
        }
        if let Some((css, _)) = &mut self.css
            && &*top.open.name == "style"
        {
            css.push_str(text);
        }
        if let Body::Open(_, reader) = &mut self.body
            && !top.body_hidden
        {
            reader.text(text);
        }
        if !self.unshown.is_empty() && !text.trim().is_empty() {
            self.show_links();
        }
    }

    fn show_links(&mut self) {
        for (_, i) in self.unshown.drain(..) {
            self.gather.facts.anchors[i].shown = true;
        }
    }

    fn tag(&mut self, tag: &Tag<'a>) -> Option<()> {
        if let Some(top) = self.current()
            && top.open.raw.is_some()
        {
            // Raw text ends only at its own end tag: the tokenizer sees to it.
            if tag.end {
                self.pop();
                return Some(());
            }
            return None;
        }
        match tag.end {
            false => self.start_tag(tag),
            true => self.end_tag(tag),
        }
    }

    fn start_tag(&mut self, tag: &Tag<'a>) -> Option<()> {
        let name = &*tag.name;
        match self.mode {
            Mode::BeforeHtml => {
                if name == "html" {
                    self.push(tag, false)?;
                    self.mode = Mode::BeforeHead;
                    return Some(());
                }
                self.implied("html");
                self.mode = Mode::BeforeHead;
                self.start_tag(tag)
            }
            Mode::BeforeHead => {
                if name == "head" {
                    self.push(tag, false)?;
                    self.mode = Mode::InHead;
                    return Some(());
                }
                (name != "html").then_some(())?;
                self.implied("head");
                self.mode = Mode::InHead;
                self.start_tag(tag)
            }
            Mode::InHead => match name {
                "html" | "head" | "template" => None,
                "base" | "basefont" | "bgsound" | "link" | "meta" | "title" | "noframes"
                | "style" | "noscript" | "script" => self.insert(tag),
                _ => {
                    self.pop();
                    self.mode = Mode::AfterHead;
                    self.start_tag(tag)
                }
            },
            Mode::AfterHead => match name {
                "body" => {
                    self.mode = Mode::InBody;
                    self.push(tag, false)?;
                    Some(())
                }
                // Head elements after the head go back into it; a frameset
                // replaces the body.
                "html" | "head" | "frameset" | "base" | "basefont" | "bgsound" | "link"
                | "meta" | "noframes" | "script" | "style" | "template" | "title" => None,
                _ => {
                    self.implied("body");
                    self.mode = Mode::InBody;
                    self.start_tag(tag)
                }
            },
            Mode::InBody => {
                let context = self.current().map(|l| l.open.context).unwrap_or_default();
                match body_start(tag, context, self.stack.iter().map(|l| &l.open))? {
                    Step::Insert => self.insert(tag),
                    Step::InsertPre => {
                        let result = self.insert(tag);
                        self.ignore_lf = true;
                        result
                    }
                }
            }
        }
    }

    /// Opens the implied elements up to the body, as text or the end of the
    /// document before a body does.
    fn open_body(&mut self) -> Option<()> {
        if self.mode == Mode::BeforeHtml {
            self.implied("html");
            self.mode = Mode::BeforeHead;
        }
        if self.mode == Mode::BeforeHead {
            self.implied("head");
            self.mode = Mode::InHead;
        }
        if self.mode == Mode::InHead {
            self.pop();
            self.mode = Mode::AfterHead;
        }
        if self.mode == Mode::AfterHead {
            self.implied("body");
            self.mode = Mode::InBody;
        }
        Some(())
    }

    fn end_tag(&mut self, tag: &Tag<'a>) -> Option<()> {
        let name = &*tag.name;
        match self.mode {
            Mode::BeforeHtml | Mode::BeforeHead => {
                matches!(name, "head" | "body" | "html" | "br").then_some(())?;
                if self.mode == Mode::BeforeHtml {
                    self.implied("html");
                    self.mode = Mode::BeforeHead;
                }
                self.implied("head");
                self.mode = Mode::InHead;
                self.end_tag(tag)
            }
            Mode::InHead => {
                matches!(name, "head" | "body" | "html" | "br").then_some(())?;
                self.pop();
                self.mode = Mode::AfterHead;
                if name == "head" {
                    return Some(());
                }
                self.end_tag(tag)
            }
            Mode::AfterHead => {
                matches!(name, "body" | "html" | "br").then_some(())?;
                self.implied("body");
                self.mode = Mode::InBody;
                self.end_tag(tag)
            }
            Mode::InBody => {
                // `</body>` and `</html>` close nothing: content after
                // them still goes into the body.
                if matches!(name, "body" | "html") {
                    return Some(());
                }
                // `</br>` is read as `<br>`; the rest must close the
                // current element and nothing else.
                (name != "br" && name != "template").then_some(())?;
                let top = self.current()?;
                (&*top.open.name == name).then_some(())?;
                self.pop();
                Some(())
            }
        }
    }

    fn eof(&mut self) -> Option<()> {
        // Raw text left open ends with the document.
        while self.current().is_some_and(|l| l.open.raw.is_some()) {
            self.pop();
        }
        self.open_body()?;
        while !self.stack.is_empty() {
            self.pop();
        }
        Some(())
    }

    /// Opens an element the document leaves implied.
    fn implied(&mut self, name: &'static str) {
        let _ = self.push(&Tag::start(name), false);
    }

    /// Inserts the element for a start tag, and closes it at once when it
    /// is void; switches the tokenizer for raw-text elements.
    fn insert(&mut self, tag: &Tag<'a>) -> Option<()> {
        let void = is_void(&tag.name);
        self.push(tag, void)?;
        if void {
            self.pop();
        } else {
            self.raw = raw_kind(&tag.name);
        }
        Some(())
    }

    /// Opens element `tag` as a child of the current element.
    fn push(&mut self, tag: &Tag<'a>, void: bool) -> Option<()> {
        let id = self.next_id;
        self.next_id += 1;
        let parent = self.current();
        let inherited_hidden = parent.is_some_and(|p| p.hidden);
        let parent_place = parent.map(|p| p.place).unwrap_or_default();
        let parent_id = parent.map_or(0, |p| p.open.id);
        let parent_body_hidden = parent.is_some_and(|p| p.body_hidden);
        let context = parent.map(|p| p.open.context).unwrap_or_default();
        let hidden = inherited_hidden || hides(tag) || self.sheet.hides(tag);
        let in_head = self.mode != Mode::InBody;
        let name = tag.name();
        let in_picture =
            matches!(name, "img" | "source") && parent.is_some_and(|p| &*p.open.name == "picture");
        let sourced = name == "img" && in_picture && parent.is_some_and(|p| p.has_source);
        let pending = self.gather.element(tag, hidden, || in_head, sourced);
        if name == "source"
            && in_picture
            && let Some(p) = self.stack.last_mut()
        {
            p.has_source = true;
        }
        let caption = is_caption(tag);
        let block = is_page_block(name) || caption;
        if block {
            self.gather.end_block();
        }
        let depth = self.stack.len();
        if let Some(i) = pending.anchor {
            self.unshown.push((depth, i));
        }
        if name == "img" && !self.unshown.is_empty() {
            self.show_links();
        }
        if pending.json_ld {
            self.json.clear();
        }
        match name {
            "style" if !void => {
                self.css = Some((String::new(), tag.attr("media").map(str::to_owned)))
            }
            "link" => self.read_link(tag),
            "html" => {
                self.root = Root {
                    class: tag.attr("class").map(str::to_owned),
                    id: tag.attr("id").map(str::to_owned),
                }
            }
            _ => {}
        }
        let (body_hidden, body_block) = self.enter_body(tag, depth, parent_body_hidden)?;
        self.stack.push(Level {
            open: Open {
                name: tag.name.clone(),
                id,
                raw: if void { None } else { raw_kind(&tag.name) },
                context: context.inside(name),
            },
            hidden,
            place: parent_place.inside(tag, id, parent_id, caption),
            block,
            body_hidden,
            body_block,
            json_ld: pending.json_ld,
            has_source: false,
        });
        Some(())
    }

    /// Reads element `tag` into the marked body, or starts the body there.
    fn enter_body(
        &mut self,
        tag: &Tag<'a>,
        depth: usize,
        parent_hidden: bool,
    ) -> Option<(bool, bool)> {
        match &mut self.body {
            Body::NotYet if is_marked(tag) => {
                // A body marked before the document's body would take in
                // the head and the whitespace around it.
                (self.mode == Mode::InBody).then_some(())?;
                let mut reader = RegionReader::default();
                let entered = reader.enter(tag, true);
                self.body = Body::Open(depth, reader);
                Some((false, entered == Entered::Block))
            }
            Body::Open(_, reader) if !parent_hidden => match reader.enter(tag, false) {
                Entered::Skipped => Some((true, false)),
                entered => Some((false, entered == Entered::Block)),
            },
            Body::Open(..) => Some((true, false)),
            _ => Some((false, false)),
        }
    }

    /// Closes the current element.
    fn pop(&mut self) {
        let Some(level) = self.stack.pop() else {
            return;
        };
        let depth = self.stack.len();
        if level.block {
            self.gather.end_block();
        }
        if level.json_ld {
            let text = std::mem::take(&mut self.json);
            self.gather.facts.json_ld.push(text);
        }
        if &*level.open.name == "style" {
            self.read_style();
        }
        self.unshown.retain(|&(d, _)| d < depth);
        if let Body::Open(at, reader) = &mut self.body {
            if level.body_block {
                reader.leave(&level.open.name);
            }
            if *at == depth
                && let Body::Open(_, reader) = std::mem::take(&mut self.body)
            {
                self.body = Body::Done(reader.finish());
            }
        }
    }

    /// Takes in the rules of the `<style>` just closed. Rules in the body
    /// may hide what was read before them, and rules that hide the
    /// document element hide what is open: the tree reader takes those.
    fn read_style(&mut self) {
        let Some((css, media)) = self.css.take() else {
            return;
        };
        let sheet = StyleSheet::parse(&css, media.as_deref());
        if sheet.is_empty() {
            return;
        }
        self.sheet.add(sheet);
        if self.mode == Mode::InBody || self.sheet.hides(&self.root) {
            self.declined = true;
        }
    }

    /// Takes in the rules of the site's sheet a `<link>` applies.
    fn read_link(&mut self, tag: &Tag<'a>) {
        let Some(sheet) = self.linked.and_then(|sheets| sheets.of_link(tag)) else {
            return;
        };
        self.sheet.link(sheet);
        if self.mode == Mode::InBody || self.sheet.hides(&self.root) {
            self.declined = true;
        }
    }

    fn finish(self) -> Option<PageFacts> {
        (!self.declined).then_some(())?;
        let mut gather = self.gather;
        gather.end_block();
        let mut facts = gather.facts;
        facts.body = match self.body {
            Body::NotYet | Body::Unread => None,
            Body::Open(_, reader) => Some(reader.finish()),
            Body::Done(region) => Some(region),
        };
        Some(facts)
    }
}
