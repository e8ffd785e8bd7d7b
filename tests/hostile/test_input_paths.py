"""Files a World may name (issue 23): an entity's reference images and asset file resolve inside
the World's folder or an allow-listed library root; the password file, a ``../`` climb, a
hidden file and a symlink out are refused with exit code 2 naming the field — by `previz
passes` (World JSON and .blend), `build`, `batch` and the scene form of `render` — before
anything is written, and nothing outside the World's folder is ever copied into the outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from input_cases import tree, world

from previz.addon.cli import main
from previz.world.paths_policy import IMAGE_SUFFIXES, PathRefused, resolve_named_file

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
       b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """``tmp/project/`` (the World's folder, with refs/hero.png, a hidden .secret.png and a
    symlink out), ``tmp/secret.png`` beside it, ``tmp/home/.netrc.png`` and a library root."""
    project = tmp_path / "project"
    (project / "refs").mkdir(parents=True)
    (project / "refs" / "hero.png").write_bytes(PNG)
    (project / ".secret.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".netrc.png").write_bytes(PNG)
    os.symlink(tmp_path / "secret.png", project / "refs" / "link.png")
    library = tmp_path / "library"
    library.mkdir()
    (library / "board.png").write_bytes(PNG)
    monkeypatch.setenv("PREVIZ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PREVIZ_LIBRARY_PATH", raising=False)
    return {"tmp": tmp_path, "project": project, "library": library}


HOSTILE = {
    "absolute": lambda t: "/etc/passwd",
    "absolute_png": lambda t: str(t / "secret.png"),
    "climb": lambda t: "../secret.png",
    "climb_deep": lambda t: "refs/../../secret.png",
    "hidden_in_folder": lambda t: ".secret.png",
    "home_dotfile": lambda t: str(t / "home" / ".netrc.png"),
    "symlink_out": lambda t: "refs/link.png",
    "not_an_image": lambda t: "world.json",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_policy_refuses_names_leaving_the_folder(case, layout) -> None:
    ref = HOSTILE[case](layout["tmp"])
    with pytest.raises(PathRefused) as info:
        resolve_named_file(ref, "entities[3].reference_images[0]", layout["project"],
                           [layout["library"]], IMAGE_SUFFIXES)
    assert str(info.value).startswith("entities[3].reference_images[0]: ")


@pytest.mark.parametrize("ref, where", [("refs/hero.png", "project"),
                                        ("./refs/hero.png", "project"),
                                        ("{library}/board.png", "library"),
                                        ("refs/missing.png", "project")])
def test_the_policy_allows_the_folder_and_library_roots(ref, where, layout) -> None:
    name = ref.format(library=layout["library"])
    got = resolve_named_file(name, "f", layout["project"], [layout["library"]], IMAGE_SUFFIXES)
    assert str(got).startswith(str(layout[where].resolve()) + os.sep)


def _write(layout: dict[str, Path], ref: str, field: str = "reference_images") -> Path:
    data = world()
    box = data["entities"][0]
    if field == "asset":
        box["asset"]["path"] = ref
    else:
        box["reference_images"] = ["refs/hero.png", ref]
    path = layout["project"] / "world.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _commands(path: Path, out: Path) -> dict[str, list[str]]:
    return {
        "passes": ["passes", str(path), "-o", str(out)],
        "build": ["build", str(path), "-o", str(out / "scene.blend")],
        "batch": ["batch", str(path), "-o", str(out), "--backend", "tiny-wan"],
        "render": ["render", str(path), "--all", "-o", str(out), "--backend", "tiny-wan"],
    }


@pytest.mark.parametrize("command", ["passes", "build", "batch", "render"])
@pytest.mark.parametrize("case", ["absolute", "climb", "home_dotfile", "symlink_out"])
def test_every_command_refuses_with_exit_2_naming_the_field(command, case, layout,
                                                          capsys) -> None:
    path = _write(layout, HOSTILE[case](layout["tmp"]))
    out = layout["tmp"] / "out"
    before = tree(layout["tmp"])
    code = main(["-q", *_commands(path, out)[command]])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("previz: entities[0].reference_images[1]: "), err
    assert len(err.strip().splitlines()) == 1
    assert tree(layout["tmp"]) == before and not out.exists()


@pytest.mark.parametrize("case", ["absolute", "climb", "symlink_out"])
def test_an_asset_path_is_held_to_the_same_policy(case, layout, capsys) -> None:
    ref = {"absolute": "/etc/hosts.glb", "climb": "../x.glb", "symlink_out": "refs/link.glb"}
    os.symlink(layout["tmp"] / "x.glb", layout["project"] / "refs" / "link.glb")
    path = _write(layout, ref[case], field="asset")
    out = layout["tmp"] / "out"
    code = main(["-q", "passes", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("previz: entities[0].asset.path: "), err
    assert not out.exists()


def test_allowed_images_are_copied_and_nothing_else(layout, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PREVIZ_LIBRARY_PATH", str(layout["library"]))
    path = _write(layout, str(layout["library"] / "board.png"))
    out = layout["tmp"] / "out"
    assert main(["-q", "passes", str(path), "-o", str(out), "--passes", "depth"]) == 0
    refs = sorted(p.name for p in (out / "s" / "refs").iterdir())
    assert refs == ["box-0.png", "box-1.png"]
    assert (out / "s" / "refs" / "box-1.png").read_bytes() == PNG
    manifest = json.loads((out / "s" / "manifest.json").read_text())
    box = next(e for e in manifest["entities"] if e["id"] == "box")
    assert box["reference_images"] == ["refs/box-0.png", "refs/box-1.png"]


def test_a_blend_naming_the_password_file_is_refused(layout, capsys) -> None:
    import bpy

    path = _write(layout, "refs/hero.png")
    blend = layout["project"] / "scene.blend"
    assert main(["-q", "build", str(path), "-o", str(blend)]) == 0
    bpy.ops.wm.open_mainfile(filepath=str(blend), load_ui=False)
    obj = next(o for o in bpy.data.objects if o.previz.id == "box")
    obj.previz.reference_images.add().path = "/etc/passwd"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    out = layout["tmp"] / "out"
    before = tree(layout["tmp"])
    code = main(["-q", "passes", str(blend), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "reference_images[2]: '/etc/passwd' is outside the World's folder" in err
    assert tree(layout["tmp"]) == before and not out.exists()


def test_the_reference_panel_copies_an_outside_image_into_the_scene(layout, capsys) -> None:
    """A saved scene: Add… with an image from elsewhere copies it into the .blend's refs/, so
    the passes render reads it (the policy allows the scene's own folder)."""
    import bpy

    from previz.addon import references

    path = _write(layout, "refs/hero.png")
    blend = layout["project"] / "scene.blend"
    assert main(["-q", "build", str(path), "-o", str(blend)]) == 0
    bpy.ops.wm.open_mainfile(filepath=str(blend), load_ui=False)
    outside = layout["tmp"] / "home" / "mara side.png"
    outside.write_bytes(PNG)
    assert references.stored(str(outside)) == "refs/mara side.png"
    assert (layout["project"] / "refs" / "mara side.png").read_bytes() == PNG
    assert references.stored(str(outside)) == "refs/mara side.png"  # same bytes: reused
    obj = next(o for o in bpy.data.objects if o.previz.id == "box")
    obj.previz.reference_images.add().path = references.stored(str(outside))
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    out = layout["tmp"] / "out"
    assert main(["-q", "passes", str(blend), "-o", str(out), "--passes", "depth"]) == 0
    assert (out / "s" / "refs" / "box-2.png").read_bytes() == PNG
