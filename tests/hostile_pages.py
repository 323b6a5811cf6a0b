"""Hostile payloads and a meeting report carrying them, for the security tests.

Every payload carries a marker (``xss-...``) and, if it ever ran in a browser, would call
``alert`` -- so a test can look for the marker in served HTML and a browser can listen for a
dialog. ``TEXT_PAYLOADS`` are written into the page as entities (``&lt;script&gt;``), so a parser
must turn them into plain text that *contains* markup characters: that text reaches the database
and the site, where it has to be escaped. ``MARKUP_PAYLOADS`` are real tags and attributes in the
page: a parser must drop them (they are not text), so their markers must never reach the database.
"""
from __future__ import annotations

import html as html_lib
import json

from conftest import ROOT

SAMPLE_PAGE = ROOT / "corpus" / "sample" / "site" / "tin-tuc" / "gia-lai-ban-chi-dao-hop-phien-thu-ba.html"

# text that contains markup: must be stored as text and shown escaped
TEXT_PAYLOADS = [
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "<svg onload=alert('xss-svg')>",
    "<iframe src=\"javascript:alert('xss-iframe')\"></iframe>",
    "<a href=\"javascript:alert('xss-href')\">Sở Tài chính</a>",
    "\"><script>alert('xss-attr-breakout')</script>",
    "'><img src=x onerror=alert('xss-single-quote')>",
    "</textarea></script></title><script>alert('xss-context-breakout')</script>",
    "<body onload=alert('xss-body')>",
    "<details open ontoggle=alert('xss-details')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-mxss')>",
    "[bấm vào](javascript:alert('xss-markdown'))",
    "javascript:alert('xss-bare-js')",
    "{{ 7*1913 }}{% raw %}xss-jinja{% endraw %}",       # a template engine would print 13391
    "&lt;script&gt;alert('xss-double-encoded')&lt;/script&gt;",
    "\u2028\u2029</script>alert('xss-line-separators')",
]
# real markup in the page: never text, so never stored
MARKUP_PAYLOADS = [
    "<script>alert('xss-raw-script')</script>",
    "<img src=x onerror=\"alert('xss-raw-onerror')\">",
    "<iframe src=\"javascript:alert('xss-raw-iframe')\"></iframe>",
    "<svg><script>alert('xss-raw-svg-script')</script></svg>",
    "<style>p{background:url(\"javascript:alert('xss-raw-style')\")}</style>",
    "<!-- <script>alert('xss-raw-comment')</script> -->",
    "<noscript><img src=x onerror=\"alert('xss-raw-noscript')\"></noscript>",
    "<template><script>alert('xss-raw-template')</script></template>",
]
RAW_MARKERS = ["xss-raw-script", "xss-raw-onerror", "xss-raw-iframe", "xss-raw-svg-script", "xss-raw-style",
               "xss-raw-comment", "xss-raw-noscript", "xss-raw-template", "xss-raw-onclick", "xss-raw-href"]
TEMPLATE_RESULT = "13391"   # what a template engine would make of "{{ 7*1913 }}"


def esc(text: str) -> str:
    return html_lib.escape(text, quote=True)


def hostile_title() -> str:
    return "Ban Chỉ đạo tỉnh Gia Lai họp phiên thứ ba " + " ".join(TEXT_PAYLOADS[:3])


def hostile_meeting_page(base_url: str) -> str:
    """The sample's Gia Lai report with payloads in its title, meta data, sentences, names and links.

    The directive, task and ranking sentences keep their cue words, so the payloads reach the
    extracted tables (directives, addressees, task_reports, rankings, meetings), not only the text."""
    page = SAMPLE_PAGE.read_text(encoding="utf-8").replace("__BASE_URL__", base_url)
    title = hostile_title()
    original_title = ("Ban Chỉ đạo tỉnh Gia Lai về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi "
                      "số họp phiên thứ ba")
    # JSON-LD first (a JSON string may not hold "</script>" raw inside the script element)
    ld_title = json.dumps(title, ensure_ascii=False).replace("</", "<\\/")[1:-1]
    page = page.replace(f'"headline": "{original_title}"', f'"headline": "{ld_title}"')
    page = page.replace('"name": "Minh Châu"', '"name": "Minh Châu <img src=x onerror=alert(\'xss-author\')>"')
    page = page.replace(f"<title>{original_title} | Báo Mẫu</title>", f"<title>{esc(title)} | Báo Mẫu</title>")
    page = page.replace(f'content="{original_title}"', f'content="{esc(title)}"')
    page = page.replace(f"<h1>{original_title}</h1>", f"<h1>{esc(title)}</h1>")
    sentences = {
        # directive, with addressees
        "yêu cầu các sở, ngành, địa phương khẩn trương":
            f"yêu cầu các sở, ngành {esc(TEXT_PAYLOADS[3])}, địa phương {MARKUP_PAYLOADS[0]} khẩn trương",
        "Đồng chí đề nghị Sở Khoa học và Công nghệ chủ trì":
            f"Đồng chí đề nghị Sở Khoa học và Công nghệ {esc(TEXT_PAYLOADS[4])} chủ trì",
        "giao UBND các xã, phường đẩy mạnh":
            f"giao UBND các xã, phường {esc(TEXT_PAYLOADS[5])} {MARKUP_PAYLOADS[1]} đẩy mạnh",
        # task figures
        "tỉnh đã hoàn thành 45/120 nhiệm vụ,":
            f"tỉnh đã hoàn thành 45/120 nhiệm vụ {esc(TEXT_PAYLOADS[6])},",
        # ranking
        "xếp thứ 12/34 về chỉ số chuyển đổi số cấp tỉnh (DTI)":
            f"xếp thứ 12/34 về chỉ số chuyển đổi số cấp tỉnh (DTI) {esc(TEXT_PAYLOADS[7])}",
        # a speaker's sentence
        "báo cáo kết quả triển khai hạ tầng số":
            f"báo cáo {esc(TEXT_PAYLOADS[8])} kết quả triển khai hạ tầng số",
    }
    for old, new in sentences.items():
        assert old in page, old
        page = page.replace(old, new, 1)
    extra = "".join(f"<p>Ghi chú {i}: {esc(p)}</p>" for i, p in enumerate(TEXT_PAYLOADS[9:], 9))
    extra += "".join(MARKUP_PAYLOADS[2:])
    extra += ("<p onclick=\"alert('xss-raw-onclick')\">Ý kiến bạn đọc: "
              "<a href=\"javascript:alert('xss-raw-href')\">bấm vào đây</a>.</p>")
    # a translation's source line whose URL breaks out of an attribute if not escaped
    extra += "<p>Nguồn: https://evil.example/&quot;&gt;&lt;script&gt;alert('xss-source-url')&lt;/script&gt;</p>"
    anchor = "dịch vụ công trực tuyến.</p>"
    assert anchor in page
    return page.replace(anchor, anchor + extra, 1)
