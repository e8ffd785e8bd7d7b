"""`--changed` asked without a previous render (issue 18): the CLI's scene form and batch say so,
exit 2 before any work, and render in full only with --full-if-missing; `changed` does not change
a job's identity (a done-record of the full render stands)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from batch_worlds import short_shots_world, write_world

from previz.addon.batch import plan_batch
from previz.addon.batch.jobs import check_previous_renders
from previz.addon.cli import main
from previz.world.errors import InputError


def test_changed_needs_previous_renders(tmp_path, options):
    world = write_world(tmp_path / "w.json", short_shots_world(2))
    out = tmp_path / "OUT"
    jobs = plan_batch([world], None, options)
    check_previous_renders(jobs, out, options)  # not asked: nothing to check
    changed = replace(options, changed=True)
    assert [j.key for j in plan_batch([world], None, changed)] == [j.key for j in jobs]
    with pytest.raises(InputError, match=r"no previous render of 's00', 's01'.*--full-if-missing"):
        check_previous_renders(jobs, out, changed)
    (out / "s00" / "render").mkdir(parents=True)
    (out / "s00" / "render" / "render.json").write_text("{}")
    with pytest.raises(InputError, match=r"no previous render of 's01' in"):
        check_previous_renders(jobs, out, changed)
    check_previous_renders(jobs, out, replace(changed, full_if_missing=True))


@pytest.mark.parametrize("command", ["render", "batch"])
def test_cli_exits_2_before_any_work(tmp_path, capsys, command):
    world = write_world(tmp_path / "w.json", short_shots_world(1))
    out = tmp_path / "OUT"
    args = [command, str(world), "-o", str(out), "--changed", "--backend", "tiny-wan"]
    if command == "render":
        args.insert(2, "--all")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "no previous render of 's00'" in err and "--full-if-missing" in err
    assert not (out / "s00").exists()  # no passes were rendered
