"""Refuse what is not a readable xlsx, by content and before anything is decompressed.

A file that is missing, not a regular file (a named pipe), too large, an old .xls or a password-protected
file, an ODS or xlsb, a corrupt zip, a zip with a member twice, a zip bomb or XML with a DTD (an XML
bomb) is refused with one Dutch ``Refusal``. The
zip is inspected with ``zipfile`` only (declared sizes, member count, compression ratio, the first
bytes of every XML member), so a hostile file costs almost nothing.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..dutch import size
from ..errors import Refusal

MAX_FILE_BYTES: int = 20 * 1024 * 1024
"""A filled-in template is about 25 kB; 20 MB leaves room for pictures and extra sheets users add."""

MAX_UNCOMPRESSED_BYTES: int = 200 * 1024 * 1024
"""Sum of the declared sizes of all zip members (Python's zipfile stops at the declared size, so they
cannot lie). Sheet XML compresses 12 to 15 times (measured on 200,000 repetitive rows), so this admits
some 15 MB of ordinary sheets: far beyond any filled-in template, far below a zip bomb."""

MAX_MEMBERS: int = 2000
"""An xlsx has about 10 members plus a few per sheet, picture or chart; thousands means something else."""

MAX_RATIO: float = 200.0
"""Compression ratio above which a member larger than 1 MB is taken for a zip bomb. Real sheet XML
stays far below it (about 15); deflate reaches about 1000 only on runs of one byte."""

_RATIO_MIN_BYTES = 1024 * 1024  # small members may compress extremely well without doing harm
_PROLOG_BYTES = 64 * 1024  # how much of each XML member is searched for DOCTYPE/ENTITY declarations

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
XML_DECLARATIONS = tuple(
    word.encode(encoding) for word in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
"""What the first bytes of every XML part are searched for (a DTD, the start of an XML bomb)."""

DAMAGED = ("Het bestand is beschadigd of geen geldig Excel-bestand en kan niet worden gelezen. Open het in "
           "Excel of LibreOffice en sla het opnieuw op als 'Excel-werkmap (.xlsx)', of maak een nieuw sjabloon "
           "met: mkba-xl template")
"""The one message for every way a zip or its XML can be broken: all mean the same to a user."""

_BOMB = ("Het bestand wordt niet gelezen: het pakt uit tot {what} (mogelijk een zip-bom). Een ingevuld "
         "sjabloon is veel kleiner. Sla de werkmap opnieuw op als 'Excel-werkmap (.xlsx)' of maak een nieuw "
         "sjabloon met: mkba-xl template")


def check_file(path: Path) -> None:
    """Refuse what is not an xlsx zip, by content rather than by file extension (raises ``Refusal``)."""
    with open_checked(path):
        pass


@contextmanager
def open_checked(path: Path) -> Iterator[BinaryIO]:
    """The input opened once, after every refusal of ``check_file``: the reader parses this very handle.

    It is opened without blocking and judged by what it is (``fstat`` of the open file, not of the name),
    so a named pipe or a device is refused at once instead of waiting forever for data.
    """
    fh = _open_regular(path)
    with fh:
        n = os.fstat(fh.fileno()).st_size
        if n > MAX_FILE_BYTES:
            raise Refusal("file-too-large",
                          f"Het bestand is groter dan {size(MAX_FILE_BYTES)} ({size(n)}); zo groot wordt een "
                          "ingevuld sjabloon nooit. Verwijder grote afbeeldingen of extra werkbladen, of neem de "
                          "invoer over in een nieuw sjabloon (mkba-xl template).")
        try:
            head = fh.read(len(_ZIP_MAGIC))
        except OSError as exc:
            raise _unreadable() from exc
        _check_head(head)
        _check_zip(fh)
        fh.seek(0)
        yield fh


def _unreadable() -> Refusal:
    return Refusal("file-unreadable",
                   "Het bestand kan niet worden geopend (geen leesrechten, of het is in gebruik door een ander "
                   "programma). Sluit het bestand en probeer opnieuw.")


def _open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading, or refuse: missing, a folder, a name too long, not a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise Refusal("file-missing", f'Het bestand "{path}" bestaat niet. Controleer de naam en de map.') from exc
    except IsADirectoryError as exc:
        raise _folder(path) from exc
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            longest = max((len(part) for part in Path(path).parts), default=0)
            raise Refusal("name-too-long", f"De naam van het bestand of van een map erin is te lang voor het "
                                           f"besturingssysteem ({longest} tekens, of het hele pad is te lang). Geef "
                                           f"het bestand of de map een kortere naam.") from exc
        if exc.errno == errno.ENOTDIR:
            raise Refusal("file-missing", f'Het bestand "{path}" bestaat niet: een deel van de naam is geen map. '
                                          "Controleer de naam en de map.") from exc
        raise _unreadable() from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise _folder(path)
        raise Refusal("file-not-regular",
                      f'"{path}" is geen gewoon bestand, maar bijvoorbeeld een named pipe, een apparaat of een '
                      "socket. Sla de ingevulde werkmap op als bestand (.xlsx) en geef dat bestand op.")
    return os.fdopen(fd, "rb")


def _folder(path: Path) -> Refusal:
    return Refusal("file-is-folder", f'"{path}" is een map, geen bestand. Geef het Excel-bestand (.xlsx) zelf op.')


def _check_head(head: bytes) -> None:
    """Refuse by the first bytes: empty, an old .xls or encrypted workbook, or no zip at all."""
    if not head:
        raise Refusal("file-empty", "Het bestand is leeg (0 bytes). Sla de ingevulde werkmap opnieuw op als "
                                    "'Excel-werkmap (.xlsx)'.")
    if head.startswith(_OLE2_MAGIC):
        raise Refusal(
            "file-xls-or-encrypted",
            "Dit is een oud Excel-bestand (Excel 97-2003, .xls) of een Excel-bestand dat met een wachtwoord is "
            "beveiligd. Open het in Excel, haal een eventueel wachtwoord weg (Bestand > Info > Werkmap beveiligen) "
            "en sla het op als 'Excel-werkmap (.xlsx)' zonder wachtwoord.")
    if not head.startswith(_ZIP_MAGIC):
        raise Refusal("file-not-xlsx",
                      "Dit is geen Excel-bestand (.xlsx), maar bijvoorbeeld een CSV-, tekst- of PDF-bestand met "
                      "een andere naam. Gebruik het ingevulde sjabloon en sla het op als 'Excel-werkmap (.xlsx)'.")


def _check_zip(fh: BinaryIO) -> None:
    """Size, member and ratio limits, xlsx structure and no DTDs, all before any member is decompressed."""
    try:
        with zipfile.ZipFile(fh) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise Refusal("zip-bomb", _BOMB.format(what=f"meer dan {MAX_MEMBERS} onderdelen ({len(infos)})"))
            _check_duplicates(infos)
            total = sum(info.file_size for info in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise Refusal("zip-bomb", _BOMB.format(what=f"{size(total)}, meer dan {size(MAX_UNCOMPRESSED_BYTES)}"))
            for info in infos:
                if info.file_size > _RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise Refusal("zip-bomb", _BOMB.format(
                        what=f"{size(info.file_size)} uit {size(info.compress_size)} "
                             f"(onderdeel {info.filename[:60]})"))
            names = {info.filename for info in infos}
            if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
                raise _not_xlsx(zf, names)
            for info in infos:
                # customXml/ holds third-party metadata that is never parsed: no reason to refuse it.
                if info.filename.endswith((".xml", ".rels")) and not info.filename.startswith("customXml/"):
                    with zf.open(info) as member:
                        prolog = member.read(_PROLOG_BYTES)
                    if any(word in prolog for word in XML_DECLARATIONS):
                        raise Refusal(
                            "xml-declaration",
                            "Het bestand bevat XML met een DOCTYPE- of ENTITY-declaratie. Een Excel-bestand heeft "
                            "die nooit nodig; het bestand is beschadigd of onveilig (mogelijk een XML-bom) en wordt "
                            "niet gelezen. Sla de werkmap opnieuw op als 'Excel-werkmap (.xlsx)'.")
    except Refusal:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError,
            NotImplementedError) as exc:  # RuntimeError: an encrypted member; NotImplementedError: compression
        raise Refusal("file-damaged", DAMAGED) from exc


def _check_duplicates(infos: list[zipfile.ZipInfo]) -> None:
    """Two members with one name: a viewer shows one copy and a reader may read the other."""
    seen: set[str] = set()
    for info in infos:
        if info.filename in seen:
            raise Refusal("duplicate-part",
                          f"Het bestand bevat het onderdeel {info.filename[:60]} twee keer. Excel maakt zulke "
                          "bestanden niet, en programma's lezen er elk een ander exemplaar van, zodat niet zeker is "
                          "welke invoer u ziet. Open het bestand in Excel of LibreOffice en sla het opnieuw op als "
                          "'Excel-werkmap (.xlsx)'.")
        seen.add(info.filename)


def _not_xlsx(zf: zipfile.ZipFile, names: set[str]) -> Refusal:
    if ("mimetype" in names and zf.getinfo("mimetype").file_size < 200
            and zf.read("mimetype").strip().startswith(_ODS_MIMETYPE)):
        return Refusal("file-ods", "Dit is een OpenDocument-bestand (.ods), geen Excel-werkmap. Open het in "
                                   "LibreOffice of Excel en sla het op als 'Excel-werkmap (.xlsx)'.")
    if "xl/workbook.bin" in names:
        return Refusal("file-xlsb", "Dit is een binaire Excel-werkmap (.xlsb). Open het in Excel en sla het op als "
                                    "'Excel-werkmap (.xlsx)'.")
    return Refusal("file-not-workbook",
                   "Dit is geen Excel-werkmap (.xlsx): het bestand is een zip-bestand zonder de onderdelen van een "
                   "werkmap (bijvoorbeeld een Word-document of een ander archief). Gebruik het ingevulde sjabloon.")
