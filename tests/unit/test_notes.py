"""Checkpoints are C2SP tlog-checkpoints in C2SP signed notes, byte for byte as Go's
golang.org/x/mod/sumdb/note and sumdb/tlog write them (their golden test values)."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.audit.notes import (
    MalformedCheckpoint,
    TreeHead,
    looks_like_checkpoint,
    open_checkpoint,
    parse_checkpoint,
)
from api.storage.signing import Signer, note_text, verifier_key
from domain.merkle import leaf_hash

# sumdb/note/note_test.go: TestNewSigner, TestSign, TestNewVerifier.
PETER_SEED = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"  # 0x01, then the Ed25519 seed
PETER_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
NEUMANN = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
NEUMANN_SIGNED = (
    NEUMANN + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgK"
    "vqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
# sumdb/tlog/note_test.go: TestFormatTree.
GO_TREE = "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n"


def peter() -> Signer:
    seed = base64.b64decode(PETER_SEED)
    assert seed[0] == 1
    return Signer(Ed25519PrivateKey.from_private_bytes(seed[1:]))


def test_a_note_is_signed_exactly_as_go_signs_it() -> None:
    assert peter().sign_note(NEUMANN, "PeterNeumann") == NEUMANN_SIGNED


def test_the_verifier_key_is_the_one_go_reads() -> None:
    assert verifier_key("PeterNeumann", peter().public) == PETER_VERIFIER


def test_a_signed_note_opens_only_with_its_key_name_and_text() -> None:
    public = peter().public
    other = Ed25519PrivateKey.generate().public_key()

    assert note_text(NEUMANN_SIGNED, "PeterNeumann", public) == NEUMANN
    assert note_text(NEUMANN_SIGNED, "EnochRoot", public) is None
    assert note_text(NEUMANN_SIGNED, "PeterNeumann", other) is None
    assert (
        note_text(NEUMANN_SIGNED.replace("problem,", "problems,"), "PeterNeumann", public) is None
    )
    assert note_text(NEUMANN, "PeterNeumann", public) is None


def test_a_note_keeps_other_signers_lines_and_still_opens() -> None:
    signer = peter()
    cosigned = signer.sign_note(NEUMANN, "PeterNeumann") + "— EnochRoot rwz+eBzmZa0=\n"

    assert note_text(cosigned, "PeterNeumann", signer.public) == NEUMANN


def test_a_tree_head_is_written_as_go_writes_a_tree() -> None:
    head = TreeHead("go.sum database tree", 123456789012, leaf_hash(b"hello world"))

    assert head.text() == GO_TREE
    assert parse_checkpoint(GO_TREE) == head


@pytest.mark.parametrize(
    "text",
    [
        "go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
        "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n",
        "go.sum database tree\n0123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
        "go.sum database tree\n12\n",
        "\n12\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
        "",
    ],
)
def test_text_that_is_not_a_checkpoint_is_refused(text: str) -> None:
    with pytest.raises(MalformedCheckpoint):
        parse_checkpoint(text)


def test_a_checkpoint_opens_under_the_origin_written_in_it() -> None:
    signer = peter()
    head = TreeHead("incident-record/3f0c", 7, leaf_hash(b"x"))

    assert open_checkpoint(signer.sign_note(head.text(), head.origin), signer.public) == head
    assert open_checkpoint(signer.sign_note(head.text(), "another-log"), signer.public) is None
    forged = head.text().replace("\n7\n", "\n8\n")
    assert open_checkpoint(signer.sign_note(head.text(), head.origin).replace(head.text(), forged),
                           signer.public) is None  # fmt: skip


def test_a_note_text_must_be_lines_and_a_key_name_must_have_no_plus() -> None:
    with pytest.raises(ValueError, match="non-empty lines"):
        peter().sign_note("no newline", "PeterNeumann")
    with pytest.raises(ValueError, match="non-empty lines"):
        peter().sign_note(NEUMANN, "Peter+Neumann")


def test_a_saved_checkpoint_is_told_from_the_older_json_one() -> None:
    assert looks_like_checkpoint(GO_TREE)
    assert not looks_like_checkpoint(' {"position": 3, "hash": "..."}')
