"""Synthetic example extracts for the bundled programme "Hearts and Minds Partnership".

The data are invented, but calibrated so that the interim edition (data to its cut-off)
reproduces every finding of `shared/spec/hearts-and-minds.md` with the concrete numbers in
`CALIBRATED` below: tests refer to them rather than to numbers of their own. The programme's
start, periods and the interim cut-off are read from its configuration, so the data and the
pipeline cannot disagree on them. The provider sent one delivery, dated `DELIVERY`: it is written
to `<output folder>/<DELIVERY>/`, as the hub keeps each delivery in a folder named by its date.

Randomness only decides *when* things happened and *who* they happened to, never *how many*.
It comes from one `random.Random(SEED)`, used only through `random()` (whose sequence Python
guarantees across versions), in a fixed order, so two runs write byte-identical files.

Usage: python tools/example_data/hearts_and_minds.py <programme configuration> [output folder]
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pandas as pd
import yaml

SEED = 20220114  # the interim delivery date; any fixed value would do
DELIVERY = date(2022, 1, 14)  # the one delivery: its folder name, and the day after the last data

REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
YEARS_OPERATING = ["Under 1 year", "1-2 years", "3-5 years", "6 or more years"]
ESTABLISHED = "6 or more years"
PROFESSIONS = ["Midwife", "Health visitor", "Specialist perinatal team", "GP"]
SECTIONS = ["map", "training", "conversation_space", "about", "resources", "other"]


@dataclass(frozen=True)
class CalibratedFindings:
    """The numbers the interim edition must show (everything dated on or before its cut-off)."""

    # Website: share of engaged seconds spent on the map section.
    map_time_share: Fraction
    # VCS survey (interim responses only).
    survey_responses: int
    survey_aware: int
    survey_unsure_membership: int
    survey_attended_conversation_space: int
    survey_on_map: dict[str, int]
    survey_trusted_source: dict[int, int]  # score -> respondents; the rest left it empty
    # Focus groups (undated): (profession, linked to a founding partner) -> (participants, aware).
    hcp_cells: dict[tuple[str, str], tuple[int, int]]
    # Map: region -> (checklists submitted, safety checks complete, listed) as at the cut-off.
    map_as_at_cut_off: dict[str, tuple[int, int, int]]
    # Conversation Space: distinct organisations by years operating at their first meet-up.
    conversation_space_organisations: dict[str, int]
    conversation_space_meetups: int

    # Derived figures, as a report prints them.
    @property
    def vcs_aware_share(self) -> Fraction:
        return Fraction(self.survey_aware, self.survey_responses)

    @property
    def unsure_membership_share(self) -> Fraction:
        return Fraction(self.survey_unsure_membership, self.survey_responses)

    @property
    def trusted_source_mean(self) -> Fraction:
        answers = self.survey_trusted_source
        return Fraction(sum(score * n for score, n in answers.items()), sum(answers.values()))

    @property
    def hcp_participants(self) -> int:
        return sum(n for n, _ in self.hcp_cells.values())

    def hcp_aware_share(self, profession: str | None = None, linked: str | None = None) -> Fraction:
        """Aware / participants, overall or within one profession or one founding-partner link."""
        cells = [
            value
            for (job, link), value in self.hcp_cells.items()
            if profession in (None, job) and linked in (None, link)
        ]
        return Fraction(sum(aware for _, aware in cells), sum(n for n, _ in cells))

    @property
    def conversation_space_established_share(self) -> Fraction:
        counts = self.conversation_space_organisations
        return Fraction(counts[ESTABLISHED], sum(counts.values()))

    def map_total(self, step: int) -> int:
        """Step 0 submitted, 1 safety checks complete, 2 listed: all regions, as at the cut-off."""
        return sum(counts[step] for counts in self.map_as_at_cut_off.values())


CALIBRATED = CalibratedFindings(
    map_time_share=Fraction(83, 100),
    survey_responses=72,
    survey_aware=61,  # 84.7%: high, if biased towards engaged services
    survey_unsure_membership=29,  # 40.3%
    survey_attended_conversation_space=38,
    survey_on_map={"yes": 30, "in progress": 14, "no": 28},
    survey_trusted_source={5: 26, 4: 25, 3: 9, 2: 3, 1: 1},  # 64 answers, mean 4.125; 8 empty
    hcp_cells={  # 34 participants, 12 aware (35.3%)
        ("Midwife", "yes"): (2, 1),
        ("Midwife", "no"): (9, 2),
        ("Health visitor", "yes"): (2, 2),
        ("Health visitor", "no"): (8, 1),
        ("Specialist perinatal team", "yes"): (4, 4),
        ("Specialist perinatal team", "no"): (3, 1),
        ("GP", "yes"): (1, 0),
        ("GP", "no"): (5, 1),
    },  # linked 7/9 (77.8%) aware, not linked 5/25 (20.0%)
    map_as_at_cut_off={  # 168 submitted, 132 checked, 116 listed
        "North East": (3, 1, 0),  # nothing listed at the cut-off
        "North West": (26, 22, 20),
        "Yorkshire and the Humber": (22, 18, 16),
        "East Midlands": (8, 3, 2),  # very few listed
        "West Midlands": (20, 16, 14),
        "East of England": (9, 4, 3),  # very few listed
        "London": (34, 29, 26),
        "South East": (28, 24, 22),
        "South West": (18, 15, 13),
    },
    conversation_space_organisations={  # 56 organisations, 33 (58.9%) established
        "Under 1 year": 4,
        "1-2 years": 7,
        "3-5 years": 12,
        ESTABLISHED: 33,
    },
    conversation_space_meetups=18,  # monthly, July 2020 to December 2021
)

# --------------------------------------------------------------------------------------------
# Everything else: plausible detail that no finding depends on.
# --------------------------------------------------------------------------------------------

# Responses that arrived after the cut-off (the survey closed in the new year): no finding
# counts them, so the interim edition must leave them out.
SURVEY_OPENED = date(2021, 10, 18)
SURVEY_REGIONS = {
    "North East": 3,
    "North West": 10,
    "Yorkshire and the Humber": 8,
    "East Midlands": 6,
    "West Midlands": 9,
    "East of England": 6,
    "London": 12,
    "South East": 10,
    "South West": 8,
}
SURVEY_YEARS_OPERATING = {"Under 1 year": 7, "1-2 years": 13, "3-5 years": 18, ESTABLISHED: 34}
# Unsure what membership means, by whether the respondent's service was on the map.
SURVEY_UNSURE_BY_MAP = {"yes": 6, "in progress": 9, "no": 14}
# Unaware respondents: none on the map, none at the Conversation Space, most skipped the
# trusted-source question (these scores are part of the calibrated answers).
SURVEY_UNAWARE_TRUSTED = [3, 3, 2]
SURVEY_LATE = [  # (region, years operating, aware, attended, on map, unsure, trusted source)
    ("North East", "1-2 years", "yes", "no", "no", "yes", 4),
    ("South West", ESTABLISHED, "yes", "yes", "yes", "no", 5),
    ("East Midlands", "3-5 years", "no", "no", "no", "yes", None),
]

# Focus groups: FG1 midwives, FG2 health visitors, FG3 a specialist perinatal team, FG4 GPs,
# FG5 a mixed group.
FOCUS_GROUPS = {
    "FG1": {"Midwife": 8},
    "FG2": {"Health visitor": 8},
    "FG3": {"Specialist perinatal team": 7},
    "FG4": {"GP": 5},
    "FG5": {"Midwife": 3, "Health visitor": 2, "GP": 1},
}

# Website: relative daily engagement of each section at full traffic, and when sections
# went live (before that they are recorded with 0 seconds).
SECTION_WEIGHTS = {
    "map": 8.6,
    "training": 0.25,
    "conversation_space": 0.45,
    "about": 0.45,
    "resources": 0.35,
    "other": 0.2,
}
SECTION_LIVE = {"map": date(2020, 9, 1), "training": date(2021, 9, 1)}
FULL_TRAFFIC_SECONDS = 900  # seconds per unit weight on a weekday at full traffic
RAMP_DAYS = 365  # traffic grows linearly to full over the first year

# Map: the checklist opened with the map; services are checked a few weeks after submitting
# and listed soon after. After the cut-off, per region: (new submissions, safety checks
# completed on earlier submissions, listings of services checked by the cut-off).
MAP_OPENED = date(2020, 9, 1)
MAP_AFTER_CUT_OFF = {
    "North East": (0, 0, 1),  # the region's first listing comes just after the cut-off
    "North West": (1, 1, 1),
    "Yorkshire and the Humber": (1, 1, 1),
    "East Midlands": (1, 1, 1),
    "West Midlands": (1, 1, 1),
    "East of England": (1, 0, 0),
    "London": (2, 1, 1),
    "South East": (2, 0, 1),
    "South West": (1, 1, 0),
}
DAYS_TO_SAFETY_CHECKS = (14, 70)
DAYS_TO_LISTING = (3, 28)

# Conversation Space: the second Wednesday of each month. Organisations joining at each
# meet-up up to the cut-off (adds up to the calibrated organisations) and after it, how many
# organisations attend each meet-up (the rest come back from earlier ones), and how much more
# often than others an established organisation comes back.
MEETUP_WEEKDAY, MEETUP_WEEK = 2, 2
JOINERS = [10, 6, 5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 2, 2]
JOINERS_AFTER_CUT_OFF = ["Under 1 year", "3-5 years"]
ATTENDANCE = [10, 12, 13, 12, 14, 15, 14, 16, 17, 15, 18, 17, 19, 20, 18, 21, 22, 20, 23]
RETURN_WEIGHT = {"Under 1 year": 1.0, "1-2 years": 1.0, "3-5 years": 1.2, ESTABLISHED: 1.6}
# Years operating at the first meet-up, within each band (so the band holds that day).
YEARS_IN_BAND = {"Under 1 year": (0.2, 0.9), "1-2 years": (1.1, 2.9), "3-5 years": (3.1, 5.9), ESTABLISHED: (6.2, 24.0)}

# Quotes by theme and strand: invented wording. Some lack consent to publish. Hostile text
# (markup, links, symbols) is not bundled: tests/workflow/test_hostile_text.py plants its own.
QUOTES = [  # (source group, theme, strand, consent, text)
    (
        "VCS service",
        "Shared identity",
        "partnership",
        "yes",
        "Before the partnership we knew two or three other perinatal peer groups by name. Now "
        "there is a whole room of people doing what we do, and we swap ideas every month.",
    ),
    (
        "VCS service",
        "What membership means",
        "map",
        "yes",
        "We held back from joining anything because we assumed you had to pass the map "
        "checklist first. Nobody told us otherwise until the autumn.",
    ),
    (
        "VCS service",
        "What membership means",
        "partnership",
        "no",
        "I'm still not clear whether we are members or just on a mailing list.",
    ),
    (
        "Healthcare professional",
        "Awareness and reach",
        "partnership",
        "yes",
        "I'd honestly never heard of Hearts and Minds before today. I know Bluebell Care, "
        "because they run a group in our patch, but not the partnership itself.",
    ),
    (
        "Healthcare professional",
        "Gaps in provision",
        "map",
        "yes",
        "When a mum asks me what is out there, the answer depends on her postcode. A map that "
        "shows the gaps as well as the services would help us argue for more.",
    ),
    (
        "Healthcare professional",
        "Awareness and reach",
        "partnership",
        "yes",
        "Voluntary groups are often where women actually open up. We trust them; we just don't "
        "always know which ones exist.",
    ),
    (
        "Hearts and Minds team",
        "Getting on the map",
        "map",
        "yes",
        "Most services need a phone call or two before the safety checks make sense. The form "
        "on its own puts small groups off.",
    ),
    (
        "VCS service",
        "Getting on the map",
        "map",
        "yes",
        "We got listed in the end, after three goes at the safeguarding section. It was worth "
        "it: health visitors in our area have started finding us through the map.",
    ),
    (
        "VCS service",
        "Trusted spaces",
        "trusted spaces",
        "yes",
        "The Conversation Space is the one hour a month where I can say 'this is hard' to people who get it.",
    ),
    (
        "VCS service",
        "Trusted spaces",
        "trusted spaces",
        "yes",
        "We have run our group for eleven years and I still learn something at every meet-up, "
        "often from groups that only started last year.",
    ),
    (
        "Hearts and Minds team",
        "Trusted spaces",
        "trusted spaces",
        "yes",
        "Online worked during lockdown, but people keep asking when they can meet in person. A "
        "day together in Birmingham is the obvious next step.",
    ),
    (
        "VCS service",
        "Training needs",
        "training",
        "yes",
        "New volunteers need the basics; our long-standing peer supporters need supervision and "
        "refreshers. One course won't fit both.",
    ),
    (
        "Hearts and Minds team",
        "Training needs",
        "training",
        "yes",
        "We are designing the training with the services, not for them, so the first modules are "
        "the ones they asked for.",
    ),
    (
        "Healthcare professional",
        "Training needs",
        "training",
        "no",
        "If the training were accredited I could justify the time to my manager.",
    ),
    (
        "VCS service",
        "Speaking with one voice",
        "partnership",
        "yes",
        "Commissioners want numbers across the sector, not one small charity's case studies. "
        "Together we might finally give them that.",
    ),
    (
        "Hearts and Minds team",
        "Speaking with one voice",
        "partnership",
        "yes",
        "The founding partners lend credibility, but the partnership has to belong to the small "
        "groups too, or it will not last.",
    ),
    (
        "Healthcare professional",
        "Gaps in provision",
        "map",
        "no",
        "In the north east I can think of one group, and it has a waiting list.",
    ),
    (
        "VCS service",
        "Getting on the map",
        "map",
        "yes",
        "The checklist made us write down policies we had only ever carried in our heads. That was useful in itself.",
    ),
    (
        "VCS service",
        "Shared identity",
        "trusted spaces",
        "yes",
        "It feels like the people who hold everyone else finally have somewhere to be held.",
    ),
    (
        "Hearts and Minds team",
        "What membership means",
        "partnership",
        "yes",
        "We have to say it more plainly: any VCS service that shares the Charter is part of the "
        "community, listed or not.",
    ),
    (
        "Healthcare professional",
        "Awareness and reach",
        "partnership",
        "yes",
        "Our specialist team already refers families to Smile Group, so we had heard of the partnership through them.",
    ),
    (
        "VCS service",
        "Gaps in provision",
        "map",
        "no",
        "Rural areas like ours look empty on the map, which is accurate but a bit demoralising.",
    ),
]


# --------------------------------------------------------------------------------------------
# The programme's dates, from its configuration
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Calendar:
    """The configured dates the data are built around."""

    start: date
    delivery: date
    cut_off: date
    periods: list[tuple[str, date, date]]

    @property
    def last_day(self) -> date:
        """The last day with data: the day before the delivery."""
        return self.delivery - timedelta(days=1)

    @property
    def after_cut_off(self) -> tuple[date, date]:
        """Working days after the cut-off (past the new-year holiday) up to the last day."""
        return self.cut_off + timedelta(days=4), self.last_day


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def calendar_of(configuration: str | Path) -> Calendar:
    """Read the dates from the configuration file (plain YAML: no schema check needed here)."""
    with open(configuration, encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    editions = {edition["name"]: edition for edition in config["editions"]}
    interim = editions.get("interim") or config["editions"][-1]
    return Calendar(
        start=_day(config["programme"]["start"]),
        delivery=DELIVERY,
        cut_off=_day(interim["cut_off"]),
        periods=[
            (item["name"], _day(item["from"]), _day(item["to"]))
            for item in config["periods"]
            if item["name"] in interim["periods"]
        ],
    )


# --------------------------------------------------------------------------------------------
# Drawing helpers: only `random()` is used, whose sequence Python keeps stable across versions.
# --------------------------------------------------------------------------------------------


class Draw:
    """Seeded choices for the generator."""

    def __init__(self, seed: int) -> None:
        self.source = random.Random(seed)

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.source.random()

    def index(self, n: int) -> int:
        return min(int(self.source.random() * n), n - 1)

    def chance(self, p: float) -> bool:
        return self.source.random() < p

    def shuffled(self, values: list) -> list:
        """Fisher-Yates, on a copy."""
        values = list(values)
        for i in range(len(values) - 1, 0, -1):
            j = self.index(i + 1)
            values[i], values[j] = values[j], values[i]
        return values

    def weighted_pick(self, values: list, weights: list[float], k: int) -> list:
        """k distinct values, each draw in proportion to the weights of those left."""
        values, weights, picked = list(values), list(weights), []
        for _ in range(k):
            point, position = self.uniform(0, sum(weights)), 0
            while position < len(values) - 1 and point >= weights[position]:
                point -= weights[position]
                position += 1
            picked.append(values.pop(position))
            weights.pop(position)
        return picked

    def weekday(self, start: date, end: date) -> date:
        """One weekday in [start, end]; `start` if the window has none."""
        days = weekdays(start, end)
        return days[self.index(len(days))] if days else start


def weekdays(start: date, end: date) -> list[date]:
    return [
        start + timedelta(days=i) for i in range((end - start).days + 1) if (start + timedelta(days=i)).weekday() < 5
    ]


def expand(counts: dict) -> list:
    """Each value as many times as its count, in dict order."""
    return [value for value, n in counts.items() for _ in range(n)]


def iso(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


# --------------------------------------------------------------------------------------------
# Extracts
# --------------------------------------------------------------------------------------------


def vcs_survey(draw: Draw, cal: Calendar) -> pd.DataFrame:
    """The survey of VCS organisations: the calibrated answers dealt out to respondents."""
    c = CALIBRATED
    unaware = c.survey_responses - c.survey_aware
    # Who is aware, and whether their service is on the map (the unaware are not on it).
    on_map = dict(c.survey_on_map)
    on_map["no"] -= unaware
    people = [{"aware": "yes", "on_map": status} for status in expand(on_map)]
    people += [{"aware": "no", "on_map": "no"} for _ in range(unaware)]
    for status, n in SURVEY_UNSURE_BY_MAP.items():
        group = draw.shuffled([p for p in people if p["on_map"] == status])
        for k, person in enumerate(group):
            person["unsure"] = "yes" if k < n else "no"
    aware = [p for p in people if p["aware"] == "yes"]
    for k, person in enumerate(draw.shuffled(aware)):
        person["attended"] = "yes" if k < c.survey_attended_conversation_space else "no"
    # Trusted source: every aware respondent answered; the unaware mostly skipped it.
    scores = expand(c.survey_trusted_source)
    for score in SURVEY_UNAWARE_TRUSTED:
        scores.remove(score)
    for person, score in zip(aware, draw.shuffled(scores)):
        person["trusted"] = score
    unaware_scores = SURVEY_UNAWARE_TRUSTED + [None] * (unaware - len(SURVEY_UNAWARE_TRUSTED))
    for person, score in zip([p for p in people if p["aware"] == "no"], draw.shuffled(unaware_scores)):
        person.update(attended="no", trusted=score)
    people = draw.shuffled(people)
    for person, region, years in zip(
        people, draw.shuffled(expand(SURVEY_REGIONS)), draw.shuffled(expand(SURVEY_YEARS_OPERATING))
    ):
        person.update(region=region, years=years, date=draw.weekday(SURVEY_OPENED, cal.cut_off - timedelta(days=10)))
    late_start, late_end = cal.after_cut_off
    for region, years, aware_, attended, status, unsure, trusted in SURVEY_LATE:
        people.append(
            {
                "region": region,
                "years": years,
                "aware": aware_,
                "attended": attended,
                "on_map": status,
                "unsure": unsure,
                "trusted": trusted,
                "date": draw.weekday(late_start, late_end),
            }
        )
    people.sort(key=lambda p: (p["date"], p["region"], p["years"]))
    return pd.DataFrame(
        {
            "response_id": [f"VS{k:03d}" for k in range(1, len(people) + 1)],
            "response_date": [iso(p["date"]) for p in people],
            "region": [p["region"] for p in people],
            "years_operating": [p["years"] for p in people],
            "aware_of_partnership": [p["aware"] for p in people],
            "attended_conversation_space": [p["attended"] for p in people],
            "on_map": [p["on_map"] for p in people],
            "unsure_what_membership_means": [p["unsure"] for p in people],
            "trusted_source": ["" if p["trusted"] is None else str(p["trusted"]) for p in people],
        }
    )


def hcp_focus_groups(draw: Draw) -> pd.DataFrame:
    """Focus group participants: each profession's calibrated cells shared out over the groups."""
    pools = {}
    for profession in PROFESSIONS:
        members = []
        for (job, linked), (n, aware) in CALIBRATED.hcp_cells.items():
            if job == profession:
                members += [(linked, "yes" if k < aware else "no") for k in range(n)]
        pools[profession] = draw.shuffled(members)
    wanted = {p: sum(group.get(p, 0) for group in FOCUS_GROUPS.values()) for p in PROFESSIONS}
    assert wanted == {p: len(pool) for p, pool in pools.items()}, "focus groups must seat every calibrated participant"
    rows = []
    for group, seats in FOCUS_GROUPS.items():
        for profession, n in seats.items():
            for _ in range(n):
                linked, aware = pools[profession].pop(0)
                rows.append({"focus_group": group, "profession": profession, "aware": aware, "linked": linked})
    return pd.DataFrame(
        {
            "participant_id": [f"HCP{k:02d}" for k in range(1, len(rows) + 1)],
            "focus_group": [r["focus_group"] for r in rows],
            "profession": [r["profession"] for r in rows],
            "aware_of_partnership": [r["aware"] for r in rows],
            "linked_to_founding_partner": [r["linked"] for r in rows],
        }
    )


