"""Checks of uploaded office files, shared by every app that takes them: the municipal Word
templates (exports/templates_check.py) and the attachments of guides (guides/uploads.py).

DOCX, XLSX (Office Open XML) and ODT (OpenDocument) files are zip archives of XML parts. An
uploaded one is untrusted: it may be no zip at all, a zip bomb (small archive, huge content),
encrypted, or carry macros. `open_package` reads the zip's directory only and refuses what
is out of bounds; `read_xml` parses one part once its size is known to be sane, with a
parser that resolves no entities and loads no DTD. Every problem is a ValidationError with a
German message; the caller may word the messages for its kind of file (PackageMessages).
"""

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from lxml import etree

MAX_ENTRIES = 1000  # files inside the archive
MAX_UNPACKED = 60 * 1024 * 1024  # all files unpacked
MAX_RATIO = 100  # unpacked : packed, for the whole archive and each larger file
RATIO_FROM = 1024 * 1024  # files smaller than this may compress better (XML does)
MAX_PART = 20 * 1024 * 1024  # one XML part we parse

CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
# Content types of Office Open XML parts that hold or enable macros and ActiveX.
MACRO_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-office.vbaProject",
    "application/vnd.ms-word.vbaData+xml",
    "application/vnd.ms-office.activeX",
)


NOT_PACKAGE = _(
    "The file is not a valid document of this type. Please save it again and upload it."
)
INVALID = _("The file is not a valid document of this type.")
TOO_MANY = _("The file contains too many parts to be a document of this type.")
BOMB = _(
    "The file unpacks to far more data than a document of this type holds, so it was "
    "refused for safety."
)
ENCRYPTED = _("The file is password-protected. Please upload it without a password.")


@dataclass(frozen=True)
class PackageMessages:
    """What the checks say, in the words of the caller's kind of file."""

    not_package: Promise | str = NOT_PACKAGE
    invalid: Promise | str = INVALID
    too_many: Promise | str = TOO_MANY
    bomb: Promise | str = BOMB
    encrypted: Promise | str = ENCRYPTED


GENERIC = PackageMessages()


def xml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_xml(archive: zipfile.ZipFile, name: str, invalid: Promise | str) -> Any:
    """The root element of one XML part; KeyError if it is missing, etree.XMLSyntaxError if
    it is no XML, ValidationError(`invalid`) if it is too large, damaged or declares a DTD."""
    info = archive.getinfo(name)
    if info.file_size > MAX_PART:
        raise ValidationError(invalid, code="invalid")
    try:
        with archive.open(info) as handle:
            raw = handle.read(MAX_PART + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        # damaged data, a wrong checksum or an unknown compression method
        raise ValidationError(invalid, code="invalid") from error
    tree = etree.fromstring(raw, xml_parser()).getroottree()
    if tree.docinfo.doctype:
        # Office files never declare a DTD; one here can only be an attack on the parser.
        raise ValidationError(invalid, code="invalid")
    return tree.getroot()


def open_package(data: bytes, messages: PackageMessages = GENERIC) -> zipfile.ZipFile:
    """The zip archive, once its directory shows no bomb and no encryption (the caller
    checks the file size first)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise ValidationError(messages.not_package, code="not_zip") from error
    if len(entries) > MAX_ENTRIES:
        raise ValidationError(messages.too_many, code="bomb")
    unpacked = sum(info.file_size for info in entries)
    packed = sum(info.compress_size for info in entries)
    bomb = unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(packed, 1)
    for info in entries:
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            bomb = True
        if info.flag_bits & 0x1:  # encrypted entry
            raise ValidationError(messages.encrypted, code="encrypted")
    if bomb:
        raise ValidationError(messages.bomb, code="bomb")
    return archive


def main_content_type(
    archive: zipfile.ZipFile, part: str, invalid: Promise | str
) -> tuple[str, list[str]]:
    """(content type of the Office Open XML main part `part`, e.g. "/word/document.xml",
    and every content type the package names)."""
    try:
        root = read_xml(archive, "[Content_Types].xml", invalid)
    except (KeyError, etree.XMLSyntaxError) as error:
        raise ValidationError(invalid, code="invalid") from error
    types = [element.get("ContentType", "") for element in root]
    main = ""
    for element in root.iterfind(f"{{{CONTENT_TYPES}}}Override"):
        if element.get("PartName", "").lower() == part:
            main = element.get("ContentType", "")
    return main, types


def has_macros(archive: zipfile.ZipFile, types: list[str]) -> bool:
    """Whether an Office Open XML package carries macros or ActiveX (by part or type)."""
    names = [info.filename.lower() for info in archive.infolist()]
    return any(name.endswith(("vbaproject.bin", "vbadata.xml")) for name in names) or any(
        content_type in MACRO_TYPES for content_type in types
    )
