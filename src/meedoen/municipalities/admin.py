from django.contrib import admin

from .models import Municipality, Organisation


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "slug", "active"]
    inlines = [OrganisationInline]
