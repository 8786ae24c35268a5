#!/usr/bin/env python3
"""Synthetic corpus of republished news articles, for benchmarking reprint
against other generators. Deterministic: the same N and seed always give the
same files, in either flavour.

    bench/gen_corpus.py -n 10000 --seed 42 --flavor reprint --out /dev/shm/site
    bench/gen_corpus.py -n 10000 --seed 42 --flavor hugo --out /dev/shm/hugo-site
    bench/gen_corpus.py -n 10000 --seed 42 --flavor zola --out /dev/shm/zola-site

Each article (about 600 to 1,500 words) has a title, an RFC 3339 date, one or
two authors, two to four tags from a skewed pool, a source and an original
publisher (invented .example outlets), a copyright line and a Creative
Commons licence; no-derivatives articles carry the fingerprint of their body.
Bodies have paragraphs with links and emphasis, a block quote, and sometimes a
list or sub-headings. Files go to OUT/content/posts/NNNNNN-slug.md. The zola flavour holds the
same articles with the tags under `taxonomies` and the republication fields
under `extra`, where Zola looks for them.
"""
import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil

VOCABULARY = """
the a an of to in and for on with at by from as that this is was were has have had
will would could may said says told report residents council city region district
river coast harbour valley county market budget plan plans funding school schools
hospital clinic health water energy housing transport rail bus road bridge station
farmers workers teachers nurses students families business businesses shops jobs
wages prices costs rent tax taxes vote voters election mayor minister committee
board agency office inquiry review study research data figures survey record year
years month week day morning evening new old first last next local national public
private small large long short early late rising falling higher lower more less
storm flood drought heat rain wind snow fire forest park garden library museum
theatre festival club team match season league court judge police officers case
law rules policy reform plan proposal decision deal talks meeting statement
warned agreed rejected approved delayed opened closed raised cut expanded found
showed revealed announced confirmed reported described suggested expected planned
still also however but while although because after before during since until
over under between across against within without through around about each every
""".split()

GIVEN = "Amara Ben Chiara Dmitri Elif Femi Greta Hana Ivo Jana Kofi Lena Mateo Nia Omar Pia Quentin Rosa Sven Tariq Uma Viktor Wren Yusuf Zara".split()
FAMILY = "Achebe Brandt Costa Dubois Eklund Fonseca Grieve Haddad Ito Jansen Kaur Lindgren Mbeki Novak Okoro Petrov Quinn Rahimi Sato Tiwari Ueda Varga Weiss Yilmaz Zeller".split()

TOPICS = """Agriculture|Air Quality|Banking|Biodiversity|Budget|Business|Child Care|Cities|Climate|
Coasts|Courts|Crime|Culture|Data Privacy|Democracy|Drought|Economy|Education|Elections|Energy|
Environment|Farming|Fisheries|Floods|Food|Forests|Health|Heritage|Housing|Human Rights|
Immigration|Industry|Inequality|Inflation|Infrastructure|Journalism|Labour|Libraries|Local Government|
Media|Mental Health|Migration|Mining|Museums|Music|Oceans|Parliament|Pensions|Pollution|Ports|
Poverty|Public Health|Public Transport|Rail|Recycling|Refugees|Renewables|Research|Rivers|Schools|
Science|Shipping|Small Business|Sport|Tax|Technology|Tourism|Trade|Transport|Universities|
Urban Planning|Water|Wildfires|Wildlife|Wind Power|Youth"""
PLACES = """Alps|Andes|Arctic|Atlantic|Baltic|Brazil|Cairo|Canada|Caribbean|Chile|Delhi|Dublin|
East Africa|Finland|Ghana|Greece|Iceland|Indonesia|Jakarta|Kenya|Lagos|Lisbon|Madrid|Mediterranean|
Mexico|Morocco|Nairobi|Nepal|North Sea|Norway|Pacific|Peru|Poland|Portugal|Sahel|Scotland|Seoul|
Sydney|Taiwan|Tokyo|Vienna|Wales|West Africa"""
TAGS = [t.strip() for t in (TOPICS + "|" + PLACES).split("|") if t.strip()]

SOURCES = [(f"{a} {b}", f"{a.lower()}-{b.lower()}.example") for a, b in [
    ("Northwind", "Gazette"), ("Meridian", "Review"), ("Harbourline", "News"), ("Open", "Ledger"),
    ("Civic", "Wire"), ("Lantern", "Daily"), ("Tidewater", "Post"), ("Commons", "Newsroom"),
    ("Granite", "Times"), ("Riverside", "Courier"),
]]
PUBLISHERS = [(f"{a} {b}", f"{a.lower()}-{b.lower()}.example") for a, b in [
    ("Atlas", "Daily"), ("Beacon", "Herald"), ("Cedar", "Voice"), ("Delta", "Observer"),
    ("Evergreen", "Chronicle"), ("Frontier", "Tribune"), ("Highland", "Standard"), ("Juniper", "Press"),
    ("Keystone", "Dispatch"), ("Lakeside", "Record"), ("Orchard", "Times"), ("Summit", "Examiner"),
]]
# Half attribution-only, a third no-derivatives, the rest share-alike or NC-ND.
LICENCES = ["CC-BY-4.0"] * 5 + ["CC-BY-ND-4.0"] * 3 + ["CC-BY-SA-4.0", "CC-BY-NC-ND-4.0"]
START = dt.datetime(2018, 1, 1, tzinfo=dt.timezone.utc)
SPAN = int((dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) - START).total_seconds())


