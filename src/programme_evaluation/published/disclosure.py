"""Statistical disclosure control: which cells of an edition's metrics the published set withholds.

Primary suppression: a count of people from 1 to threshold - 1 (a share or mean whose numerator
or denominator is such a count) is withheld. Zero is published: it describes nobody.

Secondary suppression: a withheld cell must not be recoverable from what is published. The
relations of `relations.py` (breakdowns and totals, periods and overall, metrics counting the
same rows, configured sums and funnels, and every earlier edition, whose published set is fixed)
are what a reader can use. Two steps:
1. the smallest complementary cell, relation by relation: every equality with a withheld cell
   gets a second one, and when its total is published the withheld parts add up to at least
   the threshold (what a reader can work out, their sum, is then not itself a small count); the
   smallest published count of people is withheld, a part before a total, never a zero, never a
   cell a reader already knows from an earlier edition;
2. an audit by linear programming: for every withheld small count (in this edition and the
   earlier ones) the narrowest range a reader can derive from everything published, with all
   relations at once, is computed; if it leaves one value only, the smallest complementary
   cell near it is withheld and the audit runs again.
Distinct counts (someone counted in two periods is counted once overall) and cumulative counts
also protect the difference between editions' overall rows: the people new since the last edition.

With rounding (`disclosure.method: round`, rounding.py) a published count of people is known to
a reader only within the whole numbers that round to it: the audit gives it that interval, not
an exact value, step 1 leaves a sum with a rounded cell to the audit, and a small count is
protected when a reader cannot narrow it to fewer whole numbers than a rounded count spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.missing import is_missing
from programme_evaluation.common.periods import OVERALL
from programme_evaluation.configuration.publication_checks import matching
from programme_evaluation.published.relations import (
    Cell,
    Edition,
    Relation,
    all_relations,
    layers,
)
from programme_evaluation.published.rounding import rounding_of

SUPPRESSED = "[c]"
Row = tuple[str, str, str, str]  # edition, metric, period, group
TOLERANCE = 1e-7


class DisclosureError(PipelineError, ValueError):
    """No set of cells can be withheld to protect a small count (the message names it)."""


@dataclass
class Withheld:
    """The edition's withheld rows and why each is withheld (for the internal audit file)."""

    rows: dict[Row, str] = field(default_factory=dict)
    # for a secondary cell: the small counts it protects, as "metric period group (edition)"
    protects: dict[Row, str] = field(default_factory=dict)

    def add(self, row: Row, reason: str, protects: str = "") -> bool:
        if row in self.rows:
            return False
        self.rows[row] = reason
        if protects:
            self.protects[row] = protects
        return True


def people_metrics(settings: dict) -> set[str]:
    disclosure = settings.get("disclosure") or {}
    return set(matching(disclosure.get("people", []), [metric["name"] for metric in settings["metrics"]]))


def size(edition: Edition, metric: dict, key: tuple[str, str, str]) -> float:
    """How many people a row is about: a count's value, a share's or mean's denominator."""
    row = edition.rows[key]
    number = row.value if metric["kind"] == "count" else row.denominator
    return 0.0 if is_missing(number) else float(number)


def small_layers(edition: Edition, metric: dict, key: tuple[str, str, str], threshold: int) -> list[str]:
    """The layers of a row that are counts of people from 1 to threshold - 1."""
    counted = (
        ("value",)
        if metric["kind"] == "count"
        else (("denominator",) if metric["kind"] == "mean" else ("numerator", "denominator"))
    )
    row = edition.rows[key]
    return [layer for layer in counted if not is_missing(getattr(row, layer)) and 0 < getattr(row, layer) < threshold]


