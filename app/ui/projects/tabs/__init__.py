"""The tabs of a project's detail: one module per tab, composed by ``ProjectDetailView``."""
