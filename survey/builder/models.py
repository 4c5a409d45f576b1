"""The builder's table: every saved draft of a survey's definition, with who saved it and when."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import utcnow


class BuilderVersion(db.Model):
    """One saved draft of a definition: the whole document, so any version can be read back whole."""
    __tablename__ = "builder_versions"
    __table_args__ = (sa.UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    survey_id: Mapped[str] = mapped_column(sa.String(63), index=True)  # the id the draft is for
    number: Mapped[int] = mapped_column(sa.Integer)  # 1, 2, 3... for each survey id
    definition_json: Mapped[str] = mapped_column(sa.Text)
    author: Mapped[str] = mapped_column(sa.String(254))
    note: Mapped[str] = mapped_column(sa.String(254), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
