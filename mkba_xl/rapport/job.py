"""One memo from one run: its facts, its pictures, the Word document and (where LibreOffice is installed) its PDF."""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .facts import Facts, gather
from .output import reproducible_zip

if TYPE_CHECKING:
    from ..analyses.gevoeligheid import Analysis
    from ..analyses.onzekerheid import Uncertainty
    from ..analyses.onzekerheid_model import Uncertain
    from ..engine import Result
    from ..invoer import Invoer
    from ..kengetallen import Kengetallen

__all__ = ["Memo", "make", "reproducible_pdf", "to_pdf"]


@dataclass(frozen=True)
class Memo:
    """The memo's Word document, its pictures (``pictures.CHARTS`` names -> PNG) and the facts they show."""

    docx: bytes
    pictures: dict[str, bytes]
    facts: Facts


def make(result: Result, invoer: Invoer, kengetallen: Kengetallen, analysis: Analysis,
         uncertainty: Uncertainty | None, assumptions: Sequence[Uncertain], fingerprint: str, *,
         note: str = "") -> Memo:
    """The memo of one run (the package doc), with ``note`` under its title block; the same run gives the same
    bytes."""
    import dataclasses

    from .document import build
    from .pictures import render_all

    facts = dataclasses.replace(gather(result, invoer, kengetallen, analysis, uncertainty, assumptions, fingerprint),
                                note=note)
    pictures = render_all(facts)
    return Memo(reproducible_zip(build(facts, pictures)), pictures, facts)


def to_pdf(docx: bytes, stem: str) -> bytes:
    """The PDF of a memo, made by LibreOffice in a throwaway folder; reproducible (``reproducible_pdf``).

    Raises ``libreoffice.ConversionError`` (Dutch) when LibreOffice is missing or fails.
    """
    from .. import libreoffice

    with tempfile.TemporaryDirectory(prefix="mkba-xl-pdf-") as folder:
        work = Path(folder)
        source = work / f"{stem}.docx"
        source.write_bytes(docx)
        pdf = libreoffice.convert([source], "pdf", work / "pdf", work / "profiel")[0]
        return reproducible_pdf(pdf.read_bytes(), hashlib.md5(docx).hexdigest().upper().encode())


_CREATED = re.compile(rb"/CreationDate\(D:\d{14}")
_ID = re.compile(rb"(/ID \[ <)[0-9A-F]{32}(>\s*<)[0-9A-F]{32}(> \])")
_CHECKSUM = re.compile(rb"/DocChecksum /[0-9A-F]{32}")


def reproducible_pdf(data: bytes, key: bytes) -> bytes:
    """LibreOffice's PDF with its creation time fixed and its file identifiers taken from ``key`` (32 hex digits,
    the memo's own checksum): the only parts that differ between two conversions of the same document. Every
    replacement keeps its length, so the PDF's cross-reference table stays right."""
    data = _CREATED.sub(b"/CreationDate(D:20130101000000", data)
    data = _ID.sub(lambda m: m.group(1) + key + m.group(2) + key + m.group(3), data)
    return _CHECKSUM.sub(b"/DocChecksum /" + key, data)
