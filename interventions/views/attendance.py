"""attendance pages."""

urls: list = []
