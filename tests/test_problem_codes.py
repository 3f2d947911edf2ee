"""Every problem code: one real workbook (or output) that gives it, and the Dutch text users then read.

The other tests assert codes; this is the one place per code that pins the message. A code without a
case here fails ``test_every_code_has_a_case``.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from mkba_xl import dutch, pipeline, reader
from mkba_xl import kengetallen as kg
from mkba_xl.analyses.gevoeligheid_reader import read_user_variations
from mkba_xl.errors import CODES, InputError, OptionError, OutputError, Problem
from mkba_xl.plausibility import EFFECT_FIELDS
from mkba_xl.schema import (
    INVOER_SHEET,
    KENGETALLEN_SHEET,
    TEMPLATE_VERSION,
    VERSION_CELL,
    fields_by_key,
    invoer_label_cells,
)
from mkba_xl.xlsx import guard
from tests import crafted, dossier_codes
from tests.problem_cases import CASES, case, one
from tests.workbooks import add_meerjarig, kengetallen_title_rows, valid_values, write_workbook
from tests.xlsx_edit import edit_sheet, shift_rows

FIELDS = fields_by_key()
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def checked(path: Path, code: str) -> Problem:
    report = reader.check_workbook(path)
    return one(report.errors + report.warnings, code)


def invoer(tmp: Path, **changes: Any) -> Problem:
    """The one problem of the worked example with ``changes`` (key -> value, None = empty)."""
    code = changes.pop("code")
    values = valid_values()
    for key, value in changes.items():
        key = key.replace("__", ".")
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    return checked(write_workbook(tmp / "invoer.xlsx", values), code)


def kengetallen(tmp: Path, code: str, change: Callable[[dict[str, list[list]]], None]) -> Problem:
    rows = copy.deepcopy(kg.to_rows(kg.default_kengetallen()))
    change(rows)
    return checked(write_workbook(tmp / "invoer.xlsx", kengetallen=rows), code)


def sensitivity(tmp: Path, code: str, rows: list[tuple[Any, ...]], header: tuple[str, ...] = (
        "veld", "nieuwe waarde", "factor", "omschrijving"), first_row: int = 5) -> Problem:
    path = write_workbook(tmp / "invoer.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("GEVOELIGHEID")
    for i, text in enumerate(header):
        ws.cell(4, 2 + i, text)
    for r, row in enumerate(rows, start=first_row):
        for c, value in enumerate(row, start=2):
            if value is not None:
                ws.cell(r, c, value)
    wb.save(path)
    _, report = read_user_variations(path)
    return one(report.errors, code)


UNCERTAINTY_HEADER = ("veld", "verdeling", "grenzen als", "laag", "hoog", "bron")


def uncertainty_workbook(tmp: Path, rows: list[tuple[Any, ...]], correlations: list[tuple[Any, ...]] = (),
                         header: tuple[str, ...] = UNCERTAINTY_HEADER) -> Path:
    """The worked example with an ONZEKERHEID sheet in the template's layout: header in row 7, rows from row 8."""
    path = write_workbook(tmp / "invoer.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("ONZEKERHEID")
    for i, text in enumerate(header):
        ws.cell(7, 2 + i, text)
    if correlations:
        for i, text in enumerate(("veld 1", "veld 2", "rangcorrelatie")):
            ws.cell(7, 9 + i, text)
    for first_col, table in ((2, rows), (9, correlations)):
        for r, row in enumerate(table, start=8):
            for c, value in enumerate(row, start=first_col):
                if value is not None:
                    ws.cell(r, c, value)
    wb.save(path)
    return path


def uncertainty(tmp: Path, code: str, rows: list[tuple[Any, ...]], correlations: list[tuple[Any, ...]] = (),
                **kwargs: Any) -> Problem:
    report = pipeline.check(uncertainty_workbook(tmp, rows, correlations, **kwargs))
    return one(report.errors + report.warnings, code)


def zipped(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def formula_workbook(path: Path, cell: str, formula: str, cached: Any) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet(INVOER_SHEET)
    for label_cell, text in invoer_label_cells():
        ws.write_string(label_cell, text)
    ws.write_string(VERSION_CELL, TEMPLATE_VERSION)
    for key, value in valid_values().items():
        if FIELDS[key].cell != cell:
            ws.write(FIELDS[key].cell, value)
    ws.write_formula(cell, formula, None, cached)
    wb.close()
    return path


def output_error(run: Callable[[], Any]) -> OutputError:
    with pytest.raises(OutputError) as info:
        run()
    return info.value


# --- the file ----------------------------------------------------------------------------------

@case("file-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp / "weg.xlsx", "file-missing")


@case("file-is-folder")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp, "file-is-folder")


@case("file-unreadable")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = write_workbook(tmp / "bezet.xlsx")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads it anyway: refuse the open as the system does for others
        real_open = os.open

        def locked(name: Any, *args: Any, **kwargs: Any) -> Any:
            if Path(name) == path:
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, *args, **kwargs)

        mp.setattr(os, "open", locked)
    return checked(path, "file-unreadable")


@case("file-not-regular")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(tmp / "pijp.xlsx")  # reading it would wait forever for a writer
    return checked(tmp / "pijp.xlsx", "file-not-regular")


@case("name-too-long")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(tmp / ("x" * 300 + ".xlsx"), "name-too-long")


@case("file-empty")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    (tmp / "leeg.xlsx").write_bytes(b"")
    return checked(tmp / "leeg.xlsx", "file-empty")


@case("file-too-large")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    mp.setattr(guard, "MAX_FILE_BYTES", 1000)
    path = write_workbook(tmp / "groot.xlsx")
    mp.setitem(EXPECTED, "file-too-large", (*EXPECTED["file-too-large"][:2], EXPECTED["file-too-large"][2].replace(
        "(<size>)", f"({dutch.size(path.stat().st_size)})")))  # the template grows with its texts
    return checked(path, "file-too-large")


@case("file-xls-or-encrypted")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    (tmp / "oud.xls").write_bytes(OLE2)
    return checked(tmp / "oud.xls", "file-xls-or-encrypted")


@case("file-not-xlsx")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    (tmp / "lijst.xlsx").write_text("gemeente;huishoudens\nGroningen;328\n")
    return checked(tmp / "lijst.xlsx", "file-not-xlsx")


@case("file-ods")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = zipped(tmp / "invoer.xlsx", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                                        "content.xml": "<office:document-content/>"})
    return checked(path, "file-ods")


@case("file-xlsb")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = zipped(tmp / "invoer.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.bin": b"\x83\x01"})
    return checked(path, "file-xlsb")


