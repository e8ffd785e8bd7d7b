"""Small tokenizers built in code from an in-memory vocabulary, so the tiny backends need no hub.

Character-level: every lower-case letter, digit and a little punctuation is a token (T5 also gets
the word-initial "▁x" forms, CLIP the word-final "x</w>" forms). Enough to turn a prompt into ids
deterministically; the tiny text encoders are random anyway.
"""

from __future__ import annotations

CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.,'-!?"


def t5_tokenizer():
    """A `T5Tokenizer` (Unigram) with ids 0 pad, 1 eos, 2 unk."""
    from transformers import T5Tokenizer

    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -1.0)]
    vocab += [(c, -2.0) for c in CHARS] + [("▁" + c, -3.0) for c in CHARS]
    return T5Tokenizer(vocab=vocab, extra_ids=0)


def clip_tokenizer(max_length: int):
    """A `CLIPTokenizer` (BPE without merges) with ids 0 bos, 1 eos (also pad)."""
    from transformers import CLIPTokenizer

    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    for c in CHARS:
        vocab[c] = len(vocab)
    for c in CHARS:
        vocab[c + "</w>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=max_length)
