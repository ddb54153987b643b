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
from .plans import ContactType
from .verdicts import Outcome, RecordedVerdict

VALID_TO_BEFORE_FROM = "'Valid to' cannot be before 'valid from'."
ALREADY_A_COLLECTOR = "This person is already an authorised collector: edit that record instead."
NEITHER_COLLECT_NOR_DROP_OFF = "Tick 'may collect', 'may drop off', or both."


class IdentificationAsked(models.TextChoices):
    PHOTO_ID = "photo_id", "Photo ID (passport or driving licence)"
    WORK_BADGE = "work_badge", "Work or agency ID badge"
    BOTH = "both", "Photo ID and a work badge"


class AuthorisedCollectorQuerySet(models.QuerySet):
    def valid_on(self, day):
        """The SQL form of `AuthorisedCollector.is_valid_on`."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class AuthorisedCollector(EditLocked):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="collectors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="collections")
    may_collect = models.BooleanField(default=True)
    may_drop_off = models.BooleanField(default=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Leave empty if open-ended.")
    password_word = models.CharField(
        max_length=60, blank=True, help_text="A word the collector must give at the door."
    )
    identification_to_ask = models.CharField(
        "identification to ask for",
        max_length=20,
        choices=IdentificationAsked.choices,
        blank=True,
    )
    identification_notes = models.TextField(
        blank=True, help_text="How to recognise them, or anything else to check."
    )

    history = HistoricalRecords()
    objects = AuthorisedCollectorQuerySet.as_manager()

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="collector_valid_to_after_valid_from",
                violation_error_message=VALID_TO_BEFORE_FROM,
            ),
            models.UniqueConstraint(
                fields=["child", "person"],
                name="one_collector_record_per_person",
                violation_error_message=ALREADY_A_COLLECTOR,
            ),
            models.CheckConstraint(
                condition=Q(may_collect=True) | Q(may_drop_off=True),
                name="collector_may_do_something",
                violation_error_message=NEITHER_COLLECT_NOR_DROP_OFF,
            ),
        ]

    def __str__(self):
        return f"{self.person} for {self.child}"

    def get_absolute_url(self):
        return reverse("monitoring:child-detail", args=[self.child_id]) + "#collectors"

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = VALID_TO_BEFORE_FROM
        if not self.may_collect and not self.may_drop_off:
            errors["may_collect"] = NEITHER_COLLECT_NOR_DROP_OFF
        if (
            self.child_id
            and self.person_id
            and AuthorisedCollector.objects.filter(child_id=self.child_id, person_id=self.person_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["person"] = ALREADY_A_COLLECTOR
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def may_hand_over(self, handover: str) -> bool:
        return self.may_collect if handover == ContactType.COLLECTION else self.may_drop_off

    def password_matches(self, given: str) -> bool:
        """Whether the word said at the door is the one on record (case and spacing aside)."""
        return " ".join(given.split()).casefold() == " ".join(self.password_word.split()).casefold()


class CollectionCheck(RecordedVerdict):
    """One answer given at the door: kept as it was given, never edited. When the answer
    waited for a password word, the desk's record of the word is a second check that
    `follows` the first."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="collection_checks")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unlisted_description = models.CharField("who is there (not listed)", max_length=150, blank=True)
    handover = models.CharField(
        max_length=20,
        choices=[(t.value, t.label) for t in (ContactType.COLLECTION, ContactType.DROP_OFF)],
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)
    follows = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_by",
        help_text="The check whose answer waited for the password word.",
    )
    password_given = models.BooleanField(
        null=True, blank=True, help_text="Whether the right password word was given at the door."
    )
    asks_password = models.BooleanField(
        default=False, help_text="The answer waits for the collector's password word."
    )
    for_the_dsl = models.BooleanField(
        "for the DSL",
        default=False,
        help_text="An answer the DSL is told of at once and follows up.",
    )
    names_in_other_order = models.BooleanField(
        "named in an order about another child",
        default=False,
        help_text="The person at the door is named in an order about another child here.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-checked_at", "-pk"]

    def __str__(self):
        return f"{self.get_result_display()}: {self.who} for {self.child}"

    def get_absolute_url(self):
        return reverse("contacts:collection-check-result", args=[self.pk])

    @property
    def why_for_the_dsl(self) -> str:
        """Why this answer needs the DSL, in a few words for their list (naming no order)."""
        if self.names_in_other_order:
            return "named in an order about another child here"
        if self.password_given is False:
            return "wrong password word"
        if self.applied_restrictions.all():  # prefetched by the lists that show this
            if self.result == Outcome.CONDITIONAL:
                return "an order starts within days"
            return "refused under an order"
        return "wrong password words again today"

    @property
    def who(self) -> str:
        return (
            str(self.person)
            if self.person_id
            else self.unlisted_description or "Someone not listed"
        )
