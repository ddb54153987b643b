"""Planned contact (LP 38 section 6): the week's visits and calls, each checked against the
contact rule when it is planned and again when it is shown; a child out with family and when
they are due back; and how each plan ended, countable for monitoring."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from contacts.models import Child, ContactType, Person, RecordedVerdict
from coxlease.editlock import EditLocked
from coxlease.models import Site

from .log import ContactEntry

ENDS_FIRST = "It cannot end before it starts."
BACK_BEFORE_LEAVING = "The return cannot be before the child left."
DEFAULT_GRACE = timedelta(minutes=30)


class SiteSettings(models.Model):
    """What the site decides about planned contact (kept here, keyed to the site)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="planning")
    grace_minutes = models.PositiveSmallIntegerField(
        "minutes late before the alert",
        default=DEFAULT_GRACE.seconds // 60,
        validators=[MaxValueValidator(240)],
        help_text="A child out this long after they were due back is not yet back: the person "
        "on call is alerted and the site page shows them in red.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self):
        return f"Planned contact at {self.site}"

    @property
    def grace(self) -> timedelta:
        return timedelta(minutes=self.grace_minutes)


class PlannedKind(models.TextChoices):
    VISIT_HERE = "visit_here", "Visit here"
    VISIT_OUT = "visit_out", "Visit out"
    PHONE = "phone", "Phone call"
    VIDEO_CALL = "video_call", "Video call"
    COLLECTION = "collection", "Collection and return"


class PlanStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HAPPENED = "happened", "Happened"
    NO_SHOW = "no_show", "No-show"
    REFUSED = "refused", "The child refused"
    CANCELLED = "cancelled", "Cancelled"


class PlannedContact(EditLocked, RecordedVerdict):
    """One visit, call or collection planned for a child, with the rule's answer when it was
    planned (kept as given; the pages ask again)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="planned_contacts")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="planned_contacts", verbose_name="who"
    )
    contact_kind = models.CharField("kind", max_length=20, choices=PlannedKind.choices)
    starts_at = models.DateTimeField("when")
    ends_at = models.DateTimeField(
        "expected end", help_text="For a visit out or a collection: when the child is due back."
    )
    place = models.CharField("where", max_length=120, blank=True)
    supervised_by = models.CharField(
        "who supervises",
        max_length=120,
        blank=True,
        help_text="Leave empty if nobody from here goes with them (a visit out is then a "
        "handover, checked as a collection).",
    )
    transport = models.CharField(max_length=120, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    for_dsl_review = models.BooleanField(
        "not allowed — for the DSL to review",
        default=False,
        help_text="The rule refuses this contact: it is planned only for the DSL to review.",
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.PLANNED)
    entry = models.OneToOneField(
        ContactEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned",
        verbose_name="the contact logged",
    )
    ended_note = models.TextField(
        "what was said",
        max_length=2000,
        blank=True,
        help_text="A refusal: the child's own words. Cancelled: why.",
    )
    cancelled_by = models.CharField("cancelled by", max_length=120, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    planned_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="planned_contact_ends_after_it_starts",
                violation_error_message=ENDS_FIRST,
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_contact_kind_display()} with {self.person} on "
            f"{timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"
        )

    def get_absolute_url(self):
        return reverse("records:planned-detail", args=[self.pk])

    @property
    def goes_out(self) -> bool:
        return self.contact_kind in (PlannedKind.VISIT_OUT, PlannedKind.COLLECTION)

    @property
    def contact_type(self) -> str:
        """What the contact rule is asked about: going out with someone unaccompanied by staff
        is a handover (only an authorised collector); anything else is the plan's contact."""
        if self.contact_kind == PlannedKind.COLLECTION or (
            self.contact_kind == PlannedKind.VISIT_OUT and not self.supervised_by.strip()
        ):
            return ContactType.COLLECTION
        if self.contact_kind in (PlannedKind.PHONE, PlannedKind.VIDEO_CALL):
            return self.contact_kind
        return ContactType.VISIT

    @property
    def is_open(self) -> bool:
        return self.status == PlanStatus.PLANNED

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": ENDS_FIRST})


class OutingQuerySet(models.QuerySet):
    def out(self):
        return self.filter(returned_at__isnull=True)


class Outing(EditLocked):
    """A child out with someone: when they left, when they are due back, when they came back."""

    planned = models.OneToOneField(PlannedContact, on_delete=models.PROTECT, related_name="outing")
    with_whom = models.CharField("out with", max_length=150)
    left_at = models.DateTimeField("left at")
    due_back_at = models.DateTimeField("due back at")
    returned_at = models.DateTimeField("back at", null=True, blank=True)
    alerted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When whoever was on call was alerted."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    objects = OutingQuerySet.as_manager()

    class Meta:
        ordering = ["due_back_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_back_at__gt=F("left_at")),
                name="outing_due_back_after_leaving",
                violation_error_message=BACK_BEFORE_LEAVING,
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("left_at")),
                name="outing_returns_after_leaving",
                violation_error_message=BACK_BEFORE_LEAVING,
            ),
        ]

    def __str__(self):
        return f"Out with {self.with_whom}, left {timezone.localtime(self.left_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return self.planned.get_absolute_url()

    @property
    def child(self) -> Child:
        return self.planned.child

    def is_late(self, *, now, grace: timedelta) -> bool:
        return self.returned_at is None and now >= self.due_back_at + grace

    def clean(self):
        errors = {}
        if self.left_at and self.due_back_at and self.due_back_at <= self.left_at:
            errors["due_back_at"] = BACK_BEFORE_LEAVING
        if self.left_at and self.returned_at and self.returned_at < self.left_at:
            errors["returned_at"] = BACK_BEFORE_LEAVING
        if self.returned_at and self.returned_at > timezone.now():
            errors["returned_at"] = "The child is not back yet at that time: check it."
        if errors:
            raise ValidationError(errors)


class OutingStep(models.Model):
    """What was done about a child out: the family phoned with a new time, or a step of the
    site's missing-from-care protocol (call the family, the placing authority, the police)."""

    class Action(models.TextChoices):
        NEW_TIME = "new_time", "The family phoned with a new time"
        CALLED_FAMILY = "called_family", "Called the family"
        PLACING_AUTHORITY = "placing_authority", "Told the placing authority"
        POLICE = "police", "Reported missing to the police"

    MISSING_FROM_CARE = (Action.CALLED_FAMILY, Action.PLACING_AUTHORITY, Action.POLICE)

    outing = models.ForeignKey(Outing, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField("what", max_length=20, choices=Action.choices)
    done_at = models.DateTimeField("when")
    who = models.CharField(
        "who", max_length=150, help_text="Who phoned, or whom you spoke to (name and role)."
    )
    note = models.TextField(max_length=2000, blank=True)
    new_due_back_at = models.DateTimeField("new time due back", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["done_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({timezone.localtime(self.done_at):%d/%m/%Y %H:%M})"

    def get_absolute_url(self):
        return self.outing.get_absolute_url()

    def clean(self):
        errors = {}
        if self.action == self.Action.NEW_TIME and not self.new_due_back_at:
            errors["new_due_back_at"] = "Give the new time they said."
        elif self.action != self.Action.NEW_TIME and self.new_due_back_at:
            errors["new_due_back_at"] = "Only for a new time the family gave: leave it empty."
        if self.done_at and self.done_at > timezone.now():
            errors["done_at"] = "That is still to come: record it once it is done."
        if errors:
            raise ValidationError(errors)
