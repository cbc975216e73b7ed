"""Synthetic example extracts for the bundled programme "Little Minds Matter".

The data are invented, but calibrated so that the pipeline's two editions (interim, cut-off
2023-03-31; final, cut-off 2024-05-31) reproduce the published figures in
`shared/spec/little-minds-matter.md` exactly. Everything is drawn from one seeded
`numpy.random.default_rng`, in a fixed order, so two runs write byte-identical files.

The hub holds two deliveries, each in a folder named by its date (`DELIVERIES`): the June 2023
delivery, from which the interim edition was published, and the June 2024 delivery for the
final. The 2023 delivery is what the provider knew on its date: the rows dated up to then, with
the milestones that had not happened yet blanked and their statuses set, as the configuration's
`as_at_cut_off` rules say (the same view an edition takes at its cut-off).

The calibrated figures live in the module-level constants below; the functions only decide
*when* things happened and *who* they happened to, never *how many*.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from programme_evaluation.common.periods import period_of
from programme_evaluation.configuration import load, periods_of

SEED = 20230731  # the interim report's publication month; any fixed value would do

PROGRAMME_START = date(2018, 4, 1)
INTERIM_CUTOFF = date(2023, 3, 31)
# The last delivery is dated 2024-06-14, but nothing is dated after the final cut-off so that
# the final edition sees the whole extract.
LAST_DATE = date(2024, 5, 31)
# The deliveries the hub holds, oldest first; the last one is the whole extract.
DELIVERIES = (date(2023, 6, 14), date(2024, 6, 14))

# The programme's periods as its configuration declares them (set by `use_configuration`),
# so the data and the pipeline cannot disagree on where a period starts or ends.
CONFIGURED_PERIODS: list = []
PERIODS: dict[str, tuple[date, date]] = {}


def use_configuration(configuration: str | Path) -> None:
    """Read the periods from the programme's configuration file."""
    global CONFIGURED_PERIODS, PERIODS
    CONFIGURED_PERIODS = periods_of(load(configuration))
    PERIODS = {period.name: (period.start, period.end) for period in CONFIGURED_PERIODS}


# --------------------------------------------------------------------------------------------
# Strand 2: training
# --------------------------------------------------------------------------------------------

# IMHA course instances per period (interim 48, final 65).
IMHA_COURSES = {"Y1": 14, "Y2": 10, "Y3": 7, "Y4": 12, "Y5": 5, "Y6": 17}
# When courses could run: the first course was in July 2018 and face-to-face training paused
# for COVID from 2020-03-16 to 2020-09-13.
IMHA_WINDOWS = {
    "Y1": (date(2018, 7, 2), date(2019, 7, 26)),
    "Y2": (date(2019, 9, 2), date(2020, 3, 13)),
    "Y3": (date(2020, 9, 14), date(2021, 7, 16)),
    "Y4": (date(2021, 9, 6), date(2022, 9, 23)),
    "Y5": (date(2022, 10, 3), date(2023, 3, 24)),
    "Y6": (date(2023, 4, 17), date(2024, 5, 17)),
}
# Practitioners newly trained per period, by workforce group at their IMHA attendance.
# Interim totals: Non-priority 360, BSB project 136, Health visitor 65, PEH 59, Midwife 46,
# Unknown 27, Other priority 9 (702, priority 315). Early years sit nearer the 75% target.
WORKFORCE_MIX = {
    "Y1": {
        "Better Start Bradford project": 60,
        "Health visitor": 30,
        "Midwife": 20,
        "Prevention and Early Help": 25,
        "Other priority": 4,
        "Non-priority": 56,
        "Unknown": 10,
    },
    "Y2": {
        "Better Start Bradford project": 40,
        "Health visitor": 18,
        "Midwife": 14,
        "Prevention and Early Help": 18,
        "Other priority": 3,
        "Non-priority": 64,
        "Unknown": 7,
    },
    "Y3": {
        "Better Start Bradford project": 18,
        "Health visitor": 8,
        "Midwife": 6,
        "Prevention and Early Help": 8,
        "Other priority": 1,
        "Non-priority": 78,
        "Unknown": 4,
    },
    "Y4": {
        "Better Start Bradford project": 14,
        "Health visitor": 6,
        "Midwife": 4,
        "Prevention and Early Help": 6,
        "Other priority": 1,
        "Non-priority": 124,
        "Unknown": 4,
    },
    "Y5": {
        "Better Start Bradford project": 4,
        "Health visitor": 3,
        "Midwife": 2,
        "Prevention and Early Help": 2,
        "Non-priority": 38,
        "Unknown": 2,
    },
    # Final adds 170: the Prevention and Early Help teams and VCS joined in numbers in Y6.
    "Y6": {
        "Better Start Bradford project": 4,
        "Health visitor": 13,
        "Midwife": 6,
        "Prevention and Early Help": 89,
        "VCS": 17,
        "Non-priority": 33,
        "Unknown": 8,
    },
}
# A handful of practitioners sat the course twice within one period (e.g. a refresher).
REPEAT_ATTENDERS = {"Y1": 2, "Y2": 1, "Y4": 1, "Y6": 1}
COURSE_SIZE = (8, 20)

# Practitioners who went on to IMHA in Action by the interim cut-off (156), by group.
IMHA_IN_ACTION_INTERIM = {
    "Better Start Bradford project": 49,
    "Non-priority": 48,
    "Health visitor": 22,
    "Prevention and Early Help": 16,
    "Midwife": 14,
    "Unknown": 5,
    "Other priority": 2,
}
IMHA_IN_ACTION_SESSIONS_INTERIM = 30
IMHA_IN_ACTION_Y6 = 28
IMHA_IN_ACTION_SESSIONS_Y6 = 8
# Bespoke sessions for individual teams (dates and sizes); attendees are not IMHA trainees.
BESPOKE_SESSIONS = [
    (date(2019, 3, 12), 8),
    (date(2020, 1, 22), 8),
    (date(2021, 6, 9), 8),
    (date(2022, 11, 16), 8),
    (date(2023, 10, 11), 8),
]
BESPOKE_GROUPS = {"Non-priority": 0.5, "VCS": 0.2, "Other priority": 0.15, "Unknown": 0.15}

# Training questionnaires (one per returned form, on an IMHA attendance).
TRAINING_QUESTIONNAIRES = {"interim": 246, "Y6": 56}
TRAINING_UNSATISFIED = {"interim": 2, "Y6": 4}

# --------------------------------------------------------------------------------------------
# Strand 3: consultation
# --------------------------------------------------------------------------------------------

