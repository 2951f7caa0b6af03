"""The target grammar (thresholds.py) and the targets file (config.py).

Every error is asserted as the exact one-line message a user sees: file:line, the key, and the fix.
The file is written to ``tmp_path/targets.yaml`` and its path shown as ``T`` in expected messages.
"""

from __future__ import annotations

import datetime as dt

import pytest

from smkpi.config import DEFAULT_TARGETS, load_settings
from smkpi.yamlfile import MAX_BYTES
from smkpi.errors import ConfigError
from smkpi.registry import Unit
from smkpi.thresholds import Target, parse_target

W = "f.yaml:3: targets.k"  # the "where" prefix passed to parse_target in grammar tests


# --- grammar: every accepted form ----------------------------------------------------------
@pytest.mark.parametrize(
    "spec, unit, op, value, text",
    [
        (">= 20", Unit.NUMBER, ">=", 20.0, ">= 20"),
        (">=20", Unit.NUMBER, ">=", 20.0, ">= 20"),
        ("  >  5  ", Unit.NUMBER, ">", 5.0, "> 5"),
        ("< 250", Unit.COUNT, "<", 250.0, "< 250"),
        (">= 1,000", Unit.COUNT, ">=", 1000.0, ">= 1,000"),
        (">= 1_000", Unit.COUNT, ">=", 1000.0, ">= 1_000"),
        ("<= 10.5", Unit.CURRENCY, "<=", 10.5, "<= 10.5"),
        ("> 80%", Unit.RATIO, ">", 0.8, "> 80%"),
        ("< 5%", Unit.RATIO, "<", 0.05, "< 5%"),
        (">= 80 %", Unit.RATIO, ">=", 0.8, ">= 80 %"),
        (">= 0.8", Unit.RATIO, ">=", 0.8, ">= 0.8"),  # a bare fraction on a ratio
        (">= 1", Unit.RATIO, ">=", 1.0, ">= 1"),  # exactly 1 is still a fraction (100%)
        ("<= 1h", Unit.SECONDS, "<=", 3600.0, "<= 1h"),
        ("<= 90s", Unit.SECONDS, "<=", 90.0, "<= 90s"),
        ("< 30m", Unit.SECONDS, "<", 1800.0, "< 30m"),
        ("<= 45min", Unit.SECONDS, "<=", 2700.0, "<= 45min"),
        ("<= 1h30m", Unit.SECONDS, "<=", 5400.0, "<= 1h30m"),
        ("<= 1.5h", Unit.SECONDS, "<=", 5400.0, "<= 1.5h"),
        ("<= 1d", Unit.SECONDS, "<=", 86400.0, "<= 1d"),
        ("<= 1d2h3m4s", Unit.SECONDS, "<=", 86400 + 7200 + 180 + 4.0, "<= 1d2h3m4s"),
        ("<= 2H", Unit.SECONDS, "<=", 7200.0, "<= 2H"),
        (">= 3x", Unit.MULTIPLE, ">=", 3.0, ">= 3x"),
        (">= 2.5×", Unit.MULTIPLE, ">=", 2.5, ">= 2.5×"),
        (">= 3", Unit.MULTIPLE, ">=", 3.0, ">= 3"),
    ],
)
def test_every_form_parses(spec, unit, op, value, text):
    t = parse_target(spec, unit, W)
    assert (t.op, t.value, t.text, t.severity) == (op, pytest.approx(value), text, "error")


@pytest.mark.parametrize(("spec", "currency", "value"), [
    ("<= ฿600", "THB", 600.0), ("<= 600 THB", "THB", 600.0), ("<= 1,000 บาท", "THB", 1000.0), ("<= 600", "USD", 600.0),
    ("<= $20", "USD", 20.0), ("<= US$20", "USD", 20.0), ("<= $20", "SGD", 20.0), ("<= €5", "EUR", 5.0),
])
def test_a_money_target_in_the_reports_currency_is_read(spec, currency, value):
    assert parse_target(spec, Unit.CURRENCY, W, currency=currency).value == value


