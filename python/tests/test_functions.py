"""parse, contract, cf, bond: the command line's --json documents and error messages."""

from __future__ import annotations

import datetime as dt
import math

import pytest

import spreadtrade
from spreadtrade import SpreadtradeError


def test_error_type_is_a_value_error():
    assert issubclass(SpreadtradeError, ValueError)
    with pytest.raises(ValueError):
        spreadtrade.parse("2*")


def test_parse_gives_canonical_form_and_legs(cli):
    doc = spreadtrade.parse("2*TUM24 - TYM24")
    assert doc == {
        "canonical": "2×TUM24−1×TYM24",
        "legs": [{"ratio": 2.0, "contract": "TUM24"}, {"ratio": -1.0, "contract": "TYM24"}],
    }
    if cli:
        for expr in ["2*TUM24 - TYM24", "+1×T−2×TS", "-ECM24"]:
            assert spreadtrade.parse(expr) == cli.json(["parse", expr])


@pytest.mark.parametrize("code", ["TUM24", "ZNM4", "T2406.CFE", "VXM24", "6EM24", "TS2312"])
def test_contract_matches_the_command_line(cli, code):
    doc = spreadtrade.contract(code)
    assert doc["code"]
    assert ("face" in doc) != ("multiplier" in doc)
    if cli:
        assert doc == cli.json(["contract", code])


def test_contract_date_sets_the_tick_date(cli):
    # CFFEX TS tick size changed on 2023-11-06 (the repository's CLI test checks both sides).
    before = spreadtrade.contract("TS2312", dt.date(2023, 11, 3))
    after = spreadtrade.contract("TS2312", "2023-11-06")
    assert before["tick_date"] == "2023-11-03" and after["tick_date"] == "2023-11-06"
    assert before["tick_size"] != after["tick_size"]
    if cli:
        assert before == cli.json(["contract", "TS2312", "--date", "2023-11-03"])


def test_cf_is_the_command_lines_factor(cli):
    f = spreadtrade.cf("TYM24", 4.0, "2031-02-15")
    assert isinstance(f, float) and 0.5 < f < 1.5
    assert spreadtrade.cf("TYM24", 4.0, dt.date(2031, 2, 15)) == f
    detail = spreadtrade.cf_detail("T2406", 2.5, "2033-05-25", frequency=1)
    assert detail["rule"] == "cffex"
    if cli:
        doc = cli.json(["cf", "--contract", "TYM24", "--coupon", "4", "--maturity", "2031-02-15"])
        assert doc["conversion_factor"] == f
        assert spreadtrade.cf_detail("TYM24", 4.0, "2031-02-15") == doc
        assert detail == cli.json(["cf", "--contract", "T2406", "--coupon", "2.5", "--maturity", "2033-05-25", "--frequency", "1"])


def test_bond_at_par_and_back(cli):
    # Settled on a coupon date at a yield equal to its coupon, a bond is worth par (Fabozzi,
    # "Bond Markets, Analysis and Strategies", ch. 2).
    a = spreadtrade.bond(4.125, "2034-05-15", dt.date(2024, 5, 15), yield_=4.125)
    assert math.isclose(a["clean"], 100.0, abs_tol=1e-9)
    assert set(a) == {"clean", "dirty", "accrued", "yield", "modified_duration", "macaulay_duration", "convexity", "dv01"}
    b = spreadtrade.bond(4.125, "2034-05-15", "2024-05-15", price=100.0)
    assert math.isclose(b["yield"], 4.125, abs_tol=1e-9)
    cgb = spreadtrade.bond(2.5, "2033-05-25", "2024-03-01", yield_=2.4, frequency=1, market="cgb")
    assert cgb["accrued"] > 0
    if cli:
        base = ["bond", "--coupon", "4.125", "--maturity", "2034-05-15", "--settle", "2024-05-15"]
        assert spreadtrade.bond(4.125, "2034-05-15", "2024-05-15", yield_=4.0) == cli.json([*base, "--yield", "4"])
        assert spreadtrade.bond(4.125, "2034-05-15", "2024-05-15", price=99.5) == cli.json([*base, "--price", "99.5"])
        assert cgb == cli.json(["bond", "--coupon", "2.5", "--maturity", "2033-05-25", "--settle", "2024-03-01",
                                "--yield", "2.4", "--frequency", "1", "--market", "cgb"])


