"""Completion for the JQL editor: the site's fields, operators, functions and values.

Names, operators and keywords come from the site's ``/jql/autocompletedata`` body
(``ReferenceData``). Values come from an async ``suggest(field, prefix)`` (the suggestions
endpoint), looked up once typing pauses for ``SUGGEST_DEBOUNCE_MS``. The lookup is a task the
editor's owner runs (``set_task_spawner``: the pane's task runner tracks it); a new keystroke,
hiding the editor or replacing its query cancels it. A failed lookup is logged and said in the
list ("Suggestions unavailable: ..."), never shown as if the site had no values.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import QModelIndex, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QListView, QPlainTextEdit

from app.domain.jql_tokens import (
    CompletionContext,
    ContextKind,
    needs_quoting,
    plain_suggestion,
    quote_value,
)
from app.ui.kit.text import plain_tooltip

__all__ = [
    "SUGGEST_DEBOUNCE_MS",
    "JqlCompletion",
    "ReferenceData",
    "Row",
    "Suggest",
    "TaskSpawner",
    "spawn_unowned",
]

log = logging.getLogger(__name__)

SUGGEST_DEBOUNCE_MS = 200
Suggest = Callable[[str, str], Awaitable[Sequence[tuple[str, str]]]]
# (label for the activity list, coroutine) -> the task running it
TaskSpawner = Callable[[str, Coroutine[Any, Any, None]], "asyncio.Task[None]"]

# Used when the reference data does not know the field (or has not arrived yet).
_ALL_OPERATORS = (
    "=", "!=", "~", "!~", ">", ">=", "<", "<=", "is", "is not", "in", "not in",
    "was", "was in", "was not", "was not in", "changed",
)  # fmt: skip
_INSERT_ROLE = Qt.ItemDataRole.UserRole + 1
_KIND_ROLE = Qt.ItemDataRole.UserRole + 2
_NOTE = "note"  # the kind of the row that says why the site's values are missing
_REASON_CHARS = 200


def spawn_unowned(label: str, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Run ``coro`` on the running loop; the default until an owner injects its task runner."""
    return asyncio.ensure_future(coro)


class Row(NamedTuple):
    """One completion: what the list shows, what is typed when chosen, and what it is."""

    display: str
    insert: str
    kind: str  # field, operator, keyword, function, value


@dataclass(frozen=True, slots=True)
class _FieldInfo:
    value: str  # as typed into a query (quoted when the name needs it)
    display: str
    operators: tuple[str, ...]
    orderable: bool
    searchable: bool
    types: frozenset[str]


def _flag(raw: object) -> bool:
    return raw is True or (isinstance(raw, str) and raw.lower() == "true")


def _strings(raw: object) -> tuple[str, ...]:
    return tuple(x for x in raw if isinstance(x, str)) if isinstance(raw, list) else ()


