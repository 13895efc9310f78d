"""The API for enrolments."""


def register(router) -> None:
    """Add this area's endpoints to the API router."""