def website_engagement(draw: Draw, cal: Calendar) -> pd.DataFrame:
    """Engaged seconds per day per section, from the first period's first day to the last day.

    Traffic ramps up over the first year, dips at weekends and varies day to day; the map's
    seconds up to the cut-off are then scaled so that its share is exactly the calibrated one.
    """
    first_day = cal.periods[0][1]
    days = [first_day + timedelta(days=i) for i in range((cal.last_day - first_day).days + 1)]
    seconds: dict[tuple[date, str], int] = {}
    raw_map: dict[date, float] = {}
    for day in days:
        ramp = 0.25 + 0.75 * min(1.0, (day - first_day).days / RAMP_DAYS)
        weekday = 1.0 if day.weekday() < 5 else 0.55
        for section in SECTIONS:
            live = day >= SECTION_LIVE.get(section, first_day)
            value = SECTION_WEIGHTS[section] * FULL_TRAFFIC_SECONDS * ramp * weekday * draw.uniform(0.7, 1.3)
            if section == "map":
                raw_map[day] = value if live else 0.0
            else:
                seconds[(day, section)] = int(round(value)) if live else 0
    # Calibrate: up to the cut-off, map / all = share exactly.
    share = CALIBRATED.map_time_share
    interim = [day for day in days if day <= cal.cut_off]
    others = sum(seconds[(day, s)] for day in interim for s in SECTIONS if s != "map")
    step = share.denominator - share.numerator  # the others' total must be a multiple of this
    seconds[(interim[-1], "other")] += (-others) % step
    others += (-others) % step
    map_total = others * share.numerator // step
    scale = map_total / sum(raw_map[day] for day in interim)
    for day in days:
        seconds[(day, "map")] = int(raw_map[day] * scale)
    busiest = max(interim, key=lambda day: seconds[(day, "map")])
    seconds[(busiest, "map")] += map_total - sum(seconds[(day, "map")] for day in interim)
    return pd.DataFrame(
        {
            "date": [iso(day) for day in days for _ in SECTIONS],
            "section": [section for _ in days for section in SECTIONS],
            "engaged_seconds": [seconds[(day, section)] for day in days for section in SECTIONS],
        }
    )


