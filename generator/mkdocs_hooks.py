"""MkDocs hooks of the portal (listed in mkdocs.yml)."""