CONSULTATION_TYPES = ["triage", "drop_in", "ongoing", "reflective_discussion"]
# Delivered sessions per period. Interim: triage 232, drop_in 65, ongoing 59 (the source's 60
# less one, to keep its total of 535), reflective_discussion 179. Y6 adds 153 (final 688).
CONSULTATIONS_DELIVERED = {
    "triage": {"Y1": 70, "Y2": 60, "Y3": 50, "Y4": 35, "Y5": 17, "Y6": 30},
    "drop_in": {"Y1": 3, "Y2": 15, "Y3": 15, "Y4": 21, "Y5": 11, "Y6": 22},
    "ongoing": {"Y1": 8, "Y2": 12, "Y3": 14, "Y4": 17, "Y5": 8, "Y6": 15},
    "reflective_discussion": {"Y1": 15, "Y2": 25, "Y3": 35, "Y4": 70, "Y5": 34, "Y6": 86},
}
# First possible date of each type: triage from April 2018, drop-ins from June 2019.
CONSULTATION_STARTS = {
    "triage": date(2018, 4, 9),
    "drop_in": date(2019, 6, 3),
    "ongoing": date(2018, 6, 4),
    "reflective_discussion": date(2018, 9, 3),
}
# Practitioner groups of the interim delivered sessions (ongoing is not published).
PRACTITIONER_GROUPS_INTERIM = {
    "triage": {
        "Health visiting": 104,
        "Better Start Bradford project": 39,
        "Midwifery": 18,
        "Social work": 14,
        "Other": 57,
    },
    "drop_in": {
        "Health visiting": 31,
        "Better Start Bradford project": 14,
        "Social work": 4,
        "Midwifery": 2,
        "Psychology": 2,
        "Other": 12,
    },
    "reflective_discussion": {
        "Better Start Bradford project": 67,
        "Health visiting": 64,
        "Midwifery": 24,
        "Psychology": 12,
        "Social work": 7,
        "Other": 5,
    },
    "ongoing": {
        "Health visiting": 25,
        "Better Start Bradford project": 14,
        "Midwifery": 6,
        "Social work": 6,
        "Psychology": 3,
        "Other": 5,
    },
}
# Sessions scheduled but not delivered. Reflective discussions at interim: 213 scheduled =
# 179 delivered + 28 not attended or cancelled by the team + 6 cancelled by the provider.
NOT_DELIVERED = {
    "interim": {
        "reflective_discussion": {"not_attended": 17, "cancelled_by_team": 11, "cancelled_by_provider": 6},
        "triage": {"not_attended": 4, "cancelled_by_team": 2},
        "drop_in": {"cancelled_by_team": 2},
    },
    "Y6": {
        "reflective_discussion": {"not_attended": 4, "cancelled_by_team": 2, "cancelled_by_provider": 2},
        "triage": {"not_attended": 1},
    },
}
# Share of sessions whose practitioner had been on IMHA training: (yes, no, unknown).
ATTENDED_TRAINING = {
    "triage": (0.34, 0.56, 0.10),
    "drop_in": (0.48, 0.44, 0.08),
    "ongoing": (0.40, 0.45, 0.15),
    "reflective_discussion": (0.55, 0.35, 0.10),
}
# Ongoing consultations: sessions per family (24 families, 59 sessions at interim; 5 new
# families in Y6) and the family's area (interim: 9 in the BSB area, 3 of them also RIC).
ONGOING_SESSIONS_INTERIM = [8, 5, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]
ONGOING_AREAS_INTERIM = {"BSB": 6, "Both": 3, "Neither": 14, "Unknown": 1}
ONGOING_SESSIONS_Y6 = [5, 4, 3, 2, 1]
ONGOING_AREAS_Y6 = ["BSB", "RIC", "Neither", "Neither", "Both"]
# Share of delivered sessions that return a questionnaire.
CONSULTATION_RETURN_RATE = {"triage": 0.6, "drop_in": 0.4, "ongoing": 0.35, "reflective_discussion": 0.5}
CONSULTATION_UNSATISFIED_RATE = 0.03

# --------------------------------------------------------------------------------------------
# Strand 4: clinical (referrals to the direct clinical work)
# --------------------------------------------------------------------------------------------

REFERRAL_SOURCES_INTERIM = {
    "Health visiting (0-19)": 101,
    "Other or unknown": 48,
    "Other BSB": 37,
    "Baby Steps": 30,
    "Midwifery": 24,
    "Self-referral": 9,
    "Social services": 6,
}
DECLINE_REASONS_INTERIM = {
    "Other": 11,
    "Child protection": 4,
    "Adult mental health need": 2,
    "Child over 2 years": 2,
    "Allocated to SEAD": 2,
    "Missing": 1,
}
# Accepted but never assessed, as recorded in the delivery. With the 6 referrals assessed only
# in Y6 (blank "as at" the interim cut-off) "Not yet assessed" comes to 10 and the total to 51.
NOT_ASSESSED_INTERIM = {
    "Service not wanted": 17,
    "Ongoing consultation": 15,
    "Not yet assessed": 4,
    "Criteria doesn't fit": 4,
    "Did not engage": 4,
    "Missing": 1,
}
ASSESSED_AFTER_INTERIM = 6
ASSESSED_BY_PERIOD = {"Y1": 26, "Y2": 36, "Y3": 42, "Y4": 48, "Y5": 30}  # 182
# Assessment could start a month after the first referrals (April 2018).
FIRST_ASSESSMENT = date(2018, 5, 1)
ASSESSED_AREAS = {"BSB": 79, "RIC": 59, "Both": 36, "Neither": 8}
NOT_ASSESSED_AREAS = {"BSB": 9, "RIC": 12, "Both": 11, "Neither": 19}  # accepted 233 in all
# RIC funding started in April 2020: no RIC (or BSB-and-RIC) referrals before.
RIC_START = date(2020, 4, 1)
# Families attending at least one intervention session by the interim cut-off (96).
ATTENDED_AREAS = {"BSB": 42, "RIC": 28, "Both": 21, "Neither": 5}
GOALS_MET_AREAS = {"BSB": 22, "RIC": 14, "Both": 12, "Neither": 2}  # 50
OTHER_DISCHARGES_INTERIM = {"No longer needed": 12, "No longer fits criteria": 3, "Did not engage": 23}
STILL_OPEN_AT_INTERIM = 8
# Interim-assessed families who only came to a first session in Y6, and how many of the 6
# assessed in Y6 attended: with 26 Y6 referrals that makes 34 new attenders in Y6.
ATTEND_IN_Y6_FROM_INTERIM_ASSESSED = 4
ATTEND_IN_Y6_FROM_LATE_ASSESSED = 4
# Y6 referrals (free figures): 66 referrals, 6 declined, 48 assessed (so 54 assessed in Y6),
# 26 of them attend.
Y6_REFERRALS = 66
Y6_DECLINED = 6
Y6_ASSESSED = 48
Y6_ATTENDED = 26
Y6_NOT_ASSESSED = {"Not yet assessed": 5, "Service not wanted": 3, "Did not engage": 2, "Ongoing consultation": 2}
Y6_AREAS = {"BSB": 0.35, "RIC": 0.30, "Both": 0.20, "Neither": 0.15}
Y6_DISCHARGE_REASONS = {
    "Goals met": 0.6,
    "No longer needed": 0.15,
    "Did not engage": 0.2,
    "No longer fits criteria": 0.05,
}
# Demographics of the 255 interim referrals.
INFANT_ETHNICITY_INTERIM = {"Asian Pakistani": 90, "White British": 51, "Other": 70, "Unknown": 44}
INFANT_SEX_INTERIM = {"Male": 139, "Female": 110, "Unknown": 6}
CARER_ENGLISH_INTERIM = {"Speaks English well": 156, "Speaks little or no English": 84, "Unknown": 15}

