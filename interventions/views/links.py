"""The back link the enrolment's sub-pages share."""

from django.urls import reverse


def enrolment_back(enrolment) -> tuple[str, str]:
    """The back link to the enrolment's page."""
    return reverse("interventions:enrolment", args=[enrolment.pk]), "Back to the enrolment"