class ReferenceData:
    """A site's JQL vocabulary (GET /rest/api/2/jql/autocompletedata) as completion rows."""

    def __init__(self, data: dict[str, object] | None = None) -> None:
        self._fields: dict[str, _FieldInfo] = {}
        self._field_order: list[_FieldInfo] = []
        self._functions: list[tuple[str, frozenset[str]]] = []
        self.reserved: frozenset[str] = frozenset()
        raw_fields = (data or {}).get("visibleFieldNames")
        for entry in raw_fields if isinstance(raw_fields, list) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
                continue
            value = str(entry["value"])
            display = entry.get("displayName")
            info = _FieldInfo(
                value=value,
                display=plain_suggestion(display) if isinstance(display, str) else value,
                operators=_strings(entry.get("operators")),
                orderable=_flag(entry.get("orderable")),
                # absent means searchable: older servers do not send the flag
                searchable=entry.get("searchable") is None or _flag(entry.get("searchable")),
                types=frozenset(_strings(entry.get("types"))),
            )
            self._field_order.append(info)
            for key in (value, value.strip('"'), entry.get("cfid")):
                if isinstance(key, str):
                    self._fields.setdefault(key.lower(), info)
        raw_functions = (data or {}).get("visibleFunctionNames")
        for entry in raw_functions if isinstance(raw_functions, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("value"), str):
                types = frozenset(_strings(entry.get("types")))
                self._functions.append((str(entry["value"]), types))
        words = _strings((data or {}).get("jqlReservedWords"))
        self.reserved = frozenset(w.lower() for w in words)

    def _field(self, name: str | None) -> _FieldInfo | None:
        if name is None:
            return None
        return self._fields.get(name.lower()) or self._fields.get(name.strip('"').lower())

    def rows(self, ctx: CompletionContext) -> list[Row]:
        """The rows for ``ctx`` that need no lookup (not yet filtered by its prefix)."""
        rows: list[Row] = []
        if ctx.kind is ContextKind.FIELD:
            rows += [Row(f.display, f.value, "field") for f in self._field_order if f.searchable]
        elif ctx.kind is ContextKind.ORDER_FIELD:
            rows += [Row(f.display, f.value, "field") for f in self._field_order if f.orderable]
        elif ctx.kind is ContextKind.OPERATOR:
            info = self._field(ctx.field)
            operators = info.operators if info is not None and info.operators else _ALL_OPERATORS
            rows += [Row(op, op, "operator") for op in operators]
        elif ctx.kind is ContextKind.VALUE:
            info = self._field(ctx.field)
            if info is None or "is" in info.operators:
                rows += [Row("EMPTY", "EMPTY", "keyword"), Row("NULL", "NULL", "keyword")]
            for name, types in self._functions:
                # offer only functions whose result type fits the field, when both are known
                if info is None or not types or not info.types or types & info.types:
                    rows.append(Row(name, name, "function"))
        rows += [Row(word, word, "keyword") for word in ctx.keywords]
        return rows

    def typed(self, insert: str, kind: str) -> str:
        """How a chosen completion is typed: values and odd field names quoted as JQL needs."""
        if kind == "value":
            return quote_value(insert, self.reserved)
        if kind == "field" and not insert.startswith('"') and needs_quoting(insert):
            return quote_value(insert)
        return insert


def _matches(row: Row, ctx: CompletionContext) -> bool:
    # the site matches values anywhere in their names; names and keywords match by start
    prefix = ctx.prefix.casefold()
    shown = row.display.casefold()
    return prefix in shown if ctx.kind is ContextKind.VALUE else shown.startswith(prefix)


