from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from programs.models import Department
from programs.services.roster import MAX_BYTES


class RosterUploadForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), empty_label=None)
    file = forms.FileField(
        label="Roster file (CSV)",
        help_text="Columns: employee_id, email, first_name, last_name, division, site, rank, "
        "position, appointment_date (YYYY-MM-DD), trained_here, new_to_country, status, "
        "departure_date, departure_reason.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        if departments.count() == 1:
            self.fields["department"].initial = departments.first()
            self.fields["department"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.add_input(Submit("preview", "Check file and preview"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB.")
        return upload
