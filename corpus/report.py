"""Human-readable rendering of one extraction, for `meetings extract --format table`."""
from __future__ import annotations

from typing import Any


def format_table(label: str, result: dict[str, Any]) -> str:
    m = result.get("meeting") or {}
    prov = (m.get("province") or {}).get("name")
    lines = [
        f"== {label} [{result['language']}]",
        f"meeting report: {'yes' if m.get('is_report') else 'no'}   date: {m.get('date') or '-'}   "
        f"province: {prov or '-'}   level: {m.get('level') or '-'}   chair: {m.get('chair') or '-'}",
        f"officials ({len(result['officials'])}):",
    ]
    for o in result["officials"]:
        titles = "; ".join(o.get("titles") or [])
        lines.append(f"  {o['role']:<9} {o['name']}" + (f" — {titles}" if titles else ""))
    lines.append(f"task reports ({len(result['task_reports'])}):")
    for t in result["task_reports"]:
        figs = ", ".join(f"{k}={t[k]:g}" for k in ("total", "completed", "completed_on_time", "completed_late",
                                                  "in_progress", "not_started", "overdue", "completed_percent")
                         if t.get(k) is not None)
        lines.append(f"  {figs}" + (f"  [{t['scope']}]" if t.get("scope") else ""))
    lines.append(f"rankings ({len(result['rankings'])}):")
    for r in result["rankings"]:
        of = f"/{r['out_of']}" if r.get("out_of") else ""
        lines.append(f"  #{r['rank']}{of}  {r.get('index_key') or '-'}  {r.get('index') or ''}")
    lines.append(f"directives ({len(result['directives'])}):")
    for d in result["directives"]:
        text = d["text"] if len(d["text"]) <= 140 else d["text"][:137] + "..."
        lines.append(f"  [{d.get('issuer') or '?'}] {text}")
    return "\n".join(lines)
