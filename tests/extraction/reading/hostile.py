"""Hostile and broken inputs, generated (never downloaded): each must end in a clear error."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

from pypdf import PdfReader, PdfWriter

from tests.extraction.reading.builders import CONTENT_TYPES, W_NS, docx, paragraph, text_pdf


def raw_pdf(objects: list[bytes], trailer_extra: bytes = b"", root: int = 1) -> bytes:
    """A PDF from numbered object bodies (object i+1 is objects[i]) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s >>\n" % (len(objects) + 1, root, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page_pdf(content: bytes, mediabox: bytes = b"[0 0 595 842]", extra: bytes = b"") -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R %s >>" % (mediabox, extra),
            content,
        ]
    )


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(text_pdf([["Confidential certificate"]]))))
    writer.encrypt("user-secret", "owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def truncated_pdf() -> bytes:
    whole = text_pdf([["A certificate that was cut short in transfer"]])
    return whole[:300]


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n" + random.Random(1).randbytes(20_000)


def zero_page_pdf() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def many_pages_pdf(count: int = 2000) -> bytes:
    kids = b" ".join(b"%d 0 R" % (i + 4) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        _stream(b"BT /F1 12 Tf 72 720 Td (page) Tj ET"),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * count
    return raw_pdf(objects)


def huge_mediabox_pdf() -> bytes:
    # 200 x 200 inches (the largest PDF page) with nothing but a drawn rectangle: needs OCR
    return _page_pdf(_stream(b"0 0 0 rg 10 10 100 100 re f"), mediabox=b"[0 0 14400 14400]")


def circular_xref_pdf() -> bytes:
    """A readable page behind an xref section whose /Prev points at itself."""
    body = _page_pdf(
        _stream(b"BT /F1 24 Tf 72 720 Td (Certificate of registration 2027) Tj ET"),
        extra=b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 "
        b"/BaseFont /Helvetica >> >> >>",
    )
    # a second xref section whose /Prev points at itself
    start = len(body)
    loop = b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 5 /Root 1 0 R /Prev %d >>\n" % start
    return body + loop + b"startxref\n%d\n%%%%EOF\n" % start


def cyclic_page_tree_pdf() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 2 >>",
        ]
    )


def zeros_deflated(megabytes: int) -> bytes:
    """A zlib stream of ``megabytes`` MB of zeros, assembled without compressing them all.

    After a full flush the compressor forgets its history, so every further megabyte compresses
    to the same bytes; the stream ends with an empty final block and the Adler-32 of the zeros.
    """
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (1024 * 1024)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    length = megabytes * len(chunk)
    adler = ((length % 65521) << 16) | 1
    return head + repeat * (megabytes - 1) + b"\x03\x00" + struct.pack(">I", adler)


def stream_bomb_pdf(megabytes: int = 1200) -> bytes:
    """A content stream that inflates from about a megabyte to ``megabytes`` of zeros."""
    return _page_pdf(_stream(zeros_deflated(megabytes), b"/Filter /FlateDecode"))


def deeply_nested_pdf(depth: int = 200_000) -> bytes:
    nested = b"[" * depth + b"]" * depth
    return _page_pdf(_stream(b""), extra=b"/Nested " + nested)


def image_bomb_pdf() -> bytes:
    """An A4 page (no text) showing one image that claims 60000 x 60000 pixels."""
    compressor = zlib.compressobj(9)
    row = b"\xff" * 60000
    packed = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    image = _stream(
        packed,
        b"/Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode",
    )
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
            _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
            image,
        ]
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pixel_flood_png(side: int = 100_000) -> bytes:
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\0" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def truncated_png() -> bytes:
    """A real scan-like PNG cut off halfway through its pixel data."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1200, 800), 255)
    draw = ImageDraw.Draw(image)
    for row in range(0, 800, 20):
        draw.line((0, row, 1200, row + 7), fill=row % 256, width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    whole = buffer.getvalue()
    return whole[: len(whole) // 2]


def bogus_dimensions_jpeg() -> bytes:
    """A JPEG whose frame header claims 65500 x 65500 pixels."""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 65500, 65500, 1) + b"\x01\x11\x00"
    quant = b"\xff\xdb" + struct.pack(">HB", 67, 0) + b"\x01" * 64
    return (
        b"\xff\xd8\xff\xe0"
        + struct.pack(">H", 16)
        + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
        + quant
        + sof
        + b"\xff\xd9"
    )


def tiff_bomb() -> bytes:
    """A little-endian TIFF whose only page claims 100000 x 100000 pixels."""
    entries = [
        (256, 4, 1, 100_000),  # ImageWidth
        (257, 4, 1, 100_000),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: black is zero
        (273, 4, 1, 8),  # StripOffsets
        (278, 4, 1, 100_000),  # RowsPerStrip
        (279, 4, 1, 10_000_000_000 % 2**32),  # StripByteCounts
    ]
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        ifd += struct.pack("<HHII", tag, kind, count, value)
    ifd += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 16) + b"\0" * 8 + ifd


def many_frames_tiff(frames: int = 600) -> bytes:
    from PIL import Image

    pages = [Image.new("L", (8, 8), 255) for _ in range(frames)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    body = "<w:p><w:r><w:t>" + " " * (30 * 1024 * 1024) + "</w:t></w:r></w:p>"
    return docx(body)


def billion_laughs_docx() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    return docx(paragraph("&lol9;"), prolog=f"<!DOCTYPE lolz [{entities}]>")


def external_entity_docx() -> bytes:
    return docx(
        paragraph("&xxe;"), prolog='<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    )


def many_entries_docx(entries: int = 3000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{W_NS}"><w:body>{paragraph("x")}</w:body></w:document>',
        )
        for i in range(entries):
            archive.writestr(f"word/media/{i}.bin", b"x")
    return buffer.getvalue()


def spreadsheet_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def windows_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\0" * 54 + b"PE\0\0" + b"\0" * 200


def linux_executable() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\0" * 120


def svg_with_script() -> bytes:
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    )


def html_page() -> bytes:
    return b"<!doctype html><html><body><script>fetch('/admin')</script></body></html>"


def html_pdf_polyglot() -> bytes:
    return b"<html><script>alert(1)</script><!--\n" + text_pdf([["Looks like a PDF"]]) + b"-->"
