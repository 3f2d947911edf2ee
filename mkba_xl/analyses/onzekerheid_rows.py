"""The uncertain assumptions as the ONZEKERHEID sheet holds them, the groups of fields, and the standard set.

A row says what is uncertain (``veld``: an INVOER field, ``kengetal:<key>`` or ``groep:<name>``), how
(``verdeling``: driehoek, uniform, normaal, lognormaal, or ``geen`` to keep it at its INVOER value),
whether ``laag`` and ``hoog`` are values of the field or factors on its INVOER value (``grenzen``), and
where the range comes from (``bron``). The most likely value is always the INVOER value (a factor of 1).

The standard set (``standard_rows``) takes its ranges from the sensitivity analyses of the LPBL reports
themselves; it applies to every workbook unless the user's own rows replace an assumption (a row for
the same field) or remove it (``geen``). A group changes several fields by one factor, as the reports
do ('halvering voorkomen escalatie'): its fields move together.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..engine.variants import is_kengetal, kengetal_key
from ..kengetallen import default_kengetallen
from ..references import ARNHEM, GRONINGEN, LEEUWARDEN, META, readable
from ..schema import (
    CORRELATION_COLUMNS,
    CORRELATION_FIRST_COL,
    DEEL_D_ROWS,
    NO_DISTRIBUTION,
    ONZEKERHEID_COLUMNS,
    ONZEKERHEID_FIRST_COL,
    ONZEKERHEID_SHEET,
)
from ..xlsx.load import column_letter
from .variations import ESCALATION_COUNTS, ESCALATION_SHARES, SUBSTITUTION, SUCCESS, label

__all__ = ["GROUPS", "GROUP_PREFIX", "STANDARD_TITLE", "AssumptionRow", "CorrelationRow", "Group",
           "UncertaintySheet", "assumption_cell", "correlation_cell", "describe", "is_group", "short_label",
           "standard_rows", "targets_of"]

GROUP_PREFIX = "groep:"
STANDARD_TITLE = "Standaardaannames (gelden tenzij een regel hierboven hetzelfde veld noemt)"
"""The title over the standard set on the sheet: the reader stops there."""
WAARDE, FACTOR = "waarde", "factor"


@dataclass(frozen=True)
class Group:
    """Fields that one factor changes together; fields with an INVOER value of 0 stay 0."""

    key: str
    label: str
    targets: tuple[str, ...]
    short: str = ""


def _deel_d(column: str) -> tuple[str, ...]:
    return tuple(f"deel_d.{row}.{column}" for row in DEEL_D_ROWS)


GROUPS: dict[str, Group] = {g.key: g for g in (
    Group("voorkomen_escalatie", "Voorkomen escalatie (alle typen en aantallen, één factor)",
          (*ESCALATION_SHARES, *ESCALATION_COUNTS), "Voorkomen escalatie"),
    Group("substitutie", "Substitutie (nieuwe en bestaande cases, of bespaarde trajecten in deel D; één factor)",
          (*SUBSTITUTION, *_deel_d("bespaard")), "Substitutie"),
    Group("extra_inzet", "Extra inzet (nieuw gevonden huishoudens, of extra ingezette trajecten in deel D; één "
                         "factor)", ("nieuw_gevonden", *_deel_d("extra")), "Extra inzet"),
    Group("effectiviteit", "Toename effectiviteit (alle succes trajecten, één factor)", SUCCESS,
          "Toename effectiviteit"),
)}
"""The groups a row may name as ``groep:<key>``. Escalation, substitution and effectiveness are the switching
values' group knobs; substitution and extra inzet also scale the counts of deel D that replace the package
(whichever the case uses is what the factor changes: an empty count stays empty)."""


def is_group(veld: str) -> bool:
    return veld.startswith(GROUP_PREFIX)


def targets_of(veld: str) -> tuple[str, ...]:
    """The engine targets a row changes: the fields of a group, or the field or kengetal itself."""
    if is_group(veld):
        return GROUPS[veld[len(GROUP_PREFIX):]].targets
    return (veld,)


def describe(veld: str) -> str:
    """How users read what a row varies: the group's or the field's label."""
    if is_group(veld):
        return GROUPS[veld[len(GROUP_PREFIX):]].label
    if is_kengetal(veld):
        scalar = default_kengetallen().scalars.get(kengetal_key(veld))
        return f"{scalar.description} (kengetal)" if scalar else label(veld)
    return label(veld)


def short_label(veld: str, limit: int = 44) -> str:
    """A label short enough for a chart axis: the group's short name, or the label up to its first bracket."""
    if is_group(veld):
        return GROUPS[veld[len(GROUP_PREFIX):]].short
    text = describe(veld).split(" (")[0]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class AssumptionRow:
    """One uncertain assumption; ``rij`` is its row on the sheet (0 for a standard assumption)."""

    veld: str
    verdeling: str
    grenzen: str
    laag: float | None
    hoog: float | None
    bron: str = ""
    rij: int = 0

    @property
    def standard(self) -> bool:
        return self.rij == 0

    @property
    def removes(self) -> bool:
        """A ``geen`` row: the field keeps its INVOER value (it removes a standard assumption)."""
        return self.verdeling == NO_DISTRIBUTION

    @property
    def herkomst(self) -> str:
        """'standaard' or the cell of the row, as the result sheet shows where an assumption comes from."""
        return "standaard" if self.standard else f"eigen ({ONZEKERHEID_SHEET}!{assumption_cell('veld', self.rij)})"


