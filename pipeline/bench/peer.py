"""The peer the pipeline is compared with: dateparser's `search_dates` over every text of
a folder, the naive way to date a folder of news. Run by the benchmark as
`python -c <this file's text> FOLDER`, so that it pays for nothing but Python, the
standard library and dateparser — no import of the pipeline.

Its settings are dateparser's fastest fair ones (see the README's "Performance"):
`languages=['en']` (language detection is 15–25× slower), each text's manifest date as
`RELATIVE_BASE` (else the time of the run), `PREFER_DATES_FROM='past'` (news reports
the past). HTML is reduced to its text with the standard library's parser.

It prints one JSON line: documents, words (whitespace-separated) and dates found.
"""
import csv
import datetime
import json
import os
import sys
from html.parser import HTMLParser

from dateparser.search import search_dates

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _published(folder):
    dates = {}
    path = os.path.join(folder, "manifest.csv")
    if os.path.isfile(path):
        with open(path, newline="", encoding="utf-8", errors="replace") as handle:
            for row in csv.DictReader(handle):
                try:
                    dates[row.get("file", "")] = datetime.datetime.fromisoformat((row.get("published") or "").strip())
                except ValueError:
                    continue
    return dates


def main(folder):
    published = _published(folder)
    now = datetime.datetime.now().replace(microsecond=0)
    documents = words = found = 0
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(TEXT_SUFFIXES):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            if name.lower().endswith((".html", ".htm")):
                parser = _Text()
                parser.feed(text)
                text = "".join(parser.parts)
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            settings = {"RELATIVE_BASE": published.get(relative, now), "PREFER_DATES_FROM": "past"}
            found += len(search_dates(text, languages=["en"], settings=settings) or [])
            documents += 1
            words += len(text.split())
    print(json.dumps({"documents": documents, "words": words, "dates": found}))


if __name__ == "__main__":
    main(sys.argv[1])
