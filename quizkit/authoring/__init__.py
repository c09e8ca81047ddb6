"""Authoring aids: from news articles to a draft bank."""
