"""Encryption at rest for sensitive values (ID numbers) and keyed hashes to find them again.

Two independent keys are derived from the master secret with HKDF-SHA256: one for AES-256-GCM
and one for HMAC-SHA256, so a hash never reveals anything about the encryption key and vice
versa. Ciphertexts are self-describing:

    byte 0      format (1 = AES-256-GCM, 12-byte random nonce, 16-byte tag)
    byte 1      key id (which master secret encrypted it)
    bytes 2-13  nonce
    rest        ciphertext and tag

so a key can be rotated by adding a new key id: old values still decrypt, new ones use the new
key. The key id is a hint: a value whose header names a key this vault lacks, or whose key
fails, is tried under the vault's other keys, so a rotation through the settings (the new
AWARDBOT_SECRET_KEY as id 1, the old one as AWARDBOT_SECRET_KEY_PREVIOUS) reads every value
written before it. The header and a caller-supplied context (e.g. "answer:17:id_number") are
authenticated as associated data, so a ciphertext copied to another row or applicant fails to
decrypt.

Nothing here logs, and no error message carries a plaintext.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

if TYPE_CHECKING:
    from bot.config import Settings

FORMAT_AES_GCM = 1
NONCE_SIZE = 12
_HEADER_SIZE = 2
_SALT = b"awardbot key derivation"


class DecryptionError(ValueError):
    """A ciphertext that is malformed, from an unknown key, or fails authentication."""


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=purpose).derive(secret)


class Vault:
    """Encrypts, decrypts and hashes sensitive values with keys derived from master secrets.

    `secrets` maps key ids (1-255) to master secrets; `current` (default: the highest id) is the
    one new values are encrypted and hashed with. New lookup hashes use the current key;
    `lookup_hashes` gives the hash under every key, so rows hashed before a rotation are still
    found until they are re-hashed (`awardbot db rekey`).
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
        order = [self._current, *(k for k in secrets if k != self._current)]
        self._hash_keys = [_derive(secrets[k], b"awardbot/lookup-hmac") for k in order]

    @classmethod
    def from_secret(cls, secret: bytes) -> Vault:
        """A vault with a single master secret as key id 1 (what a fresh install has)."""
        return cls({1: secret})

    @classmethod
    def from_secrets(cls, current: bytes, previous: bytes | None = None) -> Vault:
        """The current master secret as key id 1 and, during a rotation, the previous one as
        key id 2 (readable, never written)."""
        if previous is None or previous == current:
            return cls.from_secret(current)
        return cls({1: current, 2: previous}, current=1)

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
        named = self._ciphers.get(header[1])
        others = [cipher for cipher in self._ciphers.values() if cipher is not named]
        nonce = ciphertext[_HEADER_SIZE:_HEADER_SIZE + NONCE_SIZE]
        for cipher in ([named] if named is not None else []) + others:
            try:
                plain = cipher.decrypt(nonce, ciphertext[_HEADER_SIZE + NONCE_SIZE:],
                                       header + context.encode("utf-8"))
            except InvalidTag:
                continue
            return plain.decode("utf-8")
        if named is None:
            raise DecryptionError(f"ciphertext is from unknown key id {header[1]}")
        raise DecryptionError("ciphertext failed authentication")

    def current_key_wrote(self, ciphertext: bytes, *, context: str) -> bool:
        """Whether `ciphertext` decrypts under the current key (nothing to re-encrypt)."""
        header = ciphertext[:_HEADER_SIZE]
        nonce = ciphertext[_HEADER_SIZE:_HEADER_SIZE + NONCE_SIZE]
        try:
            self._ciphers[self._current].decrypt(
                nonce, ciphertext[_HEADER_SIZE + NONCE_SIZE:], header + context.encode("utf-8"))
        except InvalidTag:
            return False
        return True

    def lookup_hash(self, value: str, *, domain: str) -> str:
        """Keyed hash (hex HMAC-SHA256) of `value` within `domain`, for equality lookups.

        The domain (e.g. the fact name) keeps equal strings of different kinds apart.
        """
        return self.lookup_hashes(value, domain=domain)[0]

    def lookup_hashes(self, value: str, *, domain: str) -> list[str]:
        """`lookup_hash` under every key, the current one first (finds rows not yet
        re-hashed after a rotation)."""
        message = domain.encode("utf-8") + b"\x00" + value.encode("utf-8")
        return [hmac.new(key, message, hashlib.sha256).hexdigest() for key in self._hash_keys]


def previous_secret(settings: Settings) -> bytes | None:
    """AWARDBOT_SECRET_KEY_PREVIOUS as key material, while a rotation is under way."""
    previous = settings.secret_key_previous
    return None if previous is None else previous.get_secret_value().strip().encode("utf-8")


def vault_for(settings: Settings) -> Vault:
    """The vault of a configured process: AWARDBOT_SECRET_KEY, plus the previous secret while
    a rotation is under way."""
    return Vault.from_secrets(settings.secret_bytes(), previous_secret(settings))
