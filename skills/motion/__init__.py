"""Procedural motion: locomotion, actions, animals, clip blending and baking into a World.

The usual entry points::

    from previz.skills.motion import action, bake, sequence
    from previz.skills.motion.locomotion import locomotion
    motion = sequence(skeleton, [{"do": "walk", "to": (3, -4)}, {"do": "wave"}])
    entity = bake(motion, entity)          # keyframes on the entity and its joints

The submodules keep their names (``previz.skills.motion.locomotion`` is the module, with its
gait tables), so the `locomotion` function is imported from there, not re-exported here.
"""

from . import repertoire, vehicles  # noqa: F401  (declare their actions: keyed, vehicles')
from .actions import ACTIONS, action, idle, jump, kick, look_at, point, quadruped_sit, turn
from .animals import flap, land, swim
from .clip import Motion, bake, concatenate, crossfade, layer
from .timeline import sequence

__all__ = [
    "ACTIONS",
    "Motion",
    "action",
    "bake",
    "concatenate",
    "crossfade",
    "flap",
    "idle",
    "jump",
    "kick",
    "land",
    "layer",
    "look_at",
    "point",
    "quadruped_sit",
    "sequence",
    "swim",
    "turn",
]
