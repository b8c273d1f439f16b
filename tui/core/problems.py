"""Located problems in user-editable files: ``PATH:LINE: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file, pointing at a line where it is known."""

    path: Path | str
    line: int | None
    message: str
    field: str | None = None
    """The setting or field the problem is about (``"journal"``), where one is known."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path}"
        return f"{where}: {self.message}"


class ProblemError(Exception):
    """Raised when a file cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("ProblemError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
