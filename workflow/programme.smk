# The workflow of one programme, made into a module per programme by the Snakefile: `config` is
# that programme's checked configuration. One rule file per stage of the flow.


include: "rules/common.smk"
include: "rules/gate.smk"
include: "rules/deliveries.smk"
include: "rules/editions.smk"
include: "rules/metrics.smk"
include: "rules/published.smk"
include: "rules/figures.smk"
include: "rules/document.smk"
include: "rules/render.smk"
include: "rules/changes.smk"
include: "rules/manifest.smk"


rule all:
    input:
        all_targets(),
