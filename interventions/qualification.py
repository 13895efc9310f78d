"""Who may deliver an intervention: the catalogue's delivery requirements against the skills
audit. Someone meets a requirement with a current training record in its competency, or when
their latest self-assessment puts them at its level or above. Meeting one is enough; an
intervention with no requirements may be delivered by anyone on the team.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from interventions.models import Programme
from team.models import Level, SelfAssessment, TrainingRecord, User


def qualified_levels(*, person: User, today: datetime.date | None = None) -> dict[int, int]:
    """Each competency's level the person is recorded at: their latest self-assessment, raised
    to "skilled" by a current training record. Two queries."""
    today = today or timezone.localdate()
    levels: dict[int, int] = {}
    assessed = SelfAssessment.objects.filter(response__person=person).order_by(
        "competency_id", "-response__submitted_at", "-pk").values_list("competency_id", "level")
    for competency_id, level in assessed:
        levels.setdefault(competency_id, level)
    trained = TrainingRecord.objects.filter(person=person, competency__isnull=False).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)).values_list("competency_id", flat=True)
    for competency_id in trained:
        levels[competency_id] = max(levels.get(competency_id, Level.NONE), Level.SKILLED)
    return levels


def delivery_refusal(*, programme: Programme, practitioner: User) -> str | None:
    """Why the person may not deliver the intervention, or None if they may."""
    requirements = list(programme.delivery_requirements.select_related("competency"))
    if not requirements:
        return None
    levels = qualified_levels(person=practitioner)
    if any(levels.get(req.competency_id, Level.NONE) >= req.minimum_level for req in requirements):
        return None
    needed = " or ".join(
        f"{req.competency} at “{req.competency.level_label(req.minimum_level)}” or above"
        for req in requirements)
    return (f"{practitioner.get_full_name() or practitioner} is not recorded as qualified to deliver "
            f"{programme}: it needs {needed}. Record their training or skills audit answer, or ask the "
            f"team lead to allow it with a reason")
