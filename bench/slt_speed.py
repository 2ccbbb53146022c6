"""Cost of one SLT iteration against a CE iteration over the same number of frames.

Usage: python bench/slt_speed.py [--config tiny] [--episodes 8] [--length 24] [--repeats 3] [--threads 2]
SLT iteration: k episodes of T frames, two batched rollouts (k greedy + k sampling trackers, under no_grad) and the
teacher-forced gradient pass over the k*(T-1) stored crops (chunks of 64), then AdamW. CE iteration: one step of
`06_train` (forward, backward, clip, AdamW) on a batch of k*(T-1) samples, collated in advance. Synthetic videos in
memory; on a GPU (b256, bf16 for CE) when one exists. Prints medians and peak memory measured in this one run.
"""
import argparse, resource, statistics, time
from dataclasses import replace
import torch
from seqtrack_nb.model import SeqTrack, seqtrack_config
from seqtrack_nb.train import TRAIN_PRESETS, make_optimizer, train_step, synthetic_pool
from seqtrack_nb.processing import TrackingSampler, processing_config
from seqtrack_nb.episodes import EpisodeSampler
from seqtrack_nb.scst import SLT_PRESETS, slt_step, param_groups

def peak_rss_gib(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--config', default='tiny'); ap.add_argument('--episodes', type=int, default=8)
    ap.add_argument('--length', type=int, default=24); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    tcfg = replace(TRAIN_PRESETS[a.config], precision='bf16' if dev.type == 'cuda' else 'fp32')
    scfg = replace(SLT_PRESETS[a.config], episodes=a.episodes, length=a.length)
    torch.manual_seed(0)
    model = SeqTrack(seqtrack_config(tcfg.model, **tcfg.model_overrides)).to(dev)
    videos = [synthetic_pool('medium', 24, n_frames=80)]
    frames = a.episodes * (a.length - 1)
    sampler = TrackingSampler(videos, None, processing_config(model.cfg), frames, 400, 0)
    batch = torch.utils.data.default_collate([sampler[i] for i in range(frames)])
    opt, sched = make_optimizer(model, tcfg, 1000)
    ce = []
    for r in range(a.repeats + 1):
        if dev.type == 'cuda': torch.cuda.synchronize()
        t = time.perf_counter(); train_step(model, opt, sched, batch, model.cfg.bins, dev, tcfg)
        if dev.type == 'cuda': torch.cuda.synchronize()
        if r: ce.append(time.perf_counter() - t)
    ce_peak = torch.cuda.max_memory_allocated() / 2**30 if dev.type == 'cuda' else peak_rss_gib()
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats()
    sopt = torch.optim.AdamW(param_groups(model, scfg.lr, scfg.encoder_lr_mult), lr=scfg.lr)
    eps = EpisodeSampler(videos, length=a.length, seed=0)
    gen, slt, parts = torch.Generator().manual_seed(0), [], []
    for r in range(a.repeats + 1):
        episodes = eps.batch(r, a.episodes)
        for e in episodes: e.seq.frame(0)  # in memory already; nothing to load
        t = time.perf_counter(); s = slt_step(model, sopt, episodes, scfg, gen)
        if dev.type == 'cuda': torch.cuda.synchronize()
        if r: slt.append(time.perf_counter() - t); parts.append((s['rollout_s'], s['backward_s']))
    slt_peak = torch.cuda.max_memory_allocated() / 2**30 if dev.type == 'cuda' else peak_rss_gib()
    ce_t, slt_t = statistics.median(ce), statistics.median(slt)
    roll, back = (statistics.median(p[i] for p in parts) for i in (0, 1))
    where = torch.cuda.get_device_name() if dev.type == 'cuda' else f'CPU, {a.threads} threads'
    print(f"{a.config} on {where}: k = {a.episodes} episodes of T = {a.length} frames = {frames} tracked frames")
    print(f"  CE iteration (batch {frames}):   {ce_t:7.2f} s   peak memory {ce_peak:.2f} GiB"
          f"{' (process RSS: includes everything so far)' if dev.type != 'cuda' else ''}")
    print(f"  SLT iteration:                {slt_t:7.2f} s   (rollouts {roll:.2f} s, gradient pass {back:.2f} s)   peak {slt_peak:.2f} GiB")
    print(f"  SLT / CE: {slt_t / ce_t:.2f}x")

if __name__ == '__main__': main()
