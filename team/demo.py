"""The demo team: the PIEW service's staff, a partner worker and a viewer."""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from team.models import Hub, Organisation, StaffProfile, User
from team.roles import Role
from team.skills.demo import demo_skills_create

HUBS = ["Scunthorpe Central Family Hub", "Brigg Family Hub", "Barton Family Hub",
        "Ashby Family Hub"]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: Role
    job_title: str
    organisation: str
    capacity: int = 0
    pattern: str = StaffProfile.WorkingPattern.FULL_TIME


PIEW_TEAM = "PIEW team"
PARTNER = "First Steps Forward (Voluntary Action)"
COUNCIL = "Council insight team"

PEOPLE = [
    DemoPerson("team_lead", "Helen", "Marsh", Role.TEAM_LEAD, "Team lead", PIEW_TEAM, 5),
    DemoPerson("clinical_psychologist", "Priya", "Shah", Role.CLINICAL_PSYCHOLOGIST,
               "Clinical psychologist", PIEW_TEAM, 10),
    DemoPerson("health_visitor", "Claire", "Booth", Role.HEALTH_VISITOR,
               "Perinatal wellbeing health visitor", PIEW_TEAM, 15,
               StaffProfile.WorkingPattern.JOB_SHARE),
    DemoPerson("health_visitor_2", "Joanne", "Kirk", Role.HEALTH_VISITOR,
               "Perinatal wellbeing health visitor", PIEW_TEAM, 15,
               StaffProfile.WorkingPattern.JOB_SHARE),
    DemoPerson("piew_worker", "Amy", "Fletcher", Role.PIEW_WORKER, "PIEW worker", PIEW_TEAM, 20),
    DemoPerson("piew_worker_2", "Tom", "Wragg", Role.PIEW_WORKER, "PIEW worker", PIEW_TEAM, 20),
    DemoPerson("piew_worker_3", "Sana", "Hussain", Role.PIEW_WORKER, "PIEW worker", PIEW_TEAM, 20,
               StaffProfile.WorkingPattern.PART_TIME),
    DemoPerson("admin_assistant", "Karen", "Dale", Role.ADMIN_ASSISTANT,
               "Senior administration assistant", PIEW_TEAM),
    DemoPerson("partner", "Mark", "Ellis", Role.PARTNER, "Peer support worker", PARTNER),
    DemoPerson("viewer", "Ruth", "Green", Role.VIEWER, "Commissioning analyst", COUNCIL),
]

ORGANISATIONS = {
    PIEW_TEAM: Organisation.Kind.PIEW_TEAM,
    "Family Hubs and Start for Life": Organisation.Kind.FAMILY_HUB,
    PARTNER: Organisation.Kind.VOLUNTARY,
    "MIND": Organisation.Kind.VOLUNTARY,
    COUNCIL: Organisation.Kind.LOCAL_AUTHORITY,
}


def demo_team_create(*, password: str) -> list[User]:
    """Create (or bring back to its demo state) the demo team. Returns the users in order."""
    organisations = {
        name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in ORGANISATIONS.items()
    }
    hubs = [Hub.objects.get_or_create(name=name)[0] for name in HUBS]
    users = []
    for index, person in enumerate(PEOPLE):
        user, _ = User.objects.update_or_create(
            username=person.username,
            defaults={"first_name": person.first_name, "last_name": person.last_name,
                      "email": f"{person.username}@example.org", "is_active": True},
        )
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=person.role.value)])
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={"job_title": person.job_title, "organisation": organisations[person.organisation],
                      "hub": hubs[index % len(hubs)], "working_pattern": person.pattern,
                      "caseload_capacity": person.capacity},
        )
        users.append(user)
    demo_skills_create(users=users)
    return users
