"""One exception tree for chitieu, with messages meant for the user.

Every error a user can cause derives from :class:`ChitieuError`. Its ``message``
is a complete sentence in Vietnamese (``message_en`` in English) naming the file,
line or field and what to do. Each surface maps the tree once: the CLI to exit
codes (:attr:`ChitieuError.exit_code`), the web app to HTTP statuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class ChitieuError(Exception):
    """Base of every error chitieu reports to a user."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str, message_en: str | None = None, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"


class InputError(ChitieuError):
    """The user's input cannot be read (missing, wrong type, damaged, too large)."""

    exit_code = 2
    http_status = 422

    def __init__(
        self,
        path: str,
        message: str,
        message_en: str | None = None,
        *,
        hint: str | None = None,
        line: int | None = None,
    ) -> None:
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}", f"{where}: {message_en or message}", hint=hint)
        self.path = path
        self.line = line


class FileNotFound(InputError):
    http_status = 404


class UnsupportedFormat(InputError):
    http_status = 415


class EncodingProblem(InputError):
    pass


class InputTooLarge(InputError):
    http_status = 413


class ConfigError(ChitieuError):
    """A setting or option has a value chitieu cannot use."""

    exit_code = 3


class ModelMissing(ChitieuError):
    """A trained model file is missing or damaged."""

    exit_code = 4
    http_status = 500


class ValidationError(ChitieuError):
    """Data failed validation (a row of an import, a form field)."""

    exit_code = 2
    http_status = 422


class LineProblem(Protocol):
    """One invalid line (row, record) of a file, as a sentence: ``text()`` in Vietnamese, ``text(en=True)``."""

    def text(self, en: bool = False) -> str: ...


SHOWN_PROBLEMS = 50  # the invalid lines a message lists (the rest are counted)


def lines_invalid(file: object, problems: Sequence[LineProblem], total: int) -> tuple[str, str]:
    """The message (Vietnamese, English) of a file refused whole for its invalid lines: the first
    :data:`SHOWN_PROBLEMS` of ``problems``, then how many more of ``total`` there are."""
    shown = problems[:SHOWN_PROBLEMS]
    more = total - len(shown)
    vi = f"{file}: {total} lỗi, chưa ghi gì vào cơ sở dữ liệu:\n" + "\n".join(e.text() for e in shown)
    en = f"{file}: {total} errors, nothing was written:\n" + "\n".join(e.text(en=True) for e in shown)
    if more:
        vi, en = vi + f"\n… và {more} lỗi khác.", en + f"\n… and {more} more errors."
    return vi, en


class NotFound(ValidationError):
    """What the request names (a unit, a figure, a fact ...) is not in the store."""

    http_status = 404


class Conflict(ValidationError):
    """The request cannot be done in the present state (a figure already approved, a fact already accepted)."""

    http_status = 409
