"""The interventions API under /api/v1/: the same access as the pages."""

from interventions.api import catalogue, enrolments, groups


def register(router) -> None:
    for area in (catalogue, enrolments, groups):
        area.register(router)
