#!/usr/bin/env python3
"""Convert a saved MACE `state_dict` (torch.save) plus its config into equitensor's model file. PyTorch alone.

usage: state_dict_to_model.py STATE_DICT.pt CONFIG.json OUT.json|OUT.macebin [--float32]

CONFIG.json holds the model's hyper-parameters in mace's key names (r_max, num_bessel, num_polynomial_cutoff,
max_ell, interaction_first, interaction, num_interactions, hidden_irreps, MLP_irreps, atomic_energies,
avg_num_neighbors, atomic_numbers, correlation, gate, radial_MLP, radial_type, model), either as the whole
object or under a "config" key (so a model file itself, e.g. mace_small_reference.json, can serve).
OUT ending in .json is written as JSON; any other name in the binary layout (see mace_model_file.py).
--float32 stores floating-point tensors in float32 (binary only).

Example:
  python3 tools/mace/state_dict_to_model.py ../shared/data/mace/mace_small_reference.state_dict.pt \
      ../shared/data/mace/mace_small_reference.json small.macebin
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mace_model_file import write_model  # noqa: E402

# what @equitensor/mlip's parseMaceConfig requires (gate, radial_type default to silu, bessel)
REQUIRED = ["model", "r_max", "num_bessel", "num_polynomial_cutoff", "max_ell", "interaction_first", "interaction",
            "num_interactions", "hidden_irreps", "MLP_irreps", "atomic_energies", "avg_num_neighbors", "atomic_numbers",
            "correlation", "radial_MLP"]


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = [a for a in argv if a.startswith("--")]
    unknown = [f for f in flags if f != "--float32"]
    if len(args) != 3 or unknown:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        if unknown:
            print(f"unknown option {unknown[0]}", file=sys.stderr)
        return 2
    pt, config_path, out = args
    try:
        with open(config_path) as f:
            config = json.load(f)
    except (OSError, ValueError) as e:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        print(f"{config_path}: cannot read the config as JSON: {e}", file=sys.stderr)
        return 2
    if isinstance(config, dict) and isinstance(config.get("config"), dict):
        config = config["config"]
    if not isinstance(config, dict):
        print(f"{config_path}: expected a config object (with hidden_irreps, r_max, ...) or one under \"config\"", file=sys.stderr)
        return 2
    missing = [k for k in REQUIRED if k not in config]
    if missing:
        print(f"{config_path}: the config lacks {', '.join(missing)} (mace's key names; see this script's help)", file=sys.stderr)
        return 2
    try:
        state_dict = torch.load(pt, map_location="cpu")
    except Exception as e:  # noqa: BLE001 - torch raises many kinds
        print(f"{pt}: cannot load a state_dict with torch.load: {e}", file=sys.stderr)
        return 2
    if hasattr(state_dict, "state_dict"):  # a whole module was given
        state_dict = state_dict.state_dict()
    if not isinstance(state_dict, dict) or not all(isinstance(v, torch.Tensor) for v in state_dict.values()):
        print(f"{pt}: expected a state_dict (a mapping of names to tensors)", file=sys.stderr)
        return 2
    if "--float32" in flags and out.endswith(".json"):
        print("--float32 applies to the binary layout only (give OUT another extension, e.g. .macebin)", file=sys.stderr)
        return 2
    write_model(out, config, state_dict, float32="--float32" in flags)
    print(f"wrote {out}: {len(state_dict)} tensors, {sum(v.numel() for v in state_dict.values())} values", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