@dataclass(frozen=True)
class CorrelationRow:
    """A target Spearman rank correlation between the draws of two assumptions (their ``veld``)."""

    veld_1: str
    veld_2: str
    rangcorrelatie: float
    rij: int


@dataclass(frozen=True)
class UncertaintySheet:
    """What the user's ONZEKERHEID sheet says: own assumption rows and rank correlations."""

    rows: tuple[AssumptionRow, ...] = ()
    correlations: tuple[CorrelationRow, ...] = ()


def assumption_cell(column: str, row: int) -> str:
    """The cell of a column (``ONZEKERHEID_COLUMNS`` key) in a row of the assumptions table."""
    return f"{column_letter(ONZEKERHEID_FIRST_COL + list(ONZEKERHEID_COLUMNS).index(column))}{row}"


def correlation_cell(column: str, row: int) -> str:
    """The cell of a column (``CORRELATION_COLUMNS`` key) in a row of the correlations table."""
    return f"{column_letter(CORRELATION_FIRST_COL + list(CORRELATION_COLUMNS).index(column))}{row}"


def standard_rows() -> tuple[AssumptionRow, ...]:
    """The standard assumptions, each with the report ranges it takes (docs/onzekerheid.md lists them).

    The reports vary one knob at a time and never combine them; these rows take the ranges they use. Where
    a report tests only one side, the other side is an 'aanname' and says so. Sources as users read them
    (``references.readable``: 'paragraaf 3.3', 'tabel 4.2').
    """
    return tuple(dataclasses.replace(r, bron=readable(r.bron)) for r in (
        AssumptionRow(
            "groep:voorkomen_escalatie", "driehoek", FACTOR, 0.5, 1.5,
            f"{LEEUWARDEN}, tabel 4.2 (halvering voorkomen escalatie, 1,5% i.p.v. 3%); {ARNHEM}, 3.3 (25% minder "
            f"voorkomen escalaties); +50%: aanname, symmetrisch met de halvering ({GRONINGEN}, 5.2 toont een "
            "verdubbeling als potentie)"),
        AssumptionRow(
            "terugval", "driehoek", WAARDE, 0.10, 0.40,
            f"{LEEUWARDEN}, tabel 4.2 (40% terugval i.p.v. 20%); {ARNHEM}, 3.3 (40% i.p.v. 30%, 'tien procent "
            "minder terugval') en bijlage IV (schattingen per wijk 15% tot 40%)"),
        AssumptionRow(
            "groep:substitutie", "driehoek", FACTOR, 0.5, 2.0,
            f"{LEEUWARDEN}, tabel 4.2 (minder benutting eigen kracht: 70% i.p.v. 50% door professionals, x 0,6); "
            f"{GRONINGEN}, 5.2 (substitutie 10% → 30%, x 3); halvering tot verdubbeling ligt daartussen"),
        AssumptionRow(
            "kosten_per_fte", "driehoek", FACTOR, 0.8, 1.2,
            f"{LEEUWARDEN}, tabel 4.2 (lagere kosten 20%); +20%: aanname, symmetrisch"),
        AssumptionRow(
            "kengetal:qaly_waarde", "driehoek", WAARDE, 20_000.0, 50_000.0,
            f"{META}, 4.3 noot 21 (ondergrens € 20.000); {GRONINGEN}, 5.1 en noot 19 (werkwijzer 2016: € 50.000)"),
        AssumptionRow(
            "groep:extra_inzet", "driehoek", FACTOR, 0.5, 1.5,
            f"{GRONINGEN}, 5.2 (extra inzet halveert); {ARNHEM}, 3.3 (50% → 30% nieuw gevonden zonder "
            "hulpverlening); +50%: aanname, symmetrisch"),
        AssumptionRow(
            "groep:effectiviteit", "driehoek", FACTOR, 0.0, 1.5,
            f"{LEEUWARDEN}, tabel 4.2 (geen effectiviteitswinst); +50%: aanname ({GRONINGEN}, 5.2 toont meer "
            "effectiviteit als potentie)"),
    ))
