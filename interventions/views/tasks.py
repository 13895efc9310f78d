"""tasks pages."""

urls: list = []
