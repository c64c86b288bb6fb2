"""The OpenAPI 3.1 document of every JSON route and webhook (docs/api.md): kept as data, one YAML
piece per domain under spec/ (document), with HSDS 3.1's own JSON schemas for the directory API
(hsds), served at `GET /api/openapi.json` (views)."""
