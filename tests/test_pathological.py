"""Lines made to hit a recogniser's worst case end in bounded time: one line of half the line limit
(EDUKG_MAX_LINE, 200,000 characters) of a repeated numeral, digit, plan name or heading. Each used to
be quadratic (a regex scanning every run to its end, a nested loop over headings and mentions); the
bound below is the hostile-input budget of issue 17, not a speed claim (benchmarks/ has those)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.core.errors import InputError
from graph.extract import extract
from graph.ingest.folder import read_document

BUDGET = 60  # seconds


@pytest.fixture
def budget() -> Iterator[None]:
    def stop(*_: object) -> None:
        raise TimeoutError(f"extraction ran past {BUDGET} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(BUDGET)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize(
    "unit",
    ["一", "1", "十四五", "一二三万", "1.5", "一、工作\n", "（一）推进学校建设\n", "一、实施强校计划\n"],
)
def test_a_line_of_a_repeated_unit_is_extracted_in_bounded_time(
    unit: str, tmp_path: Path, budget: None
) -> None:
    path = tmp_path / "a.txt"
    path.write_text((unit * 200_000)[:100_000], encoding="utf-8")
    x = extract(read_document(path))
    assert x.doc.text.startswith(unit.strip()[:1])
    if unit == "一、工作\n":  # every heading is read, not skipped to save time
        assert sum(1 for s in x.doc.segments if s.kind == "section") >= 10_000


def test_a_document_that_names_too_much_is_refused_and_the_limit_lifted(tmp_path: Path, budget: None) -> None:
    path = tmp_path / "a.txt"
    path.write_text("一、工作\n" * 1_200, encoding="utf-8")
    doc = read_document(path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EDUKG_MAX_MENTIONS", "1000")
        with pytest.raises(InputError) as err:
            extract(doc)
        assert str(err.value).endswith(
            "what it names (entities and figures) is 1,201 mentions, over the limit of 1,000 mentions; "
            "split it, or set EDUKG_MAX_MENTIONS=2402 to read it"
        )
        mp.setenv("EDUKG_MAX_MENTIONS", "2402")
        assert len(extract(doc).mentions) == 1_201  # the headings and the document
