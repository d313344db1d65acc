"""Self-checking exercises: ``check("02.2", answer)`` says whether an answer is right.

Every exercise of the course ends with a check cell::

    check("02.2", n_good_starts)

It prints one of four verdicts and never raises for anything a learner types:

- *not attempted yet*: the answer is still ``...`` (the student copy's placeholder)
  or ``None``;
- *correct*;
- *not yet*, with a hint aimed at the likely mistake when the answer is a known wrong
  one (labels compared without matching, unscaled features, ...), or the exercise's
  general hint otherwise; the solution itself is never printed;
- *expected ...*: the answer has the wrong type (a string where a number is asked);
  a NaN where a number is asked gets its own hint (an empty selection? a division by
  zero?).

The answers are not stored in the clear. Each notebook has an answer key,
``helpers/answer_keys/NN.json``, holding for each exercise the SHA-256 of its
canonical answer (salted with the exercise id), the kind of answer, and hashed
typical mistakes with their hints. Build a key entry with :func:`key_entry` or from
the command line::

    python -m helpers.checks hash 02.2 int 8
    python -m helpers.checks hash 03.1 float 0.681 --digits 3
    python -m helpers.checks verify            # every key file loads

Kinds of answer and how they are compared:

``int``
    A whole number (``numpy`` integers too; a float such as ``3.0`` counts as 3).
``float``
    A real number, rounded to ``digits`` decimals; one unit in the last decimal
    either way is accepted, so ``0.6805`` and ``0.681`` both pass at 3 digits.
``text``
    A string, compared without case and surrounding or repeated white space.
``bool``
    ``True`` or ``False`` (numpy booleans too).
``set``
    Any collection of names or whole numbers (list, set, array, pandas Index),
    order and case ignored.
``sequence``
    An ordered collection of whole numbers, names or floats (floats rounded to
    ``digits``, with no tolerance).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import numbers
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "KINDS",
    "Exercise",
    "Verdict",
    "answer_hash",
    "check",
    "evaluate",
    "exercises",
    "key_entry",
]

KEY_DIR = Path(__file__).resolve().parent / "answer_keys"

#: The kinds of answer an exercise can ask for.
KINDS = ("int", "float", "text", "bool", "set", "sequence")

_EXPECTS = {
    "int": "a whole number",
    "float": "a number",
    "text": "a piece of text (a string in quotes)",
    "bool": "True or False",
    "set": "a collection of names or numbers (a list or a set)",
    "sequence": "an ordered list of values",
}


class _WrongType(Exception):
    """The answer cannot be read as the kind of value the exercise asks for."""


@dataclass(frozen=True)
class Exercise:
    """One exercise of an answer key.

    Attributes
    ----------
    id : str
        ``"NN.k"``: notebook number and exercise number.
    kind : str
        One of :data:`KINDS`.
    answer : str
        SHA-256 of the canonical correct answer (see :func:`answer_hash`).
    hint : str
        General hint, printed for a wrong answer that matches no known mistake.
    mistakes : tuple of (str, str)
        ``(hash of a typical wrong answer, hint aimed at that mistake)``.
    digits : int
        Decimals kept for ``float`` answers (and floats inside a ``sequence``).
    expects : str
        What the answer should be, in words ("the number of clusters, an integer").
    success : str
        Extra sentence printed after a correct answer (may be empty).
    """

    id: str
    kind: str
    answer: str
    hint: str
    mistakes: tuple[tuple[str, str], ...] = ()
    digits: int = 2
    expects: str = ""
    success: str = ""


@dataclass(frozen=True)
class Verdict:
    """What :func:`evaluate` found.

    Attributes
    ----------
    status : {"correct", "wrong", "not attempted", "wrong type"}
    message : str
        The text :func:`check` prints.
    """

    status: Literal["correct", "wrong", "not attempted", "wrong type"]
    message: str


# --- canonical forms ----------------------------------------------------------


def _as_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _WrongType
    if isinstance(value, numbers.Integral):
        return int(value)
    as_float = float(value)
    if not math.isfinite(as_float) or not as_float.is_integer():
        raise _WrongType
    return int(as_float)


def _as_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _WrongType
    as_float = float(value)
    if not math.isfinite(as_float):
        raise _WrongType
    return as_float


def _is_nan(value: Any) -> bool:
    """True for a real number that is NaN (``float("nan")``, ``np.nan``, ...)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return math.isnan(float(value))


def _as_text(value: Any) -> str:
    if not isinstance(value, str):
        raise _WrongType
    return " ".join(value.split()).casefold()


def _as_bool(value: Any) -> bool:
    if type(value).__name__ in ("bool", "bool_", "bool8"):
        return bool(value)
    raise _WrongType


def _fixed(value: float, digits: int) -> str:
    text = f"{round(value, digits):.{digits}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text


def _items(value: Any) -> list[Any]:
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
        raise _WrongType
    return list(value.tolist() if hasattr(value, "tolist") else value)


