"""Everything the platform stores about one person, as one readable JSON document (GDPR
art. 15 and 20). Downloaded from the account page (views.download_personal_data).

Keys are German, as the file is read by the person and perhaps their data-protection
officer; dates are ISO 8601. The calendar feed's secret is never included, only whether a
feed exists. docs/datenschutz.md lists the same categories."""

from typing import Any

from axes.models import AccessFailureLog, AccessLog
from django.db.models import Q
from django.utils import timezone

from schreibwerkstatt.advising.models import AdviceRequest, AdviserNote
from schreibwerkstatt.audit.models import AuditEvent
from schreibwerkstatt.boards.models import Card
from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.discussions.models import DirectoryEntry, Post, Subscription
from schreibwerkstatt.inbox.models import Delivery
from schreibwerkstatt.inbox.models import Kind as NotificationKind
from schreibwerkstatt.inbox.services import preferences_of
from schreibwerkstatt.library.models import Adoption, Share
from schreibwerkstatt.monitoring.models import IndicatorValue, StatusUpdate
from schreibwerkstatt.municipalities.models import Invitation, Membership
from schreibwerkstatt.personal.models import NotificationSettings
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.revisions.models import ReviewComment
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Step
from schreibwerkstatt.workshops.models import DateSubscriber, Participant

FORMAT_VERSION = 1


