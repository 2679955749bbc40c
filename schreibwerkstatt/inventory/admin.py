from django.contrib import admin

from .models import MaturityQuestion


@admin.register(MaturityQuestion)
class MaturityQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "field", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["active", "field"]
    list_select_related = ["field"]
    search_fields = ["text", "help_text"]
    ordering = ["field__cross_cutting", "field__position", "position", "pk"]
