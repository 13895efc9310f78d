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

from collections.abc import Callable
from functools import partial

from django.db import transaction

Hook = Callable[..., None]
_ended_hooks: list[Hook] = []


def on_enrolment_ended(callback: Hook) -> Hook:
    if callback not in _ended_hooks:
        _ended_hooks.append(callback)
    return callback


def ended_hooks() -> list[Hook]:
    return list(_ended_hooks)


def run_after_commit(*, enrolment_id: int) -> None:
    for hook in ended_hooks():
        transaction.on_commit(partial(hook, enrolment_id=enrolment_id), robust=True)
