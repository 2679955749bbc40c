from django import forms
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.forms import VersionedForm
from schreibwerkstatt.core.models import SitePage

# Pages whose contact address is shown (core/site_page.html: the feedback section).
WITH_CONTACT = {SitePage.Key.IMPRINT, SitePage.Key.PRIVACY, SitePage.Key.ACCESSIBILITY}


class SitePageForm(VersionedForm):
    class Meta:
        model = SitePage
        fields = ["title", "body", "contact_email"]
        labels = {"title": _("Title"), "body": _("Text"), "contact_email": _("Contact e-mail")}
        help_texts = {
            "body": _(
                "Markdown: ## for a section heading, - for a list, **bold**, [text](address) "
                "for a link. The title above is the page's main heading."
            ),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 20})}

    def __init__(self, *args, key: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if key not in WITH_CONTACT:
            del self.fields["contact_email"]
