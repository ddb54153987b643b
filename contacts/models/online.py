"""Social media and video calls (LP 38 section 8): the arrangements the contact rule reads
besides the plan. A child's social media use is risk-assessed first; video calls follow an
agreed plan per person."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coxlease.editlock import EditLocked

from .children import Child
from .people import Person
from .plans import SupervisedContact

REVIEW_BEFORE_ASSESSMENT = "The review date cannot be before the assessment."
HIGH_RISK_ALLOWED = (
    "A high risk means social media only with monitoring, or not at all (LP 38 section 8)."
)
VIDEO_CALL_PLAN_EXISTS = "This child already has a video-call plan with this person: edit that one."
SAY_WHICH_APP = "Say which app."


class Scale(models.TextChoices):
    GOOD = "good", "Good"
    SOME = "some", "Some"
    LIMITED = "limited", "Limited"
    NONE = "none", "None"


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class SocialMediaDecision(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    MONITORED = "monitored", "Allowed with monitoring"
    NOT_ALLOWED = "not_allowed", "Not allowed"


class SocialMediaAssessmentQuerySet(models.QuerySet):
    def current_on(self, day):
        """The assessment in force on `day`: the latest made by then. One past its review date
        still counts (it is shown "review overdue") until a new one is made."""
        return self.filter(assessed_on__lte=day).order_by("-assessed_on", "-pk").first()

    def current_at(self, day):
        """`current_on` for every child at once, in SQL: each child's assessment in force on
        `day` (none made later by then, nor on the same day after it)."""
        later = self.model.objects.filter(
            Q(assessed_on__gt=OuterRef("assessed_on"))
            | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk")),
            child=OuterRef("child"),
            assessed_on__lte=day,
        )
        return self.filter(assessed_on__lte=day).exclude(Exists(later))


class SocialMediaAssessment(EditLocked):
    """A social media risk assessment of one child, before they use it (LP 38 section 8)."""

    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="social_media_assessments"
    )
    platforms = models.CharField(
        "platforms and apps", max_length=300, help_text="e.g. Instagram, Snapchat, Roblox."
    )
    understanding = models.CharField(
        "understanding of the risks", max_length=20, choices=Scale.choices
    )
    understanding_notes = models.TextField("about their understanding", blank=True)
    keeping_safe = models.CharField(
        "ability to keep themselves safe", max_length=20, choices=Scale.choices
    )
    keeping_safe_notes = models.TextField("about keeping safe", blank=True)
    other_factors = models.TextField(
        blank=True, help_text="e.g. past exploitation, contact the plan or an order forbids."
    )
    overall_risk = models.CharField(max_length=20, choices=Risk.choices)
    decision = models.CharField(max_length=20, choices=SocialMediaDecision.choices)
    conditions = models.TextField(
        blank=True, help_text="e.g. only in the lounge, friends list checked weekly."
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField("date of the assessment")
    review_date = models.DateField()

    history = HistoricalRecords()
    objects = SocialMediaAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_date__gte=F("assessed_on")),
                name="social_media_reviewed_after_assessment",
                violation_error_message=REVIEW_BEFORE_ASSESSMENT,
            ),
            models.CheckConstraint(
                condition=~Q(overall_risk=Risk.HIGH, decision=SocialMediaDecision.ALLOWED),
                name="high_social_media_risk_is_not_plainly_allowed",
                violation_error_message=HIGH_RISK_ALLOWED,
            ),
        ]

    def __str__(self):
        return f"Social media risk assessment for {self.child} ({self.assessed_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("contacts:social-media-detail", args=[self.pk])

    @property
    def review_is_overdue(self) -> bool:
        return self.review_date < timezone.localdate()

    def clean(self):
        errors = {}
        if self.assessed_on and self.review_date and self.review_date < self.assessed_on:
            errors["review_date"] = REVIEW_BEFORE_ASSESSMENT
        if self.overall_risk == Risk.HIGH and self.decision == SocialMediaDecision.ALLOWED:
            errors["decision"] = HIGH_RISK_ALLOWED
        if errors:
            raise ValidationError(errors)


class VideoCallApp(models.TextChoices):
    FACETIME = "facetime", "FaceTime"
    SKYPE = "skype", "Skype"
    WHATSAPP = "whatsapp", "WhatsApp"
    OTHER = "other", "Other"


class VideoCallPlan(SupervisedContact):
    """The agreed way a child video-calls one person (LP 38 section 8): without one, a video
    call with them is not in the plan."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="video_call_plans")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="video_call_plans")
    app = models.CharField(max_length=20, choices=VideoCallApp.choices)
    other_app = models.CharField("which app", max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "person"],
                name="one_video_call_plan_per_person",
                violation_error_message=VIDEO_CALL_PLAN_EXISTS,
            )
        ]

    def __str__(self):
        return (
            f"Video calls with {self.person} by {self.app_name}: {self.get_supervision_display()}"
        )

    def get_absolute_url(self):
        return self.child.get_absolute_url() + "#online"

    @property
    def app_name(self) -> str:
        return self.other_app if self.app == VideoCallApp.OTHER else self.get_app_display()

    def clean(self):
        errors = self.supervision_errors()
        if self.app == VideoCallApp.OTHER and not self.other_app.strip():
            errors["other_app"] = SAY_WHICH_APP
        if (
            self.child_id
            and self.person_id
            and VideoCallPlan.objects.filter(child_id=self.child_id, person_id=self.person_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["person"] = VIDEO_CALL_PLAN_EXISTS
        if errors:
            raise ValidationError(errors)
