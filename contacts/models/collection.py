from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .children import Child
from .people import Person
from .plans import ContactType


class AuthorisedCollectorQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class AuthorisedCollector(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="collectors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="collections")
    may_collect = models.BooleanField(default=True)
    may_drop_off = models.BooleanField(default=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Leave empty if open-ended.")
    password_word = models.CharField(
        max_length=60, blank=True, help_text="A word the collector must give at the door."
    )
    identification_notes = models.TextField(
        blank=True, help_text="How to recognise them, or what ID to ask for."
    )

    history = HistoricalRecords()
    objects = AuthorisedCollectorQuerySet.as_manager()

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="collector_valid_to_after_valid_from",
                violation_error_message="'Valid to' cannot be before 'valid from'.",
            ),
            models.UniqueConstraint(
                fields=["child", "person"],
                name="one_collector_record_per_person",
                violation_error_message="This person is already an authorised collector: edit "
                "that record instead.",
            ),
            models.CheckConstraint(
                condition=Q(may_collect=True) | Q(may_drop_off=True),
                name="collector_may_do_something",
                violation_error_message="Tick 'may collect', 'may drop off', or both.",
            ),
        ]

    def __str__(self):
        return f"{self.person} for {self.child}"

    def get_absolute_url(self):
        return reverse("contacts:child-collectors", args=[self.child_id])


class CollectionCheck(models.Model):
    """One answer given at the door: kept as it was given, never edited."""

    class Result(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        CONDITIONAL = "conditional", "Allowed with conditions"
        NOT_ALLOWED = "not_allowed", "Not allowed"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="collection_checks")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unlisted_description = models.CharField("who is there (not listed)", max_length=150, blank=True)
    handover = models.CharField(
        max_length=20,
        choices=[(t.value, t.label) for t in (ContactType.COLLECTION, ContactType.DROP_OFF)],
    )
    result = models.CharField(max_length=20, choices=Result.choices)
    reasons = models.TextField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self):
        return f"{self.get_result_display()}: {self.who} for {self.child}"

    def get_absolute_url(self):
        return reverse("contacts:collection-check-result", args=[self.pk])

    @property
    def who(self) -> str:
        return (
            str(self.person)
            if self.person_id
            else self.unlisted_description or "Someone not listed"
        )
