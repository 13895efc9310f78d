"""Who may see and do what with a family's interventions. Built on the one access policy.

Anyone who may read the team's record of a family sees its enrolments and sessions (the
administrator too: they book sessions and keep registers); partners and viewers see none.
Session notes are case notes: never the administrator's. The catalogue is the team lead's to
edit and every member of the team's to read. A group run's register is kept by its
facilitators, the administrator and the team lead.
"""

from families import policy
from families.models import Family
from interventions.models import GroupRun
from team.models import User
from team.roles import PRACTITIONER_ROLES, WHOLE_SERVICE_ROLES, Role

# Who may deliver an intervention to a family they may see.
DELIVERY_ROLES = PRACTITIONER_ROLES | WHOLE_SERVICE_ROLES
# Who reads the catalogue and the group runs (not partners or viewers).
TEAM_ROLES = DELIVERY_ROLES | {Role.ADMIN_ASSISTANT}


def _active(user: User) -> bool:
    return user.is_authenticated and user.is_active


def is_team_lead(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.role == Role.TEAM_LEAD)


def can_read_catalogue(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.role in TEAM_ROLES)


def can_edit_catalogue(user: User) -> bool:
    return is_team_lead(user)


def can_see_interventions(user: User, family: Family) -> bool:
    return can_read_catalogue(user) and policy.can_read_team_record(user, family)


def can_enrol(user: User, family: Family) -> bool:
    """The team lead, and the practitioners and psychologist who may read the family's notes."""
    return _active(user) and (user.is_superuser or user.role in DELIVERY_ROLES) and (
        policy.can_read_case_notes(user, family))


def can_deliver_to(practitioner: User, family: Family) -> bool:
    """Whether the person can be an enrolment's practitioner: someone who delivers and may see
    the family's record (its key worker, the psychologist or the team lead)."""
    return (practitioner.is_active and practitioner.role in DELIVERY_ROLES
            and policy.families_visible_to(practitioner).filter(pk=family.pk).exists())


def can_record_sessions(user: User, enrolment) -> bool:
    """Booking sessions and recording attendance: the practitioner, whoever may enrol the
    family, and the administrator (who never sees the notes)."""
    family = enrolment.case.family
    if can_see_interventions(user, family) and (
            user.pk == enrolment.practitioner_id or user.role == Role.ADMIN_ASSISTANT
            or can_enrol(user, family)):
        return True
    return _facilitates_run_of(user, enrolment)


def _facilitates_run_of(user: User, enrolment) -> bool:
    """The facilitators of a family's group run keep its register, on their caseload or not."""
    return (enrolment.group_run_id is not None and _active(user) and user.role in PRACTITIONER_ROLES
            and GroupRun.facilitators.through.objects.filter(
                grouprun_id=enrolment.group_run_id, user_id=user.pk).exists())


def can_read_session_notes(user: User, family: Family) -> bool:
    return policy.can_read_case_notes(user, family)


def can_end(user: User, enrolment) -> bool:
    """Completing or ending an enrolment: the practitioner, or whoever may enrol the family."""
    family = enrolment.case.family
    return can_see_interventions(user, family) and (
        user.pk == enrolment.practitioner_id or can_enrol(user, family))


def can_manage_groups(user: User) -> bool:
    """Setting up group runs and placing families on them."""
    return _active(user) and (user.is_superuser or user.role in WHOLE_SERVICE_ROLES | PRACTITIONER_ROLES
                              | {Role.ADMIN_ASSISTANT})


def can_keep_register(user: User, run) -> bool:
    """The run's facilitators, the administrator, the team lead and the psychologist."""
    if not _active(user):
        return False
    if user.is_superuser or user.role in WHOLE_SERVICE_ROLES | {Role.ADMIN_ASSISTANT}:
        return True
    return user.role in PRACTITIONER_ROLES and run.facilitators.filter(pk=user.pk).exists()


def _is_familys_practitioner(user: User, enrolment) -> bool:
    return user.pk in (enrolment.practitioner_id, enrolment.case.key_worker_id)


def can_open_clips(user: User, enrolment) -> bool:
    """The family's practitioners and the clinical psychologist, while they may see the family."""
    if not (user.is_authenticated and user.is_active):
        return False
    if not can_see_interventions(user, enrolment.case.family):
        return False
    return user.role == Role.CLINICAL_PSYCHOLOGIST or _is_familys_practitioner(user, enrolment)


def can_film(user: User, enrolment) -> bool:
    return can_open_clips(user, enrolment)


def can_delete_clips(user: User, enrolment) -> bool:
    """The family's practitioners and the team lead."""
    if is_team_lead(user):
        return True
    return (user.is_authenticated and user.is_active and _is_familys_practitioner(user, enrolment)
            and can_see_interventions(user, enrolment.case.family))


def can_see_attendance_rates(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.role in WHOLE_SERVICE_ROLES)
