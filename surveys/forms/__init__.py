"""Forms, by subject: building (builder.py), launching (runs.py), answering (answers.py)."""