def _element(value: Any, digits: int) -> str:
    if isinstance(value, str):
        return "s:" + _as_text(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _WrongType
    if isinstance(value, numbers.Integral) or float(value).is_integer():
        return "i:" + str(_as_int(value))
    return "f:" + _fixed(_as_float(value), digits)


def _canonical_forms(value: Any, kind: str, digits: int) -> list[str]:
    """Return the canonical text of `value`; a float also gives its two neighbours.

    Raises
    ------
    _WrongType
        If `value` cannot be read as `kind`.
    """
    if kind == "int":
        return [str(_as_int(value))]
    if kind == "float":
        number = _as_float(value)
        step = 10.0 ** -digits
        return [_fixed(number + shift * step, digits) for shift in (0, -1, 1)]
    if kind == "text":
        return [_as_text(value)]
    if kind == "bool":
        return [str(_as_bool(value))]
    if kind == "set":
        return ["|".join(sorted({_element(item, digits) for item in _items(value)}))]
    if kind == "sequence":
        return ["|".join(_element(item, digits) for item in _items(value))]
    raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")


def answer_hash(exercise_id: str, value: Any, kind: str, *, digits: int = 2) -> str:
    """Return the salted SHA-256 of `value` as an answer to `exercise_id`.

    Parameters
    ----------
    exercise_id : str
        ``"NN.k"``; it salts the hash, so equal answers to two exercises differ.
    value : object
        The answer, of the given `kind`.
    kind : str
        One of :data:`KINDS`.
    digits : int, default 2
        Decimals kept for floats.

    Returns
    -------
    str
        64 hexadecimal characters.

    Raises
    ------
    ValueError
        If `kind` is unknown or `value` cannot be read as that kind.

    Examples
    --------
    >>> from helpers.checks import answer_hash
    >>> answer_hash("99.1", 3, "int") == answer_hash("99.1", 3.0, "int")
    True
    >>> answer_hash("99.1", 0.6811, "float", digits=3) == answer_hash("99.1", 0.681, "float", digits=3)
    True
    """
    try:
        form = _canonical_forms(value, kind, digits)[0]
    except _WrongType:
        raise ValueError(f"{value!r} cannot be read as a {kind!r} answer") from None
    return _digest(exercise_id, form)


def _digest(exercise_id: str, form: str) -> str:
    return hashlib.sha256(f"{exercise_id}\x1f{form}".encode()).hexdigest()


def key_entry(
    exercise_id: str,
    answer: Any,
    kind: str,
    *,
    hint: str,
    mistakes: Sequence[tuple[Any, str]] = (),
    digits: int = 2,
    expects: str = "",
    success: str = "",
) -> dict[str, Any]:
    """Build the JSON entry of one exercise for an answer key file.

    Parameters
    ----------
    exercise_id : str
        ``"NN.k"``.
    answer : object
        The correct answer, in the clear (it is hashed here).
    kind : str
        One of :data:`KINDS`.
    hint : str
        General hint for a wrong answer.
    mistakes : sequence of (object, str)
        Typical wrong answers, in the clear, each with the hint aimed at it.
    digits : int, default 2
        Decimals kept for floats.
    expects, success : str
        See :class:`Exercise`.

    Returns
    -------
    dict
        Ready for ``json.dump`` under the key `exercise_id`.

    Examples
    --------
    >>> from helpers.checks import key_entry
    >>> entry = key_entry("99.1", 4, "int", hint="Count again.",
    ...                   mistakes=[(3, "labels.max() is one less than the count")])
    >>> sorted(entry)
    ['answer', 'digits', 'expects', 'hint', 'kind', 'mistakes', 'success']
    """
    return {
        "kind": kind,
        "digits": digits,
        "expects": expects,
        "answer": answer_hash(exercise_id, answer, kind, digits=digits),
        "hint": hint,
        "mistakes": [
            {"answer": answer_hash(exercise_id, wrong, kind, digits=digits), "hint": why}
            for wrong, why in mistakes
        ],
        "success": success,
    }


# --- answer keys --------------------------------------------------------------


@cache
def exercises(key_dir: Path | str = KEY_DIR) -> dict[str, Exercise]:
    """Load every answer key in `key_dir` (``NN.json`` files).

    Returns
    -------
    dict
        Exercise id -> :class:`Exercise`.

    Raises
    ------
    ValueError
        If a key file is malformed, an id does not belong to its file's notebook,
        or an id appears twice.

    Examples
    --------
    >>> from helpers.checks import exercises
    >>> all(e.kind in ("int", "float", "text", "bool", "set", "sequence")
    ...     for e in exercises().values())
    True
    """
    found: dict[str, Exercise] = {}
    for path in sorted(Path(key_dir).glob("*.json")):
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"answer key {path.name} is not valid JSON: {exc}") from None
        for exercise_id, entry in entries.items():
            if not exercise_id.startswith(path.stem + "."):
                raise ValueError(f"{path.name}: exercise {exercise_id!r} belongs to another notebook")
            if exercise_id in found:
                raise ValueError(f"exercise {exercise_id!r} appears twice in the answer keys")
            try:
                if entry["kind"] not in KINDS:
                    raise ValueError(f"unknown kind {entry['kind']!r}")
                found[exercise_id] = Exercise(
                    id=exercise_id,
                    kind=entry["kind"],
                    answer=entry["answer"],
                    hint=entry["hint"],
                    mistakes=tuple((m["answer"], m["hint"]) for m in entry.get("mistakes", [])),
                    digits=int(entry.get("digits", 2)),
                    expects=entry.get("expects", ""),
                    success=entry.get("success", ""),
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path.name}: entry {exercise_id!r} is malformed ({exc})") from None
    return found


