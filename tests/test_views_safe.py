"""Untrusted text stays text: the helpers of pipeline.views.safe, and a scan of the
dashboard's code for any Streamlit call that would show a value as Markdown unescaped."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline.views.safe import WORD_JOINER, capped, html_text, plain, plot_text, safe_url

ROOT = Path(__file__).resolve().parents[1]
# Streamlit elements whose first argument (or label/help/body) is read as Markdown.
MARKDOWN_ELEMENTS = {
    "markdown", "caption", "info", "warning", "error", "success", "toast", "title", "header", "subheader",
    "write", "button", "download_button", "expander", "tabs", "checkbox", "toggle", "radio", "selectbox",
    "multiselect", "text_input", "text_area", "number_input", "date_input", "file_uploader",
    "form_submit_button", "segmented_control", "metric", "link_button", "popover", "status",
}
CHECKED_KEYWORDS = ("label", "body", "help")


def _unescaped(text: str) -> str:
    """What Markdown shows for `text` once its backslash escapes are read."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text.replace("  \n", "\n"))


# What GitHub's autolinks find in text once escapes are read: a scheme, "www.", an address.
AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|xmpp):|\bwww\.|[\w.+-]@[\w-]")


@pytest.mark.parametrize("value", [
    "[LOGIN](https://evil.example)", "![](http://198.51.100.7/x.png)", "<img src=x onerror=alert(1)>",
    "**bold** _it_ `code` ~~gone~~", ":red[alert] :material/warning: $x^2$", "https://evil.example/path",
    "www.evil.example", "# Heading\n- item", "a\\b", "Kyiv, Kharkiv — 450 drones (b.txt)",
    "write to press@evil.example", "mailto:x@y.z ftp://files.example HTTP://LOUD.EXAMPLE",
])
def test_plain_escapes_every_markdown_construct_and_keeps_the_text(value):
    escaped = plain(value)
    assert _unescaped(escaped).replace(WORD_JOINER, "") == value
    assert not AUTOLINK.search(_unescaped(escaped))
    # No construct survives: every punctuation mark is escaped, so none can open a link,
    # an image, emphasis, a directive, math or an autolink.
    assert not re.search(r"(?<!\\)[\[\]()!*_`~:$<>#]", escaped.replace("\\\\", ""))


def test_plot_text_and_html_text_escape_markup():
    assert plot_text("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert html_text('"><script>') == "&quot;&gt;&lt;script&gt;"


@pytest.mark.parametrize("url, safe", [
    ("https://example.org/a?b=c", "https://example.org/a?b=c"),
    ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("//example.org/x", None),
    ('https://example.org/"onmouseover="x', None),
    ("", None),
])
def test_safe_url(url, safe):
    assert safe_url(url) == safe


def test_capped():
    assert capped("abcdef", 4) == "abc…" and capped("abc", 4) == "abc"


def _is_safe(node: ast.AST) -> bool:
    """A literal, None, plain(...), a collection of those, or a choice between them."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        return name == "plain"
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_is_safe(element) for element in node.elts)
    if isinstance(node, ast.IfExp):
        return _is_safe(node.body) and _is_safe(node.orelse)
    return False


def _streamlit_calls(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MARKDOWN_ELEMENTS:
            yield node


def _dashboard_files() -> list[Path]:
    """The dashboard and every views module that draws with Streamlit."""
    files = [path for path in [ROOT / "dashboard.py", *sorted((ROOT / "pipeline" / "views").rglob("*.py"))]
             if "import streamlit" in path.read_text(encoding="utf-8")]
    assert len(files) >= 4, files
    return files


def test_every_streamlit_text_from_data_goes_through_plain():
    unsafe = []
    for path in _dashboard_files():
        for call in _streamlit_calls(path):
            arguments = call.args[:1] + [k.value for k in call.keywords if k.arg in CHECKED_KEYWORDS]
            for argument in arguments:
                if not _is_safe(argument):
                    unsafe.append(f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(argument)[:80]}")
    assert unsafe == []


def test_no_html_is_let_through_markdown_anywhere():
    for path in _dashboard_files():
        text = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in text, path


def test_st_html_shows_only_static_styles_or_the_escaped_detail():
    allowed = {"event_detail_html", "timeline_width_css"}
    for path in _dashboard_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "html":
                argument = node.args[0]
                builder = getattr(getattr(argument, "func", None), "attr", getattr(getattr(argument, "func", None),
                                                                                   "id", None))
                assert isinstance(argument, ast.Constant) or builder in allowed, \
                    f"{path}:{node.lineno}: {ast.unparse(argument)[:80]}"


def test_the_scan_finds_an_unescaped_call(tmp_path):
    # The scanner itself: a value shown without plain() is caught, a wrapped one is not.
    sample = tmp_path / "sample.py"
    sample.write_text("st.warning(f'bad {value}')\nst.info(plain(value))\nbar.caption('literal')\n"
                      "col.button(label=name)\n", encoding="utf-8")
    flagged = [call.lineno for call in _streamlit_calls(sample)
               if not all(_is_safe(a) for a in call.args[:1] + [k.value for k in call.keywords
                                                                  if k.arg in CHECKED_KEYWORDS])]
    assert flagged == [1, 4]
