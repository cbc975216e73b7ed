# Programme evaluation reports: raw provider extracts -> validated tables -> audited metrics
# -> figures -> Quarto reports. This file only loads and checks the configuration, includes
# one rule file per stage and names the default target; the logic is in src/programme_evaluation.
from snakemake.utils import min_version

min_version("9.0")

# The bundled example unless the user names a programme with --configfile (which then replaces
# it whole rather than being merged into it).
if not workflow.overwrite_configfiles:

    configfile: f"{workflow.basedir}/config/little-minds-matter.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/validate.smk"
include: "workflow/rules/quality.smk"
include: "workflow/rules/metrics.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/report.smk"


rule all:
    default_target: True
    input:
        all_targets(),
