"""The JQL editor: colouring, completion from the site's reference data, errors and history.

Keys (the placeholder and tooltip say the same):

- Enter (or Ctrl+Enter) runs the query (``run_requested``); Shift+Enter inserts a line break.
- Ctrl+Space opens completion; while the list is open, Down/Up pick, Enter or Tab accept,
  Escape closes. Enter with nothing picked closes the list and runs the query, so a list that
  popped up by itself never swallows the Enter meant to run.
- Up on the first line / Down on the last line walk the history; Alt+Up / Alt+Down walk it from
  anywhere in a multi-line query.

The editor never talks to the site: the caller passes the ``/jql/autocompletedata`` body to
``set_reference_data`` and an async ``suggest(field, prefix)`` for the suggestions endpoint.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QHideEvent,
    QKeyEvent,
    QPalette,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QCompleter, QLabel, QListView, QPlainTextEdit, QTextEdit, QWidget

from app.domain.jql_history import QueryHistory
from app.domain.jql_tokens import (
    CompletionContext,
    ContextKind,
    Token,
    TokenKind,
    context_at,
    error_position,
    needs_quoting,
    plain_suggestion,
    quote_value,
    tokenize,
)

__all__ = ["SUGGEST_DEBOUNCE_MS", "JqlEditor", "JqlHighlighter", "Suggest", "jql_formats"]

log = logging.getLogger(__name__)

SUGGEST_DEBOUNCE_MS = 200
Suggest = Callable[[str, str], Awaitable[Sequence[tuple[str, str]]]]

# Used when the reference data does not know the field (or has not arrived yet).
_ALL_OPERATORS = (
    "=", "!=", "~", "!~", ">", ">=", "<", "<=", "is", "is not", "in", "not in",
    "was", "was in", "was not", "was not in", "changed",
)  # fmt: skip
_INSERT_ROLE = Qt.ItemDataRole.UserRole + 1
_KIND_ROLE = Qt.ItemDataRole.UserRole + 2

# Hues per token kind; lightness and saturation come from the palette (see jql_formats).
_HUES: dict[TokenKind, int] = {
    TokenKind.FIELD: 210,  # blue
    TokenKind.OPERATOR: 285,  # violet
    TokenKind.KEYWORD: 25,  # orange-brown
    TokenKind.FUNCTION: 175,  # teal
    TokenKind.STRING: 120,  # green
    TokenKind.NUMBER: 330,  # magenta
}


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def _error_colour(palette: QPalette) -> QColor:
    return QColor.fromHsl(0, 200, 190) if _is_dark(palette) else QColor.fromHsl(0, 200, 95)


def jql_formats(palette: QPalette) -> dict[TokenKind, QTextCharFormat]:
    """Character formats per token kind, readable on ``palette``'s Base (light or dark)."""
    dark = _is_dark(palette)
    # Light text on a dark base, dark text on a light base; similar contrast both ways.
    lightness, saturation = (180, 150) if dark else (85, 200)
    formats: dict[TokenKind, QTextCharFormat] = {}
    for kind, hue in _HUES.items():
        fmt = QTextCharFormat()
        fmt.setForeground(QColor.fromHsl(hue, saturation, lightness))
        formats[kind] = fmt
    formats[TokenKind.KEYWORD].setFontWeight(700)
    formats[TokenKind.FUNCTION].setFontItalic(True)
    error = QTextCharFormat()
    error.setForeground(_error_colour(palette))
    error.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    error.setUnderlineColor(_error_colour(palette))
    formats[TokenKind.ERROR] = error
    return formats


