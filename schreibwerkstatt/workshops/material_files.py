"""Checks of an uploaded material of a session before anything is stored.

The guides' checks (guides/uploads.py) judge PDF, DOCX, XLSX, ODT, PNG and JPEG by their
content; slides come to workshops as well, so PPTX and ODP are judged here the same way with
core/office_files.py (no zip bomb, no encryption, the right main part or `mimetype`, no
macros). The name's ending decides what the file must be.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schreibwerkstatt.core.office_files import (
    PackageMessages,
    has_macros,
    main_content_type,
    open_package,
    read_xml,
)
from schreibwerkstatt.guides.models import GuideAttachment
from schreibwerkstatt.guides.uploads import (
    MAX_SIZE,
    CheckedFile,
    check_attachment,
    clean_filename,
    invalid_file,
)

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
ODP = "application/vnd.oasis.opendocument.presentation"
SLIDES = {".pptx": PPTX, ".odp": ODP}
PICTURES = {".png", ".jpg", ".jpeg"}
DOCUMENTS = {".pdf", ".docx", ".odt", ".xlsx"}
HINT = gettext_lazy(
    "PDF, Word (.docx), OpenDocument text (.odt), PowerPoint (.pptx), OpenDocument "
    "presentation (.odp), Excel (.xlsx) or a picture (.png, .jpg). At most 10 MB."
)

__all__ = ["HINT", "MAX_SIZE", "check_material"]


def _macros() -> ValidationError:
    return ValidationError(
        _("The file contains macros. Please save it without macros and upload it again."),
        code="macros",
    )


def _check_pptx(data: bytes) -> None:
    invalid = invalid_file("PPTX").messages[0]
    archive = open_package(data, PackageMessages(not_package=invalid, invalid=invalid))
    main, types = main_content_type(archive, "/ppt/presentation.xml", invalid)
    if has_macros(archive, [main, *types]):
        raise _macros()
    if main != PPTX_MAIN:
        raise invalid_file("PPTX")


def _check_odp(data: bytes) -> None:
    invalid = invalid_file("ODP").messages[0]
    messages = PackageMessages(not_package=invalid, invalid=invalid)
    archive = open_package(data, messages)
    entries = archive.infolist()
    if not entries or entries[0].filename != "mimetype":
        raise invalid_file("ODP")
    try:
        if archive.read(entries[0]).strip() != ODP.encode():
            raise invalid_file("ODP")
        manifest = read_xml(archive, "META-INF/manifest.xml", invalid)
    except ValidationError:
        raise
    except Exception as error:  # KeyError, XML syntax, a damaged zip entry
        raise invalid_file("ODP") from error
    if any(info.filename.startswith(("Basic/", "Scripts/")) for info in entries):
        raise _macros()
    namespace = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    if next(manifest.iter(f"{{{namespace}}}encryption-data"), None) is not None:
        raise ValidationError(messages.encrypted, code="encrypted")


def check_material(data: bytes, filename: str) -> CheckedFile:
    """The file's stored name and content type, or ValidationError with a German message."""
    name = clean_filename(filename)
    suffix = PurePath(name).suffix.lower()
    if suffix in PICTURES:
        return check_attachment(data, name, GuideAttachment.Kind.IMAGE)
    if suffix in DOCUMENTS:
        return check_attachment(data, name, GuideAttachment.Kind.DOWNLOAD)
    if suffix not in SLIDES:
        raise ValidationError(
            _("Please upload one of these kinds of file: %(kinds)s") % {"kinds": HINT},
            code="extension",
        )
    if len(data) > MAX_SIZE:
        raise ValidationError(
            _("The file is larger than 10 MB. Please upload a smaller file."), code="size"
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if suffix == ".pptx":
        _check_pptx(data)
    else:
        _check_odp(data)
    return CheckedFile(name, SLIDES[suffix])
