"""Renderers: findings and progress as text, JSON, SARIF and GitHub annotations, shared by the
command line and the terminal UI. They format what the use cases computed; they read no files."""
