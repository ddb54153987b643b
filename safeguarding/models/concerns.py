"""Safeguarding concerns (LP 38 sections 5 and 6; Keeping Children Safe in Education): every
concern, discussion and decision, with its reasons, in writing. A concern is never deleted."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from contacts.models import Child, CollectionCheck, Person
from coxlease.editlock import EditLocked
from coxlease.models import Role, Site
from coxlease.policy import Audience, roles_at
from records.models import ContactEntry

# How soon a lead must act on a concern (KCSIE: without delay).
URGENT_WITHIN = timedelta(hours=1)
# An urgent concern nobody has opened by then goes to the deputy DSL, then to SLT.
ESCALATE_AFTER = timedelta(minutes=30)


class Category(models.TextChoices):
    PLAN_NOT_FOLLOWED = "plan_not_followed", "Contact plan not followed"
    ONLINE = "online", "Online or social media"
    CORRESPONDENCE = "correspondence", "Communication or correspondence"
    COLLECTION = "collection", "Collection or drop-off"
    DISCLOSURE = "disclosure", "Disclosure by the child"
    ALLEGATION = "allegation", "Allegation about an adult who works with children"
    OTHER = "other", "Other"


class Urgency(models.TextChoices):
    URGENT = "urgent", "Urgent: the DSL is needed now"
    ROUTINE = "routine", "Not urgent: within one working day"


class Status(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    ESCALATED = "escalated", "Escalated"
    CLOSED = "closed", "Closed"


class ConcernQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Status.CLOSED)

    def unopened_by_leads(self):
        return self.filter(first_opened_at__isnull=True)


class Concern(EditLocked):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="concerns")
    category = models.CharField(max_length=30, choices=Category.choices)
    urgency = models.CharField(max_length=20, choices=Urgency.choices)
    happened_at = models.DateTimeField("when it happened")
    what_happened = models.TextField(
        "what happened", max_length=8000, help_text="The facts, as you saw or heard them."
    )
    childs_words = models.TextField(
        "the child's own words",
        max_length=4000,
        blank=True,
        help_text="Exactly what the child said, if they said anything.",
    )
    action_taken = models.TextField("action already taken", max_length=4000, blank=True)
    people_involved = models.ManyToManyField(
        Person, blank=True, related_name="concerns", verbose_name="people involved"
    )
    others_involved = models.CharField(
        "anyone else involved", max_length=300, blank=True, help_text="Names and roles."
    )
    named_adult = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="the adult it is about (if they work here)",
        help_text="An allegation: they are never told and can never see it.",
    )
    named_adult_description = models.CharField(
        "the adult it is about (anyone else)",
        max_length=200,
        blank=True,
        help_text="A volunteer, a driver, someone from an agency: name and role.",
    )
    contact_entry = models.ForeignKey(
        ContactEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    collection_check = models.ForeignKey(
        CollectionCheck, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    outcome = models.TextField(blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now, editable=False)
    first_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    escalated_to_deputy_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_to_slt_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[people_involved])
    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | ~Q(outcome=""),
                name="closed_concern_has_an_outcome",
                violation_error_message="Say what the outcome was.",
            ),
            models.CheckConstraint(
                condition=Q(happened_at__lte=F("raised_at")),
                name="concern_happened_before_it_was_raised",
                violation_error_message="It cannot have happened after it was raised.",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} concern about {self.child}"

    def get_absolute_url(self):
        return reverse("safeguarding:concern-detail", args=[self.pk])

    @property
    def site(self) -> Site:
        return self.child.site

    @property
    def is_allegation(self) -> bool:
        return self.category == Category.ALLEGATION

    @property
    def about_a_lead(self) -> bool:
        """An allegation about the site manager or a DSL: it goes to SLT instead."""
        if not self.named_adult_id:
            return False
        site = self.child.site
        return self.named_adult_id in (site.dsl_id, site.deputy_dsl_id) or bool(
            roles_at(self.named_adult, site) & {Role.SITE_MANAGER, Role.DSL}
        )

    @property
    def handled_by(self) -> str:
        """Who has it, in the words of the person who raised it."""
        if self.about_a_lead:
            return "senior leadership (SLT)"
        return "the designated safeguarding lead and site manager"

    def audience(self) -> Audience:
        leads = (
            frozenset({Role.SLT}) if self.about_a_lead else frozenset({Role.DSL, Role.SITE_MANAGER})
        )
        return Audience(
            site_id=self.child.site_id,
            roles=leads | {Role.SLT},
            author_id=self.raised_by_id,
            excluded=frozenset({self.named_adult_id} - {None}),
            actors=leads,
        )

    @property
    def respond_by(self):
        """When a lead must have acted: within the hour if urgent, else one working day."""
        if self.urgency == Urgency.URGENT:
            return self.raised_at + URGENT_WITHIN
        due = timezone.localtime(self.raised_at) + timedelta(days=1)
        while due.weekday() >= 5:  # Saturday, Sunday
            due += timedelta(days=1)
        return due

    def clean(self):
        errors = {}
        if self.happened_at and self.happened_at > timezone.now():
            errors["happened_at"] = "It cannot have happened in the future."
        if self.is_allegation and not (self.named_adult_id or self.named_adult_description.strip()):
            errors["named_adult_description"] = "Say who the allegation is about."
        if self.status == Status.CLOSED and not self.outcome.strip():
            errors["outcome"] = "Say what the outcome was."
        if errors:
            raise ValidationError(errors)


class Step(models.Model):
    """One step in a concern's own chronology: who, when, what was decided and why. Never
    changed once written."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        REVIEW = "review", "Taken into review"
        DECISION = "decision", "Decision or action"
        ESCALATED = "escalated", "Escalated"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        ALERT = "alert", "Alert sent"

    class EscalatedTo(models.TextChoices):
        LINE_MANAGER = "line_manager", "Line manager"
        PLACING_AUTHORITY = "placing_authority", "Placing authority"
        CHILDRENS_SOCIAL_CARE = "social_care", "Children's social care"
        POLICE = "police", "Police"
        LADO = "lado", "LADO (allegations about adults)"
        OFSTED = "ofsted", "Ofsted (reg. 40 notifiable event)"

    class How(models.TextChoices):
        PHONE = "phone", "Phone call"
        EMAIL = "email", "E-mail"
        MEETING = "meeting", "Meeting"
        PORTAL = "portal", "Online referral"

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField("what was decided and why", max_length=4000, blank=True)
    escalated_to = models.CharField(max_length=30, choices=EscalatedTo.choices, blank=True)
    escalated_when = models.DateTimeField(null=True, blank=True)
    escalated_how = models.CharField(max_length=20, choices=How.choices, blank=True)
    reference = models.CharField("reference given", max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.concern})"


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """Outside the web root, under a name that says nothing."""
    return f"concerns/{uuid.uuid4().hex}"


class Attachment(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField("file name", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class NeedToKnow(models.Model):
    """What named colleagues must do or watch for, written by the DSL: not the concern
    itself, which they cannot see."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="need_to_know")
    text = models.TextField("what they need to know", max_length=2000)
    colleagues = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="need_to_know")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[colleagues])

    class Meta:
        verbose_name_plural = "need-to-know notes"
        ordering = ["-written_at", "-pk"]

    def __str__(self):
        return f"Need to know about {self.concern.child}"
