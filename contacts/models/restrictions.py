from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .children import Child
from .people import Person
from .plans import ContactType

# Children's Homes (England) Regulations 2015, reg. 22: a restriction the home imposes itself
# must be reported to the placing authority within 24 hours.
REPORTING_WINDOW = timedelta(hours=24)


class LegalBasis(models.TextChoices):
    CHILD_ARRANGEMENTS_ORDER = "child_arrangements_order", "Child arrangements order"
    PROHIBITED_STEPS_ORDER = "prohibited_steps_order", "Prohibited steps order"
    NON_MOLESTATION_ORDER = "non_molestation_order", "Non-molestation order"
    CARE_ORDER_CONTACT = "care_order_contact", "Care order contact conditions (s34)"
    PLACEMENT_PLAN = "placement_plan", "Placement plan"
    EMERGENCY_ON_SITE = "emergency_on_site", "Emergency restriction imposed on site"


class RestrictionEffect(models.TextChoices):
    NO_CONTACT = "no_contact", "No contact"
    SUPERVISED_ONLY = "supervised_only", "Supervised contact only"
    NO_COLLECTION = "no_collection", "May not collect or drop off"
    LETTERS_ONLY = "letters_only", "Letters only (indirect contact)"


class RestrictionQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day)

    def awaiting_report(self):
        return self.filter(
            legal_basis=LegalBasis.EMERGENCY_ON_SITE, reported_to_authority_at__isnull=True
        )


class Restriction(models.Model):
    class ReportMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        EMAIL = "email", "E-mail"
        MEETING = "meeting", "Meeting"
        SECURE_PORTAL = "portal", "Secure portal"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="restrictions")
    legal_basis = models.CharField(max_length=40, choices=LegalBasis.choices)
    effect = models.CharField(max_length=20, choices=RestrictionEffect.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restrictions",
        help_text="Leave empty if it applies to everyone.",
    )
    contact_type = models.CharField(
        max_length=20,
        choices=ContactType.choices,
        blank=True,
        help_text="Leave empty if it applies to every kind of contact.",
    )
    details = models.TextField(help_text="What the order or decision says, in plain words.")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Leave empty if open-ended.")
    order_reference = models.CharField(max_length=80, blank=True)
    court = models.CharField(max_length=120, blank=True)
    imposed_at = models.DateTimeField(
        default=timezone.now, help_text="When it was imposed: starts the 24-hour reporting clock."
    )
    reported_to_authority_at = models.DateTimeField(null=True, blank=True)
    reported_how = models.CharField(max_length=20, choices=ReportMethod.choices, blank=True)
    reported_to = models.CharField(max_length=120, blank=True)
    late_report_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up at each edit: staff confirm each version."
    )

    history = HistoricalRecords()
    objects = RestrictionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="restriction_ends_after_it_starts",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(contact_type=""),
                name="restriction_has_a_scope",
                violation_error_message="Choose the person, the kind of contact, or both.",
            ),
        ]

    def __str__(self):
        return f"{self.get_effect_display()}: {self.scope_description} ({self.get_legal_basis_display()})"

    def get_absolute_url(self):
        return reverse("contacts:restriction-detail", args=[self.pk])

    @property
    def scope_description(self) -> str:
        who = str(self.person) if self.person_id else "anyone"
        how = self.get_contact_type_display().lower() if self.contact_type else "any contact"
        return f"{who}, {how}"

    @property
    def basis_description(self) -> str:
        reference = ", ".join(filter(None, [self.order_reference, self.court]))
        return f"{self.get_legal_basis_display()}{f' ({reference})' if reference else ''}"

    @property
    def has_ended(self) -> bool:
        return self.ends_on is not None and self.ends_on < timezone.localdate()

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)

    @property
    def must_be_reported(self) -> bool:
        return self.legal_basis == LegalBasis.EMERGENCY_ON_SITE

    @property
    def report_due_at(self):
        return self.imposed_at + REPORTING_WINDOW if self.must_be_reported else None

    @property
    def report_is_late(self) -> bool:
        return (
            self.must_be_reported
            and self.reported_to_authority_at is None
            and timezone.now() > self.report_due_at
        )


class Acknowledgement(models.Model):
    """A colleague confirmed they read and understood one version of a restriction."""

    restriction = models.ForeignKey(
        Restriction, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["restriction", "user", "version"], name="one_ack_per_user_per_version"
            )
        ]

    def __str__(self):
        return f"{self.user} read version {self.version} of {self.restriction}"


class ChildInformed(models.Model):
    """When and how the child was told about a restriction, and how they took it."""

    restriction = models.ForeignKey(
        Restriction, on_delete=models.PROTECT, related_name="child_informed"
    )
    told_on = models.DateField()
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    how_explained = models.TextField()
    child_response = models.TextField("child's response")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "record that the child was told"
        ordering = ["-told_on", "-pk"]

    def __str__(self):
        return f"{self.restriction.child} told on {self.told_on}"

    def get_absolute_url(self):
        return reverse("contacts:restriction-detail", args=[self.restriction_id])
