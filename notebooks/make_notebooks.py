"""Write the guided-tour notebooks from the cell lists below (outputs stripped).

Notebooks are generated so that their code stays reviewable as Python; run
`python notebooks/make_notebooks.py` after editing, and commit the .ipynb files.
tests/test_notebooks.py executes every notebook top to bottom.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def md(text: str):
    return new_markdown_cell(text.strip())


def code(text: str):
    return new_code_cell(text.strip())


YOUR_OWN_DATA = [
    md("""
# 4. Your own data

Add a Turtle file of your own — a new actor and a sourced relationship —
validate it, see what a mistake looks like, then query it together with the
bundled graph. Everything here is what `kg validate --data` and
`kg query --data` do.
"""),
    code("""
import tempfile
from pathlib import Path

from kg.build import open_store
from kg.load import turtle_files
from kg.query import named_query, run
from kg.temporal import PartialDate
from kg.validate import validate_files

workdir = Path(tempfile.mkdtemp())
PREFIXES = '''
@prefix kg: <https://w3id.org/sahel-kg/ontology#> .
@prefix id: <https://w3id.org/sahel-kg/id/> .
@prefix st: <https://w3id.org/sahel-kg/statement/> .
@prefix src: <https://w3id.org/sahel-kg/source/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
'''
"""),
    md("""
A fact needs a source you read (address, publisher, kind; title and date as
the page shows them), dates with their precision, a status and a paraphrase
of the evidence. This example is made up for the tour: an imaginary
organisation, so it cannot be mistaken for a real fact.
"""),
    code("""
good = workdir / "my-facts.ttl"
good.write_text(PREFIXES + '''
id:example-league a kg:IntergovernmentalOrganisation ;
    skos:prefLabel "Example League"@en, "Ligue d'exemple"@fr .

src:example-page a kg:Source ; kg:sourceKind kg:NewsReport ;
    dcterms:title "An example page" ; dcterms:publisher "Example Press" ;
    dcterms:date "2024-05-02"^^xsd:date ; kg:datePrecision time:unitDay ;
    kg:address "https://example.org/league"^^xsd:anyURI .

st:niger-in-example-league a kg:Membership ;
    kg:from id:niger ; kg:to id:example-league ;
    kg:start "2024-05-01"^^xsd:date ; kg:startPrecision time:unitMonth ;
    kg:status kg:Reported ; kg:source src:example-page ;
    kg:evidence "The page says Niger joined the league in May 2024."@en .
''')
report = validate_files(turtle_files([good]))
print(len(report.violations), "violations,", len(report.warnings), "warnings")
"""),
    md("""
A mistake — a membership with no source, and a month date not on the 1st — is
caught, with the file and the subject named:
"""),
    code("""
bad = workdir / "bad-facts.ttl"
bad.write_text(PREFIXES + '''
st:broken a kg:Membership ; kg:from id:niger ; kg:to id:aes ;
    kg:start "2024-05-17"^^xsd:date ; kg:startPrecision time:unitMonth ;
    kg:status kg:Reported ; kg:evidence "no source given"@en .
''')
bad_report = validate_files(turtle_files([bad]))
for problem in bad_report.violations:
    print(problem)
"""),
    md("Valid data can be queried with the bundled graph; the as-of rule applies to it too:"),
    code("""
store = open_store("oxigraph", [good])
members = named_query("members")
league = {"organisation": "Example League"}
before = run(store, members, as_of=PartialDate.parse("2024-04"), params=league)
after = run(store, members, as_of=PartialDate.parse("2024-06"), params=league)
print("April 2024:", [row[1].value for row in before.rows])
print("June 2024: ", [row[1].value for row in after.rows])
"""),
    code("""
assert report.conforms and not report.violations
assert any("kg:source" in p.message for p in bad_report.violations)
assert any("first day" in p.message for p in bad_report.violations)
assert [row[1].value for row in before.rows] == []
assert [row[1].value for row in after.rows] == ["Niger"]
"""),
]

NOTEBOOKS = {"04_your_own_data.ipynb": YOUR_OWN_DATA}


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        notebook = new_notebook(cells=cells)
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(notebook, HERE / name)
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
