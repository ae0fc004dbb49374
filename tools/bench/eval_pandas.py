# SPDX-License-Identifier: Apache-2.0
# eval_pandas.py — the benchmark's pandas peer (tools/bench/run.sh, docs/benchmarks.md): the
# same evaluation of the benchmark plan as `shinchoku eval --format csv`, written with pandas
# over the exchange-format CSV files: rate = actual / target × 100 (target / actual for `down`),
# six decimals rounded half away from zero, displayed with one; ◎ ≥ 90, ○ ≥ 70, else △; a unit
# (level 3) takes the rate of its first worst-graded indicator; levels 1 and 2 carry no grade.
# Exact arithmetic in integer millionths, so that its output is byte-identical to shinchoku's.
# Usage: python3 eval_pandas.py PLANDIR OUT.csv
import sys

import numpy as np
import pandas as pd

FIRST, LAST = 2022, 2029


def millionths(text):
    """Exchange-format decimals as int64 millionths (exact, no floating point)."""
    parts = text.str.split(".", n=1, expand=True)
    whole = parts[0].astype(np.int64)
    frac = parts[1].fillna("").str.ljust(6, "0") if parts.shape[1] > 1 else None
    out = whole * 1_000_000
    if frac is not None:
        out = out + frac.astype(np.int64)
    return out


def div_round(n, d):
    """n / d rounded half away from zero, for positive int64 arrays."""
    q, r = np.divmod(n, d)
    return q + (2 * r >= d)


def shortest(v):
    """Millionths in shinchoku's shortest form: 138.4, 129, 79.239303."""
    whole = (v // 1_000_000).astype(str)
    frac = (v % 1_000_000).astype(str).str.zfill(6).str.rstrip("0")
    return whole.where(frac == "", whole + "." + frac)


def display(v):
    tenths = div_round(v, 100_000)
    return (tenths // 10).astype(str) + "." + (tenths % 10).astype(str)


def main(plan, out_path):
    nodes = pd.read_csv(f"{plan}/nodes.csv", usecols=["id", "level"], dtype={"id": str})
    inds = pd.read_csv(f"{plan}/indicators.csv", usecols=["id", "node", "direction"], dtype=str)
    vals = pd.read_csv(f"{plan}/values.csv", usecols=["indicator", "year", "kind", "value"],
                       dtype={"indicator": str, "value": str})
    vals["m"] = millionths(vals["value"])
    wide = vals.pivot_table(index=["indicator", "year"], columns="kind", values="m",
                            aggfunc="first")
    inds["order"] = np.arange(len(inds))
    years = pd.DataFrame({"year": np.arange(FIRST, LAST + 1)})
    rows = inds.merge(years, how="cross")
    rows = rows.merge(wide, how="left", left_on=["id", "year"], right_index=True)
    t, a = rows["target"], rows["actual"]
    ok = t.notna() & a.notna() & (t != 0) & ~((rows["direction"] == "down") & (a == 0))
    down = rows["direction"] == "down"
    num = np.where(down, t.fillna(0), a.fillna(0)).astype(np.int64) * 100_000_000
    den = np.where(down, a.fillna(1), t.fillna(1)).astype(np.int64)
    den[den == 0] = 1
    rate = pd.Series(div_round(num, den), index=rows.index)
    rows["rate"] = rate.where(ok)
    r = rows["rate"]
    rows["rank"] = np.select([r >= 90_000_000, r >= 70_000_000, r.notna()], [0, 1, 2], -1)
    symbols = np.array(["◎", "○", "△", ""])
    has = r.notna()
    rv = r.fillna(0).astype(np.int64)
    ind_out = pd.DataFrame({
        "type": "indicator", "id": rows["id"], "number": "", "name": rows["id"], "level": 3,
        "year": rows["year"],
        "target": shortest(t.fillna(0).astype(np.int64)).where(t.notna(), ""),
        "actual": shortest(a.fillna(0).astype(np.int64)).where(a.notna(), ""),
        "projected": "",
        "rate": shortest(rv).where(has, ""),
        "rate_display": display(rv).where(has, ""),
        "grade": symbols[rows["rank"].to_numpy()],
        "from": np.where(has, "rule", "none"),
        "order": rows["order"]})

    # a unit: its first indicator of the worst grade
    graded = rows[has].sort_values(["node", "year", "rank", "order"],
                                   ascending=[True, True, False, True])
    worst = graded.drop_duplicates(["node", "year"])[["node", "year", "rate", "rank"]]
    nodes["order"] = np.arange(len(nodes))
    nrows = nodes.merge(years, how="cross").merge(worst, how="left", left_on=["id", "year"],
                                                  right_on=["node", "year"])
    nr = nrows["rate"]
    nhas = nr.notna()
    nrv = nr.fillna(0).astype(np.int64)
    node_out = pd.DataFrame({
        "type": "node", "id": nrows["id"], "number": "", "name": nrows["id"],
        "level": nrows["level"], "year": nrows["year"], "target": "", "actual": "",
        "projected": "",
        "rate": shortest(nrv).where(nhas, ""),
        "rate_display": display(nrv).where(nhas, ""),
        "grade": symbols[nrows["rank"].fillna(-1).astype(int).to_numpy()],
        "from": np.where(nhas, "rule", "none"),
        "order": nrows["order"]})

    node_out["part"], ind_out["part"] = 0, 1
    out = pd.concat([node_out, ind_out], ignore_index=True)
    out = out.sort_values(["year", "part", "order"], kind="stable")
    out = out.drop(columns=["part", "order"])
    out.to_csv(out_path, index=False, lineterminator="\r\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
