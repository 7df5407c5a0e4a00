"""What changed from one work plan to the next: programs, objectives and proposed activities added, removed, changed.

Programs are matched by the CICTE program they are linked to (else by title), sub-programs by title. Within a
program, identical texts are unchanged; of the rest, each old text is paired with the most similar new one
(difflib ratio at least 0.6) as "changed"; what remains is "removed" or "added".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from enlace.workplan.models import PlanProgram

SIMILAR = 0.6


@dataclass(frozen=True)
class Change:
    """One difference: `kind` is added / removed / changed; `what` is objective / activity / title."""

    kind: str
    what: str
    old: str = ""
    new: str = ""


@dataclass
class SectionDiff:
    """The differences in one program or sub-program (`status`: added / removed / kept)."""

    title: str
    parent_title: str
    status: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _key(node: PlanProgram, parent_key: str = "") -> str:
    if parent_key:
        return f"{parent_key}/{_norm(node.title)}"
    return node.program.code if node.program is not None else _norm(node.title)


def _flatten(tree: list[PlanProgram]) -> dict[str, tuple[PlanProgram, str]]:
    """{key: (node, parent title)} in plan order."""
    flat: dict[str, tuple[PlanProgram, str]] = {}
    for top in tree:
        key = _key(top)
        flat[key] = (top, "")
        for child in top.children:  # type: ignore[attr-defined]  # set by plan_tree
            flat[_key(child, key)] = (child, top.title)
    return flat


def _texts(node: PlanProgram | None, what: str) -> list[str]:
    if node is None:
        return []
    rows = node.objectives.all() if what == "objective" else node.activities.all()
    return [row.text for row in rows]


def compare_texts(old: list[str], new: list[str], what: str) -> tuple[list[Change], int]:
    """The changes from `old` to `new` texts, and how many stayed the same."""
    remaining_new = list(new)
    remaining_old = []
    unchanged = 0
    for text in old:
        if text in remaining_new:
            remaining_new.remove(text)
            unchanged += 1
        else:
            remaining_old.append(text)
    pairs = sorted(
        (
            (difflib.SequenceMatcher(None, _norm(o), _norm(n)).ratio(), i, j)
            for i, o in enumerate(remaining_old)
            for j, n in enumerate(remaining_new)
        ),
        reverse=True,
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    changes = []
    for ratio, i, j in pairs:
        if ratio < SIMILAR:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        changes.append(Change("changed", what, remaining_old[i], remaining_new[j]))
    changes += [Change("removed", what, old=o) for i, o in enumerate(remaining_old) if i not in used_old]
    changes += [Change("added", what, new=n) for j, n in enumerate(remaining_new) if j not in used_new]
    return changes, unchanged


def compare(old_tree: list[PlanProgram], new_tree: list[PlanProgram]) -> list[SectionDiff]:
    """The differences, program by program, in the order of the new plan (removed programs last)."""
    old = _flatten(old_tree)
    new = _flatten(new_tree)
    sections = []
    for key in [*new, *(k for k in old if k not in new)]:
        old_node, old_parent = old.get(key, (None, ""))
        new_node, new_parent = new.get(key, (None, ""))
        node = new_node or old_node
        if node is None:  # cannot happen: every key comes from one of the two plans
            continue
        status = "kept" if old_node and new_node else ("added" if new_node else "removed")
        section = SectionDiff(node.title, new_parent or old_parent, status)
        if old_node and new_node and old_node.title != new_node.title:
            section.changes.append(Change("changed", "title", old_node.title, new_node.title))
        for what in ("objective", "activity"):
            changes, unchanged = compare_texts(_texts(old_node, what), _texts(new_node, what), what)
            section.changes += changes
            section.unchanged += unchanged
        if section.changes or status != "kept":
            sections.append(section)
    return sections


def summary(sections: list[SectionDiff]) -> dict[str, int]:
    """How many objectives and activities were added, removed and changed, in total."""
    totals = {f"{what}_{kind}": 0 for what in ("objective", "activity") for kind in ("added", "removed", "changed")}
    for section in sections:
        for change in section.changes:
            if change.what != "title":
                totals[f"{change.what}_{change.kind}"] += 1
    return totals