def map_services(draw: Draw, cal: Calendar) -> pd.DataFrame:
    """Every service that started the checklist, with its milestones as they happened.

    Up to the cut-off each region holds its calibrated (submitted, checked, listed); after it,
    a few new submissions, checks and listings arrive before the delivery.
    """
    late_start, late_end = cal.after_cut_off
    low_checks, high_checks = DAYS_TO_SAFETY_CHECKS
    low_list, high_list = DAYS_TO_LISTING
    services = []
    for region in REGIONS:
        submitted, checked, listed = CALIBRATED.map_as_at_cut_off[region]
        new, checked_later, listed_later = MAP_AFTER_CUT_OFF[region]
        for _ in range(listed):  # through the whole pipeline by the cut-off
            s = draw.weekday(MAP_OPENED, cal.cut_off - timedelta(days=high_checks + high_list))
            c = draw.weekday(s + timedelta(days=low_checks), s + timedelta(days=high_checks))
            services.append((region, s, c, draw.weekday(c + timedelta(days=low_list), c + timedelta(days=high_list))))
        for k in range(checked - listed):  # checked, waiting to be listed at the cut-off
            s = draw.weekday(cal.cut_off - timedelta(days=150), cal.cut_off - timedelta(days=low_checks + 7))
            c = draw.weekday(s + timedelta(days=low_checks), min(s + timedelta(days=high_checks), cal.cut_off))
            services.append((region, s, c, draw.weekday(late_start, late_end) if k < listed_later else None))
        for k in range(submitted - checked):  # waiting for safety checks at the cut-off
            s = draw.weekday(cal.cut_off - timedelta(days=120), cal.cut_off)
            c = None
            if k < checked_later:
                s = min(s, late_start - timedelta(days=low_checks))
                c = draw.weekday(late_start, late_end)
            services.append((region, s, c, None))
        for _ in range(new):  # submitted after the cut-off
            services.append((region, draw.weekday(late_start, late_end), None, None))
    services.sort(key=lambda row: (row[1], REGIONS.index(row[0])))
    return pd.DataFrame(
        {
            "service_id": [f"MS{k:04d}" for k in range(1, len(services) + 1)],
            "region": [row[0] for row in services],
            "checklist_submitted_date": [iso(row[1]) for row in services],
            "safety_checks_date": [iso(row[2]) for row in services],
            "listed_date": [iso(row[3]) for row in services],
        }
    )


