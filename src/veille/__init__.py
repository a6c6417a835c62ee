"""veille: French news dispatches → PLOVER events, quotes with speakers, casualties, dates, places."""

__version__ = "0.1.0"
