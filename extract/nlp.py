"""spaCy pipelines for sentence splitting: a lean spaCy tokenizer and a sentencizer that also
breaks at line ends.

Tokens serve one purpose here: telling where sentences end. spaCy's full per-language tokenizer
rules cost more than every extraction stage together on Russian, so each pipeline gets a
``spacy.tokenizer.Tokenizer`` with only the affix rules the sentencizer reads
(``extract/data/tokenizer.yml``). Abbreviations that must not end a sentence come from
``lang/<xx>/abbreviations.yml``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from extract.article import Sentence
from extract.langpack import load_data, load_pack
from extract.letters import UPPER_LETTERS

_STARTS = "sentence_start_chars"  # Doc.user_data key: where each sentence starts, set by our sentencizer
_ENDERS = {".", "!", "?", "…", "..."}
_ENUMERATOR = re.compile(r"\d{1,2}|[A-Za-zА-Яа-я]|[IVX]{1,4}")


_TEXT = "text"  # Doc.user_data key: the text the tokenizer was given (Doc.text rebuilds it token by token)
# stops and line breaks; a stop between digits ("1.227", "2.5") never ends a token
# (the class comes first so that the regex engine skips straight to candidates)
_MARKS = re.compile(r"[.!?…\n](?:(?<=\n)|(?<!\d.)|(?!\d))")


@Language.component("line_and_punct_sentencizer")
def line_and_punct_sentencizer(doc: Doc) -> Doc:
    """Sentence starts after line breaks, and after . ! ? unless the word before is an abbreviation.

    Only a token right after a stop mark or a line break can open a sentence, so just those few
    are looked at (found by one regex over the text); every other token stays inside its sentence.
    """
    n = len(doc)
    if n == 0:
        return doc
    lookups = doc.vocab.lookups
    abbrevs = lookups.get_table("abbreviations") if lookups.has_table("abbreviations") else {}
    text = doc.user_data.get(_TEXT) or doc.text
    idx = doc.to_array(IDX).tolist()   # where each token starts; tokens hold no whitespace but their own
    candidates = []
    after_line = set()   # tokens after a whitespace token holding a line break: always a start
    for m in _MARKS.finditer(text):
        p = m.start()
        j = bisect_right(idx, p) - 1          # the token holding the mark
        if j + 1 >= n:
            continue
        if text[p] == "\n":   # a line break is always inside a whitespace token
            after_line.add(j + 1)
        elif p + 1 == idx[j + 1] or text[p + 1].isspace():
            candidates.append(j + 1)   # the stop ends its token: what follows may open a sentence

    def word(j: int) -> str:
        return text[idx[j]:idx[j + 1]].rstrip(" ") if j + 1 < n else text[idx[j]:].rstrip(" ")

    def space(j: int) -> bool:
        return text[idx[j]].isspace()

    starts = [0]
    opened = {0}
    for i in sorted(after_line.union(candidates)):
        if i in after_line:
            starts.append(i)
            opened.add(i)
            continue
        prev, cur = word(i - 1), word(i)
        if space(i):
            start = False
        elif prev == "." and i >= 2 and i - 2 in opened and _ENUMERATOR.fullmatch(word(i - 2)):
            start = False   # "1. Departments finish ...": a list item's number opens the line, not a sentence
        elif prev in _ENDERS:
            before = word(i - 2).lower() + "." if i >= 2 else ""
            start = _looks_like_start(cur) and before not in abbrevs
        elif i - 1 in opened and prev.endswith(".") and _ENUMERATOR.fullmatch(prev.rstrip(".")):
            start = False
        elif len(prev) > 1 and prev.endswith(".") and (not doc[i - 1].like_num or prev[:-1].isdigit()):
            # "Nghị quyết 57. Tiếp theo": a number closing a sentence (a whitespace tokenizer keeps the stop on it)
            start = prev.lower() not in abbrevs and _looks_like_start(cur)
        else:
            start = False
        if start:
            starts.append(i)
            opened.add(i)
    flags = numpy.full(n, -1, dtype="int32")
    flags[starts] = 1   # set all at once: Token.is_sent_start rescans the whole doc on every assignment
    doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
    doc.user_data[_STARTS] = [int(idx[i]) for i in starts]
    return doc


def _looks_like_start(t: str) -> bool:
    if not t:
        return False
    c = t[0]
    return c.isupper() or c.isdigit() or c in "«\"“„'(–—-"


@lru_cache(maxsize=None)
def get_nlp(lang: str) -> Language:
    """``spacy.blank(lang)`` with our lean tokenizer, abbreviations and sentencizer."""
    nlp = spacy.blank(lang, config={"nlp": {"tokenizer": {"use_pyvi": False}}} if lang == "vi" else {})
    pack = load_pack(lang)
    abbrevs = [a.lower() for a in pack.get("abbreviations", {}).get("abbreviations", [])]
    table = nlp.vocab.lookups.add_table("abbreviations")
    for a in abbrevs:
        table[a] = True
    nlp.add_pipe("line_and_punct_sentencizer")
    nlp.tokenizer = BoundedTokenizer(_lean_tokenizer(nlp, lang))
    return nlp


def _lean_tokenizer(nlp: Language, lang: str) -> Tokenizer:
    """A spaCy tokenizer with only the affix rules of ``extract/data/tokenizer.yml``."""
    rules = load_data("tokenizer")
    if lang in rules["whitespace_only"]:
        return Tokenizer(nlp.vocab)

    def compiled(patterns: list[str], where: str) -> re.Pattern:
        body = "|".join(p.replace("{upper}", UPPER_LETTERS) for p in patterns)
        return re.compile({"prefix": f"^(?:{body})", "suffix": f"(?:{body})$", "infix": body}[where])

    return Tokenizer(nlp.vocab, prefix_search=compiled(rules["prefixes"], "prefix").search,
                     suffix_search=compiled(rules["suffixes"], "suffix").search,
                     infix_finditer=compiled(rules["infixes"], "infix").finditer)


# spaCy's affix splitting takes time quadratic in the length of a run without spaces (30,000 '«'
# took minutes); no word of a report is this long, so such runs are cut into plain pieces.
_LONG_RUN = re.compile(r"(?<!\S)\S{300,}")  # from a run's first character only: linear time
# the same question, faster: skip whole runs shorter than 300 (possessive: no backtracking)
_HAS_LONG_RUN = re.compile(r"\s*+(?:\S{1,299}+\s++)*+\S{300}")
_PIECE = 100


class BoundedTokenizer:
    """spaCy's tokenizer, except that runs of 300+ non-space characters become 100-character tokens."""

    def __init__(self, base):
        self.base = base
        self.vocab = base.vocab

    def __call__(self, text: str) -> Doc:
        doc = self._tokens(text)
        doc.user_data[_TEXT] = text
        return doc

    def _tokens(self, text: str) -> Doc:
        if not _HAS_LONG_RUN.match(text):
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
