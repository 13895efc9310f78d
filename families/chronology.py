"""The family's chronology: everything that happened to it, from every app, in time order.

Each app registers a source with ``register``; a source takes the family and
the user reading it and returns the events that user may see. The page does
not change when an app adds a source.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from families.models import Family
from team.models import User


@dataclass(frozen=True)
class Event:
    when: datetime
    category: str
    title: str
    detail: str = ""
    actor: str = ""


Source = Callable[..., Iterable[Event]]
_sources: list[Source] = []


def register(source: Source) -> Source:
    """Add a source of events. Usable as a decorator; registering twice has no effect."""
    if source not in _sources:
        _sources.append(source)
    return source


def family_chronology(*, family: Family, user: User) -> list[Event]:
    """Every registered source's events for the family, newest first."""
    events = [event for source in _sources for event in source(family=family, user=user)]
    return sorted(events, key=lambda event: event.when, reverse=True)


def categories(events: Iterable[Event]) -> list[str]:
    return sorted({event.category for event in events})
