"""The Textual front end: draft, review and improve OKRs interactively."""