@pytest.mark.parametrize(("spec", "unit", "message"), [
    ("<= 600 USD", Unit.CURRENCY, "'600 USD' is in USD, but amounts are reported in THB (currency: in targets.yaml); "
                                  "write the target in THB, or set currency: and fx: rates"),
    ("<= $20", Unit.CURRENCY, "'$20' is in dollars ($), but amounts are reported in THB"),
    ("<= EUR 5", Unit.CURRENCY, "'EUR 5' is in EUR, but amounts are reported in THB"),
    (">= ฿100", Unit.COUNT, "'฿100' names a currency, but this KPI is a count; write a plain number"),
])
def test_a_target_in_another_currency_is_an_error_not_a_number_in_this_one(spec, unit, message):
    # "<= 600 USD" used to be read as 600 THB: a CPA of 17,000 THB passed.
    with pytest.raises(ConfigError) as e:
        parse_target(spec, unit, W, currency="THB")
    assert str(e.value).startswith(f"{W}: {message}")


def test_a_targets_file_names_the_key_of_a_target_in_another_currency(tmp_path):
    p = _file(tmp_path, 'currency: THB\ntargets:\n  advertising.cpa: "<= 600 USD"\n')
    with pytest.raises(ConfigError) as e:
        load_settings(p)
    assert str(e.value).startswith(f"{p}:3: targets.advertising.cpa: '600 USD' is in USD")
    p = _file(tmp_path, 'segments:\n  platform:\n    meta: {advertising.cpc: {change: "<= +$2"}}\n')
    with pytest.raises(ConfigError) as e:
        load_settings(p)
    assert "segments.platform.meta.advertising.cpc: '$2' is in dollars ($)" in str(e.value)


def test_units_after_a_number_are_not_currency_codes_in_a_targets_file(tmp_path):
    # "45min" ends in three letters like "600 USD": read as a duration, never as a currency.
    p = _file(tmp_path, 'targets:\n  communication.avg_response_time: "<= 45min"\n  advertising.cpa: "<= 300 THB"\n')
    t = load_settings(p).targets
    assert (t["communication.avg_response_time"].value, t["advertising.cpa"].value) == (2700.0, 300.0)


def test_severity_is_carried():
    assert parse_target("<= 1h", Unit.SECONDS, W, "warn").severity == "warn"


# --- grammar: every error ------------------------------------------------------------------
@pytest.mark.parametrize(
    "spec, unit, message",
    [
        (">= 20", Unit.RATIO, "20 is above 1 on a ratio KPI; write '20%' for a percentage"),
        ("<= 60", Unit.SECONDS,
         "'60' is not a duration; use a unit: 90s, 30m, 2h, 1h30m, 1d — did you mean '60m' or '60s'?"),
        ("<= 1h30", Unit.SECONDS, "'1h30' is not a duration; use a unit: 90s, 30m, 2h, 1h30m, 1d"),
        ("<= soon", Unit.SECONDS, "'soon' is not a duration; use a unit: 90s, 30m, 2h, 1h30m, 1d"),
        (">= 20%", Unit.NUMBER, "a percentage only fits a ratio KPI; this one is a number, write a plain number"),
        (">= 20%", Unit.SECONDS, "'20%' is not a duration; use a unit: 90s, 30m, 2h, 1h30m, 1d"),
        ("20", Unit.NUMBER, "'20' needs an operator: one of >=, >, <=, < (e.g. \">= 20\")"),
        ("== 20", Unit.NUMBER, "'== 20' has an unknown operator '=='; a target is a bound, not an equality: "
                               "write \">= 20\" or \"<= 20\" (operators: >=, >, <=, <)"),
        ("≥ 20", Unit.NUMBER, "'≥ 20' has an unknown operator '≥'; write \">= 20\" (operators: >=, >, <=, <)"),
        # Issue 9: "=>" was read as ">=" silently; only >= > <= < are operators.
        ("=> 3%", Unit.RATIO, "'=> 3%' has an unknown operator '=>'; write \">= 3%\" (operators: >=, >, <=, <)"),
        ("=< 5", Unit.NUMBER, "'=< 5' has an unknown operator '=<'; write \"<= 5\" (operators: >=, >, <=, <)"),
        ("= 5", Unit.NUMBER, "'= 5' has an unknown operator '='; a target is a bound, not an equality: "
                             "write \">= 5\" or \"<= 5\" (operators: >=, >, <=, <)"),
        (">=", Unit.NUMBER, "'>=' needs a value after the operator, e.g. \">= 20\""),
        ("", Unit.NUMBER, "the target is empty; write one such as \">= 20\""),
        (">= abc", Unit.NUMBER, "'abc' is not a number"),
        (">= nan", Unit.NUMBER, "'nan' is not a number"),
        (">= inf", Unit.NUMBER, "'inf' is not a number"),
        (">= abc%", Unit.RATIO, "'abc%' is not a percentage like 80%"),
        (">= 3x", Unit.COUNT, "'3x' is not a number"),
        (">= 1", Unit.BREAKDOWN, "a breakdown KPI cannot have a target; remove this key"),
        (">= 1", Unit.CATEGORY, "a category KPI cannot have a target; remove this key"),
    ],
)
def test_every_grammar_error(spec, unit, message):
    with pytest.raises(ConfigError) as e:
        parse_target(spec, unit, W)
    assert e.value.message == f"{W}: {message}"


