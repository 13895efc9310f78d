"""The API for catalogue."""


def register(router) -> None:
    """Add this area's endpoints to the API router."""
