"""Spreadsheet export and import on one column contract.

A ``Column`` names the Chinese header, how to read a value out of an object for export, and how
to parse a cell for import. Export and import share the list, so a file exported from a list
page can be edited and imported back.
"""

import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"


class CellError(ValueError):
    """A cell value that cannot be read; the message is shown to the user."""


class FileError(ValueError):
    """A whole file that cannot be read; the message is shown to the user."""


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    export: Callable[[Any], Any]
    parse: Callable[[Any], Any] | None = None
    required: bool = False
    money: bool = False
    width: int = 14
    note: str = ""
    example: Any = None


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParsedRow:
    row: int
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def write_workbook(columns, objects, title, notes=None):
    """Return .xlsx bytes of one sheet; ``notes`` adds a 填写说明 sheet of plain lines."""
    return write_sheets([(title, columns, objects)], notes=notes)


def write_sheets(sheets, notes=None):
    """Return .xlsx bytes with one sheet per (title, columns, objects): a bold shaded header
    row, the first row frozen, 万元 columns to two decimals, dates as dates."""
    wb = Workbook(write_only=True)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for title, columns, objects in sheets:
        ws = wb.create_sheet(title)
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=column.header)
            cell.font = header_font
            cell.fill = header_fill
            header.append(cell)
        ws.append(header)
        for obj in objects:
            ws.append([_cell(ws, column, column.export(obj)) for column in columns])
    if notes:
        info = wb.create_sheet("填写说明")
        for line in notes:
            info.append(line if isinstance(line, list | tuple) else [line])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cell(ws, column, value):
    if isinstance(value, Decimal):
        # Excel stores numbers as floats; a Decimal would be written as text.
        value = float(value)
    if column.money and value is not None:
        cell = WriteOnlyCell(ws, value=float(value))
        cell.number_format = MONEY_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def read_workbook(upload, columns):
    """Parse an uploaded .xlsx against ``columns``; return ParsedRows (1-based sheet rows).

    Raises FileError with a Chinese message when the file as a whole cannot be used.
    """
    if upload.size > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
        raise FileError(
            f"文件过大（{upload.size / 1024 / 1024:.1f} MB），导入文件不能超过 {limit} MB"
        )
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileError("无法读取该文件：请上传由模板填写的 Excel（.xlsx）文件") from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration as exc:
        raise FileError("文件是空的：第一行应为表头") from exc
    by_header = {c.header: c for c in columns}
    missing = [c.header for c in columns if c.required and c.header not in header]
    if missing:
        raise FileError("表头缺少必填列：" + "、".join(missing) + "。请下载最新模板填写")
    unknown = [h for h in header if h and h not in by_header]
    if unknown:
        raise FileError("表头含有无法识别的列：" + "、".join(unknown) + "。请下载最新模板填写")
    parsed = []
    for number, raw in enumerate(rows, start=2):
        if raw is None or all(v is None or str(v).strip() == "" for v in raw):
            continue
        row = ParsedRow(row=number)
        for header_name, value in zip(header, raw, strict=False):
            column = by_header.get(header_name)
            if column is None or column.parse is None:
                continue
            if isinstance(value, str):
                value = value.strip()
            if value in (None, ""):
                if column.required:
                    row.errors.append(RowError(number, column.header, "必填项为空"))
                row.values[column.key] = None
                continue
            try:
                row.values[column.key] = column.parse(value)
            except CellError as exc:
                row.errors.append(RowError(number, column.header, str(exc)))
        parsed.append(row)
    wb.close()
    if not parsed:
        raise FileError("文件中没有数据行")
    return parsed


def parse_decimal(value):
    """A non-negative amount; accepts numbers and text with thousands separators."""
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", ""))
    except InvalidOperation as exc:
        raise CellError(f"“{value}”不是有效的数字") from exc
    if not amount.is_finite():
        raise CellError(f"“{value}”不是有效的数字")
    if amount < 0:
        raise CellError("金额不能为负数")
    return amount.quantize(Decimal("0.01"))


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
    raise CellError(f"“{value}”不是有效日期，应为 2025-06-30 这样的格式")


def parse_text(value):
    return str(value).strip()


def choice_parser(choices, what):
    """Parse a Chinese label (or the stored slug) of a TextChoices into its value."""
    by_label = {label: value for value, label in choices}
    values = {value for value, _ in choices}

    def parse(value):
        text = str(value).strip()
        if text in by_label:
            return by_label[text]
        if text in values:
            return text
        raise CellError(f"“{text}”不是有效的{what}，可选：" + "、".join(by_label))

    return parse


def yes_no(value):
    return "是" if value else "否"
