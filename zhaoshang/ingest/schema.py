"""The JSON every ingestion produces, one object per document (``zhaoshang ingest --json``)."""

_NUM = {"type": ["number", "null"]}
_INT = {"type": ["integer", "null"]}
_STR = {"type": ["string", "null"]}
_LINE = {"type": "integer", "minimum": 1}


def _obj(props):
    return {
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }


DOCUMENT_SCHEMA = _obj(
    {
        "document": _obj({"title": _STR, "issuer": _STR, "date": _STR, "region": _STR}),
        "indicators": {
            "type": "array",
            "items": _obj(
                {
                    "name": {"type": "string"},
                    "unit": _STR,
                    "category": _STR,
                    "baseline": _obj({"year": _INT, "value": _NUM}),
                    "target": _obj(
                        {
                            "year": _INT,
                            "value": _NUM,
                            "qualifier": _STR,
                            "text": _STR,
                            "annual_growth_pct": _NUM,
                            "cumulative": {"type": "boolean"},
                        }
                    ),
                    "actual": {
                        "oneOf": [
                            {"type": "null"},
                            _obj({"year": _INT, "value": _NUM, "text": _STR}),
                        ]
                    },
                    "attribute": {"enum": ["expected", "binding", None]},
                    "source_line": _LINE,
                }
            ),
        },
        "enterprises": {
            "type": "array",
            "items": _obj(
                {
                    "name": {"type": "string"},
                    "kind": {"enum": ["firm", "institution"]},
                    "industry": _STR,
                    "action": _STR,
                    "source_region": _STR,
                    "source_line": _LINE,
                }
            ),
        },
        "zones": {
            "type": "array",
            "items": _obj(
                {
                    "name": {"type": "string"},
                    "industries": {
                        "type": "array",
                        "items": _obj(
                            {
                                "name": {"type": "string"},
                                "items": {"type": "array", "items": {"type": "string"}},
                            }
                        ),
                    },
                    "source_line": _LINE,
                }
            ),
        },
        "projects": {
            "type": "array",
            "items": _obj(
                {
                    "name": {"type": "string"},
                    "investment_wan": _NUM,
                    "capacity": _STR,
                    "area_mu": _NUM,
                    "place": _STR,
                    "year": _INT,
                    "source_line": _LINE,
                }
            ),
        },
        "targets": {
            "type": "array",
            "items": _obj(
                {
                    "subject": {"type": "string"},
                    "value": _NUM,
                    "unit": _STR,
                    # A year (2025) or a period as written ("每年", "2021-2025").
                    "year": {"type": ["integer", "string", "null"]},
                    "source_line": _LINE,
                }
            ),
        },
    }
)

OUTPUT_SCHEMA = {"type": "array", "items": DOCUMENT_SCHEMA}
