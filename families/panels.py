"""Links to other apps' work with a family, shown on the family's summary page.

Apps above ``families`` register a function in their AppConfig.ready(); it takes the family and
the user reading the page and returns the links that user may follow. The page does not change
when an app adds one.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from families.models import Family
from team.models import User


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    hint: str = ""


LinkSource = Callable[..., Iterable[Link]]
_sources: list[LinkSource] = []


def register(source: LinkSource) -> LinkSource:
    if source not in _sources:
        _sources.append(source)
    return source


def family_links(*, family: Family, user: User) -> list[Link]:
    return [link for source in _sources for link in source(family=family, user=user)]
