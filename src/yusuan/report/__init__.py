"""Reports of check results: text (terminal), JSON (stable contract), HTML."""