# --- boundaries ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "op, below, at, above",
    [(">=", False, True, True), (">", False, False, True), ("<=", True, True, False), ("<", True, False, False)],
)
def test_value_below_at_above_target(op, below, at, above):
    t = Target(op, 20.0, f"{op} 20")
    assert (t.met(19.999), t.met(20.0), t.met(20.001)) == (below, at, above)


def test_float_noise_counts_as_equal():
    noisy = 0.1 + 0.2  # 0.30000000000000004
    assert noisy != 0.3
    assert parse_target(">= 30%", Unit.RATIO, W).met(noisy)
    assert parse_target("<= 30%", Unit.RATIO, W).met(noisy)  # would fail without the tolerance
    assert not parse_target("> 30%", Unit.RATIO, W).met(noisy)
    assert not parse_target("< 30%", Unit.RATIO, W).met(noisy)
    assert parse_target(">= 80%", Unit.RATIO, W).met(0.7 + 0.1)  # 0.7999999999999999


def test_tolerance_is_not_loose():
    # One part in a million is a real difference, not float noise.
    assert not parse_target(">= 30%", Unit.RATIO, W).met(0.3 * (1 - 1e-6))
    assert not Target(">=", 0.0, ">= 0").met(-1e-9)


# --- targets file: accepted layouts ---------------------------------------------------------
def _file(tmp_path, text: str):
    p = tmp_path / "targets.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def _err(tmp_path, text: str) -> str:
    p = _file(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_settings(p)
    msg = e.value.message
    assert "\n" not in msg
    return msg.replace(str(p), "T")


def test_full_file(tmp_path):
    p = _file(tmp_path, """\
timezone: Europe/London
currency: usd
business_hours:
  days: [Monday, tue, WED]
  start: "08:30"
  end: "17:00"
  holidays: [2026-12-05, "2026-12-10"]
targets:
  engagement.likes_per_post: ">= 20"
  sentiment.positive_share: "> 80%"
  engagement.rate: ">= 0.03"
  communication.avg_response_time: {target: "<= 1h", severity: warn}
  advertising.roas: {target: ">= 3x"}
  reach.reach: ">= 1,000"
""")
    s = load_settings(p)
    assert s.timezone == "Europe/London"
    assert s.currency == "USD"
    assert s.source_path == str(p)
    bh = s.business_hours
    assert bh.days == ["mon", "tue", "wed"]
    assert (bh.start, bh.end) == (dt.time(8, 30), dt.time(17, 0))
    assert bh.holidays == [dt.date(2026, 12, 5), dt.date(2026, 12, 10)]
    got = {k: (t.op, t.value, t.text, t.severity) for k, t in s.targets.items()}
    assert got == {
        "engagement.likes_per_post": (">=", 20.0, ">= 20", "error"),
        "sentiment.positive_share": (">", 0.8, "> 80%", "error"),
        "engagement.rate": (">=", 0.03, ">= 0.03", "error"),
        "communication.avg_response_time": ("<=", 3600.0, "<= 1h", "warn"),
        "advertising.roas": (">=", 3.0, ">= 3x", "error"),
        "reach.reach": (">=", 1000.0, ">= 1,000", "error"),
    }


def test_unquoted_less_than_is_plain_yaml(tmp_path):
    # Only a leading > is YAML syntax; a leading < reads as text.
    s = load_settings(_file(tmp_path, "targets:\n  sentiment.negative_share: < 5%\n"))
    assert (s.targets["sentiment.negative_share"].op, s.targets["sentiment.negative_share"].value) == ("<", 0.05)


def test_file_without_targets_key_keeps_the_defaults(tmp_path):
    assert set(load_settings(_file(tmp_path, "currency: USD\n")).targets) == set(DEFAULT_TARGETS)


def test_targets_in_file_replace_the_defaults(tmp_path):
    s = load_settings(_file(tmp_path, 'targets:\n  engagement.rate: ">= 3%"\n'))
    assert list(s.targets) == ["engagement.rate"]


@pytest.mark.parametrize("text", ["targets: {}\n", "targets:\n  # engagement.rate: \">= 3%\"\n"])
def test_empty_targets_mean_no_targets(tmp_path, text):
    # Commenting out every target leaves `targets:` null: that means no targets, not an error.
    assert load_settings(_file(tmp_path, text)).targets == {}


def test_empty_sections_take_their_defaults(tmp_path):
    s = load_settings(_file(tmp_path, "business_hours:\nsources:\n"))
    assert s.sources == [] and s.business_hours.days == ["mon", "tue", "wed", "thu", "fri"]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\ufeff"])
def test_empty_file_gives_the_defaults(tmp_path, text):
    s = load_settings(_file(tmp_path, text))
    assert set(s.targets) == set(DEFAULT_TARGETS)
    assert s.timezone == "Asia/Bangkok" and s.currency == "THB"


def test_no_file_gives_the_briefs_defaults():
    s = load_settings(None)
    assert s.source_path is None
    got = {k: (t.op, t.value, t.severity) for k, t in s.targets.items()}
    assert got == {
        "engagement.likes_per_post": (">=", 20.0, "error"),
        "engagement.comments_per_post": (">=", 50.0, "error"),
        "engagement.shares_per_post": (">=", 30.0, "error"),
        "sentiment.positive_share": (">", 0.8, "error"),
        "sentiment.negative_share": ("<", 0.05, "error"),
        "communication.avg_response_time": ("<=", 3600.0, "warn"),
    }


def test_unquoted_clock_times_read_as_base60_minutes(tmp_path):
    # YAML 1.1 reads 09:00 as the integer 540; it must still mean nine o'clock.
    s = load_settings(_file(tmp_path, "business_hours:\n  start: 09:00\n  end: 18:30\n"))
    assert (s.business_hours.start, s.business_hours.end) == (dt.time(9, 0), dt.time(18, 30))


def test_overnight_hours_and_24_00_are_accepted(tmp_path):
    s = load_settings(_file(tmp_path, 'business_hours:\n  start: "22:00"\n  end: "06:00"\n'))
    assert (s.business_hours.start, s.business_hours.end) == (dt.time(22, 0), dt.time(6, 0))
    s = load_settings(_file(tmp_path, 'business_hours:\n  start: "00:00"\n  end: "24:00"\n'))
    assert s.business_hours.end == dt.time(23, 59, 59, 999999)


def test_sources_rules(tmp_path):
    s = load_settings(_file(tmp_path, 'sources:\n  - match: "fb_*.csv"\n    kind: posts\n    rename: {Likes: likes}\n'))
    assert s.sources[0].match == "fb_*.csv" and s.sources[0].kind == "posts"
    assert s.sources[0].rename == {"Likes": "likes"}


# --- targets file: every error, exact message -----------------------------------------------
@pytest.mark.parametrize(
    "text, message",
    [
        # unknown KPI id, with the nearest id suggested
        ('targets:\n  engagement.like_per_post: ">= 20"\n',
         "T:2: targets.engagement.like_per_post: unknown KPI id; did you mean 'engagement.likes_per_post'?"),
        ('targets:\n  sentiment.positive: "> 80%"\n',
         "T:2: targets.sentiment.positive: unknown KPI id; did you mean 'sentiment.positive_share'?"),
        ('targets:\n  zzz: ">= 1"\n', "T:2: targets.zzz: unknown KPI id; run 'smkpi kpis' for the list"),
        ('targets:\n  1: ">= 1"\n', "T:2: targets.1: unknown KPI id; run 'smkpi kpis' for the list"),
        # grammar errors carry the file, line and key
        ('targets:\n  engagement.rate: ">= 20"\n',
         "T:2: targets.engagement.rate: 20 is above 1 on a ratio KPI; write '20%' for a percentage"),
        ('targets:\n  communication.avg_response_time: "<= 60"\n',
         "T:2: targets.communication.avg_response_time: '60' is not a duration; use a unit: 90s, 30m, 2h, "
         "1h30m, 1d — did you mean '60m' or '60s'?"),
        ('targets:\n  engagement.likes_per_post: ">= 20%"\n',
         "T:2: targets.engagement.likes_per_post: a percentage only fits a ratio KPI; this one is a number, "
         "write a plain number"),
        ('targets:\n  engagement.likes_per_post: "20"\n',
         "T:2: targets.engagement.likes_per_post: '20' needs an operator: one of >=, >, <=, < (e.g. \">= 20\")"),
        ('targets:\n  engagement.likes_per_post: 20\n',
         "T:2: targets.engagement.likes_per_post: '20' needs an operator and quotes, e.g. \">= 20\""),
        ('targets:\n  engagement.likes_per_post:\n',
         "T:2: targets.engagement.likes_per_post: no target given; write one such as \">= 20\" or remove the key"),
        ('targets:\n  engagement.likes_per_post: [">= 20"]\n',
         "T:2: targets.engagement.likes_per_post: a target is quoted text like \">= 20\" or "
         "{target: \">= 20\", severity: warn}, not a list"),
        ('targets:\n  content.views_by_type: ">= 20"\n',
         "T:2: targets.content.views_by_type: a breakdown KPI cannot have a target; remove this key"),
        ('targets:\n  content.top_type: ">= 20"\n',
         "T:2: targets.content.top_type: a category KPI cannot have a target; remove this key"),
        # unquoted >= is YAML syntax: say so and show the fix
        ('targets:\n  engagement.likes_per_post: >= 20\n',
         "T:2:31: YAML syntax error: expected chomping or indentation indicators, but found '=' "
         "(quote targets that start with > or <, e.g. \">= 20\")"),
        ('targets:\n  engagement.likes_per_post: > 20\n',
         "T:2:32: YAML syntax error: expected a comment or a line break, but found '2' "
         "(quote targets that start with > or <, e.g. \">= 20\")"),
        ('targets:\n\tengagement.rate: ">= 1%"\n',
         "T:2:1: YAML syntax error: found character '\\t' that cannot start any token"),
        # duplicate keys, at any level
        ('targets:\n  engagement.likes_per_post: ">= 20"\n  engagement.likes_per_post: ">= 30"\n',
         "T:3: duplicate key 'engagement.likes_per_post' (first on line 2); keep one"),
        ("currency: THB\ncurrency: USD\n", "T:2: duplicate key 'currency' (first on line 1); keep one"),
        ('targets:\n  [a, b]: ">= 1"\n', "T:2: a mapping key must be a plain value"),
        # aliases refused (no billion laughs)
        ('x: &a ">= 20"\ntargets:\n  engagement.likes_per_post: *a\n',
         "T:3: YAML aliases (*name) are not allowed in a targets file"),
        # unknown keys at every level
        ("currncy: THB\n", "T:1: currncy: unknown key; did you mean 'currency'?"),
        ("business_hours:\n  day: [mon]\n", "T:2: business_hours.day: unknown key; did you mean 'days'?"),
        ('sources:\n  - match: "*.csv"\n    knd: posts\n',
         "T:3: sources.0.knd: unknown key; did you mean 'kind'?"),
        ('targets:\n  engagement.likes_per_post: {target: ">= 20", severty: warn}\n',
         "T:2: targets.engagement.likes_per_post: severty: unknown key; did you mean 'severity'? "
         "(long form is {target: \">= 20\", severity: warn})"),
        # issue 14: a top-level typo gets the key it meant; an unknown key beats "field required"
        ('target:\n  engagement.likes_per_post: ">= 20"\n', "T:1: target: unknown key; did you mean 'targets'?"),
        ('targets:\n  engagement.likes_per_post: {targt: ">= 20"}\n',
         "T:2: targets.engagement.likes_per_post: targt: unknown key; did you mean 'target'? "
         "(long form is {target: \">= 20\", severity: warn})"),
        # long form: bad severity, missing target
        ('targets:\n  engagement.likes_per_post: {target: ">= 20", severity: fatal}\n',
         "T:2: targets.engagement.likes_per_post: severity: Input should be 'error' or 'warn' "
         "(long form is {target: \">= 20\", severity: warn})"),
        ("targets:\n  engagement.likes_per_post: {severity: warn}\n",
         "T:2: targets.engagement.likes_per_post: target: Field required "
         "(long form is {target: \">= 20\", severity: warn})"),
        # wrong types
        ("targets:\n  - a\n", "T:1: targets: Input should be a valid dictionary"),
        ("currency: [1]\n", "T:1: currency: Input should be a valid string"),
        ("business_hours:\n  days: monday\n", "T:2: business_hours.days: Input should be a valid list"),
        ("business_hours:\n  days: [someday]\n",
         "T:2: business_hours.days.0: Input should be 'mon', 'tue', 'wed', 'thu', 'fri', 'sat' or 'sun'"),
        ('business_hours:\n  start: "9am"\n', "T:2: business_hours.start: '9am' is not a time like \"09:00\""),
        ("business_hours:\n  holidays: [2026-13-01]\n",
         "T:2: '2026-13-01' is not a valid date (month must be in 1..12); write it as YYYY-MM-DD"),
        ('sources:\n  - match: "*"\n    year: abc\n',
         "T:3: sources.0.year: Input should be a valid integer, unable to parse string as an integer"),
        # the document itself must be a mapping
        ("- a\n- b\n", "T: must be a mapping with keys such as timezone, targets (found a list)"),
        ("hello\n", "T: must be a mapping with keys such as timezone, targets (found a str)"),
        ('currency: THB\n---\ncurrency: USD\n', "T:2:1: YAML syntax error: but found another document"),
        ('currency: !!python/object/apply:os.system ["echo hi"]\n',
         "T:1:11: YAML syntax error: could not determine a constructor for the tag "
         "'tag:yaml.org,2002:python/object/apply:os.system'"),
        # bad timezone
        ("timezone: Mars/Olympus\n",
         "T:1: timezone: unknown timezone 'Mars/Olympus'; use an IANA name such as Asia/Bangkok"),
    ],
)
def test_every_file_error(tmp_path, text, message):
    assert _err(tmp_path, text) == message


def test_file_not_found(tmp_path):
    p = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError) as e:
        load_settings(p)
    assert e.value.message == f"{p}: targets file not found; create one with 'smkpi init'"


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(ConfigError) as e:
        load_settings(tmp_path)
    assert e.value.message == f"{tmp_path}: is a directory; pass the targets file itself"


