"""Reads a network saved by `hogwild train --save-model FILE` (or NetworkFile.write)
with the standard library and numpy alone, and prints every tensor's name and shape.

    python3 docs/read_network.py mlp.safetensors
"""
import json
import struct
import sys
import zlib

import numpy as np


def read_network(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    metadata = header.pop("__metadata__", {})
    if "crc32" in metadata and int(metadata["crc32"], 16) != zlib.crc32(data):
        raise ValueError(f"{path}: the data fail their CRC-32")
    tensors = {}
    for name, entry in header.items():
        start, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(entry["shape"])
    return metadata, tensors


if __name__ == "__main__":
    metadata, tensors = read_network(sys.argv[1])
    print(f"architecture: {metadata['architecture']}, optimizer {metadata['optimizer']}, {metadata['epochs']} epochs")
    for name, values in tensors.items():
        print(f"{name} {list(values.shape)} mean {values.mean():.6f}")
