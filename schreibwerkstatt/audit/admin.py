"""Operators read every audit event in the operator area; nobody adds, changes or deletes."""

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "actor_label",
        "municipality_label",
        "object_repr",
        "ip_address",
    ]
    list_filter = ["kind"]
    search_fields = ["actor_label", "municipality_label", "object_repr"]
    date_hierarchy = "created_at"
    # The labels, not the relations: the person or municipality may be gone by now.
    fields = [
        "created_at",
        "kind",
        "actor_label",
        "municipality_label",
        "object_type",
        "object_id",
        "object_repr",
        "ip_address",
        "details",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
