"""Turn one article's text into officials, task reports, rankings, directives and meeting facts.

Pure: text in, records out. No network, no database. The output of :func:`extract` follows
``extract/schema/extraction.schema.json``.
"""
from extract.pipeline import extract, extract_html, EXTRACTOR_VERSION
from extract.errors import ExtractError, UnknownLanguage

__all__ = ["extract", "extract_html", "EXTRACTOR_VERSION", "ExtractError", "UnknownLanguage"]
