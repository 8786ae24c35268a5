//! The part of the HTML tree-construction rules (as html5ever implements
//! them) under which a plain stack builds the same tree: which start tags
//! simply open a child of the current element. Anything else answers
//! `None`, and the page is read from the tree builder's tree instead.

use std::borrow::Cow;

use super::lexer::Tag;

/// Where the document stands before its body (the tree builder's insertion
/// modes up to "in body"; the text and table modes follow from the stack).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Mode {
    #[default]
    BeforeHtml,
    BeforeHead,
    InHead,
    AfterHead,
    InBody,
}

/// The nearest table part an element stands in, which decides how the
/// tree builder treats what comes inside it.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub(super) enum Context {
    #[default]
    Body,
    Table,
    TableBody,
    Row,
    ColumnGroup,
    /// Inside a cell or a caption, which read as the body does except
    /// for table parts, which close them.
    Cell,
}

impl Context {
    /// The context inside element `name`, whose parent's is `self`.
    pub(super) fn inside(self, name: &str) -> Context {
        match name {
            "table" => Context::Table,
            "tbody" | "thead" | "tfoot" => Context::TableBody,
            "tr" => Context::Row,
            "colgroup" => Context::ColumnGroup,
            "td" | "th" | "caption" => Context::Cell,
            _ => self,
        }
    }
}

/// How the content of a raw-text element is read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Raw {
    /// Text with character references (`<title>`, `<textarea>`).
    Rcdata,
    /// Text as it stands (`<style>`, `<noscript>`...).
    Rawtext,
    /// A script, whose escapes decide where it ends.
    Script,
}

/// An open element as the rules look at it.
pub(super) struct Open<'a> {
    pub(super) name: Cow<'a, str>,
    /// Its number in document order.
    pub(super) id: u32,
    /// The tokenizer state its content is read in, for raw-text elements.
    pub(super) raw: Option<Raw>,
    /// The table context of its content.
    pub(super) context: Context,
}

/// How a start tag in the body is inserted.
pub(super) enum Step {
    Insert,
    /// Inserted, and a newline right after it is dropped.
    InsertPre,
}

/// The tokenizer state the content of element `name` is read in, when it
/// is raw text (with scripting on, as the tree builder runs).
pub(super) fn raw_kind(name: &str) -> Option<Raw> {
    match name {
        "title" | "textarea" => Some(Raw::Rcdata),
        "style" | "noframes" | "noscript" | "xmp" | "iframe" | "noembed" => Some(Raw::Rawtext),
        "script" => Some(Raw::Script),
        _ => None,
    }
}

pub(super) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Start tags that close an open `<p>` in button scope.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "pre"
            | "listing"
            | "form"
            | "li"
            | "dd"
            | "dt"
            | "plaintext"
            | "table"
            | "hr"
            | "xmp"
    ) || is_heading(name)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Elements that put a marker in the list of active formatting elements.
fn is_marker(name: &str) -> bool {
    matches!(
        name,
        "applet" | "marquee" | "object" | "td" | "th" | "caption" | "template"
    )
}

/// The default scope's boundaries (foreign elements are never open here).
fn bounds_scope(name: &str) -> bool {
    matches!(
        name,
        "applet"
            | "caption"
            | "html"
            | "table"
            | "td"
            | "th"
            | "marquee"
            | "object"
            | "select"
            | "template"
    )
}

/// html5ever's "special" elements.
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "isindex"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
            | "xmp"
    ) || is_heading(name)
}

/// Whether an element named `name` is in scope, `extra` bounding it too.
fn in_scope<'a, 's: 'a>(
    open: impl DoubleEndedIterator<Item = &'a Open<'s>>,
    name: &str,
    extra: &str,
) -> bool {
    for e in open.rev() {
        if &*e.name == name {
            return true;
        }
        if bounds_scope(&e.name) || &*e.name == extra {
            return false;
        }
    }
    false
}

/// How start tag `tag` is inserted in the body, given the table context of
/// the current element and the stack of open elements; `None` where the
/// tree builder would do anything but open a child of the current element.
pub(super) fn body_start<'a, 's: 'a, I>(tag: &Tag, context: Context, open: I) -> Option<Step>
where
    I: DoubleEndedIterator<Item = &'a Open<'s>> + Clone,
{
    let name = &*tag.name;
    let table_part = matches!(
        name,
        "caption" | "col" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr"
    );
    let raw_in_table = matches!(name, "script" | "style");
    match context {
        Context::Table => {
            return matches!(name, "caption" | "colgroup" | "tbody" | "thead" | "tfoot")
                .then_some(Step::Insert)
                .or(raw_in_table.then_some(Step::Insert));
        }
        Context::TableBody => {
            return (name == "tr" || raw_in_table).then_some(Step::Insert);
        }
        Context::Row => {
            return (matches!(name, "td" | "th") || raw_in_table).then_some(Step::Insert);
        }
        Context::ColumnGroup => return (name == "col").then_some(Step::Insert),
        Context::Cell | Context::Body if table_part => return None,
        Context::Cell | Context::Body => {}
    }
    if closes_p(name) && in_scope(open.clone(), "p", "button") {
        return None;
    }
    match name {
        "html" | "body" | "frameset" | "head" | "template" | "plaintext" | "image" | "textarea"
        | "select" | "option" | "optgroup" | "rb" | "rtc" | "rp" | "rt" | "math" | "svg"
        | "frame" => None,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let current = open.clone().next_back()?;
            (!is_heading(&current.name)).then_some(Step::Insert)
        }
        "pre" | "listing" => Some(Step::InsertPre),
        "form" => (!open.clone().any(|e| &*e.name == "form")).then_some(Step::Insert),
        "li" | "dd" | "dt" => {
            let closes: &[&str] = if name == "li" { &["li"] } else { &["dd", "dt"] };
            for e in open.rev() {
                if closes.contains(&&*e.name) {
                    return None;
                }
                if is_special(&e.name) && !matches!(&*e.name, "address" | "div" | "p") {
                    break;
                }
            }
            Some(Step::Insert)
        }
        "button" => (!in_scope(open, "button", "")).then_some(Step::Insert),
        "nobr" => (!open.clone().any(|e| &*e.name == "nobr")).then_some(Step::Insert),
        _ if is_formatting(name) => {
            // The same element open after the last marker: an `<a>` in an
            // `<a>` is mended, and a fourth of a kind drops the first from
            // the list the tree builder reopens.
            let mut same = 0;
            for e in open.rev() {
                if is_marker(&e.name) {
                    break;
                }
                if &*e.name == name {
                    same += 1;
                }
            }
            let limit = if name == "a" { 1 } else { 3 };
            (same < limit).then_some(Step::Insert)
        }
        _ => Some(Step::Insert),
    }
}
