"""What the command modules share: exit statuses and option parsers.

A module of its own because `veille.cli` imports the store, scale and watch commands, which
therefore cannot import from it.
"""

from __future__ import annotations

from datetime import date

import click

EXIT_REJECTED = 3  # something was rejected (reported on stderr and in a rejects file)


def published_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback for --published: a date YYYY-MM-DD, or None when absent."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
