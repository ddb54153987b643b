from django.db import models


class Outcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    CONDITIONAL = "conditional", "Allowed with conditions"
    NOT_ALLOWED = "not_allowed", "Not allowed"


class RecordedVerdict(models.Model):
    """The contact rule's answer as it was given at the time, kept in structured form so that
    reports can count by outcome and by the restriction that decided it."""

    result = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.JSONField(default=list, blank=True)
    conditions = models.JSONField(default=list, blank=True)
    applied_restrictions = models.ManyToManyField(
        "contacts.Restriction",
        blank=True,
        related_name="+",
        help_text="The restrictions in force that decided or conditioned the answer.",
    )

    class Meta:
        abstract = True

    def record_verdict(self, verdict) -> None:
        """Copy a `rules.Verdict` onto this unsaved record (restrictions after saving)."""
        self.result = verdict.outcome
        self.reasons = list(verdict.reasons)
        self.conditions = list(verdict.conditions)
