from django.contrib import admin

from .models import CatalogueField, ChecklistTemplate


@admin.register(CatalogueField)
class CatalogueFieldAdmin(admin.ModelAdmin):
    list_display = ["title", "cross_cutting", "position"]
    list_editable = ["position"]
    search_fields = ["title", "description"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "strategy"]
    list_filter = [("strategy", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
