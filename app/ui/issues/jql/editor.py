"""The JQL editor: colouring, completion from the site's reference data, errors and history.

Keys (the placeholder and tooltip say the same):

- Enter (or Ctrl+Enter) runs the query (``run_requested``); Shift+Enter inserts a line break.
- Ctrl+Space opens completion; while the list is open, Down/Up pick, Enter or Tab accept,
  Escape closes. Enter with nothing picked closes the list and runs the query, so a list that
  popped up by itself never swallows the Enter meant to run.
- Up on the first line / Down on the last line walk the history; Alt+Up / Alt+Down walk it from
  anywhere in a multi-line query.

The editor never talks to the site: the caller passes the ``/jql/autocompletedata`` body to
``set_reference_data``, an async ``suggest(field, prefix)`` for the suggestions endpoint, and
may pass its task runner (``set_task_spawner``) to own the lookups. Colours live in
``highlighter``, the completion list and lookups in ``completer``, Jira's error in
``error_panel``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFontDatabase,
    QHideEvent,
    QKeyEvent,
    QResizeEvent,
    QShowEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QSizePolicy, QTextEdit, QWidget

from app.domain.jql_history import QueryHistory
from app.domain.jql_tokens import error_position
from app.ui.issues.jql.completer import JqlCompletion, Suggest, TaskSpawner
from app.ui.issues.jql.error_panel import JqlErrorPanel
from app.ui.issues.jql.highlighter import JqlHighlighter, error_colour, error_mark_format

__all__ = ["JqlEditor", "Suggest", "TaskSpawner"]

_QUERY_LINES = 3  # the query box is this tall whatever the error under it


class JqlEditor(QPlainTextEdit):
    """A JQL query editor (one logical query; wraps): see the module docstring for its keys."""

    run_requested = Signal(str)

    def __init__(self, suggest: Suggest | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history = QueryHistory()
        self._inserting = False
        self._text = ""  # the text before the edit being reported
        self._hint_height = 0  # the height asked of the owner's layout

        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # as tall as the query box and the error under it: the error never covers the query
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setPlaceholderText(
            'JQL, e.g. project = ABC AND status = "In Progress" ORDER BY created DESC'
            "  (Enter runs, Shift+Enter new line, Ctrl+Space completes)"
        )
        self.setToolTip(
            "Enter: run · Shift+Enter: new line · Ctrl+Space: complete · "
            "Up/Down at the first/last line (or Alt+Up/Down): history"
        )
        self.highlighter = JqlHighlighter(self.document(), self.palette())
        self._completion = JqlCompletion(self)
        self._completion.set_suggest(suggest)
        self._completion.accepted.connect(self._accept)

        self._error = JqlErrorPanel(self)
        self._error.hide()
        self._error.height_changed.connect(self._layout_error)
        self._error_position: int | None = None
        self.document().contentsChange.connect(self._contents_changed)
        # after the scroll settles: mid-layout, asking what is visible would lay out again
        self._visible_timer = QTimer(self)
        self._visible_timer.setSingleShot(True)
        self._visible_timer.setInterval(0)
        self._visible_timer.timeout.connect(self._report_visible)
        self.verticalScrollBar().valueChanged.connect(self._visible_timer.start)
        self._apply_error_palette()

    # --- public API -----------------------------------------------------------------------

    @property
    def completer(self) -> QCompleter:
        """The completion list (its popup is shown while completing)."""
        return self._completion.completer

    @property
    def completion(self) -> JqlCompletion:
        """The completion list and the value lookups behind it."""
        return self._completion

    @property
    def error_panel(self) -> JqlErrorPanel:
        """Jira's error under the query (hidden when there is none)."""
        return self._error

    @property
    def history(self) -> QueryHistory:
        """The queries run from this editor, most recent first."""
        return self._history

    def set_history(self, history: QueryHistory) -> None:
        """Use ``history`` (e.g. restored from settings) for Up/Down and for new runs."""
        self._history = history

    def set_suggest(self, suggest: Suggest | None) -> None:
        """Set the async value lookup (GET /jql/autocompletedata/suggestions)."""
        self._completion.set_suggest(suggest)

    def set_task_spawner(self, spawn: TaskSpawner) -> None:
        """Start the editor's tasks (value lookups) through ``spawn(label, coroutine)``."""
        self._completion.set_task_spawner(spawn)

    def cancel_tasks(self) -> None:
        """Cancel the value lookup in flight and close the list."""
        self._completion.hide()

    def query(self) -> str:
        """The query as typed (line breaks are plain whitespace to JQL)."""
        return self.toPlainText()

    def set_query(self, text: str) -> None:
        """Replace the query (undoable), cursor at its end; an error about the old one goes."""
        self.cancel_tasks()
        self.clear_error()
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)

    def set_reference_data(self, data: dict[str, object]) -> None:
        """Take the body of GET /rest/api/2/jql/autocompletedata (fields, functions, words)."""
        self._completion.set_reference_data(data)

    def show_error(self, message: str, position: int | None = None) -> None:
        """Show Jira's JQL error under the text and mark ``position`` (parsed from the message's
        "(line L, character C)" when not given)."""
        if position is None:
            position = error_position(message, self.toPlainText())
        self._error_position = position
        self._error.set_message(message)
        self._error.show()
        self._layout_error()
        self._mark_error()

    def clear_error(self) -> None:
        """Remove the error message and mark."""
        self._error_position = None
        self._error.set_message("")
        self._error.hide()
        self._layout_error()
        self.setExtraSelections([])

    @property
    def error_text(self) -> str:
        """The error shown under the editor ("" when none)."""
        return self._error.message if self._error.isVisibleTo(self) else ""

    @property
    def error_span(self) -> tuple[int, int] | None:
        """The (start, end) of the marked error in the text, if one is marked."""
        selections = self.extraSelections()
        if not selections:
            return None
        cursor = selections[0].cursor
        return (cursor.selectionStart(), cursor.selectionEnd())

    def complete_now(self) -> None:
        """Open completion for what is at the cursor (what Ctrl+Space does)."""
        self._refresh_completion(explicit=True)

    def run(self) -> None:
        """Run the query as Enter does (the pane's Search button)."""
        text = self.toPlainText()
        self._completion.hide()
        self._history.add(text)
        self.run_requested.emit(text)

    # --- Qt overrides ---------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """Three lines of query, plus the error under them: a query box, not a document."""
        hint = super().sizeHint()
        return QSize(hint.width(), self._query_height() + self._error_height())

    def minimumSizeHint(self) -> QSize:
        """Never shorter than the query box and its error."""
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Run, newline, completion and history keys; everything else edits as usual."""
        key = event.key()
        mods = event.modifiers()
        popup = self._completion.popup
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if popup.isVisible():
            if enter and not popup.currentIndex().isValid():
                popup.hide()  # nothing picked: Enter means run
            elif key == Qt.Key.Key_Tab and not popup.currentIndex().isValid():
                popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
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
                self.run()
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

    def showEvent(self, event: QShowEvent) -> None:
        """Tell the highlighter what is on screen."""
        super().showEvent(event)
        self._report_visible()

    def hideEvent(self, event: QHideEvent) -> None:
        """A hidden editor stops looking up values and closes its list."""
        self.cancel_tasks()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the error under the text, between the scroll bars (this also runs when the
        viewport is resized, as when a scroll bar comes or goes)."""
        super().resizeEvent(event)
        self._layout_error()
        self._report_visible()

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette switches (light/dark) with matching token colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_palette(self.palette())
            self._apply_error_palette()
            self._mark_error()

    # --- completion -----------------------------------------------------------------------

    def _refresh_completion(self, explicit: bool) -> None:
        if self._inserting:
            return
        stream = self.highlighter.stream
        self._completion.refresh(stream.context_at(self.textCursor().position()), explicit)

    def _accept(self, text: str, kind: str) -> None:
        ctx = self.highlighter.stream.context_at(self.textCursor().position())
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
        if kind in ("field", "operator") or text.strip().upper() in ("AND", "OR", "BY", "ORDER BY"):
            # Go on to the next part of the clause (operators after a field, and so on);
            # queued so the completer finishes hiding its popup first.
            QTimer.singleShot(0, self, lambda: self._refresh_completion(explicit=True))

    # --- errors, what is visible, history ---------------------------------------------------

    def _contents_changed(self, position: int, removed: int, added: int) -> None:
        old = self._text
        # the highlighter, connected first, has already read the new text
        self._text = text = self.highlighter.stream.text
        if text == old:
            return  # a change of formats only
        replaced = bool(old) and position == 0 and removed >= len(old)
        if replaced or not text:
            self.clear_error()  # an error about a query that is gone
        elif self._error_position is not None:
            # the mark points into the text the site saw; after an edit it would point wrongly
            self._error_position = None
            self.setExtraSelections([])

    def _report_visible(self) -> None:
        viewport = self.viewport()
        first = self.cursorForPosition(QPoint(0, 0)).position()
        last = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        self.highlighter.show_range(first, last)

    def _query_height(self) -> int:
        margins = int(self.document().documentMargin() * 2) + self.frameWidth() * 2
        bar = self.horizontalScrollBar()
        if bar.isVisibleTo(self):
            margins += bar.sizeHint().height()
        return self.fontMetrics().lineSpacing() * _QUERY_LINES + margins

    def _error_height(self) -> int:
        if not self._error.isVisibleTo(self):
            return 0
        return self._error.height_for(self.viewport().width())

    def _layout_error(self) -> None:
        height = self._error_height()
        if height != self.viewportMargins().bottom():
            self.setViewportMargins(0, 0, 0, height)  # lays the viewport out again at once
        if height:
            # the margin is the strip under the viewport, between the scroll bars
            under = self.viewport().geometry()
            self._error.setGeometry(QRect(under.left(), under.bottom() + 1, under.width(), height))
        hint = self._query_height() + height
        if hint != self._hint_height:
            self._hint_height = hint
            self.updateGeometry()  # the owner's layout makes room for the error

    def _apply_error_palette(self) -> None:
        self._error.set_colour(error_colour(self.palette()))

    def _mark_error(self) -> None:
        position = self._error_position
        text = self.highlighter.stream.text
        if position is None:
            self.setExtraSelections([])
            return
        token = self.highlighter.stream.token_at(position)
        start, end = (token.start, token.end) if token else (position, min(position + 1, len(text)))
        if start >= len(text) and text:
            start, end = len(text) - 1, len(text)  # past the end: mark the last character
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = error_mark_format(self.palette())
        self.setExtraSelections([selection])

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
