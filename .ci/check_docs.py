"Check that every notebook became a page of the documentation site in _docs/."
import sys
from pathlib import Path
nbs = [p for p in Path('nbs').rglob('*.ipynb') if not any(x.startswith(('_', '.')) for x in p.relative_to('nbs').parts)]
missing = [str(p) for p in nbs if not (Path('_docs') / p.relative_to('nbs').with_suffix('.html')).exists()]
if missing: sys.exit(f"FAIL: these notebooks have no page in _docs/: {', '.join(missing)}")
print(f"docs: all {len(nbs)} notebooks have a page in _docs/")
