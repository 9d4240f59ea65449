"""Uploads are limited per organisation: 429 with a clear message; others are unaffected."""

from tests.support.documents import text_pdf
from tests.vendor.conftest import multipart


def test_upload_rate_limit_is_per_vendor(app, login_as, vendor_a_user, vendor_b_user):
    app.extensions["portal.rate_limiter"].limits["upload"] = (2, 60)
    alpha = login_as(vendor_a_user)
    for n in range(2):
        response = alpha.post(
            "/vendor/upload", **multipart({"files": [(f"{n}.pdf", text_pdf([[str(n)]]))]})
        )
        assert response.status_code == 201
    refused = alpha.post("/vendor/upload", **multipart({"files": [("3.pdf", text_pdf([["3"]]))]}))
    assert refused.status_code == 429
    assert "Please wait a minute" in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"] == "60"
    beta = login_as(vendor_b_user)
    assert (
        beta.post(
            "/vendor/upload", **multipart({"files": [("b.pdf", text_pdf([["b"]]))]})
        ).status_code
        == 201
    )
