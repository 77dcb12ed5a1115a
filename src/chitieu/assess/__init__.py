"""Assessment: judging results against targets, and saying so the way officials write it."""

from __future__ import annotations

from chitieu.assess.core import TOLERANCE, change_on, evaluate, sense_of
from chitieu.assess.phrasing import sentence, target_text
from chitieu.assess.verdict import assess

__all__ = ["TOLERANCE", "assess", "change_on", "evaluate", "sense_of", "sentence", "target_text"]
