//! GitHub Actions workflow commands (`::error file=...::message`).

/// Escapes a command's message: `%`, CR and LF.
pub fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`): the message's escapes, and
/// `:` and `,`, which would end the value.
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation: `::error file=F,line=L[,col=C][,title=T]::message`.
pub fn annotation(
    level: &str,
    file: &str,
    line: usize,
    col: Option<usize>,
    title: Option<&str>,
    message: &str,
) -> String {
    let mut props = format!("file={},line={line}", property(file));
    if let Some(col) = col {
        props.push_str(&format!(",col={col}"));
    }
    if let Some(title) = title {
        props.push_str(&format!(",title={}", property(title)));
    }
    format!("::{level} {props}::{}\n", data(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_escape_percent_and_line_breaks_properties_also_colon_and_comma() {
        assert_eq!(data("100%\r\nx: a, b"), "100%25%0D%0Ax: a, b");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        insta::assert_snapshot!(
            annotation("error", "content/a,b.md", 3, Some(2), Some("byline (/a/)"), "no author\nfix: add one"),
            @"::error file=content/a%2Cb.md,line=3,col=2,title=byline (/a/)::no author%0Afix: add one"
        );
    }
}
