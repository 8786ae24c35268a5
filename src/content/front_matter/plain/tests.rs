use std::path::Path;

use super::{Node, from_str, parse};
use crate::content::front_matter::{FrontMatter, split_front_matter};

/// What serde-saphyr reads, for the plain reader to match.
fn general<T: serde::de::DeserializeOwned>(yaml: &str) -> Result<T, serde_saphyr::Error> {
    serde_saphyr::from_str(yaml)
}

/// Reads `yaml` both ways; where the plain reader answers, it must answer
/// exactly what serde-saphyr does, for the typed front matter and for an
/// untyped value alike. Says whether the plain reader answered.
fn agrees(yaml: &str) -> bool {
    let plain: Option<FrontMatter> = from_str(yaml);
    if let Some(plain) = &plain {
        match general::<FrontMatter>(yaml) {
            Ok(general) => assert_eq!(
                format!("{plain:?}"),
                format!("{general:?}"),
                "the readers differ on:\n{yaml}"
            ),
            Err(e) => panic!("the plain reader accepts what YAML rejects ({e}):\n{yaml}"),
        }
    }
    if let Some(value) = from_str::<serde_json::Value>(yaml) {
        let general = general::<serde_json::Value>(yaml).expect("YAML reads it");
        assert_eq!(value, general, "the readers differ on:\n{yaml}");
    }
    plain.is_some()
}

fn every_markdown_file(dir: &Path, found: &mut Vec<String>) {
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "md")
            && let Ok(text) = std::fs::read_to_string(entry.path())
            && let Some(split) = split_front_matter(&text)
        {
            found.push(split.front_matter.to_owned());
        }
    }
}

#[test]
fn reads_every_front_matter_in_the_repository_as_yaml_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for dir in ["content", "tests/fixtures", "bench", "src"] {
        every_markdown_file(&root.join(dir), &mut all);
    }
    assert!(all.len() > 200, "only {} front matters found", all.len());
    let plain = all.iter().filter(|fm| agrees(fm)).count();
    // Most are plain; the rest test YAML's corners on purpose.
    assert!(
        plain * 4 > all.len() * 3,
        "only {plain} of {} read plainly",
        all.len()
    );
}

/// A front matter using every field, with `{}` where each variant goes.
const SHAPE: &str = r#"title: {}
date: 2025-12-11T07:36:32Z
updated: "2025-12-12"
authors:
  - {}
  - name: {}
    affiliation: "Press"
    url: https://example.org/people/x
author: {}
summary: {}
licence: CC-BY-4.0
source:
  name: {}
  url: "https://example.org/a#top"
original:
  name: Juniper Press
  url: https://juniper.example/a
  title: {}
  licence: CC-BY-4.0
copyright:
  holder: {}
  year: {}
tags:
- {}
- Energy
taxonomies:
  places:
    - Oslo
image:
  src: /img/a.jpg
  alt: {}
permission:
  granted_by: {}
  date: 2025-01-02
  covers:
    - web
rights:
  from: 2025-01-01
changes: {}
draft: {}
slug: {}
aliases: [/old/a, "/old/b", {}]
language: en
pixel: https://counter.example/p.gif
extra:
  count: {}
  nested:
    list:
      - {}
fingerprint: sha256:8004a91173c2664ed262149fdc624cbebdc5d904efaa936b772bc10e59e40be5
"#;

/// Spellings of a scalar, plain and quoted, that YAML reads in different ways.
const SPELLINGS: &[&str] = &[
    "Sven Fonseca",
    "\"Sven Fonseca\"",
    "'Sven Fonseca'",
    "'It''s here'",
    "\"say \\\"hi\\\" \\\\ now\\/then\\n\"",
    "\"tab\\there\"",
    "\"\\u00e9\"",
    "\"\\x41\"",
    "2025",
    "\"2025\"",
    "0",
    "007",
    "-5",
    "+5",
    "1.5",
    "1e3",
    "0x1F",
    ".inf",
    "true",
    "True",
    "false",
    "yes",
    "No",
    "on",
    "y",
    "~",
    "null",
    "NULL",
    "\"null\"",
    "''",
    "\"\"",
    "Élodie Ørsted",
    "東京",
    "C# and F#",
    "a #comment",
    "a: b",
    "a:b",
    "ends:",
    "\"quoted\" # comment",
    "\"quoted\" trailing",
    "'unterminated",
    "\"unterminated",
    "[a, b]",
    "{a: b}",
    "&anchor value",
    "*alias",
    "!tag value",
    "|",
    ">",
    "- item",
    "@at",
    "`tick`",
    "%pc",
    "it's plain",
    "say \"hi\"",
    "2025-12-11",
    "12:30",
    "value   ",
    "\u{85}next",
];

