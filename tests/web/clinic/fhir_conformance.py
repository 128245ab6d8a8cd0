"""A FHIR R4 bundle judged as a receiver would judge it, by validators toxfill does not build
with: the official R4 JSON Schema (jsonschema), the invariants of R4's StructureDefinitions
(evaluated with fhirpathpy), and the required elements and invariants of the US Core profiles a
resource claims. The fixtures and where they come from: tests/fixtures/fhir/README.md.

`problems(bundle)` lists every failure, each naming the resource, the path and the rule; an
empty list is a bundle a receiving EHR can take.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from fhirpathpy import apply_parsed_path
from fhirpathpy.engine.nodes import ResourceNode
from fhirpathpy.models import models
from fhirpathpy.parser import parse
from jsonschema import Draft6Validator
from tests.fhir_schema import r4_schema

FIXTURES = Path(__file__).parents[2] / "fixtures" / "fhir"
R4 = models["r4"]
PRIMITIVE_FIRST = str.islower  # FHIR's primitive types start lower case, complex ones upper


def _has_value(inputs: list[Any]) -> list[bool]:
    """FHIRPath's hasValue(), which fhirpathpy lacks: one primitive with a value."""
    return [len(inputs) == 1 and inputs[0] is not None and not isinstance(inputs[0], dict | list)]


# What the R4 narrative rules (txt-1) allow: the basic HTML formatting elements, no scripts,
# forms, frames or event handlers (https://hl7.org/fhir/R4/narrative.html#xhtml).
NARRATIVE_ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "big",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "ul",
        "var",
    ]
)
XHTML = "{http://www.w3.org/1999/xhtml}"


def _html_checks(inputs: list[Any]) -> list[bool]:
    """FHIRPath's htmlChecks() (FHIR's own function, which fhirpathpy lacks): the div is XHTML
    of the allowed elements, without event handlers or script links."""
    if len(inputs) != 1 or not isinstance(inputs[0], str):
        return [False]
    try:
        root = ElementTree.fromstring(inputs[0])
    except ElementTree.ParseError:
        return [False]
    if root.tag != f"{XHTML}div":
        return [False]
    for element in root.iter():
        if not element.tag.startswith(XHTML) or element.tag[len(XHTML) :] not in NARRATIVE_ELEMENTS:
            return [False]
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or value.strip().lower().startswith("javascript:"):
                return [False]
    return [True]


OPTIONS: dict[str, Any] = {
    "traceFn": lambda *_: None,  # dom-3 traces what it compares: nothing to print
    "userInvocationTable": {
        "hasValue": {"fn": _has_value, "arity": {0: []}},
        "htmlChecks": {"fn": _html_checks, "arity": {0: []}},
    },
}


@functools.cache
def _schema() -> dict[str, Any]:
    return r4_schema()


@functools.cache
def _validator(definition: str) -> Draft6Validator:
    """A validator of one definition of the R4 schema. The Bundle is checked with its entries'
    resources left to their own validators: the schema's list of every resource type (a oneOf
    of 145) would say only that a resource matched none of them."""
    schema = {k: v for k, v in _schema().items() if k not in ("oneOf", "discriminator")}
    if definition == "Bundle":
        schema["definitions"] = {**schema["definitions"], "ResourceList": {"type": "object"}}
    return Draft6Validator({**schema, "$ref": f"#/definitions/{definition}"})


@functools.cache
def _r4() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FIXTURES / "r4-invariants.json").read_text("utf-8"))
    return loaded


@functools.cache
def _us_core() -> dict[str, dict[str, Any]]:
    loaded = json.loads((FIXTURES / "us-core-5.0.1.json").read_text("utf-8"))["profiles"]
    return {profile["url"]: profile for profile in loaded.values()}


@functools.cache
def _parsed(expression: str) -> Any:
    return parse(expression)


def record_of(document: bytes | dict[str, Any]) -> dict[str, Any]:
    """A bundle without what makes each export its own (its identifier and timestamp): two
    exports of one record are equal this way."""
    loaded = json.loads(document) if isinstance(document, bytes) else document
    return {k: v for k, v in loaded.items() if k not in ("identifier", "timestamp")}


def problems(bundle: dict[str, Any]) -> list[str]:
    """Every schema error, failed invariant and missing US Core element in the bundle."""
    found = [f"Bundle {e}" for e in _schema_errors("Bundle", bundle)]
    found += _invariant_failures(bundle)
    for entry in bundle.get("entry", []):
        resource = entry["resource"]
        name = f"{resource['resourceType']}/{resource.get('id')}"
        found += [f"{name} {e}" for e in _schema_errors(resource["resourceType"], resource)]
        found += [f"{name} {e}" for e in _invariant_failures(resource)]
        found += [f"{name} {e}" for e in _profile_failures(resource)]
    return found


def _schema_errors(definition: str, document: dict[str, Any]) -> Iterator[str]:
    for error in _validator(definition).iter_errors(document):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        yield f"schema {where}: {error.message[:300]}"


def _invariant_failures(resource: dict[str, Any]) -> list[str]:
    kind = resource["resourceType"]
    definition = _r4()["resources"][kind]
    subject = copy.deepcopy(resource)  # fhirpathpy annotates what it reads
    failures: list[str] = []
    _check_node(subject, subject, definition, kind, kind, None, failures)
    return [f"{kind} {f}" for f in failures]


