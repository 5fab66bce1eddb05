from django.contrib import admin

from .models import CheckRecord, ClientHousehold


@admin.register(ClientHousehold)
class ClientHouseholdAdmin(admin.ModelAdmin):
    list_display = ["reference", "municipality", "created_by", "updated_at"]
    list_filter = ["municipality"]
    search_fields = ["reference"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


@admin.register(CheckRecord)
class CheckRecordAdmin(admin.ModelAdmin):
    """Read-only: check records are append-only."""

    list_display = ["household", "evaluated_on", "rulebook_version", "engine_version", "created_by", "created_at"]
    list_select_related = ["household", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