class Protection:
    """The state of suppression across the editions, and the reader's view of it."""

    def __init__(
        self,
        editions: list[Edition],
        settings: dict,
        fixed: dict[str, set[tuple[str, str, str]]],
        hidden: dict[str, set[tuple[str, str, str]]] | None = None,
        weights: dict[tuple[str, str, str], int] | None = None,
    ):
        self.editions = {edition.name: edition for edition in editions}
        self.current = editions[-1]
        self.metrics = {metric["name"]: metric for metric in settings["metrics"]}
        self.people = people_metrics(settings)
        self.threshold = int((settings.get("disclosure") or {}).get("threshold", 10))
        # With rounding a published count of people is known within an interval, not exactly.
        self.rounding = rounding_of(settings)
        # How many whole numbers a reader must still find possible for a small count.
        self.spread = self.rounding.base - 1 if self.rounding else 1
        self.relations = all_relations(editions, settings["metrics"], settings)
        self.by_cell: dict[Cell, list[int]] = {}
        for index, relation in enumerate(self.relations):
            for cell in relation.cells:
                self.by_cell.setdefault(cell, []).append(index)
        # Earlier editions are published already: what they withheld is fixed.
        self.suppressed: set[Row] = {(name, *key) for name, keys in fixed.items() for key in keys}
        # The withheld cells whose number must stay hidden: a small count, or a cell withheld to
        # protect one. (A share withheld for its small numerator shows [c] for its denominator
        # too, but a reader may know that denominator from elsewhere: it is not guarded.)
        self.guarded: set[Cell] = set()
        for name, keys in fixed.items():
            for key in keys:
                small = small_layers(self.editions[name], self.metrics[key[0]], key, self.threshold)
                layers_guarded = small or layers(self.metrics[key[0]])  # a complement: which layer is unknown
                self.guarded |= {(name, *key, layer) for layer in layers_guarded}
        # Rows a published set leaves out (its report does not use them): unknown to a reader, like
        # a withheld cell, but not withheld; a small count among them is guarded all the same.
        self.hidden: set[Row] = {(name, *key) for name, keys in (hidden or {}).items() for key in keys}
        self.suppressed |= self.hidden
        for name, key in ((row[0], row[1:]) for row in self.hidden):
            if name != self.current.name and key[0] in self.people:
                small = small_layers(self.editions[name], self.metrics[key[0]], key, self.threshold)
                self.guarded |= {(name, *key, layer) for layer in small}
        # What withholding a row of this edition costs its report (report_uses.py): most for a
        # headline, least for per-period detail; every row counts alike without weights.
        self.weights = weights or {}
        self.order = {key: index for index, key in enumerate(self.current.rows)}
        self.known = self._known_from_earlier()
        self.withheld = Withheld()

    # -- cells and rows -------------------------------------------------------------------
    def is_suppressed(self, cell: Cell) -> bool:
        return cell[:4] in self.suppressed

    def value(self, cell: Cell) -> float:
        return self.editions[cell[0]].value(cell)

    def rounded(self, cell: Cell) -> bool:
        """A published cell a reader sees rounded (rounding.py): a count of people's number."""
        return self.rounding is not None and cell[1] in self.people and not self.is_suppressed(cell)

    def unknown(self, cell: Cell) -> bool:
        """A cell whose exact number a reader does not see: withheld, left out or rounded."""
        return self.is_suppressed(cell) or self.rounded(cell)

    def bounds(self, cell: Cell) -> tuple[float, float | None]:
        """What a reader knows of an unknown cell without any sum."""
        if self.rounded(cell):
            metric = self.metrics[cell[1]]
            counted = cell[4] == "value" or cell[4] == "denominator" or metric["kind"] in ("share", "satisfied_share")
            return self.rounding.interval(self.value(cell), counted)
        return self.lower_bound(cell), None

    def row_cells(self, row: Row) -> list[Cell]:
        return [(*row, layer) for layer in layers(self.metrics[row[1]])]

    def _known_from_earlier(self) -> set[Row]:
        """Rows of this edition a reader already knows: the same number published in an
        earlier edition for the same period and group. Withholding them protects nothing."""
        known = set()
        for relation in self.relations:
            if (
                relation.check == "edition_same"
                and relation.total[0] == self.current.name
                and not self.is_suppressed(relation.parts[0])
            ):
                known.add(relation.total[:4])
        return known

    def eligible(self, cell: Cell) -> bool:
        """Can this cell be withheld to protect another: a published, non-zero count of people
        of this edition that a reader does not know from an earlier edition."""
        row = cell[:4]
        return (
            cell[0] == self.current.name
            and row not in self.suppressed
            and row[1] in self.people
            and row not in self.known
            and size(self.current, self.metrics[row[1]], row[1:]) > 0
        )

    def cost(self, cell: Cell, is_total: bool) -> tuple:
        """What the report loses least first (its weight), then smallest, a part before a total,
        then table order."""
        row = cell[:4]
        return (
            self.weights.get(row[1:], 0),
            size(self.current, self.metrics[row[1]], row[1:]),
            is_total,
            self.order[row[1:]],
        )

    def withhold(self, cell: Cell, reason: str, protects: str = "") -> None:
        """Withhold a cell's row (every number of it), guarding that cell's number."""
        self.suppressed.add(cell[:4])
        self.guarded.add(cell)
        self.withheld.add(cell[:4], reason, protects)

    # -- step 0: primary --------------------------------------------------------------------
    def sensitive(self) -> list[tuple[dict[Cell, float], str]]:
        """Every expression a reader must not pin down: each small count of people (all editions),
        and the new people between editions of a distinct or cumulative count."""
        found = []
        for name, edition in self.editions.items():
            for key in edition.rows:
                if key[0] not in self.people:
                    continue
                for layer in small_layers(edition, self.metrics[key[0]], key, self.threshold):
                    found.append(({(name, *key, layer): 1.0}, f"{key[0]} {key[1]} {key[2]} ({name})"))
        names = list(self.editions)
        for metric in self.metrics.values():
            if metric["name"] not in self.people or not (metric.get("distinct") or metric.get("cumulative")):
                continue
            for earlier in names[:-1]:
                for group in ["all", *self.current.groups(metric["name"])]:
                    key = (metric["name"], OVERALL, group)
                    if not (self.current.has(*key) and self.editions[earlier].has(*key)):
                        continue
                    for layer in layers(metric):
                        new, old = (self.current.name, *key, layer), (earlier, *key, layer)
                        difference = self.value(new) - self.value(old)
                        if 0 < difference < self.threshold:
                            found.append(({new: 1.0, old: -1.0}, f"{key[0]} new since {earlier} ({group})"))
        return found

    def primary(self) -> None:
        for key in self.current.rows:
            if key[0] in self.people:
                small = small_layers(self.current, self.metrics[key[0]], key, self.threshold)
                if small and (self.current.name, *key) in self.hidden:
                    self.guarded |= {(self.current.name, *key, layer) for layer in small}
                elif small:
                    row = self.current.rows[key]
                    said = ", ".join(f"{layer} {getattr(row, layer):g}" for layer in small)
                    for layer in small:
                        self.withhold((self.current.name, *key, layer), f"primary: {said} below {self.threshold}")

    def keep_released(self, rows) -> bool:
        """A revision of a released edition withholds every row its release withheld: a reader
        holding both revisions must not learn from the second what the first hid. Returns whether
        a row was withheld for that reason alone (an unchanged rebuild withholds the same rows
        for the same reasons, so its record, and what was signed, stay as they were)."""
        added = False
        for key in self.current.rows:
            if key in rows and (self.current.name, *key) not in self.suppressed:
                self.suppressed.add((self.current.name, *key))
                self.withheld.add((self.current.name, *key), "withheld in the released revision")
                added = True
        return added

    # -- step 1: relation by relation ---------------------------------------------------------
    def needs_more(self, relation: Relation) -> bool:
        """An equality with a guarded number needs a second withheld cell, and the withheld parts
        of a published total must add up to at least the threshold."""
        if relation.sense != "=" or not any(cell in self.guarded for cell in relation.cells):
            return False
        if any(self.rounded(cell) for cell in relation.cells):
            return False  # rounding blurs the sum: the audit judges what a reader can narrow
        withheld = [cell for cell in relation.cells if self.is_suppressed(cell)]
        if len(withheld) == 1:
            return True
        if self.is_suppressed(relation.total):
            return False
        parts = [cell for cell in relation.parts if self.is_suppressed(cell)]
        return sum(self.value(cell) for cell in parts) < self.threshold

    def complement(self, relation: Relation) -> Cell | None:
        candidates = [(self.cost(cell, False), cell) for cell in relation.parts if self.eligible(cell)]
        if not candidates and self.eligible(relation.total):
            candidates = [(self.cost(relation.total, True), relation.total)]
        return min(candidates)[1] if candidates else None

    def relation_pass(self) -> None:
        """Withhold complements until every equality is protected (or cannot be by itself)."""
        changed = True
        while changed:
            changed = False
            for relation in self.relations:
                while self.needs_more(relation):
                    cell = self.complement(relation)
                    if cell is None:
                        break
                    _, metric, period, group, _ = relation.total
                    protects = "; ".join(
                        f"{other[1]} {other[2]} {other[3]} ({other[0]})"
                        for other in relation.cells
                        if other in self.guarded and other != cell
                    )
                    self.withhold(
                        cell,
                        f"secondary: {relation.check} of {metric} {period} {group} ({relation.total[0]})",
                        protects,
                    )
                    changed = True

    # -- step 2: the audit ------------------------------------------------------------------
    def lower_bound(self, cell: Cell) -> float:
        """What a reader knows of a withheld cell without any sum: a withheld count is not 0
        (zeros are published); a numerator may be."""
        if cell[4] == "numerator":
            return 0.0
        return min(1.0, self.value(cell))

    def reachable(self, cells: list[Cell]) -> tuple[list[Cell], list[Relation]]:
        """The withheld cells tied to `cells` through relations, and those relations."""
        variables = [cell for cell in cells if self.unknown(cell)]
        seen, used, pending = set(variables), set(), list(variables)
        while pending:
            cell = pending.pop()
            for index in self.by_cell.get(cell, ()):
                if index in used:
                    continue
                used.add(index)
                for other in self.relations[index].cells:
                    if other not in seen and self.unknown(other):
                        seen.add(other)
                        pending.append(other)
        return sorted(seen), [self.relations[index] for index in sorted(used)]

    def linear_problem(self, expression: dict[Cell, float]):
        """The reader's view of the expression as a linear programme over the withheld cells tied
        to it: (objective, constant, the solver's arguments), or None when nothing is withheld."""
        variables, relations = self.reachable(list(expression))
        constant = sum(
            coefficient * self.value(cell) for cell, coefficient in expression.items() if not self.unknown(cell)
        )
        if not variables:
            return None, constant, None
        position = {cell: index for index, cell in enumerate(variables)}
        equal_rows, equal_values, upper_rows, upper_values = [], [], [], []
        for relation in relations:
            coefficients = np.zeros(len(variables))
            known = 0.0
            for cell, sign in ((relation.total, 1.0), *((part, -1.0) for part in relation.parts)):
                if cell in position:
                    coefficients[position[cell]] += sign
                else:
                    known += sign * self.value(cell)
            if relation.sense == "=":
                equal_rows.append(coefficients)
                equal_values.append(-known)
            elif relation.sense == ">=":  # total - parts >= 0
                upper_rows.append(-coefficients)
                upper_values.append(known)
            else:
                upper_rows.append(coefficients)
                upper_values.append(-known)
        objective = np.zeros(len(variables))
        for cell, coefficient in expression.items():
            if cell in position:
                objective[position[cell]] += coefficient
        problem = {
            "A_eq": np.array(equal_rows) if equal_rows else None,
            "b_eq": equal_values or None,
            "A_ub": np.array(upper_rows) if upper_rows else None,
            "b_ub": upper_values or None,
            "bounds": [self.bounds(cell) for cell in variables],
            "method": "highs",
        }
        return objective, constant, problem

    def extreme(self, objective, constant: float, problem: dict, sign: float) -> float:
        """The least (sign 1) or greatest (sign -1) value a reader can derive."""
        result = linprog(sign * objective, **problem)
        if result.status == 3:
            return -sign * np.inf
        if result.status != 0:
            raise DisclosureError(
                f"the relations of the metrics table do not hold together ({result.message}); "
                "the cross-checks should have stopped the build"
            )
        return constant + sign * result.fun

    def derivable_range(self, expression: dict[Cell, float]) -> tuple[float, float]:
        """The narrowest [low, high] a reader can derive for the expression from everything
        published, by linear programming over the withheld cells and every relation."""
        objective, constant, problem = self.linear_problem(expression)
        if problem is None:
            return constant, constant
        return self.extreme(objective, constant, problem, 1.0), self.extreme(objective, constant, problem, -1.0)

    def protected(self, expression: dict[Cell, float]) -> bool:
        """A reader cannot work the expression out: a whole number other than its own stays
        possible (with rounding: as many whole numbers as a rounded count spans). One side
        usually shows it, so the other is solved only when needed."""
        objective, constant, problem = self.linear_problem(expression)
        if problem is None:
            return False
        if self.rounding is not None:
            low = self.extreme(objective, constant, problem, 1.0)
            return self.extreme(objective, constant, problem, -1.0) - low >= self.spread - TOLERANCE
        truth = sum(coefficient * self.value(cell) for cell, coefficient in expression.items())
        if self.extreme(objective, constant, problem, -1.0) >= truth + 1 - TOLERANCE:
            return True
        return self.extreme(objective, constant, problem, 1.0) <= truth - 1 + TOLERANCE

    def candidate_layers(self, expression: dict[Cell, float]):
        """Eligible cells near the expression, cheapest first, layer by layer: its own cells, then
        the cells of relations reached from it through withheld cells."""
        own = sorted((self.cost(cell, False), cell) for cell in expression if self.eligible(cell))
        if own:
            yield [cell for _, cell in own]
        frontier, seen, used = list(expression), set(expression), set()
        while frontier:
            candidates, following = [], []
            for cell in frontier:
                for index in self.by_cell.get(cell, ()):
                    if index in used:
                        continue
                    used.add(index)
                    relation = self.relations[index]
                    for other in relation.cells:
                        if other in seen:
                            continue
                        seen.add(other)
                        if self.is_suppressed(other):
                            following.append(other)
                        elif self.eligible(other):
                            candidates.append((self.cost(other, other == relation.total), other))
            if candidates:
                yield [cell for _, cell in sorted(candidates)]
            frontier = following

    def nearest_complement(self, expression: dict[Cell, float]) -> Cell | None:
        """The cheapest eligible cell near the expression whose withholding widens what a reader
        can derive of it; if no single cell does, the cheapest nearest one (the next may)."""
        low, high = self.derivable_range(expression)
        fallback = None
        for candidates in self.candidate_layers(expression):
            fallback = fallback or candidates[0]
            for cell in candidates:
                self.suppressed.add(cell[:4])
                wider = self.derivable_range(expression)
                self.suppressed.discard(cell[:4])
                if wider[1] - wider[0] > high - low + TOLERANCE:
                    return cell
        return fallback

    def settled(self, expression: dict[Cell, float]) -> bool:
        """An earlier edition's count whose withheld cells touch nothing of this edition: the
        audit of that edition, when it was published, still holds."""
        if any(cell[0] == self.current.name for cell in expression):
            return False
        _, relations = self.reachable(list(expression))
        return not any(cell[0] == self.current.name for relation in relations for cell in relation.cells)

    def audit(self) -> None:
        for expression, name in self.sensitive():
            if self.settled(expression):
                continue
            while not self.protected(expression):
                cell = self.nearest_complement(expression)
                if cell is None:
                    low, high = self.derivable_range(expression)
                    raise DisclosureError(
                        f"cannot protect {name}: a reader can narrow it to {low:g} to {high:g} from what is "
                        "published, and no further cell of this edition can be withheld to widen that"
                    )
                self.withhold(cell, f"secondary: audit of {name}", name)
                self.relation_pass()


