# Stage 8, changes: what a rebuild changed in each edition's published numbers, against the
# numbers of the previous build, for a reviewer to see at a glance what a new delivery did.


changes_sources = Sources("changes.py")


rule changes:
    input:
        **changes_sources.input,
        # The published numbers: what a reader of the edition sees ([c] where withheld).
        numbers=rules.published.output.metrics,
        template=template("changes/changes.html.j2"),
    output:
        table=result("{edition}/changes/changes.csv"),
        page=result("{edition}/changes/changes.html"),
    log:
        result("logs/{edition}/changes.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        settings=lambda wildcards: stage_settings.change_settings(
            config, wildcards.edition
        ),
        # The numbers this step saw last time, kept by it beside its report. Not an output:
        # Snakemake deletes a job's outputs before running it again.
        last_seen=result("{edition}/changes/last-seen-numbers.csv"),
    message:
        f"Listing what changed in the {PROGRAMME} {{wildcards.edition}} edition's numbers"
    script:
        changes_sources.script


# A released edition rebuilt: what its published numbers changed since the latest release. Only
# scheduled once the edition has a release (the document asks for it through `since_release`).
since_release_sources = Sources("since_release.py")


rule since_release:
    input:
        **since_release_sources.input,
        numbers=rules.published.output.metrics,
        released=lambda wildcards: published_of(wildcards.edition),
        record=last_release,
    output:
        table=result("{edition}/changes/since-release.csv"),
    log:
        result("logs/{edition}/since_release.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        sources=since_release_sources.digest,
        written=as_written("since_release"),
    message:
        f"Listing what changed in the {PROGRAMME} {{wildcards.edition}} edition since its release"
    script:
        since_release_sources.script