def sentence(rng, lo=8, hi=24):
    words = rng.choices(VOCABULARY, k=rng.randint(lo, hi))
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] = rng.choice(FAMILY)
    if rng.random() < 0.2:
        words[rng.randrange(len(words))] = str(rng.randint(2, 2500))
    text = " ".join(words)
    return text[0].upper() + text[1:] + ("?" if rng.random() < 0.03 else ".")


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def decorate(rng, para, link_domains):
    words = para.split(" ")
    if len(words) > 10 and rng.random() < 0.45:
        i = rng.randrange(1, len(words) - 4)
        span = " ".join(w.rstrip(".,?") for w in words[i:i + 3])
        tail = words[i + 2][len(words[i + 2].rstrip(".,?")):]
        path = "-".join(rng.choices([w for w in VOCABULARY if len(w) > 4], k=3))
        words[i:i + 3] = [f"[{span}](https://{rng.choice(link_domains)}/{path}){tail}"]
    if rng.random() < 0.25:
        i = rng.randrange(len(words))
        if words[i].isalpha():
            words[i] = f"*{words[i]}*"
    return " ".join(words)


def slugify(text, limit=7):
    return "-".join(re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-").split("-")[:limit])


def article(seed, i):
    rng = random.Random(f"reprint-bench:{seed}:{i}")
    title_words = rng.choices(VOCABULARY, k=rng.randint(6, 11))
    title = " ".join(title_words)
    title = title[0].upper() + title[1:]
    date = START + dt.timedelta(seconds=rng.randrange(SPAN))
    authors = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(1 if rng.random() < 0.75 else 2)]
    tags, wanted = [], rng.randint(2, 4)
    while len(tags) < wanted:
        tag = TAGS[min(int(rng.paretovariate(1.1)) - 1, len(TAGS) - 1)] if rng.random() < 0.6 else rng.choice(TAGS)
        if tag not in tags:
            tags.append(tag)
    source, source_domain = rng.choice(SOURCES)
    publisher, publisher_domain = rng.choice(PUBLISHERS)
    slug = slugify(title)
    link_domains = [d for _, d in SOURCES + PUBLISHERS]
    paras, words = [], 0
    target = rng.randint(580, 1400)
    while words < target:
        p = decorate(rng, paragraph(rng), link_domains)
        paras.append(p)
        words += p.count(" ") + 1
    quote = f'> "{sentence(rng)}"\n>\n> -- {rng.choice(GIVEN)} {rng.choice(FAMILY)}, {rng.choice(["spokesperson", "researcher", "councillor", "resident"])}'
    paras.insert(max(1, len(paras) // 3), quote)
    if rng.random() < 0.35:
        items = "\n".join(f"- {sentence(rng, 4, 10)}" for _ in range(rng.randint(3, 5)))
        paras.insert(rng.randrange(2, len(paras)), items)
    if rng.random() < 0.3:
        heading = " ".join(rng.choices(VOCABULARY, k=4))
        paras.insert(rng.randrange(len(paras) // 2, len(paras)), "## " + heading[0].upper() + heading[1:])
    return {
        "file": f"{i:06d}-{slug}.md",
        "title": title,
        "date": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "authors": authors,
        "tags": tags,
        "source": {"name": source, "url": f"https://{source_domain}/articles/{slug}-{rng.randint(1000, 99999)}"},
        "original": {"name": publisher, "url": f"https://www.{publisher_domain}/{date:%Y/%m/%d}/{slug}"},
        "copyright": {"holder": publisher if rng.random() < 0.7 else authors[0], "year": date.year},
        "licence": rng.choice(LICENCES),
        "body": "\n\n".join(paras) + "\n",
    }


def fingerprint(body):
    return "sha256:" + hashlib.sha256(re.sub(r"\s+", " ", body).strip().encode()).hexdigest()


def front_matter(a, flavor):
    q = lambda s: json.dumps(s, ensure_ascii=False)
    lines = [f"title: {q(a['title'])}", f"date: {a['date']}", "authors:"]
    lines += [f"  - {q(x)}" for x in a["authors"]]
    if flavor == "zola":
        # Zola reads tags from `taxonomies` and keeps custom fields under `extra`.
        lines += ["taxonomies:", "  tags:"] + [f"    - {q(t)}" for t in a["tags"]]
        lines.append("extra:")
        pad = "  "
    else:
        lines += ["tags:"] + [f"  - {q(t)}" for t in a["tags"]]
        pad = ""
    for key in ("source", "original"):
        lines += [f"{pad}{key}:", f"{pad}  name: {q(a[key]['name'])}", f"{pad}  url: {q(a[key]['url'])}"]
    lines += [f"{pad}copyright:", f"{pad}  holder: {q(a['copyright']['holder'])}", f"{pad}  year: {a['copyright']['year']}"]
    lines.append(f"{pad}licence: {a['licence']}")
    if flavor == "reprint" and "-ND-" in a["licence"]:
        lines.append(f"fingerprint: {fingerprint(a['body'])}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, required=True, help="number of articles")
    ap.add_argument("--seed", default="42")
    ap.add_argument("--flavor", choices=["reprint", "hugo", "zola"], default="reprint")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    posts = os.path.join(args.out, "content", "posts")
    shutil.rmtree(posts, ignore_errors=True)
    os.makedirs(posts, exist_ok=True)
    digest = hashlib.sha256()
    for i in range(args.n):
        a = article(args.seed, i)
        text = front_matter(a, args.flavor) + a["body"]
        digest.update(a["file"].encode() + a["body"].encode())
        with open(os.path.join(posts, a["file"]), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(json.dumps({"articles": args.n, "seed": args.seed, "flavor": args.flavor, "bodies_sha256": digest.hexdigest()}))


if __name__ == "__main__":
    main()
