"""Response groups: what an export can split a response's answers by, kept beside each answer.

A response's group is its language, channel, site and its answers to the survey's breakdown
questions. Answers name their group (a small table of the combinations seen) and carry their
response's month, so one GROUP BY over the answers counts them split every way at once, with no
join.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from .definition.model import SurveyDefinition


@dataclass(frozen=True)
class Group:
    language: str
    channel: str
    site: str | None
    answers: Mapping[str, str] = field(default_factory=dict)  # breakdown question id -> value

    def digest(self, survey_id: str) -> str:
        """The group's identity within its survey: a hash of its values in canonical JSON."""
        canonical = json.dumps([survey_id, self.language, self.channel, self.site, dict(self.answers)],
                               sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def columns(self, survey_id: str) -> dict[str, Any]:
        """The response_groups row that stores this group."""
        return dict(survey_id=survey_id, digest=self.digest(survey_id), language=self.language, channel=self.channel,
                    site=self.site,
                    answers_json=json.dumps(dict(self.answers), sort_keys=True, ensure_ascii=False))


def group_of(definition: SurveyDefinition, answers: Mapping[str, Any], language: str, channel: str,
             site: str | None) -> Group:
    """The group of a response with these (pruned) answers."""
    chosen = {q.id: answers[q.id] for q in definition.breakdown_questions() if answers.get(q.id) is not None}
    return Group(language, channel, site, chosen)


def month_of(day: date) -> str:
    """The month kept with a response's answers (YYYY-MM)."""
    return day.strftime("%Y-%m")
