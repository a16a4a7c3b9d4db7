"""Reading an uploaded plan document (plain text, .docx or text-layer PDF) into decoded text.

Every refusal is an ``IngestError`` whose Chinese message names the file and the problem, because
the message goes to the person who uploaded it as is.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import IngestError

MAX_BYTES = 50 * 1024 * 1024

SUPPORTED = "支持的格式：纯文本（.txt，UTF-8 或 GBK/GB18030 编码）、Word 文档（.docx）、带文字层的 PDF（.pdf）。"

Format = Literal["text", "docx", "pdf"]


@dataclass
class SourceText:
    name: str
    format: Format
    encoding: str | None
    text: str

    @property
    def lines(self) -> list[str]:
        """The decoded lines; their 1-based position is what ``source_line`` reports."""
        return self.text.splitlines()


def read_path(path: str | os.PathLike) -> SourceText:
    """Read a document from disk; the size is checked before the file is loaded."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError(f"找不到文件“{path}”。") from None
    except OSError as exc:
        raise IngestError(f"无法读取文件“{path}”：{exc.strerror or exc}。") from None
    if path.is_dir():
        raise IngestError(f"“{path}”是文件夹，不是文件。")
    check_size(path.name, size)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"无法读取文件“{path.name}”：{exc.strerror or exc}。") from None
    return read_bytes(data, path.name)


def read_bytes(data: bytes, filename: str) -> SourceText:
    """Decode an uploaded document: format by magic bytes first, by extension second."""
    # Browsers may send a full client path ("C:\\fakepath\\plan.txt"); only the name is shown.
    name = re.split(r"[\\/]", filename)[-1] or filename
    check_size(name, len(data))
    ext = Path(name.lower()).suffix

    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_zip(data, name, ext)
    if data.find(b"%PDF-", 0, 1024) != -1:
        return _read_pdf(data, name)
    known = _sniff_unsupported(data)
    if known:
        raise _unsupported(name, known)
    if ext == ".docx":
        raise IngestError(f"“{name}”不是有效的 Word（.docx）文件，可能已损坏或只是改了扩展名。")
    if ext == ".pdf":
        raise IngestError(f"“{name}”不是有效的 PDF 文件（缺少 PDF 文件头），可能已损坏。")
    if ext in _UNSUPPORTED_EXTENSIONS:
        raise _unsupported(name, _UNSUPPORTED_EXTENSIONS[ext])
    return _read_text(data, name)


def check_size(name: str, size: int) -> None:
    """Refuse an empty file or one of MAX_BYTES or more, before anything is read."""
    if size == 0:
        raise IngestError(f"文件为空：“{name}”没有任何内容（0 字节）。")
    if size >= MAX_BYTES:
        raise IngestError(
            f"文件过大：“{name}”为 {size / 1024 / 1024:.1f} MB，"
            f"上传的文件须小于 {MAX_BYTES // 1024 // 1024} MB。"
        )


# --- format detection -------------------------------------------------------------------------

_MAGIC = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None),  # OLE2: named from the extension below
    (b"{\\rtf", "RTF 文档"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"BM", None),  # too short to trust alone; confirmed below
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"MZ", None),
    (b"\x7fELF", "可执行程序"),
]

_OLE_BY_EXT = {
    ".doc": "Word 97-2003 文档（.doc）",
    ".wps": "WPS 文字文档（.wps）",
    ".xls": "Excel 97-2003 表格（.xls）",
    ".et": "WPS 表格（.et）",
    ".ppt": "PowerPoint 97-2003 演示文稿（.ppt）",
    ".dps": "WPS 演示文稿（.dps）",
}

_UNSUPPORTED_EXTENSIONS = {
    **_OLE_BY_EXT,
    ".xlsx": "Excel 表格（.xlsx）",
    ".pptx": "PowerPoint 演示文稿（.pptx）",
    ".odt": "OpenDocument 文档（.odt）",
    ".ofd": "OFD 版式文件（.ofd）",
    ".caj": "CAJ 文件（.caj）",
    ".rtf": "RTF 文档（.rtf）",
    ".html": "网页（.html）",
    ".htm": "网页（.htm）",
    ".mht": "网页存档（.mht）",
    ".png": "PNG 图片",
    ".jpg": "JPEG 图片",
    ".jpeg": "JPEG 图片",
    ".gif": "GIF 图片",
    ".bmp": "BMP 图片",
    ".tif": "TIFF 图片",
    ".tiff": "TIFF 图片",
    ".webp": "WebP 图片",
    ".zip": "ZIP 压缩包",
    ".rar": "RAR 压缩包",
    ".7z": "7z 压缩包",
    ".gz": "gzip 压缩包",
}


