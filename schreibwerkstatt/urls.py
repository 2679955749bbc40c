from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

admin.site.site_header = _("Schreibwerkstatt – operator area")
admin.site.site_title = _("Schreibwerkstatt")

urlpatterns = [
    path("betrieb/", admin.site.urls),
    path("sprache/", set_language, name="set_language"),
    path("", include("schreibwerkstatt.core.urls")),
    path("", include("schreibwerkstatt.accounts.urls")),
    path("", include("schreibwerkstatt.inbox.urls")),
    path("", include("schreibwerkstatt.municipalities.urls")),
    path("", include("schreibwerkstatt.municipalities.onboarding_urls")),
    path("", include("schreibwerkstatt.glossary.urls")),
    path("", include("schreibwerkstatt.history.urls")),
    path("", include("schreibwerkstatt.process.urls")),
    path("", include("schreibwerkstatt.strategies.urls")),
    path("", include("schreibwerkstatt.comments.urls")),
    path("", include("schreibwerkstatt.inventory.urls")),
    path("", include("schreibwerkstatt.jobs.urls")),
    path("", include("schreibwerkstatt.transparency.urls")),
    path("", include("schreibwerkstatt.monitoring.urls")),
    path("", include("schreibwerkstatt.personal.urls")),
    path("", include("schreibwerkstatt.roadmap.urls")),
    path("", include("schreibwerkstatt.guides.urls")),
    path("", include("schreibwerkstatt.workshops.urls")),
    path("", include("schreibwerkstatt.documents.urls")),
    path("", include("schreibwerkstatt.boards.urls")),
    path("", include("schreibwerkstatt.advising.urls")),
    path("", include("schreibwerkstatt.discussions.urls")),
    path("", include("schreibwerkstatt.revisions.urls")),
    path("", include("schreibwerkstatt.exports.template_urls")),
    path("", include("schreibwerkstatt.exports.urls")),
    path("", include("schreibwerkstatt.exchange.urls")),
    path("", include("schreibwerkstatt.statewide.urls")),
    path("", include("schreibwerkstatt.library.urls")),
    path("", include("schreibwerkstatt.privacy.urls")),
    path("", include("schreibwerkstatt.search.urls")),
    path("", include("schreibwerkstatt.public.urls")),
]
