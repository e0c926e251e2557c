"""The web platform: units upload their budget disclosures, reviewers check and approve them,
the finance bureau publishes them on a public portal.

:func:`yusuan.web.app.create_app` builds the FastAPI application; ``python -m yusuan.web`` runs a
demo on 127.0.0.1:8000 with SQLite and sample data.
"""
