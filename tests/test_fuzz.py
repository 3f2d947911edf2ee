"""Fuzzed workbooks through the command line (issue 17): whatever is done to a real workbook, ``run --json``
exits 0 or 2, never prints a traceback, leaves no output (nor temporary folder) when it exits 2, leaves
the input unchanged, and every number in its JSON is finite.

A workbook is one of the five samples with one to three changes drawn by hypothesis: a cell of INVOER or
KENGETALLEN overwritten (huge, negative, not-a-number and Dutch numbers, texts, formulas' texts, Excel
errors, booleans, 400-digit literals), a row or column deleted or inserted, a sheet renamed, a member
dropped, doubled, cut short or scribbled on, cells merged. CI runs 200 workbooks (about 16 seconds);
``MKBA_XL_FUZZ_EXAMPLES=2000`` runs more.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import tempfile
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mkba_xl.cli import cli
from mkba_xl.schema import INVOER_SHEET, KENGETALLEN_SHEET, invoer_fields
from mkba_xl.xlsx import tempfiles

from .xlsx_edit import Members, read_members, set_cell, sheet_parts, shift_columns, shift_rows, write_members

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_workbooks").glob("*.xlsx"))
EXAMPLES = int(os.environ.get("MKBA_XL_FUZZ_EXAMPLES", "200"))
RATIOS = {"kb_financieel", "kb_maatschappelijk"}
"""The only numbers that may be null: a ratio over zero costs."""


@cache
def sample(i: int) -> tuple[tuple[str, bytes], ...]:
    return tuple(read_members(SAMPLES[i]).items())


Change = Callable[[Members], None]

literals = st.sampled_from([b"1" + b"0" * 400, b"-" + b"9" * 30, b"1e307", b"-1e-320", b"nan", b"inf", b"0x10",
                            b"", b"1.5.5", b"  7 "])
typed = st.sampled_from(["48%", "1.200,50", "€ 62.556", "=1+1", "@SUM(A1)", "#DIV/0!", "#N/A", "", " ", "1e400",
                         "-0", "0,0001", "2013", "ja", "WAAR", "rijk_2021", "na_2015", "9" * 300, "\u00a0 5 %"])
values = st.one_of(st.integers(-10**18, 10**18), st.floats(allow_nan=False, allow_infinity=False), typed,
                   st.text(max_size=40), st.booleans())
input_cells = st.sampled_from(sorted({f.cell for f in invoer_fields()} | {"B15", "C2", "B2", "C16", "K95"}))
table_cells = st.builds(lambda r, c: f"{chr(64 + c)}{r}", st.integers(1, 170), st.integers(1, 13))


def _sheet(m: Members, name: str) -> str:
    return sheet_parts(m)[name]


def set_value(sheet: str, cell: str, value: Any) -> Change:
    def change(m: Members) -> None:
        m[_sheet(m, sheet)] = set_cell(m[_sheet(m, sheet)], cell, value)
    return change


def set_literal(sheet: str, cell: str, literal: bytes) -> Change:
    def change(m: Members) -> None:
        m[_sheet(m, sheet)] = set_cell(m[_sheet(m, sheet)], cell, None, raw=b'<c r="%s"><v>%s</v></c>'
                                       % (cell.encode(), literal))
    return change


def shift(sheet: str, what: str, at: int, delta: int) -> Change:
    def change(m: Members) -> None:
        edit = shift_rows if what == "row" else shift_columns
        m[_sheet(m, sheet)] = edit(m[_sheet(m, sheet)], at, delta)
    return change


def rename(sheet: str, new: str) -> Change:
    def change(m: Members) -> None:
        m["xl/workbook.xml"] = m["xl/workbook.xml"].replace(b'name="%s"' % sheet.encode(),
                                                            b'name="%s"' % new.encode(), 1)
    return change


def member(kind: str, pick: int, at: float, data: bytes) -> Change:
    def change(m: Members) -> None:
        names = sorted(k for k in m if not k.startswith("\x00"))
        name = names[pick % len(names)]
        blob = m[name]
        cut = int(len(blob) * at)
        if kind == "drop":
            del m[name]
        elif kind == "cut":
            m[name] = blob[:cut]
        elif kind == "scribble":
            m[name] = blob[:cut] + data + blob[cut + len(data):]
        else:  # a second copy under the same name: written as an extra member
            m[f"\x00dup\x00{name}"] = blob
    return change


def merge(sheet: str, ref: str) -> Change:
    def change(m: Members) -> None:
        part = _sheet(m, sheet)
        at = m[part].index(b"</sheetData>") + len(b"</sheetData>")
        m[part] = m[part][:at] + b'<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % ref.encode() + \
            m[part][at:]
    return change


sheets = st.sampled_from([INVOER_SHEET, KENGETALLEN_SHEET])
changes = st.one_of(
    st.builds(set_value, st.just(INVOER_SHEET), input_cells, values),
    st.builds(set_value, st.just(KENGETALLEN_SHEET), table_cells, values),
    st.builds(set_literal, st.just(INVOER_SHEET), input_cells, literals),
    st.builds(set_literal, st.just(KENGETALLEN_SHEET), table_cells, literals),
    st.builds(shift, sheets, st.sampled_from(["row", "column"]), st.integers(1, 130), st.sampled_from([-1, 1])),
    st.builds(rename, sheets, st.sampled_from(["Invoer", "INVOER ", "Blad1", "kengetallen", "BRONNEN", "X" * 40])),
    st.builds(member, st.sampled_from(["drop", "cut", "scribble", "double"]), st.integers(0, 50),
              st.floats(0, 1), st.binary(min_size=1, max_size=16)),
    st.builds(merge, sheets, st.sampled_from(["B15:C15", "C17:E17", "A1:K3", "C5:C6", "B80:D81"])),
)


def numbers(data: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every number (and null) in a JSON value, with where it is."""
    if isinstance(data, dict):
        return [n for key, value in data.items() for n in numbers(value, f"{path}.{key}")]
    if isinstance(data, list):
        return [n for i, value in enumerate(data) for n in numbers(value, f"{path}[{i}]")]
    if data is None or (isinstance(data, int | float) and not isinstance(data, bool)):
        return [(path, data)]
    return []


