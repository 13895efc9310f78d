"""licences pages."""

urls: list = []
