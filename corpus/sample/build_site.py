"""Render the sample site (``site/``) from the article files in ``articles/``.

Adding an article means adding a YAML file; run ``python corpus/sample/build_site.py`` and
commit the regenerated site (a test checks the checked-in site equals a fresh build).
Links use ``__BASE_URL__``, which the sample server replaces with its own address.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
PER_PAGE = 4
SECTIONS = {"thoi-su": "Thời sự", "chuyen-doi-so": "Chuyển đổi số", "the-thao": "Thể thao",
            "xa-hoi": "Xã hội", "english": "English"}
_CAPTION = re.compile(r"^\|\s*(.*?)\s*\|?$")
_NOISE = re.compile(r"^(Комментарий|Коментар|Comment|Bình luận)\s*\(\d+\)\s*$")


def load_articles() -> list[dict]:
    out = []
    for path in sorted(ARTICLES.glob("*.yml")):
        a = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "body_file" in a:
            a["body"] = (path.parent / a["body_file"]).resolve().read_text(encoding="utf-8")
        a["written_for_sample"] = "body_file" not in a
        out.append(a)
    return sorted(out, key=lambda a: (str(a["date"]), a["slug"]), reverse=True)


def body_html(body: str) -> str:
    """Paragraphs, with the photo captions of real pages turned into figures."""
    parts, lines, i = [], [ln.strip() for ln in body.splitlines()], 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line or _NOISE.match(line):
            continue
        if line.startswith("![]()"):  # image marker; the caption follows on the next line
            cap = ""
            if i < len(lines) and lines[i].endswith("|"):
                cap, i = lines[i].rstrip("|").strip(), i + 1
            parts.append(_figure(cap))
        elif line.startswith("[caption]"):
            parts.append(_figure(line[len("[caption]"):].strip()))
        elif line.startswith("|") and line.endswith("|"):
            parts.append(_figure(_CAPTION.match(line).group(1)))
        elif line.endswith(" |"):
            parts.append(_figure(line.rstrip("|").strip()))
        else:
            parts.append(f"<p>{html.escape(line)}</p>")
    return "\n".join(parts)


def _figure(caption: str) -> str:
    return (f'<figure class="photo"><img src="__BASE_URL__/static/photo.svg" alt="">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def article_url(a: dict) -> str:
    return f"__BASE_URL__/tin-tuc/{a['slug']}.html"


def page(title: str, content: str, *, lang: str = "vi", head: str = "") -> str:
    menu = "".join(f'<li><a href="__BASE_URL__/chuyen-muc/{k}/">{v}</a></li>' for k, v in SECTIONS.items())
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} | Báo Mẫu</title>
{head}</head>
<body>
<header class="site-header"><a class="logo" href="__BASE_URL__/">Báo Mẫu</a>
<nav class="menu"><ul><li><a href="__BASE_URL__/">Trang chủ</a></li>{menu}</ul></nav>
<form class="search" action="__BASE_URL__/tim-kiem"><input name="q" placeholder="Tìm kiếm"></form>
</header>
<main>
{content}
</main>
<footer class="site-footer"><p>Báo Mẫu — cơ quan ngôn luận mẫu. Giấy phép số 00/GP-BTTTT.</p>
<p>Liên hệ: toasoan@example.invalid · Điện thoại: 000 000 000</p><p>© 2025 Báo Mẫu. Ghi rõ nguồn khi phát hành lại.</p></footer>
</body>
</html>
"""


