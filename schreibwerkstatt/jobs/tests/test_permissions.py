"""Who may start jobs, see their page and download their file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schreibwerkstatt.jobs.models import Job, job_storage
from schreibwerkstatt.strategies.models import StrategyPartner

from .helpers import finished_export as make_finished_export
from .helpers import job_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_export(strategy, people):
    """An export the editor of A started, finished, with its file."""
    return make_finished_export(
        strategy.municipality,
        strategy,
        people["editor"],
        filename="digitales-amtsberg-2030.json",
        content=b'{"a": 1}',
    )


@pytest.mark.parametrize("persona", ["coordinator", "contributor", "reader", "adviser"])
def test_other_people_who_may_see_the_strategy_see_and_download_the_job(
    finished_export, as_persona, persona
) -> None:
    client = as_persona(persona)
    page = client.get(job_url(finished_export))
    assert page.status_code == 200
    assert "Editor Amtsberg" in page.content.decode()  # who started it
    download = client.get(job_url(finished_export, "download"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b'{"a": 1}'


@pytest.mark.parametrize("name", ["detail", "download"])
def test_it_rejects_a_member_of_another_municipality(finished_export, as_persona, name) -> None:
    client = as_persona("outsider")
    assert client.get(job_url(finished_export, name)).status_code == 404
    # Nor through the address of the outsider's own municipality.
    url = reverse(f"jobs:{name}", kwargs={"slug": "birkenwerder-nord", "pk": finished_export.pk})
    response = client.get(url)
    assert response.status_code == 404
    assert b"Amtsberg" not in response.content


@pytest.mark.parametrize("name", ["detail", "download"])
def test_anonymous_visitors_are_sent_to_the_login(finished_export, as_persona, name) -> None:
    response = as_persona("anonymous").get(job_url(finished_export, name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["detail", "download"])
def test_the_job_pages_only_answer_get(finished_export, as_persona, name) -> None:
    assert as_persona("editor").post(job_url(finished_export, name)).status_code == 405


def test_an_unknown_job_is_not_found(strategy, as_persona) -> None:
    url = reverse(
        "jobs:detail", kwargs={"slug": "amtsberg", "pk": "00000000-0000-0000-0000-000000000000"}
    )
    assert as_persona("editor").get(url).status_code == 404


@pytest.mark.parametrize("status", [Job.Status.QUEUED, Job.Status.RUNNING, Job.Status.FAILED])
def test_there_is_nothing_to_download_before_a_job_is_done(
    finished_export, as_persona, status
) -> None:
    Job.objects.filter(pk=finished_export.pk).update(status=status)
    assert as_persona("editor").get(job_url(finished_export, "download")).status_code == 404


def test_a_lost_result_file_is_not_found(finished_export, as_persona) -> None:
    job_storage().delete(finished_export.result_name)
    assert as_persona("editor").get(job_url(finished_export, "download")).status_code == 404


def test_readers_may_export_but_not_import(strategy, strategy_url, as_persona, start_job) -> None:
    client = as_persona("reader")
    start_job(client, strategy_url("export", fmt="csv"))
    response = client.post(
        strategy_url("import_measures"), {"file": SimpleUploadedFile("m.csv", b"Titel\nX\n")}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("exchange:import_strategy", kwargs={"slug": "amtsberg"}),
        {"file": SimpleUploadedFile("s.json", b"{}")},
    )
    assert response.status_code == 403
    assert list(Job.objects.values_list("kind", flat=True)) == ["export_csv"]


def test_only_coordinators_import_a_whole_strategy(strategy, as_persona) -> None:
    response = as_persona("editor").post(
        reverse("exchange:import_strategy", kwargs={"slug": "amtsberg"}),
        {"file": SimpleUploadedFile("s.json", b"{}")},
    )
    assert response.status_code == 403
    assert not Job.objects.exists()


@pytest.mark.parametrize("name", ["export", "import_measures"])
def test_an_outsider_starts_nothing(strategy, strategy_url, as_persona, name) -> None:
    url = strategy_url(name, fmt="json") if name == "export" else strategy_url(name)
    response = as_persona("outsider").post(url, {"file": SimpleUploadedFile("m.csv", b"x")})
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_starting_needs_a_post(strategy, strategy_url, as_persona) -> None:
    assert as_persona("editor").get(strategy_url("export", fmt="json")).status_code == 405
    assert not Job.objects.exists()


def test_a_joint_strategy_job_stays_with_the_municipality_it_was_started_from(
    strategy, municipality_b, as_persona, start_job
) -> None:
    partnership = StrategyPartner.objects.create(
        strategy=strategy, municipality=municipality_b, status=StrategyPartner.Status.ACCEPTED
    )
    from_b = reverse(
        "exchange:export",
        kwargs={"slug": "birkenwerder-nord", "strategy": strategy.pk, "fmt": "json"},
    )
    outsider = as_persona("outsider")  # coordinator of B, the partner
    _response, job = start_job(outsider, from_b)
    assert job.municipality == municipality_b
    assert outsider.get(job_url(job)).status_code == 200
    assert outsider.get(job_url(job, "download")).status_code == 200

    # A's members do not see B's jobs, not even through A's address.
    url_in_a = reverse("jobs:detail", kwargs={"slug": "amtsberg", "pk": job.pk})
    assert as_persona("coordinator").get(url_in_a).status_code == 404
    assert as_persona("coordinator").get(job_url(job)).status_code == 404

    # Once the strategy is no longer shared, B's job of it is gone for B as well.
    partnership.delete()
    assert outsider.get(job_url(job)).status_code == 404
    assert outsider.get(job_url(job, "download")).status_code == 404
