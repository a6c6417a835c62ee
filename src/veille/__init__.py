"""veille: French news dispatches → PLOVER events, quotes with speakers, casualties, dates, places."""

__version__ = "0.1.0"


def __getattr__(name: str):
    # `from veille import Coder` without importing spaCy at `import veille`.
    if name == "Coder":
        from veille.coder import Coder

        return Coder
    raise AttributeError(name)
