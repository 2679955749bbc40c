"""The operator's pages of the handbook: only operators; edits with locking, attachments
with their checks, history with restore, entry questions in order."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.guides.models import Guide, GuideAttachment, Question

from . import samples
from .conftest import BODY, make_guide

pytestmark = pytest.mark.django_db
NOT_OPERATORS = ["coordinator", "reader", "adviser", "outsider", "superuser"]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def guide_data(guide: Guide | None = None, **changes) -> dict:
    data = {
        "title": "Beteiligung planen",
        "slug": "beteiligung-planen",
        "summary": "Wer wird wann gefragt.",
        "body": BODY,
        "phase": "8",
        "public": "on",
        "pages": "strategies:vision\nprocess:dashboard",
    }
    if guide is not None:
        data |= {"title": guide.title, "slug": guide.slug, "summary": guide.summary,
                 "body": guide.body, "version": str(guide.version),
                 "phase": "" if guide.phase is None else str(guide.phase),
                 "pages": "\n".join(guide.pages)}  # fmt: skip
        if not guide.public:
            del data["public"]
    return data | changes


def routes(guide: Guide, question: Question, attachment: GuideAttachment) -> list[tuple[str, str]]:
    """(method, url) of every operator page."""
    record = guide.history.first().history_id
    q_record = question.history.first().history_id
    s, q = {"slug": guide.slug}, {"pk": question.pk}
    return [
        ("get", reverse("guides:manage")),
        ("get", reverse("guides:add")),
        ("get", reverse("guides:edit", kwargs=s)),
        ("get", reverse("guides:delete", kwargs=s)),
        ("post", reverse("guides:attachment_add", kwargs=s)),
        ("post", reverse("guides:attachment_delete", kwargs={**s, "pk": attachment.pk})),
        ("get", reverse("guides:history", kwargs=s)),
        ("post", reverse("guides:restore", kwargs={**s, "history_id": record})),
        ("get", reverse("guides:manage_questions")),
        ("get", reverse("guides:question_add")),
        ("get", reverse("guides:question_edit", kwargs=q)),
        ("post", reverse("guides:question_move", kwargs=q)),
        ("get", reverse("guides:question_delete", kwargs=q)),
        ("get", reverse("guides:question_history", kwargs=q)),
        ("post", reverse("guides:question_restore", kwargs={**q, "history_id": q_record})),
    ]


@pytest.fixture
def handbook(public_guide):
    question = Question.objects.create(question="Wo anfangen?", answer="Hier.", guide=public_guide)
    attachment = GuideAttachment.objects.create(
        guide=public_guide, title="Karte", kind="image", filename="k.png",
        content_type="image/png", content=samples.png(), size=10,
    )  # fmt: skip
    return public_guide, question, attachment


@pytest.mark.parametrize("persona", NOT_OPERATORS)
def test_everybody_but_operators_gets_403(handbook, as_persona, persona) -> None:
    client = as_persona(persona)
    for method, url in routes(*handbook):
        assert getattr(client, method)(url).status_code == 403, url
    assert Guide.objects.filter(pk=handbook[0].pk).exists()


def test_anonymous_visitors_are_sent_to_the_login(handbook, client) -> None:
    for method, url in routes(*handbook):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


def test_the_operator_opens_every_page(handbook, as_persona) -> None:
    client = as_persona("operator")
    for method, url in routes(*handbook):
        if method == "get":
            assert client.get(url).status_code == 200, url
        else:
            assert client.get(url).status_code == 405, url


def test_the_forms_need_the_csrf_token(handbook, people) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["operator"])
    guide = handbook[0]
    response = client.post(reverse("guides:edit", kwargs={"slug": guide.slug}), guide_data(guide))
    assert response.status_code == 403
    assert Guide.objects.get(pk=guide.pk).version == guide.version


def test_the_operator_writes_edits_and_deletes_a_guide(no_shipped_handbook, as_persona) -> None:
    client = as_persona("operator")
    response = client.post(reverse("guides:add"), guide_data())
    assert response.status_code == 302
    guide = Guide.objects.get(slug="beteiligung-planen")
    assert guide.pages == ["strategies:vision", "process:dashboard"] and guide.phase == 8
    response = client.post(
        reverse("guides:edit", kwargs={"slug": guide.slug}),
        guide_data(guide, title="Beteiligung gut planen", slug="beteiligung", public=""),
    )
    assert response.status_code == 302
    assert response.url == reverse("guides:edit", kwargs={"slug": "beteiligung"})
    guide.refresh_from_db()
    assert guide.title == "Beteiligung gut planen" and guide.version == 2
    assert client.get(reverse("guides:index")).content.decode().count("Beteiligung gut") == 1
    response = client.post(reverse("guides:delete", kwargs={"slug": "beteiligung"}))
    assert response.status_code == 302 and not Guide.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"slug": "Mit Leerzeichen"}, "gültiges Kürzel"),
        ({"pages": "strategies:gibtsnicht"}, "Diese Seiten gibt es nicht: strategies:gibtsnicht"),
        ({"phase": "99"}, "keine gültige Auswahl"),
        ({"version": "abc"}, "Bitte prüfen Sie Ihre Eingaben"),
    ],
)
def test_bad_input_gets_400_with_a_german_message(
    public_guide, as_persona, changes, message
) -> None:
    url = reverse("guides:edit", kwargs={"slug": public_guide.slug})
    response = as_persona("operator").post(url, guide_data(public_guide, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_taken_address_is_refused(public_guide, as_persona) -> None:
    make_guide("schon-da")
    url = reverse("guides:edit", kwargs={"slug": public_guide.slug})
    response = as_persona("operator").post(url, guide_data(public_guide, slug="schon-da"))
    assert response.status_code == 400
    assert "existiert bereits" in response.content.decode()


def test_a_stale_edit_answers_409_and_overwrites_nothing(public_guide, people) -> None:
    first, second = client_of(people["operator"]), client_of(people["operator"])
    url = reverse("guides:edit", kwargs={"slug": public_guide.slug})
    loaded = guide_data(public_guide)
    assert first.post(url, loaded | {"title": "Von der ersten Person"}).status_code == 302
    response = second.post(url, loaded | {"title": "Von der zweiten Person"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Von der ersten Person" in page and "Von der zweiten Person" in page
    assert Guide.objects.get(pk=public_guide.pk).title == "Von der ersten Person"
    # saving the form as shown again (it now carries the current version) replaces it on purpose
    assert 'name="version" value="2"' in page
    again = second.post(url, loaded | {"title": "Von der zweiten Person", "version": "2"})
    assert again.status_code == 302
    assert Guide.objects.get(pk=public_guide.pk).title == "Von der zweiten Person"


def test_history_shows_changes_and_restores_an_older_version(public_guide, as_persona) -> None:
    client = as_persona("operator")
    url = reverse("guides:edit", kwargs={"slug": public_guide.slug})
    client.post(url, guide_data(public_guide, title="Zweite Fassung"))
    public_guide.refresh_from_db()
    client.post(url, guide_data(public_guide, title="Dritte Fassung"))
    history_url = reverse("guides:history", kwargs={"slug": public_guide.slug})
    page = client.get(history_url).content.decode()
    assert "Zweite Fassung" in page and "Dritte Fassung" in page
    first = public_guide.history.order_by("history_date").first()
    # each older record has its restore form, with the CSRF token and the version it saw
    assert page.count('name="csrfmiddlewaretoken"') >= 2
    assert page.count('<input type="hidden" name="version" value="3">') == 2
    restore = reverse(
        "guides:restore", kwargs={"slug": public_guide.slug, "history_id": first.history_id}
    )
    stale = client.post(restore, {"version": "1"})
    assert stale.status_code == 302 and Guide.objects.get().title == "Dritte Fassung"
    assert client.post(restore, {"version": "x"}).status_code == 400
    response = client.post(restore, {"version": "3"})
    assert response.status_code == 302
    guide = Guide.objects.get()
    assert guide.title == "Leitfaden testphase-vorbereitung" and guide.version == 4
    assert guide.history.first().history_change_reason.startswith("Wiederhergestellt")
    assert client.get(history_url + "?seite=9").status_code == 400
    assert client.get(history_url + "?seite=x").status_code == 400


def test_a_record_of_another_guide_cannot_be_restored(public_guide, as_persona) -> None:
    other = make_guide("anderer")
    record = other.history.first().history_id
    url = reverse("guides:restore", kwargs={"slug": public_guide.slug, "history_id": record})
    assert as_persona("operator").post(url, {"version": "1"}).status_code == 404


def upload(client, guide, content: bytes, name: str, kind: str = "download"):
    return client.post(
        reverse("guides:attachment_add", kwargs={"slug": guide.slug}),
        {"title": "Anhang", "kind": kind, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("make", "name", "kind"),
    [(samples.png, "karte.png", "image"), (samples.jpeg, "foto.jpg", "image"),
     (lambda: samples.PDF, "plan.pdf", "download"), (samples.docx, "liste.docx", "download"),
     (samples.xlsx, "zeit.xlsx", "download"), (samples.odt, "text.odt", "download")],
)  # fmt: skip
def test_the_operator_uploads_every_allowed_type(public_guide, as_persona, make, name, kind):
    client = as_persona("operator")
    response = upload(client, public_guide, make(), name, kind)
    assert response.status_code == 302
    attachment = GuideAttachment.objects.get()
    assert attachment.filename == name and attachment.kind == kind
    assert client.get(attachment.get_absolute_url()).content == make() or kind == "download"


@pytest.mark.parametrize(
    ("content", "name", "kind", "message"),
    [
        (samples.EXE, "plan.pdf", "download", "keine gültige PDF-Datei"),
        (samples.HTML, "liste.docx", "download", "keine gültige DOCX-Datei"),
        (samples.HTML, "bild.png", "image", "keine gültige PNG-Datei"),
        (samples.SVG, "bild.svg", "image", "PNG oder JPEG"),
        (samples.EXE, "setup.exe", "download", "PDF-, Word- (.docx)"),
        (samples.PDF_WITH_SCRIPT, "plan.pdf", "download", "Skripte"),
        (samples.png(), "karte.png", "download", "PDF-, Word- (.docx)"),
    ],
)
def test_a_bad_upload_is_refused_and_nothing_is_stored(
    public_guide, as_persona, content, name, kind, message
) -> None:
    response = upload(as_persona("operator"), public_guide, content, name, kind)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not GuideAttachment.objects.exists()


def test_an_upload_without_file_or_kind_gets_400(public_guide, as_persona) -> None:
    url = reverse("guides:attachment_add", kwargs={"slug": public_guide.slug})
    response = as_persona("operator").post(url, {"title": "x", "kind": "virus"})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Datei aus." in response.content.decode()


def test_the_operator_deletes_an_attachment(handbook, as_persona) -> None:
    guide, _question, attachment = handbook
    url = reverse("guides:attachment_delete", kwargs={"slug": guide.slug, "pk": attachment.pk})
    assert as_persona("operator").post(url).status_code == 302
    assert not GuideAttachment.objects.exists()
    assert as_persona("operator").post(url).status_code == 404


def question_data(loaded: Question | None = None, **changes) -> dict:
    data = {"question": "Wie lange dauert das?", "answer": "Ein Jahr.", "guide": "", "tool": ""}
    if loaded is not None:
        data |= {"question": loaded.question, "answer": loaded.answer,
                 "guide": loaded.guide_id or "", "tool": loaded.tool,
                 "version": str(loaded.version)}  # fmt: skip
    return data | changes


def test_the_operator_maintains_the_entry_questions(public_guide, as_persona) -> None:
    client = as_persona("operator")
    for text in ("Erste?", "Zweite?", "Dritte?"):
        data = question_data(question=text, guide=public_guide.pk, tool="goals")
        assert client.post(reverse("guides:question_add"), data).status_code == 302
    order = lambda: list(Question.objects.order_by("position").values_list("question", flat=True))  # noqa: E731
    assert order() == ["Erste?", "Zweite?", "Dritte?"]
    third = Question.objects.get(question="Dritte?")
    move = reverse("guides:question_move", kwargs={"pk": third.pk})
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert order() == ["Erste?", "Dritte?", "Zweite?"]
    assert client.post(move, {"direction": "sideways"}).status_code == 400
    duplicate = client.post(reverse("guides:question_add"), question_data(question="Erste?"))
    assert duplicate.status_code == 400
    assert "Diese Frage steht schon in der Liste." in duplicate.content.decode()
    bad_tool = client.post(reverse("guides:question_add"), question_data(tool="virus"))
    assert bad_tool.status_code == 400
    edit = reverse("guides:question_edit", kwargs={"pk": third.pk})
    assert client.post(edit, question_data(third, answer="Neu.")).status_code == 302
    stale = client.post(edit, question_data(third, answer="Veraltet."))
    assert stale.status_code == 409
    assert Question.objects.get(pk=third.pk).answer == "Neu."
    record = third.history.order_by("history_date").first().history_id
    restore = reverse("guides:question_restore", kwargs={"pk": third.pk, "history_id": record})
    assert client.post(restore, {"version": "2"}).status_code == 302
    assert Question.objects.get(pk=third.pk).answer == "Ein Jahr."
    delete = reverse("guides:question_delete", kwargs={"pk": third.pk})
    assert client.post(delete).status_code == 302
    assert order() == ["Erste?", "Zweite?"]


def test_deleting_a_guide_keeps_its_questions(handbook, as_persona) -> None:
    guide, question, _attachment = handbook
    as_persona("operator").post(reverse("guides:delete", kwargs={"slug": guide.slug}))
    question.refresh_from_db()
    assert question.guide is None
    assert not GuideAttachment.objects.exists()
