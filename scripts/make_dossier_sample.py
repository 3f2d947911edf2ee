"""Generate the illustrative dossier sample: 80 SYNTHETIC households, not real data.

Usage: python scripts/make_dossier_sample.py [--csv PATH | --xlsx PATH] [--force] [--seed N]
       (without --csv or --xlsx the CSV goes to standard output)

``--xlsx sample_workbooks/dossiers_voorbeeld.xlsx --force`` writes the shipped illustrative workbook: the INVOER
of the Groningen case (``sample_workbooks/cases/groningen_wij_2018.json``, LPBL 2019: the report whose
dossieranalyse this sample imitates, with its BRONNEN sheet) and a DOSSIERS sheet with these 80 households,
labelled on the sheet (cell C3), in every row's 'opmerking' and in INVOER's toelichting as illustrative, not real
data. ``tests/test_dossier_sheet.py`` checks that the committed file is what this script writes.

The sample follows the design of LPBL's dossieranalyse (002 Groningen Bijlage II.2, 004 West Betuwe
Bijlage II.3): a random draw of 10 to 15 cases per interviewed team member, about 80 dossiers in all.
Its distributions are shaped after the reports' own numbers where they give them, and are labelled
'aanname' where they do not; they serve to exercise and show the aggregation, not to estimate anything:

* team members: 7 with 10-13 cases each (002 Bijlage II.2: '10 a 15 casussen per deelnemend teamlid');
  two of them register ZRM scores (severity is then derived), the others ja/nee with a typed severity;
* household type: gezin 38%, oudere 30%, overig 32% (002 4.1: ouderen about 30%, the rest about 50-50,
  'in de steekproef zaten iets meer gezinnen en ouderen');
* severity per type (ev / mv_zr / mv_nzr / top): gezin 30/35/30/5, oudere 75/15/10/0, overig 35/30/30/5
  (002 4.1: about 35% enkelvoudig, a little lower in the sample; 004 4.1: gezinnen and overige about 40% ev,
  ouderen about 80%; the top share is an aanname);
* composition: eenoudergezin 47% of gezinnen, alleenstaand 80% of ouderen and overige; 1 + Poisson(1.3)
  children per gezin, mean 2.3 (003 Arnhem Figuur 3.2: 47%, 80%, 80% and 2,3 kinderen);
* newly found 40% (002 4.2 and noot 14), and these have no ongoing intervention; the others 1-4;
* per household Poisson(1.4) new professional trajectories, 89% of them also in the old way (dead weight
  1,25 of 1,4), Poisson(0.25) new support by the team and Poisson(0.15) by the network (002 4.2); an ongoing
  substitutable trajectory is dropped with chance 8% and taken over by team 35%, network 30%, nobody 20%,
  another professional 15% (aanname after 002 4.3: 'beter kijken naar wat echt nodig is' and 'voorveld,
  vrijwilligers en maatjes');
* improvements per leefgebied: gross chances and shares due to others as aannames shaped after 002 4.3
  (net effects mainly on dagbesteding and opvoeding) and 004 4.2 (psychisch, huiselijk geweld, opvoeding and
  onveilig voor kinderen; little on schulden, werk and dagbesteding);
* prevented escalations in a few per cent of the multi-problem households, judged ja 50% / deels 30% /
  nee 20% (002 4.3 and 004 4.2: 'nog weinig', 1 procent in the model; 001 Tabel 4.7: 1-12% net);
* 45% closed (aanname) and relapse in 20% of the closed cases (001 Tabel 4.7 noot: 'aanname terugval 20%').
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import os
import sys
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from mkba_xl.analyses.dossiers import (  # noqa: E402
    COLUMN_KEYS,
    ESCALATIONS,
    INTERVENTIONS,
    LEEFGEBIEDEN,
    SUBSTITUTABLE,
    Dossier,
    DossierSheet,
    Escalation,
    LeefgebiedState,
    TeamIntervention,
    dossier_to_row,
)
from mkba_xl.input_sheets import add_input_sheets  # noqa: E402
from mkba_xl.samples import load_case, write_sample_workbook  # noqa: E402

SEED = 2019
LABEL = "synthetisch voorbeeld, geen echte gegevens"
DESCRIPTION = ("ILLUSTRATIEF VOORBEELD: 80 verzonnen huishoudens van 7 teamleden, geen echte gegevens "
               "(scripts/make_dossier_sample.py, zaad 2019).")
CASE = ROOT / "sample_workbooks" / "cases" / "groningen_wij_2018.json"
TOELICHTING = ("INVOER: de MKBA van de WIJ-teams Groningen (LPBL 2019), bron per cel op blad BRONNEN. Blad DOSSIERS: "
               "een ILLUSTRATIEF voorbeeld van 80 verzonnen huishoudens, geen echte gegevens.")
MEMBERS = {"TL01": 12, "TL02": 11, "TL03": 12, "TL04": 10, "TL05": 13, "TL06": 11, "TL07": 11}
ZRM_MEMBERS = ("TL01", "TL02")
DERIVED_NEWLY_FOUND = ("TL06", "TL07")  # leave 'nieuw gevonden' empty: derived from the ongoing interventions
TYPES = {"gezin": 0.38, "oudere": 0.30, "overig": 0.32}
SEVERITY = {"gezin": (0.30, 0.35, 0.30, 0.05), "oudere": (0.75, 0.15, 0.10, 0.0), "overig": (0.35, 0.30, 0.30, 0.05)}
NEWLY_FOUND = 0.40
PROBLEM_WEIGHTS = {  # which leefgebieden carry the problems, per type (aanname)
    "gezin": {"schulden": 3, "werk": 2, "opvoeding": 3, "psychisch": 2, "isolement": 1, "dagbesteding": 1,
              "huiselijk_geweld": 1, "onveilig_kinderen": 1, "huisvesting": 1, "overlast": 0.5, "verslaving": 0.5,
              "criminaliteit": 0.3, "fysiek": 0.7},
    "oudere": {"fysiek": 3, "isolement": 3, "dagbesteding": 1.5, "psychisch": 1.5, "huisvesting": 1, "schulden": 0.8,
               "verslaving": 0.3, "overlast": 0.3},
    "overig": {"schulden": 3, "werk": 3, "psychisch": 2.5, "dagbesteding": 2, "isolement": 1.5, "verslaving": 1,
               "huisvesting": 1.5, "overlast": 0.8, "criminaliteit": 0.5, "fysiek": 1, "huiselijk_geweld": 0.3},
}
IMPROVES = {"schulden": 0.30, "werk": 0.12, "overlast": 0.45, "criminaliteit": 0.25, "dagbesteding": 0.35,
            "isolement": 0.25, "verslaving": 0.10, "psychisch": 0.30, "fysiek": 0.10, "huisvesting": 0.35,
            "huiselijk_geweld": 0.40, "opvoeding": 0.40, "onveilig_kinderen": 0.45}
BY_OTHERS = {"schulden": 0.50, "werk": 0.50, "overlast": 0.30, "criminaliteit": 0.40, "dagbesteding": 0.25,
             "isolement": 0.30, "verslaving": 0.50, "psychisch": 0.50, "fysiek": 0.60, "huisvesting": 0.40,
             "huiselijk_geweld": 0.30, "opvoeding": 0.20, "onveilig_kinderen": 0.30}
TRAJECTORY_WEIGHTS = {  # which voorzieningen, per type (aanname after 002 Figuur 4.5 and 4.7)
    "gezin": {"jeugd_ambulant": 3, "amw": 2, "shv": 1.5, "jeugd_ggz": 1.5, "ggz": 1, "ots": 0.4, "uhp": 0.2,
              "wmo_hbh": 0.3, "begeleiding": 0.5, "reintegratie": 0.8, "dagbesteding": 0.3, "anders": 0.3},
    "oudere": {"wmo_hbh": 4, "begeleiding": 2, "amw": 1.5, "dagbesteding": 1.5, "ggz": 0.5, "shv": 0.5, "anders": 0.5},
    "overig": {"shv": 2, "reintegratie": 2, "amw": 2, "ggz": 2, "begeleiding": 1.5, "dagbesteding": 1.5,
               "wmo_hbh": 1, "anders": 0.5},
}
ESCALATION_CHANCE = {"gezin": 0.06, "oudere": 0.05, "overig": 0.04}  # among mv households (aanname)
ESCALATION_KINDS = {"gezin": ("ots", "uhp", "huisuitzetting"), "oudere": ("opname_vv",),
                    "overig": ("huisuitzetting", "opname_ggz")}


def _pick(rng: np.random.Generator, weights: dict[str, float], k: int, exclude: Collection[str] = ()) -> list[str]:
    names = [n for n in weights if n not in exclude]
    if not names or k <= 0:
        return []
    p = np.array([weights[n] for n in names], dtype=float)
    return list(rng.choice(names, size=min(k, len(names)), replace=False, p=p / p.sum()))


def _choice(rng: np.random.Generator, options: dict[str, float]) -> str:
    names = list(options)
    p = np.array(list(options.values()), dtype=float)
    return str(rng.choice(names, p=p / p.sum()))


def _zrm_start(rng: np.random.Generator, severity: str, problems: list[str]) -> dict[str, int]:
    """ZRM scores consistent with the severity rule of ``dossiers.severity_from_zrm``."""
    scores = {name: int(rng.choice([4, 5])) for name in LEEFGEBIEDEN}
    worst = {"ev": 3, "mv_zr": 3, "mv_nzr": 2, "top": 1}[severity]
    for i, name in enumerate(problems):
        scores[name] = worst if i == 0 else int(rng.integers(worst, 4))
    return scores


def _leefgebieden(rng: np.random.Generator, zrm: bool, household_type: str, severity: str
                  ) -> tuple[LeefgebiedState, ...]:
    count = (1 if rng.random() < 0.9 else 0) if severity == "ev" else 2 + int(min(rng.poisson(1.0), 3))
    problems = _pick(rng, PROBLEM_WEIGHTS[household_type], count)
    start = _zrm_start(rng, severity, problems)
    states = []
    for name in LEEFGEBIEDEN:
        problem = name in problems
        improved = problem and rng.random() < IMPROVES[name]
        worse = not problem and severity != "ev" and rng.random() < 0.03
        others = "ja" if improved and rng.random() < BY_OTHERS[name] else None
        if zrm:
            states.append(LeefgebiedState(start[name], 4 if improved else 3 if worse else start[name], others))
        else:
            states.append(LeefgebiedState("ja" if problem else "nee",
                                          "ja" if (problem and not improved) or worse else "nee", others))
    return tuple(states)


def _household(rng: np.random.Generator, household_type: str) -> dict[str, Any]:
    if household_type == "gezin":
        children = 1 + int(min(rng.poisson(1.3), 7))
        home = children - (1 if children > 1 and rng.random() < 0.1 else 0)
        composition = "eenoudergezin" if rng.random() < 0.47 else "tweeoudergezin"
    else:
        children, home = 0, 0
        composition = "alleenstaand" if rng.random() < 0.80 else "meerpersoons"
    income = "pensioen" if household_type == "oudere" else _choice(
        rng, {"werk": 0.30, "bijstand": 0.50, "uwv": 0.15, "anders": 0.05})
    minima_chance = {"bijstand": 0.9, "uwv": 0.6, "werk": 0.25, "pensioen": 0.3, "anders": 0.5}[income]
    return {"composition": composition, "children": children, "children_home": home, "income_source": income,
            "minima": "ja" if rng.random() < minima_chance else "nee",
            "lvb_ggz": _choice(rng, {"nee": 0.70, "ggz": 0.18, "lvb": 0.08, "beide": 0.04})}


def _trajectories(rng: np.random.Generator, household_type: str, newly_found: bool
                  ) -> tuple[tuple[int | None, ...], tuple[TeamIntervention, ...]]:
    weights = TRAJECTORY_WEIGHTS[household_type]
    ongoing = set() if newly_found else set(_pick(rng, weights, 1 + int(min(rng.poisson(0.8), 3))))
    actions: dict[str, TeamIntervention] = {}
    for name in sorted(ongoing):
        if name in SUBSTITUTABLE and rng.random() < 0.08:
            actions[name] = TeamIntervention(-1, _choice(rng, {"team": 0.35, "netwerk": 0.30, "geen": 0.20,
                                                               "professional": 0.15}))
    free = set(ongoing) | set(actions)
    for name in _pick(rng, weights, int(rng.poisson(1.4)), free):
        actions[name] = TeamIntervention(1, "professional", "ja" if rng.random() < 1.25 / 1.4 else "nee")
    for performer, mean, instead in (("team", 0.25, 0.6), ("netwerk", 0.15, 0.9)):
        for name in _pick(rng, {n: w for n, w in weights.items() if n in SUBSTITUTABLE}, int(rng.poisson(mean)),
                          free | set(actions)):
            actions[name] = TeamIntervention(1, performer, "ja" if rng.random() < instead else "nee")
    return (tuple(1 if name in ongoing else None for name in INTERVENTIONS),
            tuple(actions.get(name, TeamIntervention()) for name in INTERVENTIONS))


def _escalations(rng: np.random.Generator, household_type: str, severity: str, children: int) -> tuple[Escalation, ...]:
    found: dict[str, Escalation] = {}
    if severity != "ev" and rng.random() < ESCALATION_CHANCE[household_type]:
        kind = str(rng.choice(ESCALATION_KINDS[household_type]))
        judgement = _choice(rng, {"ja": 0.5, "deels": 0.3, "nee": 0.2})
        kids = int(rng.integers(1, min(children, 2) + 1)) if kind in ("ots", "uhp") else None
        found[kind] = Escalation(judgement, kids)
    return tuple(found.get(name, Escalation()) for name in ESCALATIONS)


def sample_dossiers(seed: int = SEED) -> tuple[Dossier, ...]:
    """The 80 synthetic households (same seed, same sample)."""
    rng = np.random.default_rng(seed)
    numbers = rng.choice(np.arange(1000, 10000), size=sum(MEMBERS.values()), replace=False)
    dossiers: list[Dossier] = []
    for member, count in MEMBERS.items():
        for _ in range(count):
            household_type = _choice(rng, TYPES)
            severity = str(rng.choice(["ev", "mv_zr", "mv_nzr", "top"], p=SEVERITY[household_type]))
            newly_found = rng.random() < NEWLY_FOUND
            household = _household(rng, household_type)
            ongoing, interventions = _trajectories(rng, household_type, newly_found)
            closed = rng.random() < 0.45
            zrm = member in ZRM_MEMBERS
            dossiers.append(Dossier(
                number=f"DOS-{numbers[len(dossiers)]}", member=member, household_type=household_type,
                severity=None if zrm else severity,
                newly_found=None if member in DERIVED_NEWLY_FOUND else ("ja" if newly_found else "nee"),
                leefgebieden=_leefgebieden(rng, zrm, household_type, severity), ongoing=ongoing,
                interventions=interventions,
                escalations=_escalations(rng, household_type, severity, int(household["children"])),
                closed="ja" if closed else "nee", relapse=("ja" if rng.random() < 0.2 else "nee") if closed else None,
                remark=LABEL, row=len(dossiers) + 2, **household))
    return tuple(dossiers)


def to_csv(dossiers: tuple[Dossier, ...]) -> str:
    """The sample as CSV text: a header of column keys, one row per household, empty cells for None."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMN_KEYS), lineterminator="\n")
    writer.writeheader()
    for d in dossiers:
        writer.writerow({k: "" if v is None else v for k, v in dossier_to_row(d).items()})
    return out.getvalue()