def protect(
    editions: list[Edition],
    settings: dict,
    fixed: dict[str, set[tuple[str, str, str]]],
    released: frozenset[tuple[str, str, str]] | set = frozenset(),
    hidden: dict[str, set[tuple[str, str, str]]] | None = None,
    weights: dict[tuple[str, str, str], int] | None = None,
) -> Withheld:
    """The rows of the last edition to withhold, given the earlier editions' withheld rows,
    for a revision of a released edition the rows its release withheld, the rows each edition's
    published set leaves out (`hidden`) and what withholding each row costs (`weights`)."""
    protection = Protection(editions, settings, fixed, hidden, weights)
    protection.primary()
    protection.relation_pass()
    protection.audit()
    if protection.keep_released(released):  # then what those rows give away is protected too
        protection.relation_pass()
        protection.audit()
    return protection.withheld


def published_table(
    frame: pd.DataFrame, withheld: set[tuple[str, str, str]], settings: dict | None = None
) -> pd.DataFrame:
    """The formatted table (as metrics.csv writes it) with every number of a withheld row shown as [c]
    (a cell the row does not have, such as a count's denominator, stays empty) and, when the
    programme rounds (`settings`' disclosure.method), its counts of people rounded."""
    from programme_evaluation.metrics.compute import formatted
    from programme_evaluation.published.rounding import rounded_frame

    if settings is not None:
        frame = rounded_frame(frame, settings, people_metrics(settings), withheld)
    out = formatted(frame)
    mask = pd.Series(
        [(row.metric, row.period, row.group) in withheld for row in frame.itertuples(index=False)], index=out.index
    )
    out.loc[mask, "value"] = SUPPRESSED
    for column in (
        "numerator",
        "denominator",
        "pct_of_target",
        "rag",
    ):  # the cells the row has: a count has no denominator
        out.loc[mask & (out[column] != ""), column] = SUPPRESSED
    return out
