"""The person's own data: download everything stored about them, delete the account.
Only the person themselves: both work on request.user, there is nobody else to choose."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.audit.models import Kind
from schreibwerkstatt.audit.services import record

from .erasure import check_erasable, erase_user
from .personal_data import personal_data


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                _("The password is not correct. Your account has not been deleted."),
                code="wrong_password",
            )
        return password


@login_required
@require_http_methods(["GET"])
def download_personal_data(request: HttpRequest) -> HttpResponse:
    user = request.user
    record(Kind.PERSONAL_DATA_DOWNLOADED, request=request)
    content = json.dumps(personal_data(user), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"meine-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    blocked = None
    try:
        check_erasable(user)
    except ValidationError as error:
        blocked = " ".join(error.messages)
    if request.method == "POST" and blocked is None and form.is_valid():
        try:
            erase_user(user)
        except ValidationError as error:  # became the last coordinator meanwhile
            blocked = " ".join(error.messages)
        else:
            # Not logout(): that would log the deleted person's name once more.
            request.session.flush()
            request.user = AnonymousUser()
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("core:home")
    status = 200
    if request.method == "POST":
        status = 409 if blocked else 400
    context = {"form": form, "blocked": blocked}
    return render(request, "privacy/delete_account.html", context, status=status)