def _sniff_unsupported(data: bytes) -> str | None:
    head = data[:16]
    for magic, label in _MAGIC:
        if not head.startswith(magic):
            continue
        if magic == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return "OLE"
        if magic == b"BM":
            # A text file may well start with "BM"; a bitmap also declares its own size.
            if len(data) >= 14 and int.from_bytes(data[2:6], "little") == len(data):
                return "BMP 图片"
            continue
        if magic == b"MZ":
            if len(data) > 0x40 and b"This program cannot be run" in data[:512]:
                return "可执行程序"
            continue
        return label
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP 图片"
    lowered = data[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "网页（HTML）"
    return None


def _unsupported(name: str, label: str) -> IngestError:
    ext = Path(name.lower()).suffix
    if label == "OLE":
        label = _OLE_BY_EXT.get(ext, "旧版 Office/WPS 二进制文档（.doc/.xls/.ppt 等）")
    hint = ""
    if "Word" in label or "WPS 文字" in label or "RTF" in label or "OpenDocument" in label:
        hint = "请用 Word 或 WPS 另存为 .docx 后再上传。"
    elif "图片" in label:
        hint = "本系统不做文字识别（OCR），请上传文字版文件。"
    elif "网页" in label:
        hint = "请把网页正文复制到文本文件（.txt）后上传。"
    return IngestError(f"不支持的文件格式：“{name}”是{label}。{hint}{SUPPORTED}")


# --- plain text ---------------------------------------------------------------------------------

# Control bytes other than tab, line feed, vertical tab, form feed and carriage return.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13))


def _read_text(data: bytes, name: str) -> SourceText:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows Notepad's "Unicode" is UTF-16 with a BOM; its NUL bytes are not binary data.
        try:
            return _text_result(name, "utf-16", data.decode("utf-16"))
        except UnicodeDecodeError:
            raise _undecodable(name) from None
    if b"\x00" in data or _control_ratio(data) > 0.01:
        raise IngestError(
            f"“{name}”不是文本文件：内容中含有二进制数据，无法按纯文本读取。{SUPPORTED}"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _text_result(name, "utf-8-sig", data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise _undecodable(name) from None
    try:
        return _text_result(name, "utf-8", data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        # A download cut off inside the last character is still a UTF-8 file.
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            return _text_result(name, "utf-8", data[: exc.start].decode("utf-8"))
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_chinese(text) is not False:
        return _text_result(name, "gb18030", text)
    # Big5 bytes also decode as GB18030, into rare characters; traditional-character documents
    # are welcome (the normaliser converts them), so Big5 gets its chance before giving up.
    try:
        big5 = data.decode("big5hkscs")
    except UnicodeDecodeError:
        big5 = None
    if big5 is not None and _looks_chinese(big5, traditional=True):
        return _text_result(name, "big5", big5)
    raise _undecodable(name)


def _text_result(name: str, encoding: str, text: str) -> SourceText:
    if not text.strip():
        raise IngestError(f"文件为空：“{name}”只有空白字符，没有文字内容。")
    return SourceText(name=name, format="text", encoding=encoding, text=text)


def _control_ratio(data: bytes) -> float:
    sample = data[:65536]
    return (len(sample) - len(sample.translate(None, _CONTROL))) / len(sample)


def _hanzi_sample(text: str, limit: int = 5000) -> str:
    out = []
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            out.append(ch)
            if len(out) >= limit:
                break
    return "".join(out)


def _looks_chinese(text: str, traditional: bool = False) -> bool | None:
    """Whether the Chinese characters are mostly everyday ones (GB2312 level 1).

    Real Chinese text scores above 0.99; other encodings misread as Chinese score about 0.5.
    None when there are too few characters to judge.
    """
    sample = _hanzi_sample(text)
    if len(sample) < 20:
        return None
    if traditional:
        from .normalize import to_simplified

        sample = to_simplified(sample)
    common = 0
    for ch in sample:
        try:
            encoded = ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if 0xB0 <= encoded[0] <= 0xD7:
            common += 1
    return common / len(sample) >= 0.8


def _undecodable(name: str) -> IngestError:
    return IngestError(
        f"无法识别“{name}”的文本编码：既不是 UTF-8，也不是 GBK/GB18030。"
        "请用记事本或 WPS 另存为 UTF-8 编码后再上传。"
    )


# --- zip containers: .docx and the formats that look like it ------------------------------------


def _read_zip(data: bytes, name: str, ext: str) -> SourceText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        if ext == ".docx":
            raise IngestError(
                f"“{name}”已损坏，无法作为 Word（.docx）文件打开（压缩结构不完整）。"
            ) from None
        raise IngestError(f"“{name}”是损坏的压缩文件，无法读取。{SUPPORTED}") from None
    if "word/document.xml" in names:
        return _read_docx(data, name)
    if "xl/workbook.xml" in names:
        raise _unsupported(name, "Excel 表格（.xlsx）")
    if "ppt/presentation.xml" in names:
        raise _unsupported(name, "PowerPoint 演示文稿（.pptx）")
    if "OFD.xml" in names:
        raise _unsupported(name, "OFD 版式文件（.ofd）")
    if "content.xml" in names and "mimetype" in names:
        raise _unsupported(name, "OpenDocument 文档（.odt/.ods）")
    if ext == ".docx":
        raise IngestError(f"“{name}”已损坏，无法作为 Word（.docx）文件打开（缺少正文部分）。")
    raise _unsupported(name, "ZIP 压缩包")


def _read_docx(data: bytes, name: str) -> SourceText:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document))
    except Exception as exc:
        # A broken package fails anywhere in python-docx or lxml, with assorted exception types.
        raise IngestError(
            f"“{name}”已损坏，无法作为 Word（.docx）文件读取：{type(exc).__name__}。"
        ) from None
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(f"文件为空：Word 文件“{name}”中没有文字。")
    return SourceText(name=name, format="docx", encoding=None, text=text)


def _docx_lines(container):
    """Paragraphs and table rows in document order; a row is one line of tab-joined cells."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield block.text


def _table_lines(table):
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A horizontally merged cell is returned once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        yield "\t".join(cells)


def _cell_text(cell) -> str:
    from docx.table import Table

    parts = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            parts.extend(line.replace("\t", " ") for line in _table_lines(block))
        else:
            parts.append(block.text)
    # A cell is one field of its row's line, so its own line breaks become spaces.
    return " ".join(p.strip() for p in "\n".join(parts).splitlines() if p.strip())


# --- PDF ----------------------------------------------------------------------------------------

_CID = re.compile(r"\(cid:\d+\)")


def _read_pdf(data: bytes, name: str) -> SourceText:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        text = extract_text(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise IngestError(f"“{name}”是加密的 PDF，需要密码才能读取，请上传未加密的版本。") from None
    except Exception as exc:
        # pdfminer reports broken files through assorted exception types (PDFSyntaxError,
        # PSEOF, KeyError, struct.error, ...).
        raise IngestError(
            f"“{name}”已损坏，无法作为 PDF 文件读取：{type(exc).__name__}。"
        ) from None
    if not text.strip():
        raise IngestError(
            f"“{name}”是没有文字层的 PDF（可能是扫描件或图片），无法提取文字；"
            "本系统不做文字识别（OCR），请上传带文字层的 PDF 或 Word、文本版本。"
        )
    unmapped = len(_CID.findall(text))
    readable = len("".join(_CID.sub("", text).split()))
    if unmapped > 0.3 * (unmapped + readable):
        raise IngestError(
            f"“{name}”中的字体缺少文字编码映射，提取出来的是乱码；"
            "请上传 Word 或文本版本，或重新导出 PDF。"
        )
    return SourceText(name=name, format="pdf", encoding=None, text=text)
