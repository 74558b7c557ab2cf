"""Encryption at rest and keyed hashes: round trips, binding, tampering, rotation."""

from __future__ import annotations

import pytest

from bot.crypto import DecryptionError, Vault

ID_NUMBER = "11010519491231002X"


def test_encrypted_values_round_trip_and_never_contain_the_plaintext(vault: Vault) -> None:
    sealed = vault.encrypt(ID_NUMBER, context="answers:1:id_number")
    assert ID_NUMBER.encode() not in sealed
    assert vault.decrypt(sealed, context="answers:1:id_number") == ID_NUMBER


def test_each_encryption_uses_a_fresh_nonce(vault: Vault) -> None:
    first = vault.encrypt(ID_NUMBER, context="c")
    second = vault.encrypt(ID_NUMBER, context="c")
    assert first != second
    assert first[2:14] != second[2:14]


def test_ciphertext_starts_with_format_and_key_id(vault: Vault) -> None:
    assert vault.encrypt("x", context="c")[:2] == bytes((1, 1))


def test_a_ciphertext_moved_to_another_context_does_not_decrypt(vault: Vault) -> None:
    sealed = vault.encrypt(ID_NUMBER, context="answers:1:id_number")
    with pytest.raises(DecryptionError, match="authentication"):
        vault.decrypt(sealed, context="answers:2:id_number")


def test_a_tampered_ciphertext_does_not_decrypt(vault: Vault) -> None:
    sealed = bytearray(vault.encrypt(ID_NUMBER, context="c"))
    sealed[-1] ^= 1
    with pytest.raises(DecryptionError):
        vault.decrypt(bytes(sealed), context="c")


def test_malformed_ciphertexts_are_refused_without_echoing_content(vault: Vault) -> None:
    with pytest.raises(DecryptionError, match="too short"):
        vault.decrypt(b"\x01\x01short", context="c")
    sealed = vault.encrypt(ID_NUMBER, context="c")
    with pytest.raises(DecryptionError, match="unknown ciphertext format 9"):
        vault.decrypt(b"\x09" + sealed[1:], context="c")
    with pytest.raises(DecryptionError, match="unknown key id 7"):
        vault.decrypt(sealed[:1] + b"\x07" + sealed[2:], context="c")


def test_a_rotated_vault_reads_old_values_and_writes_with_the_new_key() -> None:
    old = Vault.from_secret(b"the old secret of this install")
    sealed = old.encrypt(ID_NUMBER, context="c")
    rotated = Vault({1: b"the old secret of this install", 2: b"the new secret, rotated in"})
    assert rotated.decrypt(sealed, context="c") == ID_NUMBER
    assert rotated.encrypt(ID_NUMBER, context="c")[1] == 2
    with pytest.raises(DecryptionError):
        old.decrypt(rotated.encrypt(ID_NUMBER, context="c"), context="c")


def test_lookup_hash_is_stable_keyed_and_separated_by_domain(vault: Vault) -> None:
    digest = vault.lookup_hash(ID_NUMBER, domain="id_number")
    assert digest == vault.lookup_hash(ID_NUMBER, domain="id_number")
    assert len(digest) == 64 and ID_NUMBER.lower() not in digest
    assert digest != vault.lookup_hash(ID_NUMBER, domain="other_fact")
    other = Vault.from_secret(b"a different secret altogether")
    assert digest != other.lookup_hash(ID_NUMBER, domain="id_number")


def test_vault_repr_shows_no_key_material(vault: Vault) -> None:
    assert repr(vault) == "Vault(key_ids=[1], current=1)"


def test_vault_refuses_bad_key_ids() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Vault({})
    with pytest.raises(ValueError, match="between 1 and 255"):
        Vault({0: b"secret"})
    with pytest.raises(ValueError, match="current key id"):
        Vault({1: b"secret"}, current=2)


def test_a_previous_secret_still_decrypts_while_new_values_use_the_current_one() -> None:
    old = Vault.from_secret(b"the old secret of this install")
    sealed = old.encrypt(ID_NUMBER, context="c")
    rotating = Vault.from_secrets(b"the new secret, rotated in", b"the old secret of this install")
    assert rotating.decrypt(sealed, context="c") == ID_NUMBER
    assert not rotating.current_key_wrote(sealed, context="c")
    fresh = rotating.encrypt(ID_NUMBER, context="c")
    assert rotating.current_key_wrote(fresh, context="c")
    assert Vault.from_secret(b"the new secret, rotated in").decrypt(fresh, context="c") == \
        ID_NUMBER
    with pytest.raises(DecryptionError, match="authentication"):
        old.decrypt(fresh, context="c")
    new = Vault.from_secret(b"the new secret, rotated in")
    assert rotating.lookup_hashes(ID_NUMBER, domain="id_number") == [
        new.lookup_hash(ID_NUMBER, domain="id_number"),
        old.lookup_hash(ID_NUMBER, domain="id_number")]
    assert repr(Vault.from_secrets(b"same secret twice over", b"same secret twice over")) == \
        "Vault(key_ids=[1], current=1)"
