"""What bf16 costs the tracker: the shipped tiny tracker in fp32 and bf16 on held-out synthetic and real videos.

Usage: python bench/precision_track.py [--ckpt data/seqtrack_tiny_ce.pth] [--videos 24] [--seed 4242]
                                       [--real ../shared/realdata] [--compile] [--threads 2] [--out FILE.json]

Two measurements per video:
- open loop: along the fp32 tracker's own run, every frame is also run in bf16 from the same crop and
  templates; reported: the share of frames whose 4 tokens are identical, the token differences in bins, and the
  box difference in pixels;
- closed loop: each precision tracks the video on its own from the first box; reported: AO scored as
  `seqtrack_eval` scores it (integer boxes as in the result files, GOT-10k rules, frame-weighted) per
  benchmark, and the mean over videos of the paired difference bf16 - fp32 with a 95% t-interval (each video
  weighs the same there, so it can differ from the difference of the two AOs).
Held-out synthetic videos: medium and hard, of a seed no training or evaluation in the project uses (4242).
Real: every sequence of the OTB, VOT, VOT-LT and UAV123 folders under --real. Nothing is asserted.
"""

import argparse, json, math, statistics
from pathlib import Path
import numpy as np
import torch
from seqtrack_nb.model import load_model
from seqtrack_nb.tracker import SeqTracker, track_step
from seqtrack_nb.evaluation import synthetic_benchmark, _image_size
from seqtrack_nb.datasets import load_dataset
from seqtrack_nb.metrics import got10k_frame_ious

REAL = {'otb': 'otb', 'vot': 'vot', 'votlt': 'vot-lt', 'uav123': 'UAV123_10fps'}


def open_loop(model, seq):
    "Along the fp32 run: (tokens equal per frame [N-1], |token diff| [N-1, 4], max box diff px [N-1])."
    tracker = SeqTracker(model)
    tracker.initialize(seq.frame(0), seq.boxes[0])
    same, dtok, dbox = [], [], []
    for i in range(1, len(seq)):
        frame = seq.frame(i)
        with torch.inference_mode():
            s32, s16 = (
                track_step(model, [frame], tracker.templates, tracker.state[None], precision=p)
                for p in ('fp32', 'bf16')
            )
        same.append(bool((s16.tokens[0] == s32.tokens[0]).all()))
        dtok.append((s16.tokens[0] - s32.tokens[0]).abs().numpy())
        dbox.append(float(np.abs(s16.boxes[0] - s32.boxes[0]).max()))
        tracker.track(
            frame
        )  # fp32: the same step again, which also updates the templates as the tracker does
    return np.array(same), np.array(dtok), np.array(dbox)


def closed_loop(model, seq, precision, compile):
    tracker = SeqTracker(model, precision=precision, compile=compile)
    boxes = [tracker.initialize(seq.frame(0), seq.boxes[0])]
    boxes += [tracker.track(seq.frame(i))[0] for i in range(1, len(seq))]
    return np.stack(boxes)


def frame_ious(pred, seq):
    "The frames' IoUs as `seqtrack_eval` scores them: integer boxes (the result files), GOT-10k's cover labels."
    pred = pred.astype(int).astype(float)  # what the official result files hold
    if 'cover' in seq.attributes:
        return got10k_frame_ious([pred], [seq.boxes], [seq.attributes['cover']], [_image_size(seq)])[0]
    known = np.isfinite(seq.boxes).all(1)
    known[0] = True
    return got10k_frame_ious([pred], [np.nan_to_num(seq.boxes)], covers=[known.astype(int)])[0]


# two-sided 95% quantiles of Student's t by degrees of freedom (1.96 beyond 30)
T975 = {
    1: 12.71,
    2: 4.30,
    3: 3.18,
    4: 2.78,
    5: 2.57,
    6: 2.45,
    7: 2.36,
    8: 2.31,
    9: 2.26,
    10: 2.23,
    15: 2.13,
    20: 2.09,
    23: 2.07,
    25: 2.06,
    30: 2.04,
}


