"""Count what nbdev_test ran: the notebooks, and the test cells (cells that assert) it executes with the default flags.

nbdev_test prints only 'Success.', so CI reports these counts as its closing line. nbdev_test stops a notebook at its
first failing cell, so when it succeeds every counted test cell passed, except those that said they were skipped:
`skip_test` (seqtrack_nb.datasets) appends one JSON line per skip to the file named by SEQTRACK_SKIP_LOG. A skip for
want of ../shared/realdata or ../shared/reference fails the run when that folder is there (the test should have run).
"""
import json, os, re, sys
from configparser import ConfigParser
from pathlib import Path
import nbformat

cfg = ConfigParser(); cfg.read('settings.ini')
skip_flags = set(cfg['DEFAULT'].get('tst_flags', '').split()) | {'notest'}
TEST = re.compile(r'^\s*(test_\w+\(|assert\b|test_fail\()', re.M)

def runs(src):
    "Would nbdev_test run this code cell with the default flags?"
    if 'nbdev_export(' in src: return False
    directives = re.findall(r'^#\|\s*(.+)$', src, re.M)
    words = {w.strip() for d in directives for w in re.split(r'[\s,]+', d)}
    if words & skip_flags: return False
    return not re.search(r'^#\|\s*eval:\s*false', src, re.M)

nbs = sorted(p for p in Path('nbs').rglob('*.ipynb') if not any(part.startswith(('_', '.')) for part in p.parts[1:]))
cells = tests = 0
for p in nbs:
    code = [c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == 'code' and runs(c.source)]
    cells += len(code)
    tests += sum(bool(TEST.search(s)) for s in code)
skips = []
if os.environ.get('SEQTRACK_SKIP_LOG') and Path(os.environ['SEQTRACK_SKIP_LOG']).is_file():
    skips = [json.loads(l) for l in Path(os.environ['SEQTRACK_SKIP_LOG']).read_text().splitlines() if l.strip()]
ran_nothing = sum(s['instead'] is None for s in skips)   # the others ran their test on other data
if '--failed' in sys.argv:
    print(f"nbdev_test failed (see the notebooks named above); {len(nbs)} notebooks, {tests} test cells")
    print(f"0 passed, 1 failed")
    sys.exit(0)
print(f"nbdev_test: {len(nbs)} notebooks, {cells} code cells run, {tests} of them test cells")
for s in skips: print(f"  skipped: {s['test']} (needs {s['needs']})" + (f"; ran on {s['instead']} instead" if s['instead'] else ''))
present = [d for d in ('realdata', 'reference') if Path('..', 'shared', d).is_dir()]
wrong = [s for s in skips if any(f'shared/{d}' in s['needs'] for d in present)]
if wrong:
    print(f"FAIL: {len(wrong)} tests skipped for want of data that is here ({', '.join(f'../shared/{d}' for d in present)}):")
    for s in wrong: print(f"  {s['test']}")
    print(f"{tests - ran_nothing} passed, {len(wrong)} failed, {len(skips)} skipped")
    sys.exit(1)
print(f"{tests - ran_nothing} passed, 0 failed, {len(skips)} skipped")
