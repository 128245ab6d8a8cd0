"""Load the knowledge base from its YAML files, validate it whole, and keep one copy per process."""

from __future__ import annotations

import functools
import gc
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from toxfill.errors import InputError, KnowledgeError
from toxfill.knowledge.base import KnowledgeBase, Meta
from toxfill.knowledge.codes import CodedKind, CodeMapping
from toxfill.knowledge.floors import check_floors
from toxfill.knowledge.models import (
    Aftercare,
    Area,
    Caution,
    Cited,
    Combination,
    Concern,
    ConcernKind,
    Cost,
    CumulativeDoseLimit,
    DoseReference,
    ExpectedReaction,
    HealthFactor,
    Option,
    Preference,
    Product,
    Reconstitution,
    Source,
    StaffActions,
    Symptom,
    TriageRule,
    Zone,
)

BUNDLED_DATA = Path(__file__).parent / "data"

M = TypeVar("M", bound=BaseModel)


def bundled_knowledge(language: str = "en") -> KnowledgeBase:
    """The knowledge base shipped with toxfill, its patient-facing words in `language` (en, es):
    the same facts, IDs and sources in every language (translation.py). InputError names the
    field `lang` for a language toxfill does not speak."""
    from toxfill.knowledge.translation import ENGLISH, check_language

    if check_language(language) == ENGLISH:
        return _bundled_english()
    return _bundled_translated(language)


@functools.cache
def _bundled_english() -> KnowledgeBase:
    """Validated once and kept on disk (cache.py), then read once per process. It lives as long
    as the process, so the garbage collector is told to stop scanning it: that keeps collection
    pauses out of every later request."""
    from toxfill.knowledge.cache import cached

    kb = cached(BUNDLED_DATA, load_knowledge)
    gc.freeze()
    return kb


@functools.cache
def _bundled_translated(language: str) -> KnowledgeBase:
    from toxfill.knowledge.translation import translated

    kb = translated(_bundled_english(), language, BUNDLED_DATA)
    gc.freeze()
    return kb


