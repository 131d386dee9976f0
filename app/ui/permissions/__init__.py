"""The Permissions pane: permission schemes, their grants, comparisons and "who can"."""
