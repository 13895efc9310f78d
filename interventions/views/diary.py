"""diary pages."""

urls: list = []
