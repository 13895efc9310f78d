"""The roles staff hold, each a Django group of the same name."""

from django.db import models


class Role(models.TextChoices):
    ADMIN_ASSISTANT = "admin_assistant", "Senior administration assistant"
    HEALTH_VISITOR = "health_visitor", "Perinatal wellbeing health visitor"
    PIEW_WORKER = "piew_worker", "PIEW worker"
    CLINICAL_PSYCHOLOGIST = "clinical_psychologist", "Clinical psychologist"
    TEAM_LEAD = "team_lead", "Team lead"
    PARTNER = "partner", "Partner organisation worker"
    VIEWER = "viewer", "Viewer (dashboards only)"


# Roles who hold a caseload of families.
PRACTITIONER_ROLES = frozenset({Role.HEALTH_VISITOR, Role.PIEW_WORKER})
# Roles who see every family in the service.
WHOLE_SERVICE_ROLES = frozenset({Role.TEAM_LEAD, Role.CLINICAL_PSYCHOLOGIST})
