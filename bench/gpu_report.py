"""Speed and memory of tracking, CE training and SLT in float32 and bf16, eager and compiled: a JSON and a table.

Usage: python bench/gpu_report.py [--device cuda] [--out bench_out/report] [--quick] [--threads 2]

On one GPU (about 8 minutes): the b256 tracker's frames per second at batch 1 (the official loop's equivalent,
recomputing the decoder in float32, as the baseline; then cached decoding in fp32 and bf16, eager, compiled and
compiled with CUDA graphs); b256 CE training samples/s at batch 16 and at the largest batch that fits (doubling),
with peak memory; one b256 SLT iteration (k = 8 episodes of T = 24 frames) with its peak memory.
On a CPU the tracker is b256 too; CE training runs the tiny preset at batch 32 and b256 at batch 4, SLT the tiny
preset.
`--device cpu --quick` is a smoke run of every path with the tiny model (the tests run it).
Writes `report.json` and `report.md` to --out and prints the table. Everything is measured in this one run.
"""

import argparse, copy, json, platform, statistics, sys, time
from pathlib import Path
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from train_speed import bench as train_bench
from slt_speed import slt_iteration
from track_speed import frames_and_box
from seqtrack_nb.inputs import UsageError
from seqtrack_nb.model import SeqTrack, seqtrack_config, fast_bf16, check_compile
from seqtrack_nb.tracker import SeqTracker
from seqtrack_nb.train import synthetic_pool


def sync(dev):
    if dev.type == 'cuda':
        torch.cuda.synchronize()


def warm_tracker(model, frames, box, **kw):
    "A SeqTracker(**kw) after two frames of warm-up (and compilation), with the seconds that took."
    tracker = SeqTracker(model, **kw)
    t0 = time.perf_counter()
    tracker.initialize(frames[0], box)
    for f in frames[1:3]:
        tracker.track(f)
    return tracker, time.perf_counter() - t0


def seconds_per_frame(tracker, frames, box, dev) -> float:
    tracker.initialize(frames[0], box)
    sync(dev)
    t = time.perf_counter()
    for f in frames[1:]:
        tracker.track(f)
    sync(dev)
    return (time.perf_counter() - t) / (len(frames) - 1)


def tracker_section(config, dev, n_frames, repeats, compiled):
    "Each variant's median ms per frame over `repeats` passes, the variants interleaved pass by pass."
    frames, box, video = frames_and_box(
        n_frames
    )  # OTB Crossing where ../shared/realdata exists, else synthetic
    print(
        f"  {n_frames} frames of {video} ({frames[0].shape[1]}x{frames[0].shape[0]}), batch 1, "
        f"{repeats} interleaved passes"
    )
    torch.manual_seed(0)
    base = SeqTrack(seqtrack_config(config)).eval().to(dev)
    variants = [('official loop (recompute decoder)', 'fp32', False, dict(use_cache=False))]
    variants += [('cached decoder', p, False, {}) for p in ('fp32', 'bf16')]
    try:
        check_compile(dev)
    except UsageError as e:
        print(f"  no compiled rows: {e}")
        compiled = False
    if compiled:
        variants += [('cached, compiled', p, True, {}) for p in ('fp32', 'bf16')]
        if dev.type == 'cuda':
            variants += [('cached, compiled, CUDA graphs', p, 'cudagraphs', {}) for p in ('fp32', 'bf16')]
    trackers = []
    for name, precision, compile, extra in variants:
        model = copy.deepcopy(base) if compile else base  # each compiled variant keeps its own compiled code
        trackers.append(warm_tracker(model, frames, box, precision=precision, compile=compile, **extra))
    times = [[] for _ in variants]
    for _ in range(repeats):
        for i, (tracker, _) in enumerate(trackers):
            times[i].append(seconds_per_frame(tracker, frames, box, dev))
    rows = []
    for (name, precision, *_), (_, warm), ts in zip(variants, trackers, times):
        ms = statistics.median(ts) * 1e3
        rows.append(
            dict(
                what=f'{config} tracker, {name}',
                precision=precision,
                ms_per_frame=round(ms, 2),
                fps=round(1e3 / ms, 1),
                warm_up_s=round(warm, 1),
            )
        )
        print(f"  {rows[-1]['what']:52s} {precision}: {ms:8.2f} ms/frame  {1e3 / ms:7.1f} fps", flush=True)
    base_ms = rows[0]['ms_per_frame']
    for r in rows:
        r['time_vs_official'] = round(r['ms_per_frame'] / base_ms, 3)
    return rows


