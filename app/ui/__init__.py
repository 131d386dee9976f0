"""Windows, panes, dialogs and widgets; controllers run async work on the qasync loop."""
