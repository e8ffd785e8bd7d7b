"""The command line without Blender: exit codes and one-line messages for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from previz.addon.cli import main
from previz.world import load_world

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok(capsys, example_path: Path) -> None:
    code, out, _ = run(capsys, "validate", str(example_path))
    assert code == 0
    assert out.startswith(f"{example_path}: ok (")


def test_missing_file(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    code, out, err = run(capsys, "validate", str(missing))
    assert code == 2
    assert err == f"previz: {missing}: no such file\n"
    assert out == ""


def test_malformed_json(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"entities": [}\n')
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 2
    assert err.startswith(f"previz: {bad}: not valid JSON: ")
    assert "line 1, column 15" in err
    assert len(err.splitlines()) == 1


def test_missing_parent_joint_names_the_field(capsys, tmp_path: Path) -> None:
    data = json.loads((ROOT / "examples" / "quadruped_path.json").read_text())
    data["entities"][3]["skeleton"]["joints"][5]["parent"] = "jaw"
    bad = tmp_path / "w.json"
    bad.write_text(json.dumps(data))
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 2
    assert err == (
        f"previz: {bad}: entities[3].skeleton.joints[5].parent: joint 'head' names parent 'jaw', "
        "which is not a joint of this skeleton\n"
    )


def test_several_problems_say_how_many(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "w.json"
    bad.write_text(json.dumps({"cameras": [{"id": "c", "focal_length": -1, "fstop": 0}]}))
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 2
    assert err.endswith("(and 1 more)\n")


def test_fmt_prints_canonical_and_is_idempotent(capsys, example_path: Path, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "fmt", str(example_path))
    assert code == 0
    assert out == load_world(example_path).canonical_json()
    again = tmp_path / "fmt.json"
    again.write_text(out)
    code, out2, _ = run(capsys, "fmt", str(again))
    assert out2 == out


def test_schema_prints_json_schema(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "Previz World"
    assert "Entity" in schema["$defs"]


@pytest.mark.parametrize("argv", [["frobnicate"], ["validate"], ["fmt", "w.json", "--nope"],
                                  ["plan", "a table", "--rounds", "many"], []])
def test_usage_error_is_one_line_exit_2(capsys, argv: list[str]) -> None:
    """argparse's usage errors too: one line naming the option or value, exit code 2, no usage
    block."""
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("previz") and ": error" not in err and "usage:" not in err


def test_unknown_command_is_usage_error(capsys) -> None:
    code, _, err = run(capsys, "frobnicate")
    assert code == 2
    assert "invalid choice" in err and "frobnicate" in err
    assert len(err.splitlines()) == 1


def test_unexpected_failure_is_one_line_exit_1(capsys, tmp_path: Path, monkeypatch) -> None:
    """A failure that is not bad input: one line (with the hint about --debug), exit code 1."""
    from previz.addon.commands import world as world_cmd

    def boom(args):
        raise RuntimeError("the disk\nfell off")

    monkeypatch.setattr(world_cmd, "cmd_schema", boom)
    code, out, err = run(capsys, "schema")
    assert code == 1 and out == ""
    assert err == "previz: failed: RuntimeError: the disk (run with --debug for the traceback)\n"


def test_build_refuses_non_blend_output(capsys, example_path: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "build", str(example_path), "-o", str(tmp_path / "x.json"))
    assert code == 2
    assert "name it *.blend" in err
    assert not (tmp_path / "x.json").exists()


def test_fmt_output_written_atomically(capsys, example_path: Path, tmp_path: Path,
                                      monkeypatch) -> None:
    out = tmp_path / "deep" / "canon.json"
    code, _, _ = run(capsys, "fmt", str(example_path), "-o", str(out))
    assert code == 0
    assert out.read_text() == load_world(example_path).canonical_json()
    assert [p.name for p in out.parent.iterdir()] == ["canon.json"]  # no temporary left
    # A failure between writing and renaming (disk full at the rename): the previous output is
    # left whole, nothing half-written beside it, and the failure is one line with exit code 1.
    from previz.world import files

    out.write_text("previous output\n")
    renamed: list[str] = []

    def rename_fails(src, dst):
        renamed.append(Path(src).read_text())
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", rename_fails)
    code, stdout, err = run(capsys, "fmt", str(example_path), "-o", str(out))
    assert code == 1 and stdout == ""
    assert renamed == [load_world(example_path).canonical_json()]
    assert out.read_text() == "previous output\n"
    assert [p.name for p in out.parent.iterdir()] == ["canon.json"]
    assert len(err.splitlines()) == 1 and "No space left on device" in err, err


def test_console_script_exit_codes(tmp_path: Path) -> None:
    """The installed `previz` script returns the real exit code to the shell."""
    exe = Path(sys.executable).with_name("previz")
    ok = subprocess.run([str(exe), "validate", str(ROOT / "examples" / "orbit_prop.json")],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([str(exe), "validate", str(tmp_path / "missing.json")],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
