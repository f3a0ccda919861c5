"""Reads for pages, by subject: surveys.py (the builder), runs.py (progress, what waits for
someone), reports.py (results behind the anonymity thresholds)."""
