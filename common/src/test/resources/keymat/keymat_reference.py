#!/usr/bin/env python3
"""Independent KEYMAT computation for KeymatTest, using only the standard library.

KEYMAT = T1 | T2 | ..., T1 = HMAC-SHA1(K, Ni | Nr | 0x01), Tn = HMAC-SHA1(K, Tn-1 | Ni | Nr | n).
Writes keymat-expected.txt: for each case its inputs and the KEYMAT prefixes of several lengths,
one "name=hex" line each.
"""
import hashlib
import hmac
import os

LENGTHS = (0, 1, 20, 21, 104, 5100)


def keymat(k, ni, nr, length):
    out = b""
    block = b""
    n = 1
    while len(out) < length:
        block = hmac.new(k, block + ni + nr + bytes([n]), hashlib.sha1).digest()
        out += block
        n += 1
    return out[:length]


def cases():
    # A K with a leading zero byte, as a left-padded DH secret can have, and patterned nonces.
    yield "leading-zero", bytes([0]) + bytes((7 * i + 3) & 0xFF for i in range(1, 256)), \
        bytes(i & 0xFF for i in range(128)), bytes((255 - i) & 0xFF for i in range(128))
    # K, Ni and Nr drawn from SHA-256 chains so that no byte pattern repeats.
    def chain(seed, length):
        data = b""
        block = seed
        while len(data) < length:
            block = hashlib.sha256(block).digest()
            data += block
        return data[:length]
    yield "hash-chain", chain(b"K", 256), chain(b"Ni", 128), chain(b"Nr", 128)


def main():
    lines = ["# Written by keymat_reference.py; regenerate with: python3 keymat_reference.py"]
    for name, k, ni, nr in cases():
        lines.append(f"{name}.k={k.hex()}")
        lines.append(f"{name}.ni={ni.hex()}")
        lines.append(f"{name}.nr={nr.hex()}")
        for length in LENGTHS:
            lines.append(f"{name}.keymat.{length}={keymat(k, ni, nr, length).hex()}")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keymat-expected.txt")
    with open(path, "w", encoding="ascii") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