class JqlHighlighter(QSyntaxHighlighter):
    """Colours a JQL document by token kind; errors get a red wavy underline.

    The query is one logical text even when wrapped onto several blocks, so every block is
    coloured from a tokenization of the whole document (cached per text), and each block's state
    is a hash of the text up to its end: an edit changes the states of the blocks after it, which
    makes Qt re-colour them too.
    """

    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self._formats = jql_formats(palette)
        self._cache: tuple[str, list[Token]] = ("", [])

    def set_palette(self, palette: QPalette) -> None:
        """Recompute the colours for ``palette`` (light/dark switch) and re-colour."""
        self._formats = jql_formats(palette)
        self.rehighlight()

    def format_for(self, kind: TokenKind) -> QTextCharFormat | None:
        """The format used for ``kind`` (None: left in the editor's text colour)."""
        return self._formats.get(kind)

    def _tokens(self, text: str) -> list[Token]:
        if self._cache[0] != text or not text:
            self._cache = (text, tokenize(text))
        return self._cache[1]

    def highlightBlock(self, text: str) -> None:
        """Apply the formats of the tokens that overlap this block."""
        block = self.currentBlock()
        document = block.document()
        full = document.toPlainText() if document is not None else text
        begin = block.position()
        end = begin + len(text)
        for token in self._tokens(full):
            if token.end <= begin or token.start >= end:
                continue
            fmt = self._formats.get(token.kind)
            if fmt is None:
                continue
            start = max(token.start, begin)
            self.setFormat(start - begin, min(token.end, end) - start, fmt)
        self.setCurrentBlockState(hash(full[:end]) & 0x3FFFFFFF)


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


class _PendingSuggestion:
    """Holds the in-flight suggestions task apart from the widget, so the ``destroyed`` handler
    can cancel it without touching a half-deleted editor."""

    def __init__(self) -> None:
        self.task: asyncio.Task[None] | None = None

    def cancel(self, *_: object) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()
        self.task = None


