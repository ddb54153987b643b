from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Membership, Site, User
from .sessions import user_sessions_end

# The view log (RecordView) is deliberately not registered: nobody edits or deletes it.


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    actions = ["end_sessions"]

    @admin.action(description="Sign out everywhere (end all their sessions)")
    def end_sessions(self, request, queryset):
        count = user_sessions_end(users=queryset)
        self.message_user(
            request, f"{count} user(s) signed out everywhere.", level=messages.SUCCESS
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_sessions_end(users=User.objects.filter(pk=obj.pk))


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "dsl"]
    inlines = [MembershipInline]


admin.site.site_header = "Coxlease administration"
admin.site.site_title = "Coxlease administration"
