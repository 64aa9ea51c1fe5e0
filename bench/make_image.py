#!/usr/bin/env python3
"""Writes one small OCI image into OUTDIR: a gzip'd tar layer holding SIZE_MB MiB
of random bytes, an OCI image config and an OCI image manifest.

Prints shell-friendly KEY=VALUE lines (digests, sizes, file paths).
Usage: make_image.py OUTDIR SIZE_MB
"""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile
import time

CHUNK = 1 << 20


class HashingWriter(io.RawIOBase):
    """A file-like sink that hashes what passes through and forwards it."""

    def __init__(self, inner):
        self.inner = inner
        self.h = hashlib.sha256()
        self.n = 0

    def writable(self):
        return True

    def write(self, b):
        self.h.update(b)
        self.n += len(b)
        return self.inner.write(b)


def main():
    outdir, size_mb = sys.argv[1], float(sys.argv[2])
    os.makedirs(outdir, exist_ok=True)
    # Total blob is ~SIZE_MB MiB: tar adds 512 B header + padding + 1 KiB trailer,
    # gzip (level 1 on random data) adds a little more.
    payload = max(0, int(size_mb * CHUNK) - 10240 - int(size_mb * 64) * 1)

    layer_path = os.path.join(outdir, "layer.tar.gz")
    with open(layer_path, "wb") as raw:
        gz_hash = HashingWriter(raw)
        with gzip.GzipFile(fileobj=gz_hash, mode="wb", compresslevel=1, mtime=0) as gz:
            tar_hash = HashingWriter(gz)
            with tarfile.open(fileobj=tar_hash, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                info = tarfile.TarInfo("bench/random.bin")
                info.size = payload
                info.mtime = int(time.time())
                info.mode = 0o644

                class Rand(io.RawIOBase):
                    left = payload

                    def readable(self):
                        return True

                    def readinto(self, b):
                        n = min(len(b), self.left)
                        b[:n] = os.urandom(n)
                        self.left -= n
                        return n

                tar.addfile(info, io.BufferedReader(Rand(), CHUNK))
    layer_digest = "sha256:" + gz_hash.h.hexdigest()
    diff_id = "sha256:" + tar_hash.h.hexdigest()
    layer_size = os.path.getsize(layer_path)

    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "2024-01-01T00:00:00Z",
        "config": {"Cmd": ["/bin/true"]},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "berth bench"}],
    }
    config_bytes = json.dumps(config, separators=(",", ":")).encode()
    config_path = os.path.join(outdir, "config.json")
    with open(config_path, "wb") as f:
        f.write(config_bytes)
    config_digest = "sha256:" + hashlib.sha256(config_bytes).hexdigest()

    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": config_digest,
            "size": len(config_bytes),
        },
        "layers": [
            {
                "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                "digest": layer_digest,
                "size": layer_size,
            }
        ],
    }
    manifest_bytes = json.dumps(manifest, indent=2).encode()
    manifest_path = os.path.join(outdir, "manifest.json")
    with open(manifest_path, "wb") as f:
        f.write(manifest_bytes)

    print(f"LAYER_FILE={layer_path}")
    print(f"LAYER_DIGEST={layer_digest}")
    print(f"LAYER_SIZE={layer_size}")
    print(f"CONFIG_FILE={config_path}")
    print(f"CONFIG_DIGEST={config_digest}")
    print(f"CONFIG_SIZE={len(config_bytes)}")
    print(f"MANIFEST_FILE={manifest_path}")
    print(f"MANIFEST_DIGEST=sha256:{hashlib.sha256(manifest_bytes).hexdigest()}")
    print(f"MANIFEST_SIZE={len(manifest_bytes)}")


if __name__ == "__main__":
    main()
