from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    list_display = ["email", "name", "is_adviser", "is_staff", "is_superuser", "is_active"]
    list_filter = ["is_adviser", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["name"]}),
        (_("Global roles"), {"fields": ["is_adviser", "is_staff", "is_superuser", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
        (_("Second factor"), {"fields": ["totp_enabled_at"]}),
    ]
    readonly_fields = ["totp_enabled_at"]
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset second factor (lost phone and recovery codes)"))
    def reset_second_factor(self, request, queryset):
        from .two_factor import disable

        people = [user for user in queryset if user.has_two_factor]
        for user in people:
            disable(user, request=request, actor=request.user)
        self.message_user(
            request, _("Second factor reset for %(count)s people.") % {"count": len(people)}
        )

    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "usable_password", "password1", "password2"],
            },
        )
    ]
    filter_horizontal = []