#[test]
fn reads_each_spelling_of_each_field_as_yaml_does() {
    let slots = SHAPE.matches("{}").count();
    let mut plain = 0;
    for spelling in SPELLINGS {
        for slot in 0..slots {
            // The spelling in one slot, plain words in the others.
            let mut yaml = String::new();
            for (i, part) in SHAPE.split("{}").enumerate() {
                if i > 0 {
                    let filler = match yaml.ends_with("draft: ") {
                        true => "false",
                        false => "Word",
                    };
                    yaml.push_str(if i - 1 == slot { spelling } else { filler });
                }
                yaml.push_str(part);
            }
            plain += usize::from(agrees(&yaml));
            // The same with the slot's line more and less indented, and
            // continued on the next line.
            let lines: Vec<&str> = yaml.lines().collect();
            if let Some(at) = lines.iter().position(|l| l.contains(spelling)) {
                for change in [
                    format!(" {}", lines[at]),
                    format!("{}\n    more", lines[at]),
                    format!("{}\n  # note", lines[at]),
                    format!("{}\n\n", lines[at]),
                ] {
                    let mut changed = lines.clone();
                    changed[at] = &change;
                    agrees(&changed.join("\n"));
                }
            }
        }
    }
    assert!(
        plain > SPELLINGS.len() * slots / 3,
        "only {plain} read plainly"
    );
}

#[test]
fn agrees_on_front_matter_cut_and_spliced_at_random() {
    let base = SHAPE
        .replace("{}", "Word")
        .replace("draft: Word", "draft: false");
    let pieces = [
        " ", ":", "- ", "\"", "'", "#", "[", "]", ",", "\n", "\\", "{", "  ", "~", "é",
    ];
    // A fixed sequence, so a failure can be run again.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % n as u64).unwrap_or(0)
    };
    for _ in 0..3000 {
        let mut yaml = base.clone();
        for _ in 0..1 + next(3) {
            let mut at = next(yaml.len());
            while !yaml.is_char_boundary(at) {
                at -= 1;
            }
            match next(2) {
                0 => yaml.insert_str(at, pieces[next(pieces.len())]),
                _ => {
                    let mut end = (at + 1 + next(3)).min(yaml.len());
                    while !yaml.is_char_boundary(end) {
                        end += 1;
                    }
                    yaml.replace_range(at..end, "");
                }
            }
        }
        agrees(&yaml);
    }
}

#[test]
fn gives_up_where_yaml_turns_subtle() {
    for yaml in [
        "title: a\n\ttags: b\n",
        "title: a\r\n",
        "# comment\ntitle: a\n",
        "title: a # note\n",
        "  title: a\n",
        "title: a\ntitle: b\n",
        "title:\n",
        "title: a\n  continued\n",
        "\"title\": a\n",
        "tags: [a, b\n",
        "tags: [a, [b]]\n",
        "text: |\n  block\n",
        "title: \"a\n  b\"\n",
        "title: \u{feff}a\n",
        // Nested deeper than any front matter is.
        &format!(
            "extra:\n{}{}k: v\n",
            (1..100)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>(),
            " ".repeat(100)
        ),
        "title: a\u{7f}\n",
    ] {
        assert!(parse(yaml).is_none(), "{yaml:?}");
    }
}

#[test]
fn places_each_scalar_where_it_is_written() {
    let Some(Node::Map(entries)) = parse("title: \"Hi\"\nauthors:\n  - Ann\n  - name: Bo\n") else {
        panic!("not read");
    };
    let place = |n: &Node| match n {
        Node::Scalar(s) => (s.line, s.column, s.text.to_string()),
        _ => panic!("not a scalar"),
    };
    assert_eq!(place(&entries[0].1), (1, 8, "Hi".to_owned()));
    let Node::Seq(items) = &entries[1].1 else {
        panic!("not a list")
    };
    assert_eq!(place(&items[0]), (3, 5, "Ann".to_owned()));
    let Node::Map(author) = &items[1] else {
        panic!("not a map")
    };
    assert_eq!(place(&author[0].1), (4, 11, "Bo".to_owned()));
}