def write_workbook(path: Path, dossiers: tuple[Dossier, ...]) -> None:
    """The illustrative workbook: the Groningen case's INVOER (toelichting replaced), KENGETALLEN and BRONNEN,
    the empty GEVOELIGHEID sheet and DOSSIERS with ``dossiers``."""
    case = load_case(CASE)
    invoer = tuple(dataclasses.replace(e, value=TOELICHTING, source="mkba-xl: het voorbeeld van de dossieranalyse")
                   if e.key == "toelichting" else e for e in case.invoer)
    sheet = DossierSheet(dossiers, DESCRIPTION)

    def sheets(workbook: Any, formats: Any) -> None:
        add_input_sheets(workbook, formats, {"dossiers": sheet})

    write_sample_workbook(dataclasses.replace(case, invoer=invoer), path, extra_sheets=sheets)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--csv", type=Path, help="write the CSV here (default: standard output)")
    target.add_argument("--xlsx", type=Path, help="write the illustrative workbook here")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    dossiers = sample_dossiers(args.seed)
    path = args.csv or args.xlsx
    if path is None:
        sys.stdout.write(to_csv(dossiers))
        return 0
    if path.exists() and not args.force:
        print(f"{path} bestaat al; gebruik --force om te overschrijven.", file=sys.stderr)
        return 2
    if args.xlsx is not None:
        write_workbook(args.xlsx, dossiers)
        return 0
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(to_csv(dossiers))
    os.replace(tmp, path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