# --- checking -----------------------------------------------------------------


def evaluate(exercise_id: str, answer: Any, *, key_dir: Path | str = KEY_DIR) -> Verdict:
    """Judge `answer` to an exercise without printing anything.

    Parameters
    ----------
    exercise_id : str
        ``"NN.k"``, as written in the notebook's check cell.
    answer : object
        What the learner computed; ``...`` or ``None`` means not attempted yet.
    key_dir : path, optional
        Folder of the answer keys (tests use their own).

    Returns
    -------
    Verdict

    Raises
    ------
    KeyError
        If no answer key knows `exercise_id` (a mistake in the notebook, not in the
        learner's answer).

    Examples
    --------
    >>> import json, tempfile
    >>> from pathlib import Path
    >>> from helpers.checks import evaluate, key_entry
    >>> folder = Path(tempfile.mkdtemp())
    >>> entry = key_entry("99.1", 4, "int", hint="Count the clusters again.",
    ...                   mistakes=[(3, "labels.max() is one less than the count.")])
    >>> _ = (folder / "99.json").write_text(json.dumps({"99.1": entry}))
    >>> evaluate("99.1", 4, key_dir=folder).status
    'correct'
    >>> evaluate("99.1", 3, key_dir=folder).message
    'Exercise 99.1 · not yet. Hint: labels.max() is one less than the count.'
    >>> evaluate("99.1", "four", key_dir=folder).status
    'wrong type'
    """
    known = exercises(Path(key_dir))
    if exercise_id not in known:
        raise KeyError(
            f"no answer key has exercise {exercise_id!r}; known: {sorted(known)}. "
            "Check the id in the check cell."
        )
    exercise = known[exercise_id]
    label = f"Exercise {exercise_id}"
    if answer is ... or answer is None:
        return Verdict(
            "not attempted",
            f"{label} · not attempted yet: compute your answer in the cell above "
            "(replace the ...), run that cell, then run this one again.",
        )
    if exercise.kind in ("int", "float") and _is_nan(answer):
        return Verdict(
            "wrong type",
            f"{label} · your answer is NaN (not a number): an empty selection or a "
            "division by zero? Print the values your answer is computed from (a mean of "
            "nothing, e.g. of an all-False mask, is NaN), fix that step, then run this "
            "cell again.",
        )
    try:
        forms = _canonical_forms(answer, exercise.kind, exercise.digits)
    except _WrongType:
        wanted = exercise.expects or _EXPECTS[exercise.kind]
        shown = repr(answer)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return Verdict(
            "wrong type",
            f"{label} · expected {wanted}, but got {type(answer).__name__} {shown}.",
        )
    digests = [_digest(exercise_id, form) for form in forms]
    if exercise.answer in digests:
        extra = f" {exercise.success}" if exercise.success else ""
        return Verdict("correct", f"{label} · correct.{extra}")
    for wrong, why in exercise.mistakes:
        if wrong in digests:
            return Verdict("wrong", f"{label} · not yet. Hint: {why}")
    return Verdict("wrong", f"{label} · not yet. Hint: {exercise.hint}")


def check(exercise_id: str, answer: Any) -> None:
    """Print whether `answer` to an exercise is right, with a hint if it is not.

    Parameters
    ----------
    exercise_id : str
        ``"NN.k"``: the notebook number and the exercise number.
    answer : object
        Your answer; leave it as ``...`` until you have one.

    Examples
    --------
    >>> from helpers.checks import check, exercises
    >>> first = sorted(exercises())[0]  # doctest: +SKIP
    >>> check(first, ...)  # doctest: +SKIP
    Exercise 00.1 · not attempted yet: ...
    """
    print(evaluate(exercise_id, answer).message)


def _main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.checks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("hash", help="print the hash of an answer")
    make.add_argument("exercise_id")
    make.add_argument("kind", choices=KINDS)
    make.add_argument("value", help="JSON for set/sequence/bool (e.g. '[\"BTC\", \"ETH\"]'), else the value")
    make.add_argument("--digits", type=int, default=2)
    sub.add_parser("verify", help="load every answer key")
    args = parser.parse_args(argv)
    if args.command == "hash":
        value: Any = args.value
        if args.kind in ("set", "sequence", "bool"):
            value = json.loads(args.value)
        elif args.kind == "int":
            value = int(args.value)
        elif args.kind == "float":
            value = float(args.value)
        print(answer_hash(args.exercise_id, value, args.kind, digits=args.digits))
    else:
        known = exercises()
        print(f"{len(known)} exercises in {len(list(KEY_DIR.glob('*.json')))} answer keys: "
              + ", ".join(sorted(known)))
    return 0


if __name__ == "__main__":
    sys.exit(_main())
