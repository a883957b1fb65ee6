"""The `kg` command end to end: answers, and one clear line for each mistake."""

from __future__ import annotations

import json
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from kg.cli import app


def assert_clean_error(proc, code, *words):
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1, proc.stderr
    for word in words:
        assert word in proc.stderr + proc.stdout


@pytest.mark.slow
def test_build_prints_a_summary_with_the_store_path(kg):
    proc = kg("build")
    assert proc.returncode == 0, proc.stderr
    assert "store" in proc.stdout and "triples" in proc.stdout
    # The overview takes about 40 s at 1M triples: its step is said too (before
    # the store is written when it was built, last when it was up to date).
    assert "kg: writing the overview page…" in proc.stderr.splitlines()


def test_query_named_as_of_json_is_sparql_json(kg):
    proc = kg("query", "--name", "members", "--as-of", "2024-08-01", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    members = {b["member"]["value"].rsplit("/", 1)[1] for b in doc["results"]["bindings"]}
    assert members == {"mali", "burkina-faso", "niger"}


def test_query_xml_is_sparql_xml_with_escaped_values(kg):
    query = 'SELECT ?member ?note WHERE { VALUES (?member ?note) { (id:mali "a<b & \\"c\\"") } }'
    proc = kg("query", "-e", query, "--format", "xml")
    assert proc.returncode == 0, proc.stderr
    space = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ElementTree.fromstring(proc.stdout)
    names = [v.get("name") for v in root.findall("r:head/r:variable", space)]
    assert names == ["member", "note"]
    result = root.find("r:results/r:result", space)
    assert result.findtext("r:binding[@name='member']/r:uri", namespaces=space).endswith("/mali")
    assert result.findtext("r:binding[@name='note']/r:literal", namespaces=space) == 'a<b & "c"'


def test_ask_in_each_result_format(kg):
    for fmt, expected in [("json", '"boolean": true'), ("xml", "<boolean>true</boolean>")]:
        proc = kg("query", "-e", "ASK { id:mali ?p ?o }", "--format", fmt)
        assert proc.returncode == 0, proc.stderr
        assert expected in proc.stdout


@pytest.mark.parametrize(
    "name",
    [
        "Tchiani",
        "tiani",
        "TIANI",
        "Abdourahamane Tchiani",
        "id:abdourahamane-tiani",
        "abdourahamane-tiani",
    ],
)
def test_entity_names_resolve_case_and_accent_insensitively(kg, name):
    proc = kg("query", "--name", "events", "--param", f"actor={name}", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "tiani-putin-call-2024-03-26" in proc.stdout


def test_goita_without_accent_resolves(kg):
    proc = kg("query", "--name", "events", "--param", "actor=Goita", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "liptako-gourma-charter-2023" in proc.stdout


def test_unknown_entity_suggests_near_matches(kg):
    proc = kg("query", "--name", "head-of-state", "--param", "state=Nigr")
    assert_clean_error(proc, 5, "Nigr", "did you mean", "id:niger")


@pytest.mark.slow
def test_malformed_turtle_names_file_and_line(kg, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n')
    proc = kg("query", "--name", "members", "--data", str(bad))
    assert_clean_error(proc, 2, f"{bad}:3:", "invalid Turtle")


@pytest.mark.slow
def test_trig_data_and_a_graph_file_keep_their_graph_names(kg, tmp_path):
    trig = tmp_path / "facts.trig"
    trig.write_text(
        "<http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 . }\n"
    )
    triples = tmp_path / "doc.nt"
    triples.write_text('<http://example.org/b> <http://example.org/p> "2" .\n')
    query = "SELECT ?g ?s WHERE { GRAPH ?g { ?s <http://example.org/p> ?o } } ORDER BY ?g"
    graph = f"http://example.org/h={triples}"
    proc = kg("query", "--data", str(trig), "--graph", graph, "-e", query, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "g,s",
        "http://example.org/g,http://example.org/a",
        "http://example.org/h,http://example.org/b",
    ]


@pytest.mark.parametrize(
    ("graph", "code", "words"),
    [
        ("g={file}", 2, ["--graph g=", "absolute IRI"]),
        ("http://example.org/g={folder}/missing.ttl", 2, ["missing.ttl: no such file"]),
        ("{file}", 6, ["NAME=FILE"]),
        ("https://w3id.org/sahel-kg/graph/derived={file}", 2, ["one of the project's own"]),
    ],
)
def test_a_bad_graph_option_gets_one_line(kg, tmp_path, graph, code, words):
    file = tmp_path / "facts.ttl"
    file.write_text("")
    option = graph.format(file=file, folder=tmp_path)
    assert_clean_error(kg("query", "--name", "members", "--graph", option), code, *words)


@pytest.mark.slow
def test_malformed_trig_names_file_and_line(kg, tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("<http://e/g> {\n  <http://e/a> <http://e/b> .\n}\n")
    proc = kg("query", "--name", "members", "--data", str(bad))
    assert_clean_error(proc, 2, f"{bad}:2:", "invalid TriG")


@pytest.mark.slow
def test_data_that_breaks_a_shape_fails_with_file_and_subject(kg, turtle_file):
    path = turtle_file(
        "st:x a kg:Membership ; kg:from id:niger ; kg:to id:aes ; kg:status kg:Confirmed .\n"
    )
    proc = kg("query", "--name", "members", "--data", str(path))
    assert_clean_error(proc, 3, str(path), "st:x", "kg:source")
    proc = kg("validate", "--data", str(path))
    assert proc.returncode == 3 and f"violation: {path}: st:x" in proc.stdout


def test_malformed_sparql_gives_the_parser_position(kg):
    proc = kg("query", "-e", "SELEC ?x WHERE { ?x ?p ?o }")
    assert_clean_error(proc, 4, "invalid SPARQL", "1:")


def test_unknown_named_query_lists_the_names(kg):
    proc = kg("query", "--name", "no-such-query")
    assert_clean_error(proc, 4, "no-such-query", "members", "head-of-state")


@pytest.mark.parametrize("day", ["2023-13-01", "last year", "2023-02-30"])
@pytest.mark.parametrize(
    "command",
    [
        ["query", "--name", "members"],
        ["view", "overview"],
        ["export", "-o", "x.ttl"],
        ["bundle", "-o", "x.html"],
        ["analyze", "centrality"],
    ],
)
def test_bad_as_of_is_one_line_in_every_command(kg, day, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    proc = kg(*command, "--as-of", day)
    assert_clean_error(proc, 6, repr(day))
    assert proc.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_claim_names_the_claims_there_are(kg):
    proc = kg("claims", "--claim", "S99")
    assert_clean_error(proc, 6, "'S99'", "S1 to S18")


def test_as_of_on_a_query_without_the_rule_is_refused(kg):
    proc = kg("query", "--name", "coups", "--as-of", "2024")
    assert_clean_error(proc, 6, "does not filter by date")


@pytest.mark.slow
def test_added_data_is_queryable_and_a_hostile_label_stays_text(kg, turtle_file):
    path = turtle_file("""
id:evil a kg:State ; skos:prefLabel "</script><script>alert(1)</script>"@en .
src:p a kg:Source ; kg:sourceKind kg:NewsReport ; dcterms:publisher "P" ;
  kg:address "https://example.org/p"^^xsd:anyURI .
st:evil-in-aes a kg:Membership ; kg:from id:evil ; kg:to id:aes ; kg:status kg:Reported ;
  kg:attested "2024-01-01"^^xsd:date ; kg:attestedPrecision time:unitDay ;
  kg:source src:p ; kg:evidence "test"@en .
""")
    proc = kg(
        "query",
        "--name",
        "members",
        "--data",
        str(path),
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
    )
    assert proc.returncode == 0, proc.stderr
    assert "</script><script>alert(1)</script>" in proc.stdout


def test_stats_json_shows_no_unsourced_statement(kg):
    proc = kg("stats", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["unsourced"] == 0
    assert doc["relationships"] > 0 and doc["events"] > 0 and doc["sources"] > 0
    assert doc["triples"] == sum(doc["graphs"].values())


def test_stats_table_lists_measures_in_a_fixed_order(kg):
    proc = kg("stats")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[1] == "record checked up to (horizon): 2025-12-25"  # data/record.ttl
    names = [line.split(":")[0] for line in lines[2:12]]
    assert names == [
        "relationships",
        "events",
        "event versions",
        "sources",
        "relayed reports",
        "claims",
        "unsourced",
        "start neither dated nor bounded",
        "open-ended",
        "end announced, not dated",
    ]


def test_claims_json_lists_s1_to_s18(kg):
    proc = kg("claims", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    ids = [c["claim_id"] for c in json.loads(proc.stdout)]
    assert ids == [f"S{i}" for i in range(1, 19)]


@pytest.mark.slow
def test_query_imports_no_heavy_stage(kg):
    code = (
        "import sys\nsys.argv = ['kg', 'query', '--name', 'members']\n"
        "from kg.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('matplotlib', 'pyvis', 'pyshacl', 'networkx', 'rdflib') "
        "if m in sys.modules]\nprint('HEAVY', heavy, file=sys.stderr)\n"
    )
    import os
    import subprocess
    import sys

    warm = kg("build")  # warm the cache so the query opens the store without validating
    assert warm.returncode == 0, warm.stderr
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert "HEAVY []" in proc.stderr, warm.stdout + warm.stderr + proc.stderr


def test_every_command_has_help_with_an_example():
    import click

    context = click.Context(app)
    names = app.list_commands(context)
    assert {"build", "validate", "query", "claims", "stats"} <= set(names)
    for name in names:
        command = app.get_command(context, name)
        subcommands = getattr(command, "commands", {}) or {name: command}
        for sub_name, sub in subcommands.items():
            assert sub.help and "Example: kg " in sub.help, f"{name} {sub_name}"


@pytest.mark.parametrize("columns", [80, 100])
def test_tables_stay_readable_in_narrow_terminals(kg, columns):
    def at_width(*args: str) -> str:
        proc = kg(*args, columns=columns)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    tiani = at_width("query", "--name", "head-of-state", "--param", "state=niger")
    german = at_width(
        "query",
        "--name",
        "security-partners",
        "--param",
        "state=niger",
        "--as-of",
        "2024-06-01",
    )
    for text in (tiani, german):
        assert max(len(line.rstrip()) for line in text.splitlines()) <= columns
    # Dates and names whole on one line, the date to its precision, sources cited.
    assert any("Abdourahamane Tiani" in line for line in tiani.splitlines())
    assert any("2023-07-28" in line for line in tiani.splitlines())
    assert "The Times, 2023-07-28" in " ".join(tiani.split())
    bundeswehr = german.split("Bundeswehr", 1)[1]
    assert "2016-02 " in bundeswehr or "2016-02\n" in bundeswehr
    assert "Stuttgarter Zeitung, 2024-08-30" in " ".join(bundeswehr.split())
    assert "https://" not in tiani + german and "startPrecision" not in tiani


def test_csv_keeps_the_source_slugs_and_adds_citations(kg):
    proc = kg("query", "--name", "head-of-state", "--param", "state=niger", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    header = proc.stdout.splitlines()[0].split(",")
    assert header[header.index("sources") + 1] == "citations"
    assert "thetimes-2023-07-28-tchiani" in proc.stdout
    assert "The Times, 2023-07-28" in proc.stdout


def _kg_in_order(*args: str) -> list[str]:
    """`kg` with its stdout and stderr as one stream, in the order written."""
    done = subprocess.run(
        [sys.executable, "-c", "from kg.cli import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    return [*done.stdout.splitlines(), f"exit {done.returncode}"]


@pytest.mark.slow
def test_a_first_query_with_new_data_answers_before_the_store_is_written(tmp_path):
    # New content each run, so the first call builds; the session's cache.
    facts = tmp_path / "facts.nt"
    facts.write_text(f'<http://example.org/a> <http://example.org/p> "{tmp_path.name}" .\n')
    query = "SELECT ?o WHERE { <http://example.org/a> <http://example.org/p> ?o }"
    asked = ("query", "--data", str(facts), "-e", query, "--format", "csv")
    first = _kg_in_order(*asked)
    assert "kg: checking the SHACL shapes…" in first
    assert first.index(tmp_path.name) < first.index("kg: writing the store…")
    assert first[-1] == "exit 0"
    second = _kg_in_order(*asked)
    assert second == ["o", tmp_path.name, "exit 0"]  # from the written store


@pytest.mark.slow
def test_a_bad_first_question_with_new_data_still_keeps_the_built_store(tmp_path):
    facts = tmp_path / "facts.nt"
    facts.write_text(f'<http://example.org/a> <http://example.org/p> "{tmp_path.name}" .\n')
    first = _kg_in_order(
        "query", "--data", str(facts), "--name", "members", "--param", "organisation=nowhere-xyz"
    )
    errors = [line for line in first if line.startswith("kg: error:")]
    assert len(errors) == 1 and "nowhere-xyz" in errors[0]
    assert "kg: writing the store…" in first and first[-1] != "exit 0"
    assert not any("Traceback" in line for line in first)
    second = _kg_in_order("query", "--data", str(facts), "--name", "members", "--format", "csv")
    assert "kg: checking the SHACL shapes…" not in second and second[-1] == "exit 0"


@pytest.mark.slow
def test_the_overview_of_a_new_store_is_the_one_drawn_from_disk_later(tmp_path):
    # A new store's overview is drawn from it in memory before it is written;
    # once written, `kg build` draws it from disk: the same page, byte for byte.
    facts = tmp_path / "facts.nt"
    facts.write_text(f'<http://example.org/a> <http://example.org/p> "{tmp_path.name}" .\n')
    page = tmp_path / "build" / "views" / "overview.html"
    drawn = []
    for _ in range(2):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from kg.cli import main; main()",
                "build",
                "--data",
                str(facts),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        drawn.append((done.stdout.splitlines()[0], page.read_bytes()))
    assert drawn[0][0].startswith("store built") and drawn[1][0].startswith("store up to date")
    assert drawn[0][1] == drawn[1][1]