def train_section(runs, dev, steps, max_batch):
    "`runs`: (config, batch) pairs, each in fp32 and bf16; then the largest bf16 batch of the last config."
    rows = []
    for config, b in runs:
        best = {}
        for p in ('fp32', 'bf16', 'fp32', 'bf16'):  # interleaved; the faster of the two runs of each
            r = train_bench(config, b, steps, dev, p)
            best[p] = min(best.get(p, r), r, key=lambda x: x[0])
        for p, (dt, sps, peak) in best.items():
            rows.append(
                dict(
                    what=f'{config} CE training, batch {b}',
                    precision=p,
                    ms_per_step=round(dt * 1e3, 1),
                    samples_per_s=round(sps, 1),
                    peak_gib=round(peak, 2),
                )
            )
            print(f"  {rows[-1]['what']:40s} {p}: {dt * 1e3:8.1f} ms/step {sps:8.1f} samples/s", flush=True)
    config, b = runs[-1][0], runs[-1][1] * 2
    last = None
    while b <= max_batch:  # the largest batch that fits, bf16
        try:
            dt, sps, peak = train_bench(config, b, steps, dev, 'bf16')
        except torch.OutOfMemoryError:
            break
        last = dict(
            what=f'{config} CE training, batch {b} (largest that fit, doubling)',
            precision='bf16',
            ms_per_step=round(dt * 1e3, 1),
            samples_per_s=round(sps, 1),
            peak_gib=round(peak, 2),
        )
        print(f"  {last['what']:40s} bf16: {dt * 1e3:8.1f} ms/step {sps:8.1f} samples/s", flush=True)
        b *= 2
    if dev.type == 'cuda':
        torch.cuda.empty_cache()
    return rows + ([last] if last else [])


def slt_section(config, dev, k, T, repeats):
    videos = [synthetic_pool('medium', 8, n_frames=max(40, 2 * T))]
    rows, best = [], {}
    for p in ('fp32', 'bf16', 'fp32', 'bf16'):  # interleaved; the faster of the two runs of each
        r = slt_iteration(config, videos, k, T, p, repeats, dev)
        best[p] = min(best.get(p, r), r, key=lambda x: x[0])
    for p, (t, roll, back, peak) in best.items():
        peak = (
            peak if dev.type == 'cuda' else float('nan')
        )  # a CPU process's peak RSS holds all that ran before
        rows.append(
            dict(
                what=f'{config} SLT iteration, k={k}, T={T}',
                precision=p,
                s_per_iteration=round(t, 3),
                rollout_s=round(roll, 3),
                gradient_pass_s=round(back, 3),
                peak_gib=round(peak, 2),
            )
        )
        print(f"  {rows[-1]['what']:40s} {p}: {t:7.3f} s/iteration", flush=True)
    return rows


def cell(v) -> str:
    return '-' if isinstance(v, float) and v != v else str(v)  # NaN (not measured here) as '-'


def markdown(report) -> str:
    lines = [f"Device: {report['device']}; torch {report['torch']}; {report['date']}", '']
    cols = {
        'tracker': ['what', 'precision', 'ms_per_frame', 'fps', 'time_vs_official', 'warm_up_s'],
        'train': ['what', 'precision', 'ms_per_step', 'samples_per_s', 'peak_gib'],
        'slt': ['what', 'precision', 's_per_iteration', 'rollout_s', 'gradient_pass_s', 'peak_gib'],
    }
    for section, names in cols.items():
        lines += ['| ' + ' | '.join(names) + ' |', '|' + '---|' * len(names)]
        lines += ['| ' + ' | '.join(cell(r.get(n, '')) for n in names) + ' |' for r in report[section]]
        lines.append('')
    lines += [f"- {k}: {v}" for k, v in report['ratios'].items()]
    return '\n'.join(lines) + '\n'


