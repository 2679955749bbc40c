"""Checks of an uploaded Word template before anything is stored.

A Word file is a zip archive of XML parts. An uploaded one is untrusted: it may be no zip
at all, a zip bomb (small archive, huge content), carry macros, refer to content outside
the file, or lack the styles the export relies on. `check_template` reads the zip's directory
first and its XML parts only once their sizes are known to be sane (with a parser that
resolves no entities and loads no DTD; these package checks are shared with other uploads in
core/office_files.py), then tries one export with the template; every problem becomes a
ValidationError with a German message.
"""

import io
import logging
import re
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree

from schreibwerkstatt.core.office_files import (
    PackageMessages,
    has_macros,
    main_content_type,
    open_package,
    read_xml,
)

logger = logging.getLogger(__name__)

MAX_SIZE = 10 * 1024 * 1024  # the uploaded file

DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
EXTENSIONS = (".docx", ".dotx")
# The styles the export relies on (names as Word stores them, compared case-insensitively)
# and how German Word shows them.
REQUIRED_STYLES = (
    ("heading 1", "Überschrift 1"),
    ("heading 2", "Überschrift 2"),
    ("Normal", "Standard"),
    ("Title", "Titel"),
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_INVALID = gettext_lazy("The file is not a valid Word document.")
# The shared package checks (core/office_files.py), in the words of Word templates.
MESSAGES = PackageMessages(
    not_package=gettext_lazy(
        "The file is not a Word document (.docx or .dotx). Please save it in Word as “Word "
        "document” or “Word template” and upload it again."
    ),
    invalid=_INVALID,
    too_many=gettext_lazy("The file contains too many parts to be a Word template."),
    bomb=gettext_lazy(
        "The file unpacks to far more data than a Word template holds, so it was refused for "
        "safety."
    ),
)


def _read_xml(archive: zipfile.ZipFile, name: str) -> Any:
    return read_xml(archive, name, _INVALID)


def _check_archive(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_SIZE:
        raise ValidationError(
            _("The file is larger than 10 MB. Please upload a smaller template."), code="size"
        )
    return open_package(data, MESSAGES)


def _check_macros(archive: zipfile.ZipFile, main: str, types: list[str]) -> None:
    if has_macros(archive, [main, *types]):
        raise ValidationError(
            _("The template contains macros. Templates with macros (.docm, .dotm) are not "
              "accepted; please save it in Word as “Word template (.dotx)” without macros."),
            code="macros",
        )  # fmt: skip


def _style_names(archive: zipfile.ZipFile) -> set[str]:
    try:
        root = _read_xml(archive, "word/styles.xml")
    except KeyError:
        return set()
    except etree.XMLSyntaxError as error:
        raise ValidationError(
            _("The file is not a valid Word document."), code="invalid"
        ) from error
    names = set()
    for style in root.iterfind(f"{{{_W}}}style"):
        if style.get(f"{{{_W}}}type") != "paragraph":
            continue
        name = style.find(f"{{{_W}}}name")
        if name is not None:
            names.add((name.get(f"{{{_W}}}val") or "").lower())
    return names


# External references ------------------------------------------------------------------
# A template is copied into every export. Anything it fetches from outside the file (a
# linked picture, an INCLUDEPICTURE or INCLUDETEXT field, an attached template on a server)
# would be loaded by Word each time somebody opens an export: a tracking pixel at best, at
# worst a way to swap content or leak NTLM credentials over a UNC path. So every reference to
# something outside the package is refused, links to websites included.

_R = "http://schemas.openxmlformats.org/package/2006/relationships"
# Field types that load content from outside the document when Word updates them.
LOADING_FIELDS = ("INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT", "DATABASE")
_FIELD_NAME = re.compile(r"^\s*([A-Za-z]+)")
_OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|\\\\|//)", re.IGNORECASE)
MAX_LISTED = 10


def _relationship_kind(relationship_type: str) -> str:
    kinds = {
        "image": _("Linked picture"),
        "hyperlink": _("Link"),
        "attachedTemplate": _("Attached template"),
        "oleObject": _("Linked object"),
        "subDocument": _("Subdocument"),
        "frame": _("Frame"),
        "package": _("Linked package"),
        "audio": _("Linked sound"),
        "video": _("Linked video"),
    }
    name = relationship_type.rstrip("/").rsplit("/", 1)[-1]
    return kinds.get(name, _("Reference “%(type)s”") % {"type": name})


def _place(part: str) -> str:
    """Where in the template a part is, as a German phrase ("in der Kopfzeile")."""
    name = part.rsplit("/", 1)[-1].lower()
    if name.startswith("header"):
        return _("in the header")
    if name.startswith("footer"):
        return _("in the footer")
    places = {
        "document.xml": _("in the text"),
        "settings.xml": _("in the document settings"),
        "footnotes.xml": _("in the footnotes"),
        "endnotes.xml": _("in the endnotes"),
        "comments.xml": _("in the comments"),
        "styles.xml": _("in the styles"),
        "": _("in the package"),
    }
    return places.get(name, _("in the part %(part)s") % {"part": part})


def _shown(target: str) -> str:
    target = "".join(char if char.isprintable() else "?" for char in target.strip())
    return target if len(target) <= 100 else target[:99] + "…"


def _field_instructions(root: Any) -> list[str]:
    """The instruction of every field of a part: complex fields (their instruction may be
    split over several runs) and simple ones."""
    instructions, open_fields = [], []
    for element in root.iter(f"{{{_W}}}fldChar", f"{{{_W}}}instrText", f"{{{_W}}}delInstrText",
                             f"{{{_W}}}fldSimple"):  # fmt: skip
        tag = etree.QName(element).localname
        if tag == "fldSimple":
            instructions.append(element.get(f"{{{_W}}}instr") or "")
        elif tag == "fldChar":
            kind = element.get(f"{{{_W}}}fldCharType")
            if kind == "begin":
                open_fields.append("")
            elif kind == "end" and open_fields:
                instructions.append(open_fields.pop())
        elif open_fields:
            open_fields[-1] += element.text or ""
    return instructions + open_fields


def _field_reference(instruction: str) -> str | None:
    """The field's name if it loads something from outside (or links to it), else None."""
    match = _FIELD_NAME.match(instruction)
    if match is None:
        return None
    name = match[1].upper()
    if name in LOADING_FIELDS:
        return name
    if name == "HYPERLINK":
        rest = instruction[match.end() :].strip()
        if rest.startswith("\\l"):  # a jump to a bookmark in the document itself
            return None
        target = rest.strip('"')
        if _OUTSIDE.match(target):
            return name
    return None


def _external_references(archive: zipfile.ZipFile) -> list[str]:
    found: list[str] = []
    for info in archive.infolist():
        name = info.filename
        if name.endswith(".rels"):
            root = _read_xml(archive, name)
            folder, _sep, rels_name = name.rpartition("_rels/")
            source = folder + rels_name.removesuffix(".rels")
            for relationship in root.iterfind(f"{{{_R}}}Relationship"):
                if (relationship.get("TargetMode") or "").lower() != "external":
                    continue
                found.append(
                    _("%(what)s %(where)s: %(target)s")
                    % {"what": _relationship_kind(relationship.get("Type") or ""),
                       "where": _place(source), "target": _shown(relationship.get("Target") or "")}
                )  # fmt: skip
        elif name.startswith("word/") and name.endswith(".xml"):
            root = _read_xml(archive, name)
            for instruction in _field_instructions(root):
                field = _field_reference(instruction)
                if field is not None:
                    found.append(
                        _("Field %(field)s %(where)s: %(target)s")
                        % {"field": field, "where": _place(name),
                           "target": _shown(instruction.strip())}
                    )  # fmt: skip
            for element in root.iter():
                for attribute in ("{urn:schemas-microsoft-com:office:office}href", "src"):
                    value = element.get(attribute) if isinstance(element.tag, str) else None
                    if value and _OUTSIDE.match(value):
                        found.append(
                            _("%(what)s %(where)s: %(target)s")
                            % {"what": _("Linked picture"), "where": _place(name),
                               "target": _shown(value)}
                        )  # fmt: skip
    return found


def _check_external_references(archive: zipfile.ZipFile) -> None:
    try:
        found = _external_references(archive)
    except (KeyError, etree.XMLSyntaxError) as error:
        raise ValidationError(
            _("The file is not a valid Word document."), code="invalid"
        ) from error
    if not found:
        return
    listed = "; ".join(found[:MAX_LISTED])
    if len(found) > MAX_LISTED:
        listed += "; " + _("and %(count)s more") % {"count": len(found) - MAX_LISTED}
    raise ValidationError(
        _("The template refers to content outside the file, which Word would load each time "
          "an export is opened: %(found)s. Please remove these references in Word (insert "
          "pictures instead of linking them, remove links and fields such as INCLUDEPICTURE) "
          "and upload the template again.")
        % {"found": listed},
        code="external",
    )  # fmt: skip


def check_template(data: bytes, filename: str) -> None:
    """Raise ValidationError (German message) unless `data` is a usable Word template."""
    if not filename.lower().endswith(EXTENSIONS):
        if filename.lower().endswith((".docm", ".dotm")):
            raise ValidationError(
                _("The template contains macros. Templates with macros (.docm, .dotm) are not "
                  "accepted; please save it in Word as “Word template (.dotx)” without macros."),
                code="macros",
            )  # fmt: skip
        raise ValidationError(
            _("Please upload a Word document (.docx) or a Word template (.dotx)."),
            code="extension",
        )
    archive = _check_archive(data)
    main, types = main_content_type(archive, "/word/document.xml", _INVALID)
    _check_macros(archive, main, types)
    if main not in {DOCUMENT_MAIN, TEMPLATE_MAIN}:
        raise ValidationError(_("The file is not a valid Word document."), code="invalid")
    _check_external_references(archive)
    present = _style_names(archive)
    missing = [
        f"{name[0].upper()}{name[1:]} ({german})"
        for name, german in REQUIRED_STYLES
        if name.lower() not in present
    ]
    if missing:
        raise ValidationError(
            _("The template lacks these styles: %(styles)s. Please add them in Word "
              "(Start → Styles) and upload the template again.")
            % {"styles": ", ".join(missing)},
            code="styles",
        )  # fmt: skip
    _try_export(data)


def _try_export(data: bytes) -> None:
    """Write a short document with the template: what fails here would fail every export."""
    from datetime import date

    from schreibwerkstatt.documents import blocks as b

    from .docx import to_docx

    sample = b.Document(
        title="Probe",
        subtitle="",
        municipality="Probe",
        status_line="",
        issued=date(2026, 1, 1),
        chapters=(
            b.Chapter(
                "vorwort",
                "Vorwort",
                (
                    b.Heading(2, "Abschnitt"),
                    b.Paragraph((b.Run("Text"),)),
                    b.ListBlock(((b.Run("Punkt"),),), ordered=True),
                    b.Table("Tabelle", ("A", "B"), (("1", "2"),)),
                ),
            ),
        ),
    )
    try:
        to_docx(sample, template=data)
    except Exception as error:  # an untrusted file may break python-docx in many ways
        logger.info("Word template refused: %r", error)
        raise ValidationError(
            _("The template cannot be used: Word documents made from it would be damaged. "
              "Please save it again in Word and upload it once more."),
            code="unusable",
        ) from error  # fmt: skip


def as_document(data: bytes) -> bytes:
    """The package as a Word document: a template's (.dotx) main part gets the document's
    content type, which python-docx and Word need to open it as a document."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    raw = archive.read("[Content_Types].xml")
    if TEMPLATE_MAIN.encode() not in raw:
        return data
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(TEMPLATE_MAIN.encode(), DOCUMENT_MAIN.encode())
            target.writestr(info, content)
    return output.getvalue()
