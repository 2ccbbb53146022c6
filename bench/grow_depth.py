"""A deeper encoder from a trained tracker (06_train, "What was tried for hard videos"): the checkpoint's encoder
blocks are kept and new ones appended after them, each starting as the identity (its attention and MLP output
projections zero, so the residual stream passes unchanged): the grown model writes the same tokens as the one it
grew from, and training then decides what the new blocks add.

Usage: python bench/grow_depth.py [--ckpt data/seqtrack_tiny_ce.pth] --depth 4 --out GROWN.pth
then, as the lever was measured (20 epochs, the cosine learning rate from 2e-4):
  seqtrack_train --config tiny --init GROWN.pth --data synthetic:300 --out DIR \\
      --set epochs=20 --set save_every=10 --set lr=2e-4 --set warmup_steps=0
and `python bench/heldout_curve.py DIR --real ../shared/realdata`.
"""
from dataclasses import replace
import torch
from fastcore.script import call_parse
from seqtrack_nb.model import SeqTrack, load_model, save_model


def grow_encoder(model: SeqTrack, depth: int) -> SeqTrack:
    "`model` with `depth` encoder blocks: its own first, then identity blocks."
    if depth < model.cfg.encoder_depth:
        raise SystemExit(f"--depth {depth} is below the checkpoint's {model.cfg.encoder_depth} blocks")
    grown = SeqTrack(replace(model.cfg, encoder_depth=depth))
    state = {**grown.state_dict(), **model.state_dict()}
    for b in range(model.cfg.encoder_depth, depth):
        for name in ('attn.proj', 'mlp.fc2'):
            state[f'encoder.blocks.{b}.{name}.weight'] = torch.zeros_like(state[f'encoder.blocks.{b}.{name}.weight'])
            state[f'encoder.blocks.{b}.{name}.bias'] = torch.zeros_like(state[f'encoder.blocks.{b}.{name}.bias'])
    grown.load_state_dict(state)
    return grown.eval()


@call_parse
def main(ckpt: str = 'data/seqtrack_tiny_ce.pth',  # the trained tracker
         depth: int = 4,  # encoder blocks of the grown model
         out: str = None,  # where to write it
         seed: int = 0):  # the new blocks' other weights (attention and MLP inputs) start random
    if not out:
        raise SystemExit("give --out GROWN.pth")
    model = load_model(ckpt)
    torch.manual_seed(seed)
    grown = grow_encoder(model, depth)
    cfg = model.cfg
    z = [torch.randn(2, 3, cfg.template_size, cfg.template_size)] * cfg.num_templates
    x = torch.randn(2, 3, cfg.search_size, cfg.search_size)
    with torch.no_grad():
        diff = (model.encode(z, x) - grown.encode(z, x)).abs().max().item()
    save_model(grown, out)
    print(f"{out}: {cfg.encoder_depth} -> {depth} encoder blocks, {sum(p.numel() for p in grown.parameters()):,} "
          f"parameters; encoder output max difference {diff:.1e}")
