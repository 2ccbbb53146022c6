"""Per-frame tracking time of `SeqTracker` on this CPU (crop + model + map back), with its breakdown.

Usage: python bench/track_speed.py [--configs tiny,b256] [--frames 20] [--threads 2] [--precision fp32]
Runs each configuration (random weights: speed does not depend on them) over the same frames of a real sequence
from ../shared/realdata (OTB Crossing, 360x240) or, without it, a synthetic 256x192 video. Prints the mean time per
frame of each stage as `SeqTracker.timings` measures it, the frame rate, and the ratios between configurations,
all measured in this one run (nothing is asserted).
"""
from pathlib import Path
import argparse, time
import numpy as np
import torch
from seqtrack_nb.model import SeqTrack, seqtrack_config
from seqtrack_nb.tracker import SeqTracker
from seqtrack_nb.datasets import find_realdata, load_dataset
from seqtrack_nb.synthetic import synthetic_sequence, synth_config

def frames_and_box(n):
    real = find_realdata() or find_realdata(Path(__file__).resolve().parents[1]/'../shared/realdata')
    if real:
        seq = next(s for s in load_dataset('otb', real/'otb') if s.name == 'Crossing')
    else:
        seq = synthetic_sequence(0, seed=1, cfg=synth_config('easy', n_frames=n + 1))
    return [seq.frame(i) for i in range(n + 1)], seq.boxes[0], seq.name

def bench(name, frames, box, use_cache=True, precision='fp32'):
    torch.manual_seed(0)
    tracker = SeqTracker(SeqTrack(seqtrack_config(name)).eval(), use_cache=use_cache, precision=precision)
    tracker.initialize(frames[0], box)
    tracker.track(frames[1]); tracker.track(frames[2])          # warm-up
    tracker.initialize(frames[0], box)
    tracker.timings = dict.fromkeys(tracker.timings, 0.0)
    t0 = time.perf_counter()
    for f in frames[1:]: tracker.track(f)
    n = len(frames) - 1
    total = (time.perf_counter() - t0) / n
    return {k: v / n for k, v in tracker.timings.items()} | {'total': total}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--configs', default='tiny,b256')
    ap.add_argument('--frames', type=int, default=20)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--precision', default='fp32', help='fp32 or bf16 (bench/gpu_report.py compares them)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    frames, box, name = frames_and_box(a.frames)
    print(f"{a.frames} frames of {name} ({frames[0].shape[1]}x{frames[0].shape[0]}), {a.threads} threads, batch 1, {a.precision}")
    print(f"{'config':8s} {'crop':>8s} {'encode':>9s} {'decode':>8s} {'map back':>9s} {'total':>9s} {'fps':>6s}   (ms per frame)")
    res = {}
    for c in a.configs.split(','):
        for cache in (True, False):
            r = res[c, cache] = bench(c, frames, box, cache, a.precision)
            label = c + ('' if cache else ' (recompute decoder, as released)')
            print(f"{c:8s} {r['crop']*1e3:8.2f} {r['encode']*1e3:9.1f} {r['decode']*1e3:8.2f} {r['map_back']*1e3:9.3f} "
                  f"{r['total']*1e3:9.1f} {1/r['total']:6.1f}   {'' if cache else 'released decoder loop (no KV cache)'}")
    for c in a.configs.split(','):
        r = res[c, True]
        print(f"{c}: encoder {r['encode']/r['total']:.0%} of a frame, decoder {r['decode']/r['total']:.1%}, "
              f"crop {r['crop']/r['total']:.1%}; cached decoder {res[c, False]['decode']/r['decode']:.2f}x faster than recompute")
    cs = a.configs.split(',')
    if len(cs) > 1: print(f"{cs[1]} / {cs[0]} time per frame: {res[cs[1], True]['total']/res[cs[0], True]['total']:.1f}x")

if __name__ == '__main__': main()
