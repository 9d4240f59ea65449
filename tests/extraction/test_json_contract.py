"""The `portal extract` JSON contract of DESIGN.md, which the portal and the benchmarks rely on."""

import json

import pytest

from extraction import ExtractionResult, FieldValue
from extraction.cli import run


def test_result_serialises_to_the_documented_keys():
    result = ExtractionResult(
        file="a.pdf",
        doc_type="certification",
        language="de",
        pages=1,
        ocr_pages=1,
        fields={
            "expiry_date": FieldValue("2027-03-31", 0.93, 1, "gültig bis 31.03.2027", (1, 2, 3, 4))
        },
    )
    payload = result.to_json()
    assert list(payload) == [
        "file",
        "doc_type",
        "language",
        "pages",
        "ocr_pages",
        "fields",
        "clauses",
        "kpis",
        "errors",
    ]
    assert payload["fields"]["expiry_date"] == {
        "value": "2027-03-31",
        "confidence": 0.93,
        "page": 1,
        "evidence": "gültig bis 31.03.2027",
        "bbox": [1, 2, 3, 4],
    }


def test_results_are_frozen():
    result = ExtractionResult(file="a.pdf", fields={"x": FieldValue("1")})
    with pytest.raises(TypeError):
        result.fields["y"] = FieldValue("2")  # type: ignore[index]


def test_cli_prints_one_line_per_file_and_goes_on_after_a_missing_file(tmp_path, capsys):
    good = tmp_path / "note.txt"
    good.write_text("Hello")
    exit_code = run([str(tmp_path / "missing.pdf"), str(good)])
    lines = capsys.readouterr().out.splitlines()
    assert exit_code == 1
    assert [json.loads(line)["file"] for line in lines] == [
        str(tmp_path / "missing.pdf"),
        str(good),
    ]
    assert json.loads(lines[0])["errors"]
    assert json.loads(lines[1])["errors"] == []
