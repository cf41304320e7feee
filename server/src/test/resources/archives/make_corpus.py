#!/usr/bin/env python3
"""Builds the hostile upload corpus (SECURITY.md rows T30 to T34) with Python's tarfile, setting
names, types, link targets and modes by hand. Each file name says what the archive must do:
reject-*.tar.gz must be refused whole, accept-*.tar.gz must pass. Run it to rebuild the corpus."""
import gzip
import io
import tarfile

def entry(name, type=tarfile.REGTYPE, data=b"", linkname="", mode=0o644, pax=None):
    info = tarfile.TarInfo(name)
    info.type = type
    info.size = len(data) if type == tarfile.REGTYPE else 0
    info.linkname = linkname
    info.mode = mode
    info.mtime = 1700000000
    if pax:
        info.pax_headers = pax
    return info, data

def write(path, entries, fmt=tarfile.PAX_FORMAT):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as tar:
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data) if info.type == tarfile.REGTYPE else None)
    data = gzip.compress(raw.getvalue(), mtime=0)
    if isinstance(path, str):
        with open(path, "wb") as out:
            out.write(data)
    else:
        path.write(data)

good = entry("ok.txt", data=b"fine")
cases = {
    "reject-parent-traversal": [good, entry("../../x", data=b"x")],
    "reject-absolute-path": [entry("/etc/x", data=b"x")],
    "reject-many-slashes": [entry("////tmp/x", data=b"x")],
    "reject-inner-traversal": [entry("a/../../x", data=b"x")],
    "reject-windows-drive": [entry("C:..\\x", data=b"x")],
    "reject-backslash-traversal": [entry("a\\..\\..\\x", data=b"x")],
    "reject-long-name": [entry("n" * 4096, data=b"x")],
    "reject-symlink-absolute": [entry("evil", tarfile.SYMTYPE, linkname="/etc")],
    "reject-symlink-climbing": [entry("evil", tarfile.SYMTYPE, linkname="../../etc/passwd")],
    "reject-write-through-symlink": [entry("d", tarfile.SYMTYPE, linkname="sub"), entry("d/x", data=b"x")],
    "reject-hardlink-host": [entry("h", tarfile.LNKTYPE, linkname="/etc/passwd")],
    "reject-hardlink-parent": [entry("h", tarfile.LNKTYPE, linkname="../x")],
    "reject-char-device": [entry("tty", tarfile.CHRTYPE)],
    "reject-block-device": [entry("sda", tarfile.BLKTYPE)],
    "reject-fifo": [entry("pipe", tarfile.FIFOTYPE)],
    "reject-pax-huge-mtime": [entry("m.txt", data=b"x", pax={"mtime": "9" * 100000})],
    "accept-setuid-masked": [entry("suid", data=b"#!/bin/sh\n", mode=0o4777), entry("world", data=b"w", mode=0o777)],
    "accept-inner-symlink": [entry("dir/", tarfile.DIRTYPE, mode=0o755), entry("dir/a", data=b"a"),
                             entry("dir/link", tarfile.SYMTYPE, linkname="a")],
}
for name, entries in cases.items():
    write(name + ".tar.gz", entries)

# A nested archive is stored as a file, never expanded.
inner = io.BytesIO()
write(inner, [entry("inner.txt", data=b"inner")])
write("accept-nested-archive.tar.gz", [entry("nested.tar.gz", data=inner.getvalue())])

# An archive bomb: 64 MiB of zeros in a few tens of KiB.
write("reject-bomb.tar.gz", [entry("zeros.bin", data=bytes(64 * 1024 * 1024))])

# A flood of empty entries, past the 20,000-entry cap.
write("reject-entry-flood.tar.gz", [entry("f%05d" % i) for i in range(20500)], fmt=tarfile.GNU_FORMAT)

# A GNU sparse file claiming 1 TiB.
sparse = io.BytesIO()
with tarfile.open(fileobj=sparse, mode="w", format=tarfile.GNU_FORMAT) as tar:
    info, _ = entry("sparse.img")
    info.type = tarfile.GNUTYPE_SPARSE
    tar.addfile(info)
with open("reject-sparse.tar.gz", "wb") as out:
    out.write(gzip.compress(sparse.getvalue(), mtime=0))

# Not archives at all.
with open("reject-not-gzip.tar.gz", "wb") as out:
    out.write(b"this is plain text, not gzip")
open("reject-empty.tar.gz", "wb").close()
good_bytes = io.BytesIO()
write(good_bytes, [entry("big.txt", data=b"y" * 200000)])
with open("reject-truncated.tar.gz", "wb") as out:
    out.write(good_bytes.getvalue()[: len(good_bytes.getvalue()) // 2])
