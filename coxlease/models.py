from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in. What they may do depends on their memberships."""

    work_phone = models.CharField(
        max_length=40,
        blank=True,
        help_text="Shown where colleagues are told to phone this person now (the DSL, say).",
    )
    session_generation = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised to end all of the user's sessions (coxlease.sessions).",
    )

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        # Django's hash of the password hash, with the generation folded in: a session stays
        # valid only while both are what they were at sign-in.
        return salted_hmac(
            "coxlease.User.session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Site(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", "Residential special school"
        HOME = "home", "Children's home"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    dsl = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="designated safeguarding lead",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deputy_dsl = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="deputy DSL",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(
        default=False, editable=False, help_text="Created by seed_demo; holds no real records."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        # The designated safeguarding lead and deputy have DSL rights at the site: only
        # someone who already works here may be given them.
        errors = {}
        for field in ("dsl", "deputy_dsl"):
            lead_id = getattr(self, f"{field}_id")
            if lead_id and (
                self.pk is None
                or not Membership.objects.filter(site=self, user_id=lead_id).exists()
            ):
                errors[field] = "Choose someone who works at this site (add their role first)."
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    STAFF = "staff", "Staff"
    SITE_MANAGER = "site_manager", "Site manager"
    DSL = "dsl", "Designated safeguarding lead"
    SLT = "slt", "Senior leadership team"
    ADMINISTRATOR = "administrator", "Administrator"


class Membership(models.Model):
    """A user's role at one site. A user may belong to several sites, and hold more than one
    role at a site (a site manager who is also a DSL): they have the rights of each."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["site__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "site", "role"], name="each_role_once_per_user_per_site"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.site}"


class RecordView(models.Model):
    """Someone opened a sensitive record (a child, a restriction, a concern), or read or took
    away what is about it (its chronology, an export). Append-only."""

    class What(models.TextChoices):
        OPENED = "opened", "Opened the record"
        CHRONOLOGY = "chronology", "Read the chronology"
        PRINTED = "printed", "Opened the chronology to print"
        EXPORTED = "exported", "Downloaded an export"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    what = models.CharField(max_length=20, choices=What, default=What.OPENED)
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "-viewed_at"])]

    def __str__(self):
        return f"{self.user} viewed {self.content_type.name} #{self.object_id} at {self.viewed_at}"


class Notification(models.Model):
    """One message to one recipient, written in the transaction of the record that causes it and
    delivered by a worker (see `coxlease.outbox`). Never deleted by the app."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed: no more attempts"

    kind = models.CharField(
        max_length=60, help_text="What caused it, e.g. restriction-report-late."
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    dedupe_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Never two notifications to one recipient with the same key.",
    )
    message_id = models.CharField("Message-ID", max_length=255, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(
        help_text="While waiting: when the sweep queues it (again) if no worker has taken it."
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once_per_recipient_and_key",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} to {self.recipient} ({self.get_status_display()})"


ON_CALL_ENDS_FIRST = "'Until' must be after 'from'."


class OnCall(models.Model):
    """Who is on call for the site, and when: shown wherever the app says "tell the DSL now"."""

    site = models.ForeignKey("Site", on_delete=models.CASCADE, related_name="on_call")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField("from")
    ends_at = models.DateTimeField("until")
    phone = models.CharField(max_length=40)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "on-call shift"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="on_call_ends_after_it_starts",
                violation_error_message=ON_CALL_ENDS_FIRST,
            ),
        ]

    def __str__(self):
        return f"{self.person}, on call at {self.site}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": ON_CALL_ENDS_FIRST})
