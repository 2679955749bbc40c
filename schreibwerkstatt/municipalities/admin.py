from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation, Membership, Municipality
from .signals import municipality_created


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]
    exclude = ["version"]


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "state", "ags", "population"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "ags"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    filter_horizontal = ["advisers"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # Inside the admin's transaction, like the onboarding: the checklists come
            # with the municipality or not at all (process/signals.py).
            municipality_created.send(sender=Municipality, municipality=obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "municipality", "role", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "municipality__name"]
    readonly_fields = ["created_at", "accepted_at", "accepted_by", "revoked_at", "invited_by"]

    def has_add_permission(self, request) -> bool:
        # Invitations are sent from the member page so that the e-mail goes out.
        return False
