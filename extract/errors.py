"""Typed errors of the extractor; only the command line turns them into messages for people."""


class ExtractError(Exception):
    """Input that cannot be extracted (empty, binary, not text)."""


class UnknownLanguage(ExtractError):
    """A language code outside the supported packs was asked for."""
