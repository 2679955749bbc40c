from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


def validate_ags(value: str) -> None:
    """Amtlicher Gemeindeschlüssel: 8 digits; the first two name the state (01–16)."""
    if len(value) != 8 or not value.isdigit():
        raise ValidationError(
            _("The official municipality key (AGS) has exactly 8 digits, e.g. 12054000."),
            code="ags_format",
        )
    if not 1 <= int(value[:2]) <= 16:
        raise ValidationError(
            _("The first two digits of the AGS name the state and must be between 01 and 16."),
            code="ags_state",
        )


def validate_logo(file: UploadedFile) -> None:
    if file.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo may be at most %(size)s MB.")
            % {"size": settings.LOGO_MAX_BYTES // (1024 * 1024)},
            code="logo_size",
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("The logo must be a PNG, JPEG or WebP image."), code="logo_type"
        ) from exc
    finally:
        file.seek(0)
    if kind not in LOGO_FORMATS:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="logo_type")
