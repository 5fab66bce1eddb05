"""Admin for casework configuration only: teams and who works where.

Family data (members, plans, analyses, consents, the access log) is deliberately NOT in the admin:
the admin would bypass the access rules (team membership and consent) and the access log.
"""

from django.contrib import admin

from .models import Professional, Team, TeamMembership


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["professional"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation__municipality"]
    search_fields = ["name", "organisation__name"]
    inlines = [TeamMembershipInline]


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "job_title"]
    list_filter = ["kind", "organisation__municipality"]
    search_fields = ["name", "user__username", "organisation__name"]
    autocomplete_fields = ["user"]
