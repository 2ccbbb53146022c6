"""Test-time levers of a trained tracker (06_train, "What was tried for hard videos"): the same checkpoint tracks the
same held-out synthetic videos with the official rule and with one change each: no Hanning window, another search
crop, the crop centre moved along the target's last motion, the box size smoothed, or the box
held where the tracker is unsure.

Usage: python bench/test_time.py [--ckpt data/seqtrack_tiny_ce.pth] [--seeds 4242,7777] [--videos 64] [--out FILE.json]
The tracking loop is `track_step` of 07_tracker over 16 videos at a time; with no change it writes the boxes of
`SeqTracker` (its AO is the one `bench/heldout_curve.py` reports). Everything printed is measured in this one run;
nothing is asserted.
"""
import json, time
from pathlib import Path
import numpy as np
import torch
from fastcore.script import call_parse
from seqtrack_nb.boxes import box_iou_pairs
from seqtrack_nb.evaluation import synthetic_benchmark
from seqtrack_nb.metrics import format_table, got10k_scores
from seqtrack_nb.model import load_model
from seqtrack_nb.tracker import clip_boxes, crop_batch, track_step

VARIANTS = {   # name: the change (an empty dict is the official rule)
    'official (window, crop 3 x the target)': {},
    'no Hanning window': dict(window=False),
    'search crop 2 x': dict(factor=2.0),
    'search crop 2.5 x': dict(factor=2.5),
    'search crop 3.5 x': dict(factor=3.5),
    'crop centre + half the last motion': dict(motion=0.5),
    'crop centre + the last motion': dict(motion=1.0),
    'size smoothed (new size x 0.5)': dict(size_rate=0.5),
    'box held where the confidence < 5': dict(hold=5.0),
}


def centres(boxes: np.ndarray) -> np.ndarray:
    return boxes[:, :2] + boxes[:, 2:] / 2


def track_videos(model, videos: list, window=True, factor=None, motion=0.0, size_rate=1.0, hold=0.0) -> tuple:
    """Greedy tracking of each video from its first box, all videos in one batch: (integer boxes, as results files
    hold them; the confidence of every tracked frame) per video."""
    cfg = model.cfg
    frames = [[s.frame(i) for i in range(len(s))] for s in videos]
    lengths = np.array([len(s) for s in videos])
    z = crop_batch([f[0] for f in frames], np.stack([s.boxes[0] for s in videos]), cfg.template_size,
                   cfg.template_factor)[0]
    boxes = np.full((len(videos), lengths.max(), 4), np.nan)
    boxes[:, 0] = [s.boxes[0] for s in videos]
    velocity = np.zeros((len(videos), 2))
    confidence = np.full((len(videos), lengths.max()), np.nan)
    with torch.inference_mode():
        for t in range(1, lengths.max()):
            rows = np.flatnonzero(lengths > t)
            prev = boxes[rows, t - 1]
            crop_at = prev.copy()
            crop_at[:, :2] += motion * velocity[rows]
            crop_at = clip_boxes(crop_at, np.array([frames[r][t].shape[:2] for r in rows]))
            step = track_step(model, [frames[r][t] for r in rows], [z[rows]] * cfg.num_templates, crop_at,
                              window, factor=factor)
            wh = size_rate * step.boxes[:, 2:] + (1 - size_rate) * prev[:, 2:]
            c = centres(step.boxes)
            new = np.concatenate([c - wh / 2, wh], 1)
            confidence[rows, t] = 10 * step.probs.sum(1).numpy()   # SeqTracker's
            unsure = confidence[rows, t] < hold
            boxes[rows, t] = np.where(unsure[:, None], prev, new)
            velocity[rows] = centres(boxes[rows, t]) - centres(prev)
    return [np.trunc(boxes[i, :len(s)]) for i, s in enumerate(videos)], [confidence[i, :len(s)] for i, s in enumerate(videos)]


def got10k_ao(model, videos: list, **change) -> float:
    preds = [p for i in range(0, len(videos), 16) for p in track_videos(model, videos[i:i + 16], **change)[0]]
    sizes = [s.frame(0).shape[1::-1] for s in videos]
    return got10k_scores(preds, [s.boxes for s in videos], [s.attributes['cover'] for s in videos], sizes)['AO']


def confidence_when(model, videos: list) -> dict:
    "Median confidence of the official rule over the visible frames where it has lost the target and where it holds it."
    conf, iou = [], []
    for i in range(0, len(videos), 16):
        boxes, confs = track_videos(model, videos[i:i + 16])
        for s, b, c in zip(videos[i:i + 16], boxes, confs):
            seen = s.visible[1:]
            conf.append(c[1:][seen])
            iou.append(box_iou_pairs(torch.from_numpy(b[1:][seen]), torch.from_numpy(s.boxes[1:][seen])).numpy())
    conf, iou = np.concatenate(conf), np.concatenate(iou)
    return {'IoU < 0.1': float(np.median(conf[iou < 0.1])), 'IoU >= 0.5': float(np.median(conf[iou >= 0.5])),
            'frames below 5': float(np.mean(conf < 5))}


@call_parse
def main(ckpt: str = 'data/seqtrack_tiny_ce.pth',  # the tracker
         seeds: str = '4242,7777',  # held-out synthetic videos, comma-separated seeds
         videos: int = 64,  # per difficulty and seed
         out: str = None,  # also write the table here as JSON (a list of rows)
         threads: int = 2):
    torch.set_num_threads(threads)
    model = load_model(ckpt)
    benches = {(s, d): synthetic_benchmark(videos, d, seed=int(s)) for s in seeds.split(',') for d in ('medium', 'hard')}
    rows = []
    for name, change in VARIANTS.items():
        t0 = time.time()
        row = {'test-time rule': name}
        for (seed, d), vids in benches.items():
            row[f'{d} AO, seed {seed}'] = got10k_ao(model, vids, **change)
        row['seconds'] = time.time() - t0
        rows.append(row)
        print(format_table(rows[-1:]), flush=True)
    print(format_table(rows))
    confidence = [{'hard videos, seed': seed, **confidence_when(model, vids)} for (seed, d), vids in benches.items()
                  if d == 'hard']
    print("The official rule's median confidence (10 x the sum of its 4 token probabilities) on visible frames:")
    print(format_table(confidence))
    if out:
        Path(out).write_text(json.dumps({'ckpt': ckpt, 'videos': videos, 'rows': rows, 'confidence': confidence},
                                        indent=1))
