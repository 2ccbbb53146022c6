"""Cost of one SLT iteration against a CE iteration over the same number of frames, in float32 and bf16.

Usage: python bench/slt_speed.py [--config tiny] [--episodes 8] [--length 24] [--repeats 3] [--threads 2]
                                 [--precisions fp32,bf16]
SLT iteration: k episodes of T frames, two batched rollouts (k greedy + k sampling trackers, under no_grad) and the
teacher-forced gradient pass over the k*(T-1) stored crops (chunks of 64), then AdamW. CE iteration: one step of
`06_train` (forward, backward, clip, AdamW) on a batch of k*(T-1) samples, collated in advance. Synthetic videos in
memory; on a GPU when one exists. Prints medians and peak memory measured in this one run, and the bf16 / fp32
ratios.
"""

import argparse, resource, statistics, time
from dataclasses import replace
import torch
from seqtrack_nb.model import SeqTrack, seqtrack_config
from seqtrack_nb.train import TRAIN_PRESETS, make_optimizer, train_step, synthetic_pool
from seqtrack_nb.processing import TrackingSampler, processing_config
from seqtrack_nb.episodes import EpisodeSampler
from seqtrack_nb.scst import SLT_PRESETS, slt_step, param_groups


def peak_gib(dev):
    "Peak GPU memory since the last reset, or the process's peak RSS on a CPU (everything so far)."
    if dev.type == 'cuda':
        return torch.cuda.max_memory_allocated() / 2**30
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def sync(dev):
    if dev.type == 'cuda':
        torch.cuda.synchronize()


def new_model(config, dev):
    tcfg = TRAIN_PRESETS[config]
    torch.manual_seed(0)
    return SeqTrack(seqtrack_config(tcfg.model, **tcfg.model_overrides)).to(dev)


def ce_iteration(config, videos, frames, precision, repeats, dev):
    "(median seconds, peak GiB) of a CE step on a batch of `frames` samples."
    model = new_model(config, dev)
    tcfg = replace(TRAIN_PRESETS[config], precision=precision)
    sampler = TrackingSampler(videos, None, processing_config(model.cfg), frames, 400, 0)
    batch = torch.utils.data.default_collate([sampler[i] for i in range(frames)])
    opt, sched = make_optimizer(model, tcfg, 1000)
    if dev.type == 'cuda':
        torch.cuda.reset_peak_memory_stats()
    ts = []
    for r in range(repeats + 1):
        sync(dev)
        t = time.perf_counter()
        train_step(model, opt, sched, batch, model.cfg.bins, dev, tcfg)
        sync(dev)
        if r:
            ts.append(time.perf_counter() - t)
    return statistics.median(ts), peak_gib(dev)


def slt_iteration(config, videos, k, T, precision, repeats, dev):
    "(median seconds, median rollout s, median gradient-pass s, peak GiB) of an SLT iteration."
    model = new_model(config, dev)
    scfg = replace(SLT_PRESETS[config], episodes=k, length=T, precision=precision)
    opt = torch.optim.AdamW(param_groups(model, scfg.lr, scfg.encoder_lr_mult), lr=scfg.lr)
    eps = EpisodeSampler(videos, length=T, seed=0)
    gen = torch.Generator(dev).manual_seed(0)
    if dev.type == 'cuda':
        torch.cuda.reset_peak_memory_stats()
    ts, parts = [], []
    for r in range(repeats + 1):
        sync(dev)
        t = time.perf_counter()
        s = slt_step(model, opt, eps.batch(r, k), scfg, gen)
        sync(dev)
        if r:
            ts.append(time.perf_counter() - t)
            parts.append((s['rollout_s'], s['backward_s']))
    roll, back = (statistics.median(p[i] for p in parts) for i in (0, 1))
    return statistics.median(ts), roll, back, peak_gib(dev)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--config', default='tiny')
    ap.add_argument('--episodes', type=int, default=8)
    ap.add_argument('--length', type=int, default=24)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--precisions', default='fp32,bf16')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    videos = [synthetic_pool('medium', 24, n_frames=80)]
    frames = a.episodes * (a.length - 1)
    where = torch.cuda.get_device_name() if dev.type == 'cuda' else f'CPU, {a.threads} threads'
    print(
        f"{a.config} on {where}: k = {a.episodes} episodes of T = {a.length} frames = {frames} tracked frames"
    )
    print("  (peak memory on a CPU is the process's peak RSS: it includes everything so far)")
    slt = {}
    for p in a.precisions.split(','):
        ce_t, ce_peak = ce_iteration(a.config, videos, frames, p, a.repeats, dev)
        slt_t, roll, back, slt_peak = slt[p] = slt_iteration(
            a.config, videos, a.episodes, a.length, p, a.repeats, dev
        )
        print(
            f"  {p}: CE iteration (batch {frames}) {ce_t:6.2f} s, peak {ce_peak:.2f} GiB;"
            f"  SLT iteration {slt_t:6.2f} s (rollouts {roll:.2f} s, gradient pass {back:.2f} s),"
            f" peak {slt_peak:.2f} GiB;  SLT / CE {slt_t / ce_t:.2f}x"
        )
    if 'fp32' in slt and 'bf16' in slt:
        f, b = slt['fp32'], slt['bf16']
        print(
            f"  SLT iteration fp32 / bf16: {f[0] / b[0]:.2f}x faster in bf16 "
            f"(rollouts {f[1] / b[1]:.2f}x, gradient pass {f[2] / b[2]:.2f}x)"
        )


if __name__ == '__main__':
    main()
