#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""gen_big_plan.py — a large plan in exchange format for the crash-safety test (crash.sh):
OUT N GEN writes a CSV folder with plan "crashplan", N initiatives (three levels), one
indicator each and a target and an actual for five years. GEN changes every actual, so two
generations of the same plan differ in every value row.
"""
import os, sys
out, n, gen = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
w = lambda name, rows: open(os.path.join(out, name), "w").write("\n".join(rows) + "\n")
w("plan.csv", ["id,name,municipality,municipality_code,first_year,last_year,levels",
               "crashplan,耐障害試験計画,試験市,462012,2022,2026,基本方針|施策|具体策"])
nodes = ["id,parent,level,number,name,departments"]
inds = ["id,node,number,name,unit,direction,accumulation"]
vals = ["indicator,year,kind,value"]
for b in range(n // 50 + 1):
    nodes.append(f"B{b},,1,方針{b},基本方針{b},")
for m in range(n // 10 + 1):
    nodes.append(f"M{m},B{m // 5},2,施策{m},施策{m},")
for i in range(n):
    nodes.append(f"N{i},M{i // 10},3,具体策{i},具体策の名前{i},総務課")
    inds.append(f"I{i},N{i},,指標{i},件,up,flow")
    for y in range(2022, 2027):
        vals.append(f"I{i},{y},target,{100 + i}")
        vals.append(f"I{i},{y},actual,{gen * 1000 + i + y}")
w("nodes.csv", nodes); w("indicators.csv", inds); w("values.csv", vals)
