"""Training-data throughput: samples/s from the DataLoader, and whether loading slows CPU training of the tiny model.

Usage: python bench/data_speed.py [--workers 2] [--batch 32] [--batches 12] [--real ../shared/realdata]
Measures, in this one process:
1. loader samples/s (after one warm-up batch) at the tiny (128 px) and b256 (256 px) crop sizes, with 0 and `--workers`
   workers, on synthetic videos (256x192 JPEG frames, written to a temp folder) and, when found, on the real sequences
   of ../shared/realdata (OTB, VOT, VOT-LT, UAV123: 360x240 to 1280x720 JPEG frames);
2. tiny-model CE training steps (forward + backward + AdamW, 2 threads): time per step on one fixed batch, and the same
   steps fed by the loader with `--workers` workers: their ratio is the cost of data loading during training.
No timing is asserted anywhere; the numbers go into the README and the issue notes.
"""
import argparse, tempfile, time
from pathlib import Path
import torch
from seqtrack_nb.boxes import boxes_to_tokens, decoder_sequences
from seqtrack_nb.datasets import load_dataset
from seqtrack_nb.model import SeqTrack, seqtrack_config, seqtrack_loss
from seqtrack_nb.processing import ProcessingConfig, TrackingSampler, train_loader
from seqtrack_nb.synthetic import make_synthetic

def loader_rate(datasets, size, workers, batch, batches):
    "Samples per second from the loader, after one warm-up batch."
    cfg = ProcessingConfig(template_size=size, search_size=size)
    ds = TrackingSampler(datasets, cfg=cfg, samples_per_epoch=batch * (batches + 1), seed=0)
    it = iter(train_loader(ds, batch, num_workers=workers))
    next(it)
    t0 = time.perf_counter()
    n = sum(b['search_images'].shape[0] for b in it)
    return n / (time.perf_counter() - t0)

def train_step_fn(model, opt):
    def step(b):
        tokens = boxes_to_tokens(b['search_anno'][:, 0])
        inp, tgt = decoder_sequences(tokens)
        logits = model(list(b['template_images'].unbind(1)), b['search_images'][:, 0], inp)
        loss = seqtrack_loss(logits, tgt)
        opt.zero_grad(); loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1); opt.step()
    return step

def training_cost(datasets, workers, batch, steps):
    "Seconds per tiny-model training step: on a fixed batch, and fed by the loader."
    torch.manual_seed(0)
    mcfg = seqtrack_config('tiny')
    model = SeqTrack(mcfg).train()
    step = train_step_fn(model, torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=1e-4))
    cfg = ProcessingConfig(template_size=mcfg.template_size, search_size=mcfg.search_size)
    ds = TrackingSampler(datasets, cfg=cfg, samples_per_epoch=batch * (steps + 1), seed=0)
    fixed = next(iter(train_loader(ds, batch, num_workers=0)))
    step(fixed)
    t0 = time.perf_counter()
    for _ in range(steps): step(fixed)
    t_fixed = (time.perf_counter() - t0) / steps
    it = iter(train_loader(ds, batch, num_workers=workers))
    step(next(it))
    t0 = time.perf_counter()
    for b in it: step(b)
    return t_fixed, (time.perf_counter() - t0) / steps

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--batches', type=int, default=12)
    ap.add_argument('--real', default=str(Path(__file__).resolve().parents[1] / '../shared/realdata'))
    a = ap.parse_args()
    torch.set_num_threads(2)
    tmp = Path(tempfile.mkdtemp())
    make_synthetic(tmp, 32, seed=0, n_frames=60, progress=False)
    sets = {'synthetic 256x192': [load_dataset('got10k', tmp)]}
    real = Path(a.real)
    if (real / 'SOURCES.md').is_file():
        sets['real 360x240-1280x720'] = [load_dataset('otb', real / 'otb'), load_dataset('vot', real / 'vot'),
                                        load_dataset('votlt', real / 'vot-lt'), load_dataset('uav123', real / 'UAV123_10fps')]
    else: print(f'{real} not found: real-frame rows skipped')
    print(f'loader samples/s (batch {a.batch}, {a.batches} batches after 1 warm-up, {torch.get_num_threads()} torch threads)')
    print(f"{'data':24s} {'crop':>5s} {'0 workers':>10s} {f'{a.workers} workers':>10s}")
    for name, ds in sets.items():
        for size in (128, 256):
            r0 = loader_rate(ds, size, 0, a.batch, a.batches)
            rw = loader_rate(ds, size, a.workers, a.batch, a.batches)
            print(f'{name:24s} {size:5d} {r0:10.1f} {rw:10.1f}')
    t_fixed, t_loader = training_cost(sets['synthetic 256x192'], a.workers, a.batch, a.batches)
    print(f'tiny CE training, batch {a.batch}: {t_fixed * 1000:.0f} ms/step on a fixed batch '
          f'({a.batch / t_fixed:.1f} samples/s), {t_loader * 1000:.0f} ms/step fed by {a.workers} workers: '
          f'ratio {t_loader / t_fixed:.2f}')

if __name__ == '__main__': main()
