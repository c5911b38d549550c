#!/usr/bin/env python3
"""Writes wire-vectors.txt: the bytes of each Kampachi message for fixed field values.

The Java codecs are tested against this output, so the layouts here are written from the protocol
description (docs/protocol.md), independently of the Java code. Standard library only.

Run from this directory: python3 gen_vectors.py > wire-vectors.txt
"""

import json
import socket
import struct


def fill(length, start):
    """Returns the bytes start, start+1, ... (mod 256); the Java tests build fields the same way."""
    return bytes((start + i) & 0xFF for i in range(length))


KEY_FINGERPRINT = fill(16, 0xA0)
NONCE_I = fill(128, 0x10)
DH_PUBLIC_I = fill(256, 0x40)
NONCE_R = fill(128, 0x90)
DH_PUBLIC_R = fill(256, 0xC0)
SIGNATURE = fill(256, 0x20)
PUBLIC_KEY = fill(294, 0x30)
IDENTITY = 0x19A2B3C4
TOKEN = fill(16, 0xE0)
SPI = 0x8BADF00D


def message(type_code, body):
    return struct.pack(">B", type_code) + body


def helo_error(code, reason):
    encoded = reason.encode("utf-8")
    return message(0x03, struct.pack(">BH", code, len(encoded)) + encoded)


def register(public_key, signature):
    return message(0x04, struct.pack(">H", len(public_key)) + public_key + signature)


def probe_reply(token, address, port):
    return message(0x31, token + struct.pack(">B", 4) + socket.inet_aton(address) + struct.pack(">H", port))


def control(envelope):
    text = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)
    return message(0x20, text.encode("utf-8"))


def plain_frame(encoded):
    return struct.pack(">I", len(encoded)) + encoded


def datagram(spi, encoded):
    return struct.pack(">II", spi, 0) + encoded


VECTORS = {
    "helo": message(0x01, struct.pack(">B", 1) + KEY_FINGERPRINT + NONCE_I + DH_PUBLIC_I),
    "helo-ok": message(0x02, NONCE_R + DH_PUBLIC_R),
    "helo-error": helo_error(2, "suite 9 is not supported (caf\u00e9 \u2603)"),
    "helo-error-empty-reason": helo_error(4, ""),
    "register": register(PUBLIC_KEY, SIGNATURE),
    "register-ok": message(0x05, struct.pack(">I", IDENTITY)),
    "auth": message(0x06, struct.pack(">I", IDENTITY) + SIGNATURE),
    "auth-ok": message(0x07, SIGNATURE),
    "ke1": message(0x10, NONCE_I + DH_PUBLIC_I),
    "ke2": message(0x11, NONCE_R + DH_PUBLIC_R + SIGNATURE),
    "ke3": message(0x12, NONCE_I + DH_PUBLIC_I + SIGNATURE),
    "control-request": control({"type": "network.create", "id": 7,
                                "body": {"name": "lan-party", "password": "s3cret \u2603"}}),
    "control-error": control({"type": "error", "id": 9007199254740991,
                              "body": {"code": "wrong-password", "message": "wrong password"}}),
    "control-event": control({"type": "presence", "id": 0,
                              "body": {"networkId": 123456789, "address": "25.162.179.196", "online": True}}),
    "probe": message(0x30, TOKEN),
    "probe-reply": probe_reply(TOKEN, "203.0.113.7", 41641),
}

VECTORS["frame-helo-error"] = plain_frame(VECTORS["helo-error"])
VECTORS["datagram-ke1"] = datagram(SPI, VECTORS["ke1"])
VECTORS["datagram-probe"] = datagram(0, VECTORS["probe"])
VECTORS["datagram-probe-reply"] = datagram(0, VECTORS["probe-reply"])


def main():
    print("# Kampachi wire test vectors, written by gen_vectors.py; regenerate instead of editing.")
    print("# Each [name] is followed by the message bytes in hex, 32 bytes per line.")
    for name, data in VECTORS.items():
        print()
        print("[" + name + "]")
        hex_text = data.hex()
        for start in range(0, len(hex_text), 64):
            print(hex_text[start:start + 64])


if __name__ == "__main__":
    main()
