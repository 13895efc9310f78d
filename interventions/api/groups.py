"""The API for groups."""


def register(router) -> None:
    """Add this area's endpoints to the API router."""
