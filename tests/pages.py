"""Reading a page as a person does: its one heading and its title."""

import html
import re


def heading(response) -> str:
    """The page's one <h1>, as a person reads it."""
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), flags=re.S)
    assert len(found) == 1, f"expected one <h1>, found {found}"
    return html.unescape(re.sub(r"<[^>]+>", "", found[0])).strip()


def title(response) -> str:
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), flags=re.S).group(1)
    return html.unescape(" ".join(found.split()))