def interval(d):
    "Mean and 95% t-interval of the per-video differences `d`."
    m = float(np.mean(d))
    if len(d) < 2:
        return m, float('nan'), float('nan')
    t = T975[max(k for k in T975 if k <= len(d) - 1)] if len(d) - 1 <= 30 else 1.96  # a little wide between
    half = t * float(np.std(d, ddof=1)) / math.sqrt(len(d))
    return m, m - half, m + half


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt', default=str(Path(__file__).resolve().parents[1] / 'data/seqtrack_tiny_ce.pth'))
    ap.add_argument('--videos', type=int, default=24)
    ap.add_argument('--seed', type=int, default=4242)
    ap.add_argument('--real', default=str(Path(__file__).resolve().parents[1] / '../shared/realdata'))
    ap.add_argument('--compile', action='store_true', help='also the compiled bf16 tracker')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = load_model(a.ckpt)
    benches = {f'synthetic {d}': synthetic_benchmark(a.videos, d, seed=a.seed) for d in ('medium', 'hard')}
    real = Path(a.real)
    if real.is_dir():
        benches['real'] = [
            s for name, sub in REAL.items() if (real / sub).is_dir() for s in load_dataset(name, real / sub)
        ]
    arms = ['fp32', 'bf16'] + (['bf16 compiled'] if a.compile else [])
    report = {'ckpt': a.ckpt, 'seed': a.seed, 'benchmarks': {}}
    for bench, seqs in benches.items():
        same, dtok, dbox, ious = [], [], [], {arm: [] for arm in arms}
        for seq in seqs:
            s, t, b = open_loop(model, seq)
            same.append(s)
            dtok.append(t)
            dbox.append(b)
            for arm in arms:
                pred = closed_loop(model, seq, arm.split()[0], arm.endswith('compiled'))
                ious[arm].append(frame_ious(pred, seq))
        same, dtok, dbox = np.concatenate(same), np.concatenate(dtok), np.concatenate(dbox)
        row = {
            'videos': len(seqs),
            'frames': int(len(same)),
            'same_tokens': float(same.mean()),
            'token_diff_when_different_median': (
                float(np.median(dtok[~same].max(1))) if (~same).any() else 0.0
            ),
            'box_diff_px_median': float(np.median(dbox)),
            'box_diff_px_p95': float(np.percentile(dbox, 95)),
            'box_diff_px_max': float(dbox.max()),
        }
        for arm in arms:
            row[f'AO {arm}'] = 100 * float(np.concatenate(ious[arm]).mean())  # frame-weighted (GOT-10k)
            row[f'per-video AO {arm}'] = [100 * float(x.mean()) for x in ious[arm]]
        for arm in arms[1:]:
            d = [100 * (x.mean() - y.mean()) for x, y in zip(ious[arm], ious['fp32'])]
            row[f'{arm} - fp32 per-video AO (mean, 95% interval)'] = interval(d)  # unweighted over videos
        report['benchmarks'][bench] = row
        print(
            f"{bench}: {len(seqs)} videos, {len(same)} frames; open loop: same 4 tokens on {same.mean():.1%} of "
            f"frames, box difference median {row['box_diff_px_median']:.2f} px, 95th pct "
            f"{row['box_diff_px_p95']:.2f} px, max {row['box_diff_px_max']:.1f} px",
            flush=True,
        )
        print(
            '   closed loop AO: '
            + ', '.join(f"{arm} {row[f'AO {arm}']:.2f}" for arm in arms)
            + '; '
            + ', '.join(
                f"{arm} - fp32 per video {m:+.2f} [{lo:+.2f}, {hi:+.2f}]"
                for arm in arms[1:]
                for m, lo, hi in [row[f'{arm} - fp32 per-video AO (mean, 95% interval)']]
            ),
            flush=True,
        )
    if a.out:
        Path(a.out).write_text(json.dumps(report, indent=1))


if __name__ == '__main__':
    main()
