"""The summary's blueprint (`routes.py`) and its renderers: Markdown, PDF, JSON."""
