"""Encryption at rest for sensitive values (ID numbers) and keyed hashes to find them again.

Two independent keys are derived from the master secret with HKDF-SHA256: one for AES-256-GCM
and one for HMAC-SHA256, so a hash never reveals anything about the encryption key and vice
versa. Ciphertexts are self-describing:

    byte 0      format (1 = AES-256-GCM, 12-byte random nonce, 16-byte tag)
    byte 1      key id (which master secret encrypted it)
    bytes 2-13  nonce
    rest        ciphertext and tag

so a key can be rotated by adding a new key id: old values still decrypt, new ones use the new
key. The header and a caller-supplied context (e.g. "answer:17:id_number") are authenticated as
associated data, so a ciphertext copied to another row or applicant fails to decrypt.

Nothing here logs, and no error message carries a plaintext.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from stdnum.cn import ric

FORMAT_AES_GCM = 1
NONCE_SIZE = 12
_HEADER_SIZE = 2
_SALT = b"awardbot key derivation"
_ID_NUMBER_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")


class DecryptionError(ValueError):
    """A ciphertext that is malformed, from an unknown key, or fails authentication."""


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=purpose).derive(secret)


class Vault:
    """Encrypts, decrypts and hashes sensitive values with keys derived from master secrets.

    `secrets` maps key ids (1-255) to master secrets; `current` (default: the highest id) is the
    one new values are encrypted and hashed with. Lookup hashes use the current key only, so
    rotating the key means re-hashing stored values, which a rotation job can do by decrypting.
    """

    def __init__(self, secrets: Mapping[int, bytes], *, current: int | None = None) -> None:
        if not secrets:
            raise ValueError("a vault needs at least one secret")
        if any(not 1 <= key_id <= 255 for key_id in secrets):
            raise ValueError("key ids must be between 1 and 255")
        self._current = max(secrets) if current is None else current
        if self._current not in secrets:
            raise ValueError("the current key id has no secret")
        self._ciphers = {k: AESGCM(_derive(s, b"awardbot/aes-gcm")) for k, s in secrets.items()}
        self._hash_key = _derive(secrets[self._current], b"awardbot/lookup-hmac")

    @classmethod
    def from_secret(cls, secret: bytes) -> Vault:
        """A vault with a single master secret as key id 1 (what a fresh install has)."""
        return cls({1: secret})

    def __repr__(self) -> str:
        return f"Vault(key_ids={sorted(self._ciphers)}, current={self._current})"

    def encrypt(self, plaintext: str, *, context: str) -> bytes:
        """Encrypt `plaintext`, bound to `context` (the same context is needed to decrypt)."""
        header = bytes((FORMAT_AES_GCM, self._current))
        nonce = os.urandom(NONCE_SIZE)
        sealed = self._ciphers[self._current].encrypt(
            nonce, plaintext.encode("utf-8"), header + context.encode("utf-8"))
        return header + nonce + sealed

    def decrypt(self, ciphertext: bytes, *, context: str) -> str:
        """Decrypt a value produced by `encrypt` with any key this vault knows."""
        if len(ciphertext) < _HEADER_SIZE + NONCE_SIZE + 16:
            raise DecryptionError("ciphertext is too short")
        header = ciphertext[:_HEADER_SIZE]
        if header[0] != FORMAT_AES_GCM:
            raise DecryptionError(f"unknown ciphertext format {header[0]}")
        cipher = self._ciphers.get(header[1])
        if cipher is None:
            raise DecryptionError(f"ciphertext is from unknown key id {header[1]}")
        nonce = ciphertext[_HEADER_SIZE:_HEADER_SIZE + NONCE_SIZE]
        try:
            plain = cipher.decrypt(nonce, ciphertext[_HEADER_SIZE + NONCE_SIZE:],
                                   header + context.encode("utf-8"))
        except InvalidTag:
            raise DecryptionError("ciphertext failed authentication") from None
        return plain.decode("utf-8")

    def lookup_hash(self, value: str, *, domain: str) -> str:
        """Keyed hash (hex HMAC-SHA256) of `value` within `domain`, for equality lookups.

        The domain (e.g. the fact name) keeps equal strings of different kinds apart.
        """
        message = domain.encode("utf-8") + b"\x00" + value.encode("utf-8")
        return hmac.new(self._hash_key, message, hashlib.sha256).hexdigest()


def mask_id_number(number: str) -> str:
    """An ID number safe to show or log: region and check digit kept, the rest starred."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def find_id_numbers(text: str) -> list[str]:
    """The valid resident ID numbers (GB 11643 checksum and date) appearing in `text`."""
    return [m.group(0) for m in _ID_NUMBER_CANDIDATE.finditer(text)
            if ric.is_valid(m.group(0).upper())]
