"""The competencies the skills audit starts with. The team lead adds others and sets targets.

Safeguarding is one competency for children and one for adults, each with levels 1, 2 and 3
rather than three competencies each. The levels are those of the intercollegiate guidance the
NHS and local authorities train to: each includes the ones below it, and the team lead asks
for a level ("level 3 for the PIEW team, level 2 for Family Hub staff"), exactly as a target
here is set. As one competency, a person answers once, the gap analysis counts who is below
the level their organisation needs, and a training record at level 3 needs no level 1 and 2
records beside it.

Video Interaction Guidance is one competency whose levels are named as AVIGuk names the
stages: trainee guider, accredited guider and supervisor; each follows the one before.
"""

from django.db import migrations

AWARE, SKILLED, EXPERT = "Aware", "Skilled", "Expert"

COMPETENCIES = [
    {
        "name": "Awareness of perinatal mental health",
        "description": "Noticing anxiety, depression, birth trauma and other difficulties in "
                       "pregnancy and the first two years, asking about them, and knowing when and "
                       "where to refer.",
    },
    {
        "name": "Awareness of parent-infant relationships",
        "description": "Understanding how a baby's early relationships shape their development, "
                       "noticing when a relationship is under strain, and knowing what the service "
                       "offers.",
    },
    {
        "name": "Solihull Approach foundation",
        "description": "Containment, reciprocity and behaviour management, from the Solihull "
                       "Approach foundation training.",
    },
    {
        "name": "Solihull Approach Perinatal Plus",
        "description": "Delivering Solihull Approach Perinatal Plus with parents from pregnancy "
                       "onwards.",
    },
    {
        "name": "Video Interaction Guidance (VIG)",
        "description": "Guiding families with Video Interaction Guidance, trained and accredited "
                       "through AVIGuk.",
        "aware_label": "Trainee guider",
        "skilled_label": "Accredited guider",
        "expert_label": "Supervisor",
    },
    {
        "name": "Triple P Baby",
        "description": "Delivering Triple P Baby to groups or individual families. Skilled means "
                       "accredited to deliver it.",
    },
    {
        "name": "Watch, Wait and Wonder",
        "description": "Delivering Watch, Wait and Wonder sessions with a parent and baby.",
    },
    {
        "name": "Safeguarding children",
        "description": "Safeguarding children and young people, at the levels of the "
                       "intercollegiate guidance. Renewed every 3 years.",
        "aware_label": "Level 1",
        "skilled_label": "Level 2",
        "expert_label": "Level 3",
        "expires_after_months": 36,
        "required": True,
    },
    {
        "name": "Safeguarding adults",
        "description": "Safeguarding adults, at the levels of the intercollegiate guidance. "
                       "Renewed every 3 years.",
        "aware_label": "Level 1",
        "skilled_label": "Level 2",
        "expert_label": "Level 3",
        "expires_after_months": 36,
        "required": True,
    },
    {
        "name": "Routine enquiry about domestic abuse",
        "description": "Asking every parent about domestic abuse safely and routinely, and "
                       "responding to what they say.",
    },
]


def seed(apps, schema_editor):
    Competency = apps.get_model("team", "Competency")
    for position, fields in enumerate(COMPETENCIES, start=1):
        defaults = {"aware_label": AWARE, "skilled_label": SKILLED, "expert_label": EXPERT,
                    **fields, "position": position}
        Competency.objects.get_or_create(name=fields["name"], defaults=defaults)


def unseed(apps, schema_editor):
    """Removes the seeded competencies nobody has answered, recorded or planned against."""
    Competency = apps.get_model("team", "Competency")
    Competency.objects.filter(
        name__in=[fields["name"] for fields in COMPETENCIES],
        self_assessments__isnull=True, training_records__isnull=True,
        planned_courses__isnull=True, cpd_entries__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("team", "0004_skills_audit")]

    operations = [migrations.RunPython(seed, unseed)]