def ratios(report) -> dict:
    "The headline ratios, each from rows of this run."
    by = {(r['what'], r['precision']): r for s in ('tracker', 'train', 'slt') for r in report[s]}
    out, tr = {}, report['tracker']
    fp32 = next(r for r in tr if r['what'].endswith('cached decoder') and r['precision'] == 'fp32')
    best = min((r for r in tr if r['precision'] == 'bf16'), key=lambda r: r['ms_per_frame'])
    out['tracker fp32 (cached) time / official loop'] = fp32['time_vs_official']
    out[f"tracker best bf16 ({best['what'].split(', ', 1)[1]}) time / fp32 cached"] = round(
        best['ms_per_frame'] / fp32['ms_per_frame'], 3
    )
    for what in {w for w, _ in by if 'CE training' in w}:
        if (what, 'fp32') in by:
            out[f'{what}: bf16 / fp32 samples/s'] = round(
                by[what, 'fp32']['ms_per_step'] / by[what, 'bf16']['ms_per_step'], 2
            )  # same batch
    for what in {w for w, _ in by if 'SLT' in w}:
        out[f'{what}: fp32 / bf16 time'] = round(
            by[what, 'fp32']['s_per_iteration'] / by[what, 'bf16']['s_per_iteration'], 2
        )
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    ap.add_argument('--out', default='bench_out/report')
    ap.add_argument('--quick', action='store_true', help='tiny model, few frames and steps: a smoke run')
    ap.add_argument('--no-compile', action='store_true', help='skip the compiled tracker rows')
    ap.add_argument('--threads', type=int, default=0, help='torch CPU threads (0: the default)')
    ap.add_argument(
        '--from-json', default=None, help="rewrite the table of an earlier report.json, measure nothing"
    )
    a = ap.parse_args()
    if a.from_json:
        report = json.loads(Path(a.from_json).read_text())
        report['ratios'] = ratios(report)
        Path(a.from_json).write_text(json.dumps(report, indent=1))
        Path(a.from_json).with_suffix('.md').write_text(markdown(report))
        print(markdown(report))
        return
    if a.threads:
        torch.set_num_threads(a.threads)
    dev = torch.device(a.device)
    if dev.type == 'cuda' and not torch.cuda.is_available():
        ap.exit(2, f"{ap.prog}: error: --device cuda, but torch sees no GPU here (use --device cpu)\n")
    gpu = dev.type == 'cuda'
    name = (
        torch.cuda.get_device_name(dev)
        if gpu
        else f'{platform.processor() or "CPU"}, {torch.get_num_threads()} threads'
    )
    report = dict(
        device=name,
        torch=torch.__version__,
        date=time.strftime('%Y-%m-%d %H:%M'),
        quick=a.quick,
        fast_bf16=fast_bf16(dev),
    )
    t0 = time.perf_counter()
    print(f"{name}; fast bf16: {report['fast_bf16']}")
    track_cfg = 'tiny' if a.quick else 'b256'
    train_cfg = 'tiny' if a.quick or not gpu else 'b256'
    report['tracker'] = tracker_section(
        track_cfg, dev, 3 if a.quick else 40 if gpu else 10, 1 if a.quick else 3, not a.no_compile
    )
    # on a CPU: the tiny preset's batch, and b256 at a small batch to see what bf16 does to the full model
    runs = [('tiny', 2)] if a.quick else [('b256', 16)] if gpu else [('tiny', 32), ('b256', 4)]
    steps = 1 if a.quick else 5 if gpu else 3
    report['train'] = train_section(runs, dev, steps, 4 if a.quick else 1024 if gpu else 0)
    k, T = (2, 4) if a.quick else (8, 24)
    report['slt'] = slt_section(train_cfg, dev, k, T, 1 if a.quick else 2)
    report['ratios'] = ratios(report)
    report['seconds'] = round(time.perf_counter() - t0, 1)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / 'report.json').write_text(json.dumps(report, indent=1))
    (out / 'report.md').write_text(markdown(report))
    print(markdown(report))
    print(f"{report['seconds']} s; wrote {out / 'report.json'} and {out / 'report.md'}")


if __name__ == '__main__':
    main()
