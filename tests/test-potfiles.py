#!/usr/bin/env python3
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when POTFILES.in names a file that does not exist.
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys

srcdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
srcdir = os.path.abspath(srcdir)

MARKS = {
    '.c': re.compile(r'\b(?:N?_|C_|NC_|g_dngettext|ngettext)\s*\('),
    '.ui': re.compile(r'translatable="yes"'),
}
DATA_SUFFIXES = ('.desktop.in.in', '.metainfo.xml.in.in', '.gschema.xml.in', '.gschema.xml')

listed = set()
with open(os.path.join(srcdir, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith('#'):
            listed.add(line)

needed = set()
for top in ('src', 'data'):
    for root, dirs, files in os.walk(os.path.join(srcdir, top)):
        dirs[:] = [d for d in dirs if not d.startswith('.')]
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, srcdir)
            if name.endswith(DATA_SUFFIXES):
                needed.add(rel)
                continue
            ext = os.path.splitext(name)[1]
            if ext in MARKS:
                with open(path, encoding='utf-8', errors='replace') as f:
                    text = f.read()
                if ext == '.c':
                    # Ignore comments so "_(" in prose does not count.
                    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
                if MARKS[ext].search(text):
                    needed.add(rel)

print('1..2')
missing = sorted(needed - listed)
if missing:
    print('not ok 1 - files with translatable strings missing from po/POTFILES.in')
    for m in missing:
        print('#   ' + m)
else:
    print('ok 1 - POTFILES.in lists all %d files with translatable strings' % len(needed))

stale = sorted(p for p in listed if not os.path.exists(os.path.join(srcdir, p)))
if stale:
    print('not ok 2 - POTFILES.in names files that do not exist')
    for s in stale:
        print('#   ' + s)
else:
    print('ok 2 - every file in POTFILES.in exists')

sys.exit(1 if missing or stale else 0)