@case("file-not-workbook")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = zipped(tmp / "brief.xlsx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
    return checked(path, "file-not-workbook")


@case("file-damaged")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = write_workbook(tmp / "kapot.xlsx")
    path.write_bytes(path.read_bytes()[:2000])
    return checked(path, "file-damaged")


@case("file-strict")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(crafted.strict_open_xml(tmp / "strikt.xlsx", base=write_workbook(tmp / "w.xlsx")), "file-strict")


@case("part-too-large")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(crafted.styles_bomb(tmp / "opmaak.xlsx", 9 * crafted.MB, base=write_workbook(tmp / "w.xlsx")),
                   "part-too-large")


@case("duplicate-part")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(crafted.duplicate_member(tmp / "dubbel.xlsx", base=write_workbook(tmp / "w.xlsx")),
                   "duplicate-part")


@case("zip-bomb")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    mp.setattr(guard, "MAX_MEMBERS", 5)
    return checked(write_workbook(tmp / "veel.xlsx"), "zip-bomb")


@case("xml-declaration")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = zipped(tmp / "bom.xlsx", {"[Content_Types].xml": "<Types/>",
                                     "xl/workbook.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><x/>'})
    return checked(path, "xml-declaration")


@case("no-invoer-sheet")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(write_workbook(tmp / "invoer.xlsx", invoer_sheet="Invoer (2)"), "no-invoer-sheet")


@case("duplicate-sheet")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = write_workbook(tmp / "invoer.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.copy_worksheet(wb[INVOER_SHEET]).title = "Invoer "
    wb.save(path)
    return checked(path, "duplicate-sheet")


@case("sheet-unreadable")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(crafted.chartsheet_named_invoer(tmp / "grafiek.xlsx", base=write_workbook(tmp / "w.xlsx")),
                   "sheet-unreadable")


@case("layout-moved")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = write_workbook(tmp / "invoer.xlsx")
    return checked(edit_sheet(path, INVOER_SHEET, lambda xml: shift_rows(xml, 79, -1)), "layout-moved")


@case("template-version")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(write_workbook(tmp / "oud.xlsx", version="mkba-xl invoer 1"), "template-version")


@case("takeover-unknown")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    with pytest.raises(InputError) as raised:
        pipeline.take_over_workbook(write_workbook(tmp / "oud.xlsx", version="mkba-xl invoer 0"), tmp / "nieuw.xlsx")
    return one(raised.value.report.errors, "takeover-unknown")


# --- one cell ----------------------------------------------------------------------------------

@case("required")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, gemeente=None, code="required")


@case("not-a-number")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, huishoudens="veel", code="not-a-number")


@case("percent-not-allowed")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, team_fte="50%", code="percent-not-allowed")


@case("not-whole")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, huishoudens=3.5, code="not-whole")


@case("out-of-range")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, aandeel_type__gezinnen=48, code="out-of-range")


@case("not-a-choice")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, actorindeling="lpbl_2014", code="not-a-choice")


@case("text-too-long")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, gemeente="x" * 300, code="text-too-long")


@case("not-text")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return sensitivity(tmp, "not-text", [(3, 0.5, None, None)])


@case("excel-error")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(formula_workbook(tmp / "f.xlsx", "C15", "=1/0", "#DIV/0!"), "excel-error")


@case("no-cached-value")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = write_workbook(tmp / "f.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[INVOER_SHEET]["C15"] = "=1+1"  # openpyxl stores a formula without its result
    wb.save(path)
    return checked(path, "no-cached-value")


@case("is-a-date")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, team_fte=dt.datetime(2013, 1, 5), code="is-a-date")


@case("merged-cells")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(crafted.merged_input(tmp / "samengevoegd.xlsx", "B15:C15", base=write_workbook(tmp / "w.xlsx")),
                   "merged-cells")


@case("is-a-boolean")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, huishoudens=True, code="is-a-boolean")


# --- rules between INVOER cells ----------------------------------------------------------------

@case("share-sum")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, aandeel_type__overige=0.11, code="share-sum")


@case("share-rounded")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, zwaarte__gezinnen__ev=0.03, code="share-rounded")  # 101%, as Arnhem's families (003)


@case("team-both-ways")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, fte_extra=1.0, code="team-both-ways")


@case("team-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, team_fte=None, code="team-missing")


@case("unused-field")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, team_fte=None, fte_nulsituatie=3.0, fte_extra=0.6, code="unused-field")


@case("caseload")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, team_fte=6.0, code="caseload")


@case("success-beyond-share")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, discipline__werk_inkomen_schulden=1, succes__schuldhulp=0.6, code="success-beyond-share")


@case("unusual-value")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, attributie=0.3, code="unusual-value")


@case("points-as-fraction")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, succes__direct_naar_werk=0.5, code="points-as-fraction")


@case("thousands-as-euros")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, kosten_per_fte=62.5, code="thousands-as-euros")


@case("no-effects")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, **{key.replace(".", "__"): None for key in EFFECT_FIELDS}, code="no-effects")


@case("year-two-digits")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, analysejaar=24, code="year-two-digits")


@case("missing-discipline")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, code="missing-discipline")  # the worked example has this warning itself


@case("outside-cpi")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, prijspeil=2030, code="outside-cpi")


@case("rekenwijze-team")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, rekenwijze="lpbl_2019", code="rekenwijze-team")


@case("deel-d-price")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, deel_d__hbh__extra=32, code="deel-d-price")


@case("deel-d-financier")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, deel_d__anders1__bespaard=10, deel_d__anders1__prijs=900, deel_d__anders1__naam="Maatjes",
                  code="deel-d-financier")


@case("deel-d-name")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return invoer(tmp, deel_d__anders1__bespaard=10, deel_d__anders1__prijs=900, deel_d__anders1__financier="wmo",
                  code="deel-d-name")


# --- KENGETALLEN -------------------------------------------------------------------------------

