"""E-safety teaching (LP 38 section 8) and the log of online incidents with what they taught
(LP 38 section 10: social media incidents analysed, learning shared)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from contacts.models import Child, Scale
from coxlease.editlock import EditLocked

from .concerns import Concern

NOT_YET = "That is in the future: record it once it has happened."
SHARED_WHEN = "Say when the learning was shared."
SHARED_WITH = "Say with whom the learning was shared."
SHARED_BEFORE = "The learning cannot have been shared before the incident."


class ESafetySession(models.Model):
    """A session teaching a child to keep safe online. Written once; its history is kept."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="esafety_sessions")
    held_on = models.DateField("date")
    topic = models.CharField(
        max_length=200, help_text="e.g. privacy settings, strangers online, sharing photos."
    )
    taught_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    understanding = models.CharField(
        "the child's understanding", max_length=20, choices=Scale.choices
    )
    notes = models.TextField(
        "about their understanding",
        max_length=2000,
        blank=True,
        help_text="In their words if you can.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "e-safety session"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"E-safety session with {self.child}: {self.topic}"

    def get_absolute_url(self):
        return self.child.get_absolute_url() + "#esafety"

    def clean(self):
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": NOT_YET})


class Harm(models.TextChoices):
    NONE = "none", "No harm"
    RISK = "risk", "Risk of harm"
    HARM = "harm", "Harm caused"


class OnlineIncident(EditLocked):
    """A social media or online incident about a child, and what it taught."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="online_incidents")
    happened_at = models.DateTimeField("when it happened")
    platform = models.CharField(
        "platform or app", max_length=120, help_text="e.g. Snapchat, Roblox, a group chat."
    )
    what_happened = models.TextField(max_length=8000, help_text="The facts, as you know them.")
    harm = models.CharField(max_length=20, choices=Harm.choices)
    harm_details = models.TextField("about the harm", max_length=4000, blank=True)
    action_taken = models.TextField(max_length=4000, blank=True)
    concern = models.ForeignKey(
        Concern,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="online_incidents",
        verbose_name="linked concern",
    )
    learning = models.TextField("what was learnt", max_length=4000, blank=True)
    learning_shared_with = models.CharField(
        "learning shared with", max_length=300, blank=True, help_text="e.g. all care staff."
    )
    learning_shared_on = models.DateField("learning shared on", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(learning_shared_with="") | Q(learning_shared_on__isnull=False),
                name="online_learning_shared_says_when",
                violation_error_message=SHARED_WHEN,
            ),
        ]

    def __str__(self):
        return f"Online incident on {self.platform} ({self.child})"

    def get_absolute_url(self):
        return reverse("safeguarding:incident-detail", args=[self.pk])

    @property
    def learning_shared(self) -> bool:
        return self.learning_shared_on is not None

    def clean(self):
        errors = {}
        if self.happened_at and self.happened_at > timezone.now():
            errors["happened_at"] = NOT_YET
        if self.learning_shared_with.strip() and not self.learning_shared_on:
            errors["learning_shared_on"] = SHARED_WHEN
        if self.learning_shared_on and not self.learning_shared_with.strip():
            errors["learning_shared_with"] = SHARED_WITH
        if (
            self.learning_shared_on
            and self.happened_at
            and self.learning_shared_on < timezone.localtime(self.happened_at).date()
        ):
            errors["learning_shared_on"] = SHARED_BEFORE
        if errors:
            raise ValidationError(errors)
