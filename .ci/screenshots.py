"""Screenshots of the built documentation site in a real browser (headless Chromium), and a check that they show
the plots: python .ci/screenshots.py [--pages index,12_player] [--out _docs/screenshots]

Needs `bash .ci/docs` first and Debian's `chromium` (apt-get install chromium); CI runs it when Chromium is there.
A page passes when its screenshot is not blank and holds large, colourful regions (the figures), not only text.
"""
import argparse, shutil, subprocess, sys, tempfile
from pathlib import Path
import cv2
import numpy as np

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--hide-scrollbars',
         '--disable-background-networking', '--disable-component-update', '--disable-sync', '--mute-audio']

def chromium() -> str | None:
    return next((shutil.which(c) for c in ('chromium', 'chromium-browser', 'google-chrome') if shutil.which(c)), None)

def screenshot(browser:str, page:Path, png:Path, width:int=1280, height:int=6000):
    with tempfile.TemporaryDirectory() as profile:
        cmd = [browser, *FLAGS, f'--user-data-dir={profile}', f'--window-size={width},{height}',
               '--virtual-time-budget=5000', f'--screenshot={png}', page.resolve().as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    if not png.is_file(): raise RuntimeError(f"chromium wrote no screenshot of {page}")

def colourful_fraction(png:Path) -> tuple:
    "(share of non-white pixels, share of saturated pixels): text is grey, plots and images are coloured."
    im = cv2.imread(str(png))
    hsv = cv2.cvtColor(im, cv2.COLOR_BGR2HSV)
    return float((im.min(2) < 235).mean()), float((hsv[..., 1] > 60).mean())

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--pages', default='index,12_player,08_metrics')
    ap.add_argument('--site', default='_docs')
    ap.add_argument('--out', default='_docs/screenshots')
    a = ap.parse_args()
    browser = chromium()
    if browser is None: sys.exit("no chromium found: apt-get install chromium (screenshots skipped)")
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    bad = []
    for name in a.pages.split(','):
        page = Path(a.site)/f'{name}.html'
        if not page.is_file(): sys.exit(f"{page} does not exist: build the site first (bash .ci/docs)")
        png = out/f'{name}.png'
        screenshot(browser, page, png)
        ink, colour = colourful_fraction(png)
        ok = ink > 0.03 and colour > 0.01
        print(f"{png}: {cv2.imread(str(png)).shape[1]}x{cv2.imread(str(png)).shape[0]}, "
              f"{100 * ink:.1f}% non-white, {100 * colour:.1f}% coloured -> {'ok' if ok else 'BLANK OR NO PLOTS'}")
        if not ok: bad.append(name)
    if bad: sys.exit(f"screenshots without visible plots: {bad}")

if __name__ == '__main__': main()
