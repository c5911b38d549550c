#!/usr/bin/env bash
# Writes the fingerprints that ssh-keygen computes for rsa2048-public.pem into
# expected-fingerprints.txt, which FingerprintsTest compares against. Needs ssh-keygen (OpenSSH).
set -euo pipefail

cd "$(dirname "$0")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ssh-keygen fingerprints OpenSSH public-key files, so import the X.509 PEM key first.
ssh-keygen -i -m PKCS8 -f rsa2048-public.pem > "$work/key.pub"

# Each line of "ssh-keygen -l" reads "<bits> <fingerprint> <comment> (<type>)".
md5="$(ssh-keygen -l -E md5 -f "$work/key.pub" | awk '{print $2}')"
sha256="$(ssh-keygen -l -E sha256 -f "$work/key.pub" | awk '{print $2}')"

{
    echo "# Written by regenerate-expected.sh with $(ssh -V 2>&1)"
    echo "md5=$md5"
    echo "sha256=$sha256"
} > expected-fingerprints.txt
