"""What a pipeline step reports: the step, how it ended, its counts, what it skipped and its errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Step(StrEnum):
    """The steps of an update, in the order they run."""

    INGEST = "ingest"
    EXTRACT = "extract"
    SCORE = "score"
    CHECK = "check"
    NARRATIVES = "narratives"
    DAYS = "days"  # per-entity, per-day aggregates behind `signals` and `link --entity`


class StepStatus(StrEnum):
    """How a step ended."""

    DONE = "done"  # it wrote something
    UNCHANGED = "unchanged"  # nothing to do: its inputs were already processed
    SKIPPED = "skipped"  # not run (--skip)
    UNAVAILABLE = "unavailable"  # could not run: a model, config or prices are missing (the detail says which)
    FAILED = "failed"  # it ran and failed (every feed failed)
    STOPPED = "stopped"  # a stop was asked before or during it; what it committed is kept


# A step's progress: (step, done, total); total is None while unknown.
Progress = Callable[[Step, int, "int | None"], None]
# Asked between pages: True when the run should stop as soon as what it holds is written.
StopCheck = Callable[[], bool]


@dataclass
class StepResult:
    """One step of a run. ``counts`` are the step's own figures (articles, claims, …); ``skipped`` counts
    the items it left alone (already done, or failed and to be tried again); ``errors`` the first few
    problems, each naming its item."""

    step: Step
    status: StepStatus
    detail: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def wrote(self) -> bool:
        return self.status is StepStatus.DONE

    def as_dict(self) -> dict[str, Any]:
        return {"step": str(self.step), "status": str(self.status), "detail": self.detail, "counts": dict(self.counts),
                "skipped": self.skipped, "errors": list(self.errors), "seconds": round(self.seconds, 3)}