@case("kengetallen-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return checked(write_workbook(tmp / "k.xlsx", kengetallen=False), "kengetallen-missing")


@case("kengetallen-unreadable")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = write_workbook(tmp / "k.xlsx", kengetallen=False)
    wb = openpyxl.load_workbook(path)
    wb.create_sheet(KENGETALLEN_SHEET)["B4"] = "Mijn eigen getallen"  # the sheet is there, but none of its tables
    wb.save(path)
    return checked(path, "kengetallen-unreadable")


@case("table-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return kengetallen(tmp, "table-missing", lambda rows: rows.pop("trajecten"))


@case("table-empty")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return kengetallen(tmp, "table-empty", lambda rows: rows.update(disconto=[]))


@case("header-mismatch")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = write_workbook(tmp / "k.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[KENGETALLEN_SHEET].cell(kengetallen_title_rows()["disconto"] + 1, 3, "Iets anders")
    wb.save(path)
    return checked(path, "header-mismatch")


@case("key-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return kengetallen(tmp, "key-missing", lambda rows: rows["disconto"][1].__setitem__(0, None))


@case("duplicate-key")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return kengetallen(tmp, "duplicate-key", lambda rows: rows["trajecten"].append(list(rows["trajecten"][0])))


@case("rows-below-gap")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = write_workbook(tmp / "k.xlsx")
    wb = openpyxl.load_workbook(path)
    rows = kg.to_rows(kg.default_kengetallen())
    below = kengetallen_title_rows()["cpi"] + 2 + len(rows["cpi"]) + 2
    wb[KENGETALLEN_SHEET].cell(below, 2, 2026)
    wb[KENGETALLEN_SHEET].cell(below, 3, 0.02)
    wb.save(path)
    return checked(path, "rows-below-gap")


@case("unknown-key")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return kengetallen(tmp, "unknown-key",
                       lambda rows: rows["kengetallen"].append(["mijn_kengetal", "Eigen", 5, "€", 2020, ""]))


@case("row-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return kengetallen(tmp, "row-missing", lambda rows: rows["kengetallen"].pop(1))


@case("profile-incomplete")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return kengetallen(tmp, "profile-incomplete",
                       lambda rows: rows["profielen"].extend(["half", *row[1:]] for row in rows["profielen"][:6]))


@case("profile-price-years")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return kengetallen(tmp, "profile-price-years", lambda rows: rows["profielen"][14].__setitem__(9, 2015))


@case("cpi-gap")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return kengetallen(tmp, "cpi-gap", lambda rows: rows["cpi"].append([max(r[0] for r in rows["cpi"]) + 2, 0.02,
                                                                        "eigen schatting"]))


# --- GEVOELIGHEID ------------------------------------------------------------------------------

@case("header-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return sensitivity(tmp, "header-missing", [("kosten_per_fte", 50_000, None, None)], header=())


@case("header-incomplete")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return sensitivity(tmp, "header-incomplete", [], header=("veld", "nieuwe waarde"))


@case("too-many-rows")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return sensitivity(tmp, "too-many-rows", [("terugval", 0.1 + i / 1000, None, None) for i in range(101)])


@case("unknown-field")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return sensitivity(tmp, "unknown-field", [("kengetal:qaly", 1, None, None)])


@case("text-field")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return sensitivity(tmp, "text-field", [("gemeente", "Elders", None, None)])


@case("value-or-factor")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return sensitivity(tmp, "value-or-factor", [("kosten_per_fte", 50_000, 0.8, None)])


@case("factor-on-choice")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return sensitivity(tmp, "factor-on-choice", [("disconteringsregel", None, 2, None)])


@case("duplicate-field")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return sensitivity(tmp, "duplicate-field", [("terugval", 0.4, None, "Meer terugval"),
                                                ("terugval", 0.5, None, "Meer terugval")])


# --- ONZEKERHEID -------------------------------------------------------------------------------

@case("assumption-header-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "assumption-header-missing", [("terugval", "driehoek", "waarde", 0.1, 0.4)], header=())


@case("assumption-header-incomplete")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "assumption-header-incomplete", [],
                       header=("veld", "verdeling", "grenzen", "laag", "hoog", "bron"))


@case("not-continuous")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "not-continuous", [("kengetal:escalatie_duur", "uniform", "waarde", 1, 3)])


@case("group-needs-factor")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "group-needs-factor", [("groep:substitutie", "uniform", "waarde", 0.1, 0.3)])


@case("bounds-order")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "bounds-order", [("nieuw_gevonden", "driehoek", "waarde", 0.2, 0.3)])


@case("lognormal-nonpositive")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "lognormal-nonpositive", [("nieuw_gevonden", "lognormaal", "waarde", 0, 0.3)])


@case("mode-outside-interval")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "mode-outside-interval", [("nieuw_gevonden", "uniform", "waarde", 0.2, 0.3)])


@case("mode-off-centre")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "mode-off-centre", [("nieuw_gevonden", "normaal", "waarde", 0.1, 0.4)])


@case("duplicate-assumption")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "duplicate-assumption", [("groep:substitutie", "driehoek", "factor", 0.5, 2),
                                                     ("substitutie.nieuw", "driehoek", "waarde", 0.6, 0.9)])


@case("correlation-unknown-field")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "correlation-unknown-field", [], [("kosten_per_fte", "attributie", 0.5)])


@case("correlation-same-field")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "correlation-same-field", [], [("kosten_per_fte", "C43", 0.5)])


@case("correlation-duplicate-pair")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "correlation-duplicate-pair", [], [("kosten_per_fte", "nieuw_gevonden", 0.5),
                                                               ("nieuw_gevonden", "kosten_per_fte", 0.3)])


@case("correlation-not-positive-definite")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return uncertainty(tmp, "correlation-not-positive-definite", [], [
        ("kosten_per_fte", "groep:extra_inzet", 0.9), ("kosten_per_fte", "groep:substitutie", 0.9),
        ("groep:extra_inzet", "groep:substitutie", -0.9)])


@case("no-assumptions")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = uncertainty_workbook(tmp, [(f"{veld}", "geen") for veld in (
        "groep:voorkomen_escalatie", "terugval", "groep:substitutie", "kosten_per_fte", "kengetal:qaly_waarde",
        "groep:extra_inzet", "groep:effectiviteit")])
    with pytest.raises(InputError) as info:
        pipeline.uncertainty_workbook(path, None)
    return one(info.value.report.errors, "no-assumptions")


@case("bad-option")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    with pytest.raises(OptionError) as info:
        pipeline.uncertainty_options("10 000 000", None)
    return Problem("", "", "", str(info.value), code=info.value.code)


# --- MEERJARIG --------------------------------------------------------------------------------

def meerjarig(tmp: Path, code: str, years: list[dict[str, Any]], base_year: Any = None,
              values: dict[str, Any] | None = None) -> Problem:
    path = add_meerjarig(write_workbook(tmp / "invoer.xlsx", values), years, base_year)
    return one(pipeline.check(path).errors + pipeline.check(path).warnings, code)


@case("year-order")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return meerjarig(tmp, "year-order", [{"jaar": 2013}, {"jaar": 2015}, {"jaar": 2014}])


@case("base-year-outside")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return meerjarig(tmp, "base-year-outside", [{"jaar": 2013}, {"jaar": 2014}], base_year=2012)


@case("team-way-mismatch")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    return meerjarig(tmp, "team-way-mismatch", [{"jaar": 2013}, {"jaar": 2014, "fte_extra": 1.5}])


@case("one-year-analysis")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    path = add_meerjarig(write_workbook(tmp / "invoer.xlsx"), [{"jaar": 2013}, {"jaar": 2014}])
    _, report = pipeline.sensitivity_workbook(path, None)
    return one(report.warnings, "one-year-analysis")


# --- output ------------------------------------------------------------------------------------

def as_problem(error: OutputError) -> Problem:
    return Problem("", "", "", str(error), code=error.code)


@case("output-exists")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    source, target = write_workbook(tmp / "invoer.xlsx"), tmp / "uit.xlsx"
    target.write_bytes(b"")
    return as_problem(output_error(lambda: pipeline.check_output_path(source, target, force=False)))


@case("too-few-workbooks")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    source = write_workbook(tmp / "invoer.xlsx")
    return as_problem(output_error(lambda: pipeline.compare_workbooks([source], None)))


