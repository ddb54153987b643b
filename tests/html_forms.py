"""The forms on a page as a browser sees them: where each one goes, its fields, their options
and what the page filled in."""

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # an <input> type, "select", "textarea" or "submit" (a named button)
    options: tuple[str, ...] = ()  # the values offered by a select, radios, checkboxes, buttons
    initial: tuple[str, ...] = ()  # what the browser would send if nobody touched the field
    multiple: bool = False
    max_length: int | None = None


@dataclass(frozen=True)
class PageForm:
    method: str  # "get" or "post"
    action: str  # path and query string
    fields: tuple[Field, ...]

    def initial(self) -> dict[str, list[str]]:
        """The submission of the untouched form (without pressing a named button)."""
        return {f.name: list(f.initial) for f in self.fields if f.initial and f.kind != "submit"}


def forms_on(html: str, page_url: str) -> list[PageForm]:
    soup = BeautifulSoup(html, "html.parser")
    forms = []
    for form in soup.find_all("form"):
        controls = form.find_all(["input", "select", "textarea", "button"])
        action = urlsplit(urljoin(page_url, form.get("action") or page_url))
        forms.append(
            PageForm(
                method=(form.get("method") or "get").lower(),
                action=action.path + (f"?{action.query}" if action.query else ""),
                fields=_fields(controls),
            )
        )
    return forms


def _fields(controls) -> tuple[Field, ...]:
    grouped: dict[str, list] = {}
    for control in controls:
        if control.get("name") and not control.has_attr("disabled"):
            grouped.setdefault(control["name"], []).append(control)
    return tuple(_field(name, group) for name, group in grouped.items())


def _kind(control) -> str:
    if control.name in {"select", "textarea"}:
        return control.name
    kind = (control.get("type") or ("submit" if control.name == "button" else "text")).lower()
    return "submit" if kind in {"submit", "image"} else kind


def _field(name: str, group) -> Field:
    first, kind = group[0], _kind(group[0])
    max_length = int(first["maxlength"]) if first.get("maxlength", "").isdigit() else None
    if kind == "select":
        options = tuple(o.get("value", o.get_text()) for o in first.find_all("option"))
        chosen = tuple(
            o.get("value", o.get_text()) for o in first.find_all("option") if o.has_attr("selected")
        )
        multiple = first.has_attr("multiple")
        initial = chosen or (options[:1] if options and not multiple else ())
        return Field(name, kind, options, initial, multiple)
    if kind in {"radio", "checkbox", "submit"}:
        options = tuple(c.get("value", "on") for c in group)
        checked = tuple(c.get("value", "on") for c in group if c.has_attr("checked"))
        return Field(name, kind, options, checked, multiple=kind == "checkbox" and len(group) > 1)
    value = first.get_text() if kind == "textarea" else first.get("value", "")
    return Field(name, kind, (), (value,), max_length=max_length)