# (call, command line, the message documented in src/query.rs / the library)
ERRORS = [
    (lambda: spreadtrade.parse("2*"), ["parse", "2*"], None),
    (lambda: spreadtrade.contract("QQZ9"), ["contract", "QQZ9"], None),
    (lambda: spreadtrade.cf("VXM24", 4.0, "2030-01-01"), ["cf", "--contract", "VXM24", "--coupon", "4", "--maturity", "2030-01-01"],
     "VXM24 is not a bond future: conversion factors exist for TU FV TY TN US UB TS TF T TL"),
    (lambda: spreadtrade.cf("TYM24", 140.0, "2030-01-01"), ["cf", "--contract", "TYM24", "--coupon", "140", "--maturity", "2030-01-01"],
     "--coupon must be a percentage between 0 and 100, found 140"),
    (lambda: spreadtrade.cf("TYM24", 4.0, "2030-01-01", reference_date="2024-06-01"),
     ["cf", "--contract", "TYM24", "--coupon", "4", "--maturity", "2030-01-01", "--reference-date", "2024-06-01"],
     "--reference-date applies to CFFEX contracts only; TYM24 uses the first day of its contract month"),
    (lambda: spreadtrade.bond(4.0, "2034-13-15", "2024-05-15", yield_=4.0),
     ["bond", "--coupon", "4", "--maturity", "2034-13-15", "--settle", "2024-05-15", "--yield", "4"], None),
    (lambda: spreadtrade.bond(4.0, "2034-05-15", "2024-05-15", yield_=4.0, frequency=4),
     ["bond", "--coupon", "4", "--maturity", "2034-05-15", "--settle", "2024-05-15", "--yield", "4", "--frequency", "4"],
     "--frequency must be 1 (annual) or 2 (semi-annual), found 4"),
    (lambda: spreadtrade.bond(4.0, "2034-05-15", "2024-05-15", yield_=4.0, market="jgb"),
     ["bond", "--coupon", "4", "--maturity", "2034-05-15", "--settle", "2024-05-15", "--yield", "4", "--market", "jgb"],
     'unknown market convention "jgb": expected us-street (ust) or china-interbank (cgb)'),
    (lambda: spreadtrade.bond(4.0, "2034-05-15", "2035-05-15", yield_=4.0),
     ["bond", "--coupon", "4", "--maturity", "2034-05-15", "--settle", "2035-05-15", "--yield", "4"], None),
]


@pytest.mark.parametrize("call,args,documented", ERRORS)
def test_errors_carry_the_command_lines_message(cli, call, args, documented):
    with pytest.raises(SpreadtradeError) as e:
        call()
    msg = str(e.value)
    assert "\n" not in msg and msg
    if documented is not None:
        assert msg == documented
    if cli:
        assert msg == cli.error(args)


def test_bond_needs_exactly_one_quote():
    with pytest.raises(SpreadtradeError, match="give exactly one of --yield and --price"):
        spreadtrade.bond(4.0, "2034-05-15", "2024-05-15")
    with pytest.raises(SpreadtradeError, match="give exactly one of --yield and --price"):
        spreadtrade.bond(4.0, "2034-05-15", "2024-05-15", yield_=4.0, price=100.0)


def test_a_datetime_is_refused_not_cut_to_its_date():
    with pytest.raises(SpreadtradeError, match="found a datetime"):
        spreadtrade.bond(4.0, dt.datetime(2034, 5, 15, 12), "2024-05-15", yield_=4.0)
    with pytest.raises(SpreadtradeError, match="expected a date"):
        spreadtrade.bond(4.0, 20340515, "2024-05-15", yield_=4.0)
