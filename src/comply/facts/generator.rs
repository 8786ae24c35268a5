//! Random pages for the differential test: nestings of the elements and
//! attributes the compliance pass reads, well-formed or broken in the ways
//! real markup is, from a fixed seed so a failure repeats.

/// xorshift64*: small, and the same sequence on every platform.
pub(super) struct Generator {
    state: u64,
}

/// Every element the pages may use, in alphabetical order.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "article",
    "aside",
    "b",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frameset",
    "h2",
    "h3",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "label",
    "li",
    "link",
    "main",
    "math",
    "meta",
    "nav",
    "nobr",
    "noscript",
    "object",
    "ol",
    "option",
    "p",
    "picture",
    "pre",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "summary",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "u",
    "ul",
    "xmp",
];

const ATTRIBUTES: &[&str] = &[
    "hidden",
    "aria-hidden=\"true\"",
    "style=\"display: none\"",
    "style=\"opacity:0.0 !important\"",
    "style=\"visibility:hidden\"",
    "style=\"font-size: 0px\"",
    "style=\"color: red\"",
    "style=\"color: transparent\"",
    "style=\"content-visibility:hidden\"",
    "style=\"margin-left:-9999px\"",
    "popover",
    "open",
    "nonce=\"n\"",
    "class=\"sr-only\"",
    "class=\"byline visually-hidden\"",
    "class=\"screen-reader-text\"",
    "class=\"Screen-Reader-Only\"",
    "class=\"wp-caption-text\"",
    "class=\"photo-credit\"",
    "class=\"image-Caption\"",
    "data-reprint=\"body\"",
    "data-reprint=\" body \"",
    "href=\"https://example.org/source/\"",
    "href=\" /relative \"",
    "rel=\"license\"",
    "rel=\"License nofollow\"",
    "rel=\"canonical\"",
    "loading=\"lazy\"",
    "loading=\"LAZY\"",
    "src=\"https://p.example/pixel.gif\"",
    "srcset=\"/a.jpg 1x, /b.jpg 2x\"",
    "type=\"application/ld+json\"",
    "name=\"robots\" content=\"NoIndex\"",
    "property=\"og:image\" content=\"/i.jpg\"",
    "id=x",
    "class=caption",
    "class='sr-only'",
    "title=a&amp;b",
    "href='https://example.org/?a=1&amp;b=2'",
    "href=\"https://example.org/?a=1&b=2\"",
    "alt=\"&copy 2014\"",
    "data-x=\"&#x2019;&#8212;&#0;\"",
    "HREF = \"/upper\"",
    "style=\"DISPLAY : NONE\"",
    "class=\"\tsr-only\n\"",
    "hidden=\"\"",
    "a=b=c",
    "x'y=1",
    "rel=license/",
    "src=\"/a.gif\"src=\"/b.gif\"",
];

const TEXTS: &[&str] = &[
    "Jon Queally",
    "Copyright © 2014",
    "By <b>Ana</b>",
    "O&#39;Neill &amp; Sons",
    "caf&eacute;&nbsp;au lait",
    "&copy 2015 &notanentity; &#x2014; dash",
    "\n   \t ",
    " ",
    "Photo: Credit Name",
    "{\"@type\": \"NewsArticle\"}",
    "<!-- a comment -->",
    "<![CDATA[ data ]]>",
    "<!doctype html>",
    "a < b > c",
    "\u{2019}quoted\u{201d}",
    "Jose\u{301}",
    "\r\nline\rbreaks",
];

/// Markup the tokenizer or the tree builder reads by their subtler rules.
const TRICKY: &[&str] = &[
    "<?php echo 1 ?>",
    "\u{0}",
    "</>",
    "</ bogus>",
    "<!-->",
    "<!--->",
    "<!-- a -- b --!>",
    "<!---->",
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
    "&#128; &#xD800; &#1114112; &#65534;",
    "&amp &lt;x&gt; &AMP; &notin; &notit; &copy;",
    "<script><!--<script></script>--></script>",
    "<script>if (a </script) {}</script>",
    "<style>p { content: '</style'; }</style>",
    "<style>.byline, #x { display: none }</style>",
    "<style>p.caption{visibility:hidden} .sr-only{display:block}</style>",
    "<style media=print>h2{display:none}</style>",
    "<title>&amp; Title</title>",
    "<textarea>\nText</textarea>",
    "<pre>\nfirst line</pre>",
    "<pre><!-- c -->\nkept</pre>",
    "\u{feff}bom",
    "<a href=x>unclosed link",
    "<br/><img src=/x.gif /><hr/>",
    "<div/>self-closed div",
    "<svg><title>t</title></svg>",
    "<p>a<p>b",
    "<li>x<li>y",
    "<b><i>mis</b>nested</i>",
    "<table>text in table</table>",
    "<x-custom>custom</x-custom>",
    "<plaintext>",
];

