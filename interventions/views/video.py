"""video pages."""

urls: list = []
