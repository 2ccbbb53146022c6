"""The player as a student meets it: JupyterLab in headless Chromium, Run All on nbs/12_player.ipynb, then the slider.

python .ci/lab_check.py [--notebook nbs/12_player.ipynb] [--out _docs/screenshots] [--timeout 600]

Starts JupyterLab on 127.0.0.1 with a random token (and --allow-root when run as root), drives Debian's chromium
through its chromedriver with Selenium (no driver download), runs every cell, waits for the kernel to be idle, fails
on any error output, then moves the player's slider across its range and checks that the frame image changes.
Screenshots go to --out. The server it started is stopped by its process id; every wait is bounded.
"""
import argparse, os, secrets, signal, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

CHROMIUM, CHROMEDRIVER = '/usr/bin/chromium', '/usr/bin/chromedriver'

def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]

def lab_settings(folder:Path) -> dict:
    "A fresh JupyterLab settings and workspace folder, with autosave off so the notebook on disk is never rewritten."
    plugin = folder/'settings'/'@jupyterlab'/'docmanager-extension'
    plugin.mkdir(parents=True)
    (plugin/'plugin.jupyterlab-settings').write_text('{"autosave": false}')
    news = folder/'settings'/'@jupyterlab'/'apputils-extension'
    news.mkdir(parents=True)
    (news/'notification.jupyterlab-settings').write_text('{"fetchNews": "false"}')   # no news pop-up over the page
    (folder/'workspaces').mkdir()
    return {'JUPYTERLAB_SETTINGS_DIR': str(folder/'settings'), 'JUPYTERLAB_WORKSPACES_DIR': str(folder/'workspaces')}

def start_lab(root:Path, port:int, token:str, log, env:dict) -> subprocess.Popen:
    cmd = [sys.executable, '-m', 'jupyter', 'lab', '--no-browser', '--ip=127.0.0.1', f'--port={port}',
           f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={root}', '--expose-app-in-browser',
           '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate']
    if os.geteuid() == 0: cmd.append('--allow-root')
    env = {**os.environ, **env, 'HF_HUB_OFFLINE': '1', 'MPLBACKEND': 'module://matplotlib_inline.backend_inline'}
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)

def stop(proc:subprocess.Popen):
    "Stop the server we started (its whole process group: the server and its kernels)."
    if proc.poll() is not None: return
    os.killpg(proc.pid, signal.SIGTERM)
    try: proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

def wait_for(what:str, check, timeout:float, every:float=0.5):
    "Poll `check()` until it returns something truthy, or fail after `timeout` seconds."
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if value := check(): return value
        time.sleep(every)
    raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")

def server_up(port:int, token:str):
    try: return urllib.request.urlopen(f'http://127.0.0.1:{port}/api/status?token={token}', timeout=2).status == 200
    except OSError: return False

def browser(profile:str) -> webdriver.Chrome:
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync',
                 '--window-size=1400,1000', f'--user-data-dir={profile}'):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)

NOTEBOOK_READY = """const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
return !!(w && w.content && w.content.model && w.sessionContext && w.sessionContext.session
          && w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle');"""
KERNEL_STATUS = "return window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status;"
CELL_STATE = """const cells = window.jupyterapp.shell.currentWidget.content.model.cells, out = {code: 0, run: 0, errors: []};
for (let i = 0; i < cells.length; i++) {
  const c = cells.get(i);
  if (c.type !== 'code') continue;
  out.code += 1;
  if (c.executionCount) out.run += 1;
  for (const o of c.outputs.toJSON()) if (o.output_type === 'error') out.errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
}
return out;"""