def meetup_dates(cal: Calendar) -> list[date]:
    """The second Wednesday of every month from the programme start to the last day."""
    dates, year, month = [], cal.start.year, cal.start.month
    while True:
        first = date(year, month, 1)
        day = first + timedelta(days=(MEETUP_WEEKDAY - first.weekday()) % 7 + 7 * (MEETUP_WEEK - 1))
        if day > cal.last_day:
            return dates
        if day >= cal.start:
            dates.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def band(years: float) -> str:
    return (
        YEARS_OPERATING[0]
        if years < 1
        else YEARS_OPERATING[1]
        if years < 3
        else YEARS_OPERATING[2]
        if years < 6
        else ESTABLISHED
    )


def conversation_space(draw: Draw, cal: Calendar) -> pd.DataFrame:
    """Attendances at the monthly meet-ups.

    Organisations join at the calibrated pace, each with its years operating at its first
    meet-up in the calibrated band; the other seats of a meet-up go to earlier organisations
    coming back. An organisation's band at a later meet-up follows from when it was founded.
    """
    meetups = meetup_dates(cal)
    before = [day for day in meetups if day <= cal.cut_off]
    assert len(before) == CALIBRATED.conversation_space_meetups == len(JOINERS), (
        "one joiner count per meet-up to the cut-off"
    )
    assert len(meetups) == len(ATTENDANCE), "one attendance per meet-up"
    bands = draw.shuffled(expand(CALIBRATED.conversation_space_organisations))
    joining, position = [], 0
    for count in JOINERS:
        joining.append(bands[position : position + count])
        position += count
    joining.append(JOINERS_AFTER_CUT_OFF)
    organisations = []  # (id, band at first meet-up, founded)
    rows = []
    for day, newcomers, seats in zip(meetups, joining, ATTENDANCE):
        earlier = list(organisations)
        for years_band in newcomers:
            founded = day - timedelta(days=round(365.25 * draw.uniform(*YEARS_IN_BAND[years_band])))
            organisations.append((f"CS{len(organisations) + 1:03d}", years_band, founded))
        coming_back = draw.weighted_pick(earlier, [RETURN_WEIGHT[org[1]] for org in earlier], seats - len(newcomers))
        for identifier, _, founded in organisations[len(earlier) :] + coming_back:
            rows.append((day, identifier, band((day - founded).days / 365.25)))
    rows.sort()
    return pd.DataFrame(
        {
            "event_date": [iso(row[0]) for row in rows],
            "organisation_id": [row[1] for row in rows],
            "years_operating": [row[2] for row in rows],
        }
    )


