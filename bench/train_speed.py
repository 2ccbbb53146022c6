"""Training-step throughput: samples/s of one CE step (forward, backward, clip, AdamW) on fixed batches.

Usage: python bench/train_speed.py [--configs tiny] [--batches 16,32] [--steps 10] [--threads 2]
                                   [--precisions fp32,bf16]
Times each configuration, batch and precision on this CPU, interleaved (fp32 then bf16, twice) so that a busy
machine slows both alike, and prints the bf16 / fp32 ratio of samples/s. The GPU numbers (b256, several batches,
peak memory) come from bench/gpu_report.py. Everything printed is measured in this one run; nothing is asserted.
"""

import argparse, time
import torch
from dataclasses import replace
from seqtrack_nb.model import SeqTrack, seqtrack_config
from seqtrack_nb.train import TRAIN_PRESETS, make_optimizer, train_step


def fake_batch(cfg, batch, device):
    g = torch.Generator().manual_seed(0)
    T, S = cfg.template_size, cfg.search_size
    xy = torch.rand(batch, 2, generator=g) * 0.5 + 0.2
    return {
        'template_images': torch.randn(batch, cfg.num_templates, 3, T, T, generator=g).to(device),
        'search_images': torch.randn(batch, 1, 3, S, S, generator=g).to(device),
        'search_anno': torch.cat([xy, torch.full((batch, 2), 0.25)], 1)[:, None].to(device),
    }


def bench(preset, batch, steps, device, precision):
    "(seconds per step, samples/s, peak GPU GiB or NaN) of `steps` CE steps after 2 warm-up steps."
    device = torch.device(device)
    tcfg = replace(TRAIN_PRESETS[preset], precision=precision)
    torch.manual_seed(0)
    model = SeqTrack(seqtrack_config(tcfg.model, **tcfg.model_overrides)).to(device).train()
    opt, sched = make_optimizer(model, tcfg, 1000)
    b = fake_batch(model.cfg, batch, device)
    for _ in range(2):
        train_step(model, opt, sched, b, model.cfg.bins, device, tcfg)
    if device.type == 'cuda':
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    for _ in range(steps):
        train_step(model, opt, sched, b, model.cfg.bins, device, tcfg)
    if device.type == 'cuda':
        torch.cuda.synchronize()
    dt = (time.perf_counter() - t0) / steps
    peak = torch.cuda.max_memory_allocated() / 2**30 if device.type == 'cuda' else float('nan')
    return dt, batch / dt, peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--configs', default='tiny')
    ap.add_argument('--batches', default='16,32')
    ap.add_argument('--steps', type=int, default=10)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--precisions', default='fp32,bf16')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    precisions = a.precisions.split(',')
    print(f"CPU, {a.threads} threads; each cell the better of 2 interleaved runs")
    for c in a.configs.split(','):
        for b in map(int, a.batches.split(',')):
            best = {p: None for p in precisions}
            for _ in range(2):
                for p in precisions:
                    r = bench(c, b, a.steps, 'cpu', p)
                    best[p] = r if best[p] is None or r[0] < best[p][0] else best[p]
            for p, (dt, sps, _) in best.items():
                print(f"  {c:5s} batch {b:3d} {p}: {dt*1e3:8.1f} ms/step  {sps:7.1f} samples/s")
            if {'fp32', 'bf16'} <= set(best):
                print(
                    f"  {c:5s} batch {b:3d} bf16 / fp32 samples/s: {best['bf16'][1] / best['fp32'][1]:.2f}x"
                )


if __name__ == '__main__':
    main()