INTERVENTIONS = [
    "Attachment related work",
    "Education: states and cues",
    "Education: neurodevelopment",
    "Watch, Wait and Wonder",
    "Video feedback",
    "Adult therapy",
    "Family therapy",
    "Circle of Security",
]
# Families among the 96 interim attenders who received each intervention.
INTERVENTIONS_INTERIM = {
    "Attachment related work": 80,
    "Education: states and cues": 62,
    "Education: neurodevelopment": 50,
    "Watch, Wait and Wonder": 2,
    "Video feedback": 22,
    "Adult therapy": 28,
    "Family therapy": 10,
    "Circle of Security": 42,
}
CLINICAL_QUESTIONNAIRES = {"interim": 21, "Y6": 10}

# --------------------------------------------------------------------------------------------
# Quotes: invented words of the people interviewed, by the themes of the report's qualitative
# chapter, and a few without consent to publish. Hostile text (markup, links, symbols) is not
# bundled: the tests that prove it inert plant their own (tests/workflow/test_hostile_text.py).
# --------------------------------------------------------------------------------------------

NEED = "Infant mental health knowledge and service need"
COMPLEXITY = "The complexity of the early years system"
FACILITATORS = "Facilitators to implementation"
CHALLENGES = "Challenges to implementation"
EXPERIENCE = "Experience of support"
LEARNING = "Learning from the training"
CONSULTING = "Consulting the team"
QUOTES = [
    (
        "Service design",
        NEED,
        "system",
        "yes",
        "Before this started there was nowhere obvious to send a family when the worry was about "
        "the baby's emotional world rather than feeding or weight. The under-twos were a bit of a "
        "blind spot, if I'm honest.",
    ),
    (
        "Service design",
        COMPLEXITY,
        "system",
        "yes",
        "Bradford has plenty of good services, but they're stitched together in ways that only "
        "make sense if you've worked here for years. And the map keeps changing underneath you.",
    ),
    (
        "Little Minds Matter team",
        FACILITATORS,
        "training",
        "yes",
        "Running the course in teams' own buildings made it far easier for managers to release "
        "people, because nobody had to travel across the city for it.",
    ),
    (
        "Little Minds Matter team",
        CHALLENGES,
        "training",
        "yes",
        "When we moved online in 2020 we lost the conversations over lunch, which is often where "
        "it really lands for people. Far fewer filled in the feedback form, too.",
    ),
    (
        "Early years workforce",
        NEED,
        "training",
        "yes",
        "I'd always thought of babies as too little to have mental health, you know? That day "
        "changed how I watch a parent and infant together.",
    ),
    (
        "Early years workforce",
        LEARNING,
        "training",
        "yes",
        "It was really practical. I used the handout on states and cues on a visit the very next "
        "morning, and it helped a mum make sense of her baby's crying.",
    ),
    (
        "Early years workforce",
        CONSULTING,
        "consultation",
        "yes",
        "I love the reflective discussions, honestly. It's the only protected thinking time I get "
        "all month, and we take what we talked about back into our own team meetings.",
    ),
    (
        "Early years workforce",
        CHALLENGES,
        "consultation",
        "yes",
        "Caseloads are so full that even booking a triage call feels like one more job, even when I know it will help.",
    ),
    (
        "Little Minds Matter team",
        FACILITATORS,
        "consultation",
        "yes",
        "Drop-ins work because nobody has to decide in advance whether their worry is big enough "
        "to bring. They just ring, and we think it through together.",
    ),
    (
        "Family",
        EXPERIENCE,
        "clinical",
        "yes",
        "I didn't know anyone could help with how I felt about my son, not just with him. I'm not "
        "scared to be on my own with him now.",
    ),
    (
        "Family",
        EXPERIENCE,
        "clinical",
        "yes",
        "She came to the house, which mattered. I couldn't have managed two buses with a newborn.",
    ),
    (
        "Family",
        EXPERIENCE,
        "clinical",
        "yes",
        "Watching the videos back was hard at first, but it showed me all the times he was looking for me.",
    ),
    (
        "Family",
        CHALLENGES,
        "clinical",
        "no",
        "The waiting was the worst part; by the time we were seen my daughter was already crawling.",
    ),
    (
        "Little Minds Matter team",
        COMPLEXITY,
        "clinical",
        "yes",
        "Referrals arrive from everywhere (health visitors, midwives, the odd self-referral) and "
        "every route has its own form.",
    ),
    (
        "Service design",
        CHALLENGES,
        "system",
        "yes",
        "Funding that runs year to year makes it very hard to recruit psychologists who want some certainty.",
    ),
    (
        "Early years workforce",
        FACILITATORS,
        "system",
        "yes",
        "Knowing there is a named person I can ring has made me more confident raising the "
        "baby's wellbeing with parents.",
    ),
    (
        "Little Minds Matter team",
        CHALLENGES,
        "clinical",
        "yes",
        "Interpreters get booked for the assessment but not always for the follow-ups, so some mums drop out quietly.",
    ),
    (
        "Family",
        EXPERIENCE,
        "clinical",
        "yes",
        "Circle of Security gave us words for things we were already doing, and for the things "
        "we'd stopped doing without noticing.",
    ),
    (
        "Early years workforce",
        NEED,
        "training",
        "yes",
        "I'd make it a must for anyone new to working with the under-twos. It's the first "
        "training I've had that looked at things from the baby's side.",
    ),
    (
        "Service design",
        FACILITATORS,
        "system",
        "yes",
        "Someone asked me what one reflective session is worth in pounds. I don't know how you "
        "price a referral that never needed to happen.",
    ),
    (
        "Early years workforce",
        CHALLENGES,
        "training",
        "no",
        "I would have liked a follow-up session sooner. Six months on I had forgotten half of it.",
    ),
    (
        "Little Minds Matter team",
        LEARNING,
        "training",
        "yes",
        "IMHA in Action is where the learning sticks, because people bring their own cases rather than textbook ones.",
    ),
    (
        "Early years workforce",
        CONSULTING,
        "consultation",
        "yes",
        "The psychologist didn't tell me what to do; she helped me notice what I already knew about the family.",
    ),
    (
        "Service design",
        NEED,
        "system",
        "yes",
        "Commissioners ask how many babies were seen, but most of the change happens in the adults around the baby.",
    ),
    (
        "Family",
        EXPERIENCE,
        "clinical",
        "no",
        "At first I thought they would judge me. They didn't. They just listened.",
    ),
    (
        "Little Minds Matter team",
        COMPLEXITY,
        "consultation",
        "yes",
        "A lot of ongoing consultations are about families who sit between services and fall "
        "through every eligibility rule.",
    ),
    (
        "Early years workforce",
        COMPLEXITY,
        "system",
        "yes",
        "I work across the BSB and RIC patches and the boundaries mean nothing to families; they "
        "only know they need help.",
    ),
    (
        "Family",
        CHALLENGES,
        "clinical",
        "no",
        "Appointments clashed with nursery pick-up, so we missed a couple and then felt too embarrassed to rebook.",
    ),
    (
        "Little Minds Matter team",
        CHALLENGES,
        "system",
        "yes",
        "Our recording system was never built for this; half the time we count on paper and type "
        "it all in on a Friday.",
    ),
    (
        "Early years workforce",
        FACILITATORS,
        "training",
        "no",
        "Bring back face-to-face! It's so much easier to ask a silly question in a room.",
    ),
    (
        "Early years workforce",
        CHALLENGES,
        "training",
        "yes",
        "For a small charity a whole day is a lot to give up. An hour or two on who they are and "
        "when to ring them would suit our volunteers better than the full course.",
    ),
    (
        "Early years workforce",
        CHALLENGES,
        "clinical",
        "yes",
        "A couple of our referrals came back declined and we weren't sure why. We thought they "
        "met the criteria, so it left us a bit confused about what to send next time.",
    ),
]


