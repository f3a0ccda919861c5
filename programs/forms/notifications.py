"""How each kind of notification reaches a person: one choice per kind."""

from django import forms

from programs.forms import BoundedForm, submit_helper
from programs.models.notifications import Kind, Notification

# The digest itself is always emailed at once (or not at all): offering "in the digest"
# for the digest would put it nowhere.
CHOOSABLE = [kind for kind in Kind if kind != Kind.DIGEST]
CHOICES = [(Notification.Delivery.IMMEDIATE, "By email, as it happens"),
           (Notification.Delivery.DIGEST, "By email, in a weekly digest"),
           (Notification.Delivery.IN_APP, "In the app only (no email)")]


def field_name(kind: str) -> str:
    return "kind_" + kind.replace("-", "_")


class NotificationPreferencesForm(BoundedForm):
    """Every message is in the notification centre whatever is chosen here; this decides
    only whether and when it is also emailed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in CHOOSABLE:
            self.fields[field_name(kind)] = forms.ChoiceField(
                label=kind.label, choices=CHOICES, required=False)
        self.helper = submit_helper("Save my choices")

    def deliveries(self) -> dict[str, str]:
        """A kind the post left out keeps its current choice."""
        return {kind.value: (self.cleaned_data.get(field_name(kind))
                             or self.initial.get(field_name(kind))
                             or Notification.Delivery.IMMEDIATE) for kind in CHOOSABLE}
