"""targets.yaml: settings and targets, read safely and validated strictly.

The file is untrusted: it is read with a safe loader that refuses duplicate keys and YAML aliases
(no "billion laughs"), capped in size, and validated by Pydantic models that forbid unknown keys.
Every error becomes one :class:`ConfigError` line naming the file, line and key.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError
from .yamlfile import load_yaml, read_bounded
from .registry import all_kpis, get
from .thresholds import Target, parse_change_target, parse_target

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# The brief's own targets: used when no targets file is found.
DEFAULT_TARGETS: dict[str, Any] = {
    "engagement.likes_per_post": ">= 20",
    "engagement.comments_per_post": ">= 50",
    "engagement.shares_per_post": ">= 30",
    "sentiment.positive_share": "> 80%",
    "sentiment.negative_share": "< 5%",
    "communication.avg_response_time": {"target": "<= 1h", "severity": "warn"},
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetSpec(_Strict):
    target: str | None = None
    change: str | None = None  # on the change vs the comparison window (--compare)
    severity: Literal["error", "warn"] = "error"


def _clock(v: Any) -> dt.time:
    # YAML 1.1 reads an unquoted 09:00 as the base-60 integer 540: take it as minutes.
    if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 24 * 60:
        return dt.time(23, 59, 59, 999999) if v == 24 * 60 else dt.time(v // 60, v % 60)
    if isinstance(v, str):
        if v.strip() == "24:00":
            return dt.time(23, 59, 59, 999999)
        try:
            t = dt.time.fromisoformat(v.strip())
        except ValueError:
            pass
        else:
            if t.tzinfo is not None:  # "18:00Z": business hours are clock times in `timezone:`
                raise ValueError(f"'{v}' has a UTC offset; write the local time (\"18:00\"), the zone is timezone:")
            return t
    raise ValueError(f"'{v}' is not a time like \"09:00\"")


class BusinessHours(_Strict):
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = ["mon", "tue", "wed", "thu", "fri"]
    start: dt.time = dt.time(9, 0)
    end: dt.time = dt.time(18, 0)
    holidays: list[dt.date] = Field(default_factory=list)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _time(cls, v: Any) -> dt.time:
        return _clock(v)

    @field_validator("days", mode="before")
    @classmethod
    def _days(cls, v: Any) -> Any:
        return [d.strip().lower()[:3] if isinstance(d, str) else d for d in v] if isinstance(v, list) else v


class SourceRule(_Strict):
    """Overrides for files whose path matches ``match`` (a glob): see README "sources"."""

    match: str
    kind: Literal["posts", "comments", "ads", "sessions", "tickets", "kb", "followers", "influencer"] | None = None
    format: str | None = None
    rename: dict[str, str] = Field(default_factory=dict)
    date_format: str | None = None
    platform: str | None = None
    encoding: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2700)
    sheet: str | int | None = None
    # Text columns kept as --by dimensions, named like their header ("Sales team" -> sales_team).
    segment: list[str] = Field(default_factory=list)

    @field_validator("segment")
    @classmethod
    def _segment(cls, v: list[str]) -> list[str]:
        from .kinds import KINDS, normalize_header
        from .segment import DIMENSIONS

        canonical = {c.name for k in KINDS.values() for c in k.columns}
        for header in v:
            name = normalize_header(str(header))
            if not name or name in DIMENSIONS or name in canonical:
                raise ValueError(f"segment '{header}': '{name}' is a column smkpi already reads; --by it directly "
                                 f"or rename: the header to a canonical column")
        return v

    @property
    def segment_names(self) -> dict[str, str]:
        """File header -> dimension name."""
        from .kinds import normalize_header

        return {h: normalize_header(h) for h in self.segment}

    @field_validator("rename")
    @classmethod
    def _rename(cls, v: dict[str, str], info) -> dict[str, str]:
        # A mistyped target column would silently read nothing: say so, with the nearest name.
        from .kinds import KINDS

        kind = info.data.get("kind")
        kinds = [KINDS["posts" if kind == "influencer" else kind]] if kind else list(KINDS.values())
        names = sorted({c.name for k in kinds for c in k.columns})
        for header, target in v.items():
            if target not in names:
                close = difflib.get_close_matches(str(target), names, n=1, cutoff=0.5)
                hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(names)}"
                raise ValueError(f"rename '{header}' -> '{target}': '{target}' is not a canonical column; {hint}")
        return v

    @field_validator("format")
    @classmethod
    def _format(cls, v: str | None) -> str | None:
        from .formats.specs import BY_NAME

        if v is not None and v not in BY_NAME:
            close = difflib.get_close_matches(v, list(BY_NAME), n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else "see the README section 'Platform exports' for the list"
            raise ValueError(f"unknown export format '{v}'; {hint}")
        return v

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, v: str | None) -> str | None:
        import codecs

        try:
            info = codecs.lookup(v) if v is not None else None
        except LookupError:
            raise ValueError(f"unknown encoding '{v}'; use e.g. utf-8, utf-16, cp874") from None
        if info is not None and not getattr(info, "_is_text_encoding", True):  # rot13, zlib, base64: not text
            raise ValueError(f"'{v}' is not a text encoding; use e.g. utf-8, utf-16, cp874")
        return info.name if info is not None else None

    @field_validator("date_format")
    @classmethod
    def _date_format(cls, v: str | None) -> str | None:
        if v is not None and "%" not in v:
            raise ValueError(f"'{v}' is not a strftime layout; write it like \"%d/%m/%Y %H:%M\"")
        if v is not None and re.search(r"%[-#]?[zZ]", v):
            raise ValueError(f"'{v}': %z / %Z are not supported in date_format; ISO timestamps with an offset "
                             f"(2026-06-01T09:00:00+07:00) are read without one")
        return v

    @field_validator("match")
    @classmethod
    def _match(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("match is empty; give a glob such as \"linkedin_*.xlsx\"")
        return v


class TargetsFile(_Strict):
    timezone: str = "Asia/Bangkok"
    currency: str = Field(default="THB", min_length=1, max_length=8)
    business_hours: BusinessHours = BusinessHours()
    # Keys are checked by resolve_targets, which names the line and suggests the nearest KPI id.
    targets: dict[Any, Any] = Field(default_factory=lambda: dict(DEFAULT_TARGETS))
    sources: list[SourceRule] = Field(default_factory=list)
    # dimension -> group -> targets inside that group; checked by resolve_segments.
    segments: dict[Any, Any] = Field(default_factory=dict)
    # Exchange rates into `currency`: {USD: 35.2} = 35.2 THB per USD (see smkpi.currency).
    fx: dict[str, float] = Field(default_factory=dict)

    @field_validator("fx", mode="before")
    @classmethod
    def _fx(cls, v: Any) -> Any:
        if v is None:
            return {}
        if not isinstance(v, dict):
            raise ValueError("fx: is a mapping of currency code to rate, e.g. {USD: 35.2}")
        out = {}
        for code, rate in v.items():
            if not isinstance(code, str) or not re.fullmatch(r"[A-Za-z]{3}", code):
                raise ValueError(f"fx: '{code}' is not a three-letter currency code such as USD")
            if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not (0 < rate < 1e12) or rate != rate:
                raise ValueError(f"fx.{code}: '{rate}' is not a positive rate (units of currency: per {code.upper()})")
            out[code.upper()] = float(rate)
        return out

    @field_validator("targets", "sources", "business_hours", "segments", mode="before")
    @classmethod
    def _empty(cls, v: Any, info: Any) -> Any:
        # `targets:` with every entry commented out is YAML null: it means "none", not a type error.
        if v is None:
            return {"targets": {}, "sources": [], "business_hours": BusinessHours(), "segments": {}}[info.field_name]
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            zoneinfo.ZoneInfo(v)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone '{v}'; use an IANA name such as Asia/Bangkok") from None
        # The system's tz database also has right/*, posix/* and Factory, which Polars does not know.
        if v == "Factory" or v.startswith(("right/", "posix/")) or v not in _zones():
            raise ValueError(f"unknown timezone '{v}'; use an IANA name such as Asia/Bangkok") from None
        return v


def _zones() -> set[str]:
    return zoneinfo.available_timezones() | {"UTC"}


class Settings(BaseModel):
    """Resolved settings: what the rest of smkpi reads."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    timezone: str = "Asia/Bangkok"
    currency: str = "THB"
    business_hours: BusinessHours = BusinessHours()
    targets: dict[str, Target] = Field(default_factory=dict)
    sources: list[SourceRule] = Field(default_factory=list)
    source_path: str | None = None  # the targets file read, or None for built-in defaults
    # segments: dimension -> group name -> {KPI id: target}, overriding targets inside that group.
    segments: dict[str, dict[object, dict[str, Target]]] = Field(default_factory=dict)
    year: int | None = None  # --year for exports whose dates omit it
    fx: dict[str, float] = Field(default_factory=dict)  # rates into `currency` (targets.yaml fx:)


