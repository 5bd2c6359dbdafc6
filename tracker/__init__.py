"""Výzvy: a tracker of grant calls and the projects that intend to apply to them."""
