import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coxlease.editlock import EditLocked
from coxlease.models import Site

from .children import Child


def photo_path(person: "Person", filename: str) -> str:
    """Photos live outside the web root (MEDIA_ROOT) under a name that says nothing."""
    return f"people/{uuid.uuid4().hex}.jpg"


class ProtectedRole(models.TextChoices):
    """People a child must always be able to reach, because contact with them is how a child
    raises a concern about the home itself. No restriction recorded here cuts them off.

    From the people the Children's Homes (England) Regulations 2015 require a home to let a
    child meet in private and contact (reg. 22, contact and access to communications; the
    regulation 44 independent person), as the DfE "Guide to the Children's Homes Regulations
    including the quality standards" (2015) explains them, with the independent reviewing
    officer of the Care Planning, Placement and Case Review (England) Regulations 2010.
    """

    SOCIAL_WORKER = "social_worker", "Social worker"
    INDEPENDENT_REVIEWING_OFFICER = "iro", "Independent reviewing officer"
    ADVOCATE = "advocate", "Advocate"
    SOLICITOR = "solicitor", "Solicitor"
    CAFCASS_OFFICER = "cafcass", "Cafcass officer (children's guardian)"
    INDEPENDENT_VISITOR = "independent_visitor", "Independent visitor"
    REGULATION_44_VISITOR = "reg44_visitor", "Regulation 44 independent visitor"
    INSPECTOR = "inspector", "Inspector (Ofsted)"


class Person(EditLocked):
    """Someone significant to one or more children of a site (a parent, a sibling, a friend),
    or a professional the child must always be able to reach."""

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "E-mail"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="people")
    full_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    preferred_contact_method = models.CharField(
        max_length=20, choices=ContactMethod.choices, blank=True
    )
    literacy_needs = models.BooleanField(
        default=False, help_text="Follow letters up with a phone call (LP 38, strategy 2)."
    )
    language = models.CharField(max_length=60, blank=True, help_text="If not English.")
    notes = models.TextField(blank=True)
    photo = models.ImageField(
        upload_to=photo_path,
        blank=True,
        help_text="Optional, to recognise them at the door: shown only at the door check and on "
        "the child's page.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "people"
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("contacts:person-detail", args=[self.pk])


class Relationship(models.Model):
    """How a person is related to one child; the same person may matter to several children,
    and be one child's social worker and another's aunt: protection is per child."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="relationships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships")
    relationship = models.CharField(max_length=60, help_text="e.g. mother, older brother, aunt.")
    parental_responsibility = models.BooleanField(default=False)
    protected_role = models.CharField(
        "protected professional",
        max_length=30,
        choices=ProtectedRole.choices,
        blank=True,
        help_text="A professional this child must always be able to reach: no restriction "
        "recorded here applies to them for this child.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["child", "person"], name="one_relationship_per_pair")
        ]

    def __str__(self):
        return f"{self.person} ({self.relationship} of {self.child})"

    def get_absolute_url(self):
        return reverse("monitoring:child-detail", args=[self.child_id]) + "#people"

    def clean(self):
        if self.protected_role and self.child_id and self.person_id:
            named = (
                self.person.restrictions.filter(child_id=self.child_id)
                .not_ended(timezone.localdate())
                .first()
            )
            if named is not None:
                raise ValidationError(
                    {
                        "protected_role": f"{self.person} is named in a restriction about "
                        f"this child ({named}): a protected professional cannot be, so this "
                        "would lift it. Check this is the right person; end the restriction "
                        "first if it is."
                    }
                )