def _check_node(
    node: dict[str, Any],
    resource: dict[str, Any],
    definition: dict[str, Any],
    path: str,
    base: str,
    datatype: str | None,
    failures: list[str],
) -> None:
    """Check one complex element, at `path` in `definition`, then its children. `base` is the
    path (or datatype) fhirpathpy reads the node as, for its choice types."""
    rules = [c for c in definition["constraints"] if c["path"] == path]
    if datatype is not None:
        rules = [c for c in _r4()["types"][datatype]["constraints"] if c["path"] == datatype]
    rules += [c for c in _r4()["types"]["Element"]["constraints"] if c["key"] == "ele-1"]
    for rule in {r["key"]: r for r in rules}.values():
        if not _holds(node, resource, base, rule["expression"]):
            failures.append(f"{path} {rule['key']} ({rule['severity']}): {rule['human']}")
    elements = definition["elements"]
    for key, value in node.items():
        if key == "resourceType" or key.startswith("_"):
            continue
        child_path, types = _child(elements, path, key)
        if child_path is None:
            failures.append(f"{path}.{key}: no such element in R4")
            continue
        own = [
            c for c in definition["constraints"] if c["path"] == child_path and c["key"] != "ele-1"
        ]
        # read as its datatype when it has one, so that its choice elements (value[x]) resolve
        base = types[0] if len(types) == 1 and types[0] in _r4()["types"] else child_path
        for item in value if isinstance(value, list) else [value]:
            backbone = isinstance(item, dict) and types in (["BackboneElement"], ["Element"])
            for rule in [] if backbone else own:  # a backbone element checks its own rules
                if not _holds(item, resource, base.replace("[x]", ""), rule["expression"]):
                    failures.append(
                        f"{child_path} {rule['key']} ({rule['severity']}): {rule['human']}"
                    )
            if isinstance(item, dict):
                _check_child(item, resource, definition, child_path, types, failures)


def _check_child(
    item: dict[str, Any],
    resource: dict[str, Any],
    definition: dict[str, Any],
    child_path: str,
    types: list[str],
    failures: list[str],
) -> None:
    entry = definition["elements"][child_path]
    if "contentReference" in entry:
        target = entry["contentReference"]
        _check_node(item, resource, definition, target, target, None, failures)
        return
    kind = types[0] if len(types) == 1 else next((t for t in types if not PRIMITIVE_FIRST(t)), "")
    if kind in ("BackboneElement", "Element") and child_path in definition["elements"]:
        _check_node(item, resource, definition, child_path, child_path, None, failures)
    elif kind in _r4()["types"]:
        typed = _r4()["types"][kind]
        _check_node(item, resource, typed, kind, kind, kind, failures)
    # a contained resource (Bundle.entry.resource) is checked as a resource of its own


def _child(elements: dict[str, Any], path: str, key: str) -> tuple[str | None, list[str]]:
    """The element a JSON key names under `path`, and its types: `effectiveDateTime` is the
    choice element `effective[x]` as a dateTime."""
    direct = f"{path}.{key}"
    if direct in elements:
        return direct, elements[direct].get("types", [])
    for candidate, entry in elements.items():
        if candidate.startswith(f"{path}.") and candidate.endswith("[x]"):
            stem = candidate[len(path) + 1 : -3]
            if key.startswith(stem) and "." not in stem:
                wanted = key[len(stem) :]
                for kind in entry.get("types", []):
                    if kind[0].upper() + kind[1:] == wanted:
                        return candidate, [kind]
    return None, []


def _holds(node: Any, resource: dict[str, Any], base: str, expression: str) -> bool:
    focus = ResourceNode.create_node(node, base)
    context = {"resource": resource, "rootResource": resource}
    result = apply_parsed_path(focus, _parsed(expression), context, R4, OPTIONS)
    return result in ([True], [])


def _profile_failures(resource: dict[str, Any]) -> list[str]:
    failures = []
    for url in resource.get("meta", {}).get("profile", []):
        profile = _us_core().get(url)
        if profile is None:
            continue
        name = url.rsplit("/", 1)[-1]
        for required in profile["required"]:
            missing = _missing(resource, required["path"].split(".")[1:])
            if missing:
                failures.append(f"{name}: {required['path']} is required")
        subject = copy.deepcopy(resource)
        for rule in profile["constraints"]:
            if not _holds(subject, subject, resource["resourceType"], rule["expression"]):
                failures.append(f"{name} {rule['key']}: {rule['human']}")
    return failures


def _missing(node: Any, steps: list[str]) -> bool:
    """Whether the last step is absent anywhere its parent is present (a required child of an
    element the resource does not have is not required)."""
    for item in node if isinstance(node, list) else [node]:
        if not isinstance(item, dict):
            continue
        step = steps[0]
        if step.endswith("[x]"):
            present = [k for k in item if k.startswith(step[:-3])]
            value = item[present[0]] if present else None
        else:
            value = item.get(step)
        if len(steps) == 1:
            if value is None or value == []:
                return True
        elif value is not None and _missing(value, steps[1:]):
            return True
    return False
