"""Named users for every test: one per role at the home site, and an outsider from another
site who must be refused everything there."""

from datetime import timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings
from PIL import Image

from contacts import services
from contacts.models import ContactType, LegalBasis
from coxlease.models import OnCall, Role
from coxlease.policy import needs_second_factor
from records.models import ContactEntry, Direction, LocalRule
from records.services import entry_log
from safeguarding.models import Category, Concern, Harm, OnlineIncident, Urgency
from safeguarding.online_services import incident_record
from safeguarding.services import concern_raise

from .factories import (
    AuthorisedCollectorFactory,
    ChildFactory,
    ContactArrangementFactory,
    ContactPlanFactory,
    MembershipFactory,
    RelationshipFactory,
    RestrictionFactory,
    SiteFactory,
    SocialMediaAssessmentFactory,
    UserFactory,
    VideoCallPlanFactory,
)
from .records.planning import go_out, plan

# The property tests (tests/contacts/test_rules.py) try 200 examples each. `make mutate` runs
# them once per mutant under the "mutmut" profile: fewer examples, and the same ones every
# time, so whether a mutant is killed never depends on luck.
settings.register_profile("coxlease", max_examples=200, deadline=None)
settings.register_profile("mutmut", max_examples=30, deadline=None, derandomize=True, database=None)
settings.load_profile("coxlease")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def a_photo(name="photo.jpg", size=(60, 80), colour="navy", format="JPEG"):
    """A small real image, as a browser would upload it."""
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{format.lower()}")


class VerifiedClient(Client):
    """A test client whose force_login also counts the second factor as given, as if the user
    had typed their code. Tests of the second factor itself use `unverified_client`."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if needs_second_factor(user):
            device = next(iter(devices_for_user(user, confirmed=True)), None)
            device = device or TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return VerifiedClient()


@pytest.fixture
def unverified_client():
    return Client()


@pytest.fixture
def site(db):
    return SiteFactory(name="Oak Lodge School")


@pytest.fixture
def other_site(db):
    return SiteFactory(name="Elm House")


def _member(site, role, username, **user_fields):
    user = UserFactory(username=username, **user_fields)
    MembershipFactory(user=user, site=site, role=role)
    if needs_second_factor(user):
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return user


@pytest.fixture
def people(site, other_site):
    """staff, manager, dsl, slt, admin at `site`; outsider is staff at `other_site` only."""
    return SimpleNamespace(
        staff=_member(site, Role.STAFF, "staff", first_name="Sam"),
        manager=_member(site, Role.SITE_MANAGER, "manager", first_name="Priya"),
        dsl=_member(site, Role.DSL, "dsl", first_name="Gareth"),
        slt=_member(site, Role.SLT, "slt", first_name="Anne"),
        admin=_member(site, Role.ADMINISTRATOR, "admin", first_name="Chris", is_staff=True),
        outsider=_member(other_site, Role.STAFF, "outsider", first_name="Olly"),
    )


@pytest.fixture
def child(site):
    return ChildFactory(site=site, legal_first_name="Daniel", legal_last_name="Hughes")


@pytest.fixture
def father(child, people):
    """Mark Hughes, the child's father, with a non-molestation order against him."""
    person = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    RestrictionFactory(
        child=child,
        person=person,
        legal_basis=LegalBasis.NON_MOLESTATION_ORDER,
        order_reference="FD25P00123",
        recorded_by=people.manager,
    )
    return person


@pytest.fixture
def aunt(child):
    """Joanne Price, the child's aunt, an authorised collector."""
    person = RelationshipFactory(
        child=child, person__full_name="Joanne Price", relationship="aunt"
    ).person
    AuthorisedCollectorFactory(child=child, person=person, password_word="heron")
    return person


@pytest.fixture
def records(site, child, people):
    """One record of every kind about `child`, for the URLs that name one."""
    relationship = RelationshipFactory(child=child, person__photo=a_photo())
    objects = {
        "site": site,
        "child": child,
        "relationship": relationship,
        "arrangement": ContactArrangementFactory(
            plan=ContactPlanFactory(child=child), person=relationship.person
        ),
        "restriction": RestrictionFactory(
            child=child, person=relationship.person, legal_basis=LegalBasis.EMERGENCY_ON_SITE
        ),
        "collector": AuthorisedCollectorFactory(child=child, person=relationship.person),
        "social_media": SocialMediaAssessmentFactory(child=child, assessed_by=people.dsl),
        "video_call_plan": VideoCallPlanFactory(child=child, person=relationship.person),
        "check": services.collection_check_run(
            child=child,
            person=relationship.person,
            handover=ContactType.COLLECTION,
            checked_by=people.staff,
        ),
        "entry": entry_log(
            entry=ContactEntry(
                child=child,
                contact_type=ContactType.PHONE,
                direction=Direction.INCOMING,
                started_at=timezone.now() - timedelta(hours=1),
                summary="Asked how school was.",
            ),
            participants=[relationship.person],
            staff_present=[people.staff],
            recorded_by=people.staff,
        ),
        "local_rule": LocalRule.objects.create(
            site=site, activity=LocalRule.Activity.MESSAGES, days=LocalRule.Days.SCHOOL_DAYS
        ),
    }
    objects["concern"] = concern_raise(
        concern=Concern(
            child=child,
            category=Category.OTHER,
            urgency=Urgency.ROUTINE,
            happened_at=timezone.now() - timedelta(hours=2),
            what_happened="He seemed frightened after the phone call.",
        ),
        people_involved=[relationship.person],
        raised_by=people.staff,
        attachments=[a_photo("note.jpg")],
    )
    objects["attachment"] = objects["concern"].attachments.get()
    objects["on_call"] = OnCall.objects.create(
        site=site,
        person=people.dsl,
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=12),
        phone="07700 900301",
    )
    # Two plans: one still to happen, one the child went out for and is not back from yet.
    objects["planned"] = plan(child, relationship.person, people.staff, for_dsl_review=True)
    friend = AuthorisedCollectorFactory(child=child, person__full_name="Lisa Carter").person
    RelationshipFactory(child=child, person=friend, relationship="family friend")
    objects["outing"] = go_out(
        plan(child, friend, people.staff), people.staff, due_in=timedelta(hours=1)
    )
    objects["incident"] = incident_record(
        incident=OnlineIncident(
            child=child,
            happened_at=timezone.now() - timedelta(days=1),
            platform="Snapchat",
            what_happened="A stranger asked for photos.",
            harm=Harm.RISK,
        ),
        recorded_by=people.staff,
    )
    return objects
