"""Real-appearance levers of the tiny tracker (06_train, "Real appearance"): from the shipped checkpoint, the same
fine-tuning recipe (20 epochs of 6400 samples, cosine learning rate from 2e-4) on different training data.

Usage: python bench/real_appearance.py ARM --out DIR [--seed 0] [--photos DIR] [--real ../shared/realdata] [--resume]
ARM is one of
  plain     300 synthetic videos of each difficulty (what the shipped checkpoint was trained on)
  textures  the same videos with every texture cut from the photographs in --photos
  mixed     both: the plain videos and the textured ones, half the samples each
  real      the plain videos, with the real sequences VOT bag, VOT-LT yamaha and UAV123 wakeboard7 (a third of
            the samples); OTB Crossing and MotorRolling stay unseen: the real test of this arm
  real_otb  the other fold: the plain videos with OTB Crossing and MotorRolling (a third of the samples); the VOT,
            VOT-LT and UAV123 sequences stay unseen
--photos skimage copies the 8 colour photographs scikit-image ships (as 04a_synthetic shows them) into a temporary
folder and uses that. Score a finished arm with `python bench/heldout_curve.py DIR --real ../shared/realdata`. The plain arm is the command
  seqtrack_train --config tiny --init data/seqtrack_tiny_ce.pth --data synthetic:300 --out DIR \
      --set epochs=20 --set save_every=10 --set lr=2e-4 --set warmup_steps=0
textures adds --textures PHOTOS; real gives --data synthetic:300,vot:R/vot,votlt:R/vot-lt,uav123:R/UAV123_10fps
--set ratios=2,2,2,1,1,1 (R the real-sequence folder). mixed has no command: --textures textures every synthetic set.
"""
import shutil, tempfile
from dataclasses import replace
from pathlib import Path
from fastcore.script import call_parse
from seqtrack_nb.datasets import find_realdata, load_dataset
from seqtrack_nb.train import train, train_config, training_sets, validation_sets

SETS = 'synthetic:300'
RECIPE = ['epochs=20', 'save_every=10', 'lr=2e-4', 'warmup_steps=0']   # the preset's cosine, from 2e-4
SKIMAGE_COLOUR = ('astronaut.png', 'chelsea.png', 'coffee.png', 'hubble_deep_field.jpg', 'ihc.png',
                  'motorcycle_left.png', 'retina.jpg', 'rocket.jpg')
REAL_FOLDS = {'real': {'vot': 'vot', 'votlt': 'vot-lt', 'uav123': 'UAV123_10fps'},   # OTB held out
              'real_otb': {'otb': 'otb'}}                                             # the rest held out


def skimage_photos() -> str:
    "A temporary folder holding scikit-image's colour photographs."
    import skimage
    folder = Path(tempfile.mkdtemp())
    for name in SKIMAGE_COLOUR:
        shutil.copy(Path(skimage.__file__).parent / 'data' / name, folder)
    return str(folder)


@call_parse
def main(arm: str,  # plain, textures, mixed, real or real_otb
         out: str = None,  # the run's folder (checkpoints/, log.csv)
         photos: str = None,  # a folder of photographs, or skimage (textures, mixed)
         real: str = None,  # the real-sequence folder (real; default $SEQTRACK_REALDATA)
         init: str = 'data/seqtrack_tiny_ce.pth',  # the start
         seed: int = 0,  # the order of the samples (the start is the same)
         resume: bool = False):
    if not out:
        raise SystemExit("give --out DIR")
    if arm not in ('plain', 'textures', 'mixed', *REAL_FOLDS):
        raise SystemExit(f"unknown arm {arm!r}: plain, textures, mixed, real or real_otb")
    if arm in ('textures', 'mixed') and not photos:
        raise SystemExit(f"arm {arm} needs --photos DIR")
    if photos == 'skimage':
        photos = skimage_photos()
    root = find_realdata(real) if arm in REAL_FOLDS else None
    if arm in REAL_FOLDS and root is None:
        raise SystemExit(f"arm {arm} needs the real sequences: --real DIR or $SEQTRACK_REALDATA")
    cfg = train_config('tiny', [*RECIPE, f'seed={seed}'])
    plain = training_sets(SETS) if arm != 'textures' else []
    textured = training_sets(SETS, textures=photos) if arm in ('textures', 'mixed') else []
    seen = [load_dataset(name, root / sub) for name, sub in REAL_FOLDS.get(arm, {}).items()]
    data = plain + textured + seen
    if seen:
        cfg = replace(cfg, ratios=(2 * len(seen),) * 3 + (3,) * len(seen))   # a third of the samples real
    print(f"arm {arm}: {len(data)} datasets, {sum(map(len, data))} videos")
    train(cfg, data, out, resume=resume, init=init, val=validation_sets(SETS, textures=photos if arm == 'textures' else ''))