def player_image(driver):
    "The player's frame image: the <img> of an ipywidgets Image in the output area, with its PNG source."
    imgs = driver.find_elements(By.CSS_SELECTOR, '.jp-OutputArea-output img.widget-image, .jp-OutputArea-output .widget-image img')
    imgs = imgs or driver.find_elements(By.CSS_SELECTOR, '.jp-OutputArea-output .widget-box img')
    return imgs[0] if imgs else None

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--notebook', default='nbs/12_player.ipynb')
    ap.add_argument('--out', default='_docs/screenshots')
    ap.add_argument('--timeout', type=float, default=600, help='seconds allowed for Run All')
    a = ap.parse_args()
    root, out = Path(__file__).resolve().parents[1], Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not Path(exe).is_file(): sys.exit(f"lab check: {exe} is missing (apt-get install chromium chromium-driver)")
    port, token, t0 = free_port(), secrets.token_hex(16), time.monotonic()
    before = (root/a.notebook).read_bytes()
    log, home = open(out/'jupyterlab.log', 'w'), tempfile.TemporaryDirectory()
    lab = start_lab(root, port, token, log, lab_settings(Path(home.name)))
    driver = None
    try:
        wait_for('JupyterLab to answer', lambda: lab.poll() is None and server_up(port, token), 90)
        with tempfile.TemporaryDirectory() as profile:
            driver = browser(profile)
            driver.set_page_load_timeout(60)
            driver.set_script_timeout(30)
            driver.get(f'http://127.0.0.1:{port}/lab/tree/{a.notebook}?token={token}&reset')
            wait_for('the notebook and an idle kernel', lambda: driver.execute_script(NOTEBOOK_READY), 120)
            print(f"lab check: {a.notebook} open, kernel idle after {time.monotonic() - t0:.0f} s")
            driver.execute_script("return window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');")
            wait_for('the stored outputs to clear', lambda: driver.execute_script(CELL_STATE)['run'] == 0, 30)
            t1 = time.monotonic()
            driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells'); return true;")  # no wait
            def finished():
                s = driver.execute_script(CELL_STATE)   # every code cell numbered by this kernel, and the kernel idle
                return s if s['errors'] or (s['run'] == s['code'] and driver.execute_script(KERNEL_STATUS) == 'idle') else None
            state = wait_for('Run All to finish', finished, a.timeout, every=1)
            print(f"lab check: Run All ran {state['run']} of {state['code']} code cells in {time.monotonic() - t1:.0f} s")
            if state['errors']: raise RuntimeError('error output:\n  ' + '\n  '.join(state['errors']))
            img = wait_for('the player image', lambda: player_image(driver), 30)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", img)
            time.sleep(1)
            driver.save_screenshot(str(out/'lab_player_frame0.png'))
            sliders = driver.find_elements(By.CSS_SELECTOR, '.jp-OutputArea-output .widget-slider .noUi-handle, '
                                                            '.jp-OutputArea-output .widget-slider .ui-slider-handle')
            if len(sliders) != 1: raise RuntimeError(f"expected one slider handle in the outputs, found {len(sliders)}")
            handle, seen = sliders[0], [img.get_attribute('src')]
            handle.click()
            for step in range(4):                  # across the range: frames move on, the picture with them
                for _ in range(8): handle.send_keys(Keys.ARROW_RIGHT)
                src = wait_for(f'a new frame after slider move {step + 1}',
                               lambda: (s := player_image(driver).get_attribute('src')) != seen[-1] and s, 30)
                seen.append(src)
            label = driver.execute_script("const r = document.querySelectorAll('.jp-OutputArea-output .widget-readout');"
                                          "return r.length ? r[0].textContent.trim() : null;")
            if label != '32': raise RuntimeError(f"the slider reads {label!r} after 32 steps right, not '32'")
            wait_for('the kernel to draw the last frame', lambda: driver.execute_script(KERNEL_STATUS) == 'idle', 30)
            time.sleep(1)
            seen.append(player_image(driver).get_attribute('src'))
            driver.save_screenshot(str(out/'lab_player_moved.png'))
            if len(set(seen[:-1])) != len(seen) - 1 or seen[-1] == seen[0]:
                raise RuntimeError("the frame image repeated while the slider moved on")
            print(f"lab check: slider moved 4 times (readout now {label}), the frame image changed each time; "
                  f"screenshots in {out}; {time.monotonic() - t0:.0f} s in all")
    finally:
        if driver is not None: driver.quit()
        stop(lab)
        log.close()
        home.cleanup()
    if (root/a.notebook).read_bytes() != before: raise RuntimeError(f"{a.notebook} was rewritten on disk")

if __name__ == '__main__':
    try: main()
    except (TimeoutError, RuntimeError) as e: sys.exit(f"lab check FAILED: {e} (the server's log is jupyterlab.log in --out)")
