from families.models.audit import FamilyAccessLog, SyntheticDataset
from families.models.consent import ConsentRecord, Share
from families.models.links import OneTimeLink
from families.models.notes import Alert, AlertRecipient, CaseNote
from families.models.people import YOUNG_PARENT_AGE, Caregiver, Case, Child, Family

__all__ = [
    "YOUNG_PARENT_AGE", "Alert", "AlertRecipient", "Caregiver", "Case", "CaseNote", "Child",
    "ConsentRecord", "Family", "FamilyAccessLog", "OneTimeLink", "Share", "SyntheticDataset",
]
