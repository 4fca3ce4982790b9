#!/usr/bin/python3
"""Makes the wordlang data: which of 7 languages a word comes from, from Debian's word lists.

Run with the system Python (no package beyond the standard library), from anywhere:

    /usr/bin/python3 samples/wordlang/make_data.py

It needs the Debian packages wamerican wngerman wfrench wspanish witalian wportuguese wdutch (.ci/run installs them)
and writes train.csv and test.csv beside this script (columns word,language). The output depends only on the word
lists and SEED: every step is sorted or seeded.

Rules: each word is lowercased (so German nouns count), then kept if it is 3 to 20 letters of its language's
alphabet (a-z plus the language's accented letters, kept as they are: they are what tells the languages apart);
words with apostrophes, hyphens, digits or letters foreign to the language are dropped. A word that occurs in more
than one list is dropped from all of them (its language is ambiguous). 6,000 words per language are drawn with
SEED, and a fifth of each language (1,200) is held out as the test set.
"""
import csv
import os
import random

SEED = 20261204
PER_LANGUAGE = 6000
TEST_PER_LANGUAGE = 1200

# language: (word list, letters beyond a-z)
LISTS = {
    "english": ("/usr/share/dict/american-english", ""),
    "german": ("/usr/share/dict/ngerman", "äöüß"),
    "french": ("/usr/share/dict/french", "àâæçéèêëîïôœùûüÿ"),
    "spanish": ("/usr/share/dict/spanish", "áéíñóúü"),
    "italian": ("/usr/share/dict/italian", "àèéìíîòóùú"),
    "portuguese": ("/usr/share/dict/portuguese", "áâãàçéêíóôõúü"),
    "dutch": ("/usr/share/dict/dutch", "áéèëïóöü"),
}


def words(path, extra):
    alphabet = set("abcdefghijklmnopqrstuvwxyz" + extra)
    kept = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            w = line.strip().lower()
            if 3 <= len(w) <= 20 and all(c in alphabet for c in w):
                kept.add(w)
    return kept


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    lists = {lang: words(path, extra) for lang, (path, extra) in LISTS.items()}
    seen = {}
    for lang, ws in lists.items():
        for w in ws:
            seen[w] = seen.get(w, 0) + 1
    rng = random.Random(SEED)
    train, test = [], []
    for lang in LISTS:
        unique = sorted(w for w in lists[lang] if seen[w] == 1)
        if len(unique) < PER_LANGUAGE:
            raise SystemExit(f"{lang}: only {len(unique)} words left, {PER_LANGUAGE} needed")
        chosen = rng.sample(unique, PER_LANGUAGE)
        test += [(w, lang) for w in chosen[:TEST_PER_LANGUAGE]]
        train += [(w, lang) for w in chosen[TEST_PER_LANGUAGE:]]
    rng.shuffle(train)
    rng.shuffle(test)
    for name, rows in (("train.csv", train), ("test.csv", test)):
        with open(os.path.join(here, name), "w", encoding="utf-8", newline="") as f:
            out = csv.writer(f, lineterminator="\n")
            out.writerow(["word", "language"])
            out.writerows(rows)
        print(f"{name}: {len(rows)} words")


if __name__ == "__main__":
    main()
