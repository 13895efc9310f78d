"""The demo team's skills: levels the service needs, an open audit round with a few answers, and
training records, one of them running out soon. Made only where the skills audit is still empty."""

import datetime

from django.db import transaction
from django.utils import timezone

from team.models import AuditRound, Competency, CompetencyTarget, Level, TrainingRecord, User
from team.skills import services

# (competency, {organisation kind: level needed}); "" is everyone.
TARGETS = {
    "Awareness of perinatal mental health": {"": Level.AWARE, "piew_team": Level.SKILLED},
    "Awareness of parent-infant relationships": {"": Level.AWARE, "piew_team": Level.SKILLED},
    "Solihull Approach foundation": {"piew_team": Level.SKILLED, "voluntary": Level.AWARE},
    "Video Interaction Guidance (VIG)": {"piew_team": Level.AWARE},
    "Safeguarding children": {"": Level.AWARE, "piew_team": Level.EXPERT, "family_hub": Level.SKILLED},
    "Routine enquiry about domestic abuse": {"": Level.AWARE, "piew_team": Level.SKILLED},
}
# username -> the level given in every competency, with exceptions by competency.
ANSWERS = {
    "health_visitor": (Level.SKILLED, {"Safeguarding children": Level.EXPERT,
                                       "Video Interaction Guidance (VIG)": Level.NONE}),
    "piew_worker": (Level.SKILLED, {"Safeguarding children": Level.SKILLED,
                                    "Video Interaction Guidance (VIG)": Level.AWARE}),
    "piew_worker_2": (Level.AWARE, {"Safeguarding children": Level.EXPERT}),
    "partner": (Level.AWARE, {"Solihull Approach foundation": Level.NONE,
                              "Safeguarding children": Level.NONE}),
}
# username -> days ago the safeguarding children training was completed (it lasts 36 months).
SAFEGUARDING_DONE = {"health_visitor": 400, "piew_worker": 1060, "piew_worker_2": 200}


@transaction.atomic
def demo_skills_create(*, users: list[User]) -> None:
    if AuditRound.objects.exists() or TrainingRecord.objects.exists():
        return
    by_name = {user.username: user for user in users}
    lead = by_name["team_lead"]
    competencies = {c.name: c for c in Competency.objects.filter(active=True)}
    for name, targets in TARGETS.items():
        competency = competencies.get(name)
        if competency and not CompetencyTarget.objects.filter(competency=competency).exists():
            services.competency_targets_set(competency=competency, by=lead, targets=targets)
    today = timezone.localdate()
    audit_round = services.audit_round_open(by=lead, title=f"Skills audit {today:%B %Y}",
                                            closes_on=today + datetime.timedelta(days=28))
    for username, (usual, exceptions) in ANSWERS.items():
        levels = {c.pk: exceptions.get(name, usual) for name, c in competencies.items()}
        services.audit_response_submit(audit_round=audit_round, person=by_name[username], levels=levels,
                                       learning_wishes="Video Interaction Guidance")
    safeguarding = competencies.get("Safeguarding children")
    for username, days_ago in SAFEGUARDING_DONE.items():
        services.training_record_add(
            person=by_name[username], recorded_by=by_name[username], competency=safeguarding,
            course="Safeguarding children level 3", provider="North Lincolnshire safeguarding partnership",
            completed_on=today - datetime.timedelta(days=days_ago))
