"""`kg changes`: the changelog of facts read from a real git history.

Each test makes a git repository with a tiny data/ folder and commits with
known messages and dates, then reads the changes back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers import PROLOGUE

from kg.changes import Changelog, changes, last_changed, last_changes
from kg.errors import NoHistory
from kg.resources import DATA_DIR
from kg.vocab import ENTITY_NS, STATEMENT_NS

ACTORS = """
id:niger a kg:State ; skos:prefLabel "Niger"@en .
id:mali a kg:State ; skos:prefLabel "Mali"@en .
id:aes a kg:IntergovernmentalOrganisation ; skos:prefLabel "Alliance of Sahel States"@en .
"""
COUP = """
id:test-coup a kg:Coup ; skos:prefLabel "Test coup"@en ;
    kg:date "2023-07-26"^^xsd:date ; kg:participant id:niger .
"""
NIGER = """
st:niger-member-of-aes a kg:Membership ; kg:from id:niger ; kg:to id:aes ;
    kg:start "2023-09-16"^^xsd:date ;{end}
    kg:quantity [ a kg:Quantity ; kg:value 100 ; kg:approximate true ] .
"""
MALI = """
st:mali-member-of-aes a kg:Membership ; kg:from id:mali ; kg:to id:aes ;
    kg:start "2023-09-16"^^xsd:date .
"""
END = ' kg:end "2025-01-29"^^xsd:date ; kg:endPrecision time:unitDay ;'
# The same quantity as NIGER's, written with a labelled blank node in another order.
NIGER_RESERIALISED = """
st:niger-member-of-aes kg:quantity _:q ; kg:to id:aes ; a kg:Membership ; kg:from id:niger ;
    kg:start "2023-09-16"^^xsd:date ;{end} .
_:q kg:approximate true ; kg:value 100 ; a kg:Quantity .
""".format(end=END.rstrip(" ;"))


def git(repo: Path, *args: str, day: str = "2024-01-01") -> str:
    when = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit(repo: Path, files: dict[str, str | None], message: str, day: str) -> None:
    """Write (or, for None, delete) data files and commit them on ``day``."""
    for name, text in files.items():
        path = repo / "data" / name
        if text is None:
            path.unlink()
        else:
            path.write_text(PROLOGUE + text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, day=day)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Four commits: an event and two memberships added; Niger's end date set;
    the file re-serialised (no fact changed); Mali's membership removed."""
    repo = tmp_path_factory.mktemp("history")
    (repo / "data").mkdir()
    git(repo, "init", "-q")
    commit(
        repo,
        {"actors.ttl": ACTORS, "events.ttl": COUP, "statements.ttl": NIGER.format(end="") + MALI},
        "Add the coup and the AES memberships",
        "2024-01-10",
    )
    commit(
        repo,
        {"statements.ttl": NIGER.format(end=END) + MALI},
        "End Niger's membership on 29 January 2025",
        "2024-02-15",
    )
    commit(
        repo,
        {"statements.ttl": MALI + NIGER_RESERIALISED},
        "Write the quantity with a labelled blank node",
        "2024-03-01",
    )
    (repo / "README.md").write_text("not data\n")
    commit(repo, {"statements.ttl": NIGER_RESERIALISED}, "Remove Mali's membership", "2024-03-20")
    return repo


def rows(log: Changelog) -> list[tuple[str, ...]]:
    return [(c.day, c.change, c.kind, c.subject, c.what, c.reason) for c in log.changes]


