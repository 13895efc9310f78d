"""Helpers the interventions page tests share."""

import html

from interventions.models import Session
from tests.conftest import sign_in
from tests.interventions.conftest import past, programme


def text(response) -> str:
    return html.unescape(response.content.decode())


def as_user(client, user):
    sign_in(client, user)
    return client


def book(enrolment, by, *, days_ago=1, **fields) -> Session:
    from interventions import services

    return services.session_book(enrolment=enrolment, by=by, starts_at=past(days_ago), mode=Session.Mode.HOME,
                                 **fields)


def vig_kind(name: str):
    return programme("vig").session_kinds.get(name=name)
