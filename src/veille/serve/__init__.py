"""The web side: FastAPI app (API + dashboard pages), and the ingest / serve / export commands."""

from __future__ import annotations


def create_app(*args, **kwargs):
    # Imported on use so that `import veille.serve` stays light.
    from veille.serve.app import create_app as build

    return build(*args, **kwargs)


__all__ = ["create_app"]
