"""Write the version-1 fixtures of tests/test_migrate.py (run once, with the version-1 code; see README.md).

    git worktree add --detach /tmp/v1 89b3562^1
    PYTHONPATH=/tmp/v1 python tests/data/make_v1.py /tmp/v1 tests/data

Writes: v1_layout.json (every INVOER field of version 1 with its cell, label and rule, and every fixed text
with its cell), v1_meta.xlsx (the meta-analysis sample as version 1 shipped it), v1_meta_uitvoer.xlsx (its
output workbook of version 1, with the sensitivity sheets), v1_eigen.xlsx (the meta sample with a changed
kengetal and its source, own GEVOELIGHEID and ONZEKERHEID rows and a MEERJARIG sheet), and v1_results.json
(each workbook's result as version 1 computed it: ``Result.to_json``).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import openpyxl

from mkba_xl import pipeline, schema
from mkba_xl.schema import TEMPLATE_VERSION


def layout() -> dict:
    assert TEMPLATE_VERSION == "mkba-xl invoer 1", TEMPLATE_VERSION
    fields = {f.key: {"cell": f.cell, "label": f.label, "type": f.type, "min": f.min, "max": f.max,
                      "default": f.default, "required": f.required, "choices": list(f.choices),
                      "choices_from": f.choices_from, "fallback_kengetal": f.fallback_kengetal}
              for f in schema.invoer_fields()}
    return {"version": TEMPLATE_VERSION, "fields": fields, "texts": dict(schema.invoer_label_cells())}


def own(source: Path, target: Path) -> None:
    """The meta sample's output of version 1, its result sheets removed, with the user's own kengetal, variations,
    uncertainty rows and several years."""
    wb = openpyxl.load_workbook(source)
    for name in [n for n in wb.sheetnames if n not in ("INVOER", "KENGETALLEN", "GEVOELIGHEID", "ONZEKERHEID",
                                                         "DOSSIERS", "MEERJARIG")]:
        del wb[name]
    ws = wb["KENGETALLEN"]
    for row in ws.iter_rows(min_col=2, max_col=7):
        if row[0].value == "qaly_waarde":
            row[2].value = 35_000
            row[5].value = "eigen aanname gemeente (test): 35.000 per QALY"
    g = wb["GEVOELIGHEID"]
    g["B5"], g["C5"], g["D5"], g["E5"] = "attributie", None, 0.5, "Attributie gehalveerd"
    u = wb["ONZEKERHEID"]
    u["B8"], u["C8"], u["D8"], u["E8"], u["F8"], u["G8"] = ("terugval", "driehoek", "waarde", 0.1, 0.3,
                                                          "eigen aanname (test)")
    m = wb["MEERJARIG"]
    m["B7"], m["C7"] = 2014, 500
    m["B8"], m["C8"] = 2015, 600
    wb.save(target)


def main(v1: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "v1_layout.json").write_text(json.dumps(layout(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.copyfile(v1 / "sample_workbooks" / "meta_voorbeeld_2014.xlsx", out / "v1_meta.xlsx")
    pipeline.run_workbook(out / "v1_meta.xlsx", out / "v1_meta_uitvoer.xlsx", force=True, sensitivity=True)
    own(out / "v1_meta_uitvoer.xlsx", out / "v1_eigen.xlsx")
    results = {}
    for name in ("v1_meta.xlsx", "v1_meta_uitvoer.xlsx", "v1_eigen.xlsx"):
        wb = pipeline.read(out / name)
        results[name] = wb.compute(explain=False).to_json()
    (out / "v1_results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                         encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
