"""The OpenAPI document, completed: every ID field lists its IDs, and the document says what
ninja leaves unsaid, so that generators and linters (tests/web/test_openapi_lint.py) accept it.

The core marks each ID field with the vocabulary it draws from (`toxfill.documents.vocabulary`);
this module turns each mark into an `enum`, so that a reader (or a fuzzer) knows every valid ID.
The server still answers an ID outside the enum with a 422 naming the nearest valid IDs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from toxfill import records
from toxfill.documents import VOCABULARY_KEY
from toxfill.knowledge import KnowledgeBase

SCHEMA_REF = "#/components/schemas/"
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
COMMA_SEPARATED = "x-comma-separated"
"""Marks a query parameter that is a comma-separated list of at most this many IDs."""

VOCABULARIES: dict[str, Callable[[KnowledgeBase], list[str]]] = {
    "options": lambda kb: list(kb.options),
    "products": lambda kb: list(kb.products),
    "toxins": lambda kb: sorted(
        {d.product for d in kb.doses} | {r.product for r in kb.reconstitutions}
    ),
    "concerns": lambda kb: list(kb.concerns),
    "areas": lambda kb: list(kb.areas),
    # An area and a zone may share an ID (the neck is both): an enum lists each value once.
    "places": lambda kb: list(dict.fromkeys([*kb.areas, *kb.zones])),
    "health": lambda kb: list(kb.health_factors),
    "preferences": lambda kb: list(kb.preferences),
    "symptoms": lambda kb: list(kb.symptoms),
    # what a patient consents to: a kind of treatment, or clinical photographs
    "consents": lambda kb: [*kb.options, records.PHOTO_CONSENT],
}


def document_vocabularies(schema: Any, kb: KnowledgeBase) -> Any:
    """`schema` with an enum on every node marked with a vocabulary; changed in place."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if VOCABULARY_KEY in node and isinstance(node[VOCABULARY_KEY], str):
                _enumerate(node, VOCABULARIES[node[VOCABULARY_KEY]](kb))
            if "in" in node and COMMA_SEPARATED in node.get("schema", {}):
                _comma_separated(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema


def _enumerate(node: dict[str, Any], ids: list[str]) -> None:
    """Put the enum where the IDs are: the node, its items, its keys or its string branch."""
    if node.get("type") == "array":
        node["items"]["enum"] = ids
    elif node.get("type") == "object":
        node["propertyNames"] = {**node.get("propertyNames", {}), "enum": ids}
    elif "anyOf" in node:
        for branch in node["anyOf"]:
            if branch.get("type") == "string":
                branch["enum"] = ids
    else:
        node["enum"] = ids


def _comma_separated(parameter: dict[str, Any]) -> None:
    """A string parameter read as a comma-separated list: described as the array it is."""
    string = parameter["schema"]
    ids = string.get("enum", [])
    parameter["style"] = "form"
    parameter["explode"] = False
    parameter["schema"] = {
        "type": "array",
        "items": {"type": "string", "enum": ids},
        "minItems": 2,
        "maxItems": min(string[COMMA_SEPARATED], len(ids) or string[COMMA_SEPARATED]),
        "uniqueItems": True,
        "description": string.get("description", ""),
        VOCABULARY_KEY: string.get(VOCABULARY_KEY),
    }


TEXT: dict[str, Any] = {"type": "string"}
BINARY: dict[str, Any] = {"type": "string", "format": "binary"}
JSON_OBJECT: dict[str, Any] = {"type": "object"}


def file_response(content_type: str, what: str, schema: dict[str, Any] = TEXT) -> dict[str, Any]:
    """The OpenAPI description (an operation's `openapi_extra`) of a download answered with
    200: its media type and the header naming the file."""
    return {
        "responses": {
            200: {
                "description": what,
                "content": {content_type: {"schema": schema}},
                "headers": {
                    "Content-Disposition": {
                        "description": "attachment; filename=...",
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    }


def declare_public_operations(schema: Any) -> Any:
    """`security: []` on each operation that needs no sign-in: ninja writes `security` only
    on the others, and without it a reader cannot tell public from forgotten; in place."""
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            if method in HTTP_METHODS:
                operation.setdefault("security", [])
    return schema


def drop_unused_components(schema: Any) -> Any:
    """The schemas no operation refers to, even through another schema, removed: ninja keeps
    one for each set of query parameters it spreads out (filters, paging); in place."""
    schemas = schema.get("components", {}).get("schemas", {})
    used: set[str] = set()
    stack = [schema["paths"]]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
                name = ref.removeprefix(SCHEMA_REF)
                if name not in used and name in schemas:
                    used.add(name)
                    stack.append(schemas[name])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    for name in set(schemas) - used:
        del schemas[name]
    return schema


def document_body_limit(schema: Any, limit_kb: int) -> Any:
    """413 on every operation that takes a body: a body over the limit is refused before it is
    read, whatever its schema allows (a string's length bounds its characters, not its bytes);
    the answer has the operation's 422 shape; in place."""
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            if method not in HTTP_METHODS or "requestBody" not in operation:
                continue
            answers = operation["responses"]  # keyed by number, as ninja writes them
            refusal = answers.get(422, {})
            answers.setdefault(
                413,
                {
                    "description": f"The body is larger than {limit_kb} KB",
                    **({"content": refusal["content"]} if "content" in refusal else {}),
                },
            )
    return schema


def document_links(schema: Any, prefix: str) -> Any:
    """OpenAPI `links` from each operation that makes a record (a POST answered with 201) under
    `prefix` to the operations on that record: `POST .../patients` links to every operation on
    `.../patients/{patient_id}` and below, passing the new record's `id` as `patient_id` and the
    request's own path parameters as they were. A client (or a fuzzer's stateful phase) follows
    them to use what it made; in place."""
    paths = schema["paths"]
    for path, operations in paths.items():
        made = operations.get("post", {}).get("responses", {}).get(201)
        if not path.startswith(prefix) or made is None:
            continue
        for target, target_operations in paths.items():
            record = target.removeprefix(path + "/").split("/")[0]
            if not target.startswith(path + "/{") or not _answers(made, record):
                continue
            for method, operation in target_operations.items():
                if method not in HTTP_METHODS:
                    continue
                parameters = {
                    name: f"$request.path.{name}"
                    for name in _path_parameters(target)
                    if name != record[1:-1]
                }
                parameters[record[1:-1]] = "$response.body#/id"
                made.setdefault("links", {})[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": parameters,
                }
    return schema


def _answers(made: dict[str, Any], record: str) -> bool:
    """Whether the answer is the record a path parameter names: `{lot_id}` and LotOut, not
    `{member_id}` and the InvitationOut that adding a member answers with."""
    kind = record.removeprefix("{").removesuffix("_id}")
    if kind == record:
        return False
    refs = [node.get("$ref", "") for node in made.get("content", {}).values()]
    refs += [node.get("schema", {}).get("$ref", "") for node in made.get("content", {}).values()]
    return any(kind.replace("_", "") in ref.lower() for ref in refs)


def _path_parameters(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]