def load_knowledge(data_dir: Path = BUNDLED_DATA) -> KnowledgeBase:
    """Read every data file under `data_dir` and return a validated knowledge base.

    Raises KnowledgeError naming the file and entry of the first problem found.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise KnowledgeError(str(data_dir), "-", "knowledge data directory not found")
    meta = _parse_one(data_dir / "meta.yaml", Meta)
    sources = _parse_entries(data_dir, "sources/*.yaml", "sources", Source)
    read_once = functools.cache(_read_yaml)  # vocabulary.yaml holds four kinds
    vocabulary = "vocabulary.yaml"
    concerns = _parse_entries(data_dir, vocabulary, "concerns", Concern, read_once)
    health = _parse_entries(data_dir, vocabulary, "health_factors", HealthFactor, read_once)
    preferences = _parse_entries(data_dir, vocabulary, "preferences", Preference, read_once)
    symptoms = _parse_entries(data_dir, vocabulary, "symptoms", Symptom, read_once)
    areas = _parse_entries(data_dir, vocabulary, "areas", Area, read_once)
    options = [
        (path, option)
        for path in sorted((data_dir / "options").glob("*.yaml"))
        for option in [_parse_one(path, Option)]
    ]
    products = _parse_entries(data_dir, "products/*.yaml", "products", Product)
    costs = _parse_entries(data_dir, "costs.yaml", "costs", Cost, name="option")
    combinations = _parse_entries(data_dir, "combinations.yaml", "combinations", Combination)
    reconstitutions = _parse_entries(
        data_dir, "dosing.yaml", "reconstitution", Reconstitution, read_once
    )
    doses = _parse_entries(data_dir, "dosing.yaml", "doses", DoseReference, read_once)
    cumulative = _parse_entries(
        data_dir, "dosing.yaml", "cumulative_limits", CumulativeDoseLimit, read_once, "product"
    )
    rules = _parse_entries(data_dir, "triage.yaml", "rules", TriageRule, read_once)
    aftercare = _parse_entries(
        data_dir, "triage.yaml", "aftercare", Aftercare, read_once, name="option"
    )
    expected = _parse_entries(
        data_dir, "triage.yaml", "expected", ExpectedReaction, read_once, name="option"
    )
    # optional: a knowledge base without them shows the team the patient's advice alone
    staff = (
        _parse_entries(
            data_dir, "triage.yaml", "staff_actions", StaffActions, read_once, "mechanism"
        )
        if "staff_actions" in read_once(data_dir / "triage.yaml")
        else []
    )
    zones = _parse_entries(data_dir, "zones.yaml", "zones", Zone)
    # optional: a knowledge base with no standard codes exports toxfill's own IDs alone
    codes = (
        _parse_entries(data_dir, "codes.yaml", "codes", CodeMapping, name="of")
        if (data_dir / "codes.yaml").is_file()
        else []
    )
    dosing = read_once(data_dir / "dosing.yaml")
    units_warning = _validate(Cited, dosing.get("units_warning"), "dosing.yaml", "units_warning")

    options_by_id = _unique(options, "option")
    if sorted(meta.option_order) != sorted(options_by_id):
        raise KnowledgeError(
            "meta.yaml",
            "option_order",
            f"must list each option once: files define {sorted(options_by_id)}",
        )
    kb = KnowledgeBase(
        meta=meta,
        sources=_unique(sources, "source"),
        concerns=_unique(concerns, "concern"),
        health_factors=_unique(health, "health factor"),
        preferences=_unique(preferences, "preference"),
        symptoms=_unique(symptoms, "symptom"),
        options={option_id: options_by_id[option_id] for option_id in meta.option_order},
        products=_unique(products, "product"),
        costs=_unique(costs, "cost", "option"),
        combinations=_unique(combinations, "combination"),
        reconstitutions=tuple(r for _, r in reconstitutions),
        doses=tuple(d for _, d in doses),
        cumulative_limits=tuple(c for _, c in cumulative),
        units_warning=units_warning,
        triage_rules=tuple(_unique(rules, "triage rule").values()),
        aftercare=_unique(aftercare, "aftercare", "option"),
        expected_reactions=tuple(e for _, e in expected),
        zones=_unique(zones, "zone"),
        areas=_unique(areas, "area"),
        codes=tuple(c for _, c in codes),
        staff_actions=tuple(s for _, s in staff),
    )
    _check_references(kb, options, products, costs, combinations)
    _check_group_cautions(options)
    _check_dosing(kb, reconstitutions, doses, cumulative)
    _require_cited(kb, data_dir / "dosing.yaml", "units_warning", units_warning)
    _check_areas(kb, areas)
    _check_triage(kb, rules, aftercare, expected)
    _check_staff_actions(kb, staff)
    _check_zones(kb, zones)
    _check_codes(kb, codes)
    check_floors(kb)
    return kb


# --- parsing ----------------------------------------------------------------------------


# libyaml's C parser, when the wheel has it, parses the knowledge base several times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_SafeLoader)
    except FileNotFoundError:
        raise KnowledgeError(_relative(path), "-", "file is missing") from None
    except yaml.YAMLError as exc:
        raise KnowledgeError(_relative(path), "-", f"not valid YAML: {exc}") from None


def _validate(model: type[M], raw: Any, file: str, entry: str) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(entry)'}: {_plain(err)}"
            for err in exc.errors()
        )
        raise KnowledgeError(file, entry, problems) from None


def _plain(err: Mapping[str, Any]) -> str:
    if err["type"] == "too_short" and err["loc"] and err["loc"][-1] == "sources":
        return "a fact needs at least one source"
    if err["type"] == "missing" and err["loc"] and err["loc"][-1] == "sources":
        return "a fact needs at least one source (field 'sources' is missing)"
    return str(err["msg"])


_SUBDIRECTORIES = {"sources", "options", "products"}


def _relative(path: Path) -> str:
    """A data file's name as its authors know it: 'vocabulary.yaml', 'options/ha-filler.yaml'."""
    return f"{path.parent.name}/{path.name}" if path.parent.name in _SUBDIRECTORIES else path.name


def _parse_one(path: Path, model: type[M]) -> M:
    raw = _read_yaml(path)
    entry = raw.get("id", "-") if isinstance(raw, dict) else "-"
    return _validate(model, raw, _relative(path), str(entry))


