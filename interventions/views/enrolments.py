"""enrolments pages."""

urls: list = []