def quotes() -> pd.DataFrame:
    """Evaluators' quotes: fixed text, so no randomness."""
    return pd.DataFrame(
        {
            "quote_id": [f"Q{k:03d}" for k in range(1, len(QUOTES) + 1)],
            "source_group": [q[0] for q in QUOTES],
            "theme": [q[1] for q in QUOTES],
            "strand": [q[2] for q in QUOTES],
            "text": [q[4] for q in QUOTES],
            "consent_to_publish": [q[3] for q in QUOTES],
        }
    )


def write_example(configuration: str | Path, folder: str | Path) -> None:
    """Write the six example extracts to the delivery's folder in `folder` (created if missing)."""
    cal = calendar_of(configuration)
    folder = Path(folder) / cal.delivery.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    draw = Draw(SEED)
    # The draw order is part of the output: keep these calls in this order.
    extracts = {
        "vcs_survey": vcs_survey(draw, cal),
        "hcp_focus_groups": hcp_focus_groups(draw),
        "website_engagement": website_engagement(draw, cal),
        "map_services": map_services(draw, cal),
        "conversation_space": conversation_space(draw, cal),
        "quotes": quotes(),
    }
    for name, frame in extracts.items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Arguments: the programme configuration file, and the output folder (default: its raw folder),
    which receives the delivery's dated folder."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        raise SystemExit("usage: hearts_and_minds.py <programme configuration> [output folder]")
    if len(args) > 1:
        folder = Path(args[1])
    else:
        with open(args[0], encoding="utf-8") as handle:
            folder = Path(yaml.safe_load(handle)["programme"]["raw"])
    write_example(args[0], folder)


if __name__ == "__main__":
    main()
