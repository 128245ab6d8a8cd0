"""Render core results as terminal tables, Markdown and HTML; JSON is each result's to_json()."""