# --------------------------------------------------------------------------------------------
# Date helpers (weekdays only: services ran Monday to Friday)
# --------------------------------------------------------------------------------------------


def _weekdays(start: date, end: date) -> list[date]:
    return [d.date() for d in pd.bdate_range(start, end)]


def _weekday_between(rng: np.random.Generator, start: date, end: date) -> date:
    """One random weekday in [start, end]; falls back to start if the window has none."""
    days = _weekdays(start, end)
    return days[int(rng.integers(len(days)))] if days else start


def _random_weekdays(rng: np.random.Generator, start: date, end: date, n: int) -> list[date]:
    """n weekdays drawn independently (several sessions may share a day), sorted."""
    days = _weekdays(start, end)
    return sorted(days[int(i)] for i in rng.integers(len(days), size=n))


def _spread_weekdays(rng: np.random.Generator, start: date, end: date, n: int) -> list[date]:
    """n distinct weekdays spread evenly over the window, as a course calendar would be."""
    days = _weekdays(start, end)
    return [chunk[int(rng.integers(len(chunk)))] for chunk in np.array_split(days, n)]


def _expand(counts: dict[str, int]) -> list[str]:
    """A category list holding each value as many times as its count, in dict order."""
    return [value for value, n in counts.items() for _ in range(n)]


def _shuffled(rng: np.random.Generator, values: list) -> list:
    return [values[int(i)] for i in rng.permutation(len(values))]


def _draw(rng: np.random.Generator, probabilities: dict[str, float], n: int) -> list[str]:
    keys = list(probabilities)
    p = np.array([probabilities[k] for k in keys], dtype=float)
    return [keys[int(i)] for i in rng.choice(len(keys), size=n, p=p / p.sum())]


