"""groups pages."""

urls: list = []
