"""Authoring aids: from news pages to sources, claims worth a question, and a live preview."""
