from datetime import date

import factory
from django.utils import timezone

from contacts.models import (
    AuthorisedCollector,
    Child,
    ContactArrangement,
    ContactPlan,
    ContactType,
    LegalBasis,
    LegalStatus,
    Person,
    Relationship,
    Restriction,
    RestrictionEffect,
    Risk,
    Scale,
    SocialMediaAssessment,
    SocialMediaDecision,
    Supervision,
    VideoCallApp,
    VideoCallPlan,
)
from coxlease.models import Membership, Role, Site, User


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Test Site {n}")
    kind = Site.Kind.SCHOOL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Tester"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    site = factory.SubFactory(SiteFactory)
    role = Role.STAFF


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    site = factory.SubFactory(SiteFactory)
    legal_first_name = factory.Sequence(lambda n: f"Child{n}")
    legal_last_name = "Example"
    date_of_birth = date(2012, 5, 17)
    admission_date = date(2023, 9, 4)
    legal_status = LegalStatus.CARE_ORDER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    site = factory.SubFactory(SiteFactory)
    full_name = factory.Sequence(lambda n: f"Person {n}")


class RelationshipFactory(factory.django.DjangoModelFactory):
    """A person significant to a child, at the child's site."""

    class Meta:
        model = Relationship

    child = factory.SubFactory(ChildFactory)
    person = factory.SubFactory(PersonFactory, site=factory.SelfAttribute("..child.site"))
    relationship = "father"
    parental_responsibility = True


class ContactPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPlan

    child = factory.SubFactory(ChildFactory)
    effective_date = date(2025, 9, 1)
    review_date = date(2030, 9, 1)
    approved_by = factory.SubFactory(UserFactory)


class ContactArrangementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactArrangement

    plan = factory.SubFactory(ContactPlanFactory)
    person = factory.SubFactory(PersonFactory, site=factory.SelfAttribute("..plan.child.site"))
    contact_type = ContactType.PHONE
    supervision = Supervision.UNSUPERVISED


class RestrictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Restriction

    child = factory.SubFactory(ChildFactory)
    legal_basis = LegalBasis.NON_MOLESTATION_ORDER
    effect = RestrictionEffect.NO_CONTACT
    person = factory.SubFactory(PersonFactory, site=factory.SelfAttribute("..child.site"))
    details = "No contact of any kind."
    imposed_at = factory.LazyAttribute(
        lambda r: timezone.now() if r.legal_basis == LegalBasis.EMERGENCY_ON_SITE else None
    )
    # An emergency restriction is in force from the day it was imposed.
    starts_on = factory.LazyAttribute(
        lambda r: timezone.localdate(r.imposed_at) if r.imposed_at else date(2025, 1, 1)
    )
    recorded_by = factory.SubFactory(UserFactory)


class AuthorisedCollectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorisedCollector

    child = factory.SubFactory(ChildFactory)
    person = factory.SubFactory(PersonFactory, site=factory.SelfAttribute("..child.site"))
    valid_from = date(2025, 1, 1)


class SocialMediaAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialMediaAssessment

    child = factory.SubFactory(ChildFactory)
    platforms = "Instagram, Snapchat"
    understanding = Scale.SOME
    keeping_safe = Scale.SOME
    overall_risk = Risk.MEDIUM
    decision = SocialMediaDecision.ALLOWED
    assessed_by = factory.SubFactory(UserFactory)
    assessed_on = date(2025, 9, 1)
    review_date = date(2030, 9, 1)


class VideoCallPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VideoCallPlan

    child = factory.SubFactory(ChildFactory)
    person = factory.SubFactory(PersonFactory, site=factory.SelfAttribute("..child.site"))
    app = VideoCallApp.FACETIME
    supervision = Supervision.UNSUPERVISED
    frequency = "Sundays"
