"""Bad input gets one clear line and a non-zero exit, never a traceback.

Each case below printed a traceback or crashed before (hardening issue,
part 4): ill-formed dates, deeply nested Turtle and SPARQL, rich markup in a
label, an unwritable output path; a byte-order mark was refused and a
negative head count accepted.
"""

from __future__ import annotations

import pytest

MEMBERSHIP = (
    "st:x a kg:Membership ; kg:from id:niger ; kg:to id:aes ; kg:status kg:Reported ;\n"
    '  kg:source src:seed-article ; kg:evidence "e"@en ;\n'
    '  kg:start "{start}"^^xsd:date ; kg:startPrecision time:unitDay .\n'
)


def _clean_failure(done, code: int, *needles: str) -> None:
    assert done.returncode == code, done.stderr + done.stdout
    assert "Traceback" not in done.stderr + done.stdout
    for needle in needles:
        assert needle in done.stderr + done.stdout, (needle, done.stderr, done.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("start", ["", "2024-02-30", "2024-13-45", "20240101"])
def test_an_ill_formed_date_is_a_violation_naming_file_and_statement(kg, turtle_file, start):
    path = turtle_file(MEMBERSHIP.format(start=start), name="dates.ttl")
    done = kg("validate", "--data", str(path))
    _clean_failure(done, 3, f"{path}: st:x", f'kg:start "{start}" is not a real day')


@pytest.mark.slow
def test_deeply_nested_turtle_is_read_by_oxigraph_and_refused_cleanly_where_rdflib_reads(
    kg, tmp_path
):
    path = tmp_path / "deep.ttl"
    depth = 10_000
    path.write_text(
        "<http://e/s> <http://e/p> " + "[ <http://e/p> " * depth + "1" + " ]" * depth + " .\n"
    )
    done = kg("validate", "--data", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    _clean_failure(
        kg("query", "--backend", "rdflib", "--data", str(path), "-e", count),
        2,
        str(path),
        "too deeply for rdflib",
    )
    out = tmp_path / "deep.jsonld"
    _clean_failure(
        kg("export", "-f", "jsonld", "-o", str(out), "--data", str(path)), 2, "too deeply"
    )
    assert not out.exists()


@pytest.mark.slow
def test_a_byte_order_mark_is_accepted(kg, turtle_file):
    path = turtle_file(MEMBERSHIP.format(start="2023-09-16"), name="bom.ttl")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    done = kg("validate", "--data", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 violation(s)" in done.stdout


@pytest.mark.slow
def test_a_negative_head_count_is_a_violation(kg, turtle_file):
    text = MEMBERSHIP.format(start="2023-09-16").replace(
        " .\n",
        " ;\n  kg:quantity [ a kg:Quantity ; kg:value -100 ; kg:approximate false ;"
        ' kg:unit "personnel" ] .\n',
    )
    done = kg("validate", "--data", str(turtle_file(text, name="negative.ttl")))
    _clean_failure(done, 3, "cannot be negative")


@pytest.mark.slow
def test_a_label_with_rich_markup_prints_as_text(kg):
    done = kg("query", "-e", 'SELECT ?label WHERE { BIND("[/] [bold]x[/bold]" AS ?label) }')
    assert done.returncode == 0, done.stderr
    assert "[/] [bold]x[/bold]" in done.stdout


@pytest.mark.slow
def test_an_unwritable_view_path_is_one_line(kg):
    _clean_failure(kg("view", "overview", "-o", "/proc/x.html"), 6, "cannot write '/proc/x.html'")


def test_a_deeply_nested_sparql_file_is_refused_naming_it(kg, tmp_path):
    query = tmp_path / "deep.rq"
    query.write_text("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000)
    _clean_failure(kg("query", str(query)), 4, f"{query}:", "3000 levels deep")


def test_a_syntax_error_in_a_query_file_names_the_file(kg, tmp_path):
    query = tmp_path / "broken.rq"
    query.write_text("SELECT * WHERE { ?s ?p }")
    _clean_failure(kg("query", str(query)), 4, f"{query}: invalid SPARQL")


@pytest.mark.slow
def test_validate_counts_warnings_by_kind_and_lists_them_on_request(kg):
    summary = kg("validate")
    assert summary.returncode == 0, summary.stderr
    assert "warning: " not in summary.stdout
    assert "x This source has no dcterms:date" in summary.stdout
    listed = kg("validate", "--warnings")
    assert listed.stdout.count("warning: ") == int(listed.stdout.rsplit(", ", 1)[1].split()[0])


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_a_parser_error_listing_character_ranges_is_one_readable_line(kg, backend):
    done = kg("query", "--backend", backend, "-e", "SELECT * WHERE { ?s ?p _:")
    _clean_failure(done, 4, "invalid SPARQL")
    error = done.stderr.rstrip().splitlines()[-1]
    assert error.startswith("kg: error: invalid SPARQL"), done.stderr
    assert "\\u{" not in error


@pytest.mark.slow
def test_a_control_character_in_a_parser_message_stays_on_one_line(kg, turtle_file):
    path = turtle_file("@prefix src: <http.\n@prefix x: <https://x/> .\n", name="iri.ttl")
    done = kg("validate", "--data", str(path))
    _clean_failure(done, 2, "invalid Turtle")
    assert done.stderr.strip().count("\n") == 0, done.stderr
