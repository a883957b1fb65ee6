"""The server's `/ask` page: a question box and an answer, as `kg ask` prints it.

Every value from the question or the data is escaped (``html.escape``); the
page has no script and its one style sheet is admitted by the page's nonce.
"""

from __future__ import annotations

import html
import re
from string import Template
from urllib.parse import quote

from kg.ask import Answer, closest_questions, language_of
from kg.errors import BadQuestion
from kg.query.formats import reading_columns
from kg.resources import PACKAGE_DIR

# Columns holding a day, kept on one line.
DAY_COLUMN = re.compile(r"^(start|end|date|attested|endAnnounced|announced)$|(Date|Start|End)$")
TEMPLATE = PACKAGE_DIR / "assets" / "server" / "ask.html"
TEXT = {
    "en": {
        "heading": "Ask the graph",
        "button": "Ask",
        "same": "The same answer from the command line:",
        "rows": "{n} row(s); possible rows in grey italics.",
        "try": "Questions it answers:",
        "intro": "Ask in English or French: who led a state on a day, which foreign forces "
        "were in a state, a state's security partners, an alliance's members, when a "
        "partner left, what happened in a year, who first reported a claim, how two "
        "actors are connected.",
    },
    "fr": {
        "heading": "Interroger le graphe",
        "button": "Demander",
        "same": "La même réponse en ligne de commande :",
        "rows": "{n} ligne(s) ; les lignes possibles en gris italique.",
        "try": "Questions auxquelles il répond :",
        "intro": "",
    },
}


def _page(nonce: str, language: str, question: str, title: str, body: str) -> str:
    text = TEXT[language]
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        lang=language,
        nonce=nonce,
        title=html.escape(title),
        heading=html.escape(text["heading"]),
        button=html.escape(text["button"]),
        question=html.escape(question),
        body=body,
    )


def _suggestions(questions: list[str] | tuple[str, ...], language: str) -> str:
    if not questions:
        return ""
    items = "".join(f'<li><a href="/ask?q={quote(q)}">{html.escape(q)}</a></li>' for q in questions)
    return f"<p>{html.escape(TEXT[language]['try'])}</p><ul>{items}</ul>"


def render_form(nonce: str) -> str:
    """The page with an empty question box and example questions."""
    examples = closest_questions("", "en", 9) + closest_questions("", "fr", 3)
    body = f'<p class="muted">{html.escape(TEXT["en"]["intro"])}</p>'
    return _page(nonce, "en", "", TEXT["en"]["heading"], body + _suggestions(examples, "en"))


def render_answer(
    nonce: str, question: str, answer: Answer | None = None, error: BadQuestion | None = None
) -> str:
    """An answer (headline, readings, rows, the command), or what was wrong."""
    language = answer.language if answer else language_of(question) if question else "en"
    text = TEXT[language]
    if error is not None:
        body = f'<p class="error">{html.escape(error.reason)}</p>'
        suggestions = error.suggestions or tuple(closest_questions(question, language))
        return _page(
            nonce,
            language,
            question,
            question or text["heading"],
            body + _suggestions(suggestions, language),
        )
    assert answer is not None
    names, rows, possible = reading_columns(answer.result)
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    lines = []
    days = [bool(DAY_COLUMN.search(name)) for name in names]
    for row, dim in zip(rows, possible, strict=True):
        cells = "".join(
            f'<td class="day">{html.escape(cell)}</td>' if day else f"<td>{html.escape(cell)}</td>"
            for cell, day in zip(row, days, strict=True)
        )
        lines.append(f'<tr class="possible">{cells}</tr>' if dim else f"<tr>{cells}</tr>")
    readings = "".join(f"<li>{html.escape(line)}</li>" for line in answer.readings)
    commands = "\n".join(f"$ {command}" for command in [answer.command, *answer.also])
    body = (
        f'<p class="headline">{html.escape(answer.headline)}</p>'
        f'<ul class="readings">{readings}</ul>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"
        f'<p class="muted">{html.escape(text["rows"].format(n=len(rows)))}</p>'
        f"<p>{html.escape(text['same'])}</p><pre>{html.escape(commands)}</pre>"
    )
    return _page(nonce, language, question, question, body)


def error_json(error: BadQuestion) -> dict:
    """A refused question as JSON: what to change, and questions that work."""
    return {"error": error.reason, "suggestions": list(error.suggestions)}
