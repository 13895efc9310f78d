"""What happens elsewhere when an enrolment ends.

``enrolment_complete`` is the one place an enrolment ends. Higher apps (feedback requests,
post-intervention measures) register a callback in their ``AppConfig.ready()``::

    from interventions.hooks import on_enrolment_ended

    @on_enrolment_ended
    def request_feedback(*, enrolment_id):
        ...

Each callback runs after the transaction that ended the enrolment commits, never when it
rolls back, with the enrolment's id. A failing callback is logged and does not stop the
others. Callbacks must tolerate being called twice for one enrolment.
"""

from collections.abc import Callable, Iterable
from functools import partial

from django.db import transaction

from families.panels import Link

Hook = Callable[..., None]
_ended_hooks: list[Hook] = []


def on_enrolment_ended(callback: Hook) -> Hook:
    if callback not in _ended_hooks:
        _ended_hooks.append(callback)
    return callback


def ended_hooks() -> list[Hook]:
    return list(_ended_hooks)


# Links to higher apps' work with an enrolment (a paper feedback form, for example), shown on
# the enrolment's page: each source takes the enrolment and the user and yields Links.
LinkSource = Callable[..., Iterable[Link]]
_link_sources: list[LinkSource] = []


def enrolment_link(source: LinkSource) -> LinkSource:
    if source not in _link_sources:
        _link_sources.append(source)
    return source


def enrolment_links(*, enrolment, user) -> list[Link]:
    return [link for source in _link_sources for link in source(enrolment=enrolment, user=user)]


def run_after_commit(*, enrolment_id: int) -> None:
    for hook in ended_hooks():
        transaction.on_commit(partial(hook, enrolment_id=enrolment_id), robust=True)
