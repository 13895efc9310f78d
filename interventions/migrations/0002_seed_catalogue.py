"""The interventions the service starts with. The team lead edits them afterwards.

The codes are the ones initial assessments already recommend. Who may deliver each names a
competency seeded by the skills audit, at the level that makes someone safe to deliver it.
"""

from django.db import migrations

ONE, GROUP, ONLINE = "one_to_one", "group", "online"
AWARE, SKILLED = 1, 2

CATALOGUE = [
    {
        "code": "vig", "name": "Video Interaction Guidance",
        "description": "Cycles of filming a moment of parent and baby together, the guider's "
                       "micro-analysis of the film, and a shared review of the best moments with "
                       "the parent.",
        "formats": [ONE], "uses_cycles": True, "default_cycles": 3, "uses_video": True,
        "minimum_attended": 4, "caseload_weight": 3,
        "measures_before": ["EPDS", "KPCS", "PRFQ"], "measures_after": ["EPDS", "KPCS", "PRFQ"],
        "kinds": [("Filming", 3, True), ("Micro-analysis", 3, False), ("Shared review", 3, True)],
        "deliverers": [("Video Interaction Guidance (VIG)", AWARE)],
    },
    {
        "code": "solihull_perinatal_plus", "name": "Solihull Approach Perinatal Plus",
        "description": "The Solihull Approach for parents from pregnancy onwards, in a group or "
                       "one-to-one.",
        "formats": [GROUP, ONE], "minimum_attended": 6, "caseload_weight": 2,
        "measures_before": ["EPDS", "GAD7", "KPCS"], "measures_after": ["EPDS", "GAD7", "KPCS"],
        "kinds": [("Session", 8, True)],
        "deliverers": [("Solihull Approach Perinatal Plus", SKILLED)],
    },
    {
        "code": "triple_p_baby", "name": "Triple P Baby",
        "description": "Four group sessions and four individual phone consultations for parents "
                       "of babies up to 12 months.",
        "formats": [GROUP], "minimum_attended": 6, "caseload_weight": 2,
        "measures_before": ["KPCS", "SWEMWBS"], "measures_after": ["KPCS", "SWEMWBS"],
        "kinds": [("Group session", 4, True), ("Phone consultation", 4, True)],
        "deliverers": [("Triple P Baby", SKILLED)],
    },
    {
        "code": "watch_wait_wonder", "name": "Watch, Wait and Wonder",
        "description": "Weekly sessions where the parent follows the baby's lead in play and "
                       "talks about what they noticed.",
        "formats": [ONE], "minimum_attended": 14, "caseload_weight": 3,
        "measures_before": ["PBQ", "KPCS"], "measures_after": ["PBQ", "KPCS"],
        "kinds": [("Weekly session", 20, True)],
        "deliverers": [("Watch, Wait and Wonder", SKILLED)],
    },
    {
        "code": "online_solihull", "name": "Online Solihull programme",
        "description": "The Solihull Approach's online courses for parents, taken at home with a "
                       "licence code the service issues.",
        "formats": [ONLINE], "uses_licence_codes": True, "minimum_attended": 0, "caseload_weight": 1,
        "measures_before": [], "measures_after": [], "kinds": [], "deliverers": [],
    },
    {
        "code": "peer_support", "name": "Peer support",
        "description": "Support from a trained peer supporter in a voluntary or community sector "
                       "partner, one-to-one or in a group.",
        "formats": [ONE, GROUP], "delivered_by_partner": True, "minimum_attended": 3,
        "caseload_weight": 1, "measures_before": ["SWEMWBS"], "measures_after": ["SWEMWBS"],
        "kinds": [("Peer support contact", 6, True)], "deliverers": [],
    },
]


def seed(apps, schema_editor):
    Programme = apps.get_model("interventions", "Programme")
    SessionKind = apps.get_model("interventions", "SessionKind")
    DeliveryRequirement = apps.get_model("interventions", "DeliveryRequirement")
    Competency = apps.get_model("team", "Competency")
    for entry in CATALOGUE:
        fields = dict(entry)
        kinds, deliverers = fields.pop("kinds"), fields.pop("deliverers")
        programme, created = Programme.objects.get_or_create(code=fields.pop("code"), defaults=fields)
        if not created:
            continue
        for position, (name, expected, with_family) in enumerate(kinds):
            SessionKind.objects.create(programme=programme, name=name, expected=expected,
                                       with_family=with_family, position=position)
        for competency_name, level in deliverers:
            competency = Competency.objects.filter(name=competency_name).first()
            if competency is not None:
                DeliveryRequirement.objects.create(programme=programme, competency=competency,
                                                   minimum_level=level)


def unseed(apps, schema_editor):
    Programme = apps.get_model("interventions", "Programme")
    codes = [entry["code"] for entry in CATALOGUE]
    Programme.objects.filter(code__in=codes, enrolments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0001_initial"),
        ("team", "0005_seed_competencies"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
