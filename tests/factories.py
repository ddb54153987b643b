from datetime import date

import factory

from contacts.models import Child, LegalStatus
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
