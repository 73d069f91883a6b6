#!/usr/bin/env python3
"""Convert a full MACE model checkpoint (a pickled `MACE` / `ScaleShiftMACE` module, e.g. MACE-MP-0's
`2023-12-03-mace-128-L1_epoch-199.model`) into equitensor's model file. Needs mace (ACEsuit/mace 0.3.x) and e3nn
installed, as unpickling the module imports them. NOT tested in this repository (mace is not installed here);
the state_dict route (state_dict_to_model.py) is. The config is read from the module's attributes as mace's own
`extract_config_mace_model` does; multi-head models are refused.

usage: checkpoint_to_model.py MODEL.model OUT.json|OUT.macebin [--float32]

MACE-MP-0 and MACE-OFF weights carry their own licences and citations (MACE-MP-0: MIT code, weights under the
licence given with them; cite Batatia et al., arXiv:2401.00096): keep them with the converted file.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mace_model_file import write_model  # noqa: E402


def gate_of(model):
    """The readout's gate, as mace's extract_config_mace_model finds it; only SiLU is supported by the loader."""
    try:
        f = model.readouts[-1].non_linearity._modules["acts"][0].f  # noqa: SLF001 - as mace reads it
        name = getattr(f, "__name__", str(f))
    except (AttributeError, IndexError, KeyError, TypeError):
        print("warning: could not read the readout's gate; assuming SiLU (mace's default)", file=sys.stderr)
        return "silu"
    return "silu" if "silu" in name.lower() else name


def config_of(model):
    """The config object of a MACE / ScaleShiftMACE module in mace's key names."""
    name = model.__class__.__name__
    if name not in ("MACE", "ScaleShiftMACE"):
        raise SystemExit(f"unsupported model class {name} (supported: MACE, ScaleShiftMACE)")
    if len(getattr(model, "heads", ["default"])) > 1:
        raise SystemExit("multi-head models are not supported; keep one head first (mace's remove_pt_head)")
    correlation = [len(p.symmetric_contractions.contractions[0].weights) + 1 for p in model.products]
    readout = model.readouts[-1]
    mlp = str(readout.hidden_irreps) if hasattr(readout, "hidden_irreps") else "16x0e"
    config = {
        "model": name,
        "r_max": float(model.r_max.item()),
        "num_bessel": len(model.radial_embedding.bessel_fn.bessel_weights),
        "num_polynomial_cutoff": int(model.radial_embedding.cutoff_fn.p.item()),
        "max_ell": int(model.spherical_harmonics._lmax),  # noqa: SLF001 - as mace reads it
        "interaction_first": model.interactions[0].__class__.__name__,
        "interaction": model.interactions[-1].__class__.__name__,
        "num_interactions": int(model.num_interactions.item()),
        "hidden_irreps": str(model.products[0].linear.irreps_out),
        "MLP_irreps": mlp,
        "atomic_energies": model.atomic_energies_fn.atomic_energies.reshape(-1).tolist(),
        "avg_num_neighbors": float(model.interactions[0].avg_num_neighbors),
        "atomic_numbers": [int(z) for z in model.atomic_numbers],
        "correlation": correlation,
        "gate": gate_of(model),
        "radial_MLP": list(model.interactions[0].conv_tp_weights.hs[1:-1]),
        "radial_type": "bessel" if model.radial_embedding.bessel_fn.__class__.__name__ == "BesselBasis" else "unsupported",
    }
    if name == "ScaleShiftMACE":
        config["atomic_inter_scale"] = float(model.scale_shift.scale.reshape(-1)[0])
        config["atomic_inter_shift"] = float(model.scale_shift.shift.reshape(-1)[0])
    return config


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2 or any(a not in ("--float32",) for a in argv if a.startswith("--")):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    model = torch.load(args[0], map_location="cpu")
    write_model(args[1], config_of(model), model.state_dict(), float32="--float32" in argv)
    print(f"wrote {args[1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
