#!/usr/bin/env python3
"""Writes the hand-made seed inputs of every fuzz target into fuzz/corpus/<target>/.

Seeds come from the repository's own fixtures (made-up values in the real formats, see
fixtures/README.md; only their first lines) and from hand-written cases. Loader targets take a
selector byte first (see fuzz/common/mod.rs). Run from the repository root:
`python3 fuzz/seeds/make_seeds.py`, then `cargo +nightly fuzz cmin <target>` to minimise.
"""
import hashlib
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"


def head(path, lines=12):
    text = (ROOT / path).read_bytes().split(b"\n")
    return b"\n".join(text[:lines]) + b"\n"


def put(target, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    (d / name).write_bytes(data)


for e in ["2×TUM24−1×TYM24", "+1×T−2×TS", "2*TUM24-1*TYM24", "1×TY1−1×US1", "TYM4-TYU4",
          "0.5×ECM24+1×VXK24", "−1×T2406+1×TF2409.CFE", "2×TUM24−", "3x ZNM4 - 1x ZBM4",
          "1×TY2−1×TY1", "1e3×TUH25", "-0×TYM24", "1.×TL2412−1×T2412"]:
    put("expr", e)
for c in ["TUM24", "T2406", "TS2406", "TF2409.CFE", "ZNM4", "6EM24", "VXK24", "TYZ95", "tym24",
          "TUJ24", "TY1", "TY12", "VX3", "T2413", "ECH9", "TL2503", "UBZ69", "US"]:
    put("contract_code", c)
for sel, p in [(2, "109-16"), (0, "109-162"), (2, "109-165"), (2, "109'16+"), (6, "101.205"),
               (11, "15.05"), (10, "1.08450"), (0, "102-031"), (4, "144-08"), (8, "99.995"),
               (2, "109-32"), (2, "  109.5 "), (0, "1099511627776-00")]:
    put("price32", bytes([sel]) + p.encode())

curves = [
    (0, "fixtures/treasury/daily-treasury-rates-2025-sample.csv"),
    (1, "fixtures/treasury/normalised-2025-sample.csv"),
    (1, "fixtures/synthetic/us_treasury_par_yield_curve_synthetic.csv"),
    (3, "fixtures/synthetic/china_govt_bond_yield_curve_synthetic.csv"),
    (1, "fixtures/malformed/bad_number.csv"),
    (1, "fixtures/malformed/duplicate_date.csv"),
    (1, "fixtures/malformed/unsorted_dates.csv"),
    (1, "fixtures/malformed/field_count.csv"),
    (1, "fixtures/malformed/out_of_range.csv"),
    (1, "fixtures/malformed/no_values.csv"),
]
for sel, path in curves:
    put("curve", bytes([sel]) + head(path, 6))
put("curve", b"\x02DATE,DGS3MO,DGS2,DGS10\n2024-01-02,5.46,4.33,3.95\n2024-01-03,.,4.32,3.91\n")
put("curve", b"\x04date,3M,2Y,10Y,12M,1Y\n2024-01-02,5.4,4.3,N/A,5,5\n")
put("curve", b"\x05date,tenor,yield\n2024-01-02,2Y,4.3\n2024-01-02,10Y,3.9\n2024-01-03,2Y,NA\n")
put("curve", b"\x00Date,\"1 Mo\",\"1.5 Month\",\"30 Yr\"\n03/01/2025,4.3,N/A,4.6\n02/28/2025,4.2,4.25,4.5\n")

for sel, path in [(0, "fixtures/synthetic/vix_index_synthetic.csv"),
                  (2, "fixtures/synthetic/eurusd_synthetic.csv"),
                  (4, "fixtures/synthetic/usdcny_synthetic.csv"),
                  (7, "fixtures/synthetic/eur_short_rate_synthetic.csv")]:
    put("series", bytes([sel]) + head(path, 6))
put("series", b"\x81DATE,DGS10\n2024-01-01,.\n2024-01-02,3.95\n")
put("series", b"\x80observation_date,VIXCLS\n2024-01-02,13.2\n2024-01-03,14.1\n")

put("settlements", head("fixtures/realprices/settlements_TY_2024.csv"))
put("settlements", head("fixtures/malformed/duplicate_key.csv"))
put("settlements", head("fixtures/malformed/bad_contract.csv"))
put("settlements", b"date,contract,settle,volume,open_interest\n2024-03-19,TYM24,110-16,1200,5000\n2024-03-19,TYU24,110.25,,\n")

rp = [(0x05 | (2 << 3), "fixtures/realprices/settlements_TY_2024.csv"),
      (0x01 | (1 << 3), "fixtures/realprices/front_FV_2024.csv"),
      (0x01 | (2 << 3), "fixtures/realprices/front_TY_2024.csv"),
      (0x83 | (8 << 3), "fixtures/realprices/main_T_2023.csv"),
      (0x02 | (11 << 3), "fixtures/realprices/vx_rank_2024.csv"),
      (0x00 | (11 << 3), "fixtures/realprices/cboe_VX_VXM24.csv"),
      (0x07 | (15 << 3), "fixtures/realprices/malformed/unmapped_contract.csv"),
      (0x07 | (15 << 3), "fixtures/realprices/malformed/duplicate_row.csv"),
      (0x07 | (15 << 3), "fixtures/realprices/malformed/bad_price.csv")]
for sel, path in rp:
    put("realprices", bytes([sel & 0xFF]) + head(path, 8))

put("securities", head("fixtures/securities/securities.csv", 8))
put("securities", b"code,coupon,frequency,issue_date,maturity,original_term,currency\n912828ZZ1,4.5,2,2024-01-15,2031-01-15,7Y,USD\n240004,2.3,1,2024-02-25,2034-02-25,10Y,CNY\n")

put("events", b"date,decision,target_lower_pct,target_upper_pct,label\n2024-01-31,hold,5.25,5.50,January\n2024-03-20,hold,5.25,5.50,\n2024-09-18,cut,4.75,5.00,half point\n")
put("events", b"date,label\n2024-03-20,FOMC\n2024-05-01\n")
put("events", b"date\n2024-03-20\n2024-03-19\n")

put("runfile", b"\x02" + (ROOT / "examples/note.toml").read_bytes()[:4000])
put("runfile", b"\x00spread = \"2\xc3\x97TUM24\xe2\x88\x921\xc3\x97TYM24\"\n[strategy]\nkind = \"hold\"\nentry = \"2024-03-15\"\nexit_after_days = 5\ndv01 = 10000.0\n[backtest]\nstart = \"2024-01-02\"\nend = \"2024-06-14\"\nweighting = \"dv01_neutral\"\n[backtest.costs]\nslippage_ticks = 0.5\n[backtest.fx]\nCNY = { inverse_series = \"cny_per_usd\" }\n[[backtest.margin.changes]]\nroot = \"TY\"\nfrom = \"2024-03-20\"\nper_contract = 3000.0\n")
put("runfile", b"\x00spread = \"1\xc3\x97TY1\xe2\x88\x921\xc3\x97US1\"\n[roll]\nbusiness_days_before = 2\nanchor = \"first_position_day\"\n[strategy]\nkind = \"zscore\"\nsignal = \"usd_2s10s\"\nwindow = 60\nentry = 1.5\n[sweep]\nwindows = [20, 60]\nentries = [1.0, 2.0]\nshards = 4\n")
put("runfile", b"\x01{\"spread\": \"2\xc3\x97TUM24\xe2\x88\x921\xc3\x97TYM24\", \"strategy\": {\"kind\": \"event_window\", \"events\": \"fomc\", \"before\": 2, \"after\": 3, \"units\": 1.0}, \"backtest\": {\"capital\": 1000000.0}}")
put("runfile", b"\x02[[trade]]\nname = \"steepener\"\nspread = \"2\xc3\x97TUM24\xe2\x88\x921\xc3\x97TYM24\"\n[trade.strategy]\nkind = \"hold\"\nentry = \"2024-03-15\"\nexit_after_days = 5\n")
put("runfile", b"\x03{\"trade\": [{\"name\": \"a\", \"spread\": \"1\xc3\x97TY1\", \"strategy\": {\"kind\": \"hold\", \"entry\": \"2024-03-15\"}}]}")

for i in range(8):
    put("engine", hashlib.sha256(str(i).encode()).digest() * 4)
