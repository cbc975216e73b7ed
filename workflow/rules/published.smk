# Stage 4, published: the edition's metrics table is cross-checked against itself, then the
# published set is written from it with every count that could identify people withheld ([c]).
# Charts and documents read the published set only. The data dictionary describes every table.


rule cross_checks:
    input:
        code=code_of("cross_checks.py"),
        metrics=rules.metrics.output.metrics,
        earlier=earlier_metrics,
        suite=CROSS_CHECKS,
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
        sources=content_of(code_of("cross_checks.py"), [CROSS_CHECKS]),
        written=as_written("cross_checks"),
    message:
        f"Cross-checking the {PROGRAMME} {{wildcards.edition}} edition's metrics table"
    script:
        "../../scripts/cross_checks.py"


rule published:
    input:
        code=code_of("published.py"),
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
        sources=content_of(code_of("published.py")),
        written=as_written("published"),
    message:
        f"Writing the {PROGRAMME} {{wildcards.edition}} edition's published set"
    script:
        "../../scripts/published.py"


# Quotes are published like numbers: only those with consent, screened for identifiers (e-mail,
# phone, NHS number, postcode, date of birth, names); a flagged one is held back until an
# evaluator redacts or clears it in the programme's screening decisions (docs/screening.md).
rule published_quotes:
    input:
        code=code_of("published_quotes.py"),
        quotes=edition_quotes,
        decisions=screening_decisions,
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
        sources=content_of(code_of("published_quotes.py"), screening_decisions),
        written=as_written("published_quotes"),
    message:
        f"Screening the {PROGRAMME} {{wildcards.edition}} edition's quotes for identifiers"
    script:
        "../../scripts/published_quotes.py"


rule data_dictionary:
    input:
        code=code_of("data_dictionary.py"),
        contract=contract_suites(),
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
        sources=content_of(code_of("data_dictionary.py"), contract_suites()),
        written=as_written("data_dictionary"),
    message:
        f"Writing the {PROGRAMME} data dictionary"
    script:
        "../../scripts/data_dictionary.py"


rule published_spreadsheet:
    input:
        code=code_of("published_spreadsheet.py"),
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
        sources=content_of(code_of("published_spreadsheet.py")),
        written=as_written("published_spreadsheet"),
    message:
        f"Writing the {PROGRAMME} {{wildcards.edition}} edition's published set as a spreadsheet"
    script:
        "../../scripts/published_spreadsheet.py"
