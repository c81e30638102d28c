"""The development corpus (../shared/dev-corpus): 40 texts about seven conflicts, written
independently of the rules, with their gold rows. It is the yardstick the README's
Quality section quotes; these floors catch a regression in either group of wars.

The corpus lives beside the checkout: without it this test fails, naming the folder, and
never skips.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import build_table
from pipeline.evaluate import read_gold, report, score, select_documents

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "dev-corpus"

# (group, documents) as the corpus's README groups them
GROUPS = [
    ("Russia-Ukraine", r"^(0[1-9]|1[0-8])_"),
    ("other wars", r"^(19|2[0-9]|3[0-9]|40)_"),
]
# Floors just under what the rules reach (README, "Quality"); the targets of 0.90
# exact dates and 85% merged are not reached and are not claimed here.
MIN_RECALL = 0.90
MIN_PRECISION = 0.85
MIN_STATUS = 0.90
MIN_EXACT_DATES = 0.84


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    assert (CORPUS / "gold.csv").exists(), f"{CORPUS} is not beside this checkout"
    folder = tmp_path_factory.mktemp("dev-corpus")
    for text in (CORPUS / "texts").iterdir():
        shutil.copy(text, folder / text.name)
    shutil.copy(CORPUS / "manifest.csv", folder / "manifest.csv")
    result = build_table(folder)
    assert not [p for p in result.problems if p.severity == "skipped"], result.problems
    return result.frame


@pytest.fixture(scope="module")
def gold():
    return read_gold(CORPUS / "gold.csv")


@pytest.mark.parametrize("label, pattern", GROUPS)
def test_each_group_of_wars_holds_its_floors(table, gold, label, pattern):
    found = score(table, select_documents(gold, pattern))
    print(f"\n== {label}\n" + report(found, verbose=True))
    assert found.recall >= MIN_RECALL, found.missed
    assert found.precision >= MIN_PRECISION, found.spurious
    assert found.status_agreement >= MIN_STATUS
    assert found.exact_date_share >= MIN_EXACT_DATES, found.wrong_dates
    assert found.hypothetical_as_occurred == 0
