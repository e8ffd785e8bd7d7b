"""The table `run.py` works through: for a test named for a property, the one-line bug that breaks
that property. Each row names the file, the exact original line (indentation included; it must
occur once), the mutated line, and the test node id(s) that must then fail.

When a refactor moves a line, `run.py` reports the row as ``stale``: update the line here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutation:
    tests: tuple[str, ...]
    file: str
    original: str
    mutated: str
    why: str = ""


def M(tests: str | tuple[str, ...], file: str, original: str, mutated: str,
      why: str = "") -> Mutation:
    return Mutation((tests,) if isinstance(tests, str) else tests, file, original, mutated, why)


MUTATIONS: list[Mutation] = [
    # --- atomic writes -------------------------------------------------------------------------
    M("tests/world/test_files.py::test_failure_between_write_and_rename_keeps_the_old_file_atomically",
      "world/files.py",
      '        tmp.write_text(text, encoding="utf-8")',
      '        Path(path).write_text(text, encoding="utf-8")',
      "text written straight over the target"),
    M("tests/world/test_files.py::test_a_kill_while_writing_keeps_the_old_file_atomically",
      "world/files.py",
      '    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)',
      "    fd, tmp = os.open(target, os.O_WRONLY | os.O_CREAT), str(target)",
      "the 'temporary' is the target itself"),
    M("tests/test_cli_world.py::test_fmt_output_written_atomically",
      "addon/commands/world.py",
      '        atomic_write_text(check_output_file(output, "-o"), text)',
      "        (lambda p: (Path(p).parent.mkdir(parents=True, exist_ok=True), Path(p).write_text("
      'text, encoding="utf-8")))(check_output_file(output, "-o"))',
      "fmt -o with a plain write_text"),
    M("tests/agents/test_plot.py::test_check_plot_writes_png_deterministically",
      "agents/supervisor/plot.py",
      '    plot_map(world, report, shot, size).save(buf, format="PNG", optimize=False)',
      "    (lambda im, info: (info.add_text(\"written\", repr(__import__(\"time\").time())), "
      "im.save(buf, format=\"PNG\", optimize=False, pnginfo=info)))(plot_map(world, report, "
      "shot, size), __import__(\"PIL.PngImagePlugin\", fromlist=[\"PngInfo\"]).PngInfo())",
      "a timestamp in the PNG"),
    # --- determinism across processes (string hash seeds) ---------------------------------------
    M("tests/world/test_evaluate.py::test_evaluate_is_deterministic",
      "world/evaluate.py",
      "                  for e in world.entities}",
      "                  for e in sorted(world.entities, key=lambda e: hash(e.id))}",
      "entity order from string hashes"),
    M("tests/skills/test_camera_vocabulary.py::test_generators_are_deterministic",
      "skills/camera/movements.py",
      "    rng = np.random.default_rng(seed)",
      '    rng = np.random.default_rng(seed + hash("handheld") % 1000)',
      "handheld shake seeded from a string hash"),
    M("tests/skills/test_motion_styles.py::test_styles_are_deterministic",
      "skills/motion/styles.py",
      "        return STYLES[name]",
      "        return list(STYLES.values())[hash(name) % len(STYLES)]",
      "style looked up by string hash"),
    M("tests/agents/test_layout.py::test_same_seed_same_layout_other_seed_other_layout",
      "agents/layout/solver.py",
      "        self.rng = np.random.default_rng(seed)",
      "        self.rng = np.random.default_rng(seed + hash(plan.setting.type) % 1000)",
      "layout seeded from a string hash"),
    M("tests/agents/test_agents_cli.py::test_plan_is_deterministic",
      "agents/layout/solver.py",
      "        self.rng = np.random.default_rng(seed)",
      "        self.rng = np.random.default_rng(seed + hash(plan.setting.type) % 1000)",
      "layout seeded from a string hash"),
    M("tests/agents/test_planner_offline.py::test_same_text_and_seed_same_hash",
      "agents/layout/solver.py",
      "        self.rng = np.random.default_rng(seed)",
      "        self.rng = np.random.default_rng(seed + hash(plan.setting.type) % 1000)",
      "layout seeded from a string hash"),
    M("tests/asset_index/test_embeddings.py::test_hash_fallback_is_deterministic_and_sensible",
      "asset_index/embed.py",
      '        value = int.from_bytes(digest, "little")',
      "        value = hash(feature) & 0xFFFFFFFFFFFF",
      "Python's salted hash instead of blake2b"),
    M("tests/skills/test_sets_generators.py::test_generation_is_byte_identical_across_processes",
      "skills/sets/alley.py",
      "    rng = np.random.default_rng(seed)",
      '    rng = np.random.default_rng(seed + hash("alley") % 1000)',
      "set seeded from a string hash"),
    M("tests/asset_index/test_props.py::test_generation_is_byte_identical_across_processes",
      "asset_index/props/__init__.py",
      "                               f\"{', '.join(sorted({_base(p.name) "
      "for p in self.parts}))}\",",
      "                               f\"{', '.join({_base(p.name) for p in self.parts})}\",",
      "part names in set order in the description"),
    M("tests/neural_render/test_render_tiny.py::test_identical_frames_in_two_processes",
      "neural_render/seeds.py",
      "    return gen.manual_seed(int(seed))",
      '    return gen.manual_seed(int(seed) + hash("previz") % 1000)',
      "noise seeded from a string hash"),
    # --- pinned values ---------------------------------------------------------------------------
    M("tests/passes/test_pure.py::test_instance_colours_are_stable_and_distinct",
      "addon/passes/palette.py",
      '    return hashed_color("id:" + entity_id)',
      '    return hashed_color("id/" + entity_id)',
      "every instance colour changes"),
    M("tests/neural_render/test_render_units.py::test_chunk_seeds_are_stable_and_distinct",
      "neural_render/seeds.py",
      '    digest = hashlib.sha256(f"previz-render/{int(shot_seed)}/{int(chunk_index)}".encode())'
      ".digest()",
      '    digest = hashlib.sha256(f"previz-render/{int(chunk_index)}/{int(shot_seed)}".encode())'
      ".digest()",
      "the seed formula changes"),
    M("tests/world/test_color.py::test_matches_blender_reference",
      "world/color.py",
      "    rgb = rgb / rgb.max()",
      "    rgb = (rgb / rgb.max()) ** (1 / 2.2)",
      "sRGB-encoded instead of linear"),
    # --- vector search ---------------------------------------------------------------------------
    M("tests/asset_index/test_vectors.py::test_exact_top_k_is_sorted_and_stable",
      "asset_index/vectors.py",
      "    order = np.lexsort((part, -sims[part]))",
      "    order = np.lexsort((-part, -sims[part]))",
      "ties by descending row"),
    M("tests/asset_index/test_vectors.py::test_ann_build_is_deterministic",
      "asset_index/vectors.py",
      "                order = self._key_order",
      "                order = np.random.permutation(len(self.vectors))",
      "insertion order unseeded"),
    M("tests/asset_index/test_vectors.py::test_incremental_update_matches_a_fresh_build",
      "asset_index/vectors.py",
      "            stale = np.concatenate([stale, common[differs]])",
      "            stale = stale",
      "changed vectors kept stale"),
    M("tests/asset_index/test_vectors.py::test_graph_is_rebuilt_when_its_marker_does_not_match",
      "asset_index/vectors.py",
      "                if marker == self._marker(removed):",
      '                if marker["ndim"] == self._marker(removed)["ndim"]:',
      "marker format not compared"),
    M("tests/asset_index/test_starter.py::test_build_is_deterministic_and_prunes_stale_files",
      "asset_index/starter/build.py",
      "                stale.unlink()",
      "                pass",
      "stale files left"),
    # --- geometry, paths, cameras ---------------------------------------------------------
    M("tests/skills/test_trajectory_planner.py::"
      "test_weighted_default_stays_within_its_bound_and_clear_of_obstacles",
      "skills/trajectory/planner.py",
      "WEIGHT = 1.1",
      "WEIGHT = 3.0",
      "the issue's example: a weight whose bound is 200 %"),
    M("tests/skills/test_trajectory_planner.py::"
      "test_path_through_a_furnished_room_never_enters_an_obstacle",
      "skills/trajectory/grid.py",
      "    return rasterize(polys, bounds, resolution).inflate(radius)",
      "    return rasterize(polys, bounds, resolution).inflate(radius * 0.5)",
      "obstacles inflated by half the body radius"),
    M("tests/skills/test_trajectory_crowd.py::"
      "test_hundred_officials_in_procession_never_interpenetrate",
      "skills/trajectory/crowd.py",
      "    return np.c_[(file - (columns - 1) / 2.0) * lateral, rank * back]",
      "    return np.c_[(file - (columns - 1) / 2.0) * lateral * 0.2, rank * back]",
      "ranks squeezed"),
    M("tests/skills/test_camera_moves.py::test_static_never_moves",
      "skills/camera/movements.py",
      "    return finish(spec, _hold(spec, eye, n), _hold(spec, euler, n), world=world)",
      "    return finish(spec, _hold(spec, eye, n) + np.linspace(0, 0.01, n)[:, None], "
      "_hold(spec, euler, n), world=world)",
      "a 1 cm drift"),
    M("tests/skills/test_camera_solver.py::test_camera_never_starts_inside_a_wall",
      "skills/camera/solver.py",
      "    bad = _blocked_frames(boxes_at, state, wanted, margin)",
      "    bad = _blocked_frames(boxes_at, state, wanted, margin) & False",
      "a blocked or walled-in opening eye not detected"),
    M("tests/skills/test_camera_solver.py::test_smoothing_never_pulls_the_camera_into_a_box",
      "skills/camera/solver.py",
      "            pins[lo:hi] = np.maximum(pins[lo:hi] * 10.0, 1e3)",
      "            pins[lo:hi] = 1.0",
      "pushed frames not pinned: smoothing pulls them back"),
    M("tests/agents/test_supervisor_proxy.py::test_proxy_part_boxes_match_the_shared_proxy",
      "skills/geometry.py",
      "        out.append(Box(center, axes, np.abs((hi_ - lo_) * scale) / 2.0))",
      "        out.append(Box(center, axes, np.abs((hi_ - lo_) * scale)))",
      "full sizes taken for half extents"),
    M("tests/agents/test_layout_resolve.py::"
      "test_a_free_home_is_kept_exactly_and_facing_does_not_turn_it",
      "agents/layout/solver.py",
      "        self.held = {p.group for p in self.fixed} | set(self.home)  "
      "# not turned by `facing`",
      "        self.held = {p.group for p in self.fixed}",
      "facing turns a kept home"),
    M("tests/skills/test_skeletons.py::"
      "test_every_template_builds_a_valid_world_and_rest_pose_matches_table",
      "skills/skeletons.py",
      "            p = pos[j.name] - (pos[j.parent] if j.parent else 0.0)",
      "            p = pos[j.name] - (pos[self.joints[0].name] if j.parent else 0.0)",
      "offsets from the root, not the parent"),
    M("tests/passes/test_raster.py::test_square_covers_pixel_centres_with_exact_depth",
      "skills/raster.py",
      "    depth = np.where(covered, zpix, 0.0)",
      "    depth = np.where(covered, zpix * np.sqrt(1 + ((px - cx) / fx) ** 2 "
      "+ ((py - cy) / fy) ** 2), 0.0)",
      "distance from the eye instead of depth along the axis"),
    M("tests/passes/test_raster.py::test_nearer_surface_wins_and_slanted_depth_is_exact",
      "skills/raster.py",
      "    px = np.arange(width) + 0.5",
      "    px = np.arange(width) + 0.0",
      "depth sampled at the pixel corner"),
    # --- supervisor ---------------------------------------------------------------------
    M("tests/agents/test_supervisor.py::test_example_world_is_checked",
      "agents/supervisor/check.py",
      "        frames = sorted({f for s in world.shots for f in range(s.frame_start, "
      "s.frame_end + 1)})",
      "        frames = sorted({f for s in world.shots[:1] for f in range(s.frame_start, "
      "s.frame_end + 1)})",
      "only the first shot checked"),
    # --- neural render ---------------------------------------------------------------------------
    M("tests/neural_render/test_render_tiny.py::"
      "test_release_frees_the_pipeline_and_reloads_identically",
      "neural_render/backend.py",
      "        self.pipe = None",
      "        self.pipe, self._kept = None, self.pipe",
      "release keeps the pipeline alive"),
    # --- Blender ------------------------------------------------------------------------
    M("tests/passes/test_render.py::test_manifest_camera_matches_blender",
      "world/evaluate.py",
      "        return np.array([[fx, 0.0, width / 2.0], [0.0, fx, height / 2.0], "
      "[0.0, 0.0, 1.0]])",
      "        return np.array([[fx, 0.0, (width - 1) / 2.0], [0.0, fx, (height - 1) / 2.0], "
      "[0.0, 0.0, 1.0]])",
      "principal point half a pixel off"),
    M("tests/passes/test_render.py::test_exact_projection_and_depth",
      "skills/raster.py",
      "    depth = np.where(covered, zpix, 0.0)",
      "    depth = np.where(covered, zpix * np.sqrt(1 + ((px - cx) / fx) ** 2 "
      "+ ((py - cy) / fy) ** 2), 0.0)",
      "distance from the eye instead of depth along the axis"),
    M("tests/passes/test_render.py::test_two_runs_give_identical_pngs",
      "addon/passes/palette.py",
      '    return hashed_color("id:" + entity_id)',
      '    return hashed_color("id:" + entity_id + str(__import__("time").perf_counter_ns()))',
      "instance colours vary call to call"),
    M("tests/passes/test_blender_agreement.py::test_depth_matches_cycles",
      "skills/raster.py",
      "    depth = np.where(covered, zpix, 0.0)",
      "    depth = np.where(covered, zpix * (1 + 2e-4), 0.0)",
      "depth 2 mm long at 10 m"),
    M("tests/blender/test_bridge.py::test_joint_angle_is_exact_in_blender",
      "addon/bridge/entity.py",
      '        pb.rotation_mode = "XYZ"',
      '        pb.rotation_mode = "XZY"',
      "joint angles applied in another order"),
    M("tests/blender/test_ui.py::test_api_key_never_in_a_saved_blend",
      "addon/console/director.py",
      "    return LLM(prefs.llm_base_url, prefs.llm_model, prefs.llm_api_key)",
      '    bpy.context.scene["previz_llm"] = prefs.llm_api_key; '
      "return LLM(prefs.llm_base_url, prefs.llm_model, prefs.llm_api_key)",
      "the key kept on the scene"),
    M("tests/agents/test_check_blend.py::test_check_blend_matches_world",
      "addon/bridge/entity.py",
      '        asset["size"] = [snap_f32(v) for v in p.asset_size]',
      '        asset["size"] = [snap_f32(v * 1.05) for v in p.asset_size]',
      "the .blend reads back sizes 5 % large"),
    # --- added after the first run -------------------------------------------------------------
    M("tests/world/test_color.py::test_matches_blender_live",
      "world/color.py",
      "    rgb = rgb / rgb.max()",
      "    rgb = (rgb / rgb.max()) ** (1 / 2.2)",
      "sRGB-encoded instead of linear"),
    M(("tests/asset_index/test_embeddings.py::test_numpy_minilm_matches_reference_values",
       "tests/asset_index/test_embeddings.py::test_numpy_minilm_matches_transformers_live"),
      "asset_index/minilm.py",
      "    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))",
      "    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))",
      "GELU's tanh approximation instead of BERT's erf form"),
    M("tests/agents/test_layout_resolve.py::"
      "test_solve_subset_keeps_the_others_fixed_is_deterministic_and_skips_animated",
      "agents/layout/resolve.py",
      "                     or is_animated(e) or (encl is not None and e.id == encl.id))",
      "                     or (encl is not None and e.id == encl.id))",
      "an animated entity is moved"),
    M("tests/blender/test_console_director.py::"
      "test_refine_selection_only_leaves_unselected_objects_exactly",
      "addon/console/director.py",
      "        editable = apply.selected_ids(context) if s.selection_only else None",
      "        editable = None",
      "selection only ignored"),
    M("tests/agents/test_supervisor_proxy.py::test_proxy_part_boxes_match_the_shared_proxy",
      "skills/geometry.py",
      "        center = m[:3, 3] + lin @ ((lo_ + hi_) / 2.0)",
      "        center = m[:3, 3] + (lo_ + hi_) / 2.0",
      "part centres not turned or scaled with the entity (survived before the test placed one)"),
    # --- rows added at the session's end (issue 24's named tests) -------------------------------
    M(("tests/batch/test_batch_local.py::test_resume_after_a_kill_redoes_no_finished_work",
       "tests/batch/test_batch_local.py::"
       "test_resume_after_a_kill_while_outputs_are_written_redoes_no_finished_work"),
      "addon/batch/local.py",
      "    done = read_done(out, job)",
      "    done = None",
      "done-records ignored: a resumed batch redoes finished shots"),
    M("tests/agents/test_llm.py::test_hostile_content_is_data",
      "agents/llm/client.py",
      "    return ScenePlan.model_validate(data)",
      "    return (exec(str(data.get(\"description\", \"\")), {}) or "
      "ScenePlan.model_validate(data))",
      "the model's text executed"),
    M("tests/blender/test_console_motion.py::test_style_changes_the_walk",
      "addon/console/motion_apply.py",
      "    from previz.skills.motion.styles import STYLES",
      "    STYLES = {}",
      "the styles disappear from the Motion panel (the test used to skip then)"),
    M("tests/skills/test_motion_locomotion.py::"
      "test_no_foot_skating_on_the_evaluated_world_along_a_curved_path",
      "skills/motion/legs.py",
      "        end[a:b] = pos",
      "        end[a:b] = pos + (np.arange(b - a) >= (b - a) // 2)[:, None] * "
      "np.array([0.01, 0.0, 0.0]) * (k == 1)",
      "one planted foot jumps 1 cm once, mid-stance: the mean slide stays small, the maximum "
      "does not"),
]
