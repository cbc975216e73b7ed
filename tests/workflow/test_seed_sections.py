"""Every section of the two seed reports has its counterpart in the bundled reports.

The seeds (the real Little Minds Matter evaluation report and the Hearts and Minds interim
summary) are what evaluators publish by hand; the bundled example must hold each of their parts,
in the evaluators' words with live numbers (config/programmes/<programme>/narrative/). One row
per seed section: the section's name in the seed, then the heading that answers it in the
rendered HTML of each edition that should carry it.
"""

from __future__ import annotations

import html
import re

import pytest

pytestmark = pytest.mark.workflow

BOTH = ("interim", "final")
FINAL = ("final",)

# (programme, editions, seed section, heading in our report: a regular expression)
SEED_SECTIONS = [
    # Little Minds Matter: the evaluation report
    ("little-minds-matter", BOTH, "Key findings of the evaluation", r"Key findings"),
    ("little-minds-matter", BOTH, "Aims of the evaluation", r"What this evaluation asked"),
    ("little-minds-matter", BOTH, "Progression criteria (RAG)", r"Progression criteria"),
    ("little-minds-matter", BOTH, "Recommendations", r"Recommendations"),
    ("little-minds-matter", BOTH, "Recommendations for Practice", r"For practice"),
    ("little-minds-matter", BOTH, "Recommendations for Evaluation", r"For evaluation"),
    ("little-minds-matter", BOTH, "Project background", r"What Little Minds Matter offers"),
    ("little-minds-matter", BOTH, "Timeline", r"Timeline"),
    ("little-minds-matter", BOTH, "COVID-19 pause, by strand", r"COVID-19: the impact on each strand"),
    ("little-minds-matter", BOTH, "Staffing capacity", r"Staffing"),
    ("little-minds-matter", BOTH, "Data Quality", r"Data quality"),
    ("little-minds-matter", BOTH, "Number of trainees", r"How many practitioners were trained"),
    ("little-minds-matter", BOTH, "Trainees by workforce", r"Who was trained"),
    ("little-minds-matter", BOTH, "Other training provision", r"Other training"),
    ("little-minds-matter", BOTH, "Training evaluation findings", r"What trainees thought"),
    ("little-minds-matter", BOTH, "Sessions delivered", r"Sessions delivered against target"),
    ("little-minds-matter", BOTH, "Triage, drop-in, reflective discussion, ongoing", r"Four kinds of consultation"),
    ("little-minds-matter", BOTH, "Consultation evaluation findings", r"What practitioners thought"),
    ("little-minds-matter", BOTH, "Number of assessments", r"Families assessed against target"),
    ("little-minds-matter", BOTH, "Referral to intervention", r"From referral to intervention"),
    ("little-minds-matter", BOTH, "Therapeutic intervention offer", r"What families received"),
    ("little-minds-matter", BOTH, "Infant ethnicity, demographics of families", r"who was referred"),
    ("little-minds-matter", BOTH, "Satisfaction", r"Satisfaction across the strands"),
    ("little-minds-matter", BOTH, "What families said (quotes)", r"What families said"),
    ("little-minds-matter", BOTH, "Systems Change Evaluation", r"The systems change evaluation"),
    ("little-minds-matter", BOTH, "Infant mental health knowledge and service need", r"Theme 1: infant mental health"),
    ("little-minds-matter", BOTH, "The complexity of the early years system", r"Theme 2: the complexity"),
    ("little-minds-matter", BOTH, "Facilitators to Implementation", r"facilitators to implementation"),
    ("little-minds-matter", BOTH, "Challenges to Implementation", r"challenges to implementation"),
    ("little-minds-matter", BOTH, "Evidence review", r"Evidence review"),
    ("little-minds-matter", BOTH, "Conclusion", r"Conclusion"),
    ("little-minds-matter", BOTH, "Thank you", r"Acknowledgements"),
    ("little-minds-matter", BOTH, "Appendix: data quality", r"Appendix: data quality"),
    ("little-minds-matter", BOTH, "Appendix: methods", r"Appendix: methods"),
    ("little-minds-matter", FINAL, "Final numbers beside the interim", r"What changed since the interim report"),
    ("little-minds-matter", FINAL, "Final numbers beside the interim (table)", r"this edition beside earlier ones"),
    # Hearts and Minds: the interim report summary
    ("hearts-and-minds", ("interim",), "Our Interim Report is Here!", r"Our interim report"),
    ("hearts-and-minds", ("interim",), "What's working well, areas for development", r"What is working well"),
    ("hearts-and-minds", ("interim",), "The findings have been informed by", r"Where the findings come from"),
    ("hearts-and-minds", ("interim",), "Five key points to mention", r"Five key points"),
    ("hearts-and-minds", ("interim",), "Awareness (VCS, healthcare professionals)", r"Awareness of the partnership"),
    ("hearts-and-minds", ("interim",), "Conversation Space", r"The Conversation Space"),
    ("hearts-and-minds", ("interim",), "Membership", r"What membership means"),
    ("hearts-and-minds", ("interim",), "The interactive map", r"The map of VCS services"),
    ("hearts-and-minds", ("interim",), "Next steps", r"^Next steps$"),
    ("hearts-and-minds", ("interim",), "Thank you", r"Thank you"),
]

HEADING = re.compile(r"<h([1-4])\b[^>]*>(.*?)</h\1>", re.DOTALL)


def headings(page: str) -> list[str]:
    """The text of every heading of an HTML report, without its section number."""
    found = []
    for _, inner in HEADING.findall(page):
        inner = re.sub(r'<span class="header-section-number">[^<]*</span>', "", inner)
        found.append(" ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split()))
    return found


@pytest.fixture(scope="module")
def reports(every_programme_built):
    pages = {}
    for programme, editions, *_ in SEED_SECTIONS:
        for edition in editions:
            path = every_programme_built / "results" / programme / edition / "report" / "report.html"
            pages.setdefault((programme, edition), headings(path.read_text(encoding="utf-8")))
    return pages


@pytest.mark.parametrize(
    ("programme", "editions", "seed", "heading"),
    SEED_SECTIONS,
    ids=[f"{programme}: {seed}" for programme, _, seed, _ in SEED_SECTIONS],
)
def test_every_seed_section_has_its_counterpart(reports, programme, editions, seed, heading):
    for edition in editions:
        found = reports[(programme, edition)]
        assert any(re.search(heading, text, re.IGNORECASE) for text in found), (
            f"{programme} {edition}: no heading answers the seed's {seed!r}; headings: {found}"
        )


def test_the_interim_and_final_differ_where_they_should(reports):
    interim = set(reports[("little-minds-matter", "interim")])
    final = set(reports[("little-minds-matter", "final")])
    assert "What changed since the interim report" in final - interim
    assert "About this final report" in final and "About this final report" not in interim
