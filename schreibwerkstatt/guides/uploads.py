"""Checks of an uploaded attachment of a guide before anything is stored.

Pictures (PNG, JPEG) are opened with Pillow; downloads are judged by their content, not by
their name: a PDF must look like one and carry no scripts, launch actions or embedded
files; DOCX and XLSX go through the same package checks as the municipal Word templates
(core/office_files.py: no zip bomb, no encryption, the right main part, no macros); an ODT
must name its type in its `mimetype` entry and carry no macros (Basic/, Scripts/) and no
encryption. The name's ending decides what the file must be, so an EXE or HTML page renamed
to .pdf or .docx is refused, and the file is later served with the type checked here.
"""

import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree
from PIL import Image, UnidentifiedImageError

from schreibwerkstatt.core.office_files import (
    PackageMessages,
    has_macros,
    main_content_type,
    open_package,
    read_xml,
)

from .models import GuideAttachment

MAX_SIZE = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a picture larger than this is no illustration of a guide

IMAGES = {".png": ("PNG", "image/png"), ".jpg": ("JPEG", "image/jpeg"),
          ".jpeg": ("JPEG", "image/jpeg")}  # fmt: skip
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PDF = "application/pdf"
DOWNLOADS = {".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX, ".odt": ODT}
OOXML_MAIN = {
    ".docx": ("/word/document.xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    ".xlsx": ("/xl/workbook.xml",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}  # fmt: skip
# Actions a PDF reader may carry out by itself (names as written in the file; a name may
# also be hex-escaped, #4A for J, which counts as well).
PDF_ACTIVE = re.compile(
    rb"/(?:J(?:#53|S)|#4[Aa]S|JavaScript|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9])"
)
_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str


def invalid_file(kind: str) -> ValidationError:
    return ValidationError(
        _("The file is not a valid %(kind)s file. Please save it again and upload it once more.")
        % {"kind": kind},
        code="invalid",
    )


def _package_messages(kind: str) -> PackageMessages:
    invalid = _("The file is not a valid %(kind)s file. Please save it again and upload it once more.") % {"kind": kind}  # fmt: skip
    return PackageMessages(not_package=invalid, invalid=invalid)


def clean_filename(name: str) -> str:
    """The uploaded name without folders and characters a web address would need escaped."""
    stem = PurePath(name.replace("\\", "/")).name
    try:
        valid = get_valid_filename(stem)
    except Exception:  # SuspiciousFileOperation for "", ".", ".."
        valid = ""
    if len(valid) > 100:
        suffix = PurePath(valid).suffix[:10]
        valid = valid[: 100 - len(suffix)] + suffix
    return valid or "datei"


def _check_image(data: bytes, suffix: str) -> str:
    expected, content_type = IMAGES[suffix]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                found = image.format
                width, height = image.size
                if found != expected:
                    raise invalid_file(expected)
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _("The picture is too large (%(width)s × %(height)s pixels). Please "
                          "upload a smaller one, e.g. 2000 pixels wide.")
                        % {"width": width, "height": height},
                        code="pixels",
                    )  # fmt: skip
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # verify() does not decode; a damaged picture fails here
        except ValidationError:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
                OSError, SyntaxError, ValueError) as error:  # fmt: skip
            raise invalid_file(expected) from error
    return content_type


def _check_pdf(data: bytes) -> None:
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise invalid_file("PDF")
    if PDF_ACTIVE.search(data):
        raise ValidationError(
            _("The PDF contains scripts, actions that start programs, or embedded files. "
              "Please export it again without them (e.g. “Print as PDF”) and upload it."),
            code="active",
        )  # fmt: skip


def _check_ooxml(data: bytes, suffix: str) -> None:
    kind = suffix[1:].upper()
    messages = _package_messages(kind)
    archive = open_package(data, messages)
    part, expected = OOXML_MAIN[suffix]
    main, types = main_content_type(archive, part, messages.invalid)
    if has_macros(archive, [main, *types]):
        raise _macros()
    if main != expected:
        raise invalid_file(kind)


def _check_odt(data: bytes) -> None:
    messages = _package_messages("ODT")
    archive = open_package(data, messages)
    entries = archive.infolist()
    if not entries or entries[0].filename != "mimetype":
        raise invalid_file("ODT")
    try:
        if archive.read(entries[0]).strip() != ODT.encode():
            raise invalid_file("ODT")
        manifest = read_xml(archive, "META-INF/manifest.xml", messages.invalid)
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as error:
        raise invalid_file("ODT") from error
    if any(info.filename.startswith(("Basic/", "Scripts/")) for info in entries):
        raise _macros()
    if next(manifest.iter(f"{{{_MANIFEST}}}encryption-data"), None) is not None:
        raise ValidationError(messages.encrypted, code="encrypted")


def _macros() -> ValidationError:
    return ValidationError(
        _("The file contains macros. Please save it without macros (e.g. as .docx, .xlsx "
          "or .odt) and upload it again."),
        code="macros",
    )  # fmt: skip


def check_attachment(data: bytes, filename: str, kind: str) -> CheckedFile:
    """The file's stored name and content type, or ValidationError with a German message."""
    if len(data) > MAX_SIZE:
        raise ValidationError(
            _("The file is larger than 10 MB. Please upload a smaller file."), code="size"
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    name = clean_filename(filename)
    suffix = PurePath(name).suffix.lower()
    if kind == GuideAttachment.Kind.IMAGE:
        if suffix not in IMAGES:
            raise ValidationError(
                _("Please upload a picture as PNG or JPEG (.png, .jpg)."), code="extension"
            )
        return CheckedFile(name, _check_image(data, suffix))
    if suffix not in DOWNLOADS:
        raise ValidationError(
            _("Please upload a PDF, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt) "
              "file."),
            code="extension",
        )  # fmt: skip
    if suffix == ".pdf":
        _check_pdf(data)
    elif suffix == ".odt":
        _check_odt(data)
    else:
        _check_ooxml(data, suffix)
    return CheckedFile(name, DOWNLOADS[suffix])


KIND_HINT = gettext_lazy(
    "Pictures: PNG or JPEG, shown in the guide's text. Downloads: PDF, DOCX, XLSX or ODT. "
    "At most 10 MB."
)
