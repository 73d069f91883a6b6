"""Write a MACE model in equitensor's layout (read by `loadMaceModel` of @equitensor/mlip).

Two forms, one content: `config` (mace's own key names) plus the whole `state_dict` by PyTorch names.
- JSON (`.json`): {"format": "equitensor-mace/1", "config": {...}, "state_dict": {name: {"shape": [...], "data": [...]}}},
  every tensor flat in C order (the layout of ../shared/data/mace/mace_small_reference.json).
- Binary (any other extension, `.macebin` by convention), for large models:
    bytes 0-7   ASCII "EQTMACE1"
    bytes 8-11  uint32 little-endian: byte length H of the header
    H bytes     UTF-8 JSON header {"format": "equitensor-mace-binary/1", "config": {...},
                "tensors": {name: {"shape": [...], "dtype": "float64"|"float32", "offset": bytes from blob start}}}
                (padded with spaces so that the blob starts on an 8-byte boundary)
    blob        each tensor's values, little-endian, C order, at its offset (offsets are multiples of 8)
Integer buffers (atomic_numbers, num_interactions) are written as float64 (exact); `float32=True` stores the
floating-point tensors in float32 (half the size; values rounded to float32, about 6e-8 relative).

Needs PyTorch (tensors) and the standard library only.
"""
import json
import struct

import torch

MAGIC = b"EQTMACE1"


def _plain(value):
    """Config values as JSON (numpy/torch scalars and arrays to lists and numbers)."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().tolist()
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def write_model(path, config, state_dict, float32=False):
    """Write `config` and `state_dict` (name -> tensor) to `path`: JSON when it ends in .json, else binary."""
    config = _plain(config)
    tensors = {name: t.detach().cpu() for name, t in state_dict.items()}
    if path.endswith(".json"):
        out = {"format": "equitensor-mace/1", "config": config, "state_dict": {}}
        for name, t in tensors.items():
            out["state_dict"][name] = {"shape": list(t.shape), "data": t.to(torch.float64).reshape(-1).tolist()}
        with open(path, "w") as f:
            json.dump(out, f)
        return
    header = {"format": "equitensor-mace-binary/1", "config": config, "tensors": {}}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        dtype = "float32" if float32 and t.is_floating_point() else "float64"
        data = t.to(torch.float32 if dtype == "float32" else torch.float64).contiguous().reshape(-1).numpy().astype(
            "<f4" if dtype == "float32" else "<f8").tobytes()
        header["tensors"][name] = {"shape": list(t.shape), "dtype": dtype, "offset": offset}
        pad = (-len(data)) % 8
        blobs.append(data + b"\0" * pad)
        offset += len(data) + pad
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((-(len(MAGIC) + 4 + len(text))) % 8)
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<I", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
