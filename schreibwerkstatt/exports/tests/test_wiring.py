"""The document exports from the command line (`export-strategy --format … --revision N`)
and the web export page (background jobs, member-only download)."""

import io
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import resolve, reverse
from docx import Document as WordDocument

from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.documents.services import ensure_chapters
from schreibwerkstatt.exports.formats import DOCUMENT_FORMATS, EXPORT_FORMATS
from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.revisions import services as revisions
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Strategy

pytestmark = pytest.mark.django_db

ADOPTED_TITLE = "Digitales Amtsberg 2030"
NEW_TITLE = "Digitales Amtsberg 2035"
PAGE_QUERIES = 5  # plus the session's query, see conftest.session_queries


@pytest.fixture
def strategy(municipality_a: Any, people: dict[str, Any]) -> Strategy:
    strategy = Strategy.objects.create(municipality=municipality_a, title=ADOPTED_TITLE)
    field = FieldOfAction.objects.create(strategy=strategy, title="Digitale Verwaltung")
    for title in ("E-Akte einführen", "Bürgerportal aufbauen"):
        measure = Measure.objects.create(strategy=strategy, title=title, cost_one_off=12500)
        measure.fields.add(field)
    ensure_chapters(strategy)
    Chapter.objects.filter(strategy=strategy, key="vorwort").update(
        text="Liebe Bürgerinnen und Bürger, diese Strategie ist gemeinsam entstanden."
    )
    return strategy


@pytest.fixture
def adopted(strategy: Strategy, people: dict[str, Any]) -> Strategy:
    """Revision 1 adopted with the old title; the draft has moved on since."""
    strategy.refresh_from_db()
    revisions.adopt(
        strategy,
        adopted_on=date(2026, 3, 12),
        body="Stadtverordnetenversammlung",
        document_number="2026/041",
        by=people["coordinator"],
        expected_version=strategy.version,
    )
    Strategy.objects.filter(pk=strategy.pk).update(title=NEW_TITLE)
    strategy.refresh_from_db()
    return strategy


def export(tmp_path: Path, fmt: str, *extra: str) -> bytes:
    target = tmp_path / f"out.{fmt}"
    call_command(
        "export-strategy", "--municipality", "amtsberg", "--format", fmt,
        "--output", str(target), *extra,
    )  # fmt: skip
    return target.read_bytes()


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "check.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603 - fixed program, file made by the test
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def odt_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        return package.read("content.xml").decode()


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in WordDocument(io.BytesIO(content)).paragraphs)


# ---------------------------------------------------------------------------- command line


def test_the_command_offers_every_document_format_of_the_exports_app() -> None:
    assert set(DOCUMENT_FORMATS) <= set(EXPORT_FORMATS)


def test_every_document_format_writes_a_valid_file(strategy: Strategy, tmp_path: Path) -> None:
    markdown = export(tmp_path, "md").decode()
    assert markdown.startswith(f"# {ADOPTED_TITLE}")
    assert "Liebe Bürgerinnen und Bürger" in markdown

    assert ADOPTED_TITLE in docx_text(export(tmp_path, "docx"))

    content = odt_text(export(tmp_path, "odt"))
    assert "E-Akte einführen" in content and "Vorwort" in content

    pdf = export(tmp_path, "pdf")
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    assert "E-Akte einführen" in text and "Bürgerportal aufbauen" in text

    # The existing format still works alongside.
    assert export(tmp_path, "xlsx")[:2] == b"PK"


def test_markdown_goes_to_standard_output(strategy: Strategy) -> None:
    out = io.StringIO()
    call_command(
        "export-strategy", "--municipality", "amtsberg", "--format", "md", "--output", "-",
        stdout=out,
    )  # fmt: skip
    assert out.getvalue().startswith(f"# {ADOPTED_TITLE}")


def test_revision_renders_the_adopted_document_not_the_draft(
    adopted: Strategy, tmp_path: Path
) -> None:
    draft = export(tmp_path, "md").decode()
    assert NEW_TITLE in draft and ADOPTED_TITLE not in draft

    frozen = export(tmp_path, "md", "--revision", "1").decode()
    assert ADOPTED_TITLE in frozen and NEW_TITLE not in frozen
    assert "Beschlossen am 12.03.2026, Stadtverordnetenversammlung, Drucksache 2026/041" in frozen

    for fmt, read in (("odt", odt_text), ("docx", docx_text)):
        text = read(export(tmp_path, fmt, "--revision", "1"))
        assert ADOPTED_TITLE in text and NEW_TITLE not in text, fmt
    pdf = pdf_text(export(tmp_path, "pdf", "--revision", "1"), tmp_path)
    assert ADOPTED_TITLE in pdf and "Beschlossen am 12.03.2026" in pdf


