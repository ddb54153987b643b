from datetime import UTC, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coxlease.editlock import EditLocked

from .children import Child
from .people import Person, Relationship
from .plans import ContactType

# Children's Homes (England) Regulations 2015, reg. 22: a restriction the home imposes itself
# must be reported to the placing authority within 24 hours.
REPORTING_WINDOW = timedelta(hours=24)
# Still unreported this long after imposition, the site managers are warned the limit nears.
REPORT_WARNING_AFTER = timedelta(hours=18)


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
    MONITORED = "monitored", "Correspondence monitored (read before the child receives it)"


# The kinds of contact that are correspondence (LP 38 section 7): private unless an order says
# otherwise, and the only kinds a "correspondence monitored" restriction can be about.
CORRESPONDENCE = frozenset(
    {ContactType.LETTER, ContactType.EMAIL, ContactType.MESSAGE, ContactType.SOCIAL_MEDIA}
)

# A change to any of these is a new version of the restriction, which every colleague confirms
# again. Reporting it to the placing authority is not.
MATERIAL_FIELDS = (
    "legal_basis",
    "effect",
    "person_id",
    "contact_type",
    "covers_all_contact",
    "details",
    "monitored_by",
    "starts_on",
    "ends_on",
)

ENDS_BEFORE_IT_STARTS = "The end date cannot be before the start date."
NO_SCOPE = (
    "Everyone and every kind of contact is a blanket restriction: tick 'no contact with anyone' "
    "to record one, or choose a person, a kind of contact, or both."
)
BLANKET_WITH_SCOPE = (
    "A blanket restriction covers everyone and every kind of contact: leave the person and "
    "the kind of contact empty."
)


class RestrictionQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day)

    def not_ended(self, day):
        """In force on `day` or starting later: what colleagues must already have read."""
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def awaiting_report(self):
        return self.filter(
            legal_basis=LegalBasis.EMERGENCY_ON_SITE, reported_to_authority_at__isnull=True
        )

    def reported_late(self):
        """Emergency restrictions reported after their 24 hours, or late before their clock was
        corrected: the SQL form of `Restriction.report_was_late` for those already reported."""
        return self.filter(legal_basis=LegalBasis.EMERGENCY_ON_SITE).filter(
            Q(late_before_correction=True)
            | Q(reported_to_authority_at__gt=F("imposed_at") + REPORTING_WINDOW)
        )

    def late_to_report(self, now):
        """Emergency restrictions still unreported more than 24 elapsed hours after imposition:
        the SQL form of `Restriction.report_is_late_at`."""
        return self.awaiting_report().filter(imposed_at__lt=now - REPORTING_WINDOW)

    def report_was_late(self, now):
        """The SQL form of `Restriction.report_was_late` at `now`: reported late, or late still."""
        return self.reported_late() | self.late_to_report(now)

    def report_due_soon(self, now):
        """Emergency restrictions unreported 18 hours after imposition, not yet late."""
        return self.awaiting_report().filter(
            imposed_at__lte=now - REPORT_WARNING_AFTER, imposed_at__gte=now - REPORTING_WINDOW
        )


