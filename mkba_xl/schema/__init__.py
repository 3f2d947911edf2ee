"""One declarative description of every INVOER field, of the KENGETALLEN tables and of the optional input sheets.

The template writer, the reader's validation, ``mkba-xl schema --json`` and ``docs/fields.md`` are all generated
from the objects in this package, so a field is described exactly once. One module per job:

- ``workbook``: our sheets' names, the template version and INVOER's fixed cells and columns;
- ``declarations``: the field types and the shapes of a declaration (``Field``, ``Row``, ``Column``, ``Table``,
  ``Usual``);
- ``vocabulary``: household types, severities, disciplines, domains, actors and the other categories;
- ``discount_rules``: which discount rule is in force for an analysis year;
- ``invoer_reach_costs``, ``invoer_effects``: INVOER's rows and input cells in sheet order (Algemeen, A and B;
  C and D), joined by ``invoer_sheet`` (``invoer_layout``, ``invoer_fields``, ``fields_by_key``);
- ``usual``: the 'gebruikelijk' range of each number (``USUAL``);
- ``label_cells``: INVOER's fixed texts with their cells, for the layout check;
- ``share_totals``: the groups of shares that must add up to 100% (``share_groups``);
- ``kengetallen_tables``: the shape of the KENGETALLEN tables;
- ``optional_sheets``: GEVOELIGHEID, ONZEKERHEID, DOSSIERS and MEERJARIG (``INPUT_SHEETS``);
  ``meerjarig_columns``: MEERJARIG's table of years.

Import from the package (``from mkba_xl.schema import Field``): it names everything public once.
"""

from __future__ import annotations

from .declarations import (
    CHOICE,
    EURO,
    FIELD_TYPES,
    NUMBER,
    POINTS,
    SHARE,
    TEXT,
    WHOLE,
    Column,
    Field,
    Row,
    Table,
    Usual,
)
from .discount_rules import (
    DISCOUNT_RULE_BEFORE,
    DISCOUNT_RULES_IN_FORCE,
    discount_rule_in_force,
)
from .invoer_effects import (
    DEEL_D_COUNTS,
    DEEL_D_FIRST_ROW,
    DEEL_D_ROWS,
    NET_EFFECT_RULE,
)
from .invoer_reach_costs import (
    EMPTY_MEANS,
    TEAM_WAYS,
)
from .invoer_sheet import (
    fields_by_key,
    invoer_fields,
    invoer_layout,
    invoer_rows,
)
from .kengetallen_tables import (
    SOURCE_LENGTH,
    TABLES,
    table,
)
from .label_cells import (
    invoer_label_cells,
)
from .meerjarig_columns import (
    INGROEI_GROUPS,
    INGROEI_PREFIX,
    MEERJARIG_COLUMNS,
    YEAR_KEY,
    YEAR_NOTE_KEY,
    YearColumn,
)
from .optional_sheets import (
    BOUNDS_AS,
    CORRELATION_COLUMNS,
    CORRELATION_FIRST_COL,
    DISTRIBUTIONS,
    DOSSIERS_AREA,
    DOSSIERS_DESCRIPTION_CELL,
    DOSSIERS_FIRST_COL,
    DOSSIERS_HEADER_ROW,
    DOSSIERS_HEADER_SEARCH_ROWS,
    DOSSIERS_MAX_COLS,
    DOSSIERS_MAX_ROWS,
    DOSSIERS_SHEET,
    GEVOELIGHEID_AREA,
    GEVOELIGHEID_COLUMNS,
    GEVOELIGHEID_FIRST_COL,
    GEVOELIGHEID_HEADER_ROW,
    GEVOELIGHEID_HEADER_SEARCH_ROWS,
    GEVOELIGHEID_MAX_ROWS,
    GEVOELIGHEID_SHEET,
    INPUT_SHEETS,
    MEERJARIG_AREA,
    MEERJARIG_BASE_CELL,
    MEERJARIG_FIRST_COL,
    MEERJARIG_HEADER_ROW,
    MEERJARIG_MAX_ROWS,
    MEERJARIG_SHEET,
    NO_DISTRIBUTION,
    ONZEKERHEID_AREA,
    ONZEKERHEID_COLUMNS,
    ONZEKERHEID_FIRST_COL,
    ONZEKERHEID_HEADER_ROW,
    ONZEKERHEID_MAX_ROWS,
    ONZEKERHEID_SHEET,
    InputSheetSpec,
)
from .share_totals import (
    SHARE_EXACT,
    SHARE_ROUNDING,
    ShareGroup,
    share_groups,
)
from .usual import (
    NO_USUAL_RANGE,
    USUAL,
    usual_range,
)
from .vocabulary import (
    ACTOR_CHOICE_LABELS,
    ACTOR_CHOICES,
    ACTOR_LABELS,
    ACTORS,
    DISCIPLINES,
    DOMAIN_LABELS,
    DOMAINS,
    FINANCIERS,
    HOUSEHOLD_TYPE_LABELS,
    HOUSEHOLD_TYPES,
    LEEFGEBIEDEN,
    PROFILE_DOMAINS,
    REKENWIJZE_CHOICES,
    SEVERITIES,
    SEVERITY_LABELS,
    SUCCESS_ITEMS,
    TEAM_DOMAINS,
)
from .workbook import (
    AUDIT_SHEET_NAME,
    COUNT_COLUMNS,
    INVOER_SHEET,
    KENGETALLEN_SHEET,
    LABEL_COLUMN,
    STANDARD_COLUMN,
    TEMPLATE_VERSION,
    TYPE_COLUMNS,
    USUAL_COLUMN,
    VERSION_CELL,
)

