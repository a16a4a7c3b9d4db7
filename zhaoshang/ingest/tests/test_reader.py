"""Reading uploads: encodings, .docx, text-layer PDFs, and every refusal's Chinese message."""

import hashlib
import io
import zipfile

import docx
import pytest

from zhaoshang.ingest import reader
from zhaoshang.ingest.errors import IngestError
from zhaoshang.ingest.reader import MAX_BYTES, SourceText, read_bytes, read_path

PARAGRAPH = (
    "新乡市“十四五”招商引资和承接产业转移规划\n"
    "到2025年，全市实际利用省外资金年均增长5%以上，引进世界500强企业10家。\n"
    "聚焦装备制造、食品制造、生物与新医药等产业，绘制产业链图谱。\n"
)


def refused(data, name):
    with pytest.raises(IngestError) as info:
        read_bytes(data, name)
    return str(info.value)


# --- plain text ---------------------------------------------------------------------------------


def test_utf8():
    source = read_bytes(PARAGRAPH.encode("utf-8"), "plan.txt")
    assert source == SourceText("plan.txt", "text", "utf-8", PARAGRAPH)
    assert source.lines[1].startswith("到2025年")
    assert len(source.lines) == 3


def test_utf8_with_bom_drops_the_bom():
    source = read_bytes(b"\xef\xbb\xbf" + PARAGRAPH.encode("utf-8"), "plan.txt")
    assert source.encoding == "utf-8-sig"
    assert source.text == PARAGRAPH
    assert source.lines[0].startswith("新乡市")


def test_gb18030_paragraph():
    source = read_bytes(PARAGRAPH.encode("gb18030"), "plan.txt")
    assert source.encoding == "gb18030"
    assert source.text == PARAGRAPH


def test_short_gbk_text_is_still_gb18030():
    source = read_bytes("新乡市规划".encode("gbk"), "短.txt")
    assert (source.encoding, source.text) == ("gb18030", "新乡市规划")


def test_utf16_with_bom_from_notepad():
    source = read_bytes(PARAGRAPH.encode("utf-16"), "plan.txt")
    assert source.encoding == "utf-16"
    assert source.text == PARAGRAPH


def test_big5_traditional_text():
    traditional = "新鄉市「十四五」招商引資和承接產業轉移規劃，到2025年引進世界500強企業十家。" * 2
    source = read_bytes(traditional.encode("big5"), "plan.txt")
    assert source.encoding == "big5"
    assert source.text == traditional


def test_crlf_lines():
    source = read_bytes("第一行\r\n第二行\r\n".encode(), "a.txt")
    assert source.lines == ["第一行", "第二行"]


def test_utf8_cut_inside_the_last_character():
    data = PARAGRAPH.encode("utf-8") + "规".encode()[:2]
    assert read_bytes(data, "a.txt").text == PARAGRAPH


def test_windows_client_path_is_reduced_to_the_name():
    assert read_bytes(b"abc", "C:\\fakepath\\plan.txt").name == "plan.txt"


def test_undecodable_text():
    message = refused("新乡市".encode() + b"\xff\xfe\xff" + "规划".encode("gbk"), "乱码.txt")
    assert "无法识别" in message and "编码" in message and "乱码.txt" in message


# --- refusals -----------------------------------------------------------------------------------


def test_empty_file():
    message = refused(b"", "空.txt")
    assert "文件为空" in message and "空.txt" in message


def test_empty_file_on_disk(tmp_path):
    path = tmp_path / "空.txt"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="文件为空"):
        read_path(path)


def test_whitespace_only_is_empty():
    assert "文件为空" in refused(b" \r\n\t\n", "blank.txt")


def test_binary_file():
    noise = b"".join(hashlib.sha256(i.to_bytes(2, "big")).digest() for i in range(128))
    data = b"\x01\x02" + noise + b"\x00\x00"
    message = refused(data, "data.txt")
    assert "不是文本文件" in message and "二进制" in message and "data.txt" in message


def test_control_characters_without_nul_are_binary():
    data = bytes(range(1, 9)) * 50 + "正文".encode()
    assert "二进制" in refused(data, "x.txt")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "label"),
    [("旧版.doc", "Word 97-2003"), ("表格.xls", "Excel 97-2003"), ("文件.wps", "WPS 文字")],
)
def test_legacy_office_formats(name, label):
    message = refused(OLE, name)
    assert "不支持的文件格式" in message and label in message and name in message
    assert ".docx" in message and "PDF" in message  # what is supported


def test_doc_extension_without_ole_header_is_still_refused():
    message = refused("新乡市规划".encode(), "规划.doc")
    assert "不支持的文件格式" in message and ".doc" in message


def _zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_xlsx_is_refused_by_content_even_when_named_docx():
    data = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    message = refused(data, "规划.docx")
    assert "不支持的文件格式" in message and "Excel" in message


def test_zip_of_something_else():
    message = refused(_zip({"a.txt": "hello"}), "资料.zip")
    assert "不支持的文件格式" in message and "ZIP 压缩包" in message


def test_image():
    message = refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "扫描件.png")
    assert "不支持的文件格式" in message and "PNG 图片" in message and "OCR" in message


def test_html_page():
    message = refused(b"<!DOCTYPE html><html><body>x</body></html>", "page.txt")
    assert "网页" in message


