"""Make a newer libstdc++.so.6 load on an older glibc, for bench/run-torch-peers.sh.

TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13 and later); Debian 12 ships
GLIBCXX_3.4.30. Debian 13's libstdc++6 (GCC 14) provides it, but asks glibc for one version that
Debian 12's glibc 2.36 lacks, GLIBC_2.38, for one symbol family: the C23 __isoc23_strto* functions
(strtoul and friends that also read a 0b prefix). This script edits a copy of that library so that
each __isoc23_NAME reference names plain NAME, and the GLIBC_2.38 requirement becomes GLIBC_2.2.5,
under which glibc exports those functions. Nothing else in the file changes.

    python3 bench/peers/patch_libstdcxx.py path/to/libstdc++.so.6
"""
import struct
import sys

SHT_DYNSYM = 11
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF
OLD_VERSION = b"GLIBC_2.38"
NEW_VERSION = b"GLIBC_2.2.5"
PREFIX = b"__isoc23_"


def elf_hash(name):
    h = 0
    for c in name:
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


def main(path):
    data = bytearray(open(path, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    # (type, offset, size, link, info, entsize) of each section
    sections = []
    for i in range(shnum):
        _, kind, _, _, offset, size, link, info, _, entsize = struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
        sections.append((kind, offset, size, link, info, entsize))

    def string(table, offset):
        start = sections[table][1] + offset
        return bytes(data[start:data.index(b"\0", start)])

    # Version requirements: find GLIBC_2.38 (its index) and the offset of the GLIBC_2.2.5 name.
    verneed = next(s for s in sections if s[0] == SHT_GNU_VERNEED)
    entries = []
    offset = verneed[1]
    for _ in range(verneed[4]):
        _, count, _, aux, following = struct.unpack_from("<HHIII", data, offset)
        entry = offset + aux
        for _ in range(count):
            _, flags, index, name, after = struct.unpack_from("<IHHII", data, entry)
            entries.append((entry, flags, index, name))
            entry += after
        offset += following
    names = {string(verneed[3], e[3]): e for e in entries}
    if OLD_VERSION not in names:
        print(f"{path}: no {OLD_VERSION.decode()} requirement; nothing to do")
        return
    old_entry, old_flags, old_index, _ = names[OLD_VERSION]
    new_name = names[NEW_VERSION][3]

    # Every symbol that needs GLIBC_2.38 must be an __isoc23_ one; point it at its plain name.
    dynsym = next(s for s in sections if s[0] == SHT_DYNSYM)
    versym = next(s for s in sections if s[0] == SHT_GNU_VERSYM)
    retargeted = []
    for i in range(dynsym[2] // dynsym[5]):
        version, = struct.unpack_from("<H", data, versym[1] + 2 * i)
        if version & 0x7FFF != old_index:
            continue
        symbol = dynsym[1] + i * dynsym[5]
        name_offset, = struct.unpack_from("<I", data, symbol)
        name = string(dynsym[3], name_offset)
        if not name.startswith(PREFIX):
            sys.exit(f"{path}: {name.decode()} needs {OLD_VERSION.decode()} and has no older twin")
        struct.pack_into("<I", data, symbol, name_offset + len(PREFIX))
        retargeted.append(name.decode())

    struct.pack_into("<IHHI", data, old_entry, elf_hash(NEW_VERSION), old_flags, old_index, new_name)
    open(path, "wb").write(data)
    print(f"{path}: {', '.join(retargeted)} -> plain names at {NEW_VERSION.decode()}")


if __name__ == "__main__":
    main(sys.argv[1])