def test_an_unknown_revision_is_a_clear_error_and_writes_nothing(
    adopted: Strategy, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="hat keine Fassung 7; vorhanden: 1"):
        export(tmp_path, "pdf", "--revision", "7")
    assert not (tmp_path / "out.pdf").exists()


def test_a_revision_of_a_strategy_never_adopted_is_a_clear_error(
    strategy: Strategy, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="bisher wurde keine Fassung beschlossen"):
        export(tmp_path, "odt", "--revision", "1")


def test_revision_only_goes_with_document_formats(adopted: Strategy, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--revision"):
        export(tmp_path, "xlsx", "--revision", "1")
    assert not (tmp_path / "out.xlsx").exists()


def test_the_command_fails_with_a_non_zero_exit_code_on_a_bad_revision(
    strategy: Strategy, tmp_path: Path
) -> None:
    from django.core.management import ManagementUtility

    utility = ManagementUtility(
        ["schreibwerkstatt", "export-strategy", "--municipality", "amtsberg",
         "--format", "md", "--revision", "3", "--output", str(tmp_path / "x.md")]
    )  # fmt: skip
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code != 0
    assert not (tmp_path / "x.md").exists()


# ------------------------------------------------------------------------------ web page


def page_url(strategy: Strategy, slug: str = "amtsberg") -> str:
    return reverse("exports:document_export", kwargs={"slug": slug, "strategy": strategy.pk})


def start(client, url: str, data: dict[str, str], capture) -> Job:
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    match = resolve(response.url)
    assert match.view_name == "jobs:detail"
    return Job.objects.get(pk=match.kwargs["pk"])


def download(client, job: Job):
    return client.get(
        reverse("jobs:download", kwargs={"slug": job.municipality.slug, "pk": job.pk})
    )


def test_the_page_offers_every_format_and_the_adopted_revisions(
    adopted: Strategy, as_persona
) -> None:
    response = as_persona("reader").get(page_url(adopted))
    assert response.status_code == 200
    html = response.content.decode()
    for value in ("pdf", "docx", "odt", "md", "beschlussvorlage"):
        assert f'value="{value}"' in html
    assert "Beschlussvorlage" in html
    assert "Aktueller Entwurf, Stand heute" in html
    assert "Fassung 1, beschlossen am 12.03.2026 (Stadtverordnetenversammlung)" in html


@pytest.mark.parametrize(
    ("fmt", "ending", "content_type"),
    [
        ("odt", ".odt", "application/vnd.oasis.opendocument.text"),
        ("md", ".md", "text/markdown; charset=utf-8"),
        ("pdf", ".pdf", "application/pdf"),
        ("docx", ".docx", DOCUMENT_FORMATS["docx"].content_type),
    ],
)
def test_a_reader_exports_the_draft_and_members_download_it(
    strategy: Strategy,
    as_persona,
    django_capture_on_commit_callbacks,
    fmt: str,
    ending: str,
    content_type: str,
) -> None:
    job = start(
        as_persona("reader"), page_url(strategy), {"fmt": fmt}, django_capture_on_commit_callbacks
    )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.filename == f"digitales-amtsberg-2030{ending}"
    assert job.content_type == content_type

    response = download(as_persona("editor"), job)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if fmt == "odt":
        assert "E-Akte einführen" in odt_text(content)
    elif fmt == "md":
        assert content.decode().startswith(f"# {ADOPTED_TITLE}")
    elif fmt == "pdf":
        assert content.startswith(b"%PDF-")
    else:
        assert ADOPTED_TITLE in docx_text(content)


def test_an_adopted_revision_is_exported_as_adopted(
    adopted: Strategy, as_persona, django_capture_on_commit_callbacks
) -> None:
    client = as_persona("adviser")
    job = start(
        client,
        page_url(adopted),
        {"fmt": "md", "revision": "1"},
        django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.filename == "digitales-amtsberg-2035-fassung-1.md"
    text = b"".join(download(client, job).streaming_content).decode()
    assert text.startswith(f"# {ADOPTED_TITLE}")
    assert "Beschlossen am 12.03.2026" in text


def test_the_beschlussvorlage_sums_the_costs(
    strategy: Strategy, as_persona, django_capture_on_commit_callbacks
) -> None:
    client = as_persona("editor")
    job = start(
        client, page_url(strategy), {"fmt": "beschlussvorlage"}, django_capture_on_commit_callbacks
    )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.filename == "digitales-amtsberg-2030-beschlussvorlage.docx"
    document = WordDocument(io.BytesIO(b"".join(download(client, job).streaming_content)))
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "25.000" in cells + "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fmt": "exe"}, "Bitte wählen Sie eines der angebotenen Dateiformate."),
        ({}, "Bitte wählen Sie ein Dateiformat."),
        ({"fmt": "pdf", "revision": "9"}, "Diese Fassung gibt es nicht (mehr)."),
        ({"fmt": "pdf", "revision": "x"}, "Diese Fassung gibt es nicht (mehr)."),
    ],
)
def test_bad_input_is_refused_with_a_german_message_and_starts_nothing(
    adopted: Strategy, as_persona, data: dict[str, str], message: str
) -> None:
    response = as_persona("editor").post(page_url(adopted), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_it_rejects_a_member_of_another_municipality(
    strategy: Strategy, as_persona, django_capture_on_commit_callbacks
) -> None:
    outsider = as_persona("outsider")
    assert outsider.get(page_url(strategy)).status_code == 404
    assert outsider.post(page_url(strategy), {"fmt": "pdf"}).status_code == 404
    # Nor through their own municipality's address.
    assert outsider.get(page_url(strategy, slug="birkenwerder-nord")).status_code == 404
    assert not Job.objects.exists()
    # A file exported in A is not theirs to download.
    job = start(
        as_persona("reader"), page_url(strategy), {"fmt": "md"}, django_capture_on_commit_callbacks
    )
    assert download(outsider, job).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(
    strategy: Strategy, as_persona, django_capture_on_commit_callbacks
) -> None:
    anonymous = as_persona("anonymous")
    for response in (
        anonymous.get(page_url(strategy)),
        anonymous.post(page_url(strategy), {"fmt": "pdf"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert not Job.objects.exists()
    job = start(
        as_persona("reader"), page_url(strategy), {"fmt": "md"}, django_capture_on_commit_callbacks
    )
    response = download(anonymous, job)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_page_answers_only_get_and_post(strategy: Strategy, as_persona) -> None:
    assert as_persona("reader").put(page_url(strategy)).status_code == 405


def test_the_page_lists_recent_document_exports(
    strategy: Strategy, as_persona, django_capture_on_commit_callbacks
) -> None:
    reader = as_persona("reader")
    assert (
        "Das Dokument wurde hier in den letzten sieben Tagen nicht exportiert."
        in reader.get(page_url(strategy)).content.decode()
    )
    job = start(reader, page_url(strategy), {"fmt": "odt"}, django_capture_on_commit_callbacks)
    html = reader.get(page_url(strategy)).content.decode()
    assert reverse("jobs:detail", kwargs={"slug": "amtsberg", "pk": job.pk}) in html
    assert "Strategiedokument als OpenDocument (ODT)" in html


def test_the_query_count_does_not_grow_with_jobs_and_revisions(
    adopted: Strategy,
    as_persona,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    session_queries,
) -> None:
    reader = as_persona("reader")
    for _ in range(2):  # warm: the session's and the help panel's caches (Redis in CI)
        reader.get(page_url(adopted))
    # session, user, municipality and membership, strategy, revisions, recent jobs
    with django_assert_num_queries(PAGE_QUERIES + session_queries):
        reader.get(page_url(adopted))
    for _ in range(3):
        start(reader, page_url(adopted), {"fmt": "md"}, django_capture_on_commit_callbacks)
    for number in (2, 3):
        adopted.refresh_from_db()
        revisions.begin_fortschreibung(adopted, expected_version=adopted.version)
        adopted.refresh_from_db()
        revisions.adopt(
            adopted, adopted_on=date(2027, 1, number), body="SVV", document_number=f"{number}",
            expected_version=adopted.version,
        )  # fmt: skip
    # Warm again: on a loaded machine the exports above outlast the help panel's and the
    # glossary's cache lifetime (60 s), and refilling them is not growth.
    reader.get(page_url(adopted))
    with django_assert_num_queries(PAGE_QUERIES + session_queries):
        html = reader.get(page_url(adopted)).content.decode()
    assert "Fassung 3, beschlossen am 03.01.2027 (SVV)" in html


def test_a_job_for_a_revision_that_is_gone_fails_with_a_german_message(
    strategy: Strategy, people, django_capture_on_commit_callbacks
) -> None:
    from schreibwerkstatt.exports.job_kinds import document_kind
    from schreibwerkstatt.jobs.services import start_job

    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            document_kind("odt"),
            municipality=strategy.municipality,
            strategy=strategy,
            user=people["reader"],
            params={"revision": 5},
        )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == (
        "Die Strategie „Digitales Amtsberg 2030“ hat keine Fassung 5; "
        "bisher wurde keine Fassung beschlossen."
    )
    assert not job.result_name
