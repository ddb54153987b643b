from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coxlease.editlock import EditLocked
from coxlease.models import Site

LEAVES_BEFORE_ADMISSION = "The leaving date cannot be before the admission date."


def leaves_before_admission(admission, leaving) -> bool:
    return bool(admission and leaving and leaving < admission)


class LegalStatus(models.TextChoices):
    CARE_ORDER = "care_order", "Looked after under a care order (s31)"
    INTERIM_CARE_ORDER = "interim_care_order", "Looked after under an interim care order (s38)"
    ACCOMMODATED = "accommodated", "Accommodated by agreement (s20)"
    PLACEMENT_ORDER = "placement_order", "Placement order"
    REMAND = "remand", "Remanded to local authority accommodation"
    AT_HOME = "at_home", "Not looked after: lives at home, attends as a pupil"
    OTHER = "other", "Other (see notes)"


def child_name_matches(text: str, *, prefix: str = "") -> Q:
    """Every word of `text` in a child's legal first, last or preferred name.
    `prefix` reaches the child from another model, e.g. "child__"."""
    condition = Q()
    for word in text.split():
        condition &= (
            Q(**{f"{prefix}legal_first_name__icontains": word})
            | Q(**{f"{prefix}legal_last_name__icontains": word})
            | Q(**{f"{prefix}preferred_name__icontains": word})
        )
    return condition


class ChildQuerySet(models.QuerySet):
    def on_roll(self, on=None):
        """Children who have not left by the given date (today by default). A child is still
        on roll on their leaving day: that is when they are most likely to be collected."""
        on = on or timezone.localdate()
        return self.filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=on))

    def left(self, on=None):
        on = on or timezone.localdate()
        return self.filter(leaving_date__lt=on)


class Child(EditLocked):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="children")
    legal_first_name = models.CharField(max_length=80)
    legal_last_name = models.CharField(max_length=80)
    preferred_name = models.CharField(
        max_length=80, blank=True, help_text="What the child likes to be called, if different."
    )
    date_of_birth = models.DateField()
    admission_date = models.DateField()
    leaving_date = models.DateField(null=True, blank=True)
    group = models.CharField(
        "class, house or year group",
        max_length=60,
        blank=True,
        help_text="Tells two children with similar names apart; family mailing lists use it.",
    )
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_children",
    )
    legal_status = models.CharField(max_length=30, choices=LegalStatus.choices)
    placing_authority = models.CharField(max_length=120, blank=True)
    social_worker_name = models.CharField(max_length=120, blank=True)
    social_worker_phone = models.CharField(max_length=40, blank=True)
    social_worker_email = models.EmailField(blank=True)
    communication_needs = models.TextField(
        blank=True, help_text="How the child communicates and how best to explain things to them."
    )

    history = HistoricalRecords()
    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "children"
        ordering = ["legal_last_name", "legal_first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(leaving_date__isnull=True) | Q(leaving_date__gte=F("admission_date")),
                name="child_leaves_after_admission",
                violation_error_message=LEAVES_BEFORE_ADMISSION,
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("monitoring:child-detail", args=[self.pk])

    @property
    def display_name(self):
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def legal_name(self):
        return f"{self.legal_first_name} {self.legal_last_name}"

    @property
    def age(self) -> int:
        today, born = timezone.localdate(), self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def has_left(self):
        return self.leaving_date is not None and self.leaving_date < timezone.localdate()

    def clean(self):
        if self.date_of_birth and self.admission_date and self.admission_date < self.date_of_birth:
            raise ValidationError(
                {"admission_date": "The admission date cannot be before the date of birth."}
            )
        if leaves_before_admission(self.admission_date, self.leaving_date):
            # Reported on the admission date: the edit form has no leaving date.
            raise ValidationError({"admission_date": LEAVES_BEFORE_ADMISSION})
