"""`survey review publish|unpublish ID`, and storing the reviews `survey load` reads."""
from __future__ import annotations

import click

from .. import audit
from ..extensions import db
from .review_file import ReviewFile
from .reviews import ReviewError, load_review, publish, unpublish


def store_reviews(reviews: list[ReviewFile]) -> None:
    """For `survey load`: store each review (after the surveys), saying what happened to it."""
    for entry in reviews:
        try:
            result = load_review(entry, audit.SYSTEM)
        except ReviewError as exc:
            db.session.rollback()
            click.echo(str(exc), err=True)
            raise SystemExit(1) from None
        verb = "loaded" if result.created else "updated"
        click.echo(f"{entry.id}: review {verb} ({result.review.status}, "
                   f"{result.updates_added} progress update(s) added)")


@click.group("review")
def review_group() -> None:
    """Reviews: publish or unpublish one (load them with `survey load`)."""


def _change(review_id: str, change: object, done: str) -> None:
    from ..cli import fail
    try:
        change(review_id, audit.SYSTEM)  # type: ignore[operator]
    except ReviewError as exc:
        db.session.rollback()
        fail(str(exc))
    click.echo(f"{review_id}: {done}")


@review_group.command("publish")
@click.argument("review_id")
def publish_command(review_id: str) -> None:
    """Publish a review on the public hub (refused while any text lacks Welsh or English)."""
    _change(review_id, publish, "published")


@review_group.command("unpublish")
@click.argument("review_id")
def unpublish_command(review_id: str) -> None:
    """Take a review off the public hub (it becomes a draft again)."""
    _change(review_id, unpublish, "unpublished (draft)")