class JqlEditor(QPlainTextEdit):
    """A JQL query editor (one logical query; wraps): see the module docstring for its keys."""

    run_requested = Signal(str)

    def __init__(self, suggest: Suggest | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._suggest = suggest
        self._fields: dict[str, _FieldInfo] = {}
        self._field_order: list[_FieldInfo] = []
        self._functions: list[tuple[str, frozenset[str]]] = []
        self._reserved: frozenset[str] = frozenset()
        self._history = QueryHistory()
        self._pending = _PendingSuggestion()
        self.destroyed.connect(functools.partial(_PendingSuggestion.cancel, self._pending))
        self._generation = 0  # bumps on every edit; a late answer for an old text is dropped
        self._inserting = False

        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlaceholderText(
            'JQL, e.g. project = ABC AND status = "In Progress" ORDER BY created DESC'
            "  (Enter runs, Shift+Enter new line, Ctrl+Space completes)"
        )
        self.setToolTip(
            "Enter: run · Shift+Enter: new line · Ctrl+Space: complete · "
            "Up/Down at the first/last line (or Alt+Up/Down): history"
        )
        self.highlighter = JqlHighlighter(self.document(), self.palette())

        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setWidget(self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setMaxVisibleItems(10)
        self._popup = QListView()
        self._popup.setUniformItemSizes(True)
        self._popup.setFont(self.font())  # field names and values read as they will be typed
        self._completer.setPopup(self._popup)  # the completer owns it from here
        # the QModelIndex overload: the row carries the text to insert, not only its label
        self._completer.activated[QModelIndex].connect(self._accept)  # type: ignore[index]

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SUGGEST_DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_suggestions)
        self._value_context: CompletionContext | None = None
        self._explicit = False

        self._error_label = QLabel(self)
        self._error_label.setTextFormat(Qt.TextFormat.PlainText)  # server text is untrusted
        self._error_label.setWordWrap(True)
        self._error_label.setObjectName("jqlError")
        self._error_label.hide()
        self._error_position: int | None = None
        self.textChanged.connect(self._text_changed)
        self._apply_error_palette()

    # --- public API -----------------------------------------------------------------------

    @property
    def completer(self) -> QCompleter:
        """The completion list (its popup is shown while completing)."""
        return self._completer

    @property
    def history(self) -> QueryHistory:
        """The queries run from this editor, most recent first."""
        return self._history

    def set_history(self, history: QueryHistory) -> None:
        """Use ``history`` (e.g. restored from settings) for Up/Down and for new runs."""
        self._history = history

    def set_suggest(self, suggest: Suggest | None) -> None:
        """Set the async value lookup (GET /jql/autocompletedata/suggestions)."""
        self._suggest = suggest

    def query(self) -> str:
        """The query as typed (line breaks are plain whitespace to JQL)."""
        return self.toPlainText()

    def set_query(self, text: str) -> None:
        """Replace the query (undoable), cursor at its end."""
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)

    def set_reference_data(self, data: dict[str, object]) -> None:
        """Take the body of GET /rest/api/2/jql/autocompletedata (fields, functions, words)."""
        self._fields.clear()
        self._field_order = []
        raw_fields = data.get("visibleFieldNames")
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
        self._functions = []
        raw_functions = data.get("visibleFunctionNames")
        for entry in raw_functions if isinstance(raw_functions, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("value"), str):
                types = frozenset(_strings(entry.get("types")))
                self._functions.append((str(entry["value"]), types))
        self._reserved = frozenset(w.lower() for w in _strings(data.get("jqlReservedWords")))

    def show_error(self, message: str, position: int | None = None) -> None:
        """Show Jira's JQL error under the text and mark ``position`` (parsed from the message's
        "(line L, character C)" when not given)."""
        if position is None:
            position = error_position(message, self.toPlainText())
        self._error_position = position
        self._error_label.setText(message)
        self._error_label.setToolTip(message)
        self._error_label.show()
        self._layout_error()
        self._mark_error()

    def clear_error(self) -> None:
        """Remove the error message and mark."""
        self._error_position = None
        self._error_label.clear()
        self._error_label.hide()
        self.setViewportMargins(0, 0, 0, 0)
        self.setExtraSelections([])

    @property
    def error_text(self) -> str:
        """The error shown under the editor ("" when none)."""
        return self._error_label.text() if self._error_label.isVisibleTo(self) else ""

    def complete_now(self) -> None:
        """Open completion for what is at the cursor (what Ctrl+Space does)."""
        self._refresh_completion(explicit=True)

    # --- Qt overrides ---------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """About three lines of text: a query box, not a document."""
        hint = super().sizeHint()
        lines = self.fontMetrics().lineSpacing() * 3
        margins = int(self.document().documentMargin() * 2) + self.frameWidth() * 2
        return QSize(hint.width(), lines + margins)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Run, newline, completion and history keys; everything else edits as usual."""
        key = event.key()
        mods = event.modifiers()
        popup = self._popup
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if popup.isVisible():
            if enter and not popup.currentIndex().isValid():
                popup.hide()  # nothing picked: Enter means run
            elif key == Qt.Key.Key_Tab and not popup.currentIndex().isValid():
                popup.setCurrentIndex(self._completer.completionModel().index(0, 0))
                event.ignore()  # the completer accepts the row we just picked
                return
            elif key == Qt.Key.Key_Escape:
                popup.hide()
                event.accept()
                return
            elif enter or key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                event.ignore()  # the completer accepts the picked row
                return
        if enter:
            if mods & Qt.KeyboardModifier.ShiftModifier:
                # QPlainTextEdit would insert U+2028 for Shift+Enter; a real line is wanted
                self.textCursor().insertBlock()
            else:
                self._run()
            event.accept()
            return
        if key == Qt.Key.Key_Space and mods & Qt.KeyboardModifier.ControlModifier:
            self.complete_now()
            event.accept()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not popup.isVisible():
            alt = bool(mods & Qt.KeyboardModifier.AltModifier)
            if self._walk_history(key == Qt.Key.Key_Up, alt):
                event.accept()
                return
        super().keyPressEvent(event)
        typed = bool(event.text()) and event.text().isprintable()
        if typed or key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._history.reset_walk()
            self._refresh_completion(explicit=False)

    def hideEvent(self, event: QHideEvent) -> None:
        """A hidden editor stops looking up values and closes its list."""
        self._cancel_suggestions()
        self._popup.hide()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the error line under the text, across the full width."""
        super().resizeEvent(event)
        self._layout_error()

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette switches (light/dark) with matching token colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_palette(self.palette())
            self._apply_error_palette()
            self._mark_error()

    # --- completion -----------------------------------------------------------------------

    def _context(self) -> CompletionContext:
        return context_at(self.toPlainText(), self.textCursor().position())

    def _field(self, name: str | None) -> _FieldInfo | None:
        if name is None:
            return None
        return self._fields.get(name.lower()) or self._fields.get(name.strip('"').lower())

    def _static_items(self, ctx: CompletionContext) -> list[tuple[str, str, str]]:
        """(display, text to insert, kind) rows that need no lookup."""
        rows: list[tuple[str, str, str]] = []
        if ctx.kind is ContextKind.FIELD:
            rows += [(f.display, f.value, "field") for f in self._field_order if f.searchable]
        elif ctx.kind is ContextKind.ORDER_FIELD:
            rows += [(f.display, f.value, "field") for f in self._field_order if f.orderable]
        elif ctx.kind is ContextKind.OPERATOR:
            info = self._field(ctx.field)
            operators = info.operators if info is not None and info.operators else _ALL_OPERATORS
            rows += [(op, op, "operator") for op in operators]
        elif ctx.kind is ContextKind.VALUE:
            info = self._field(ctx.field)
            if info is None or "is" in info.operators:
                rows += [("EMPTY", "EMPTY", "keyword"), ("NULL", "NULL", "keyword")]
            for name, types in self._functions:
                # offer only functions whose result type fits the field, when both are known
                if info is None or not types or not info.types or types & info.types:
                    rows.append((name, name, "function"))
        rows += [(word, word, "keyword") for word in ctx.keywords]
        return rows

    def _refresh_completion(self, explicit: bool) -> None:
        if self._inserting:
            return
        ctx = self._context()
        self._cancel_suggestions()
        if ctx.kind is ContextKind.NONE:
            self._popup.hide()
            return
        if ctx.kind is ContextKind.VALUE and self._suggest is not None:
            # Show what needs no lookup now; the site's values follow after the debounce.
            self._value_context = ctx
            self._explicit = explicit
            self._show(ctx, self._static_items(ctx), explicit=explicit)
            self._timer.start()
            return
        auto = bool(ctx.prefix) or ctx.kind is ContextKind.OPERATOR
        self._show(ctx, self._static_items(ctx), explicit=explicit or auto)

    def _show(
        self, ctx: CompletionContext, rows: list[tuple[str, str, str]], explicit: bool
    ) -> None:
        self._model.clear()
        for display, insert, kind in rows:
            item = QStandardItem(display)
            item.setData(insert, _INSERT_ROLE)
            item.setData(kind, _KIND_ROLE)
            item.setEditable(False)
            self._model.appendRow(item)
        # The site matches values anywhere in their names; names and keywords match by start.
        self._completer.setFilterMode(
            Qt.MatchFlag.MatchContains
            if ctx.kind is ContextKind.VALUE
            else Qt.MatchFlag.MatchStartsWith
        )
        self._completer.setCompletionPrefix(ctx.prefix)
        popup = self._popup
        if self._completer.completionCount() == 0 or not explicit or not self.hasFocus():
            popup.hide()
            return
        rect = self.cursorRect()
        width = popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 8
        rect.setWidth(max(160, min(width, 480)))
        self._completer.complete(QRect(rect))
        popup.setCurrentIndex(QModelIndex())  # nothing picked: Enter still runs

    def _cancel_suggestions(self) -> None:
        self._timer.stop()
        self._pending.cancel()

    def _start_suggestions(self) -> None:
        ctx = self._value_context
        if ctx is None or self._suggest is None or ctx.field is None:
            return
        self._pending.cancel()
        self._pending.task = asyncio.ensure_future(
            self._fill_values(self._suggest, ctx, self._generation, self._explicit)
        )

    async def _fill_values(
        self, suggest: Suggest, ctx: CompletionContext, generation: int, explicit: bool
    ) -> None:
        try:
            found = await suggest(ctx.field or "", ctx.prefix)
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed lookup leaves the static rows; the query still runs
            log.warning("JQL value suggestions for %r failed", ctx.field, exc_info=True)
            return
        if generation != self._generation:
            return  # the text changed while the site answered
        rows = [(plain_suggestion(display), value, "value") for value, display in found]
        self._show(ctx, rows + self._static_items(ctx), explicit=explicit or bool(rows))

    def _accept(self, index: QModelIndex) -> None:
        insert = index.data(_INSERT_ROLE)
        kind = index.data(_KIND_ROLE)
        if not isinstance(insert, str) or not isinstance(kind, str):
            return
        ctx = self._context()
        text = insert
        if kind == "value":
            text = quote_value(insert, self._reserved)
        elif kind == "field" and not insert.startswith('"') and needs_quoting(insert):
            text = quote_value(insert)
        if kind not in {"value", "function"}:
            following = self.toPlainText()[ctx.end : ctx.end + 1]
            if not following or not following.isspace():
                text += " "  # ready for the next part: field → operator → value
        cursor = self.textCursor()
        cursor.setPosition(ctx.start)
        cursor.setPosition(ctx.end, QTextCursor.MoveMode.KeepAnchor)
        self._inserting = True
        try:
            cursor.insertText(text)
        finally:
            self._inserting = False
        if kind not in ("value", "function") and not text.endswith(" "):
            cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)  # over the space there
        self.setTextCursor(cursor)
        if kind in ("field", "operator") or insert.upper() in ("AND", "OR", "BY", "ORDER BY"):
            # Go on to the next part of the clause (operators after a field, and so on);
            # queued so the completer finishes hiding its popup first.
            QTimer.singleShot(0, lambda: self._refresh_completion(explicit=True))

    # --- run, errors, history -------------------------------------------------------------

    def run(self) -> None:
        """Run the query as Enter does (the pane's Search button)."""
        self._run()

    def _run(self) -> None:
        text = self.toPlainText()
        self._cancel_suggestions()
        self._popup.hide()
        self._history.add(text)
        self.run_requested.emit(text)

    def _text_changed(self) -> None:
        self._generation += 1
        if self._error_position is not None or self._error_label.isVisibleTo(self):
            # the mark points into the text the site saw; after an edit it would point wrongly
            self._error_position = None
            self.setExtraSelections([])

    def _apply_error_palette(self) -> None:
        colour = _error_colour(self.palette())
        self._error_label.setStyleSheet(f"QLabel#jqlError {{ color: {colour.name()}; }}")

    def _layout_error(self) -> None:
        if not self._error_label.isVisibleTo(self):
            return
        rect = self.contentsRect()
        height = self._error_label.heightForWidth(rect.width() - 8)
        height = max(height, self.fontMetrics().height()) + 4
        self.setViewportMargins(0, 0, 0, height)
        self._error_label.setGeometry(
            QRect(rect.left() + 4, rect.bottom() - height + 1, rect.width() - 8, height)
        )

    def _mark_error(self) -> None:
        position = self._error_position
        text = self.toPlainText()
        if position is None:
            self.setExtraSelections([])
            return
        start, end = position, min(position + 1, len(text))
        for token in tokenize(text):
            if token.start <= position < token.end:
                start, end = token.start, token.end
                break
        if start >= len(text) and text:
            start, end = len(text) - 1, len(text)  # past the end: mark the last character
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        colour = _error_colour(self.palette())
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(colour)
        background = QColor(colour)
        background.setAlpha(60)
        fmt.setBackground(background)
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
        selection.format = fmt
        self.setExtraSelections([selection])

    @property
    def error_span(self) -> tuple[int, int] | None:
        """The (start, end) of the marked error in the text, if one is marked."""
        selections = self.extraSelections()
        if not selections:
            return None
        cursor = selections[0].cursor
        return (cursor.selectionStart(), cursor.selectionEnd())

    def _walk_history(self, older: bool, anywhere: bool) -> bool:
        cursor = self.textCursor()
        if not anywhere:
            probe = QTextCursor(cursor)
            moved = probe.movePosition(
                QTextCursor.MoveOperation.Up if older else QTextCursor.MoveOperation.Down
            )
            if moved and probe.position() != cursor.position():
                return False  # there is a line to move to: ordinary cursor movement
        entry = self._history.older(self.toPlainText()) if older else self._history.newer()
        if entry is None:
            return False
        self._inserting = True
        try:
            self.set_query(entry)
        finally:
            self._inserting = False
        return True
