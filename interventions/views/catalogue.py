"""catalogue pages."""

urls: list = []
