"""English (and later other languages) as data: the words the rules ask about.

Each language is a folder of TOML files (`pipeline/lang/<code>/`), loaded once. The code
never spells an English word of its own: it asks the language for a kind of cue.
"""
from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any


@functools.cache
def language(code: str = "en") -> dict[str, Any]:
    """Every file of a language, merged: `cues`, `numbers`, `text`, `places`, `calendar`…
    keyed by file name."""
    folder = resources.files(__name__).joinpath(code)
    return {entry.name.removesuffix(".toml"): tomllib.loads(entry.read_text("utf-8"))
            for entry in folder.iterdir() if entry.name.endswith(".toml")}


def words(group: str, key: str, code: str = "en") -> list[str]:
    """One list of a language file: words("cues", "negation")."""
    return list(language(code)[group][key])
