"""Real training with and without denormal floats flushed to zero, in float32 and bf16: CE steps and SLT iterations.

Usage: python bench/denormals.py [--init data/seqtrack_tiny_ce.pth] [--steps 60] [--iterations 6] [--threads 2]
                                 [--repeats 2]
Each variant runs in a fresh process (the flushing mode reaches torch's worker threads only when set before they
start): the tiny preset's CE recipe of the SLT experiment (constant LR 1e-4, batch 32, crops made in the loop from
medium and hard synthetic videos) for `--steps` steps from `--init`, and the tiny SLT preset for `--iterations`
iterations from it. The variants are interleaved `--repeats` times; prints the faster run of each and the ratios
against float32 without flushing, all measured in this one run.
"""

import argparse, json, subprocess, sys, time

CHILD = r'''
import json, sys, tempfile, time, torch
from dataclasses import replace
from pathlib import Path
from seqtrack_nb.model import denormal_mode
init, precision, flush, steps, iterations, threads = sys.argv[1:7]
torch.set_num_threads(int(threads))
mode = denormal_mode(flush == '1')   # before any torch work
from seqtrack_nb.experiment import continued_ce
from seqtrack_nb.scst import slt_config, train_slt
from seqtrack_nb.train import train, synthetic_pool
sets = [synthetic_pool(d, 24, seed=s) for d, s in (('medium', 11), ('hard', 12))]
out = {'mode': mode}
with tempfile.TemporaryDirectory() as d:
    cfg = continued_ce(1e-4, 1, 1, precision=precision, flush_denormal=flush == '1')
    train(cfg, sets, Path(d), init=init, progress=False, max_steps=3)   # warm-up
with tempfile.TemporaryDirectory() as d:
    t = time.perf_counter()
    train(cfg, sets, Path(d), init=init, progress=False, max_steps=int(steps))
    out['ce_ms_per_step'] = (time.perf_counter() - t) / int(steps) * 1e3
with tempfile.TemporaryDirectory() as d:
    scfg = replace(slt_config('tiny'), precision=precision, flush_denormal=flush == '1', val_every=0,
                   iterations=int(iterations))
    t = time.perf_counter()
    train_slt(scfg, sets, d, init=init, progress=False)
    out['slt_s_per_iteration'] = (time.perf_counter() - t) / int(iterations)
print(json.dumps(out))
'''

VARIANTS = [('fp32', '0'), ('bf16', '0'), ('fp32', '1'), ('bf16', '1')]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--init', default='data/seqtrack_tiny_ce.pth')
    p.add_argument('--steps', type=int, default=60)
    p.add_argument('--iterations', type=int, default=6)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--repeats', type=int, default=2)
    a = p.parse_args()
    best = {}
    for _ in range(a.repeats):
        for v in VARIANTS:
            args = [a.init, *v, str(a.steps), str(a.iterations), str(a.threads)]
            r = subprocess.run([sys.executable, '-c', CHILD, *args], capture_output=True, text=True)
            if r.returncode:
                sys.exit(r.stderr[-2000:])
            got = json.loads(r.stdout.strip().splitlines()[-1])
            old = best.setdefault(v, got)
            for k in ('ce_ms_per_step', 'slt_s_per_iteration'):
                old[k] = min(old[k], got[k])
    base = best[('fp32', '0')]
    print('| precision | denormals | CE ms/step | CE speed vs fp32 IEEE | SLT s/iteration | SLT speed vs fp32 IEEE |')
    print('|---|---|---|---|---|---|')
    for (prec, flush), r in best.items():
        print(f"| {prec} | {'flushed' if flush == '1' else 'IEEE'} | {r['ce_ms_per_step']:.0f} | "
              f"{base['ce_ms_per_step'] / r['ce_ms_per_step']:.2f}x | {r['slt_s_per_iteration']:.2f} | "
              f"{base['slt_s_per_iteration'] / r['slt_s_per_iteration']:.2f}x |")
    print('flushed runs:', best[('fp32', '1')]['mode'])


if __name__ == '__main__':
    main()
