"""Camera skills: shot sizes and angles as data, movement generators, the framing solver.

The one call an agent needs is `camera_for` (see `vocabulary.py`); the parts are importable
on their own for finer control.
"""

from .framing import Lens, aim, frame_subject, look_room_x, toric, view_direction
from .movements import MOVEMENTS, Movement, ShotSpec
from .shots import ANGLES, SHOT_SIZES, Angle, ShotSize, angle, shot_size
from .solver import SolveReport, solve
from .subject import Subject, measure
from .vocabulary import VOCABULARY, camera_for, parse_movement

__all__ = [
    "ANGLES",
    "MOVEMENTS",
    "SHOT_SIZES",
    "VOCABULARY",
    "Angle",
    "Lens",
    "Movement",
    "ShotSize",
    "ShotSpec",
    "SolveReport",
    "Subject",
    "aim",
    "angle",
    "camera_for",
    "frame_subject",
    "look_room_x",
    "measure",
    "parse_movement",
    "shot_size",
    "solve",
    "toric",
    "view_direction",
]