def _split_total(rng: np.random.Generator, total: int, parts: int, low: int, high: int) -> list[int]:
    """Split total into parts sizes within [low, high], evenly then jittered."""
    sizes = [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
    for _ in range(3 * parts):
        i, j = (int(k) for k in rng.integers(parts, size=2))
        if i != j and sizes[i] > low and sizes[j] < high:
            sizes[i] -= 1
            sizes[j] += 1
    return sizes


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


# --------------------------------------------------------------------------------------------
# Extracts
# --------------------------------------------------------------------------------------------


def training_attendance(rng: np.random.Generator) -> pd.DataFrame:
    """IMHA courses, IMHA in Action follow-ups and bespoke team sessions.

    Each practitioner is trained in exactly one period, so per-period counts add up to the
    edition's total; practitioner ids follow the order of first IMHA attendance.
    """
    sessions: list[dict] = []  # {key, date, course}
    rows: list[dict] = []  # {practitioner, session key, date, course, group}
    first_imha: dict[str, tuple[date, str]] = {}  # practitioner -> (date, workforce group)

    def new_session(day: date, course: str) -> str:
        key = f"{course}-{len(sessions):04d}"
        sessions.append({"key": key, "date": day, "course": course})
        return key

    # IMHA: practitioners_trained per period is the sum of the period's workforce mix.
    for period, n_courses in IMHA_COURSES.items():
        groups = _shuffled(rng, _expand(WORKFORCE_MIX[period]))
        dates = _spread_weekdays(rng, *IMHA_WINDOWS[period], n_courses)
        sizes = _split_total(rng, len(groups), n_courses, *COURSE_SIZE)
        keys = [new_session(day, "IMHA") for day in dates]
        course_members: list[list[str]] = []
        position = 0
        for key, day, size in zip(keys, dates, sizes):
            members = []
            for group in groups[position : position + size]:
                practitioner = f"P{len(first_imha) + 1:05d}"
                first_imha[practitioner] = (day, group)
                rows.append(
                    {"practitioner": practitioner, "session": key, "date": day, "course": "IMHA", "group": group}
                )
                members.append(practitioner)
            course_members.append(members)
            position += size
        # A refresher: someone from an earlier course of the period sits a later one again.
        repeaters: set[str] = set()
        while len(repeaters) < REPEAT_ATTENDERS.get(period, 0):
            earlier = int(rng.integers(n_courses - 1))
            later = int(rng.integers(earlier + 1, n_courses))
            practitioner = course_members[earlier][int(rng.integers(len(course_members[earlier])))]
            if practitioner in repeaters:
                continue
            repeaters.add(practitioner)
            rows.append(
                {
                    "practitioner": practitioner,
                    "session": keys[later],
                    "date": dates[later],
                    "course": "IMHA",
                    "group": first_imha[practitioner][1],
                }
            )

    # IMHA in Action: a follow-up for practitioners who did IMHA at least four weeks before.
    def imha_in_action(candidates: list[str], session_dates: list[date]) -> None:
        keys = {day: None for day in session_dates}
        for practitioner in candidates:
            trained = first_imha[practitioner][0]
            eligible = [d for d in session_dates if d >= trained + timedelta(days=28)]
            day = eligible[int(rng.integers(len(eligible)))]
            if keys[day] is None:
                keys[day] = new_session(day, "IMHA_IN_ACTION")
            rows.append(
                {
                    "practitioner": practitioner,
                    "session": keys[day],
                    "date": day,
                    "course": "IMHA_IN_ACTION",
                    "group": first_imha[practitioner][1],
                }
            )

    interim_dates = _spread_weekdays(rng, date(2019, 1, 7), date(2023, 3, 24), IMHA_IN_ACTION_SESSIONS_INTERIM)
    chosen: list[str] = []
    for group, n in IMHA_IN_ACTION_INTERIM.items():
        pool = sorted(
            p for p, (day, g) in first_imha.items() if g == group and day + timedelta(days=28) <= interim_dates[-1]
        )
        chosen += [pool[int(i)] for i in np.sort(rng.choice(len(pool), size=n, replace=False))]
    imha_in_action(sorted(chosen), interim_dates)

    y6_dates = _spread_weekdays(rng, date(2023, 5, 8), date(2024, 5, 24), IMHA_IN_ACTION_SESSIONS_Y6)
    done = set(chosen)
    pool = sorted(p for p, (day, _) in first_imha.items() if p not in done and day + timedelta(days=28) <= y6_dates[-1])
    imha_in_action(
        [pool[int(i)] for i in np.sort(rng.choice(len(pool), size=IMHA_IN_ACTION_Y6, replace=False))], y6_dates
    )

    # Bespoke sessions for single teams; their attendees never did the IMHA course.
    next_id = len(first_imha) + 1
    for day, size in BESPOKE_SESSIONS:
        key = new_session(day, "BESPOKE")
        for group in _draw(rng, BESPOKE_GROUPS, size):
            rows.append(
                {"practitioner": f"P{next_id:05d}", "session": key, "date": day, "course": "BESPOKE", "group": group}
            )
            next_id += 1

    # Identifiers in date order, as a provider's database would issue them.
    course_order = {"IMHA": 0, "IMHA_IN_ACTION": 1, "BESPOKE": 2}
    sessions.sort(key=lambda s: (s["date"], course_order[s["course"]], s["key"]))
    session_ids = {s["key"]: f"TS{i:04d}" for i, s in enumerate(sessions, start=1)}
    frame = pd.DataFrame(rows)
    frame["session_id"] = frame["session"].map(session_ids)
    frame = frame.sort_values(["date", "session_id", "practitioner"], kind="stable")
    return pd.DataFrame(
        {
            "attendance_id": [f"TA{i:06d}" for i in range(1, len(frame) + 1)],
            "practitioner_id": frame["practitioner"].to_numpy(),
            "session_id": frame["session_id"].to_numpy(),
            "session_date": [_iso(d) for d in frame["date"]],
            "course": frame["course"].to_numpy(),
            "workforce_group": frame["group"].to_numpy(),
        }
    )


def consultations(rng: np.random.Generator) -> pd.DataFrame:
    """Scheduled consultation sessions, delivered or not.

    Delivered counts per type and period are fixed; the interim practitioner-group mix is
    dealt out exactly, Y6 groups are drawn from the same mix.
    """
    rows: list[dict] = []
    for ctype in CONSULTATION_TYPES:
        for period, n in CONSULTATIONS_DELIVERED[ctype].items():
            start, end = PERIODS[period]
            for day in _random_weekdays(rng, max(start, CONSULTATION_STARTS[ctype]), end, n):
                rows.append({"date": day, "type": ctype, "status": "delivered", "period": period})
    for edition, by_type in NOT_DELIVERED.items():
        for ctype, by_status in by_type.items():
            start = CONSULTATION_STARTS[ctype] if edition == "interim" else PERIODS["Y6"][0]
            end = INTERIM_CUTOFF if edition == "interim" else LAST_DATE
            statuses = _expand(by_status)
            for day, status in zip(_random_weekdays(rng, start, end, len(statuses)), statuses):
                rows.append({"date": day, "type": ctype, "status": status, "period": None})

    frame = pd.DataFrame(rows)
    # Sessions not delivered fall in whichever period their date does, placed as the pipeline places them.
    unplaced = frame["period"].isna()
    frame.loc[unplaced, "period"] = period_of(frame.loc[unplaced, "date"], CONFIGURED_PERIODS)
    if frame["period"].isna().any():
        raise ValueError("a consultation is dated outside every configured period")
    frame["group"] = ""
    frame["family"] = ""
    frame["area"] = ""
    frame["attended_training"] = ""
    for ctype in CONSULTATION_TYPES:
        mix = PRACTITIONER_GROUPS_INTERIM[ctype]
        exact = (frame["type"] == ctype) & (frame["status"] == "delivered") & (frame["period"] != "Y6")
        frame.loc[exact, "group"] = _shuffled(rng, _expand(mix))
        drawn = (frame["type"] == ctype) & ~exact
        frame.loc[drawn, "group"] = _draw(rng, mix, int(drawn.sum()))
        # attended_training: shares dealt out exactly over the interim delivered sessions.
        shares = dict(zip(["yes", "no", "unknown"], ATTENDED_TRAINING[ctype]))
        n_exact = int(exact.sum())
        counts = {k: round(v * n_exact) for k, v in shares.items()}
        counts["no"] += n_exact - sum(counts.values())
        frame.loc[exact, "attended_training"] = _shuffled(rng, _expand(counts))
        frame.loc[drawn, "attended_training"] = _draw(rng, shares, int(drawn.sum()))

    # Ongoing consultations follow one family over consecutive sessions; family ids (CF...)
    # are a separate id space from clinical referrals.
    frame = frame.sort_values(["date", "type", "status"], kind="stable").reset_index(drop=True)
    family_number = 0
    for label, counts, areas in [
        ("interim", _shuffled(rng, ONGOING_SESSIONS_INTERIM), _shuffled(rng, _expand(ONGOING_AREAS_INTERIM))),
        ("Y6", _shuffled(rng, ONGOING_SESSIONS_Y6), _shuffled(rng, ONGOING_AREAS_Y6)),
    ]:
        in_scope = (frame["period"] == "Y6") if label == "Y6" else (frame["period"] != "Y6")
        index = frame.index[(frame["type"] == "ongoing") & in_scope].tolist()
        position = 0
        for n_sessions, area in zip(counts, areas):
            family_number += 1
            block = index[position : position + n_sessions]
            frame.loc[block, "family"] = f"CF{family_number:04d}"
            frame.loc[block, "area"] = area
            position += n_sessions

    return pd.DataFrame(
        {
            "consultation_id": [f"CN{i:06d}" for i in range(1, len(frame) + 1)],
            "session_date": [_iso(d) for d in frame["date"]],
            "consultation_type": frame["type"].to_numpy(),
            "status": frame["status"].to_numpy(),
            "practitioner_group": frame["group"].to_numpy(),
            "attended_training": frame["attended_training"].to_numpy(),
            "family_id": frame["family"].to_numpy(),
            "family_area": frame["area"].to_numpy(),
        }
    )


def _referral_date_before(rng: np.random.Generator, assessed: date) -> date:
    """Referrals are typically assessed 1 to 8 weeks after they arrive."""
    return _weekday_between(rng, max(PROGRAMME_START, assessed - timedelta(days=56)), assessed - timedelta(days=7))


def _pick(rng: np.random.Generator, pool: list[dict], n: int) -> list[dict]:
    """n distinct records from pool (kept in pool order), failing loudly if too few."""
    if len(pool) < n:
        raise ValueError(f"calibration impossible: need {n}, have {len(pool)}")
    return [pool[int(i)] for i in np.sort(rng.choice(len(pool), size=n, replace=False))]


def _discharge_later(rng: np.random.Generator, family: dict, earliest: date) -> None:
    """Discharge a family some months after its first session if time allows, else keep open."""
    start = max(family["first_session"] + timedelta(days=42), earliest)
    if start + timedelta(days=45) <= LAST_DATE and rng.random() < 0.75:
        end = min(family["first_session"] + timedelta(days=330), LAST_DATE)
        family["discharge"] = _weekday_between(rng, start, max(start, end))
        family["discharge_reason"] = _draw(rng, Y6_DISCHARGE_REASONS, 1)[0]
    else:
        family["discharge_reason"] = "Not yet discharged"


def referral_flow(rng: np.random.Generator) -> list[dict]:
    """Every referral's journey: decision, assessment, first session, discharge.

    Built backwards from the published interim flow: assessment dates are placed per period
    first and referral dates derived from them, so period counts hold by construction.
    Returned as records with Python dates; `referrals()` turns them into the extract.
    """
    blank = {
        "outcome": "accepted",
        "decline_reason": "",
        "assessment": None,
        "not_assessed_reason": "",
        "first_session": None,
        "discharge": None,
        "discharge_reason": "",
    }
    records: list[dict] = []

    # Interim assessed (182): assessment dates per period, referral 1-8 weeks earlier.
    assessed: list[dict] = []
    for period, n in ASSESSED_BY_PERIOD.items():
        start, end = PERIODS[period]
        for day in _random_weekdays(rng, max(start, FIRST_ASSESSMENT), end, n):
            assessed.append(dict(blank, assessment=day, referral=_referral_date_before(rng, day)))
    # Areas: referrals before RIC funding can only be BSB or Neither.
    early = [r for r in assessed if r["referral"] < RIC_START]
    late = [r for r in assessed if r["referral"] >= RIC_START]
    bsb_or_neither = _shuffled(rng, _expand({"BSB": ASSESSED_AREAS["BSB"], "Neither": ASSESSED_AREAS["Neither"]}))
    if len(early) > len(bsb_or_neither):
        raise ValueError("calibration impossible: too many assessments before RIC funding")
    rest = _shuffled(
        rng, bsb_or_neither[len(early) :] + _expand({"RIC": ASSESSED_AREAS["RIC"], "Both": ASSESSED_AREAS["Both"]})
    )
    for record, area in zip(early + late, bsb_or_neither[: len(early)] + rest):
        record["area"] = area

    # A few assessed just before the cut-off only came to a first session in Y6.
    near_cutoff = [r for r in assessed if r["assessment"] >= date(2023, 2, 15)]
    for family in _pick(rng, near_cutoff, ATTEND_IN_Y6_FROM_INTERIM_ASSESSED):
        family["first_session"] = _weekday_between(
            rng,
            max(family["assessment"] + timedelta(days=7), PERIODS["Y6"][0]),
            max(family["assessment"] + timedelta(days=42), PERIODS["Y6"][0] + timedelta(days=14)),
        )
        family["y6_attender"] = True
        _discharge_later(rng, family, PERIODS["Y6"][0])

    # Interim attenders (96): first session 1-6 weeks after assessment, by the cut-off.
    attended: list[dict] = []
    for area, n in ATTENDED_AREAS.items():
        pool = [
            r
            for r in assessed
            if r["area"] == area and not r.get("y6_attender") and r["assessment"] <= INTERIM_CUTOFF - timedelta(days=7)
        ]
        attended += _pick(rng, pool, n)
    for family in attended:
        family["first_session"] = _weekday_between(
            rng,
            family["assessment"] + timedelta(days=7),
            min(family["assessment"] + timedelta(days=42), INTERIM_CUTOFF),
        )
    attended.sort(key=lambda r: (r["first_session"], r["assessment"], r["referral"]))
    # The latest starters were still open at the cut-off; they close (or not) in Y6.
    still_open = attended[-STILL_OPEN_AT_INTERIM:]
    for family in still_open:
        _discharge_later(rng, family, PERIODS["Y6"][0])
    closed = attended[:-STILL_OPEN_AT_INTERIM]
    goals_met: list[dict] = []
    for area, n in GOALS_MET_AREAS.items():
        pool = [r for r in closed if r["area"] == area and r["first_session"] <= INTERIM_CUTOFF - timedelta(days=42)]
        goals_met += _pick(rng, pool, n)
    for family in goals_met:
        family["discharge_reason"] = "Goals met"
        family["discharge"] = _weekday_between(
            rng,
            family["first_session"] + timedelta(days=42),
            min(family["first_session"] + timedelta(days=330), INTERIM_CUTOFF),
        )
    others = [r for r in closed if not r["discharge_reason"]]
    for family, reason in zip(others, _shuffled(rng, _expand(OTHER_DISCHARGES_INTERIM))):
        family["discharge_reason"] = reason
        # Closed by the cut-off, however late the family started.
        earliest = min(family["first_session"] + timedelta(days=14), INTERIM_CUTOFF)
        family["discharge"] = _weekday_between(
            rng, earliest, max(earliest, min(family["first_session"] + timedelta(days=240), INTERIM_CUTOFF))
        )
    records += assessed

    # Accepted, not assessed as at the interim cut-off (51): 10 referred in the last weeks
    # (6 of them assessed in Y6), the rest spread over the years.
    areas = _shuffled(rng, _expand(NOT_ASSESSED_AREAS))
    recent, spread = areas[:10], areas[10:]
    reasons = _shuffled(rng, [r for r in _expand(NOT_ASSESSED_INTERIM) if r != "Not yet assessed"])
    for area, reason in zip(spread, reasons):
        start = RIC_START if area in ("RIC", "Both") else PROGRAMME_START
        records.append(
            dict(blank, area=area, not_assessed_reason=reason, referral=_weekday_between(rng, start, date(2023, 1, 31)))
        )
    for i, area in enumerate(recent):
        referral = _weekday_between(rng, date(2023, 2, 13), INTERIM_CUTOFF)
        if i >= ASSESSED_AFTER_INTERIM:
            records.append(dict(blank, area=area, referral=referral, not_assessed_reason="Not yet assessed"))
            continue
        family = dict(
            blank,
            area=area,
            referral=referral,
            assessment=_weekday_between(
                rng,
                max(referral + timedelta(days=7), PERIODS["Y6"][0]),
                max(referral + timedelta(days=56), date(2023, 4, 14)),
            ),
        )
        if i < ATTEND_IN_Y6_FROM_LATE_ASSESSED:
            family["first_session"] = _weekday_between(
                rng, family["assessment"] + timedelta(days=7), family["assessment"] + timedelta(days=42)
            )
            _discharge_later(rng, family, PERIODS["Y6"][0])
        records.append(family)

    # Declined at the interim (22): any time, any area the date allows.
    for reason in _shuffled(rng, _expand(DECLINE_REASONS_INTERIM)):
        referral = _weekday_between(rng, PROGRAMME_START, INTERIM_CUTOFF)
        choices = Y6_AREAS if referral >= RIC_START else {"BSB": 0.7, "Neither": 0.3}
        records.append(
            dict(blank, outcome="declined", decline_reason=reason, referral=referral, area=_draw(rng, choices, 1)[0])
        )

    # Demographics and sources of the 255 interim referrals are dealt out exactly.
    interim = sorted(records, key=lambda r: (r["referral"], r["area"]))
    for field, counts in [
        ("source", REFERRAL_SOURCES_INTERIM),
        ("ethnicity", INFANT_ETHNICITY_INTERIM),
        ("sex", INFANT_SEX_INTERIM),
        ("english", CARER_ENGLISH_INTERIM),
    ]:
        for record, value in zip(interim, _shuffled(rng, _expand(counts))):
            record[field] = value

    # Y6 referrals: their own flow, free figures.
    y6: list[dict] = []
    for _ in range(Y6_ASSESSED):
        referral = _weekday_between(rng, date(2023, 4, 3), date(2024, 4, 5))
        y6.append(
            dict(
                blank,
                referral=referral,
                assessment=_weekday_between(
                    rng, referral + timedelta(days=7), min(referral + timedelta(days=56), LAST_DATE)
                ),
            )
        )
    can_start = [r for r in y6 if r["assessment"] <= LAST_DATE - timedelta(days=10)]
    for family in _pick(rng, can_start, Y6_ATTENDED):
        family["first_session"] = _weekday_between(
            rng, family["assessment"] + timedelta(days=7), min(family["assessment"] + timedelta(days=42), LAST_DATE)
        )
        _discharge_later(rng, family, family["first_session"])
    for reason in _expand(Y6_NOT_ASSESSED):
        start = date(2024, 4, 15) if reason == "Not yet assessed" else date(2023, 4, 3)
        end = LAST_DATE if reason == "Not yet assessed" else date(2024, 3, 29)
        y6.append(dict(blank, referral=_weekday_between(rng, start, end), not_assessed_reason=reason))
    decline_mix = {r: float(n) for r, n in DECLINE_REASONS_INTERIM.items()}
    for reason in _draw(rng, decline_mix, Y6_DECLINED):
        y6.append(
            dict(
                blank,
                outcome="declined",
                decline_reason=reason,
                referral=_weekday_between(rng, date(2023, 4, 3), LAST_DATE),
            )
        )
    y6.sort(key=lambda r: (r["referral"], r["outcome"]))
    demographics = {
        "area": Y6_AREAS,
        "source": {k: float(v) for k, v in REFERRAL_SOURCES_INTERIM.items()},
        "ethnicity": {k: float(v) for k, v in INFANT_ETHNICITY_INTERIM.items()},
        "sex": {"Male": 0.54, "Female": 0.43, "Unknown": 0.03},
        "english": {"Speaks English well": 0.6, "Speaks little or no English": 0.34, "Unknown": 0.06},
    }
    for field, probabilities in demographics.items():
        for record, value in zip(y6, _draw(rng, probabilities, len(y6))):
            record[field] = value
    records += y6

    # Ids in referral order; one referral per family.
    records.sort(key=lambda r: (r["referral"], r["area"], r["source"], r["ethnicity"]))
    for number, record in enumerate(records, start=1):
        record["referral_id"] = f"RF{number:04d}"
        record["family_id"] = f"F{number:04d}"
    return records


def referrals(records: list[dict]) -> pd.DataFrame:
    """The referrals extract, in the contract's column order."""
    return pd.DataFrame(
        {
            "referral_id": [r["referral_id"] for r in records],
            "family_id": [r["family_id"] for r in records],
            "referral_date": [_iso(r["referral"]) for r in records],
            "referral_source": [r["source"] for r in records],
            "area": [r["area"] for r in records],
            "outcome": [r["outcome"] for r in records],
            "decline_reason": [r["decline_reason"] for r in records],
            "assessment_date": [_iso(r["assessment"]) for r in records],
            "not_assessed_reason": [r["not_assessed_reason"] for r in records],
            "first_session_date": [_iso(r["first_session"]) for r in records],
            "discharge_date": [_iso(r["discharge"]) for r in records],
            "discharge_reason": [r["discharge_reason"] for r in records],
            "infant_ethnicity": [r["ethnicity"] for r in records],
            "infant_sex": [r["sex"] for r in records],
            "carer_english": [r["english"] for r in records],
        }
    )


def interventions(rng: np.random.Generator, records: list[dict]) -> pd.DataFrame:
    """Which interventions each attending family received, and when each began.

    Interim attenders get the published counts; every family gets at least one intervention,
    the first of which starts on the day of its first session.
    """
    interim = [r for r in records if r["first_session"] is not None and r["first_session"] <= INTERIM_CUTOFF]
    later = [r for r in records if r["first_session"] is not None and r["first_session"] > INTERIM_CUTOFF]
    received: dict[str, list[str]] = {r["family_id"]: [] for r in interim + later}

    # Circle of Security goes last and prefers families with nothing yet, so nobody is left out.
    for intervention in INTERVENTIONS:
        if intervention == "Circle of Security":
            continue
        for family in _pick(rng, interim, INTERVENTIONS_INTERIM[intervention]):
            received[family["family_id"]].append(intervention)
    without = [r for r in interim if not received[r["family_id"]]]
    with_some = [r for r in interim if received[r["family_id"]]]
    n_circle = INTERVENTIONS_INTERIM["Circle of Security"]
    for family in without + _pick(rng, with_some, n_circle - len(without)):
        received[family["family_id"]].append("Circle of Security")

    share = {k: float(v) / len(interim) for k, v in INTERVENTIONS_INTERIM.items()}
    for family in later:
        chosen = [k for k in INTERVENTIONS if rng.random() < share[k]]
        received[family["family_id"]] = chosen or ["Attachment related work"]

    rows = []
    for family in interim + later:
        start = family["first_session"]
        end = INTERIM_CUTOFF if start <= INTERIM_CUTOFF else LAST_DATE
        if family["discharge"] is not None:
            end = min(end, family["discharge"])
        for k, intervention in enumerate(received[family["family_id"]]):
            begun = start if k == 0 else _weekday_between(rng, start, max(start, min(end, start + timedelta(days=120))))
            rows.append({"family_id": family["family_id"], "intervention": intervention, "start_date": begun})
    frame = pd.DataFrame(rows)
    frame["order"] = frame["intervention"].map({k: i for i, k in enumerate(INTERVENTIONS)})
    frame = frame.sort_values(["family_id", "start_date", "order"], kind="stable")
    return pd.DataFrame(
        {
            "family_id": frame["family_id"].to_numpy(),
            "intervention": frame["intervention"].to_numpy(),
            "start_date": [_iso(d) for d in frame["start_date"]],
        }
    )


def _scores(rng: np.random.Generator, n_items: int, satisfied: bool) -> list[int]:
    """Item scores whose median lands on the intended side of 4."""
    probabilities = {3: 0.05, 4: 0.35, 5: 0.60} if satisfied else {1: 0.10, 2: 0.30, 3: 0.40, 4: 0.20}
    values, p = list(probabilities), list(probabilities.values())
    while True:
        scores = [int(values[int(i)]) for i in rng.choice(len(values), size=n_items, p=p)]
        if (float(np.median(scores)) >= 4) == satisfied:
            return scores


def satisfaction(
    rng: np.random.Generator, training: pd.DataFrame, consults: pd.DataFrame, records: list[dict]
) -> pd.DataFrame:
    """Returned questionnaires, one row per answered item, for the three strands."""
    questionnaires: list[dict] = []  # {strand, subject, date, items, satisfied}

    # Training: forms mostly filled in on the day, some online within two weeks; a form never
    # lands in a later edition than its course.
    imha = training[training["course"] == "IMHA"]
    imha_dates = imha["session_date"].map(date.fromisoformat)
    for label, in_scope in [("interim", imha_dates <= INTERIM_CUTOFF), ("Y6", imha_dates > INTERIM_CUTOFF)]:
        rows = imha[in_scope.to_numpy()]
        edition_end = INTERIM_CUTOFF if label == "interim" else LAST_DATE
        picked = np.sort(rng.choice(len(rows), size=TRAINING_QUESTIONNAIRES[label], replace=False))
        unsatisfied = set(rng.choice(picked, size=TRAINING_UNSATISFIED[label], replace=False).tolist())
        for i in picked:
            session_day = date.fromisoformat(rows["session_date"].iloc[i])
            delay = 0 if rng.random() < 0.7 else int(rng.integers(1, 15))
            questionnaires.append(
                {
                    "strand": "training",
                    "subject": rows["attendance_id"].iloc[i],
                    "date": min(session_day + timedelta(days=delay), edition_end),
                    "items": [f"q{k}" for k in range(1, int(rng.integers(6, 9)) + 1)],
                    "satisfied": int(i) not in unsatisfied,
                }
            )

    # Consultation: two items, returned within ten days of a delivered session.
    delivered = consults[consults["status"] == "delivered"]
    for cid, ctype, day in zip(delivered["consultation_id"], delivered["consultation_type"], delivered["session_date"]):
        if rng.random() >= CONSULTATION_RETURN_RATE[ctype]:
            continue
        session_day = date.fromisoformat(day)
        questionnaires.append(
            {
                "strand": "consultation",
                "subject": cid,
                "date": min(session_day + timedelta(days=int(rng.integers(0, 11))), LAST_DATE),
                "items": ["helpful", "recommend"],
                "satisfied": rng.random() >= CONSULTATION_UNSATISFIED_RATE,
            }
        )

    # Clinical: one form per family, at discharge (only families with a good ending reply).
    interim_pool = [
        r
        for r in records
        if r["discharge_reason"] == "Goals met" and r["discharge"] is not None and r["discharge"] <= INTERIM_CUTOFF
    ]
    y6_pool = [
        r
        for r in records
        if r["discharge_reason"] in ("Goals met", "No longer needed")
        and r["discharge"] is not None
        and r["discharge"] > INTERIM_CUTOFF
    ]
    for label, pool in [("interim", interim_pool), ("Y6", y6_pool)]:
        for family in _pick(rng, pool, CLINICAL_QUESTIONNAIRES[label]):
            questionnaires.append(
                {
                    "strand": "clinical",
                    "subject": family["family_id"],
                    "date": family["discharge"],
                    "items": [f"q{k}" for k in range(1, 9)],
                    "satisfied": True,
                }
            )

    strand_order = {"training": 0, "consultation": 1, "clinical": 2}
    questionnaires.sort(key=lambda q: (q["date"], strand_order[q["strand"]], q["subject"]))
    rows = []
    for number, questionnaire in enumerate(questionnaires, start=1):
        scores = _scores(rng, len(questionnaire["items"]), questionnaire["satisfied"])
        for item, score in zip(questionnaire["items"], scores):
            rows.append(
                {
                    "response_id": f"SR{number:06d}",
                    "strand": questionnaire["strand"],
                    "subject_id": questionnaire["subject"],
                    "response_date": _iso(questionnaire["date"]),
                    "item": item,
                    "score": score,
                }
            )
    return pd.DataFrame(rows)


def quotes() -> pd.DataFrame:
    """Evaluators' quotes: fixed text, so no randomness."""
    return pd.DataFrame(
        {
            "quote_id": [f"Q{i:03d}" for i in range(1, len(QUOTES) + 1)],
            "source_group": [q[0] for q in QUOTES],
            "theme": [q[1] for q in QUOTES],
            "strand": [q[2] for q in QUOTES],
            "text": [q[4] for q in QUOTES],
            "consent_to_publish": [q[3] for q in QUOTES],
        }
    )


def delivered_on(frame: pd.DataFrame, rules: dict, day: date) -> pd.DataFrame:
    """What an extract held on an earlier delivery day: rows dated up to `day`, and the
    milestones of a kept row dated later blanked with their statuses set (`as_at_cut_off`)."""
    cut = day.isoformat()
    kept = frame.copy()
    if rules.get("event_date"):
        dates = kept[rules["event_date"]]
        kept = kept[(dates != "") & (dates <= cut)].copy()
    for milestone in rules.get("as_at_cut_off", []):
        column = milestone["date"]
        later = (kept[column] != "") & (kept[column] > cut)
        if "when" in milestone:
            missing_as_nan = kept.replace("", np.nan)
            later &= missing_as_nan.eval(milestone["when"], engine="python").astype(bool)
        for target, value in (milestone.get("set") or {}).items():
            kept.loc[later, target] = value
        kept.loc[later, column] = ""
    return kept


def write_example(configuration: str | Path, folder: str | Path) -> None:
    """Write the six example extracts of each delivery to `folder/<delivery date>/` (created if missing)."""
    use_configuration(configuration)
    rules = load(configuration)["extracts"]
    rng = np.random.default_rng(SEED)
    # The draw order is part of the output: keep these calls in this order.
    training = training_attendance(rng)
    consults = consultations(rng)
    flow = referral_flow(rng)
    extracts = {
        "training_attendance": training,
        "consultations": consults,
        "referrals": referrals(flow),
        "interventions": interventions(rng, flow),
        "satisfaction": satisfaction(rng, training, consults, flow),
        "quotes": quotes(),
    }
    for day in DELIVERIES:
        delivery = Path(folder) / day.isoformat()
        delivery.mkdir(parents=True, exist_ok=True)
        for name, frame in extracts.items():
            delivered = frame if day == DELIVERIES[-1] else delivered_on(frame, rules[name] or {}, day)
            delivered.to_csv(delivery / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Arguments: the programme configuration file, and the output folder."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        raise SystemExit("usage: little_minds_matter.py <programme configuration> <output folder>")
    write_example(args[0], args[1])


if __name__ == "__main__":
    main()
