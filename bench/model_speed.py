"""Per-frame cost of SeqTrack on this CPU: encoder, 4-token decode (cached vs full recompute), and their sum.

Usage: python bench/model_speed.py [--configs b256,tiny] [--threads 2] [--reps 10]
Prints medians of interleaved runs measured in this one process (no timing is asserted anywhere).
"""
import argparse, statistics, time
import torch
from seqtrack_nb.model import SeqTrack, seqtrack_config

def timed(fn, reps):
    "Median and min wall time of `reps` calls (after 2 warm-up calls)."
    for _ in range(2): fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    return statistics.median(ts), min(ts)

def bench(name, reps, batch):
    torch.manual_seed(0)
    cfg = seqtrack_config(name)
    model = SeqTrack(cfg).eval()
    S, T = cfg.search_size, cfg.template_size
    templates = [torch.randn(batch, 3, T, T) for _ in range(cfg.num_templates)]
    search = torch.randn(batch, 3, S, S)
    with torch.inference_mode():
        tokens = model.encode(templates, search)
        enc = timed(lambda: model.encode(templates, search), reps)
        # interleave the two decoders so that background load hits both alike
        cached, full = [], []
        for _ in range(5):
            cached.append(timed(lambda: model.generate(tokens, True), reps)[0])
            full.append(timed(lambda: model.generate(tokens, True, use_cache=False), reps)[0])
        same = torch.equal(model.generate(tokens, True).tokens, model.generate(tokens, True, use_cache=False).tokens)
    c, f = statistics.median(cached), statistics.median(full)
    n = sum(p.numel() for p in model.parameters())
    print(f"{name:5s} batch {batch}  params {n:,}")
    print(f"  encode (2 templates + search)      median {enc[0]*1e3:8.1f} ms   min {enc[1]*1e3:8.1f} ms")
    print(f"  decode 4 tokens, KV cache          median {c*1e3:8.2f} ms")
    print(f"  decode 4 tokens, full recompute    median {f*1e3:8.2f} ms   (the official decoder loop)")
    print(f"  cached decode speed-up             {f/c:.2f}x   (same tokens: {same})")
    print(f"  per frame, encode + cached decode  {(enc[0]+c)*1e3:8.1f} ms  ({1/(enc[0]+c):.2f} fps)")
    print(f"  per frame, encode + recompute      {(enc[0]+f)*1e3:8.1f} ms")

def decode_only(name, reps, batch):
    "Cached vs recomputed decoding at a larger batch (as in batched SCST rollouts), on random encoder tokens."
    torch.manual_seed(0)
    model = SeqTrack(seqtrack_config(name)).eval()
    n = model.encoder.n_search + model.cfg.num_templates * model.encoder.n_template
    tokens = torch.randn(batch, n, model.cfg.encoder_dim)
    with torch.inference_mode():
        c = timed(lambda: model.generate(tokens, True), reps)[0]
        f = timed(lambda: model.generate(tokens, True, use_cache=False), reps)[0]
    print(f"{name:5s} batch {batch}: decode cached {c*1e3:.1f} ms, recompute {f*1e3:.1f} ms, speed-up {f/c:.2f}x")

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--configs', default='b256,tiny')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--reps', type=int, default=10)
    p.add_argument('--batch', type=int, default=1)
    p.add_argument('--decode-batch', type=int, default=16, help='also compare the two decoders at this batch size')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, CPU")
    for name in a.configs.split(','): bench(name, a.reps, a.batch)
    if a.decode_batch: decode_only(a.configs.split(',')[0], a.reps, a.decode_batch)