def _parse_entries(
    data_dir: Path,
    pattern: str,
    key: str,
    model: type[M],
    read: Callable[[Path], Any] = _read_yaml,
    name: str = "id",
) -> list[tuple[Path, M]]:
    """Every entry of the list `key` in the files matching `pattern`; `name` is the field that
    names an entry in error messages."""
    paths = sorted(data_dir.glob(pattern))
    if not paths:
        raise KnowledgeError(pattern, "-", "file is missing")
    parsed: list[tuple[Path, M]] = []
    for path in paths:
        raw = read(path)
        if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
            raise KnowledgeError(_relative(path), "-", f"expected a top-level list '{key}'")
        for index, item in enumerate(raw[key]):
            entry = item.get(name, f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
            parsed.append((path, _validate(model, item, _relative(path), str(entry))))
    return parsed


def _unique(entries: Iterable[tuple[Path, M]], kind: str, key: str = "id") -> dict[str, M]:
    """Entries by their `key` field; the same key twice is an error naming both files."""
    seen: dict[str, tuple[Path, M]] = {}
    for path, item in entries:
        item_key: str = getattr(item, key)
        if item_key in seen:
            first = _relative(seen[item_key][0])
            raise KnowledgeError(
                _relative(path),
                item_key,
                f"duplicate {kind} {'ID' if key == 'id' else key} (first defined in {first})",
            )
        seen[item_key] = (path, item)
    return {item_key: item for item_key, (_, item) in seen.items()}


# --- cross-references -------------------------------------------------------------------


def _require(file: Path, entry: str, kind: str, value: str, known: Mapping[str, object]) -> None:
    if value not in known:
        raise KnowledgeError(
            _relative(file), entry, f"refers to unknown {kind} '{value}' (dangling reference)"
        )


def _require_cited(kb: KnowledgeBase, file: Path, entry: str, item: BaseModel) -> None:
    """Every source cited anywhere inside `item` exists."""
    for claim in _claims(item):
        for source in claim.sources:
            _require(file, entry, "source", source, kb.sources)


def _check_references(
    kb: KnowledgeBase,
    options: list[tuple[Path, Option]],
    products: list[tuple[Path, Product]],
    costs: list[tuple[Path, Cost]],
    combinations: list[tuple[Path, Combination]],
) -> None:
    for path, option in options:
        _require_cited(kb, path, option.id, option)
        for use in option.uses:
            _require(path, option.id, "concern", use.concern, kb.concerns)
        for caution in option.cautions:
            _check_caution(path, option, caution, kb)
        if option.side_effects:
            for symptom in option.side_effects.symptoms:
                _require(path, option.id, "symptom", symptom, kb.symptoms)
        for risk in option.risks:
            for symptom in risk.symptoms:
                _require(path, f"{option.id} risk {risk.id}", "symptom", symptom, kb.symptoms)

    gtin_owners: dict[str, str] = {}
    for path, product in products:
        _require(path, product.id, "option", product.option, kb.options)
        _require_cited(kb, path, product.id, product)
        for use in product.uses:
            _require(path, product.id, "concern", use.concern, kb.concerns)
        _check_gtins(path, product, gtin_owners)

    for path, cost in costs:
        _require(path, cost.option, "option", cost.option, kb.options)
        _require_cited(kb, path, cost.option, cost)

    for path, combination in combinations:
        _require_cited(kb, path, combination.id, combination)
        for option_id in combination.options:
            _require(path, combination.id, "option", option_id, kb.options)
        for concern in combination.concerns:
            _require(path, combination.id, "concern", concern, kb.concerns)
        effect = combination.duration_effect
        if effect and effect.alone_option not in combination.options:
            raise KnowledgeError(
                _relative(path),
                combination.id,
                f"duration_effect.alone_option '{effect.alone_option}' is not one of its options",
            )


def _check_gtins(path: Path, product: Product, owners: dict[str, str]) -> None:
    """A product's GTINs have valid check digits, a source that gives them, and belong to no
    other product (`owners`: each GTIN seen so far and its product, added to here): a scanned
    GTIN names one product or none."""
    if not product.gtins:
        return
    from toxfill.labels import normal_gtin  # GS1 parsing loads only for data that has GTINs

    if product.gtins_source is None:
        raise KnowledgeError(_relative(path), product.id, "gtins need a gtins_source")
    for gtin in product.gtins:
        try:
            normal_gtin(gtin)
        except InputError as exc:
            raise KnowledgeError(_relative(path), product.id, exc.problem) from None
        owner = owners.setdefault(gtin, product.id)
        if owner != product.id:
            raise KnowledgeError(
                _relative(path), product.id, f"GTIN {gtin} is also given for {owner}"
            )


def _check_dosing(
    kb: KnowledgeBase,
    reconstitutions: list[tuple[Path, Reconstitution]],
    doses: list[tuple[Path, DoseReference]],
    cumulative: list[tuple[Path, CumulativeDoseLimit]],
) -> None:
    seen: set[tuple[str, int]] = set()
    for path, mix in reconstitutions:
        entry = f"{mix.product} {mix.vial_units} U"
        _require_toxin_product(kb, path, entry, mix.product)
        if (mix.product, mix.vial_units) in seen:
            raise KnowledgeError(_relative(path), entry, "duplicate reconstitution for this vial")
        seen.add((mix.product, mix.vial_units))
        _require_cited(kb, path, entry, mix)
    for path, dose in doses:
        entry = f"{dose.product} {dose.concern}"
        _require_toxin_product(kb, path, entry, dose.product)
        _require(path, entry, "concern", dose.concern, kb.concerns)
        _require_cited(kb, path, entry, dose)
    scopes: set[tuple[str, str]] = set()
    for path, limit in cumulative:
        entry = f"{limit.product} cumulative limit"
        _require_toxin_product(kb, path, entry, limit.product)
        if (limit.product, limit.scope) in scopes:
            raise KnowledgeError(_relative(path), entry, f"duplicate limit for '{limit.scope}'")
        scopes.add((limit.product, limit.scope))
        _require_cited(kb, path, entry, limit)


def _check_triage(
    kb: KnowledgeBase,
    rules: list[tuple[Path, TriageRule]],
    aftercare: list[tuple[Path, Aftercare]],
    expected: list[tuple[Path, ExpectedReaction]],
) -> None:
    for path, rule in rules:
        for symptom in (*rule.symptoms, *rule.with_any):
            _require(path, rule.id, "symptom", symptom, kb.symptoms)
        for option in (*rule.options, *(o for a in rule.advice_for for o in a.options)):
            _require(path, rule.id, "option", option, kb.options)
        for zone in rule.zones:
            _require(path, rule.id, "area", zone, kb.areas)
        for line in rule.tell:
            _check_placeholders(path, rule.id, line)
        _require_cited(kb, path, rule.id, rule)
    for path, care in aftercare:
        _require(path, f"aftercare {care.option}", "option", care.option, kb.options)
        for note in care.normal:
            for symptom in note.symptoms:
                _require(path, f"aftercare {care.option}", "symptom", symptom, kb.symptoms)
        _require_cited(kb, path, f"aftercare {care.option}", care)
    for path, reaction in expected:
        entry = f"expected {reaction.option}"
        _require(path, entry, "option", reaction.option, kb.options)
        for symptom in reaction.symptoms:
            _require(path, entry, "symptom", symptom, kb.symptoms)
        _require_cited(kb, path, entry, reaction)
    covered = {care.option for _, care in aftercare}
    missing = [
        o.id for o in kb.options.values() if o.administration.injected and o.id not in covered
    ]
    if missing:
        raise KnowledgeError("triage.yaml", "aftercare", f"no aftercare for {', '.join(missing)}")


def _check_staff_actions(kb: KnowledgeBase, staff: list[tuple[Path, StaffActions]]) -> None:
    for path, actions in staff:
        entry = f"staff actions {actions.mechanism}"
        for option in actions.options:
            _require(path, entry, "option", option, kb.options)
        _require_cited(kb, path, entry, actions)


def _check_areas(kb: KnowledgeBase, areas: list[tuple[Path, Area]]) -> None:
    """Every concern lies in a known area, and a wider area exists."""
    for path, area in areas:
        if area.within is not None:
            _require(path, area.id, "area", area.within, kb.areas)
        for source in area.sources:
            _require(path, area.id, "source", source, kb.sources)
    for concern in kb.concerns.values():
        _require(Path("vocabulary.yaml"), concern.id, "area", concern.area, kb.areas)


def _check_zones(kb: KnowledgeBase, zones: list[tuple[Path, Zone]]) -> None:
    """A zone's area is one triage knows, its concerns exist, and its vessel risk is cited."""
    for path, zone in zones:
        _require(path, zone.id, "area", zone.area, kb.areas)
        for concern in zone.concerns:
            _require(path, zone.id, "concern", concern, kb.concerns)
        _require_cited(kb, path, zone.id, zone)


def _check_codes(kb: KnowledgeBase, codes: list[tuple[Path, CodeMapping]]) -> None:
    """A code names a known product, option, zone or symptom, cites sources that exist, and
    is given once: a code that no source gave never reaches an export."""
    known: dict[CodedKind, Mapping[str, object]] = {
        CodedKind.PRODUCT: kb.products,
        CodedKind.OPTION: kb.options,
        CodedKind.ZONE: kb.zones,
        CodedKind.SYMPTOM: kb.symptoms,
    }
    seen: set[tuple[CodedKind, str, str, str]] = set()
    for path, mapping in codes:
        entry = f"{mapping.kind.value} {mapping.of} {mapping.system.value} {mapping.code}"
        if mapping.kind in known:
            _require(path, entry, mapping.kind.value, mapping.of, known[mapping.kind])
        key = (mapping.kind, mapping.of, mapping.system.value, mapping.code)
        if key in seen:
            raise KnowledgeError(_relative(path), entry, "duplicate code mapping")
        seen.add(key)
        _require_cited(kb, path, entry, mapping)


TELL_PLACEHOLDERS = frozenset({"treatment", "product", "where", "when"})


def _check_placeholders(path: Path, entry: str, line: str) -> None:
    """A `tell` line names only the report details triage fills in."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(line) if name is not None}
    except ValueError as exc:
        raise KnowledgeError(_relative(path), entry, f"tell line is malformed: {exc}") from None
    unknown = names - TELL_PLACEHOLDERS
    if unknown:
        raise KnowledgeError(
            _relative(path),
            entry,
            f"tell line names unknown {{{', '.join(sorted(unknown))}}}; "
            f"known: {', '.join(sorted(TELL_PLACEHOLDERS))}",
        )


def _require_toxin_product(kb: KnowledgeBase, path: Path, entry: str, product_id: str) -> None:
    product = kb.products.get(product_id)
    if product is None or kb.options[product.option].kind != "toxin":
        raise KnowledgeError(_relative(path), entry, f"'{product_id}' is not a toxin product")


def _check_caution(path: Path, option: Option, caution: Caution, kb: KnowledgeBase) -> None:
    entry = f"{option.id} caution {caution.health}"
    _require(path, entry, "health factor", caution.health, kb.health_factors)
    for product_id in caution.products:
        _require(path, entry, "product", product_id, kb.products)
        if kb.products[product_id].option != option.id:
            raise KnowledgeError(
                _relative(path), entry, f"product '{product_id}' is not a {option.id} product"
            )
    for concern in caution.uses:
        _require(path, entry, "concern", concern, kb.concerns)
    if caution.use_kind is not None and caution.uses:
        kinds = {kb.concerns[c].kind for c in caution.uses}
        if kinds != {ConcernKind(caution.use_kind)}:
            raise KnowledgeError(_relative(path), entry, "uses and use_kind disagree")


def _check_group_cautions(options: list[tuple[Path, Option]]) -> None:
    """A caution stated for a group of options (`holds_for`, e.g. every filler) is stated, whole,
    by every member of the group: one member without it is an error naming the member."""
    stated = {
        (caution.holds_for, caution.health): option.id
        for _, option in options
        for caution in option.cautions
        if caution.holds_for is not None
    }
    for (group, health), first in stated.items():
        for path, option in options:
            if group.includes(option) and not any(
                c.health == health and c.holds_for is not None for c in option.cautions
            ):
                raise KnowledgeError(
                    _relative(path),
                    option.id,
                    f"no caution for '{health}', which {first} states for every option of "
                    f"'{group}' (holds_for): add one for all its products and uses",
                )


def _claims(item: BaseModel) -> Iterator[Cited]:
    """Every cited statement inside a model, however deeply nested."""
    if isinstance(item, Cited):
        yield item
    for name in type(item).model_fields:
        yield from _claims_in(getattr(item, name))


def _claims_in(value: object) -> Iterator[Cited]:
    if isinstance(value, BaseModel):
        yield from _claims(value)
    elif isinstance(value, tuple):
        for element in value:
            yield from _claims_in(element)


__all__ = ["BUNDLED_DATA", "bundled_knowledge", "load_knowledge"]
