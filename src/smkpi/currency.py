"""Which currency each input's amounts are in, and converting them with ``fx:`` rates.

An input *declares* its currency by a code in a money header (``Amount spent (PHP)``,
``จำนวนเงินที่ใช้จ่ายไป (THB)``, ``Cost (€)``) or by a currency column (Google Ads' ``Currency
code``). An input that declares none is taken to be in the configured ``currency:``. With
``fx: {USD: 35.2}`` in targets.yaml (35.2 of ``currency:`` per USD), a file declaring one currency
that has a rate is converted at load: its ``spend`` and ``revenue`` are multiplied by the rate.
Amounts in different currencies are never added (see :func:`smkpi.finish.money`).
"""

from __future__ import annotations

import re

import polars as pl

from .config import Settings
from .formats.aliases import _CODES
from .kinds import KINDS, ColType, normalize_header
from .loaded import CURRENCY
from .metrics import carries

_SYMBOLS = {"$": None, "us$": "USD", "€": "EUR", "£": "GBP", "฿": "THB", "₱": "PHP", "₹": "INR", "¥": None}
_CODE = re.compile(rf"[(\[]\s*({_CODES}|US\$|[€£฿₱₹])\s*[)\]]\s*$", re.IGNORECASE)
CURRENCY_COLUMNS = ("currency_code", "currency", "สกุลเงิน", "moneda", "divisa")
MAX_CODES = 20


# Every kind's money columns: a KPI reading one of them is money (smkpi.finish), converted by fx: here.
MONEY_COLUMNS = frozenset(c.name for k in KINDS.values() for c in k.columns if c.type == ColType.MONEY)


def money_columns(kind: str) -> set[str]:
    return {c.name for c in KINDS[kind].columns if c.type == ColType.MONEY} if kind in KINDS else set()


def declared(raw, mapping: dict[str, str], kind: str) -> str | None:
    """The currency code(s) the file declares, comma-separated and sorted, or None."""
    money = money_columns(kind)
    codes: set[str] = set()
    for header, canon in mapping.items():
        if canon in money:
            m = _CODE.search(header)
            if m:
                tok = m.group(1)
                code = _SYMBOLS.get(tok.lower(), tok.upper()) if not tok.isalpha() else tok.upper()
                if code:
                    codes.add(code)
    col = next((h for h in raw.columns if normalize_header(h) in CURRENCY_COLUMNS), None)
    if col is not None and money & set(mapping.values()):
        try:
            cells = raw.frame.select(pl.col(col).cast(pl.String).str.strip_chars().str.to_uppercase()
                                     .drop_nulls().unique().head(MAX_CODES)).collect().to_series().to_list()
        except pl.exceptions.PolarsError:
            cells = []
        codes |= {c for c in cells if re.fullmatch(r"[A-Z]{3}", c or "")}
    return ", ".join(sorted(codes)) or None


def rate_for(currency: str | None, settings: Settings) -> float | None:
    """The fx rate converting a file in ``currency`` into the configured currency (None: no conversion)."""
    if not currency or "," in currency or currency == settings.currency:
        return None
    return settings.fx.get(currency)


def convert(lf: pl.LazyFrame, currency: str | None, settings: Settings, kind: str) -> pl.LazyFrame:
    """``lf`` with its money columns in the configured currency, when a rate is given for ``currency``."""
    rate = rate_for(currency, settings)
    if rate is None:
        return lf
    names = lf.collect_schema().names()
    return lf.with_columns([(pl.col(c) * rate).alias(c) for c in money_columns(kind) if c in names])


def effective_currencies(files, settings: Settings) -> set[str]:
    """Currencies the amounts of ``files`` (InputFile) are in after conversion."""
    out: set[str] = set()
    for f in files:
        out |= set(effective_currency(f, settings).split(","))
    return out


def effective_currency(f, settings: Settings) -> str:
    """The currency one file's (InputFile) amounts are in after conversion: "USD", or "EUR,USD"
    for a file whose currency column holds several (its amounts are never added)."""
    cur = getattr(f, "currency", None)
    if not cur or rate_for(cur, settings) is not None:
        return settings.currency
    return ",".join(sorted(c.strip() for c in cur.split(",")))


def row_currencies(inputs: tuple[str, ...]) -> pl.Expr:
    """The currencies of the rows a money KPI reads (those that carry every one of its inputs, as its
    formula sums): "lowest,highest" per query or group, "" when no row does (see CURRENCY).

    The lowest and highest are two aggregates that stream, where a set of every currency would not;
    they are equal only when every row is in one currency, which is all the KPI needs to know (its
    note then names two of them)."""
    cur = pl.when(carries(*inputs)).then(pl.col(CURRENCY))
    return pl.concat_str(cur.min().fill_null(""), cur.max().fill_null(""), separator=",")


def note_for(currency: str | None, settings: Settings) -> list[str]:
    rate = rate_for(currency, settings)
    if rate is not None:
        return [f"amounts in {currency} converted to {settings.currency} at {rate:g} (fx: in targets.yaml)"]
    return []

