"""Reporting periods: month, quarter, half-year, year and year to date."""

import datetime
import re
from dataclasses import dataclass

_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})Q([1-4])$", re.I), "quarter"),
    (re.compile(r"^(\d{4})H([12])$", re.I), "half"),
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})YTD$", re.I), "ytd"),
]


@dataclass(frozen=True)
class Period:
    """A closed range of days with the name users know it by (2025年6月, 2025年第二季度…)."""

    kind: str
    start: datetime.date
    end: datetime.date
    code: str

    @property
    def label(self):
        y = self.start.year
        if self.kind == "month":
            return f"{y}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{y}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        if self.kind == "half":
            return f"{y}年{'上' if self.start.month == 1 else '下'}半年"
        if self.kind == "year":
            return f"{y}年"
        return f"{y}年1月1日至{self.end.month}月{self.end.day}日"

    @property
    def year_start(self):
        return datetime.date(self.start.year, 1, 1)

    def previous(self):
        """The period of the same kind just before this one."""
        if self.kind == "month":
            day = self.start - datetime.timedelta(days=1)
            return month(day.year, day.month)
        if self.kind == "quarter":
            day = self.start - datetime.timedelta(days=1)
            return quarter(day.year, (day.month - 1) // 3 + 1)
        if self.kind == "half":
            return (
                half(self.start.year - 1, 2) if self.start.month == 1 else half(self.start.year, 1)
            )
        if self.kind == "year":
            return year(self.start.year - 1)
        return ytd(self.end.replace(year=self.end.year - 1))

    def __str__(self):
        return self.label


def _last_day(y, m):
    return (datetime.date(y + m // 12, m % 12 + 1, 1)) - datetime.timedelta(days=1)


def month(y, m):
    return Period("month", datetime.date(y, m, 1), _last_day(y, m), f"{y}-{m:02d}")


def quarter(y, q):
    first = 3 * (q - 1) + 1
    return Period("quarter", datetime.date(y, first, 1), _last_day(y, first + 2), f"{y}Q{q}")


def half(y, h):
    first = 1 if h == 1 else 7
    return Period("half", datetime.date(y, first, 1), _last_day(y, first + 5), f"{y}H{h}")


def year(y):
    return Period("year", datetime.date(y, 1, 1), datetime.date(y, 12, 31), f"{y}")


def ytd(day):
    return Period("ytd", datetime.date(day.year, 1, 1), day, f"{day.isoformat()}YTD")


def parse(text):
    """Read a period code: 2025-06, 2025Q2, 2025H1, 2025 or 2025-06-30YTD."""
    text = (text or "").strip()
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        numbers = [int(g) for g in m.groups()]
        try:
            if kind == "month":
                return month(*numbers)
            if kind == "quarter":
                return quarter(*numbers)
            if kind == "half":
                return half(*numbers)
            if kind == "year":
                return year(*numbers)
            return ytd(datetime.date(*numbers))
        except ValueError:
            break
    raise ValueError(
        f"无法识别的期间“{text}”：请写成 2025-06（月）、2025Q2（季度）、2025H1（半年）、"
        "2025（年）或 2025-06-30YTD（年初至该日）"
    )
