"""A FixtureSite of N templated meeting reports (every tenth a weather story), linked from
paginated listings: for tests that crawl a site of some size and need to know what each page
yields (a report: one meeting, one official, one task report, one ranking, two directives)."""
from __future__ import annotations

from pathlib import Path

from fixture_sites import html

PER_LISTING = 20
PROVINCES = ("Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng",
             "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
             "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang")
PER_REPORT = {"officials": 1, "task_reports": 1, "rankings": 1, "directives": 2}


def is_report(i: int) -> bool:
    return i % 10 != 9


def story(i: int) -> tuple[str, str]:
    """(title, HTML body) of article ``i``."""
    province = PROVINCES[i % len(PROVINCES)]
    day, month = 1 + i % 28, 1 + i // 28 % 12
    if not is_report(i):
        return (f"Dự báo thời tiết {province} ngày {day}/{month}",
                f"<p>Ngày {day}/{month}, {province} có mưa rào và dông rải rác, nhiệt độ từ 24 đến {28 + i % 5} độ.</p>"
                f"<p>Người dân cần đề phòng lốc, sét và gió giật mạnh trong cơn dông.</p>")
    title = f"Ban Chỉ đạo tỉnh {province} họp phiên thứ {i + 1}"
    return title, (
        f"<p>Sáng {day}-{month}, tại trụ sở Tỉnh ủy, Ban Chỉ đạo tỉnh {province} về phát triển khoa học, "
        f"công nghệ, đổi mới sáng tạo và chuyển đổi số tổ chức phiên họp lần thứ {i + 1} để đánh giá kết quả "
        f"thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị.</p>"
        f"<p>Đồng chí Hồ Văn Niên - Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo chủ trì phiên họp.</p>"
        f"<p>Theo báo cáo của Sở Khoa học và Công nghệ, tỉnh đã hoàn thành {40 + i % 50}/120 nhiệm vụ, "
        f"{70 - i % 50} nhiệm vụ đang triển khai, 10 nhiệm vụ chậm tiến độ.</p>"
        f"<p>Năm 2024, {province} xếp thứ {1 + i % 34}/34 về chỉ số chuyển đổi số cấp tỉnh (DTI).</p>"
        f"<p>Phát biểu kết luận, Bí thư Tỉnh ủy Hồ Văn Niên yêu cầu các sở, ngành, địa phương khẩn trương rà "
        f"soát toàn bộ nhiệm vụ chậm tiến độ, hoàn thành trước ngày 30/11/2025.</p>"
        f"<p>Đồng chí đề nghị Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính tham mưu bố trí "
        f"kinh phí cho các nhiệm vụ chuyển đổi số năm 2026.</p>")


def site_routes(n: int) -> dict:
    """robots.txt, listings of PER_LISTING articles with rel=next, and the n articles."""
    routes = {"/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")}
    listings = (n + PER_LISTING - 1) // PER_LISTING
    for k in range(listings):
        links = "".join(f"<li><a href='/tin/{i}.html'>Tin {i}</a></li>"
                        for i in range(k * PER_LISTING, min(n, (k + 1) * PER_LISTING)))
        nxt = f"<a rel=next href='/?page={k + 2}'>Trang sau</a>" if k < listings - 1 else ""
        routes["/" if k == 0 else f"/?page={k + 1}"] = html(f"<html lang=vi><body><ul>{links}</ul>{nxt}</body></html>")
    for i in range(n):
        title, body = story(i)
        day, month = 1 + i % 28, 1 + i // 28 % 12
        routes[f"/tin/{i}.html"] = html(
            f"<!doctype html><html lang=vi><head><meta charset=utf-8><title>{title}</title>"
            f"<meta property='og:type' content='article'>"
            f"<meta property='article:published_time' content='2025-{month:02d}-{day:02d}'></head>"
            f"<body><nav><a href='/'>Trang chủ</a></nav><article><h1>{title}</h1>"
            f"<div class='article-body'>{body}</div></article></body></html>")
    return routes


def sources_file(folder: Path, site, **overrides) -> Path:
    """A sources.yml naming ``site`` (a FixtureSite), with politeness ``overrides``."""
    path = folder / "sources.yml"
    extra = "".join(f"  {k}: {v}\n" for k, v in overrides.items())
    path.write_text(f"- name: reports\n  start_urls: ['{site.url}/']\n  language: vi\n{extra}", encoding="utf-8")
    return path