def test_added_changed_and_removed_newest_first(repo):
    log = changes(repo / "data")
    assert rows(log) == [
        (
            "2024-03-20",
            "removed",
            "membership",
            "st:mali-member-of-aes",
            "",
            "Remove Mali's membership",
        ),
        (
            "2024-02-15",
            "changed",
            "membership",
            "st:niger-member-of-aes",
            "kg:end, kg:endPrecision",
            "End Niger's membership on 29 January 2025",
        ),
        ("2024-01-10", "added", "coup", "id:test-coup", "", "Add the coup and the AES memberships"),
        (
            "2024-01-10",
            "added",
            "membership",
            "st:mali-member-of-aes",
            "",
            "Add the coup and the AES memberships",
        ),
        (
            "2024-01-10",
            "added",
            "membership",
            "st:niger-member-of-aes",
            "",
            "Add the coup and the AES memberships",
        ),
    ]
    assert log.coverage() == "4 commits touching data/, 2024-01-10 to 2024-03-20"
    labels = {c.subject: c.label for c in log.changes}
    assert labels == {
        "st:mali-member-of-aes": "Mali → Alliance of Sahel States",
        "st:niger-member-of-aes": "Niger → Alliance of Sahel States",
        "id:test-coup": "Test coup",
    }
    head = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert log.changes[0].commit == head


def test_a_blank_node_written_differently_is_no_change(repo):
    log = changes(repo / "data", since=date(2024, 3, 1), limit=None)
    assert [c.reason for c in log.changes] == ["Remove Mali's membership"]
    assert log.commits == 2


def test_a_quantity_whose_value_changes_is_a_change(tmp_path):
    (tmp_path / "data").mkdir()
    git(tmp_path, "init", "-q")
    commit(tmp_path, {"s.ttl": ACTORS + NIGER.format(end="")}, "About 100", "2024-01-01")
    changed = NIGER.format(end="").replace("kg:value 100", "kg:value 120")
    commit(tmp_path, {"s.ttl": ACTORS + changed}, "About 120", "2024-01-02")
    assert rows(changes(tmp_path / "data"))[0] == (
        "2024-01-02",
        "changed",
        "membership",
        "st:niger-member-of-aes",
        "kg:quantity",
        "About 120",
    )


def test_progress_counts_up_to_all_the_work(repo):
    calls: list[tuple[int, int]] = []
    changes(repo / "data", progress=lambda done, total: calls.append((done, total)))
    # Six file versions parsed (actors.ttl, events.ttl, four of
    # statements.ttl), then four commits compared.
    assert calls == [(n, 10) for n in range(1, 11)]


def test_since_keeps_commits_from_that_day(repo):
    log = changes(repo / "data", since=date(2024, 2, 15))
    assert [c.day for c in log.changes] == ["2024-03-20", "2024-02-15"]
    assert log.first_day == "2024-02-15"


def test_limit_reads_the_newest_commits_and_says_how_many_were_left(repo):
    log = changes(repo / "data", limit=1)
    assert [c.subject for c in log.changes] == ["st:mali-member-of-aes"]
    assert log.more == 3
    assert "3 older not read" in log.coverage()


def test_entity_keeps_changes_that_name_it(repo):
    mali = changes(repo / "data", entity=ENTITY_NS + "mali")
    assert [(c.change, c.subject) for c in mali.changes] == [
        ("removed", "st:mali-member-of-aes"),
        ("added", "st:mali-member-of-aes"),
    ]
    niger = changes(repo / "data", entity=ENTITY_NS + "niger")
    assert [(c.change, c.subject) for c in niger.changes] == [
        ("changed", "st:niger-member-of-aes"),
        ("added", "id:test-coup"),
        ("added", "st:niger-member-of-aes"),
    ]
    statement = changes(repo / "data", entity=STATEMENT_NS + "niger-member-of-aes")
    assert len(statement.changes) == 2


def test_last_changed_names_the_newest_commit_changing_a_subject(repo):
    niger = last_changed([STATEMENT_NS + "niger-member-of-aes"], repo / "data")
    assert (niger.day, niger.reason) == ("2024-02-15", "End Niger's membership on 29 January 2025")
    assert last_changed([ENTITY_NS + "aes"], repo / "data").day == "2024-01-10"
    assert last_changed([ENTITY_NS + "nowhere"], repo / "data") is None


