from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import outbox
from .models import Membership, Notification, Site, User
from .sessions import user_sessions_end

# The view log (RecordView) is deliberately not registered: nobody edits or deletes it.


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "work_phone", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets[:1],
        ("Personal info", {"fields": ["first_name", "last_name", "email", "work_phone"]}),
        *BaseUserAdmin.fieldsets[2:],
    ]
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


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What was sent to whom, and what failed and why. Read-only, but for sending again."""

    list_display = [
        "created_at",
        "kind",
        "site",
        "recipient",
        "status",
        "attempts",
        "last_error_summary",
        "sent_at",
    ]
    list_filter = ["status", "kind", "site"]
    search_fields = ["recipient", "message_id", "subject"]
    fields = [
        "kind",
        "site",
        "recipient",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "message_id",
        "dedupe_key",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description="last error")
    def last_error_summary(self, notification):
        return notification.last_error.splitlines()[0][:120] if notification.last_error else ""

    @admin.action(description="Send again now", permissions=["send_again"])
    def send_again(self, request, queryset):
        count = outbox.notifications_send_again(notifications=queryset)
        self.message_user(request, f"{count} notification(s) queued to be sent again.")

    def has_send_again_permission(self, request):
        return request.user.has_perm("coxlease.change_notification")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = "Coxlease administration"
admin.site.site_title = "Coxlease administration"
