"""A boxing ring: a raised platform (the apron around a canvas), four corner posts and four
ropes on each side, at regulation sizes (ropes 4.9–7.3 m apart, the canvas about 1 m up)."""

from __future__ import annotations

from typing import Any

from ..setparts import SetBuild, box, centred
from ..vocabulary import declare

TERM = declare("set", "boxing_ring", ("boxing ring", "prize ring"),
               params={"size": 6.1, "height": 1.0, "apron": 0.6, "ropes": 4},
               description="raised canvas, corner posts, ropes")
LIMITS = {"size": (4.0, 8.0), "height": (0.2, 1.5), "apron": (0.3, 1.5), "ropes": (1, 5)}
POST = 0.2  # post side, metres
ROPE = 0.04  # rope thickness
POST_ABOVE = 1.6  # post top above the canvas


def build(p: dict[str, Any], seed: int) -> SetBuild:
    """The ring centred on the origin; the canvas top at ``height``."""
    del seed  # a ring has no random detail
    s, h, apron, n = float(p["size"]), float(p["height"]), float(p["apron"]), int(p["ropes"])
    half = s / 2 + apron
    parts = [box("platform", "ring_platform", -half, -half, 0.0, half, half, h, "platform")]
    # The canvas inside the ropes (the ring itself, class ``boxing_ring``) and the apron
    # outside them: flat layers on the platform top.
    c = s / 2
    parts.append(box("canvas", "boxing_ring", -c, -c, h, c, c, h + 0.01, "surface"))
    parts += [box("apron-south", "apron", -half, -half, h, half, -c, h + 0.01, "surface"),
              box("apron-north", "apron", -half, c, h, half, half, h + 0.01, "surface"),
              box("apron-west", "apron", -half, -c, h, -c, c, h + 0.01, "surface"),
              box("apron-east", "apron", c, -c, h, half, c, h + 0.01, "surface")]
    # Posts on the canvas corners (standing on the platform, through the flat layer).
    corners = {"sw": (-c, -c), "se": (c, -c), "ne": (c, c), "nw": (-c, c)}
    for name, (x, y) in corners.items():
        parts.append(centred(f"post-{name}", "post", x, y, h, POST, POST, POST_ABOVE))
    # Ropes span post face to post face, evenly up the posts.
    inner = c - POST / 2
    for k in range(n):
        z = h + 0.4 + k * (POST_ABOVE - 0.55) / max(1, n - 1) if n > 1 else h + 0.9
        zz = (z - ROPE / 2, z + ROPE / 2)
        parts += [
            box(f"rope-south-{k + 1}", "rope", -inner, -c - ROPE / 2, zz[0], inner,
                -c + ROPE / 2, zz[1], "hanging", "post-sw"),
            box(f"rope-north-{k + 1}", "rope", -inner, c - ROPE / 2, zz[0], inner,
                c + ROPE / 2, zz[1], "hanging", "post-nw"),
            box(f"rope-west-{k + 1}", "rope", -c - ROPE / 2, -inner, zz[0], -c + ROPE / 2,
                inner, zz[1], "hanging", "post-sw"),
            box(f"rope-east-{k + 1}", "rope", c - ROPE / 2, -inner, zz[0], c + ROPE / 2,
                inner, zz[1], "hanging", "post-se"),
        ]
    return SetBuild("boxing_ring", tuple(parts), stage=("platform",))
