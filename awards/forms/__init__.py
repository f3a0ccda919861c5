"""Forms for awards, by subject (every one a programs.forms.BoundedForm)."""
