"""spaCy pipelines: ``spacy.blank(lang)`` plus a sentencizer that also breaks at line ends.

No trained models exist for our languages here, so we build on blank pipelines with our own
components. Abbreviations that must not end a sentence come from ``lang/<xx>/abbreviations.yml``.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, LIKE_NUM, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extract.article import Sentence
from extract.langpack import load_pack

_STARTS = "sentence_start_chars"  # Doc.user_data key: where each sentence starts, set by our sentencizer
_ENDERS = {".", "!", "?", "…", "..."}
_ENUMERATOR = re.compile(r"\d{1,2}|[A-Za-zА-Яа-я]|[IVX]{1,4}")


@Language.component("line_and_punct_sentencizer")
def line_and_punct_sentencizer(doc: Doc) -> Doc:
    """Sentence starts after line breaks, and after . ! ? unless the word before is an abbreviation."""
    lookups = doc.vocab.lookups
    abbrevs = lookups.get_table("abbreviations") if lookups.has_table("abbreviations") else {}
    if len(doc) == 0:
        return doc
    # token attributes as plain lists: a Token object per lookup costs more than the tokenizer
    idx, orth, space, num = zip(*doc.to_array([IDX, ORTH, IS_SPACE, LIKE_NUM]).tolist())
    strings = doc.vocab.strings
    words = [strings[o] for o in orth]   # (Doc.text would build every Token again)
    flags = [1]  # set all at once: Token.is_sent_start rescans the whole doc on every assignment
    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        if space[i - 1] and "\n" in prev:
            start = True
        elif space[i]:
            start = False
        elif prev == "." and i >= 2 and flags[i - 2] == 1 and _ENUMERATOR.fullmatch(words[i - 2]):
            start = False   # "1. Departments finish ...": a list item's number opens the line, not a sentence
        elif prev in _ENDERS:
            before = words[i - 2].lower() + "." if i >= 2 else ""
            start = _looks_like_start(word) and before not in abbrevs
        elif flags[i - 1] == 1 and prev.endswith(".") and _ENUMERATOR.fullmatch(prev.rstrip(".")):
            start = False
        elif len(prev) > 1 and prev.endswith(".") and (not num[i - 1] or prev[:-1].isdigit()):
            # "Nghị quyết 57. Tiếp theo": a number closing a sentence (some tokenizers keep the stop on it)
            start = prev.lower() not in abbrevs and _looks_like_start(word)
        else:
            start = False
        flags.append(1 if start else -1)
    doc.from_array([SENT_START], numpy.asarray(flags, dtype="int32").astype("uint64").reshape(-1, 1))
    doc.user_data[_STARTS] = [a for a, f in zip(idx, flags) if f == 1]
    return doc


def _looks_like_start(t: str) -> bool:
    if not t:
        return False
    c = t[0]
    return c.isupper() or c.isdigit() or c in "«\"“„'(–—-"


@lru_cache(maxsize=None)
def get_nlp(lang: str) -> Language:
    if lang == "vi":
        # pyvi's word segmentation is not needed for our matchers and costs much time.
        nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    else:
        nlp = spacy.blank(lang)
    pack = load_pack(lang)
    abbrevs = [a.lower() for a in pack.get("abbreviations", {}).get("abbreviations", [])]
    table = nlp.vocab.lookups.add_table("abbreviations")
    for a in abbrevs:
        table[a] = True
    nlp.add_pipe("line_and_punct_sentencizer")
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    return nlp


# spaCy's affix splitting takes time quadratic in the length of a run without spaces (30,000 '«'
# took minutes); no word of a report is this long, so such runs are cut into plain pieces.
_LONG_RUN = re.compile(r"\S{300,}")
_PIECE = 100


class BoundedTokenizer:
    """spaCy's tokenizer, except that runs of 300+ non-space characters become 100-character tokens."""

    def __init__(self, base):
        self.base = base
        self.vocab = base.vocab

    def __call__(self, text: str) -> Doc:
        if not _LONG_RUN.search(text):
            return self.base(text)
        docs, pos = [], 0
        for m in _LONG_RUN.finditer(text):
            if m.start() > pos:
                docs.append(self.base(text[pos:m.start()]))
            run = m.group()
            pieces = [run[i:i + _PIECE] for i in range(0, len(run), _PIECE)]
            docs.append(Doc(self.vocab, words=pieces, spaces=[False] * len(pieces)))
            pos = m.end()
        if pos < len(text):
            docs.append(self.base(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)


def sentences_of(doc: Doc, text: str | None = None) -> list[Sentence]:
    """Sentences as character spans with surrounding whitespace trimmed. ``text`` is the text the
    Doc was made from, if the caller has it (``Doc.text`` is rebuilt token by token)."""
    out: list[Sentence] = []
    text = doc.text if text is None else text
    starts = doc.user_data.get(_STARTS)
    if starts is None:  # a Doc our sentencizer did not see
        starts = [sent.start_char for sent in doc.sents]
    for start, end in zip(starts, [*starts[1:], len(text)]):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(len(out), start, end, text[start:end]))
    return out
