"""Large patterns compiled once per machine: the pattern read back is the one `re` makes,
and anything amiss with the kept entry falls back to compiling it."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from pipeline import compiled as C
from pipeline.dates import grammar

# A pattern long enough to be kept: dates of any month, with named groups and a lookbehind.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
LONG = r"(?<!\w)(?:" + "|".join(
    rf"(?P<d{i}>\d{{1,2}})\s+(?P<m{i}>{month})(?:\s+(?P<y{i}>\d{{4}}))?" for i, month in enumerate(MONTHS)
) + r")" + "".join(rf"|(?P<w{i}>{word})\b" for i, word in enumerate(
    f"{month.lower()}{k}" for month in MONTHS for k in range(30)))
TEXT = "Talks began on 3 March 2026 and resumed 14 May; 1 June 2025 was quieter, march7 too."


def matches(pattern: re.Pattern[str], text: str = TEXT) -> list:
    return [(m.span(), m.lastgroup, m.groupdict()) for m in pattern.finditer(text)]


def entries(folder):
    return sorted(folder.glob(f"*{C.ENTRY_SUFFIX}"))


def test_a_long_pattern_is_kept_and_read_back_as_the_pattern_re_compiles(tmp_path, monkeypatch):
    assert len(LONG) >= C.MIN_CHARS
    first = C.compiled(LONG, folder=tmp_path)
    assert len(entries(tmp_path)) == 1
    # the second time the code comes from the entry alone: compiling would fail
    monkeypatch.setattr(C, "_compile_parts", lambda *a: pytest.fail("compiled again"))
    again = C.compiled(LONG, folder=tmp_path)
    expected = re.compile(LONG)
    assert again == expected and first == expected  # same pattern, flags and code
    assert again.groupindex == expected.groupindex and again.groups == expected.groups
    assert matches(again) == matches(expected)
    assert [m.group("d0", "m0") for m in again.finditer("on 9 January")] == [("9", "January")]


def test_flags_are_part_of_the_entry(tmp_path):
    plain = C.compiled(LONG, folder=tmp_path)
    folded = C.compiled(LONG, re.IGNORECASE, folder=tmp_path)
    assert len(entries(tmp_path)) == 2
    assert folded == re.compile(LONG, re.IGNORECASE) and plain != folded
    assert matches(C.compiled(LONG, re.IGNORECASE, folder=tmp_path), "on 2 MARCH") == \
        matches(re.compile(LONG, re.IGNORECASE), "on 2 MARCH")


@pytest.mark.parametrize("damage", [
    pytest.param(lambda blob: blob[: len(blob) // 2], id="cut short"),
    pytest.param(lambda blob: b"not json\n" + blob.partition(b"\n")[2], id="header not JSON"),
    pytest.param(lambda blob: blob[:-8] + bytes(8), id="code changed"),
    pytest.param(lambda blob: b"", id="empty"),
    pytest.param(lambda blob: b'{"key": 1}\n', id="another shape"),
])
def test_a_damaged_entry_is_compiled_again_from_the_text(tmp_path, monkeypatch, damage):
    C.compiled(LONG, folder=tmp_path)
    (entry,) = entries(tmp_path)
    entry.write_bytes(damage(entry.read_bytes()))
    assert C.compiled(LONG, folder=tmp_path) == re.compile(LONG)
    # and the entry is written again, whole: the next start reads it
    monkeypatch.setattr(C, "_compile_parts", lambda *a: pytest.fail("compiled again"))
    assert C.compiled(LONG, folder=tmp_path) == re.compile(LONG)


def test_code_that_sre_refuses_is_not_used(tmp_path):
    C.compiled(LONG, folder=tmp_path)
    (entry,) = entries(tmp_path)
    head, _, body = entry.read_bytes().partition(b"\n")
    header = C.json.loads(head)
    body = bytes(len(body))  # all zeros: not valid SRE code, with a checksum that agrees
    header["sha256"] = C.hashlib.sha256(body).hexdigest()
    entry.write_bytes(C.json.dumps(header).encode() + b"\n" + body)
    assert C._read(entry, LONG, header["key"]) is None
    assert C.compiled(LONG, folder=tmp_path) == re.compile(LONG)


def test_an_unwritable_folder_compiles_at_every_start(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    assert C.compiled(LONG, folder=blocked / "regex") == re.compile(LONG)


def test_short_patterns_and_a_cache_turned_off_keep_nothing(tmp_path, monkeypatch):
    assert C.compiled(r"\d+ drones", folder=tmp_path) == re.compile(r"\d+ drones")
    monkeypatch.setenv("EVENTLINE_REGEX_CACHE", "0")
    assert C.compiled(LONG, folder=tmp_path) == re.compile(LONG)
    assert entries(tmp_path) == []


def test_the_date_scanner_is_the_pattern_of_its_text():
    scanner = grammar._scanner()
    assert scanner == re.compile(scanner.pattern)


def test_a_new_process_reads_the_scanner_from_the_cache(tmp_path):
    """What the module is for: a second start does not compile the scanner."""
    probe = ("from pipeline import compiled as C; from pipeline.dates import grammar; "
             "calls = []; real = C._compile_parts; "
             "C._compile_parts = lambda *a: calls.append(1) or real(*a); "
             "grammar._scanner(); print(len(calls))")
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True,
                           cwd=C.Path(C.__file__).resolve().parents[1]).stdout.strip() for _ in range(2)]
    assert runs == ["1", "0"]
    assert len(entries(tmp_path / "eventline" / "regex")) == 1