def _time(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: Any) -> dict[str, Any]:
    email = user.email
    return {
        "format": "schreibwerkstatt-personal-data",
        "version": FORMAT_VERSION,
        "erstellt_am": timezone.now().isoformat(),
        "profil": {
            "name": user.name,
            "e_mail": user.email,
            "registriert_am": _time(user.date_joined),
            "letzte_anmeldung": _time(user.last_login),
            "aktiv": user.is_active,
            "beratung": user.is_adviser,
            "betrieb": user.is_staff,
            "plattform_admin": user.is_superuser,
            "beratene_kommunen": [m.name for m in user.advised_municipalities.order_by("name")],
        },
        "mitgliedschaften": [
            {
                "kommune": m.municipality.name,
                "rolle": m.get_role_display(),
                "seit": _time(getattr(m, "created_at", None)),
            }
            for m in Membership.objects.filter(user=user)
            .select_related("municipality")
            .order_by("municipality__name")
        ],
        "kommentare": [
            {
                "kommune": c.strategy.municipality.name,
                "strategie": c.strategy.title,
                "text": c.text,
                "erledigt": c.resolved,
                "geschrieben_am": _time(c.created_at),
            }
            for c in Comment.objects.filter(author=user)
            .select_related("strategy__municipality")
            .order_by("created_at", "pk")
        ],
        # Requests for advice the person sent, answers they gave as an adviser, and the
        # advisers' notes they saved last (advising).
        "beratungsanfragen": [
            {
                "kommune": a.municipality.name,
                "thema": a.topic,
                "text": a.text,
                "status": a.get_status_display(),
                "antwort": a.answer,
                "angefragt_am": _time(a.created_at),
            }
            for a in AdviceRequest.objects.filter(requested_by=user)
            .select_related("municipality")
            .order_by("created_at", "pk")
        ],
        "beratungsantworten": [
            {"kommune": a.municipality.name, "thema": a.topic, "antwort": a.answer}
            for a in AdviceRequest.objects.filter(answered_by=user)
            .select_related("municipality")
            .order_by("created_at", "pk")
        ],
        "beratungsnotizen": [
            {"kommune": n.municipality.name, "text": n.text, "gespeichert_am": _time(n.updated_at)}
            for n in AdviserNote.objects.filter(updated_by=user)
            .select_related("municipality")
            .order_by("municipality__name")
        ],
        "review_kommentare": [
            {
                "kommune": c.strategy.municipality.name,
                "strategie": c.strategy.title,
                "zitat": c.quote,
                "text": c.text,
                "erledigt": c.resolved,
                "geschrieben_am": _time(c.created_at),
            }
            for c in ReviewComment.objects.filter(author=user)
            .select_related("strategy__municipality")
            .order_by("created_at", "pk")
        ],
        "verantwortlich_fuer": {
            "handlungsfelder": [
                {"strategie": f.strategy.title, "titel": f.title}
                for f in FieldOfAction.objects.filter(responsible=user)
                .select_related("strategy")
                .order_by("pk")
            ],
            "massnahmen": [
                {"strategie": m.strategy.title, "titel": m.title}
                for m in Measure.objects.filter(responsible=user)
                .select_related("strategy")
                .order_by("pk")
            ],
            "schritte": [
                {
                    "massnahme": s.measure.title,
                    "titel": s.title,
                    "faellig_am": _time(s.due_date),
                    "erledigt": s.done,
                }
                for s in Step.objects.filter(owner=user).select_related("measure").order_by("pk")
            ],
            "checklistenpunkte": [
                {
                    "kommune": i.municipality.name,
                    "titel": i.title,
                    "faellig_am": _time(i.due_date),
                    "erledigt": i.done,
                }
                for i in ChecklistItem.objects.filter(assignee=user)
                .select_related("municipality")
                .order_by("pk")
            ],
        },
        "statusmeldungen": [
            {
                "massnahme": u.measure.title,
                "datum": _time(u.date),
                "status": u.get_status_display(),
                "notiz": u.note,
            }
            for u in StatusUpdate.objects.filter(author=user)
            .select_related("measure")
            .order_by("pk")
        ],
        "erfasste_indikatorwerte": IndicatorValue.objects.filter(author=user).count(),
        "workshop_teilnahmen": _workshops(user),
        "neue_termine_per_e_mail": [
            {"e_mail": d.email, "bestaetigt_am": _time(d.confirmed_at)}
            for d in DateSubscriber.objects.filter(email__iexact=email)
        ],
        "werkstatt_karten": [
            {
                "kommune": c.board.municipality.name,
                "wand": c.board.title,
                "text": c.text,
                "notiz": c.note,
                "geschrieben_am": _time(c.created_at),
            }
            for c in Card.objects.filter(author=user)
            .select_related("board__municipality")
            .order_by("created_at", "pk")
        ],
        "austausch": _discussions(user),
        "benachrichtigungen": _notifications(user),
        # The inbox: every notification to the person and their choice per kind.
        # The measure library: measures for which the person is the named contact, measures
        # they shared, measures they took over (library/models.py).
        "massnahmenbibliothek": {
            "ansprechperson_fuer": [
                {
                    "massnahme": sh.measure.title,
                    "kommune": sh.measure.strategy.municipality.name,
                    "geteilt_am": _time(sh.shared_at),
                }
                for sh in Share.objects.filter(contact=user)
                .select_related("measure__strategy__municipality")
                .order_by("shared_at", "pk")
            ],
            "geteilt": [
                {
                    "massnahme": sh.measure.title,
                    "kommune": sh.measure.strategy.municipality.name,
                    "geteilt_am": _time(sh.shared_at),
                }
                for sh in Share.objects.filter(shared_by=user)
                .select_related("measure__strategy__municipality")
                .order_by("shared_at", "pk")
            ],
            "uebernommen": [
                {
                    "massnahme": a.origin_title,
                    "herkunft": a.origin_label,
                    "in_kommune": a.municipality.name,
                    "name_genannt": a.named,
                    "uebernommen_am": _time(a.adopted_at),
                }
                for a in Adoption.objects.filter(adopted_by=user)
                .select_related("municipality")
                .order_by("adopted_at", "pk")
            ],
        },
        "posteingang": [
            {
                "art": n.get_kind_display(),
                "betreff": n.subject,
                "text": n.body,
                "link": n.url,
                "erhalten_am": _time(n.created_at),
                "gelesen_am": _time(n.read_at),
            }
            for n in user.notifications.order_by("created_at", "pk")
        ],
        "posteingang_zustellung": {
            str(NotificationKind(kind).label): str(Delivery(delivery).label)
            for kind, delivery in preferences_of(user).items()
        },
        "versendete_einladungen": [
            {
                "kommune": i.municipality.name,
                "an": i.email,
                "rolle": i.get_role_display(),
                "gesendet_am": _time(i.created_at),
                "angenommen_am": _time(i.accepted_at),
                "zurueckgezogen_am": _time(i.revoked_at),
            }
            for i in Invitation.objects.filter(invited_by=user)
            .select_related("municipality")
            .order_by("created_at", "pk")
        ],
        "protokoll": [
            {
                "zeit": _time(e.created_at),
                "ereignis": e.get_kind_display(),
                "kommune": e.municipality_label,
                "objekt": e.object_repr,
                "ip_adresse": e.ip_address,
            }
            # Events the person caused, and events about them (a role change, a removal).
            for e in AuditEvent.objects.filter(
                Q(actor_id=user.pk) | Q(object_type="accounts.user", object_id=str(user.pk))
            ).order_by("created_at", "pk")
        ],
        "anmeldungen": [
            {
                "zeit": _time(a.attempt_time),
                "abgemeldet": _time(a.logout_time),
                "ip_adresse": a.ip_address,
                "browser": a.user_agent,
            }
            for a in AccessLog.objects.filter(username__iexact=email).order_by("attempt_time")
        ],
        "fehlgeschlagene_anmeldungen": [
            {"zeit": _time(a.attempt_time), "ip_adresse": a.ip_address, "browser": a.user_agent}
            for a in AccessFailureLog.objects.filter(username__iexact=email).order_by(
                "attempt_time"
            )
        ],
    }


