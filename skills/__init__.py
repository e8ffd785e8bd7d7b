"""previz.skills — deterministic know-how as data and small pure functions.

Camera shot sizes, angles and movements with a framing solver (`skills.camera`), lighting presets
(`skills.lighting`), skeleton templates (`skills.skeletons`), procedural motion and trajectories
(`skills.motion`, `skills.trajectory`), BVH interchange (`skills.bvh`), and the proxy geometry they
reason about (`skills.geometry`). Imports only `previz.world` (and numpy/scipy): no Blender, no
torch, so agents and tests use them anywhere.
"""
