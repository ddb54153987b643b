"""The contact log (LP 38 sections 3, 6, 7 and 9) and the site's local rules on when messages,
calls and devices are appropriate."""

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from contacts.models import Child, ContactType, Person, RecordedVerdict
from contacts.models.restrictions import CORRESPONDENCE
from coxlease.editlock import EditLocked
from coxlease.models import Site

ENDS_BEFORE_IT_STARTS = "It cannot end before it started."
IN_THE_FUTURE = "A contact cannot be logged before it happens: check the date and time."
LOCAL_RULE_ENDS_FIRST = "'Until' must be later than 'from'."
PRIVATE = (
    "Letters and private messages are logged without their content (LP 38 section 7): leave "
    "this empty."
)


class Direction(models.TextChoices):
    INCOMING = "incoming", "Incoming (to the child)"
    OUTGOING = "outgoing", "Outgoing (from the child)"
    IN_PERSON = "in_person", "In person"


class Presentation(models.TextChoices):
    """How the child presented (LP 38 section 6: excited or nervous about a visit)."""

    SETTLED = "settled", "Settled"
    EXCITED = "excited", "Excited"
    NERVOUS = "nervous", "Nervous"
    UPSET = "upset", "Upset"
    DISTRESSED = "distressed", "Distressed"


class Initiator(models.TextChoices):
    CHILD = "child", "The child"
    CONTACT = "contact", "The person in contact"
    STAFF = "staff", "Staff"
    OTHER = "other", "Someone else (say in the summary)"


class ContactEntryQuerySet(models.QuerySet):
    def current(self):
        """Entries not marked "entered in error"."""
        return self.filter(entered_in_error=False)


class ContactEntry(EditLocked, RecordedVerdict):
    """One visit, call, letter, message or video call, checked against the child's plan and
    restrictions when it was saved (the verdict is kept as it was given)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="contact_entries")
    contact_type = models.CharField(max_length=20, choices=ContactType.plan_choices())
    direction = models.CharField(max_length=20, choices=Direction.choices)
    started_at = models.DateTimeField("when")
    ended_at = models.DateTimeField("ended", null=True, blank=True)
    place = models.CharField(max_length=120, blank=True)
    participants = models.ManyToManyField(
        Person, blank=True, related_name="contact_entries", verbose_name="who took part"
    )
    someone_else = models.CharField(
        "someone not listed",
        max_length=150,
        blank=True,
        help_text="Their name and how they say they know the child.",
    )
    staff_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="staff present"
    )
    supervised = models.BooleanField(default=False)
    supervised_by = models.CharField(max_length=120, blank=True)
    initiated_by = models.CharField(max_length=20, choices=Initiator.choices, blank=True)
    summary = models.TextField(
        "what happened",
        max_length=4000,
        blank=True,
        help_text="Facts: what was said and done, as you saw it.",
    )
    content = models.TextField(
        "content (monitored correspondence)",
        max_length=4000,
        blank=True,
        help_text="Only where an order says the correspondence is read before the child gets it.",
    )
    presentation_before = models.CharField(
        "how the child was before", max_length=20, choices=Presentation.choices, blank=True
    )
    presentation_after = models.CharField(
        "how the child was after", max_length=20, choices=Presentation.choices, blank=True
    )
    presentation_note = models.TextField("about how the child was", max_length=2000, blank=True)
    colleagues_told = models.BooleanField(
        "colleagues were told", default=False, help_text="LP 38 section 6."
    )
    flagged = models.BooleanField(
        default=False, help_text="The contact broke a restriction or the plan."
    )
    outside_local_rules = models.BooleanField(
        default=False, help_text="At a time the site's local rules say is not appropriate."
    )
    entered_in_error = models.BooleanField(default=False)
    error_reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[participants])
    objects = ContactEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "contact entries"
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["child", "-started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="entry_ends_after_it_starts",
                violation_error_message=ENDS_BEFORE_IT_STARTS,
            ),
        ]

    def __str__(self):
        return f"{self.get_contact_type_display()} on {timezone.localtime(self.started_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("records:entry-detail", args=[self.pk])

    @property
    def is_private_correspondence(self) -> bool:
        return self.contact_type in CORRESPONDENCE

    def clean(self):
        errors = {}
        if self.started_at and self.ended_at and self.ended_at < self.started_at:
            errors["ended_at"] = ENDS_BEFORE_IT_STARTS
        if self.started_at and self.started_at > timezone.now():
            errors["started_at"] = IN_THE_FUTURE
        elif (
            self.started_at
            and self.child_id
            and (timezone.localtime(self.started_at).date() < self.child.date_of_birth)
        ):
            errors["started_at"] = "That is before the child was born: check the date."
        if self.supervised and not self.supervised_by.strip():
            errors["supervised_by"] = "Say who supervised it."
        if self.entered_in_error and not self.error_reason.strip():
            errors["error_reason"] = "Say why it was entered in error."
        if self.is_private_correspondence and self.summary.strip():
            errors["summary"] = PRIVATE
        if errors:
            raise ValidationError(errors)


class LocalRule(models.Model):
    """When messages, calls or device use are appropriate at a site (LP 38 section 7: 'local
    rules … much as reasonable parents might'), published in the children's guide."""

    class Activity(models.TextChoices):
        MESSAGES = "messages", "Messages and e-mails"
        CALLS = "calls", "Phone and video calls"
        DEVICES = "devices", "Social media and own devices"

    class Days(models.TextChoices):
        SCHOOL_DAYS = "school_days", "School days (Monday to Friday)"
        WEEKENDS = "weekends", "Weekends (Saturday and Sunday)"

    # Which kinds of contact each rule covers.
    COVERS = {
        Activity.MESSAGES: {ContactType.MESSAGE, ContactType.EMAIL},
        Activity.CALLS: {ContactType.PHONE, ContactType.VIDEO_CALL},
        Activity.DEVICES: {ContactType.SOCIAL_MEDIA},
    }

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="local_rules")
    activity = models.CharField(max_length=20, choices=Activity.choices)
    days = models.CharField(max_length=20, choices=Days.choices)
    from_time = models.TimeField("from", default=time(7, 0))
    until_time = models.TimeField("until", default=time(21, 0))

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "days"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "activity", "days"],
                name="one_local_rule_per_activity_and_days",
                violation_error_message="This site already has a rule for these days: change it.",
            ),
            models.CheckConstraint(
                condition=Q(until_time__gt=F("from_time")),
                name="local_rule_ends_after_it_starts",
                violation_error_message=LOCAL_RULE_ENDS_FIRST,
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_activity_display()}, {self.get_days_display().split(' (')[0].lower()}: "
            f"{self.from_time:%H:%M} to {self.until_time:%H:%M}"
        )

    def clean(self):
        if self.from_time and self.until_time and self.until_time <= self.from_time:
            raise ValidationError({"until_time": LOCAL_RULE_ENDS_FIRST})
