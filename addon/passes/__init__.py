"""White-box condition passes: depth, normals, segmentation, pose, edges, clay and masks of a
shot, pixel-aligned with its camera, written as ``OUT/<shot>/passes/<pass>/<frame>.png`` plus a
manifest (the contract the neural renderer reads).

The Blender side is `geometry` (evaluated scene → triangles) and `render` (the frame loop); the
rest (`raster`, `maps`, `skeleton`, `palette`, `files`) is plain numpy without bpy, so it is
importable and testable anywhere. Import `previz.addon.passes.render.render_passes` for the
whole job, or `render_passes_steps` for the same job one frame per call (a UI timer).
"""
