"""Issue 13.8: the packing slip carries a standard QR code and a Code 128 barcode of the
reference, and both scan (decoded by zxing-cpp from the rendered slip)."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from fulfildesk.services.shipping import SlipData
from fulfildesk.ui.code128 import symbols
from fulfildesk.ui.packing_slip import save_pdf, save_png


def slip(reference: str) -> SlipData:
    return SlipData(
        reference=reference,
        transaction_id="2e60044a-6546-457b-a87f-9624a1c043eb",
        recipient="Ana Torres",
        address="Gran Vía 1",
        postal_code="28013",
        city="Madrid",
        country="Spain (ES)",
        product="Hoodie",
        quantity=1,
        establishment="Main store",
        tracking_number="1Z999AA10123456784",
    )


@pytest.mark.parametrize(
    "reference",
    ["PP-000123", "R7", "ORDER-2026-11-30-0042", "2e60044a-6546-457b-a87f-9624a1c043eb"],
)
def test_slip_codes_decode_to_the_reference(qapp, tmp_path: Path, reference: str) -> None:  # type: ignore[no-untyped-def]
    png = save_png(tmp_path / "slip.png", slip(reference))
    found = {
        (result.format, result.text)
        for result in zxingcpp.read_barcodes(Image.open(png).convert("L"))
    }
    assert (zxingcpp.BarcodeFormat.QRCode, reference) in found  # a standard QR, not Micro QR
    assert (zxingcpp.BarcodeFormat.Code128, reference) in found
    assert not any(fmt == zxingcpp.BarcodeFormat.MicroQRCode for fmt, _ in found)
    pdf = save_pdf(tmp_path / "slip.pdf", [slip(reference)])
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000


def test_code128_checksum() -> None:
    # start B (104) + P·1 + J·2 + J·3 + 1·4 + 2·5 + 3·6 + C·7 = 879; 879 mod 103 = 55
    assert symbols("PJJ123C") == [104, 48, 42, 42, 17, 18, 19, 35, 55, 106]
    with pytest.raises(ValueError):
        symbols("é")