def _discussions(user: Any) -> dict[str, Any]:
    """The person's posts in the discussion spaces (hidden ones marked), what they follow and
    their entries in participant directories (discussions)."""
    posts = (
        Post.objects.filter(author=user)
        .select_related("topic__space__series")
        .order_by("created_at", "pk")
    )
    follows = Subscription.objects.filter(user=user).select_related(
        "space__series", "topic__space__series"
    )
    entries = DirectoryEntry.objects.filter(user=user).select_related(
        "space__series", "municipality"
    )
    return {
        "beitraege": [
            {
                "raum": str(p.topic.space.title),
                "thema": p.topic.title,
                "eroeffnet_das_thema": p.opens_topic,
                "text": p.text,
                "geschrieben_am": _time(p.created_at),
                "bearbeitet_am": _time(p.edited_at),
                "ausgeblendet_am": _time(p.hidden_at),
            }
            for p in posts
        ],
        "abonnements": [
            {"raum": str(f.space.title)}
            if f.space_id
            else {"raum": str(f.topic.space.title), "thema": f.topic.title}
            for f in follows.order_by("created_at", "pk")
        ],
        "verzeichniseintraege": [
            {
                "raum": str(e.space.title),
                "sichtbar": e.listed,
                "funktion": e.function,
                "kommune": e.municipality.name if e.municipality else "",
                "themen": e.topics,
            }
            for e in entries.order_by("pk")
        ],
    }


def _workshops(user: Any) -> list[dict[str, Any]]:
    """The workshop series the person takes part in, with the sessions they attended."""
    participations = (
        Participant.objects.filter(user=user)
        .select_related("registration__series", "registration__municipality")
        .prefetch_related("attendances__session")
        .order_by("created_at", "pk")
    )
    return [
        {
            "durchgang": p.registration.series.title,
            "kommune": p.registration.municipality.name,
            "anmeldung": p.registration.get_status_display(),
            "teilnehmend_seit": _time(p.created_at),
            "anwesend": [
                {"termin": a.session.title, "beginn": _time(a.session.starts)}
                for a in sorted(p.attendances.all(), key=lambda a: a.session.starts)
            ],
        }
        for p in participations
    ]


def _notifications(user: Any) -> dict[str, Any]:
    settings = NotificationSettings.objects.filter(user=user).first()
    if settings is None:
        return {"erinnerungen": True, "wochenuebersicht": True, "kalender_abo": False}
    return {
        "erinnerungen": settings.reminders,
        "wochenuebersicht": settings.weekly_digest,
        # Whether a feed exists and since when; never its address, which is the secret.
        "kalender_abo": settings.feed_key is not None,
        "kalender_abo_seit": _time(settings.feed_created_at),
    }
