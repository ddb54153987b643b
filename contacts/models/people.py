from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from coxlease.models import Site

from .children import Child


class Person(models.Model):
    """Someone significant to one or more children of a site (a parent, a sibling, a friend)."""

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

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "people"
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("contacts:person-detail", args=[self.pk])


class Relationship(models.Model):
    """How a person is related to one child; the same person may matter to several children."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="relationships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships")
    relationship = models.CharField(max_length=60, help_text="e.g. mother, older brother, aunt.")
    parental_responsibility = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["child", "person"], name="one_relationship_per_pair")
        ]

    def __str__(self):
        return f"{self.person} ({self.relationship} of {self.child})"

    def get_absolute_url(self):
        return reverse("contacts:child-detail", args=[self.child_id]) + "#people"