def _reason(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    reason = lines[0] if lines else type(error).__name__
    return reason if len(reason) <= _REASON_CHARS else reason[: _REASON_CHARS - 1] + "…"


class _PendingLookup:
    """Holds the in-flight lookup apart from the Qt objects, so the ``destroyed`` handler can
    cancel it without touching a half-deleted one."""

    def __init__(self) -> None:
        self.task: asyncio.Task[None] | None = None

    def cancel(self, *_: object) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()
        self.task = None


class JqlCompletion(QObject):
    """The completion list of a JQL editor and the value lookups that fill it."""

    # what to type (already quoted as JQL needs) and the row's kind
    accepted = Signal(str, str)

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor
        self._reference = ReferenceData()
        self._suggest: Suggest | None = None
        self._spawn: TaskSpawner = spawn_unowned
        self._pending = _PendingLookup()
        self.destroyed.connect(functools.partial(_PendingLookup.cancel, self._pending))
        self._generation = 0  # bumps on every edit; a late answer for an old text is dropped
        editor.textChanged.connect(self._text_changed)

        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setWidget(editor)
        # the rows are filtered here (so the note row about a failed lookup always shows)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(10)
        self._popup = QListView()
        self._popup.setUniformItemSizes(True)
        self._popup.setFont(editor.font())  # names and values read as they will be typed
        self._completer.setPopup(self._popup)  # the completer owns it from here
        # the QModelIndex overload: the row carries the text to insert, not only its label
        self._completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SUGGEST_DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_lookup)
        self._value_context: CompletionContext | None = None
        self._explicit = False
        self.note = ""  # why the last lookup brought no values ("" when it did not fail)

    @property
    def completer(self) -> QCompleter:
        """The completion list (its popup is shown while completing)."""
        return self._completer

    @property
    def popup(self) -> QListView:
        """The list shown under the cursor."""
        return self._popup

    @property
    def lookup(self) -> asyncio.Task[None] | None:
        """The value lookup in flight, if any."""
        return self._pending.task

    def set_reference_data(self, data: dict[str, object]) -> None:
        """Take the body of GET /rest/api/2/jql/autocompletedata (fields, functions, words)."""
        self._reference = ReferenceData(data)

    def set_suggest(self, suggest: Suggest | None) -> None:
        """Set the async value lookup; a lookup in flight for the old one is cancelled."""
        self.cancel()
        self._suggest = suggest

    def set_task_spawner(self, spawn: TaskSpawner) -> None:
        """Run lookups through ``spawn(label, coroutine)`` (the owner's task runner)."""
        self._spawn = spawn

    def typed(self, insert: str, kind: str) -> str:
        """How a chosen completion is typed (see ``ReferenceData.typed``)."""
        return self._reference.typed(insert, kind)

    def cancel(self) -> None:
        """Stop the debounce and cancel the lookup in flight."""
        self._timer.stop()
        self._pending.cancel()

    def hide(self) -> None:
        """Close the list and stop looking up values."""
        self.cancel()
        self._popup.hide()

    def refresh(self, ctx: CompletionContext, explicit: bool) -> None:
        """Offer what fits ``ctx``; ``explicit`` (Ctrl+Space) opens the list even unasked."""
        self.cancel()
        if ctx.kind is ContextKind.NONE:
            self._popup.hide()
            return
        rows = self._reference.rows(ctx)
        if ctx.kind is ContextKind.VALUE and self._suggest is not None:
            # Show what needs no lookup now; the site's values follow after the debounce.
            self._value_context = ctx
            self._explicit = explicit
            self._show(ctx, rows, explicit=explicit)
            self._timer.start()
            return
        auto = bool(ctx.prefix) or ctx.kind is ContextKind.OPERATOR
        self._show(ctx, rows, explicit=explicit or auto)

    def _show(
        self, ctx: CompletionContext, rows: list[Row], explicit: bool, note: str = ""
    ) -> None:
        self._model.clear()
        for row in rows:
            if not _matches(row, ctx):
                continue
            item = QStandardItem(row.display)
            item.setData(row.insert, _INSERT_ROLE)
            item.setData(row.kind, _KIND_ROLE)
            item.setEditable(False)
            self._model.appendRow(item)
        if note:
            self._model.appendRow(self._note_item(note))
        popup = self._popup
        editor = self._editor
        if self._model.rowCount() == 0 or not explicit or not editor.hasFocus():
            popup.hide()
            return
        rect = editor.cursorRect()
        width = popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 8
        rect.setWidth(max(160, min(width, 480)))
        self._completer.complete(QRect(rect))
        popup.setCurrentIndex(QModelIndex())  # nothing picked: Enter still runs

    def _note_item(self, note: str) -> QStandardItem:
        item = QStandardItem(note)
        item.setData(_NOTE, _KIND_ROLE)
        item.setToolTip(plain_tooltip(note) or "")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, never picked
        font = QFont(self._popup.font())
        font.setItalic(True)
        item.setFont(font)
        item.setForeground(self._popup.palette().placeholderText())
        return item

    def _start_lookup(self) -> None:
        ctx = self._value_context
        if ctx is None or self._suggest is None or ctx.field is None:
            return
        self._pending.cancel()
        coro = self._fill_values(self._suggest, ctx, self._generation, self._explicit)
        self._pending.task = self._spawn("Looking up JQL values", coro)

    async def _fill_values(
        self, suggest: Suggest, ctx: CompletionContext, generation: int, explicit: bool
    ) -> None:
        rows = self._reference.rows(ctx)
        try:
            found = await suggest(ctx.field or "", ctx.prefix)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # said in the list, logged; typing and running go on
            log.warning("JQL value suggestions for %r failed", ctx.field, exc_info=True)
            if generation == self._generation:
                self.note = f"Suggestions unavailable: {_reason(error)}"
                self._show(ctx, rows, explicit=True, note=self.note)
            return
        if generation != self._generation:
            return  # the text changed while the site answered
        self.note = ""
        values = [Row(plain_suggestion(display), value, "value") for value, display in found]
        self._show(ctx, values + rows, explicit=explicit or bool(values))

    def _text_changed(self) -> None:
        self._generation += 1
        if not self._editor.document().isEmpty():
            return
        self.hide()  # the query was cleared: nothing to look up for

    def _activated(self, index: QModelIndex) -> None:
        insert = index.data(_INSERT_ROLE)
        kind = index.data(_KIND_ROLE)
        if isinstance(insert, str) and isinstance(kind, str):
            self.accepted.emit(self.typed(insert, kind), kind)
