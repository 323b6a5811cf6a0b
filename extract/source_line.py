"""Find the 'Source: URL' line that translated republications end with."""
from __future__ import annotations

import re

# "Источник:", "Джерело:", "Source:", "Nguồn:" followed by a URL on the same line.
_SOURCE = re.compile(r"(?im)^\s*(?:источник|джерело|source|nguồn|nguon)\s*:\s*(https?://\S+)\s*$")


def cited_url(text: str) -> str | None:
    """The last cited source URL in the text, if any."""
    found = _SOURCE.findall(text)
    return found[-1].rstrip(").,;") if found else None
