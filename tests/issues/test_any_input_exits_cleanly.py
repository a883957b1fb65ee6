"""Generated input never gets a traceback: a clean exit or one `kg: error:` line.

Property-based (hardening issue, part 4): damaged Turtle given to `kg
validate --data`, damaged SPARQL given to `kg query -e`, and generated
arguments for the read-only commands. The CLI runs in-process, so an
exception that escapes `kg.cli.main` fails the test with its traceback.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.query import named_query

# Hypothesis drives the whole CLI, validation included, through many inputs.
pytestmark = pytest.mark.slow

VALID_TURTLE = """\
@prefix kg: <https://w3id.org/sahel-kg/ontology#> .
@prefix id: <https://w3id.org/sahel-kg/id/> .
@prefix st: <https://w3id.org/sahel-kg/statement/> .
@prefix src: <https://w3id.org/sahel-kg/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix time: <http://www.w3.org/2006/time#> .

st:generated a kg:Membership ; kg:from id:niger ; kg:to id:aes ;
  kg:status kg:Confirmed ; kg:source src:seed-article ; kg:evidence "e"@en ;
  kg:start "2023-09-16"^^xsd:date ; kg:startPrecision time:unitDay ;
  kg:personnel [ kg:count "-1"^^xsd:integer ] .
"""

# Characters that matter to the Turtle and SPARQL grammars, plus some that
# should never matter (controls, a BOM, non-ASCII letters, markup).
GRAMMAR = [*"{}()<>[]\"'#.;,:?$^@_\\/ \n\t-+*=!&|0129aZé", "\ufeff", "\x00", "[/]"]


def _run(*args: str) -> tuple[int, str]:
    """Run `kg ARGS` in-process; the exit code and everything printed."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["kg", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
                code = 0
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
    finally:
        sys.argv = saved
    return code, out.getvalue() + err.getvalue()


def _assert_clean(code: int, printed: str) -> None:
    assert "Traceback" not in printed, printed
    if code != 0 and "Usage: kg" not in printed:  # click's own message for a bad option
        errors = [line for line in printed.splitlines() if line.startswith("kg: error:")]
        assert len(errors) == 1, printed
        assert printed.rstrip().endswith(errors[0]), f"the error is not one line: {printed}"


@st.composite
def damaged(draw: st.DrawFn, text: str) -> str:
    """TEXT with a few cuts, insertions and repeats."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["cut", "insert", "repeat"]))
        if action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        elif action == "insert":
            text = (
                text[:at]
                + "".join(draw(st.lists(st.sampled_from(GRAMMAR), max_size=6)))
                + text[at:]
            )
        else:
            text = text[:at] + text[at : at + 20] * draw(st.integers(2, 40)) + text[at:]
    return text


PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A damaged data file that still parses is validated with the whole record
# (seconds each): fewer examples, the same every run (derandomised).
DATA_PROPERTY = settings(PROPERTY, max_examples=6)


@pytest.fixture(scope="module", autouse=True)
def built_store() -> None:
    """The curated store, built once before the generated queries run."""
    code, printed = _run("stats")
    assert code == 0, printed


@DATA_PROPERTY
@given(damaged(VALID_TURTLE))
def test_damaged_turtle_gets_a_clean_exit(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.ttl"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _assert_clean(*_run("validate", "--data", str(path)))


# The same statement in a named graph of TriG, and as N-Quads with a graph name.
VALID_TRIG = VALID_TURTLE.replace("st:generated a", "<http://example.org/g> { st:generated a")
VALID_TRIG = VALID_TRIG.rstrip() + " }\n"
VALID_NQUADS = (
    "<https://w3id.org/sahel-kg/statement/generated> "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/sahel-kg/ontology#Membership> <http://example.org/g> .\n"
    "_:p <https://w3id.org/sahel-kg/ontology#count> "
    '"-1"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/g> .\n'
)


@DATA_PROPERTY
@given(
    st.one_of(
        st.tuples(st.just("generated.trig"), damaged(VALID_TRIG)),
        st.tuples(st.just("generated.nq"), damaged(VALID_NQUADS)),
    )
)
def test_damaged_trig_and_nquads_get_a_clean_exit(named: tuple[str, str]) -> None:
    name, text = named
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _assert_clean(*_run("validate", "--data", str(path)))
        _assert_clean(*_run("validate", "--graph", f"http://example.org/h={path}"))


@PROPERTY
@given(damaged(named_query("members").text))
def test_damaged_sparql_gets_a_clean_exit(text: str) -> None:
    _assert_clean(*_run("query", "-e", text, "--format", "json"))


HOSTILE = st.sampled_from(
    ["", "mali", "niger", "Wagner Group", "<script>x</script>", "[bold]x", "'\"", "é" * 300]
)
DAYS = st.sampled_from(
    ["2024-04-30", "2024-02-30", "2024-13", "2024", "today", "now", "-1", "99999-01-01", "x"]
)


@st.composite
def arguments(draw: st.DrawFn) -> list[str]:
    """One read-only command with generated values for its options."""
    command = draw(st.sampled_from(["query", "diff", "stats", "claims", "analyze", "view"]))
    if command == "query":
        name = draw(st.sampled_from(["members", "security-partners", "forces-of", "nothing"]))
        args = ["query", "--name", name, "--format", "json"]
        if draw(st.booleans()):
            args += [
                "--param",
                f"{draw(st.sampled_from(['state', 'organisation', 'x']))}={draw(HOSTILE)}",
            ]
        if draw(st.booleans()):
            args += ["--as-of", draw(DAYS)]
        return args
    if command == "diff":
        return ["diff", draw(DAYS), draw(DAYS)] + (
            ["--entity", draw(HOSTILE)] if draw(st.booleans()) else []
        )
    if command == "analyze":
        what = draw(st.sampled_from(["partners", "path", "centrality", "blocs"]))
        args = ["analyze", what]
        if what in ("partners", "path"):
            args.append(draw(HOSTILE))
        if what == "path":
            args.append(draw(HOSTILE))
        return args + (["--as-of", draw(DAYS)] if draw(st.booleans()) else [])
    if command == "view":
        out = str(Path(tempfile.gettempdir()) / "kg-generated-view.html")
        return ["view", "ego", draw(HOSTILE), "-o", out] + (
            ["--as-of", draw(DAYS)] if draw(st.booleans()) else []
        )
    return [command]


@PROPERTY
@given(arguments())
def test_generated_arguments_get_a_clean_exit(args: list[str]) -> None:
    _assert_clean(*_run(*args))