def test_file_too_large(tmp_path):
    p = tmp_path / "big.yaml"
    p.write_text("# x\n" * (MAX_BYTES // 4 + 1), encoding="utf-8")
    size = p.stat().st_size
    with pytest.raises(ConfigError) as e:
        load_settings(p)
    assert e.value.message == f"{p}: {size:,} bytes is too large for a targets file (limit {MAX_BYTES:,})"


def test_not_utf8(tmp_path):
    p = tmp_path / "targets.yaml"
    p.write_bytes(b"currency: \xff\xfe\n")
    with pytest.raises(ConfigError) as e:
        load_settings(p)
    assert e.value.message == f"{p}: not UTF-8 text (byte 10); save it as UTF-8"


def test_deep_nesting_is_refused_not_crashed(tmp_path):
    msg = _err(tmp_path, "targets: " + "[" * 5000 + "]" * 5000 + "\n")
    assert msg.startswith("T")  # one line naming the file, whatever the parser's wording


def test_unknown_key_with_no_near_miss_lists_the_keys_allowed_there(tmp_path):
    from smkpi.config import BusinessHours, TargetsFile

    for text, keys in (("colour: red\n", TargetsFile.model_fields), ("business_hours:\n  lunch: 1\n",
                                                                     BusinessHours.model_fields)):
        p = tmp_path / "t.yaml"
        p.write_text(text)
        with pytest.raises(ConfigError) as e:
            load_settings(p)
        assert e.value.message.endswith(f"unknown key; use one of {', '.join(keys)}")


def test_a_change_target_without_an_operator_is_quoted_as_written(tmp_path, cli):
    t = tmp_path / "t.yaml"
    t.write_text('targets:\n  engagement.rate: {change: "+2pp"}\n', encoding="utf-8")
    r = cli(["report", tmp_path, "--targets", t])
    assert r.exit_code == 2
    assert r.stderr == (f"smkpi: error: {t}:2: targets.engagement.rate: '+2pp' needs an operator: one of >=, >, <=, < "
                        f"(e.g. \">= +2pp\")\n")
