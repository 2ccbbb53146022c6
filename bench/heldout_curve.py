"""The held-out learning curve of a training run: tracking AO of every saved epoch on held-out synthetic videos, and
the OPE AUC on the real sequences beside the project, with the keep-the-first-box line for both.

Usage: python bench/heldout_curve.py RUN [--seed 7777] [--videos 64] [--real ../shared/realdata] [--out FILE.json]
RUN is a seqtrack_train output folder (its checkpoints/epoch_*.pth); run again with the same --out, it scores
only the checkpoints that are new. The synthetic AO is the greedy batched
rollout of 11_scst over whole videos, which writes SeqTracker's boxes (its tests), truncated to integers as the
results files store them and scored by the GOT-10k rules: the AO seqtrack_eval reports, only faster (checked
equal). Everything printed is measured in this one run; nothing is asserted.
"""
import csv, json, shutil, tempfile
from pathlib import Path
import numpy as np
import torch
from fastcore.script import call_parse
from tqdm.auto import tqdm
from seqtrack_nb.datasets import find_realdata
from seqtrack_nb.evaluation import synthetic_benchmark, evaluate_checkpoint
from seqtrack_nb.experiment import real_benchmarks
from seqtrack_nb.metrics import format_table, got10k_scores
from seqtrack_nb.model import load_model
from seqtrack_nb.scst import rollout, video_episodes


def got10k_ao(model, sequences, batch=16):
    "GOT-10k AO (percent, the toolkit's rules) of greedy tracking from each video's first box, 16 videos a batch."
    preds = []
    for i in range(0, len(sequences), batch):
        chunk = sequences[i:i + batch]
        ro = rollout(model, video_episodes(chunk), samples=0, keep=False)
        preds += [np.trunc(ro.boxes[r, :len(s)]) for r, s in enumerate(chunk)]   # results files hold integers
    sizes = [s.frame(0).shape[1::-1] for s in sequences]
    return got10k_scores(preds, [s.boxes for s in sequences], [s.attributes['cover'] for s in sequences], sizes)['AO']


def real_auc(model, benches, tmp):
    "{'real_auc': mean OPE AUC over all real sequences, 'real': each one's} (`model` None: keep the first box)."
    aucs = {}
    for name, (seqs, dataset) in benches.items():
        rep = evaluate_checkpoint(model, seqs, Path(tmp) / name.split()[0], dataset, progress=False)
        aucs.update({r['sequence']: r['AUC'] for r in rep['table']})
    return {'real_auc': float(np.mean(list(aucs.values()))) if aucs else float('nan'), 'real': aucs}


def save(out, run, seed, videos, first, rows):
    "Write the curve so far (a later call with the same --out scores only what is new)."
    if not out:
        return
    log = Path(run) / 'log.csv'
    Path(out).write_text(json.dumps({'run': str(run), 'seed': seed, 'videos': videos,
                                     'log': list(csv.DictReader(open(log))) if log.is_file() else [],
                                     'first_box': first, 'curve': rows}, indent=1))


@call_parse
def main(run: str,  # a seqtrack_train output folder
         seed: int = 7777,  # held-out synthetic videos: a seed that chose nothing
         videos: int = 64,  # per difficulty
         real: str = None,  # the real-sequence folder (default: $SEQTRACK_REALDATA)
         out: str = None,  # write the curve here as JSON
         every: int = 1,  # score every this many saved checkpoints (the last always)
         threads: int = 0):
    if threads:
        torch.set_num_threads(threads)
    ckpts = sorted((Path(run) / 'checkpoints').glob('epoch_*.pth'))
    ckpts = [c for i, c in enumerate(ckpts) if i % max(every, 1) == 0 or i == len(ckpts) - 1]
    if not ckpts:
        raise SystemExit(f"{run}/checkpoints holds no epoch_*.pth")
    synth = {d: synthetic_benchmark(videos, d, seed=seed) for d in ('medium', 'hard')}
    root = find_realdata(real)
    benches = real_benchmarks(root) if root else {}
    tmp = Path(tempfile.mkdtemp())   # results are cached by sequence name: a fresh folder each run
    old = json.loads(Path(out).read_text()) if out and Path(out).is_file() else {}
    if (old.get('run'), old.get('seed'), old.get('videos')) != (str(run), seed, videos):
        old = {}   # scores of another run or other videos: start afresh
    done = {r['epoch']: r for r in old.get('curve', [])}
    first = old.get('first_box') or {'epoch': 'first box',
             **{d: evaluate_checkpoint(None, seqs, tmp / f'first_box_{d}', 'synthetic', progress=False)['got10k']['AO']
                for d, seqs in synth.items()},
             **real_auc(None, benches, tmp / 'first_box')}
    rows = []
    for ck in tqdm(ckpts, desc='checkpoints'):
        epoch = int(ck.stem.split('_')[1]) + 1
        if epoch in done:   # scored by an earlier call with the same --out
            rows.append(done[epoch])
            continue
        model = load_model(ck)
        rows.append({'epoch': epoch,
                     **{d: float(got10k_ao(model, seqs)) for d, seqs in synth.items()},
                     **real_auc(model, benches, tmp / ck.stem)})
        print(format_table([{k: v for k, v in rows[-1].items() if k != 'real'}]), flush=True)
        save(out, run, seed, videos, first, rows)
    print(format_table([{k: v for k, v in r.items() if k != 'real'} for r in (first, *rows)]))
    print(format_table([{'sequence': n, 'first box': first['real'][n], f'epoch {rows[-1]["epoch"]}': rows[-1]['real'][n]}
                        for n in first['real']]))
    shutil.rmtree(tmp, ignore_errors=True)
    save(out, run, seed, videos, first, rows)

