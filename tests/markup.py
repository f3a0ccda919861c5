"""Read a page's navigation as a person would: what each link says, where it goes, and
which one is marked as the current page. Only the standard library (html.parser)."""

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Item:
    """A link, a menu button, or a plain list item (the breadcrumb's current page)."""

    text: str
    href: str | None = None
    current: bool = False  # aria-current="page"
    kind: str = "li"  # "a", "button" or "li"
    classes: str = ""


class _NavReader(HTMLParser):
    """The items inside the first <nav> whose aria-label is `label`."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label
        self.depth = 0  # <nav> nesting inside the wanted nav; 0 when outside it
        self.done = False
        self.items: list[Item] = []
        self.open: list[Item] = []  # items whose text is still being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            if self.depth:
                self.depth += 1
            elif not self.done and attrs.get("aria-label") == self.label:
                self.depth = 1
            return
        if not self.depth or tag not in ("a", "button", "li"):
            return
        if tag == "li" and self.open and self.open[-1].kind == "li":
            self.open.pop()  # an <li> holding a link or a menu is not an item itself
        item = Item("", attrs.get("href"), attrs.get("aria-current") == "page", tag,
                    attrs.get("class") or "")
        if tag != "li" and self.open and self.open[-1].kind == "li":
            self.open[-1] = item  # the link replaces the <li> that holds it
            self.items[-1] = item
        else:
            self.items.append(item)
        self.open.append(item)

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1
            self.done = self.depth == 0
            return
        if self.depth and self.open and self.open[-1].kind == tag:
            self.open.pop()

    def handle_data(self, data):
        if self.depth and self.open:
            self.open[-1].text += data


def nav_items(html: str, label: str) -> list[Item]:
    """Every link, menu button and plain item in the <nav aria-label="`label`">."""
    reader = _NavReader(label)
    reader.feed(html)
    for item in reader.items:
        item.text = " ".join(item.text.split())
    return [item for item in reader.items if item.text or item.href]


def breadcrumbs(html: str) -> list[Item]:
    return nav_items(html, "Breadcrumb")


def main_nav(html: str) -> list[Item]:
    return nav_items(html, "Main")
