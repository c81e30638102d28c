"""The README kept in step with the code: the table's columns, the command line's
commands and options, the event types, the settings it names, the stages it describes."""
from __future__ import annotations

import argparse
import re
from dataclasses import fields
from pathlib import Path

import pytest

from pipeline import cli, types
from pipeline.settings import SETTINGS
from pipeline.table import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_column_table_lists_every_column_in_order():
    rows = re.findall(r"^\| (`[^|]+`) \|", _section("The event table"), flags=re.MULTILINE)
    documented = [name for row in rows for name in re.findall(r"`(\w+)`", row)]
    assert documented == list(COLUMNS)


def test_every_command_is_shown_and_every_shown_command_exists():
    shown = set(re.findall(r"python -m pipeline (\w+)", _section("Command line")))
    assert shown == set(_subcommands())


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_option_the_readme_gives_a_command_exists(command):
    known = {o for a in _subcommands()[command]._actions for o in a.option_strings}
    lines = [line for line in README.splitlines() if f"pipeline {command} " in line or f"`{command} --" in line]
    given = {o for line in lines for o in re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", line)}
    assert given <= known, given - known


def test_every_event_type_is_named_in_the_table_section():
    table = _section("The event table")
    assert all(f"`{name}`" in table for name in types.type_names())


def test_every_setting_the_readme_names_is_a_field():
    names = {f.name for f in fields(SETTINGS)}
    named = set(re.findall(r"`([a-z]+(?:_[a-z0-9]+)+)`", README))
    settings_like = {n for n in named if n.endswith(("_bytes", "_seconds", "_chars", "_rows", "_kind",
                                                    "_attributes", "_lines"))}
    assert settings_like and settings_like <= names, settings_like - names


def test_every_stage_the_readme_describes_is_a_package_and_every_package_is_described():
    rows = re.findall(r"^\| `([\w/.`, ]+)` \|", _section("How it works"), flags=re.MULTILINE)
    described = {name.strip("`/ ") for row in rows for name in row.split(",")}
    packages = {p.name for p in (ROOT / "pipeline").iterdir() if (p / "__init__.py").exists()}
    assert packages <= {d.removesuffix("/") for d in described} | {"lang"}
    for name in described:
        assert (ROOT / "pipeline" / name).exists(), name