def test_file_of_50_mb_or_more_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES)  # sparse: no 50 MB is written or read
    monkeypatch.setattr(reader.Path, "read_bytes", lambda self: pytest.fail("read the file"))
    with pytest.raises(IngestError) as info:
        read_path(path)
    assert "文件过大" in str(info.value) and "50.0 MB" in str(info.value)
    assert "big.txt" in str(info.value)


def test_size_limit_boundary_on_bytes(monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 1000)
    assert read_bytes(b"a" * 999, "ok.txt").text == "a" * 999
    assert "文件过大" in refused(b"a" * 1000, "big.txt")


def test_limit_is_50_mb():
    assert MAX_BYTES == 50 * 1024 * 1024


def test_missing_path(tmp_path):
    with pytest.raises(IngestError, match="找不到文件"):
        read_path(tmp_path / "nope.txt")


def test_read_path_text(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PARAGRAPH.encode("gb18030"))
    source = read_path(str(path))
    assert (source.name, source.format, source.encoding) == ("plan.txt", "text", "gb18030")


# --- .docx --------------------------------------------------------------------------------------


def _docx_bytes():
    document = docx.Document()
    document.add_paragraph("新乡市“十四五”招商引资和承接产业转移规划")
    document.add_paragraph("一、主要目标")
    table = document.add_table(rows=3, cols=3)
    for row, values in enumerate(
        [("指标", "2021年", "2025年"), ("实际利用外资（亿美元）", "57.86", "70"), ("备注", "", "")]
    ):
        for col, value in enumerate(values):
            table.cell(row, col).text = value
    merged = table.cell(2, 0).merge(table.cell(2, 2))
    merged.text = "按现价计算"
    table.cell(1, 0).add_paragraph("（含外商再投资）")
    document.add_paragraph("二、重点任务")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_table_rows_in_order():
    source = read_bytes(_docx_bytes(), "规划.docx")
    assert (source.format, source.encoding) == ("docx", None)
    assert source.lines == [
        "新乡市“十四五”招商引资和承接产业转移规划",
        "一、主要目标",
        "指标\t2021年\t2025年",
        "实际利用外资（亿美元） （含外商再投资）\t57.86\t70",
        "按现价计算",
        "二、重点任务",
    ]


def test_docx_detected_by_content_whatever_the_name(tmp_path):
    path = tmp_path / "upload.bin"
    path.write_bytes(_docx_bytes())
    assert read_path(path).format == "docx"


def test_truncated_docx_is_corrupt():
    data = _docx_bytes()
    message = refused(data[: len(data) // 2], "坏.docx")
    assert "已损坏" in message and "Word" in message and "坏.docx" in message


def test_docx_with_broken_xml_is_corrupt():
    data = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": "<w:document><w:body><w:p>",
        }
    )
    message = refused(data, "坏.docx")
    assert "已损坏" in message and "Word" in message


def test_docx_name_on_plain_text_is_corrupt():
    message = refused("不是 docx".encode(), "假.docx")
    assert "不是有效的 Word" in message and "假.docx" in message


# --- PDF ----------------------------------------------------------------------------------------


def build_pdf(content: bytes, font: str | None = "latin") -> bytes:
    """A one-page PDF with correct xref offsets; fonts are standard ones, nothing embedded."""
    fonts = {
        "latin": [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"],
        # Adobe's standard Chinese font with a Unicode (UCS-2) CMap; no font file needed.
        "chinese": [
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
            b" /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
            b" /FontDescriptor 7 0 R >>",
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
            b" /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120"
            b" /CapHeight 880 /StemV 80 >>",
        ],
    }
    resources = b"<< /Font << /F1 5 0 R >> >>" if font else b"<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + resources
        + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *fonts.get(font, []),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_pdf_text_layer():
    pdf = build_pdf(b"BT /F1 12 Tf 72 720 Td (Target 2025: 57.86) Tj 0 -20 Td (Line 2) Tj ET")
    source = read_bytes(pdf, "plan.pdf")
    assert (source.format, source.encoding) == ("pdf", None)
    lines = [line for line in source.lines if line.strip()]
    assert lines == ["Target 2025: 57.86", "Line 2"]


def test_pdf_chinese_text_layer():
    hex_text = "新乡市招商引资规划".encode("utf-16-be").hex().encode()
    pdf = build_pdf(b"BT /F1 12 Tf 72 720 Td <" + hex_text + b"> Tj ET", font="chinese")
    assert read_bytes(pdf, "规划.pdf").lines[0] == "新乡市招商引资规划"


def test_pdf_detected_by_content_whatever_the_name():
    pdf = build_pdf(b"BT /F1 12 Tf 72 720 Td (2025) Tj ET")
    assert read_bytes(pdf, "download").format == "pdf"


def test_pdf_without_text_layer():
    pdf = build_pdf(b"0 0 1 rg 100 100 200 150 re f", font=None)
    message = refused(pdf, "扫描件.pdf")
    assert "没有文字层" in message and "OCR" in message and "扫描件.pdf" in message


def test_corrupt_pdf():
    pdf = build_pdf(b"BT /F1 12 Tf 72 720 Td (2025) Tj ET")
    message = refused(pdf[:120], "坏.pdf")
    assert "已损坏" in message and "PDF" in message and "坏.pdf" in message


def test_pdf_name_without_pdf_header():
    message = refused(b"hello", "x.pdf")
    assert "不是有效的 PDF" in message
