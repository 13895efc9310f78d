"""Licence codes: imported all or none, issued once (one code, one parent, one enrolment),
emailed after commit with consent checked at send time, then started and completed."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from families.models import Caregiver, ConsentRecord
from interventions import tasks
from interventions.models import LicenceCode
from interventions.services import licences
from tests.interventions.conftest import consent, consenting_case, enrolled, programme

pytestmark = pytest.mark.django_db

CODES = "AAAA-0001\n  BBBB-0002  \n\nCCCC-0003\n"


def _import(by, codes=CODES, **fields) -> list[LicenceCode]:
    return licences.licence_codes_import(programme=programme("online_solihull"), batch="PO 1234", codes=codes,
                                         by=by, **fields)


@pytest.fixture
def online(piew_worker):
    case = consenting_case(key_worker=piew_worker, with_father=True)
    for number, caregiver in enumerate(case.family.caregivers.order_by("pk")):
        Caregiver.objects.filter(pk=caregiver.pk).update(email=f"parent{number}@example.org")
    return enrolled(case=case, code="online_solihull", practitioner=piew_worker)


def _parents(enrolment) -> list[Caregiver]:
    return list(enrolment.caregivers.order_by("pk"))


def test_import_trims_and_keeps_every_code_of_the_batch(team_lead):
    imported = _import(team_lead, expires_on=timezone.localdate() + datetime.timedelta(days=365))
    assert [code.code for code in imported] == ["AAAA-0001", "BBBB-0002", "CCCC-0003"]
    assert set(LicenceCode.objects.values_list("batch", "imported_by")) == {("PO 1234", team_lead.pk)}
    assert LicenceCode.history.count() == 3


def test_import_refuses_duplicates_and_known_codes_by_name_and_imports_none(team_lead):
    _import(team_lead, codes="AAAA-0001")
    with pytest.raises(ValidationError) as refused:
        _import(team_lead, codes="ZZZZ-0009\nAAAA-0001\nYYYY-0008\nYYYY-0008")
    assert refused.value.message_dict["codes"] == [
        "These codes are in the list more than once: YYYY-0008",
        "These codes have already been imported: AAAA-0001",
        "No codes were imported",
    ]
    assert list(LicenceCode.objects.values_list("code", flat=True)) == ["AAAA-0001"]


def test_only_the_team_lead_imports(piew_worker):
    with pytest.raises(PermissionDenied):
        _import(piew_worker)
    assert not LicenceCode.objects.exists()


def test_a_code_is_issued_once_the_oldest_first_and_emailed_after_commit(
        online, piew_worker, team_lead, django_capture_on_commit_callbacks):
    expired = _import(team_lead, codes="OLD-0000")[0]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    LicenceCode.objects.filter(pk=expired.pk).update(expires_on=yesterday)
    _import(team_lead)
    mother, father = _parents(online)
    with django_capture_on_commit_callbacks(execute=True):
        first = licences.licence_issue(enrolment=online, caregiver=mother, by=piew_worker)
    assert first.code == "AAAA-0001"
    assert (first.enrolment, first.caregiver, first.issued_by) == (online, mother, piew_worker)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["parent0@example.org"]
    assert message.subject == "Your code for the Online Solihull programme"
    assert "AAAA-0001" in message.body and f"Hello {mother.first_name}," in message.body
    assert mother.last_name not in message.body
    with django_capture_on_commit_callbacks(execute=True):
        second = licences.licence_issue(enrolment=online, caregiver=father, by=piew_worker)
    assert second.code == "BBBB-0002"
    with pytest.raises(ValidationError, match="already has a code for this enrolment"):
        licences.licence_issue(enrolment=online, caregiver=mother, by=piew_worker)
    assert LicenceCode.objects.filter(caregiver=mother).count() == 1
    assert LicenceCode.objects.get(code="OLD-0000").issued_at is None


def test_the_email_task_sends_once_however_often_it_runs(online, piew_worker, team_lead,
                                                         django_capture_on_commit_callbacks):
    _import(team_lead)
    with django_capture_on_commit_callbacks(execute=True):
        code = licences.licence_issue(enrolment=online, caregiver=_parents(online)[0], by=piew_worker)
    assert tasks.send_licence_code.delay(code.pk).get() is False
    assert tasks.send_licence_code.delay(code.pk).get() is False
    assert len(mail.outbox) == 1
    code.refresh_from_db()
    assert code.emailed_at is not None
    assert code.history.first().emailed_at == code.emailed_at


def test_no_email_when_consent_is_withdrawn_before_it_is_sent(online, piew_worker, team_lead,
                                                              django_capture_on_commit_callbacks):
    _import(team_lead)
    mother = _parents(online)[0]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        code = licences.licence_issue(enrolment=online, caregiver=mother, by=piew_worker)
    consent(mother, ConsentRecord.Purpose.TAKING_PART, piew_worker, decision=ConsentRecord.Decision.WITHDRAWN)
    for callback in queued:
        callback()
    assert mail.outbox == []
    code.refresh_from_db()
    assert code.emailed_at is None


def test_issue_is_refused_without_email_consent_or_stock(online, piew_worker, team_lead):
    mother, father = _parents(online)
    Caregiver.objects.filter(pk=mother.pk).update(email="")
    mother.refresh_from_db()
    with pytest.raises(ValidationError, match="has no email address"):
        licences.licence_issue(enrolment=online, caregiver=mother, by=piew_worker)
    with pytest.raises(ValidationError, match="no unused Online Solihull programme licence codes left"):
        licences.licence_issue(enrolment=online, caregiver=father, by=piew_worker)
    consent(father, ConsentRecord.Purpose.TAKING_PART, piew_worker, decision=ConsentRecord.Decision.WITHDRAWN)
    _import(team_lead)
    with pytest.raises(ValidationError, match="has not given consent to take part"):
        licences.licence_issue(enrolment=online, caregiver=father, by=piew_worker)
    assert not LicenceCode.objects.filter(issued_at__isnull=False).exists()


def test_a_claimed_code_is_never_issued_again(online, piew_worker, team_lead, monkeypatch):
    """A code another issue claims between the read and the update is skipped for the next."""
    _import(team_lead, codes="AAAA-0001\nBBBB-0002")
    other = enrolled(case=consenting_case(key_worker=piew_worker), code="online_solihull",
                     practitioner=piew_worker)
    taken = LicenceCode.objects.get(code="AAAA-0001")
    original = licences.codes_available
    reads = []

    class StaleFirstRead:
        def __init__(self, programme):
            self.programme = programme

        def select_for_update(self, **options):
            return self

        def first(self):
            reads.append(self)
            if len(reads) > 1:
                return original(self.programme).first()
            LicenceCode.objects.filter(pk=taken.pk).update(
                enrolment=other, caregiver=other.caregivers.first(), issued_by=piew_worker,
                issued_at=timezone.now())
            return taken  # as read a moment before the other issue claimed it

    monkeypatch.setattr(licences, "codes_available", StaleFirstRead)
    code = licences.licence_issue(enrolment=online, caregiver=_parents(online)[0], by=piew_worker)
    assert code.code == "BBBB-0002" and len(reads) == 2
    taken.refresh_from_db()
    assert taken.enrolment == other


def test_started_then_completed_with_dates_checked(online, piew_worker, team_lead):
    _import(team_lead)
    code = licences.licence_issue(enrolment=online, caregiver=_parents(online)[0], by=piew_worker)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Mark the date the parent started"):
        licences.licence_mark_completed(licence=code, completed_on=today, by=piew_worker)
    with pytest.raises(ValidationError, match="must be today or in the past"):
        licences.licence_mark_redeemed(licence=code, redeemed_on=today + datetime.timedelta(days=1),
                                       by=piew_worker)
    licences.licence_mark_redeemed(licence=code, redeemed_on=today, by=piew_worker)
    licences.licence_mark_completed(licence=code, completed_on=today, by=piew_worker)
    code.refresh_from_db()
    assert (code.redeemed_on, code.completed_on) == (today, today)
    assert code.history.first().completed_on == today


def test_someone_else_cannot_issue_or_mark(online, team_lead, make_user, health_visitor):
    from team.roles import Role

    _import(team_lead)
    admin = make_user(Role.ADMIN_ASSISTANT)
    for person in (admin, health_visitor):
        with pytest.raises(PermissionDenied):
            licences.licence_issue(enrolment=online, caregiver=_parents(online)[0], by=person)
    assert not LicenceCode.objects.filter(issued_at__isnull=False).exists()


def test_the_database_holds_one_code_per_parent_per_enrolment(online, piew_worker, team_lead):
    from django.db import IntegrityError, transaction

    _import(team_lead)
    mother = _parents(online)[0]
    issued = licences.licence_issue(enrolment=online, caregiver=mother, by=piew_worker)
    spare = LicenceCode.objects.filter(issued_at__isnull=True).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        LicenceCode.objects.filter(pk=spare.pk).update(
            enrolment=online, caregiver=mother, issued_at=issued.issued_at, issued_by=piew_worker)
