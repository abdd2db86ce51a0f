"""The word lists of the extraction, read from data files (graph/knowledge/lexicon/*.yaml), once.

Each YAML file belongs to one stage or recogniser and says at its top what it is for; each key holds
either a list of words, a list of pairs, a mapping, or a regular expression made of a `template` with
`{alternatives}` where the listed alternatives are joined by `|` (alternatives are regular-expression
fragments, so a cue can carry a look-ahead). Editing a list changes the extraction; the stage goldens
show the change as a diff.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def table(name: str) -> dict[str, Any]:
    """The whole data file graph/knowledge/lexicon/NAME.yaml."""
    with (LEXICON_DIR / f"{name}.yaml").open(encoding="utf-8") as f:
        data = yaml.load(f, Loader=_Loader)
    if not isinstance(data, dict):
        raise ValueError(f"{name}.yaml: expected a mapping of lists")
    return data


def entry(name: str, key: str) -> Any:
    data = table(name)
    if key not in data:
        raise KeyError(f"graph/knowledge/lexicon/{name}.yaml has no key {key!r}")
    return data[key]


def words(name: str, key: str) -> list[str]:
    """A list of words (strings), in file order."""
    return [str(w) for w in entry(name, key)]


def pairs(name: str, key: str) -> list[tuple[str, str]]:
    """A list of [word, value] pairs."""
    return [(str(a), str(b)) for a, b in entry(name, key)]


def mapping(name: str, key: str) -> dict[str, Any]:
    return dict(entry(name, key))


def pattern(name: str, key: str) -> str:
    """The text of a regular expression: a plain string, or a template whose {alternatives} are joined."""
    value = entry(name, key)
    if isinstance(value, str):
        return value
    text = str(value["template"]).replace("{alternatives}", "|".join(str(a) for a in value["alternatives"]))
    for key, part in value.items():  # other named parts of the template ({verbs})
        if key not in ("template", "alternatives") and isinstance(part, str):
            text = text.replace("{" + key + "}", part)
    return text
