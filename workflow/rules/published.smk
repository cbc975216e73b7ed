# Stage 4, published: the edition's metrics table is cross-checked against itself, then the
# published set is written from it with every count that could identify people withheld ([c]).
# Charts and documents read the published set only. The data dictionary describes every table.


cross_checks_sources = Sources("cross_checks.py", suite=CROSS_CHECKS)


rule cross_checks:
    input:
        **cross_checks_sources.input,
        metrics=rules.metrics.output.metrics,
        earlier=earlier_metrics,
    output:
        table=result("{edition}/checks/cross_checks.csv"),
        summary=result("{edition}/checks/cross_checks.json"),
    log:
        result("logs/{edition}/cross_checks.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(450),
    params:
        settings=stage_settings.published_settings(config),
        earlier_editions=earlier_editions,
        sources=cross_checks_sources.digest,
        written=as_written("cross_checks"),
    message:
        f"Cross-checking the {PROGRAMME} {{wildcards.edition}} edition's metrics table"
    script:
        cross_checks_sources.script


published_sources = Sources("published.py")


rule published:
    input:
        **published_sources.input,
        checks=rules.cross_checks.output.summary,
        metrics=rules.metrics.output.metrics,
        earlier=earlier_metrics,
        earlier_published=earlier_published,
        # once this edition is released: what its release withheld stays withheld
        released=own_release,
    output:
        metrics=for_report(
            result("{edition}/published/metrics.csv"),
            "published",
            output="published metrics",
        ),
        notes=result("{edition}/published/notes.md"),
        withheld=result("{edition}/checks/withheld.csv"),
        # the output checker's record: every withheld cell, its rule and what it protects
        record=result("{edition}/checks/output-checking.csv"),
        record_page=for_report(
            result("{edition}/checks/output-checking.html"),
            "output_checking",
            output="output-checking record",
        ),
    log:
        result("logs/{edition}/published.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(400),
    params:
        settings=stage_settings.published_settings(config),
        earlier_editions=earlier_editions,
        # the cells the edition's report uses (only what it uses is published): a reworded
        # sentence leaves them, and this step, unchanged
        uses=report_uses_of,
        sources=published_sources.digest,
        written=as_written("published"),
    message:
        f"Writing the {PROGRAMME} {{wildcards.edition}} edition's published set"
    script:
        published_sources.script


# Quotes are published like numbers: only those with consent, screened for identifiers (e-mail,
# phone, NHS number, postcode, date of birth, names); a flagged one is held back until an
# evaluator redacts or clears it in the programme's screening decisions (docs/screening.md).
published_quotes_sources = Sources("published_quotes.py", decisions=screening_decisions)


rule published_quotes:
    input:
        **published_quotes_sources.input,
        quotes=edition_quotes,
    output:
        quotes=result("{edition}/published/quotes.csv"),
        screening=result("{edition}/checks/screening.csv"),
    log:
        result("logs/{edition}/published_quotes.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(400),
    params:
        settings=stage_settings.screening_settings(config),
        sources=published_quotes_sources.digest,
        written=as_written("published_quotes"),
    message:
        f"Screening the {PROGRAMME} {{wildcards.edition}} edition's quotes for identifiers"
    script:
        published_quotes_sources.script


data_dictionary_sources = Sources("data_dictionary.py", contract=contract_suites())


rule data_dictionary:
    input:
        **data_dictionary_sources.input,
    output:
        markdown=result("data-dictionary.md"),
        table=result("data-dictionary.csv"),
    log:
        result("logs/data_dictionary.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        settings=stage_settings.dictionary_settings(config),
        contract=contract_folder,
        results=lambda wildcards, output: str(Path(output.markdown).parent),
        sources=data_dictionary_sources.digest,
        written=as_written("data_dictionary"),
    message:
        f"Writing the {PROGRAMME} data dictionary"
    script:
        data_dictionary_sources.script


published_spreadsheet_sources = Sources("published_spreadsheet.py")


rule published_spreadsheet:
    input:
        **published_spreadsheet_sources.input,
        metrics=rules.published.output.metrics,
    output:
        xlsx=for_report(
            result("{edition}/published/metrics.xlsx"),
            "spreadsheet",
            output="published metrics (spreadsheet)",
        ),
    log:
        result("logs/{edition}/published_spreadsheet.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        settings=stage_settings.published_settings(config),
        sources=published_spreadsheet_sources.digest,
        written=as_written("published_spreadsheet"),
    message:
        f"Writing the {PROGRAMME} {{wildcards.edition}} edition's published set as a spreadsheet"
    script:
        published_spreadsheet_sources.script
