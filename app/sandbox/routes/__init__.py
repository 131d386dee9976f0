"""Route modules of the sandbox, one per area of Jira's REST API, all over one ``Store``."""