@case("output-is-input")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    source = write_workbook(tmp / "invoer.xlsx")
    return as_problem(output_error(lambda: pipeline.check_output_path(source, source, force=True)))


@case("folder-missing")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    source = write_workbook(tmp / "invoer.xlsx")
    return as_problem(output_error(lambda: pipeline.check_output_path(source, tmp / "weg" / "uit.xlsx",
                                                                      force=False)))


@case("output-is-folder")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    from mkba_xl.template import write_template

    (tmp / "sjabloon.xlsx").mkdir()  # a folder where the file should come
    return as_problem(output_error(lambda: write_template(tmp / "sjabloon.xlsx")))


@case("output-extension")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    from mkba_xl.cli import output_target

    return as_problem(output_error(lambda: output_target(str(tmp / "uitvoer.csv"))))


@case("write-failed")
def _(tmp: Path, mp: pytest.MonkeyPatch) -> Problem:
    from mkba_xl.template import write_template

    (tmp / "map").write_bytes(b"")  # a file where the folder should be
    return as_problem(output_error(lambda: write_template(tmp / "map" / "sjabloon.xlsx")))


EXPECTED: dict[str, tuple[str, str, str]] = {
    'file-missing': ('weg.xlsx', '',
        'Het bestand "<tmp>/weg.xlsx" bestaat niet. Controleer de naam en de map.'),
    'file-is-folder': ('<tmp>', '',
        '"<tmp>" is een map, geen bestand. Geef het Excel-bestand (.xlsx) zelf op.'),
    'file-not-regular': ('pijp.xlsx', '',
        '"<tmp>/pijp.xlsx" is geen gewoon bestand, maar bijvoorbeeld een named pipe, een apparaat of een '
        'socket. Sla de ingevulde werkmap op als bestand (.xlsx) en geef dat bestand op.'),
    'name-too-long': ("x" * 300 + ".xlsx", '',
        'De naam van het bestand of van een map erin is te lang voor het besturingssysteem (305 tekens, of '
        'het hele pad is te lang). Geef het bestand of de map een kortere naam.'),
    'file-unreadable': ('bezet.xlsx', '',
        'Het bestand kan niet worden geopend (geen leesrechten, of het is in gebruik door een ander '
        'programma). Sluit het bestand en probeer opnieuw.'),
    'file-empty': ('leeg.xlsx', '',
        "Het bestand is leeg (0 bytes). Sla de ingevulde werkmap opnieuw op als 'Excel-werkmap (.xlsx)'."),
    'file-too-large': ('groot.xlsx', '',
        'Het bestand is groter dan 1 kB (<size>); zo groot wordt een ingevuld sjabloon nooit. Verwijder grote '
        'afbeeldingen of extra werkbladen, of neem de invoer over in een nieuw sjabloon (mkba-xl template).'),
    'file-xls-or-encrypted': ('oud.xls', '',
        'Dit is een oud Excel-bestand (Excel 97-2003, .xls) of een Excel-bestand dat met een wachtwoord is '
        'beveiligd. Open het in Excel, haal een eventueel wachtwoord weg (Bestand > Info > Werkmap '
        "beveiligen) en sla het op als 'Excel-werkmap (.xlsx)' zonder wachtwoord."),
    'file-not-xlsx': ('lijst.xlsx', '',
        'Dit is geen Excel-bestand (.xlsx), maar bijvoorbeeld een CSV-, tekst- of PDF-bestand met een andere '
        "naam. Gebruik het ingevulde sjabloon en sla het op als 'Excel-werkmap (.xlsx)'."),
    'file-ods': ('invoer.xlsx', '',
        'Dit is een OpenDocument-bestand (.ods), geen Excel-werkmap. Open het in LibreOffice of Excel en sla '
        "het op als 'Excel-werkmap (.xlsx)'."),
    'file-xlsb': ('invoer.xlsx', '',
        "Dit is een binaire Excel-werkmap (.xlsb). Open het in Excel en sla het op als 'Excel-werkmap "
        "(.xlsx)'."),
    'file-not-workbook': ('brief.xlsx', '',
        'Dit is geen Excel-werkmap (.xlsx): het bestand is een zip-bestand zonder de onderdelen van een '
        'werkmap (bijvoorbeeld een Word-document of een ander archief). Gebruik het ingevulde sjabloon.'),
    'file-damaged': ('kapot.xlsx', '',
        'Het bestand is beschadigd of geen geldig Excel-bestand en kan niet worden gelezen. Open het in '
        "Excel of LibreOffice en sla het opnieuw op als 'Excel-werkmap (.xlsx)', of maak een nieuw sjabloon "
        'met: mkba-xl template'),
    'file-strict': ('strikt.xlsx', '',
        "Dit is een Excel-werkmap in het formaat 'Strict Open XML'. Dat formaat wordt niet gelezen. Open het "
        "bestand in Excel en kies Bestand > Opslaan als > 'Excel-werkmap (.xlsx)' (niet 'Strict Open "
        "XML-werkmap'), of sla het in LibreOffice op als 'Excel 2007-365 (.xlsx)'."),
    'zip-bomb': ('veel.xlsx', '',
        'Het bestand wordt niet gelezen: het pakt uit tot meer dan 5 onderdelen (10) (mogelijk een zip-bom). '
        "Een ingevuld sjabloon is veel kleiner. Sla de werkmap opnieuw op als 'Excel-werkmap (.xlsx)' of "
        'maak een nieuw sjabloon met: mkba-xl template'),
    'part-too-large': ('opmaak.xlsx', '',
        'Het bestand wordt niet gelezen: het onderdeel met de opmaak is 9 MB groot, meer dan 8 MB; zo groot '
        'wordt een ingevuld sjabloon nooit; er staan waarschijnlijk veel gegevens of opmaak buiten de '
        'invoercellen. Verwijder die en sla het bestand opnieuw op, of neem de invoer over in een nieuw '
        'sjabloon (mkba-xl template).'),
    'duplicate-part': ('dubbel.xlsx', '',
        'Het bestand bevat het onderdeel xl/worksheets/sheet1.xml twee keer. Excel maakt zulke bestanden '
        "niet, en programma's lezen er elk een ander exemplaar van, zodat niet zeker is welke invoer u ziet. "
        "Open het bestand in Excel of LibreOffice en sla het opnieuw op als 'Excel-werkmap (.xlsx)'."),
    'xml-declaration': ('bom.xlsx', '',
        'Het bestand bevat XML met een DOCTYPE- of ENTITY-declaratie. Een Excel-bestand heeft die nooit '
        'nodig; het bestand is beschadigd of onveilig (mogelijk een XML-bom) en wordt niet gelezen. Sla de '
        "werkmap opnieuw op als 'Excel-werkmap (.xlsx)'."),
    'no-invoer-sheet': ('invoer.xlsx', '',
        'Het blad INVOER ontbreekt, maar het blad "Invoer (2)" is het blad INVOER van het sjabloon onder een '
        'andere naam (de vaste teksten van het sjabloon staan erop). Geef blad "Invoer (2)" weer de naam INVOER: '
        'dubbelklik op de bladtab (of klik er met de rechtermuisknop op en kies Naam wijzigen) en typ INVOER; '
        'alleen het blad met die naam wordt gelezen.'),
    'duplicate-sheet': ('invoer.xlsx', '',
        'De werkmap heeft 2 bladen die INVOER heten ("INVOER", "Invoer"). Het is dan niet zeker welk blad u '
        'ziet en welk wordt gelezen. Verwijder of hernoem de bladen zodat er één INVOER overblijft.'),
    'sheet-unreadable': ('grafiek.xlsx', '',
        'Het blad "INVOER" is een grafiekblad, dus er staan geen cellen op om te lezen. Het blad INVOER moet '
        'een gewoon werkblad zijn zoals in het sjabloon: hernoem dit blad en zet INVOER terug (mkba-xl '
        'template).'),
    'template-version': ('INVOER', 'C2',
        'Dit werkblad is gemaakt met een ander of ouder sjabloon (gevonden: "mkba-xl invoer 1"; verwacht: '
        '"mkba-xl invoer 2"). Neem de invoer over in een nieuw sjabloon met: mkba-xl template --van '
        '<tmp>/oud.xlsx'),
    'takeover-unknown': ('INVOER', 'C2',
        'In C2 staat "mkba-xl invoer 0": dit is geen blad INVOER van een sjabloon van mkba-xl dat kan worden '
        'overgenomen (bekend zijn: mkba-xl invoer 1, mkba-xl invoer 2). Is de regel met de sjabloonversie '
        'verwijderd, zet hem dan terug (Ctrl+Z in Excel) of typ de versie weer in C2; anders: maak een nieuw '
        'sjabloon met mkba-xl template en typ de invoer daarin over.'),
    'layout-moved': ('INVOER', 'B79',
        'Het blad INVOER is verschoven: de tekst "Voorkomen escalatie (% van de huishoudens)" hoort in B80, '
        'maar staat in B79, 1 regel hoger. Waarschijnlijk is regel 79 verwijderd. Zet het blad terug zoals '
        'het was (Ctrl+Z in Excel), of neem de invoer over in een nieuw sjabloon met: mkba-xl template --van '
        '<tmp>/invoer.xlsx. Zolang de indeling verschoven is, zou elke invoercel een ander getal lezen.'),
    'required': ('INVOER', 'C5',
        'Gemeente: Dit veld is verplicht. Typ een tekst. Naam van de gemeente, bijvoorbeeld Groningen.'),
    'not-a-number': ('INVOER', 'C15',
        'Aantal huishoudens in aanpak (totaal): "veel" is geen getal. Typ een geheel getal tussen 1 en '
        '1.000.000.'),
    'percent-not-allowed': ('INVOER', 'C42',
        'Totaal aantal teamleden (fte): "50%" is een percentage, maar hier hoort geen %. Typ een getal '
        'tussen 0 en 10.000 (decimalen na een komma, bijvoorbeeld 1,5).'),
    'not-whole': ('INVOER', 'C15',
        'Aantal huishoudens in aanpak (totaal): De waarde 3,5 is geen geheel getal. Typ een geheel getal '
        'tussen 1 en 1.000.000.'),
    'out-of-range': ('INVOER', 'C17',
        'Aandeel gezinnen: De waarde 4800% is groter dan 100%. Bedoelt u 48%? Typ dan 48%.'),
    'not-a-choice': ('INVOER', 'C11',
        'Indeling geldstromen naar actoren: "lpbl_2014" is geen geldige keuze. Typ een van: na_2015, '
        'voor_2015.'),
    'text-too-long': ('INVOER', 'C5',
        'Gemeente: De tekst is 300 tekens lang; maximaal 255. Typ een kortere tekst.'),
    'not-text': ('GEVOELIGHEID', 'B5',
        'Regel 5: de kolom veld moet een veldnaam bevatten (tekst, geen getal of formule), bijvoorbeeld '
        'kosten_per_fte.'),
    'excel-error': ('INVOER', 'C15',
        'Aantal huishoudens in aanpak (totaal): De formule in de cel geeft de Excel-foutwaarde #DIV/0!. Typ '
        'een geheel getal tussen 1 en 1.000.000.'),
    'no-cached-value': ('INVOER', 'C15',
        'Aantal huishoudens in aanpak (totaal): De cel bevat een formule zonder berekende waarde. Open het '
        'bestand in Excel of LibreOffice, sla het op en probeer opnieuw.'),
    'is-a-date': ('INVOER', 'C42',
        'Totaal aantal teamleden (fte): De cel bevat een datum; typ een getal tussen 0 en 10.000 (decimalen '
        'na een komma, bijvoorbeeld 1,5). Staat de cel in Excel als datum opgemaakt, zet de opmaak dan op '
        'Standaard.'),
    'is-a-boolean': ('INVOER', 'C15',
        'Aantal huishoudens in aanpak (totaal): De cel bevat WAAR. Typ een geheel getal tussen 1 en '
        '1.000.000.'),
    'merged-cells': ('INVOER', 'C15',
        'Aantal huishoudens in aanpak (totaal): De cel valt onder de samengevoegde cellen B15:C15. Excel '
        'toont daar alleen de waarde van B15, maar deze cel bevat ook een (verborgen) waarde. Maak het '
        'samenvoegen ongedaan (Start > Samenvoegen en centreren) en controleer wat er in de cellen staat.'),
    'share-sum': ('INVOER', 'C17',
        'Type huishoudens in aanpak: de aandelen gezinnen, ouderen en overige tellen op tot 90%; dat moet '
        '100% zijn. Pas de cellen C17 tot en met E17 aan.'),
    'share-rounded': ('INVOER', 'C19',
        'Huishoudens naar zwaarte — Gezinnen: de zwaarteklassen tellen op tot 101% in plaats van 100%; dat lijkt '
        'afronding. Er wordt gerekend met de aandelen gedeeld door 101%, zodat ze samen 100% zijn: C19 3% wordt '
        '2,97%, C20 20% wordt 19,80%, C21 78% wordt 77,23% (ook op het blad BEREKENING). Typ aandelen die samen '
        'precies 100% zijn (cellen C19 tot en met C22) om deze melding te voorkomen.'),
    'team-both-ways': ('INVOER', 'C42',
        'Totaal aantal teamleden (fte): Vul óf het totaal aantal teamleden (manier 1) óf de fte in de '
        '0-situatie en extra fte (manier 2) in, niet beide. Maak de cellen van één manier leeg (C42 en C44, '
        'of C46 en C47).'),
    'team-missing': ('INVOER', 'C42',
        'Totaal aantal teamleden (fte): Vul de omvang van het team in: óf het totaal aantal teamleden in fte '
        '(manier 1, cel C42, met het aandeel additioneel in C44) óf de fte in de 0-situatie (C46) en de '
        'extra fte (C47) (manier 2). Typ bijvoorbeeld 3,6 in C42.'),
    'unused-field': ('INVOER', 'C44',
        'W.v. percentage additionele kosten (fte): dit aandeel hoort bij manier 1 en wordt niet gebruikt, '
        'omdat u het team met manier 2 invult. Maak de cel leeg om verwarring te voorkomen.'),
    'caseload': ('INVOER', 'C42',
        'Totaal aantal teamleden (fte): Ingevoerd 6 fte; volgens de caseloadnorm is 3,6 fte nodig (68% '
        'verschil). Controleer de teamomvang of de caseload (C34 tot en met C37).'),
    'success-beyond-share': ('INVOER', 'C74',
        'Schuldhulp (meer huishoudens financieel stabiel): het basissucces van de schuldhulpverlening is 45% '
        "(blad KENGETALLEN, 'Basissucces schuldhulpverlening (financieel stabiel na 6 maanden)'); met 60% erbij "
        'komt het boven 100%. Controleer de verandering.'),
    'unusual-value': ('INVOER', 'C87',
        'Attributie (toerekening aan de aanpak): 30% is minder dan gebruikelijk (50% tot 100%; LPBL (2014), '
        "Meta-analyse MKBA's sociale (wijk)teams, tabel 4.7 noot: 'aanname attributie vaak 50%'; 100% = al "
        'toegerekend). Controleer de waarde; klopt hij, dan kunt u deze melding negeren.'),
    'points-as-fraction': ('INVOER', 'C75',
        'Direct naar werk: +50 procentpunt is meer dan gebruikelijk (-15 tot +15 procentpunt; LPBL (2014), '
        'MKBA Overlast Zorg Overleg Arnhem, paragraaf 3.2.3 punt 1a: schuldhulp van 45% naar 60% financieel '
        "stabiel (+15 procentpunt, het grootste effect in de rapporten); LPBL (2014), Meta-analyse MKBA's "
        'sociale (wijk)teams, bijlage 2: +2, -1, -2 en -1 procentpunt). Bedoelt u 0,5 procentpunt? Typ dan '
        '0,5% (met het %-teken).'),
    'thousands-as-euros': ('INVOER', 'C43',
        'Kosten per fte incl. huisvesting: € 62,5 is minder dan gebruikelijk (€ 20.000 tot € 200.000; LPBL '
        '(2019), Evaluatie WIJ-teams Groningen, paragraaf 4.2: 76.000 per fte, circa 90.000 met huisvesting; '
        'LPBL (2021), Onderbouwing beleidsplan West Betuwe, paragraaf 4.1: 74.000 per consulent; LPBL '
        '(2012), MKBA Frontlijnteam Heechterp-Schieringen Leeuwarden, paragraaf 3.1.2: 732.000 voor 10,3 fte '
        '(de grenzen zijn een aanname: onder 20.000 rekent u waarschijnlijk in duizenden)). Rekent u in '
        "duizenden? Typ het hele bedrag in euro's, bijvoorbeeld 62.500 in plaats van 62,5."),
    'no-effects': ('INVOER', 'C62',
        'Er zijn geen effecten ingevuld; het resultaat bevat alleen kosten. Vul in deel C (cellen C62 tot en '
        'met C93) de effecten van de aanpak in, of laat het zo als u alleen de kosten wilt zien.'),
    'year-two-digits': ('INVOER', 'C7',
        'Jaar van de analyse: 24 is geen volledig jaartal. Bedoelt u 2024? Typ dan 2024.'),
    'missing-discipline': ('INVOER', 'C75',
        'Direct naar werk: u vult een effect in, maar het team heeft geen discipline Werk & inkomen / '
        'schulden (cel C68 is 0 of leeg). Controleer beide cellen.'),
    'outside-cpi': ('INVOER', 'C8',
        'Prijspeil (jaar): 2030 valt buiten de CPI-tabel (2009 tot en met 2025); bedragen worden niet '
        'geïndexeerd voorbij 2025. Vul de CPI aan op het blad KENGETALLEN.'),
    'rekenwijze-team': ('INVOER', 'C13',
        'Rekenwijze (versie van de LPBL-tool): u kiest lpbl_2019, maar u vult het team in volgens manier 1 (cel '
        'C42: het hele team met een aandeel additioneel), zoals de tool van 2014. Er wordt gerekend met '
        'lpbl_2019. Laat cel C13 leeg voor de rekenwijze die bij het team past (lpbl_2014).'),
    'deel-d-price': ('INVOER', 'E109',
        'Deel D, Wmo: hulp bij het huishouden: prijs per traject: deze regel heeft aantallen trajecten, maar '
        'geen prijs. Typ de prijs van één traject per jaar in cel E109, bijvoorbeeld 2.805.'),
    'deel-d-financier': ('INVOER', 'D118',
        'Deel D, Anders, namelijk (naam in kolom C): financier: deze regel heeft aantallen trajecten, maar '
        'geen financier. Kies in cel D118 de geldstroom die de trajecten betaalt, bijvoorbeeld wmo.'),
    'deel-d-name': ('INVOER', 'C118',
        'Deel D, Anders, namelijk (naam in kolom C): naam: deze regel heeft aantallen trajecten, maar geen '
        'naam. Typ in cel C118 de naam van de voorziening, zodat BEREKENING zegt welke trajecten het zijn.'),
    'kengetallen-missing': ('KENGETALLEN', '',
        'Het blad KENGETALLEN ontbreekt; de standaardkengetallen worden gebruikt. Wilt u eigen kengetallen '
        'gebruiken, neem dan het blad over uit een nieuw sjabloon (mkba-xl template).'),
    'kengetallen-unreadable': ('KENGETALLEN', '',
        'Op het blad KENGETALLEN staat geen enkele tabel van het sjabloon (geen titel in kolom B herkend). Uw '
        'kengetallen kunnen dus niet worden gelezen. Zet het blad terug zoals in het sjabloon, of neem het '
        'over uit een nieuw sjabloon (mkba-xl template); wilt u de standaardwaarden, verwijder het blad dan.'),
    'table-missing': ('KENGETALLEN', '',
        'De tabel "Trajectencatalogus" staat niet op het blad KENGETALLEN: de titel is niet in kolom B '
        'gevonden. Zet de titel en de tabel terug zoals in het sjabloon, of neem de tabel over uit een nieuw '
        'sjabloon (mkba-xl template).'),
    'table-empty': ('KENGETALLEN', 'B90',
        'De tabel "Disconteringsregels" heeft geen regels. Zet de regels terug, of neem de tabel over uit een '
        'nieuw sjabloon (mkba-xl template).'),
    'header-mismatch': ('KENGETALLEN', 'C91',
        'Tabel "Disconteringsregels": de kolomkop in C91 is "Iets anders", maar moet "Discontovoet" zijn. '
        'Zet de kolommen terug zoals in het sjabloon (mkba-xl template).'),
    'key-missing': ('KENGETALLEN', 'B93',
        'Tabel "Disconteringsregels", Regel in regel 93: De sleutel ontbreekt. Typ een tekst zoals in het '
        'sjabloon.'),
    'duplicate-key': ('KENGETALLEN', 'B88',
        'Tabel "Trajectencatalogus": "Schuldhulpverlening (licht, budgetcoaching)" staat twee keer in de '
        'tabel (ook in regel 79). Verwijder een van beide regels.'),
    'rows-below-gap': ('KENGETALLEN', 'B120',
        'Regel 120 staat onder een lege regel en hoort daardoor niet bij de tabel "Consumentenprijsindex '
        '(CPI), jaarmutatie"; zo zou hij niet worden gelezen. Verwijder de lege regel(s) erboven.'),
    'unknown-key': ('KENGETALLEN', 'B35',
        'Tabel "Kengetallen (eenheidsprijzen en aannames)": de sleutel "mijn_kengetal" is onbekend; deze '
        'regel wordt niet gebruikt. Gebruik de namen uit het sjabloon.'),
    'row-missing': ('KENGETALLEN', '',
        'Tabel "Kengetallen (eenheidsprijzen en aannames)": de regel "afschrijving_eenmalig_jaren" (Eenmalige '
        'kosten verdeeld over (jaren)) ontbreekt. '
        'Zonder die regel zou de standaardwaarde worden gebruikt in plaats van de uwe. Zet de regel terug '
        '(Ctrl+Z in Excel, of neem hem over uit een nieuw sjabloon: mkba-xl template) en vul uw waarde in.'),
    'profile-incomplete': ('KENGETALLEN', 'B75',
        'Tabel "Zorgconsumptieprofielen (€ per huishouden per jaar)": profiel "half" is onvolledig; de '
        'regels voor ouderen/mv_nzr, ouderen/top, overige/ev, overige/mv_zr, overige/mv_nzr, overige/top '
        'ontbreken. Een profiel heeft 12 regels: 3 typen x 4 zwaarten.'),
    'profile-price-years': ('KENGETALLEN', 'K53',
        'Tabel "Zorgconsumptieprofielen (€ per huishouden per jaar)": profiel "groningen_2019" heeft '
        'verschillende prijsjaren (2015, 2018). Typ in alle regels van het profiel hetzelfde prijsjaar.'),
    'cpi-gap': ('KENGETALLEN', 'B118',
        'Tabel "Consumentenprijsindex (CPI), jaarmutatie": na 2025 komt 2027; de jaren ertussen ontbreken, '
        'zodat bedragen niet voorbij 2025 kunnen worden geïndexeerd. Vul de ontbrekende jaren aan.'),
    "year-order": ("MEERJARIG", "B9", "Regel 9, Jaar: 2014 komt na 2015; elk jaar staat één keer en de jaren lopen "
                                      "op. Zet de regels op volgorde van jaar."),
    "base-year-outside": ("MEERJARIG", "C4", "Basisjaar: 2012 ligt buiten de jaren op het blad (2013 tot en met "
                                             "2014). Typ een jaar daartussen, of laat de cel leeg voor het eerste "
                                             "jaar."),
    "team-way-mismatch": ("MEERJARIG", "H8", "Regel 8 (2014), Extra fte (manier 2): op INVOER staat het team volgens "
                                             "manier 1 (cel C42); vul per jaar dezelfde manier in, of maak deze cel "
                                             "leeg."),
    "one-year-analysis": ("MEERJARIG", "", "De gevoeligheidsanalyse rekent met één jaar aanpak (het blad INVOER), "
                                           "niet met de jaren op het blad MEERJARIG; UITVOER toont wel alle jaren."),
    'header-missing': ('GEVOELIGHEID', '',
        'Het blad GEVOELIGHEID heeft geen kopregel met de kolommen veld, nieuwe waarde, factor en '
        'omschrijving (gezocht in de regels 1 tot en met 20). Typ die vier kopjes in één regel, bijvoorbeeld '
        'in B4 tot en met E4, en zet uw varianten eronder; of verwijder het blad als u geen eigen varianten '
        'wilt.'),
    'header-incomplete': ('GEVOELIGHEID', 'B4',
        "De kopregel mist de kolom(men) factor. Typ naast 'veld' de kopjes 'nieuwe waarde', 'factor' en "
        "'omschrijving' (zoals in B4 tot en met E4 van het sjabloon)."),
    'too-many-rows': ('GEVOELIGHEID', 'A105',
        'Er staan meer dan 100 regels onder de kopregel; alleen de eerste 100 worden gelezen. Verwijder '
        'regels vanaf regel 105.'),
    'unknown-field': ('GEVOELIGHEID', 'B5',
        'Regel 5: "kengetal:qaly": het kengetal "qaly" bestaat niet. Bedoelt u kengetal:qaly_per_hh of '
        'kengetal:qaly_waarde? De sleutels staan in kolom B van de tabel Kengetallen op het blad KENGETALLEN.'),
    'text-field': ('GEVOELIGHEID', 'B5',
        'Regel 5: "gemeente" is een tekstveld (Gemeente) en verandert de uitkomst niet. Kies een veld met '
        'een getal, percentage of bedrag.'),
    'value-or-factor': ('GEVOELIGHEID', 'D5',
        'Regel 5: vul óf een nieuwe waarde óf een factor in, niet allebei. Maak een van de twee cellen leeg '
        '(C5 of D5).'),
    'factor-on-choice': ('GEVOELIGHEID', 'D5',
        'Regel 5: Disconteringsregel is een keuze; een factor kan daar niet. Typ in C5 een nieuwe waarde: '
        'een van: rijk_2026, rijk_2021, rijk_2015, lpbl_2014, lpbl_2014_verre_toekomst.'),
    'duplicate-field': ('GEVOELIGHEID', 'B6',
        'Regel 6: het veld terugval staat al in een eerdere regel met de omschrijving "Meer terugval"; een '
        'variant verandert elk veld één keer.'),
    'assumption-header-missing': ('ONZEKERHEID', 'B7',
        'Het blad ONZEKERHEID heeft in B7 tot en met G7 niet de kopregel van het sjabloon (veld, verdeling, '
        'grenzen als, laag, hoog, bron). Maak het blad opnieuw met mkba-xl template en kopieer uw regels '
        'eronder, of verwijder het blad als u alleen de standaardaannames wilt.'),
    'assumption-header-incomplete': ('ONZEKERHEID', 'D7',
        "In de kopregel hoort in D7 'grenzen als' te staan. De kolommen staan vast: veld, verdeling, grenzen "
        'als, laag, hoog, bron, vanaf B7. Zet de kopjes terug zoals in het sjabloon (mkba-xl template).'),
    'not-continuous': ('ONZEKERHEID', 'B8',
        'Regel 8: "kengetal:escalatie_duur" (kengetal escalatie_duur) is een duur, een startjaar of een '
        'discontovoet die bepaalt in welke jaren bedragen vallen; die kan niet per trekking verschillen. Laat'
        ' deze regel weg, of bekijk het effect met mkba-xl gevoeligheid (blad GEVOELIGHEID).'),
    'group-needs-factor': ('ONZEKERHEID', 'D8',
        'Regel 8: een groep verandert velden met verschillende waarden; typ factor en geef laag en hoog als '
        'factoren op de INVOER-waarden (bijvoorbeeld 0,5 en 1,5).'),
    'bounds-order': ('ONZEKERHEID', 'E8',
        'Regel 8: bij een driehoek is de meest waarschijnlijke waarde de waarde op INVOER (18%), maar die '
        'ligt niet tussen laag (20%) en hoog (30%). Verruim de grenzen of pas INVOER aan.'),
    'lognormal-nonpositive': ('ONZEKERHEID', 'E8',
        'Regel 8: een lognormale verdeling ligt helemaal boven 0; laag moet groter zijn dan 0 (nu 0%). Kies '
        'een positieve ondergrens of een andere verdeling.'),
    'mode-outside-interval': ('ONZEKERHEID', 'E8',
        'Regel 8: de waarde op INVOER (18%) ligt buiten 20% tot 30%. Bij een uniforme verdeling bepalen '
        'alleen laag en hoog de trekkingen, dus die liggen niet rond de INVOER-waarde. Bedoelt u een '
        'driehoek?'),
    'mode-off-centre': ('ONZEKERHEID', 'E8',
        'Regel 8: het midden van de trekkingen (25%) ligt ver van de waarde op INVOER (18%); de mediaan van '
        'de uitkomsten wijkt daardoor af van UITVOER. Kies een interval rond de INVOER-waarde of een '
        'driehoek.'),
    'duplicate-assumption': ('ONZEKERHEID', 'B9',
        'Regel 9: het veld substitutie.nieuw staat al in regel 8; elk veld hoort bij één aanname (een groep '
        'telt voor al haar velden). Verwijder een van de twee regels.'),
    'correlation-unknown-field': ('ONZEKERHEID', 'J8',
        'Regel 8: voor attributie wordt niets getrokken (geen eigen regel en geen standaardaanname die '
        'meedoet); een correlatie hoort bij twee aannames die worden getrokken.'),
    'correlation-same-field': ('ONZEKERHEID', 'J8',
        'Regel 8: kosten_per_fte staat twee keer in deze regel; een correlatie hoort bij twee verschillende '
        'aannames.'),
    'correlation-duplicate-pair': ('ONZEKERHEID', 'I9',
        'Regel 9: de correlatie tussen nieuw_gevonden en kosten_per_fte staat al in regel 8. Verwijder een '
        'van de twee.'),
    'correlation-not-positive-definite': ('ONZEKERHEID', 'K8',
        'De rangcorrelaties passen niet bij elkaar (regel 8: kosten_per_fte en groep:extra_inzet 0,9; regel 9: '
        'kosten_per_fte en groep:substitutie 0,9; regel 10: groep:extra_inzet en groep:substitutie -0,9): '
        'geen gezamenlijke verdeling heeft ze allemaal. Maak ze kleiner of laat er een weg.'),
    'no-assumptions': ('ONZEKERHEID', '',
        "Er is niets om te trekken: alle aannames staan op 'geen' of veranderen niets voor deze invoer. Typ "
        'op het blad ONZEKERHEID minstens één regel met een verdeling (bijvoorbeeld terugval, driehoek, '
        'waarde, 10%, 40%).'),
    'bad-option': ('', '',
        '--trekkingen 10 000 000: typ een geheel getal van 100 tot en met 200.000, bijvoorbeeld --trekkingen '
        '10.000.'),
    'output-exists': ('', '',
        '<tmp>/uit.xlsx bestaat al. Gebruik --force om het te overschrijven of kies met -o een andere naam.'),
    'output-is-input': ('', '',
        'Het uitvoerbestand mag niet hetzelfde zijn als het invoerbestand; kies met -o een andere naam.'),
    'folder-missing': ('', '',
        'De map <tmp>/weg bestaat niet.'),
    'output-is-folder': ('', '',
        "'<tmp>/sjabloon.xlsx' is een map. Geef met -o een bestandsnaam, bijvoorbeeld "
        '<tmp>/sjabloon.xlsx/uitvoer.xlsx.'),
    'output-extension': ('', '',
        '-o <tmp>/uitvoer.csv: deze opdracht schrijft een Excel-werkmap, dus de naam moet op .xlsx eindigen. Typ '
        'bijvoorbeeld -o <tmp>/uitvoer.xlsx.'),
    'write-failed': ('', '',
        'In de map <tmp>/map kan niet worden geschreven: een deel van de naam is geen map.'),
    "too-few-workbooks": ("", "", "Vergelijk minstens twee werkmappen, bijvoorbeeld: mkba-xl vergelijk nu.xlsx "
                                  "potentie.xlsx"),
}
"""Code -> (sheet or file name, cell, message); '<tmp>' stands for the test's folder."""


