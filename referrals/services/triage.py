"""The administrator's triage actions. Each is one transaction with a locked state change."""

from django.core.exceptions import ValidationError
from django.db import transaction

from families import services as family_services
from families.models import Family
from referrals.models import Referral
from referrals.services.state import transition, triage_fields
from referrals.transitions import Action
from team.models import Organisation, User


def _required(note: str, message: str) -> str:
    if not note.strip():
        raise ValidationError({"note": message})
    return note.strip()


def _family_from_referral(referral: Referral, by: User) -> Family:
    """A new family made from what the referral says about the parent, address and baby."""
    family = family_services.family_add(
        created_by=by, address_line_1=referral.address_line_1, address_line_2=referral.address_line_2,
        town=referral.town, postcode=referral.postcode, hub=referral.hub,
    )
    family_services.caregiver_add(
        family=family, relationship=referral.parent_relationship,
        first_name=referral.parent_first_name, last_name=referral.parent_last_name,
        date_of_birth=referral.parent_date_of_birth, nhs_number=referral.parent_nhs_number,
        email=referral.parent_email, mobile=referral.parent_mobile,
        preferred_language=referral.preferred_language,
    )
    if referral.baby_date_of_birth or referral.baby_due_date:
        born = referral.baby_date_of_birth
        family_services.child_add(family=family, date_of_birth=born,
                                  expected_date=None if born else referral.baby_due_date)
    return family


@transaction.atomic
def referral_accept(
    *, referral_id: int, by: User, family: Family | None = None, first_contact_by: User | None = None,
) -> Referral:
    """Accept: link the family (an existing one, or a new one made from the referral) and open
    its case, awaiting first contact."""
    referral = transition(referral_id=referral_id, action=Action.ACCEPT, **triage_fields(by))
    family = family or referral.family or _family_from_referral(referral, by)
    referral.family = family
    referral.save(update_fields=["family"])
    open_case = family.cases.filter(closed_at__isnull=True).first()
    if open_case is None:
        family_services.case_open(family=family, opened_by=by, key_worker=first_contact_by)
    elif first_contact_by is not None and open_case.key_worker_id is None:
        family_services.case_update(case=open_case, key_worker=first_contact_by)
    return referral


@transaction.atomic
def referral_request_info(*, referral_id: int, by: User, note: str) -> Referral:
    note = _required(note, "Enter what information is needed, and from whom")
    return transition(referral_id=referral_id, action=Action.REQUEST_INFO, decision_note=note,
                      **triage_fields(by))


@transaction.atomic
def referral_info_received(*, referral_id: int, by: User, note: str) -> Referral:
    note = _required(note, "Enter the information received")
    return transition(referral_id=referral_id, action=Action.INFO_RECEIVED, decision_note=note)


@transaction.atomic
def referral_decline(*, referral_id: int, by: User, note: str) -> Referral:
    note = _required(note, "Enter why the referral is declined")
    return transition(referral_id=referral_id, action=Action.DECLINE, decision_note=note,
                      **triage_fields(by))


@transaction.atomic
def referral_signpost(
    *, referral_id: int, by: User, note: str, organisation: Organisation | None = None,
) -> Referral:
    """Signpost to a partner or another service (e.g. the specialist perinatal mental health
    team for severe needs). The note says where and why."""
    note = _required(note, "Enter where the family was signposted to, and why")
    return transition(referral_id=referral_id, action=Action.SIGNPOST, decision_note=note,
                      signposted_to=organisation, **triage_fields(by))


@transaction.atomic
def referral_mark_duplicate(
    *, referral_id: int, by: User, duplicate_of: Referral | None = None, family: Family | None = None,
    note: str = "",
) -> Referral:
    """Mark as a duplicate of another referral or of a known family. Both are kept, linked."""
    if duplicate_of is None and family is None:
        raise ValidationError({"duplicate_of": "Choose the referral or family this duplicates"})
    if duplicate_of is not None and duplicate_of.pk == referral_id:
        raise ValidationError({"duplicate_of": "A referral cannot duplicate itself"})
    linked_family = family or (duplicate_of.family if duplicate_of else None)
    changes = {"duplicate_of": duplicate_of, "decision_note": note.strip(), **triage_fields(by)}
    if linked_family is not None:
        changes["family"] = linked_family
    return transition(referral_id=referral_id, action=Action.MARK_DUPLICATE, **changes)


