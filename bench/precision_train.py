"""Does bf16 change what CE training learns? The tiny recipe from scratch in fp32 and in bf16, several seeds.

Usage: python bench/precision_train.py [--out runs/precision_train] [--seeds 0,1,2] [--epochs 4] [--threads 2]

Each (seed, precision) run trains the `tiny` preset on the default synthetic easy videos for --epochs epochs (the
cosine schedule spans them), scoring the held-out teacher-forced IoU after every epoch (256 samples of the
held-out easy videos). A seed fixes the initial weights and the sample order, so the fp32 and bf16 runs of one seed
are paired. Prints the final held-out IoU per run, the mean and spread per precision, the paired difference
bf16 - fp32 with a 95% t-interval, and the training samples/s (data preparation included) of each precision.
Runs are resumable (each has its own folder; finished runs are read back, not redone). Writes summary.json.
"""

import argparse, csv, json, math, statistics, time
from dataclasses import replace
from pathlib import Path
import torch
from seqtrack_nb.train import TRAIN_PRESETS, train, training_sets, validation_sets

T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}


def run(out: Path, seed: int, precision: str, epochs: int, data, val) -> list:
    "The run's log rows (training it first unless it finished before)."
    log = out / 'log.csv'
    rows = list(csv.DictReader(open(log))) if log.is_file() else []
    if len(rows) < epochs:
        cfg = replace(TRAIN_PRESETS['tiny'], epochs=epochs, seed=seed, precision=precision)
        train(cfg, data, out, resume=True, val=val)
        rows = list(csv.DictReader(open(log)))
    return rows


def mean_sd(xs):
    return statistics.mean(xs), (statistics.stdev(xs) if len(xs) > 1 else float('nan'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default='runs/precision_train')
    ap.add_argument('--seeds', default='0,1,2')
    ap.add_argument('--epochs', type=int, default=4)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    data, val = training_sets('synthetic'), validation_sets('synthetic')
    seeds, res = [int(s) for s in a.seeds.split(',')], {}
    for seed in seeds:
        for p in ('fp32', 'bf16'):
            t0 = time.perf_counter()
            rows = run(Path(a.out) / f'{p}_seed{seed}', seed, p, a.epochs, data, val)
            res[p, seed] = dict(
                curve=[float(r['val_iou']) for r in rows],
                samples_per_s=statistics.mean(float(r['samples_per_s']) for r in rows),
            )
            print(
                f"seed {seed} {p}: held-out IoU by epoch {[round(x, 3) for x in res[p, seed]['curve']]}, "
                f"{res[p, seed]['samples_per_s']:.1f} samples/s ({time.perf_counter() - t0:.0f} s here)",
                flush=True,
            )
    final = {p: [res[p, s]['curve'][-1] for s in seeds] for p in ('fp32', 'bf16')}
    diff = [b - f for b, f in zip(final['bf16'], final['fp32'])]
    summary = {'epochs': a.epochs, 'seeds': seeds, 'runs': {f'{p}_seed{s}': v for (p, s), v in res.items()}}
    for p in ('fp32', 'bf16'):
        m, sd = mean_sd(final[p])
        sps = statistics.mean(res[p, s]['samples_per_s'] for s in seeds)
        summary[p] = dict(final_iou_mean=m, final_iou_sd=sd, samples_per_s=sps)
        print(
            f"{p}: final held-out IoU {m:.4f} +- {sd:.4f} (sd over {len(seeds)} seeds), {sps:.1f} samples/s"
        )
    m, sd = mean_sd(diff)
    half = T975.get(len(diff) - 1, 1.96) * sd / math.sqrt(len(diff)) if len(diff) > 1 else float('nan')
    ratio = summary['bf16']['samples_per_s'] / summary['fp32']['samples_per_s']
    summary['paired_diff'] = dict(mean=m, ci95=[m - half, m + half], per_seed=diff)
    summary['speed_ratio'] = ratio
    print(
        f"bf16 - fp32 final held-out IoU, paired by seed: {m:+.4f}, 95% interval [{m - half:+.4f}, {m + half:+.4f}]"
    )
    print(f"bf16 / fp32 training samples/s: {ratio:.2f}x")
    (Path(a.out) / 'summary.json').write_text(json.dumps(summary, indent=1))


if __name__ == '__main__':
    main()