class Restriction(EditLocked):
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
        help_text="Everyone, or one of the child's people. Protected professionals are not "
        "listed: no restriction applies to them.",
    )
    contact_type = models.CharField(
        max_length=20,
        choices=ContactType.choices,
        blank=True,
        help_text="Leave empty if it applies to every kind of contact.",
    )
    covers_all_contact = models.BooleanField(
        "no contact with anyone",
        default=False,
        help_text="A blanket restriction: everyone, every kind of contact. Protected "
        "professionals (social worker, advocate, …) can still reach the child.",
    )
    details = models.TextField(help_text="What the order or decision says, in plain words.")
    monitored_by = models.CharField(
        "read by",
        max_length=120,
        blank=True,
        help_text="Monitored correspondence: who reads it before the child receives it.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(
        "last day it applies", null=True, blank=True, help_text="Leave empty if open-ended."
    )
    order_reference = models.CharField(max_length=80, blank=True)
    court = models.CharField(max_length=120, blank=True)
    imposed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it was imposed: starts the 24-hour clock for reporting it to the "
        "placing authority.",
    )
    reported_to_authority_at = models.DateTimeField(null=True, blank=True)
    reported_how = models.CharField(max_length=20, choices=ReportMethod.choices, blank=True)
    reported_to = models.CharField(max_length=120, blank=True)
    late_report_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    late_before_correction = models.BooleanField(
        default=False,
        editable=False,
        help_text="The report was already late when the imposition time was corrected.",
    )
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
                violation_error_message=ENDS_BEFORE_IT_STARTS,
            ),
            models.CheckConstraint(
                condition=(
                    Q(covers_all_contact=False) & (Q(person__isnull=False) | ~Q(contact_type=""))
                )
                | Q(covers_all_contact=True, person__isnull=True, contact_type=""),
                name="restriction_scope_is_explicit",
                violation_error_message=NO_SCOPE,
            ),
            models.CheckConstraint(
                condition=~Q(legal_basis=LegalBasis.EMERGENCY_ON_SITE)
                | Q(imposed_at__isnull=False),
                name="emergency_restriction_has_imposition_time",
                violation_error_message="Say when an emergency restriction was imposed.",
            ),
        ]

    def __str__(self):
        return f"{self.get_effect_display()}: {self.scope_description} ({self.get_legal_basis_display()})"

    def get_absolute_url(self):
        return reverse("contacts:restriction-detail", args=[self.pk])

    @property
    def scope_description(self) -> str:
        if self.covers_all_contact:
            return "everyone, all contact"
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

    @property
    def has_started(self) -> bool:
        return self.starts_on <= timezone.localdate()

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)

    @property
    def must_be_reported(self) -> bool:
        return self.legal_basis == LegalBasis.EMERGENCY_ON_SITE

    @property
    def report_due_at(self):
        """24 elapsed hours after imposition, whatever the clocks do in between."""
        if not self.must_be_reported or self.imposed_at is None:
            return None
        return self.imposed_at.astimezone(UTC) + REPORTING_WINDOW

    def report_is_late_at(self, now) -> bool:
        return (
            self.report_due_at is not None
            and self.reported_to_authority_at is None
            and now > self.report_due_at
        )

    @property
    def report_is_late(self) -> bool:
        return self.report_is_late_at(timezone.now())

    @property
    def report_was_late(self) -> bool:
        """Late now, reported late, or late before its clock was corrected: what reports count."""
        if not self.must_be_reported:
            return False
        reported = self.reported_to_authority_at
        return (
            self.late_before_correction
            or self.report_is_late
            or (reported is not None and reported > self.report_due_at)
        )

    def _protected_relationship(self) -> Relationship | None:
        if not (self.person_id and self.child_id):
            return None
        return (
            Relationship.objects.filter(child_id=self.child_id, person_id=self.person_id)
            .exclude(protected_role="")
            .first()
        )

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = ENDS_BEFORE_IT_STARTS
        if self.covers_all_contact and (self.person_id or self.contact_type):
            errors["covers_all_contact"] = BLANKET_WITH_SCOPE
        elif not self.covers_all_contact and not self.person_id and not self.contact_type:
            errors["covers_all_contact"] = NO_SCOPE
        protected = self._protected_relationship()
        if protected is not None:
            errors["person"] = (
                f"{self.person} is the child's {protected.get_protected_role_display().lower()}: "
                "a child must always be able to reach them, so no restriction can be recorded "
                "against them here."
            )
        effect_error = _effect_scope_error(self.effect, self.contact_type)
        if effect_error:
            errors["contact_type"] = effect_error
        if self.effect == RestrictionEffect.MONITORED and not self.monitored_by.strip():
            errors["monitored_by"] = "Say who reads the child's correspondence."
        if self.must_be_reported and self.imposed_at is None:
            errors["imposed_at"] = "Say when the emergency restriction was imposed."
        elif self.imposed_at and self.imposed_at > timezone.now():
            errors["imposed_at"] = "The time it was imposed cannot be in the future."
        elif (
            self.imposed_at
            and self.starts_on
            and timezone.localdate(self.imposed_at) > self.starts_on
        ):
            errors["imposed_at"] = (
                f"It was in force from {self.starts_on:%d/%m/%Y}: it cannot have been imposed "
                "after that day."
            )
        if errors:
            raise ValidationError(errors)


def _effect_scope_error(effect: str, contact_type: str) -> str:
    """Why a restriction with this effect, limited to this kind of contact, could never change
    an answer (or "" if it can)."""
    if not contact_type:
        return ""
    if effect == RestrictionEffect.LETTERS_ONLY or (
        effect == RestrictionEffect.NO_COLLECTION and contact_type not in ContactType.handovers()
    ):
        return (
            f"'{RestrictionEffect(effect).label}' covers every kind of contact: leave this empty."
        )
    if effect == RestrictionEffect.MONITORED and contact_type not in CORRESPONDENCE:
        return "Only correspondence (letters, e-mails, messages, social media) can be monitored."
    return ""


class Acknowledgement(models.Model):
    """A colleague confirmed they read and understood one version of a restriction."""

    restriction = models.ForeignKey(
        Restriction, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    acknowledged_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

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