# --- resolution -----------------------------------------------------------------------------
def _suggest(key: str) -> str:
    ids = [k.id for k in all_kpis()]
    close = difflib.get_close_matches(key, ids, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else "; run 'smkpi kpis' for the list"


def resolve_targets(raw: dict[str, Any], name: str, lines: dict[tuple, int],
                    at: tuple[str, ...] = ("targets",), currency: str | None = None) -> dict[str, Target]:
    """``targets:`` (or a group's, at ``at``) as {KPI id: Target}; amounts are in ``currency``."""
    out: dict[str, Target] = {}
    if not isinstance(raw, dict):
        line = lines.get(at)
        where = f"{name}:{line}: {'.'.join(at)}" if line else f"{name}: {'.'.join(at)}"
        raise ConfigError(f"{where}: must be a mapping of KPI id to target, e.g. engagement.rate: \">= 3%\"")
    for key, spec in raw.items():
        line = lines.get((*at, str(key)))
        where = f"{name}:{line}: {'.'.join(at)}.{key}" if line else f"{name}: {'.'.join(at)}.{key}"
        kpi = get(str(key))
        if kpi is None:
            raise ConfigError(f"{where}: unknown KPI id{_suggest(str(key))}")
        severity, change = "error", False
        if isinstance(spec, dict):
            try:
                s = TargetSpec.model_validate(spec)
            except ValidationError as e:
                raise ConfigError(f"{where}: {_first_error(e, TargetSpec)} (long form is {{target: \">= 20\", severity: warn}})") from None
            if s.target is None and s.change is None:
                raise ConfigError(f"{where}: target: Field required (long form is {{target: \">= 20\", severity: warn}})")
            if s.target is not None and s.change is not None:
                raise ConfigError(f"{where}: give one of target: and change:, not both; a KPI takes one target "
                                  f"per scope (a group under segments: can take the other)")
            spec, severity, change = s.target if s.target is not None else s.change, s.severity, s.change is not None
        if change:
            if not isinstance(spec, str):
                raise ConfigError(f"{where}: a change target is quoted text like \">= +5%\"")
            out[kpi.id] = parse_change_target(spec, kpi.unit, where, severity, currency)
            continue
        if spec is None:
            raise ConfigError(f"{where}: no target given; write one such as \">= 20\" or remove the key")
        if isinstance(spec, bool) or not isinstance(spec, (str, int, float)):
            raise ConfigError(f"{where}: a target is quoted text like \">= 20\" or "
                              f"{{target: \">= 20\", severity: warn}}, not a {type(spec).__name__}")
        if not isinstance(spec, str):
            raise ConfigError(f"{where}: '{str(spec)[:40]}' needs an operator and quotes, e.g. \">= {str(spec)[:40]}\"")
        try:
            out[kpi.id] = parse_target(spec, kpi.unit, where, severity, currency)
        except (ValueError, OverflowError):  # a 5,000-digit number
            raise ConfigError(f"{where}: '{spec[:40]}…' is not a number smkpi can read; write a plain value") from None
    return out


def segment_dimensions(sources: list[SourceRule]) -> tuple[str, ...]:
    """Dimensions that ``sources:`` rules add with ``segment:``, in order."""
    return tuple(dict.fromkeys(n for r in sources for n in r.segment_names.values()))


def _pick(e: ValidationError) -> dict:
    """The error to report: an unknown key first (``{targt: ...}`` is a typo of ``target``, not a
    missing ``target``), else the first."""
    errors = e.errors()
    return next((x for x in errors if x["type"] == "extra_forbidden"), errors[0])


def _model_in(tp: Any) -> type[BaseModel] | None:
    """The Pydantic model inside an annotation (``list[SourceRule]``, ``BusinessHours | None``)."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return next((m for m in map(_model_in, getattr(tp, "__args__", ())) if m is not None), None)


def _keys_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the model allows where the key at ``loc`` was found (its siblings)."""
    m: type[BaseModel] | None = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue  # an item of a list: same model
        field = m.model_fields.get(str(part)) if m else None
        m = _model_in(field.annotation) if field else None
    return list(m.model_fields) if m else []


def _unknown_key(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key; did you mean '{close[0]}'?"
    return f"unknown key; use one of {', '.join(allowed)}" if allowed else "unknown key; remove it or check its spelling"


def _first_error(e: ValidationError, model: type[BaseModel] | None = None) -> str:
    err = _pick(e)
    loc = ".".join(str(p) for p in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = _unknown_key(str(err["loc"][-1]), _keys_at(model, err["loc"]) if model else [])
    return f"{loc}: {msg}" if loc else msg


def _segments(model: TargetsFile, name: str, lines: dict[tuple, int]) -> dict:
    from .segment_targets import resolve_segments  # here: it builds on resolve_targets above

    return resolve_segments(model.segments, name, lines, segment_dimensions(model.sources), model.currency.upper())


def load_settings(path: str | Path | None, *, year: int | None = None) -> Settings:
    """Read a targets file (or None for the built-in defaults) into :class:`Settings`."""
    if path is None:
        return Settings(targets=resolve_targets(DEFAULT_TARGETS, "built-in defaults", {}), year=year)
    p = Path(path)
    name = str(p)
    try:
        if p.is_dir():
            raise ConfigError(f"{name}: is a directory; pass the targets file itself")
        data = read_bounded(p, name)
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{name}: targets file not found; create one with 'smkpi init'") from None
    except PermissionError:
        raise ConfigError(f"{name}: permission denied; make the file readable") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{name}: not UTF-8 text (byte {e.start}); save it as UTF-8") from None
    except OSError as e:
        raise ConfigError(f"{name}: cannot read: {e.strerror}") from None
    data, lines = load_yaml(text, name)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: must be a mapping with keys such as timezone, targets (found a {type(data).__name__})")
    try:
        model = TargetsFile.model_validate(data)
    except ValidationError as e:
        err = _pick(e)
        loc = tuple(str(x) for x in err["loc"])
        line = next((lines[loc[:i]] for i in range(len(loc), 0, -1) if loc[:i] in lines), None)
        msg = _first_error(e, TargetsFile)
        raise ConfigError(f"{name}:{line}: {msg}" if line else f"{name}: {msg}") from None
    targets = model.targets if isinstance(model.targets, dict) else {}
    return Settings(
        timezone=model.timezone,
        currency=model.currency.upper(),
        business_hours=model.business_hours,
        targets=resolve_targets(targets, name, lines, currency=model.currency.upper()),
        sources=model.sources,
        segments=_segments(model, name, lines),
        source_path=name,
        year=year,
        fx={k: v for k, v in model.fx.items() if k != model.currency.upper()},
    )