def article_page(a: dict, related: list[dict], link_private: bool) -> str:
    url = article_url(a)
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
          "datePublished": str(a["date"]), "inLanguage": a["lang"],
          "author": {"@type": "Person", "name": a["author"]}, "mainEntityOfPage": url}
    head = (f'<meta name="description" content="{html.escape(a["title"])}">\n'
            f'<meta property="og:title" content="{html.escape(a["title"])}">\n'
            f'<meta property="og:type" content="article">\n'
            f'<meta property="article:published_time" content="{a["date"]}">\n'
            f'<link rel="canonical" href="{url}">\n'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n')
    rel = "".join(f'<li><a href="{article_url(r)}">{html.escape(r["title"])}</a></li>' for r in related)
    private = ('<p class="note"><a href="__BASE_URL__/private/draft.html">Bản nháp (nội bộ)</a></p>'
               if link_private else "")
    note = "<!-- written for the sample in the style of real reports -->\n" if a["written_for_sample"] else ""
    section = SECTIONS[a["section"]]
    content = f"""{note}<nav class="breadcrumbs"><a href="__BASE_URL__/">Trang chủ</a> › <a href="__BASE_URL__/chuyen-muc/{a['section']}/">{section}</a></nav>
<article>
<h1>{html.escape(a['title'])}</h1>
<p class="dateline"><time datetime="{a['date']}">{_vi_date(a['date'])}</time></p>
<div class="article-body">
{body_html(a['body'])}
</div>
<p class="byline">{html.escape(a['author'])}</p>
</article>
<aside class="tags">Từ khóa: <a href="__BASE_URL__/chuyen-muc/chuyen-doi-so/">chuyển đổi số</a></aside>
<aside class="related"><h2>Tin liên quan</h2><ul>{rel}</ul>{private}</aside>
<section class="comments"><h2>Bình luận (0)</h2><p>Chưa có bình luận.</p></section>"""
    return page(a["title"], content, lang=a["lang"], head=head)


def _vi_date(d) -> str:
    y, m, day = str(d).split("-")
    return f"{day}/{m}/{y}"


def listing(title: str, items: list[dict], *, prev_url: str | None, next_url: str | None, extra: str = "") -> str:
    lis = "".join(f'<li><a href="{article_url(a)}">{html.escape(a["title"])}</a> '
                  f'<time datetime="{a["date"]}">{_vi_date(a["date"])}</time></li>' for a in items)
    nav = ""
    if prev_url:
        nav += f'<a rel="prev" href="{prev_url}">Trang trước</a> '
    if next_url:
        nav += f'<a rel="next" href="{next_url}">Trang sau</a>'
    return page(title, f'<h1>{html.escape(title)}</h1><ul class="list">{lis}</ul>{extra}<nav class="pages">{nav}</nav>')


def build(out: Path) -> None:
    articles = load_articles()
    if out.exists():
        shutil.rmtree(out)
    (out / "tin-tuc").mkdir(parents=True)
    for i, a in enumerate(articles):
        related = [r for r in articles if r is not a][:3]
        (out / "tin-tuc" / f"{a['slug']}.html").write_text(article_page(a, related, link_private=i == 0), encoding="utf-8")
    draft = '<p><a href="__BASE_URL__/private/draft.html">Bản nháp chờ duyệt</a></p>'
    (out / "index.html").write_text(listing("Tin mới", articles, prev_url=None, next_url=None, extra=draft), encoding="utf-8")
    for key, name in SECTIONS.items():
        items = [a for a in articles if a["section"] == key] or articles[:1]
        pages = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)]
        folder = out / "chuyen-muc" / key
        folder.mkdir(parents=True)
        base = f"__BASE_URL__/chuyen-muc/{key}/"
        for n, chunk in enumerate(pages, 1):
            prev_url = None if n == 1 else (base if n == 2 else f"{base}?page={n - 1}")
            next_url = f"{base}?page={n + 1}" if n < len(pages) else None
            name_ = "index.html" if n == 1 else f"page-{n}.html"
            (folder / name_).write_text(listing(name, chunk, prev_url=prev_url, next_url=next_url), encoding="utf-8")
    urls = "".join(f"<url><loc>{article_url(a)}</loc><lastmod>{a['date']}</lastmod></url>\n" for a in articles)
    (out / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n", encoding="utf-8")
    (out / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n\nSitemap: __BASE_URL__/sitemap.xml\n",
                                    encoding="utf-8")
    (out / "private").mkdir()
    (out / "private" / "draft.html").write_text(page("Bản nháp", "<article><h1>Bản nháp</h1><p>Không công bố.</p></article>"),
                                                encoding="utf-8")
    (out / "static").mkdir()
    (out / "static" / "photo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3" fill="#ccc"/></svg>\n',
        encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "site")
