"""Restoration of OCR-damaged and diacritic-less Vietnamese text (``chitieu restore``).

:class:`Restorer` repairs text line for line with a noisy-channel decoder;
:func:`damage_score` tells cheaply whether a text needs it; :mod:`.noise` damages
clean text the way OCR engines do, for evaluation.
"""

from __future__ import annotations

from chitieu.restore.detect import damage_score
from chitieu.restore.restorer import MODEL_FILE, Restorer, WordInfo

__all__ = ["MODEL_FILE", "Restorer", "WordInfo", "damage_score"]
