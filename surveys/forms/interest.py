"""The topics page's filter: the department, or one division."""

from django import forms

from programs.forms import BoundedForm
from programs.models import Division


class TopicSupplyQuery(BoundedForm):
    division = forms.ModelChoiceField(queryset=Division.objects.none(), required=False,
                                      empty_label="The whole department")

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = Division.objects.filter(department=department)
