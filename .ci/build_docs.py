"""Build the documentation site without Quarto: nbdev processes the notebooks (show_doc, hidden cells, frontmatter)
into _proc/, nbconvert renders each one to an HTML page in _docs/ with a sidebar, and README.md (with its figures in
README_files/) is written from index. Preview: python -m http.server -d _docs 8000
"""
import base64, html, re, shutil, sys
from pathlib import Path
import nbformat, yaml
from nbconvert import HTMLExporter
from traitlets.config import Config
from nbdev.config import get_config
from nbdev.serve import proc_nbs

def frontmatter(nb):
    "The YAML frontmatter nbdev put in the first raw cell (title, description, order), and the notebook without it."
    if nb.cells and nb.cells[0].cell_type == 'raw' and nb.cells[0].source.startswith('---'):
        meta = yaml.safe_load(nb.cells[0].source.strip().strip('-')) or {}
        return meta, nb.cells[1:]
    return {}, nb.cells

QUARTO_ATTRS = re.compile(r'\{target="_blank"[^}]*\}')  # Quarto link attributes in show_doc's markdown

def load(path):
    "A processed notebook, made fit for nbconvert: Quarto-only markup removed, `echo: false` inputs hidden."
    nb = nbformat.reads(path.read_text(), as_version=4)
    nb.metadata.pop('has_sd', None)   # nbdev's own key, not in the nbformat schema
    for c in nb.cells:
        c.get('metadata', {}).pop('execution', None)
        if c.cell_type != 'code': continue
        if re.search(r'^#\|\s*echo:\s*false', c.source, re.M): c.metadata['tags'] = ['remove_input']
        c.source = '\n'.join(l for l in c.source.splitlines() if not l.startswith('#|'))
        for o in c.get('outputs', []):
            if 'text/markdown' in o.get('data', {}):
                o['data']['text/markdown'] = QUARTO_ATTRS.sub('', ''.join(o['data']['text/markdown']))
    return nb

def page(nb, meta, nav, exporter):
    nb = nbformat.from_dict({**nb, 'cells': frontmatter(nb)[1]})
    body, _ = exporter.from_notebook_node(nb)
    head = f'<h1 class="title">{html.escape(str(meta.get("title", "")))}</h1>'
    if meta.get('description'): head += f'<p class="description">{html.escape(str(meta["description"]))}</p>'
    body = re.sub(r'href="([\w.-]+)\.ipynb', r'href="\1.html', body)       # links between lessons
    style = ('<style>body{margin-left:15rem} nav.site{position:fixed;left:0;top:0;bottom:0;width:13.5rem;'
             'padding:1rem;overflow:auto;background:#f7f7f9;border-right:1px solid #ddd;font:14px sans-serif}'
             'nav.site a{display:block;padding:.25rem 0;color:#2a6496;text-decoration:none}'
             'nav.site a.here{font-weight:bold} h1.title{margin:1.5rem 0 .3rem 1rem} '
             'p.description{margin:0 0 1rem 1rem;font-style:italic;opacity:.7;font-size:120%}</style>')
    return re.sub(r'(<body[^>]*>)', lambda m: style + m.group(1) + nav + head, body, count=1)

def readme(nb, meta, root:Path):
    """README.md from the processed index: the title, the markdown, code cells (but `echo: false` ones) with their text
    and Markdown outputs, and figures as PNG files in README_files/ (GitHub shows no image stored inside a notebook
    output)."""
    figures = root/'README_files'
    shutil.rmtree(figures, ignore_errors=True)
    out, n = [f'# {meta.get("title", "")}', ''], 0
    if meta.get('description'): out += [f'> {meta["description"]}', '']
    for c in frontmatter(nb)[1]:
        if c.cell_type == 'markdown': out += [re.sub(r'\]\(([\w.-]+\.ipynb)\)', r'](nbs/\1)', c.source), '']  # lessons live in nbs/
        elif c.cell_type == 'code' and c.source.strip():
            if 'remove_input' not in c.metadata.get('tags', []): out += ['```python', c.source, '```', '']
            for o in c.get('outputs', []):
                data = o.get('data', {})
                if 'text/markdown' in data:
                    out += [''.join(data['text/markdown']).rstrip(), '']
                    continue
                if 'image/png' in data:
                    n += 1
                    figures.mkdir(exist_ok=True)
                    (figures/f'figure_{n}.png').write_bytes(base64.b64decode(''.join(data['image/png'])))
                    out += [f'![Figure {n} of the index page](README_files/figure_{n}.png)', '']
                    continue
                text = o.get('text') or data.get('text/plain')
                if text: out += ['    ' + l for l in ''.join(text).splitlines()] + ['']
    return '\n'.join(out).rstrip() + '\n'

def main(readme_only=False):
    cfg = get_config()
    proc = proc_nbs(n_workers=0)
    if readme_only:  # after nbdev_docs (Quarto): keep one README format, whichever tool built the site
        index = proc / 'index.ipynb'
        nb = load(index)
        Path(cfg.config_path, 'README.md').write_text(readme(nb, frontmatter(nb)[0], Path(cfg.config_path)))
        return print('  index.ipynb -> README.md')
    out = Path(cfg.config_path) / cfg.doc_path
    shutil.rmtree(out, ignore_errors=True); out.mkdir(parents=True)
    nbs = sorted(proc.glob('*.ipynb'), key=lambda p: (p.stem != 'index', p.stem))
    loaded = {p: load(p) for p in nbs}
    metas = {p: frontmatter(nb)[0] for p, nb in loaded.items()}
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = {'remove_input'}
    exporter = HTMLExporter(config=c, template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    for p, nb in loaded.items():
        links = ''.join(f'<a href="{q.stem}.html"{" class=here" if q == p else ""}>'
                        f'{html.escape(str(metas[q].get("title", q.stem)))}</a>' for q in nbs)
        nav = f'<nav class="site"><b>{html.escape(cfg.title)}</b>{links}</nav>'
        (out / f'{p.stem}.html').write_text(page(nb, metas[p], nav, exporter))
        print(f'  {p.name} -> {out.name}/{p.stem}.html')
    index = proc / 'index.ipynb'
    if index.exists():
        Path(cfg.config_path, 'README.md').write_text(readme(loaded[index], metas[index], Path(cfg.config_path)))
        print('  index.ipynb -> README.md')

if __name__ == '__main__': main(readme_only='--readme-only' in sys.argv)
