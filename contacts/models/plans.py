from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coxlease.editlock import EditLocked

from .children import Child
from .people import Person

REVIEW_BEFORE_EFFECTIVE = "The review date cannot be before the effective date."
ARRANGEMENT_EXISTS = (
    "This plan already has an arrangement for this person and contact type: edit that one instead."
)
SAY_WHO_SUPERVISES = "Say who supervises this contact."


class ContactType(models.TextChoices):
    VISIT = "visit", "Visit"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter"
    EMAIL = "email", "E-mail"
    MESSAGE = "message", "Text or instant message"
    SOCIAL_MEDIA = "social_media", "Social media"
    VIDEO_CALL = "video_call", "Video call"
    # Handing the child over at the door: decided by authorised collectors, not the plan.
    COLLECTION = "collection", "Collection from site"
    DROP_OFF = "drop_off", "Drop-off at site"

    @classmethod
    def handovers(cls):
        return {cls.COLLECTION, cls.DROP_OFF}

    @classmethod
    def plan_choices(cls):
        return [(value, label) for value, label in cls.choices if value not in cls.handovers()]

    @classmethod
    def arrangement_choices(cls):
        """What a contact plan arranges: video calls are agreed in a video-call plan."""
        return [(value, label) for value, label in cls.plan_choices() if value != cls.VIDEO_CALL]


class Supervision(models.TextChoices):
    UNSUPERVISED = "unsupervised", "Unsupervised"
    SUPERVISED = "supervised", "Supervised"
    NOT_PERMITTED = "not_permitted", "Not permitted"


class ContactPlanQuerySet(models.QuerySet):
    def review_due_by(self, day):
        """Plans whose review falls on or before `day` (overdue ones included)."""
        return self.filter(review_date__lte=day)

    def review_overdue(self, on):
        """The SQL form of `ContactPlan.review_is_overdue_on`."""
        return self.filter(review_date__lt=on)


class ContactPlan(EditLocked):
    """A child's agreed contact arrangements. Earlier versions live in its history."""

    child = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="contact_plan")
    effective_date = models.DateField()
    review_date = models.DateField()
    agreed_with_placing_authority = models.CharField(
        "agreed with (placing authority)", max_length=120, blank=True
    )
    agreed_with_social_worker = models.CharField(
        "agreed with (social worker)", max_length=120, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="approved on site by",
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = ContactPlanQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(review_date__gte=F("effective_date")),
                name="plan_reviewed_after_it_starts",
                violation_error_message=REVIEW_BEFORE_EFFECTIVE,
            )
        ]

    def __str__(self):
        return f"Contact plan for {self.child}"

    def get_absolute_url(self):
        return reverse("contacts:plan-detail", args=[self.child_id])

    def review_is_overdue_on(self, day) -> bool:
        """The Python form of `ContactPlanQuerySet.review_overdue`."""
        return self.review_date < day

    @property
    def review_is_overdue(self) -> bool:
        return self.review_is_overdue_on(timezone.localdate())

    def clean(self):
        if self.effective_date and self.review_date and self.review_date < self.effective_date:
            raise ValidationError({"review_date": REVIEW_BEFORE_EFFECTIVE})


class SupervisedContact(EditLocked):
    """What is agreed for one person and one way of keeping in touch: how supervised, how
    often, on what conditions (a plan's arrangement, a video-call plan)."""

    supervision = models.CharField(max_length=20, choices=Supervision.choices)
    frequency = models.CharField(max_length=120, blank=True, help_text="e.g. fortnightly, Sundays")
    conditions = models.TextField(blank=True)
    supervised_by = models.CharField(
        max_length=120, blank=True, help_text="Who supervises, when supervised."
    )

    class Meta:
        abstract = True

    def supervision_errors(self) -> dict[str, str]:
        if self.supervision == Supervision.SUPERVISED and not self.supervised_by.strip():
            return {"supervised_by": SAY_WHO_SUPERVISES}
        return {}


class ContactArrangement(SupervisedContact):
    plan = models.ForeignKey(ContactPlan, on_delete=models.PROTECT, related_name="arrangements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="arrangements")
    contact_type = models.CharField(max_length=20, choices=ContactType.arrangement_choices())
    place = models.CharField(max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__full_name", "contact_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "person", "contact_type"],
                name="one_arrangement_per_person_and_type",
                violation_error_message=ARRANGEMENT_EXISTS,
            )
        ]

    def __str__(self):
        return f"{self.get_contact_type_display()} with {self.person}: {self.get_supervision_display()}"

    def get_absolute_url(self):
        return reverse("contacts:plan-detail", args=[self.plan.child_id])

    def clean(self):
        errors = self.supervision_errors()
        if (
            self.plan_id
            and self.person_id
            and ContactArrangement.objects.filter(
                plan_id=self.plan_id, person_id=self.person_id, contact_type=self.contact_type
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["contact_type"] = ARRANGEMENT_EXISTS
        if errors:
            raise ValidationError(errors)