def test_last_changes_are_kept_until_the_data_changes(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    first = last_changes(repo / "data")
    [kept] = (tmp_path / "history").iterdir()
    assert last_changes(repo / "data") == first
    assert kept.stat().st_mtime_ns == next((tmp_path / "history").iterdir()).stat().st_mtime_ns
    assert first[ENTITY_NS + "test-coup"].day == "2024-01-10"


def test_outside_a_git_checkout_is_an_error(tmp_path):
    (tmp_path / "data").mkdir()
    with pytest.raises(NoHistory, match="not in a git checkout"):
        changes(tmp_path / "data")
    assert last_changed([ENTITY_NS + "niger"], tmp_path / "data") is None


def test_a_shallow_clone_says_where_its_history_starts(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", repo.as_uri(), str(clone))
    with pytest.raises(NoHistory, match="history starts at 2024-03-01"):
        changes(clone / "data")
    # The newest commit alone needs no more history than the clone has.
    assert rows(changes(clone / "data", limit=1))[0][1:4] == (
        "removed",
        "membership",
        "st:mali-member-of-aes",
    )


def run_kg(*args: str, path: str | None = None, columns: int = 200) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": str(columns)}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-c", "from kg.cli import main; main()", "changes", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def assert_one_error_line(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("kg: error: ")
    for word in words:
        assert word in proc.stderr


def test_cli_outside_a_git_checkout(tmp_path):
    assert_one_error_line(run_kg("--data-dir", str(tmp_path)), "not in a git checkout")


def test_cli_without_git(repo, tmp_path):
    proc = run_kg("--data-dir", str(repo / "data"), path=str(tmp_path))
    assert_one_error_line(proc, "git is not installed")


def test_cli_bad_since(repo):
    assert_one_error_line(run_kg("--data-dir", str(repo / "data"), "--since", "2024-13"), "2024-13")


def test_cli_json_and_csv_keep_everything(repo):
    proc = run_kg("--data-dir", str(repo / "data"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["commits"] == 4
    first = doc["changes"][0]
    assert first["iri"] == STATEMENT_NS + "mali-member-of-aes"
    assert first["files"] == "statements.ttl"
    assert len(first["commit_hash"]) == 40
    proc = run_kg("--data-dir", str(repo / "data"), "--format", "csv")
    header = proc.stdout.splitlines()[0]
    assert header == "day,change,kind,subject,label,what,reason,commit,iri,commit_hash,files"
    assert "4 commits touching data/" in proc.stderr


def test_cli_table_at_80_columns_keeps_identifiers_whole(repo):
    proc = run_kg("--data-dir", str(repo / "data"), columns=80)
    assert proc.returncode == 0, proc.stderr
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80
    assert "st:niger-member-of-aes" in proc.stdout
    assert "kg:end, kg:endPrecision" in proc.stdout
    assert "4 commits touching data/, 2024-01-10 to 2024-03-20" in proc.stdout
    assert "5 row(s)" in proc.stdout


def test_cli_entity_resolves_names(repo):
    proc = run_kg("--data-dir", str(repo / "data"), "--entity", "Mali", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    subjects = {c["subject"] for c in json.loads(proc.stdout)["changes"]}
    assert subjects == {"st:mali-member-of-aes"}
    assert_one_error_line(
        run_kg("--data-dir", str(repo / "data"), "--entity", "Atlantis"), "Atlantis"
    )


@pytest.mark.slow
def test_this_repository_history_has_utkin_start_removed():
    # Read by hand from `git log -p -- data/`: commit aa6c48b of 2 December
    # 2026 removed kg:start and kg:startPrecision from st:utkin-leads-wagner
    # and rewrote its kg:dateNote; nothing else in data/ changed.
    reason = (
        "Utkin's command: back to attested-only with a date note; "
        "no page dates when his commander's role began"
    )
    log = changes(DATA_DIR, since=date(2026, 12, 2), limit=None)
    found = [
        (c.day, c.change, c.kind, c.subject, c.what) for c in log.changes if c.reason == reason
    ]
    assert found == [
        (
            "2026-12-02",
            "changed",
            "leadership",
            "st:utkin-leads-wagner",
            "kg:dateNote, kg:start, kg:startPrecision",
        )
    ]
