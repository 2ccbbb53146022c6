"""Training-step throughput: samples/s of one CE step (forward, backward, clip, AdamW) on fixed batches.

Usage: python bench/train_speed.py [--configs tiny] [--batches 16,32] [--steps 10] [--threads 2]
On a CPU it times float32 steps. With a GPU it also times b256 with bf16 autocast at batch 16 and at the largest
batch that fits (doubling until out of memory), and prints the peak memory. Everything printed is measured in this
one run; nothing is asserted.
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
    return {'template_images': torch.randn(batch, cfg.num_templates, 3, T, T, generator=g),
            'search_images': torch.randn(batch, 1, 3, S, S, generator=g),
            'search_anno': torch.cat([xy, torch.full((batch, 2), 0.25)], 1)[:, None]}

def bench(preset, batch, steps, device, precision):
    tcfg = replace(TRAIN_PRESETS[preset], precision=precision)
    torch.manual_seed(0)
    model = SeqTrack(seqtrack_config(tcfg.model, **tcfg.model_overrides)).to(device).train()
    opt, sched = make_optimizer(model, tcfg, 1000)
    b = fake_batch(model.cfg, batch, device)
    for _ in range(2): train_step(model, opt, sched, b, model.cfg.bins, device, tcfg)   # warm-up
    if device.type == 'cuda': torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    for _ in range(steps): train_step(model, opt, sched, b, model.cfg.bins, device, tcfg)
    if device.type == 'cuda': torch.cuda.synchronize()
    dt = (time.perf_counter() - t0) / steps
    peak = torch.cuda.max_memory_allocated() / 2**30 if device.type == 'cuda' else float('nan')
    return dt, batch / dt, peak

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--configs', default='tiny')
    ap.add_argument('--batches', default='16,32')
    ap.add_argument('--steps', type=int, default=10)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cpu = torch.device('cpu')
    print(f"CPU, {a.threads} threads, float32")
    for c in a.configs.split(','):
        for b in map(int, a.batches.split(',')):
            dt, sps, _ = bench(c, b, a.steps, cpu, 'fp32')
            print(f"  {c:5s} batch {b:3d}: {dt*1e3:8.1f} ms/step  {sps:7.1f} samples/s")
    if not torch.cuda.is_available():
        print("no GPU here: the b256 bf16 GPU numbers need one (run this script where a GPU is available)")
        return
    gpu = torch.device('cuda')
    print(f"GPU {torch.cuda.get_device_name()}, b256, bf16 autocast")
    b, best = 16, None
    while True:
        try:
            dt, sps, peak = bench('b256', b, a.steps, gpu, 'bf16')
        except torch.OutOfMemoryError:
            torch.cuda.empty_cache(); break
        print(f"  b256 batch {b:4d}: {dt*1e3:8.1f} ms/step  {sps:7.1f} samples/s  peak {peak:5.1f} GiB")
        best, b = b, b * 2
        if b > 1024: break
    print(f"  largest batch that fit (doubling from 16): {best}")

if __name__ == '__main__': main()