impl Generator {
    pub(super) fn new(seed: u64) -> Generator {
        Generator { state: seed | 1 }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }

    /// A page: mostly well-formed, a fifth of them with broken markup.
    pub(super) fn page(&mut self) -> String {
        let broken = self.chance(20);
        let mut out = String::new();
        if self.chance(60) {
            out.push_str("<!DOCTYPE html>");
        }
        let full = self.chance(60);
        if full {
            out.push_str("<html lang=en><head><meta charset=utf-8><title>T</title>");
            if self.chance(50) {
                out.push_str("<link rel=\"canonical\" href=\"https://a.example/x\">");
            }
            if self.chance(30) {
                out.push_str("<script type=\"application/ld+json\">{\"a\":1}</script>");
            }
            out.push_str("</head>\n<body>");
        }
        let depth = 1 + self.below(6);
        for _ in 0..1 + self.below(5) {
            self.node(&mut out, depth, broken);
        }
        if full {
            out.push_str("</body></html>");
        }
        if broken && self.chance(30) {
            out.push_str(self.pick(&["</div>", "<p>trailing", "</b>", "<td>x", "</html>x"]));
        }
        out
    }

    fn node(&mut self, out: &mut String, depth: usize, broken: bool) {
        if depth == 0 || self.chance(25) {
            let tricky = self.chance(if broken { 30 } else { 4 });
            let text = self.pick(if tricky { TRICKY } else { TEXTS });
            if text == "\u{0}" && !broken {
                return;
            }
            out.push_str(text);
            return;
        }
        // Mostly the elements the themes use; sometimes any of them.
        let name = if broken || self.chance(30) {
            self.pick(ELEMENTS)
        } else {
            self.pick(&[
                "p",
                "div",
                "span",
                "a",
                "b",
                "figure",
                "figcaption",
                "img",
                "section",
                "em",
                "ul",
                "li",
                "h2",
                "br",
                "script",
            ])
        };
        let shown = if self.chance(15) {
            name.to_ascii_uppercase()
        } else {
            name.to_owned()
        };
        out.push('<');
        out.push_str(&shown);
        for _ in 0..self.below(3) {
            out.push(' ');
            out.push_str(self.pick(ATTRIBUTES));
        }
        if self.chance(5) {
            out.push('/');
        }
        out.push('>');
        if name == "table" && !broken {
            self.table(out, depth);
        } else if name == "dl" {
            for _ in 0..1 + self.below(3) {
                let cell = self.pick(&["dt", "dd"]);
                out.push_str(&format!("<{cell}>"));
                self.node(out, depth - 1, broken);
                out.push_str(&format!("</{cell}>"));
            }
        } else {
            for _ in 0..self.below(4) {
                self.node(out, depth - 1, broken);
            }
        }
        if broken && self.chance(25) {
            // Leave it open, or close something else.
            if self.chance(50) {
                out.push_str(&format!("</{}>", self.pick(ELEMENTS)));
            }
            return;
        }
        out.push_str(&format!("</{shown}>"));
    }

    fn table(&mut self, out: &mut String, depth: usize) {
        if self.chance(30) {
            out.push_str("<caption>Table caption</caption>");
        }
        let section = self.pick(&["tbody", "thead", "tfoot"]);
        out.push_str(&format!("<{section}>"));
        for _ in 0..1 + self.below(3) {
            out.push_str("<tr>");
            for _ in 0..1 + self.below(3) {
                let cell = self.pick(&["td", "th"]);
                out.push_str(&format!("<{cell}>"));
                self.node(out, depth.saturating_sub(1), false);
                out.push_str(&format!("</{cell}>"));
            }
            out.push_str("</tr>\n");
        }
        out.push_str(&format!("</{section}>"));
    }
}
