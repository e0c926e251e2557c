"""The routes: sign-in, the internal workspace, the public portal, the JSON API."""
