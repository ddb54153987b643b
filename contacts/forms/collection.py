"""The collection check form: which child, who is at the door, collecting or dropping off."""

from django import forms

from ..models import Child, CollectionCheck, ContactType, Person

UNLISTED = "unlisted"

CHILD_NOT_HERE = "Choose a child who is on roll at your site."
NOT_THEIR_PERSON = "Choose one of this child's people, or someone not listed."
DESCRIBE_THEM = "Describe who is there: their name, and how they say they know the child."


class CollectionCheckForm(forms.Form):
    child = forms.ModelChoiceField(
        queryset=Child.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": "Choose the child first.", "invalid_choice": CHILD_NOT_HERE},
    )
    # A person's pk, or UNLISTED. Checked against the chosen child's people in clean().
    person = forms.CharField(error_messages={"required": "Choose who is there."})
    unlisted_description = forms.CharField(
        label="If not listed: who is there?",
        max_length=CollectionCheck._meta.get_field("unlisted_description").max_length,
        required=False,
        help_text="Their name, and how they say they know the child.",
    )
    handover = forms.ChoiceField(
        label="Are they collecting or dropping off?",
        choices=[(t.value, t.label) for t in (ContactType.COLLECTION, ContactType.DROP_OFF)],
        initial=ContactType.COLLECTION,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choose collection or drop-off."},
    )

    def __init__(self, *args, children, **kwargs):
        """`children`: the children this user may check (on roll at their sites)."""
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children

    def clean(self):
        cleaned = super().clean()
        child, choice = cleaned.get("child"), cleaned.get("person")
        if child is None or not choice:
            return cleaned
        if choice == UNLISTED:
            cleaned["person"] = None
            if not cleaned.get("unlisted_description", "").strip():
                self.add_error("unlisted_description", DESCRIBE_THEM)
            return cleaned
        try:
            person = Person.objects.filter(pk=int(choice), relationships__child=child).first()
        except ValueError:
            person = None
        if person is None:
            self.add_error("person", NOT_THEIR_PERSON)
        else:
            cleaned["person"] = person
        return cleaned


class CollectionPasswordForm(forms.Form):
    word = forms.CharField(
        label="The word they gave",
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        help_text="Type exactly what they say. The word is checked, not kept.",
    )


class DoorDecisionForm(forms.Form):
    """The DSL's answer at the door. A refusal under an order stands: only "do not" is offered."""

    GO_AHEAD, HOLD = "go_ahead", "hold"

    decision = forms.ChoiceField(
        label="Your answer",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your answer."},
    )
    note = forms.CharField(
        label="What you decided and why",
        max_length=500,
        help_text="The desk sees this: say what they must do. Do not name another child or say "
        "what an order is about.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what you decided and why."},
    )

    def __init__(self, *args, refused: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(self.HOLD, "Do not hand over")]
        if not refused:
            choices.insert(0, (self.GO_AHEAD, "They may go ahead"))
        self.fields["decision"].choices = choices


class _SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=80)


def search_text(query) -> str:
    """What was typed to find a child, or nothing if it cannot be a name (a NUL byte, say)."""
    form = _SearchForm(query)
    return form.cleaned_data["q"] if form.is_valid() else ""
