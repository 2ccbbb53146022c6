"""The experiments behind the tiny recipe (06_train, "The tiny recipe"): train a tiny SeqTrack variant on synthetic
videos for a fixed number of minutes and print, every few minutes, its teacher-forced IoU on 256 held-out samples
(official full search jitter, held-out videos of seed 1000).

Usage: python bench/tiny_recipe.py --depth 2 --minutes 8 [--pos sincos] [--bins 64] [--lr 1e-3] [--bs 32] ...
Writes the curve to --json if given. Everything printed is measured in this one run; nothing is asserted.
"""
import argparse, json, time
from dataclasses import replace
import numpy as np, torch
from timm.layers.pos_embed_sincos import build_sincos2d_pos_embed
from seqtrack_nb.train import TRAIN_PRESETS, make_optimizer, train_step, synthetic_pool, build_model, validation_batch, teacher_forced_iou
from seqtrack_nb.processing import TrackingSampler, processing_config, train_loader

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--depth', type=int, default=2, help='encoder blocks')
    ap.add_argument('--pos', default='random', help="encoder positions at init: 'random' (official) or 'sincos'")
    ap.add_argument('--bins', type=int, default=64); ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--bs', type=int, default=32); ap.add_argument('--warmup', type=int, default=100)
    ap.add_argument('--clip', type=float, default=1.0); ap.add_argument('--difficulty', default='easy')
    ap.add_argument('--minutes', type=float, default=8); ap.add_argument('--every', type=float, default=2)
    ap.add_argument('--json', default=None)
    a = ap.parse_args()
    torch.manual_seed(0)
    cfg = replace(TRAIN_PRESETS['tiny'], model_overrides=dict(bins=a.bins, encoder_depth=a.depth), lr=a.lr, batch_size=a.bs,
                  schedule='step', lr_drop_epoch=10**6, warmup_steps=a.warmup, grad_clip=a.clip)  # constant LR after warm-up
    model = build_model(cfg)
    if a.pos == 'sincos':   # MAE's fixed 2-D sin-cos table as the starting point, one per grid
        e = model.encoder
        grid = lambda n: build_sincos2d_pos_embed([int(n ** .5)] * 2, e.dim).reshape(1, n, e.dim)
        with torch.no_grad(): e.pos_embed.copy_(torch.cat([grid(e.n_search), grid(e.n_template)], 1))
    sampler = TrackingSampler([synthetic_pool(a.difficulty)], None, processing_config(model.cfg), 10**7, 400, 0)
    held_out = {d: validation_batch([synthetic_pool(d, 40, seed=1000)], model.cfg, 256) for d in ('easy', 'medium')}
    opt, sched = make_optimizer(model, cfg, 10**6)
    loader, losses, hist, step, t0, next_eval = iter(train_loader(sampler, a.bs, 0)), [], [], 0, time.time(), a.every
    while True:
        loss, _ = train_step(model, opt, sched, next(loader), a.bins, 'cpu', cfg)
        losses.append(loss); step += 1
        minutes = (time.time() - t0) / 60
        if minutes >= next_eval or minutes >= a.minutes:
            row = dict(minutes=round(minutes, 2), step=step, loss=round(float(np.mean(losses[-50:])), 3),
                       **{d: round(teacher_forced_iou(model, b)[0], 3) for d, b in held_out.items()})
            hist.append(row); print(row, flush=True); next_eval += a.every
            if minutes >= a.minutes: break
    if a.json: json.dump(dict(args=vars(a), curve=hist), open(a.json, 'w'), indent=1)

if __name__ == '__main__': main()