__all__ = [
    "AUDIT_SHEET_NAME", "COUNT_COLUMNS", "INVOER_SHEET", "KENGETALLEN_SHEET", "LABEL_COLUMN", "STANDARD_COLUMN",
    "TEMPLATE_VERSION", "TYPE_COLUMNS", "USUAL_COLUMN", "VERSION_CELL", "CHOICE", "Column", "EURO", "FIELD_TYPES",
    "Field", "NUMBER", "POINTS", "Row", "SHARE", "TEXT", "Table", "Usual", "WHOLE", "ACTORS", "ACTOR_CHOICES",
    "ACTOR_CHOICE_LABELS", "ACTOR_LABELS", "DISCIPLINES", "DOMAINS", "DOMAIN_LABELS", "FINANCIERS", "HOUSEHOLD_TYPES",
    "HOUSEHOLD_TYPE_LABELS", "LEEFGEBIEDEN", "PROFILE_DOMAINS", "REKENWIJZE_CHOICES", "SEVERITIES", "SEVERITY_LABELS",
    "SUCCESS_ITEMS", "TEAM_DOMAINS", "DISCOUNT_RULES_IN_FORCE", "DISCOUNT_RULE_BEFORE", "discount_rule_in_force",
    "EMPTY_MEANS", "TEAM_WAYS", "DEEL_D_COUNTS", "DEEL_D_FIRST_ROW", "DEEL_D_ROWS", "NET_EFFECT_RULE",
    "NO_USUAL_RANGE", "USUAL", "usual_range", "fields_by_key", "invoer_fields", "invoer_layout", "invoer_rows",
    "invoer_label_cells", "SOURCE_LENGTH", "TABLES", "table", "SHARE_EXACT", "SHARE_ROUNDING", "ShareGroup",
    "share_groups", "BOUNDS_AS", "CORRELATION_COLUMNS", "CORRELATION_FIRST_COL", "DISTRIBUTIONS", "DOSSIERS_AREA",
    "DOSSIERS_DESCRIPTION_CELL", "DOSSIERS_FIRST_COL", "DOSSIERS_HEADER_ROW", "DOSSIERS_HEADER_SEARCH_ROWS",
    "DOSSIERS_MAX_COLS", "DOSSIERS_MAX_ROWS", "DOSSIERS_SHEET", "GEVOELIGHEID_AREA", "GEVOELIGHEID_COLUMNS",
    "GEVOELIGHEID_FIRST_COL", "GEVOELIGHEID_HEADER_ROW", "GEVOELIGHEID_HEADER_SEARCH_ROWS", "GEVOELIGHEID_MAX_ROWS",
    "GEVOELIGHEID_SHEET", "INPUT_SHEETS", "InputSheetSpec", "MEERJARIG_AREA", "MEERJARIG_BASE_CELL",
    "MEERJARIG_FIRST_COL", "MEERJARIG_HEADER_ROW", "MEERJARIG_MAX_ROWS", "MEERJARIG_SHEET", "NO_DISTRIBUTION",
    "ONZEKERHEID_AREA", "ONZEKERHEID_COLUMNS", "ONZEKERHEID_FIRST_COL", "ONZEKERHEID_HEADER_ROW",
    "ONZEKERHEID_MAX_ROWS", "ONZEKERHEID_SHEET", "INGROEI_GROUPS", "INGROEI_PREFIX", "MEERJARIG_COLUMNS", "YEAR_KEY",
    "YEAR_NOTE_KEY", "YearColumn"
]
