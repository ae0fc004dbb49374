#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""help_check.py — every command's --help and its section of the man page agree.

Usage: help_check.py BINARY MANPAGE.1
For each command `shinchoku --help` lists, reads `shinchoku CMD --help` and the man page as
man(1) renders it, and checks that each option line (flag and text) and each example of the
help is in that command's section of the page, that -h prints the same as --help, and that
every command has options or says why not, and at least one example. Prints one line per
problem and exits 1 when there is any.
"""
import os
import re
import subprocess
import sys

binary, page = sys.argv[1], sys.argv[2]


def run(*args):
    return subprocess.run([binary, *args], capture_output=True, text=True)


def squash(s):
    """Text compared without the spacing and line breaks man adds."""
    return re.sub(r"\s+", "", s)


env = dict(os.environ, MANWIDTH="300", LC_ALL="C.UTF-8")
man = subprocess.run(["man", "-l", page], capture_output=True, text=True, env=env).stdout
man = re.sub(r".\x08", "", man)
commands = re.findall(r"^  ([a-z]+)(?: |$)", run("--help").stdout, re.M)
problems = []
if len(commands) < 10:
    problems.append(f"--help lists only {commands}")
# the man page's COMMANDS: "   NAME" subsection headings
sections = {}
body = man.split("\nCOMMANDS\n", 1)[-1].split("\nCONFIGURATION\n", 1)[0]
for m in re.finditer(r"^   (\S+)\n(.*?)(?=^   \S|\Z)", body, re.M | re.S):
    sections[m.group(1)] = squash(m.group(2))
for cmd in commands:
    long, short = run(cmd, "--help"), run(cmd, "-h")
    if long.returncode != 0 or short.stdout != long.stdout:
        problems.append(f"{cmd}: -h and --help differ or fail")
    text = long.stdout
    sec = sections.get(cmd)
    if sec is None:
        problems.append(f"{cmd}: no section in the man page")
        continue
    usage = text.split("\n\n", 1)[0].replace("使い方: ", "", 1)
    if squash(usage) not in sec:
        problems.append(f"{cmd}: usage not in the man page")
    opts = text.split("\nオプション (options):\n", 1)
    if len(opts) == 2:
        block = opts[1].split("\n\n", 1)[0]
        for line in block.splitlines():
            if squash(line) and squash(line) not in sec:
                problems.append(f"{cmd}: option line not in the man page: {line.strip()}")
    examples = re.findall(r"^  (shinchoku .+)$", text.split("\n例 (examples):\n", 1)[-1], re.M)
    if not examples:
        problems.append(f"{cmd}: no example in --help")
    for ex in examples:
        if squash(ex) not in sec:
            problems.append(f"{cmd}: example not in the man page: {ex}")
for p in problems:
    print(p)
print(f"help_check: {len(commands)} commands, {len(problems)} problems")
sys.exit(1 if problems else 0)