def no_constants(name: str) -> Any:
    raise AssertionError(f"{name} in the JSON")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(0, len(SAMPLES) - 1), edits=st.lists(changes, min_size=1, max_size=3))
def test_any_changed_workbook_is_answered_in_dutch(which: int, edits: list[Change]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        members = dict(sample(which))
        for edit in edits:
            with contextlib.suppress(KeyError, ValueError):  # an earlier change renamed or dropped its sheet
                edit(members)
        doubles = [(re.sub("^\x00dup\x00", "", k), v) for k, v in members.items() if k.startswith("\x00dup\x00")]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # zipfile: 'Duplicate name', made on purpose
            path = write_members(folder / "invoer.xlsx",
                                 {k: v for k, v in members.items() if not k.startswith("\x00")}, extra=doubles)
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        out = folder / "uit.xlsx"
        result = CliRunner().invoke(cli, ["run", str(path), "-o", str(out), "--json"])
        assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
        event(f"exit {result.exit_code}")
        assert "Traceback" not in result.output and "Interne fout" not in result.output, result.output
        data = json.loads(result.stdout, parse_constant=no_constants)
        if result.exit_code == 2:
            assert data["fouten"] and not out.exists()
        else:
            assert out.exists() and data["saldo"] is not None
            for where, value in numbers(data):
                if value is None:
                    assert where.rsplit(".", 1)[-1] in RATIOS or where.startswith(".meta"), where
                else:
                    assert math.isfinite(value), where
        assert [p.name for p in folder.iterdir() if p.name.startswith(tempfiles.PREFIX)] == []
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
