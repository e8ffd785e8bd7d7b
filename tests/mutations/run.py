"""Mutation check: each test named for a property must fail under the one-line bug that breaks it.

Usage (from the repository root, with the project's virtual environment active):

    python tests/mutations/run.py                # every mutation in mutations.py
    python tests/mutations/run.py -k atomic      # those whose test or file contains "atomic"
    python tests/mutations/run.py -k test_vectors -k test_plot   # either
    python tests/mutations/run.py --markdown tests/mutations/RESULTS.md

Not part of CI: pytest collects only ``test_*.py`` files, and nothing here is named so.

How it works, and why so:

- The working tree (every file git tracks or would track) is copied to a scratch folder, and the
  tests run there with ``previz`` imported from that copy (a ``PYTHONPATH`` shim ahead of the
  editable install). Several people edit the real tree at once; a mutated line in it would break
  their test runs for as long as it stands, and a restore could overwrite an edit they made
  meanwhile. The copy is mutated instead, one line at a time.
- First, each named test runs on the unmutated copy: a mutation only counts as killed when the
  test passed before it and fails with it.
- Each mutation replaces one exact line (indentation included; it must occur exactly once in the
  file), runs only its named tests (``pytest -x``), and restores the file in a ``finally`` block;
  the file is then compared byte for byte with the original, and the run stops if it differs.
- Results: ``killed`` (the test fails under the mutation), ``SURVIVED`` (it still passes: the
  test is weak), ``stale`` (the original line is no longer in the file, so the table needs
  updating), ``baseline fails`` (the test fails without the mutation, so nothing is shown).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from mutations import MUTATIONS, Mutation  # noqa: E402

#: Top-level folders that are subpackages of the ``previz`` distribution (pyproject's package-dir).
PACKAGES = ("addon", "agents", "asset_index", "neural_render", "skills", "world")


def copy_tree(dest: Path) -> Path:
    """Copy the working tree's tracked and untracked-but-not-ignored files to ``dest/src`` and
    make ``dest/shim/previz`` point at its subpackages; returns ``dest/src``."""
    listing = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                             capture_output=True, check=True).stdout.decode().split("\0")
    src = dest / "src"
    for rel in filter(None, listing):
        source = ROOT / rel
        if not source.is_file():  # deleted in the working tree but still tracked
            continue
        target = src / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    shim = dest / "shim" / "previz"
    shim.mkdir(parents=True)
    for name in PACKAGES:
        (shim / name).symlink_to(src / name, target_is_directory=True)
    return src


def environment(dest: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(dest / "shim"),
                                                      env.get("PYTHONPATH", "")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["COLUMNS"] = "200"
    return env


def run_tests(src: Path, env: dict[str, str], node_ids: tuple[str, ...],
              timeout: float) -> tuple[bool, str]:
    """True when every named test passes (pytest exit 0); the first failure's message."""
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-rf", "-p", "no:cacheprovider",
           "-o", "addopts=", *node_ids]
    try:
        proc = subprocess.run(cmd, cwd=src, env=env, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, "timed out"
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    reasons = [line[1:].strip() for line in lines if line.startswith("E ")]  # assertion lines
    failed = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    return proc.returncode == 0, (reasons or failed or lines[-1:] or [""])[0]


def apply(path: Path, original: str, mutated: str) -> bytes | None:
    """Replace the one line equal to ``original`` by ``mutated``; returns the file's bytes before,
    or None when the line is not there exactly once."""
    before = path.read_bytes()
    lines = before.decode("utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if line == original]
    if len(hits) != 1:
        return None
    lines[hits[0]] = mutated
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return before


def check_imports_from_copy(src: Path, env: dict[str, str]) -> None:
    code = "import previz.world, sys; print(previz.world.__file__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=src, env=env, capture_output=True,
                         text=True, check=True).stdout.strip()
    if not Path(out).resolve().is_relative_to(src.resolve()):
        raise SystemExit(f"previz is imported from {out}, not from the copy {src}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-k", action="append", default=[],
                    help="only mutations whose test or file contains this (repeatable: any)")
    ap.add_argument("--markdown", help="also write the table to this Markdown file")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per pytest run")
    args = ap.parse_args(argv)
    chosen = [m for m in MUTATIONS
              if not args.k or any(k in " ".join((*m.tests, m.file)) for k in args.k)]
    if not chosen:
        raise SystemExit(f"no mutation matches {args.k!r}")
    rows: list[tuple[Mutation, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="previz-mutations-") as tmp:
        dest = Path(tmp)
        src = copy_tree(dest)
        env = environment(dest)
        check_imports_from_copy(src, env)
        baseline: dict[str, tuple[bool, str]] = {}
        for node in dict.fromkeys(t for m in chosen for t in m.tests):
            baseline[node] = run_tests(src, env, (node,), args.timeout)
            print(f"baseline {'pass' if baseline[node][0] else 'FAIL'}  {node}", flush=True)
        for m in chosen:
            start = time.monotonic()
            failing = [t for t in m.tests if not baseline[t][0]]
            path = src / m.file
            how = ""
            if failing:
                result, how = "baseline fails", baseline[failing[0]][1]
            else:
                before = apply(path, m.original, m.mutated)
                if before is None:
                    result = "stale"
                else:
                    try:
                        passed, how = run_tests(src, env, m.tests, args.timeout)
                    finally:
                        path.write_bytes(before)
                    if path.read_bytes() != before:
                        raise SystemExit(f"{m.file} was not restored")
                    result = "SURVIVED" if passed else "killed"
                    how = "" if passed else how
            rows.append((m, result, how))
            print(f"{result:>14}  {', '.join(m.tests)}  [{m.file}] "
                  f"({time.monotonic() - start:.0f} s) {how[:100]}", flush=True)
    table = markdown(rows)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")
    return 0 if all(r == "killed" for _, r, _ in rows) else 1


def markdown(rows: list[tuple[Mutation, str, str]]) -> str:
    def cell(text: str) -> str:
        return text.strip().replace("|", "\\|")

    out = ["| test | mutation (file: original → mutated) | result | how it failed |",
           "|---|---|---|---|"]
    for m, result, how in rows:
        tests = "<br>".join(f"`{t}`" for t in m.tests)
        change = (f"`{m.file}`: `{cell(m.original)}` → `{cell(m.mutated)}`"
                  + (f" — {m.why}" if m.why else ""))
        short = how if len(how) <= 120 else how[:117] + "..."
        out.append(f"| {tests} | {change} | {result} | {cell(short)} |")
    killed = sum(r == "killed" for _, r, _ in rows)
    out.append("")
    out.append(f"{killed} of {len(rows)} mutations killed "
               f"({len({t for m, _, _ in rows for t in m.tests})} tests).")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
