"""Writes of the public pages: the operator's edits of the site pages and the loader of the
shipped start page and page in Leichte Sprache (public/content/*.md)."""

from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction

from schreibwerkstatt.core.models import SitePage

CONTENT = Path(__file__).resolve().parent / "content"
SHIPPED = {
    SitePage.Key.START: CONTENT / "startseite.md",
    SitePage.Key.EASY_LANGUAGE: CONTENT / "leichte-sprache.md",
}


@dataclass(frozen=True)
class ShippedPage:
    title: str
    body: str


def read_shipped(path: Path) -> ShippedPage | None:
    """The file's first line `## Title` is the page's title (its heading 1), the rest its
    body; None if the file is absent."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8").strip()
    first, _newline, rest = text.partition("\n")
    if first.startswith("## "):
        return ShippedPage(title=first[3:].strip(), body=rest.strip())
    return ShippedPage(title="", body=text)


@transaction.atomic
def load_shipped_pages(
    *, replace: bool = False, model: type[models.Model] = SitePage
) -> dict[str, str]:
    """Create the start page and the page in Leichte Sprache from the shipped files; a page
    that exists keeps the operators' text unless `replace`. {key: what happened}."""
    done = {}
    for key, path in SHIPPED.items():
        shipped = read_shipped(path)
        if shipped is None:
            done[key] = "missing file"
            continue
        page = model.objects.filter(key=key).first()
        if page is None:
            model.objects.create(key=key, title=shipped.title or key, body=shipped.body)
            done[key] = "added"
        elif replace and (page.title, page.body) != (shipped.title, shipped.body):
            page.title, page.body = shipped.title or page.title, shipped.body
            page.version += 1
            page.save()
            done[key] = "replaced"
        else:
            done[key] = "unchanged"
    return done


@transaction.atomic
def create_site_page(key: str, *, title: str, body: str, contact_email: str = "") -> SitePage:
    """A page the operator writes for the first time (its key had no text yet)."""
    return SitePage.objects.create(key=key, title=title, body=body, contact_email=contact_email)