# The codes of the DOSSIERS sheet and the dossier analysis live beside their workbooks (tests/dossier_codes.py,
# registered in the same CASES when it is imported above); their texts are pinned here too.
EXPECTED.update(dossier_codes.EXPECTED)


def test_every_code_has_a_case() -> None:
    assert set(CASES) == set(CODES)
    assert set(EXPECTED) == set(CODES)


@pytest.mark.parametrize("code", sorted(CODES))
def test_the_dutch_text_of_each_code(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problem = CASES[code](tmp_path, monkeypatch)
    assert problem.code == code
    sheet, cell, message = EXPECTED[code]
    assert (problem.sheet.replace(tmp_path.name, "<tmp>"), problem.cell) == (sheet, cell)
    assert problem.message.replace(str(tmp_path), "<tmp>") == message


TYPED_KEYS_SHEETS = ("GEVOELIGHEID", "ONZEKERHEID", "DOSSIERS")
"""Sheets whose rows the user fills with field names and column headers: a message there quotes what was typed."""


def test_no_message_shows_an_internal_key() -> None:
    """Users read labels ('Kosten per fte incl. huisvesting'), not keys ('kosten_per_fte'): every text of every code
    about INVOER, KENGETALLEN or the file is scanned for the keys of the INVOER fields and the kengetallen. A
    kengetal's key may stand in quotes before its description (the key of a row to put back on KENGETALLEN)."""
    keys = {k for k in FIELDS if "." in k or "_" in k} | set(kg.default_kengetallen().scalars)
    shown = {}
    for code, (sheet, _, message) in EXPECTED.items():
        if sheet in TYPED_KEYS_SHEETS:
            continue
        found = [k for k in keys if re.search(rf'(?<![\w.:]){re.escape(k)}(?!\w)(?!" \()', message)]
        if found or "docs/fields.md" in message or "(en)" in message:
            shown[code] = found
    assert not shown
