"""QR codes: SVG for the console and projector, ASCII for the terminal."""
from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def svg(data: str) -> bytes:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, border=2,
                        box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def ascii_art(data: str) -> str:
    code = qrcode.QRCode(border=1)
    code.add_data(data)
    buffer = io.StringIO()
    code.print_ascii(out=buffer, invert=True)
    return buffer.getvalue()
