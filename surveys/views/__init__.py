"""Pages, by subject: builder.py, runs.py (launch, progress, results), answers.py."""
