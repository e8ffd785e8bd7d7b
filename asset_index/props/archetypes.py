"""Archetypes: one function per *kind of construction* (a legged table, a case with doors, a
lathe vessel, a wheeled vehicle, a tree …), each turning a parameter set into named parts.

The category table (`previz.asset_index.props.table`) says which archetype builds a category and
with which parameter ranges; a category is a row there, not a function here. Conventions (the
tests check them): metres, +Z up, standing on z = 0 (a wall-mounted thing: its back at y = 0 is
made by the builder's centring), front towards −Y, parts that touch do not overlap except by
their declared ``joint`` (a wheel in its arch, fruit in a bowl, a crown round a trunk top).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .mesh import (
    Mesh,
    Part,
    box,
    cyl,
    frustum,
    hcyl,
    lathe,
    prism,
    sphere,
    torus,
)

TAU = 2 * math.pi


class P(dict):
    """Parameters by attribute (``p.w``); ``p.opt`` is the variant's discrete option."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError as exc:
            raise AttributeError(key) from exc


ARCHETYPES: dict[str, tuple[Callable[[P], list[Part]], dict[str, tuple[float, float]],
                            tuple[str, ...]]] = {}


def archetype(name: str, options: tuple[str, ...] = ("",), **defaults: tuple[float, float]):
    """Register ``fn`` as archetype ``name`` with default parameter ranges and options."""
    def register(fn: Callable[[P], list[Part]]) -> Callable[[P], list[Part]]:
        ARCHETYPES[name] = (fn, defaults, options)
        return fn
    return register


def part(name: str, *meshes: Mesh, joint: float = 0.0) -> Part:
    return Part(name, list(meshes), joint)


def legs4(w: float, d: float, h: float, t: float, inset: float = 0.0, z: float = 0.0,
          round_: bool = False, name: str = "leg") -> list[Part]:
    """Four legs of thickness t under a w × d top, at its corners."""
    out = []
    for i, (sx, sy) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1))):
        x, y = sx * (w / 2 - t / 2 - inset), sy * (d / 2 - t / 2 - inset)
        m = cyl(t / 2, h, x, y, z, sections=8) if round_ else box(t, t, h, x, y, z)
        out.append(part(f"{name}_{i + 1}", m))
    return out


def wheel(name: str, r: float, width: float, x: float, y: float, joint: float = 0.0) -> Part:
    """A wheel on the ground (its axle along x) at (x, y)."""
    return part(name, hcyl(r, width, "x", x, y, r, sections=16), joint=joint)


# ------------------------------------------------------------------ furniture

@archetype("table", ("square legs", "round legs"), w=(1.2, 1.8), d=(0.7, 0.9), h=(0.72, 0.76),
           top=(0.03, 0.05), leg=(0.05, 0.07), inset=(0.02, 0.06))
def table(p: P) -> list[Part]:
    legs = legs4(p.w, p.d, p.h - p.top, p.leg, p.inset, round_=p.opt == "round legs")
    return [*legs, part("top", box(p.w, p.d, p.top, z=p.h - p.top))]


@archetype("pedestal_table", ("disc base", "cross base"), r=(0.35, 0.5), h=(0.72, 0.76),
           top=(0.025, 0.04), stem=(0.035, 0.05), base=(0.22, 0.3))
def pedestal_table(p: P) -> list[Part]:
    if p.opt == "cross base":
        foot = part("base", box(p.base * 2, 0.06, 0.04), box(0.06, p.base * 2, 0.04), joint=0.04)
    else:
        foot = part("base", cyl(p.base, 0.04, sections=20))
    return [foot, part("stem", cyl(p.stem, p.h - p.top - 0.04, z=0.04, sections=10)),
            part("top", cyl(p.r, p.top, z=p.h - p.top, sections=24))]


@archetype("chair", ("open back", "slatted back", "with arms"), w=(0.42, 0.5),
           d=(0.42, 0.5), seat_h=(0.43, 0.47), back=(0.38, 0.5), leg=(0.035, 0.045),
           seat_t=(0.03, 0.05))
def chair(p: P) -> list[Part]:
    legs = legs4(p.w, p.d, p.seat_h - p.seat_t, p.leg)
    out = [*legs, part("seat", box(p.w, p.d, p.seat_t, z=p.seat_h - p.seat_t))]
    bt = 0.035
    if p.opt == "slatted back":
        for i, x in enumerate((-p.w / 2 + 0.02, 0.0, p.w / 2 - 0.02)):
            out.append(part(f"back_slat_{i + 1}", box(0.04, bt, p.back * 0.75, x,
                                                       p.d / 2 - bt / 2, p.seat_h)))
        out.append(part("back", box(p.w, bt, p.back * 0.25, 0, p.d / 2 - bt / 2,
                                    p.seat_h + p.back * 0.75)))
    else:
        out.append(part("back", box(p.w, bt, p.back, 0, p.d / 2 - bt / 2, p.seat_h)))
    if p.opt == "with arms":
        for s, n in ((-1, "arm_left"), (1, "arm_right")):
            out.append(part(n, box(0.04, p.d - bt, 0.22, s * (p.w / 2 - 0.02), -bt / 2,
                                   p.seat_h)))
    return out


@archetype("stool", ("three legs", "four legs", "with footrest"), r=(0.15, 0.2),
           h=(0.44, 0.5), leg=(0.025, 0.035))
def stool(p: P) -> list[Part]:
    n = 3 if p.opt == "three legs" else 4
    spread = p.r * 0.7
    out = [part(f"leg_{i + 1}", cyl(p.leg / 2 * 2, p.h - 0.04, spread * math.cos(TAU * i / n + 0.3),
                                    spread * math.sin(TAU * i / n + 0.3), 0, sections=8))
           for i in range(n)]
    out.append(part("seat", cyl(p.r, 0.04, z=p.h - 0.04, sections=20)))
    if p.opt == "with footrest":
        out.append(part("footrest", torus(spread, 0.012, z=p.h * 0.4, sections=20),
                        joint=p.leg * 2 + 0.03))
    return out


@archetype("upholstered", ("square arms", "low arms"), w=(1.8, 2.2), d=(0.85, 0.95),
           base=(0.25, 0.3), cushion=(0.12, 0.16), back=(0.4, 0.5), arm=(0.15, 0.22),
           arm_h=(0.2, 0.25), seats=(3, 3), back_t=(0.18, 0.22))
def upholstered(p: P) -> list[Part]:
    aw = p.arm if p.arm > 0 else 0.0
    inner = p.w - 2 * aw
    out = [part("base", box(inner, p.d, p.base, z=0.0))]
    seat_top = p.base + p.cushion
    if p.back > 0:
        out.append(part("back", box(inner, p.back_t, p.back + p.cushion, 0,
                                    p.d / 2 - p.back_t / 2, p.base)))
    n = max(1, round(p.seats))
    depth = p.d - (p.back_t if p.back > 0 else 0.0)
    for i in range(n):
        cw = inner / n
        out.append(part(f"seat_cushion_{i + 1}", box(cw, depth, p.cushion,
                                                     -inner / 2 + cw * (i + 0.5),
                                                     -p.d / 2 + depth / 2, p.base)))
    if aw > 0:
        ah = seat_top + (p.arm_h * (0.6 if p.opt == "low arms" else 1.0))
        for s, n_ in ((-1, "arm_left"), (1, "arm_right")):
            out.append(part(n_, box(aw, p.d, ah, s * (p.w / 2 - aw / 2))))
    return out


@archetype("bed", ("headboard", "head and footboard"), w=(1.4, 1.8), l=(2.0, 2.15),
           frame=(0.25, 0.3), mattress=(0.2, 0.28), leg=(0.08, 0.12), head=(0.9, 1.2))
def bed(p: P) -> list[Part]:
    out = [*legs4(p.w, p.l, p.leg, 0.07),
           part("frame", box(p.w, p.l, p.frame, z=p.leg)),
           part("mattress", box(p.w - 0.04, p.l - 0.04, p.mattress, z=p.leg + p.frame)),
           part("headboard", box(p.w, 0.06, p.head, 0, p.l / 2 + 0.03))]
    top = p.leg + p.frame + p.mattress
    pw = min(0.6, (p.w - 0.1) / 2)
    n = 2 if p.w > 1.1 else 1
    for i in range(n):
        x = 0.0 if n == 1 else (-1 + 2 * i) * (pw / 2 + 0.03)
        out.append(part(f"pillow_{i + 1}", box(pw, 0.35, 0.12, x, p.l / 2 - 0.25, top)))
    if p.opt == "head and footboard":
        out.append(part("footboard", box(p.w, 0.05, p.leg + p.frame + 0.2, 0,
                                         -p.l / 2 - 0.025)))
    return out


@archetype("case", ("doors", "drawers", "doors and drawers"), w=(0.8, 1.2), d=(0.4, 0.6),
           h=(0.8, 1.0), leg=(0.0, 0.0), doors=(2, 2), drawers=(3, 4), extra=(0, 0))
def case(p: P) -> list[Part]:
    """Case furniture and boxy appliances: carcass on legs or a plinth, front panels (doors or
    drawers) with handles, and an optional feature (``extra``: 1 burners on top, 2 a porthole
    door, 3 a screen panel, 4 a glass front)."""
    z0 = p.leg
    out = []
    if p.leg > 0:
        out += legs4(p.w, p.d, p.leg, 0.04, 0.02)
    out.append(part("carcass", box(p.w, p.d, p.h - z0, z=z0)))
    ft = 0.02
    y = -p.d / 2 - ft / 2
    inner_h = p.h - z0
    extra = round(p.extra)
    panels: list[tuple[float, float, float, float]] = []  # x, z, width, height
    if extra == 2:  # porthole: a round door on the front, a control strip above
        r = min(p.w, inner_h) * 0.3
        out.append(part("door", torus(r, 0.03, 0, y - 0.03, z0 + inner_h * 0.45, "xz")))
        out.append(part("controls", box(p.w * 0.9, ft, inner_h * 0.12, 0, y, z0 + inner_h * 0.85)))
        return out
    if extra == 3:  # screen panel in the upper half
        out.append(part("screen", box(p.w * 0.7, ft, inner_h * 0.35, 0, y, z0 + inner_h * 0.55)))
        out.append(part("slot", box(p.w * 0.4, ft, inner_h * 0.08, 0, y, z0 + inner_h * 0.2)))
        return out
    if extra == 4:  # a glass front (vending machine, display case)
        out.append(part("glass", box(p.w * 0.65, ft, inner_h * 0.8, -p.w * 0.12, y,
                                     z0 + inner_h * 0.12)))
        out.append(part("panel", box(p.w * 0.2, ft, inner_h * 0.5, p.w * 0.36, y,
                                     z0 + inner_h * 0.35)))
        return out
    nd = max(1, round(p.doors))
    nr = max(1, round(p.drawers))
    if p.opt == "doors":
        panels += [(-p.w / 2 + p.w / nd * (i + 0.5), z0 + 0.03, p.w / nd - 0.01,
                    inner_h - 0.06) for i in range(nd)]
    elif p.opt == "drawers":
        hh = (inner_h - 0.04) / nr
        panels += [(0.0, z0 + 0.02 + hh * i, p.w - 0.04, hh - 0.01) for i in range(nr)]
    else:
        top_h = inner_h * 0.25
        panels += [(0.0, z0 + inner_h - top_h, p.w - 0.04, top_h - 0.02)]
        panels += [(-p.w / 2 + p.w / nd * (i + 0.5), z0 + 0.03, p.w / nd - 0.01,
                    inner_h - top_h - 0.05) for i in range(nd)]
    for i, (x, z, pw, ph) in enumerate(panels):
        out.append(part(f"front_{i + 1}", box(pw, ft, ph, x, y, z)))
        hx = x + (pw / 2 - 0.06 if p.opt == "doors" and pw < p.w * 0.7 and x < 0 else 0)
        hx = x - pw / 2 + 0.06 if p.opt == "doors" and x > 0 else hx
        out.append(part(f"handle_{i + 1}", box(0.1 if p.opt != "doors" else 0.02, 0.02,
                                               0.02 if p.opt != "doors" else 0.12, hx,
                                               y - ft / 2 - 0.01, z + ph / 2 - 0.01)))
    if extra == 1:  # burners on top
        for i, (bx, by) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1))):
            out.append(part(f"burner_{i + 1}", cyl(min(p.w, p.d) * 0.12, 0.02, bx * p.w * 0.22,
                                                   by * p.d * 0.22, p.h)))
    return out


@archetype("desk", ("drawer block", "legs", "panel ends"), w=(1.2, 1.6), d=(0.6, 0.8),
           h=(0.72, 0.76), top=(0.03, 0.04))
def desk(p: P) -> list[Part]:
    zt = p.h - p.top
    out = [part("top", box(p.w, p.d, p.top, z=zt))]
    if p.opt == "legs":
        out += legs4(p.w, p.d, zt, 0.05)
    elif p.opt == "panel ends":
        out += [part("end_left", box(0.04, p.d - 0.04, zt, -p.w / 2 + 0.04)),
                part("end_right", box(0.04, p.d - 0.04, zt, p.w / 2 - 0.04)),
                part("modesty_panel", box(p.w - 0.12, 0.02, zt * 0.5, 0, p.d / 2 - 0.06,
                                          zt * 0.45))]
    else:
        out += [part("drawer_block", box(0.42, p.d - 0.04, zt, -p.w / 2 + 0.23)),
                part("end_right", box(0.04, p.d - 0.04, zt, p.w / 2 - 0.04))]
        for i in range(3):
            out.append(part(f"drawer_{i + 1}", box(0.38, 0.02, zt / 3 - 0.02, -p.w / 2 + 0.23,
                                                   -p.d / 2 + 0.01, 0.01 + zt / 3 * i)))
    return out


@archetype("shelf", ("open", "with back"), w=(0.8, 1.0), d=(0.28, 0.35), h=(1.6, 2.0),
           n=(4, 6), side=(0.02, 0.03))
def shelf(p: P) -> list[Part]:
    n = max(2, round(p.n))
    out = [part("side_left", box(p.side, p.d, p.h, -p.w / 2 + p.side / 2)),
           part("side_right", box(p.side, p.d, p.h, p.w / 2 - p.side / 2))]
    inner = p.w - 2 * p.side
    dd = p.d - (0.01 if p.opt == "with back" else 0.0)
    for i in range(n):
        z = (p.h - 0.02) * i / (n - 1)
        out.append(part(f"shelf_{i + 1}", box(inner, dd, 0.02, 0, -(p.d - dd) / 2, z)))
    if p.opt == "with back":
        out.append(part("back", box(inner, 0.01, p.h, 0, p.d / 2 - 0.005)))
    return out


# ------------------------------------------------------------------ tableware and vessels

@archetype("vessel", ("plain", "with handle", "with lid"), r0=(0.03, 0.04), r1=(0.04, 0.05),
           r2=(0.035, 0.045), h=(0.09, 0.11), belly=(0.3, 0.5), shoulder=(0.6, 0.8),
           spout=(0, 0), neck=(0, 0))
def vessel(p: P) -> list[Part]:
    """A turned body (base radius r0, widest r1 from belly to shoulder, mouth r2 at h, a
    straight neck of the top ``neck`` fraction when given), with a handle, a lid or a spout by
    option."""
    neck = [(p.r2, p.h * (1 - p.neck))] if p.neck > 0 else []
    prof = [(0.0, 0.0), (p.r0, 0.0), (p.r1, p.h * p.belly), (p.r1, p.h * p.shoulder),
            *neck, (p.r2, p.h), (0.0, p.h)]
    out = [part("body", lathe(prof, sections=20))]
    if p.opt == "with handle":
        hr = min(p.h * 0.28, 0.25)
        out.append(part("handle", torus(hr, max(0.006, hr * 0.15), p.r1, 0, p.h * 0.55, "xz"),
                        joint=hr + 0.02))
    elif p.opt == "with lid":
        out.append(part("lid", cyl(p.r2 * 1.05, p.h * 0.06, z=p.h)))
        out.append(part("knob", sphere(p.r2 * 0.25, z=p.h * 1.06 + p.r2 * 0.25)))
    if p.spout > 0:
        out.append(part("spout", cyl(p.r1 * 0.12, p.spout, sections=8).turned(
            (0, -0.8, 0)).moved((-p.r1 * 0.95, 0, p.h * 0.35)), joint=p.r1 * 0.5))
    return out


@archetype("stemware", ("",), foot=(0.035, 0.04), stem=(0.07, 0.1), bowl_r=(0.04, 0.05),
           bowl_h=(0.08, 0.1))
def stemware(p: P) -> list[Part]:
    return [part("foot", cyl(p.foot, 0.006, sections=20)),
            part("stem", cyl(0.005, p.stem, z=0.006, sections=8)),
            part("bowl", lathe([(0, 0), (p.bowl_r * 0.3, 0), (p.bowl_r, p.bowl_h * 0.45),
                                (p.bowl_r * 0.85, p.bowl_h), (0, p.bowl_h)],
                               z=0.006 + p.stem, sections=20))]


@archetype("dish", ("",), r=(0.12, 0.14), h=(0.02, 0.03), rim=(0.8, 0.9))
def dish(p: P) -> list[Part]:
    """A plate, tray, saucer: a shallow turned disc."""
    return [part("dish", lathe([(0, 0), (p.r * p.rim, 0), (p.r, p.h), (0, p.h * 0.6)],
                               sections=24))]


@archetype("bowl_with", ("apples", "oranges", "mixed"), r=(0.12, 0.16), h=(0.07, 0.09),
           fruit=(0.035, 0.045), count=(4, 6))
def bowl_with(p: P) -> list[Part]:
    """A bowl heaped with round things (fruit, bread rolls, eggs): each rests in the bowl."""
    bowl = lathe([(0, 0), (p.r * 0.45, 0), (p.r * 0.8, p.h * 0.4), (p.r, p.h), (p.r * 0.92, p.h),
                  (p.r * 0.7, p.h * 0.45), (0, p.h * 0.15)], sections=24)
    out = [part("bowl", bowl)]
    n = max(3, round(p.count))
    for i in range(n):
        fr = p.fruit * (1.0 if p.opt != "mixed" or i % 2 == 0 else 0.8)
        if i == n - 1:
            x = y = 0.0
            z = p.h * 0.15 + fr + fr * 0.9
        else:
            a = TAU * i / (n - 1)
            x, y = (p.r * 0.45) * math.cos(a), (p.r * 0.45) * math.sin(a)
            z = p.h * 0.3 + fr
        out.append(part(f"fruit_{i + 1}", sphere(fr, x, y, z), joint=p.h + 2 * fr))
    return out


# ------------------------------------------------------------------ lamps, poles, stands

@archetype("floor_lamp", ("cone shade", "drum shade"), h=(1.5, 1.8), base=(0.14, 0.18),
           shade=(0.18, 0.25), shade_h=(0.25, 0.32))
def floor_lamp(p: P) -> list[Part]:
    stem_h = p.h - p.shade_h - 0.03
    shade = (frustum(p.shade, p.shade * 0.55, p.shade_h, z=stem_h + 0.03) if p.opt == "cone shade"
             else cyl(p.shade, p.shade_h, z=stem_h + 0.03, sections=20))
    return [part("base", cyl(p.base, 0.03, sections=20)),
            part("stem", cyl(0.012, stem_h, z=0.03, sections=8)),
            part("shade", shade)]


@archetype("street_lamp", ("arm", "lantern top"), h=(4.0, 6.0), base=(0.15, 0.2),
           arm=(0.8, 1.2))
def street_lamp(p: P) -> list[Part]:
    out = [part("base", cyl(p.base, 0.5, sections=12)),
           part("pole", cyl(0.06, p.h - 0.5 - 0.1, z=0.5, sections=12))]
    top = p.h - 0.1
    if p.opt == "lantern top":
        out.append(part("lantern", box(0.3, 0.3, 0.1, z=top),
                        frustum(0.2, 0.08, 0.45, z=top + 0.1)))
    else:
        out.append(part("arm", box(0.08, p.arm, 0.08, 0, -p.arm / 2 - 0.06, top)))
        out.append(part("lamp_head", box(0.3, 0.5, 0.12, 0, -p.arm - 0.06 - 0.25 + 0.04,
                                         top - 0.12)))
    return out


@archetype("sign", ("rectangle", "round", "octagon", "triangle"), h=(2.2, 2.6),
           panel=(0.6, 0.75), post=(0.03, 0.04))
def sign(p: P) -> list[Part]:
    post_h = p.h - p.panel
    s = p.panel / 2
    if p.opt == "round":
        panel = prism([(s * math.cos(TAU * i / 16), s + s * math.sin(TAU * i / 16))
                       for i in range(16)], 0.02, y=-p.post - 0.01)
    elif p.opt == "octagon":
        panel = prism([(s * math.cos(TAU * (i + 0.5) / 8), s + s * math.sin(TAU * (i + 0.5) / 8))
                       for i in range(8)], 0.02, y=-p.post - 0.01)
    elif p.opt == "triangle":
        panel = prism([(-s, p.panel * 0.1), (s, p.panel * 0.1), (0, p.panel)], 0.02,
                      y=-p.post - 0.01)
    else:
        panel = prism([(-s * 1.2, 0), (s * 1.2, 0), (s * 1.2, p.panel * 0.8),
                       (-s * 1.2, p.panel * 0.8)], 0.02, y=-p.post - 0.01)
    return [part("post", cyl(p.post, p.h, sections=10)),
            part("panel", panel.moved((0, 0, post_h)))]


@archetype("traffic_light", ("pole", "pole and arm"), h=(3.0, 3.6), lamps=(3, 3))
def traffic_light(p: P) -> list[Part]:
    hh = 0.95
    out = [part("pole", cyl(0.07, p.h, sections=12))]
    x = 0.0
    if p.opt == "pole and arm":
        out.append(part("arm", box(2.0, 0.08, 0.08, 1.07, 0, p.h - 0.08)))
        x = 2.0
        hy = -0.12  # hung under the arm
        out.append(part("housing", box(0.32, 0.25, hh, x, hy, p.h - hh - 0.08)))
        z0 = p.h - hh - 0.08
    else:
        hy = -0.2  # bolted to the pole's front
        out.append(part("housing", box(0.32, 0.25, hh, 0, hy, p.h - hh)))
        z0 = p.h - hh
    for i in range(int(p.lamps)):
        out.append(part(f"lamp_{i + 1}", hcyl(0.1, 0.04, "y", x, hy - 0.145,
                                              z0 + hh * (i + 0.5) / 3)))
    return out


@archetype("hoop", ("",), rim=(3.05, 3.05), reach=(1.0, 1.3), board_w=(1.8, 1.8),
           board_h=(1.05, 1.05))
def hoop(p: P) -> list[Part]:
    """A basketball hoop: base, pole, arm, backboard, and the rim's top at ``rim`` (3.05 m)."""
    board_bottom = p.rim - 0.15
    pole_h = board_bottom + p.board_h * 0.6
    rim_r, tube = 0.2286, 0.01
    board_y = -p.reach
    return [part("base", box(1.0, 1.4, 0.4, 0, 0.35)),
            part("pole", cyl(0.09, pole_h - 0.4, 0, 0.35, 0.4)),
            part("arm", box(0.12, p.reach + 0.35 - 0.09, 0.12, 0, (board_y + 0.35 - 0.09) / 2,
                            pole_h - 0.2)),
            part("backboard", box(p.board_w, 0.03, p.board_h, 0, board_y - 0.015 + 0.0,
                                  board_bottom)),
            part("rim", torus(rim_r, tube, 0, board_y - 0.03 - 0.15 - rim_r, p.rim - tube),
                 joint=0.0),
            part("rim_bracket", box(0.1, 0.15, 0.04, 0, board_y - 0.03 - 0.075, p.rim - 0.06)),
            part("net", frustum(rim_r - 0.02, rim_r * 0.6, 0.4).turned((math.pi, 0, 0)).moved(
                (0, board_y - 0.03 - 0.15 - rim_r, p.rim - 2 * tube)), joint=0.001)]


@archetype("tripod", ("camera", "light", "microphone", "music stand"), h=(1.4, 1.7),
           spread=(0.35, 0.45))
def tripod(p: P) -> list[Part]:
    """Three splayed legs, a centre column and a head (camera, lamp, microphone, desk)."""
    leg_h = p.h * 0.45
    out = []
    for i in range(3):
        a = TAU * i / 3 + math.pi / 2
        tilt = math.atan2(p.spread, leg_h)
        length = math.hypot(p.spread, leg_h)
        leg = cyl(0.012, length, sections=6).turned((0, tilt, 0)).turned((0, 0, a + math.pi))
        # the leg's foot at the floor, its top at the column
        foot = (p.spread * math.cos(a), p.spread * math.sin(a), 0.0)
        out.append(part(f"leg_{i + 1}", leg.moved(foot), joint=0.05))
    col_h = p.h - 0.15
    out.append(part("column", cyl(0.018, col_h - leg_h + 0.02, z=leg_h - 0.02, sections=8),
                    joint=0.05))
    if p.opt == "camera":
        out.append(part("head", box(0.12, 0.2, 0.12, 0, 0, col_h)))
        out.append(part("lens", hcyl(0.04, 0.1, "y", 0, -0.15, col_h + 0.06)))
    elif p.opt == "light":
        out.append(part("head", box(0.35, 0.12, 0.3, 0, 0, col_h)))
    elif p.opt == "microphone":
        out.append(part("boom", box(0.02, 0.35, 0.02, 0, -0.175 + 0.009, col_h)))
        out.append(part("head", sphere(0.03, 0, -0.38, col_h + 0.01)))
    else:
        out.append(part("head", box(0.5, 0.03, 0.35, 0, -0.02, col_h).turned(
            (-0.3, 0, 0), (0, 0, col_h)), joint=0.05))
    return out


# ------------------------------------------------------------------ vehicles

@archetype("vehicle", ("",), l=(4.2, 4.8), w=(1.75, 1.85), body=(0.6, 0.7),
           gap=(0.18, 0.22), cabin=(0.5, 0.55), cabin_h=(0.5, 0.6), cabin_at=(0.05, 0.1),
           wheel=(0.31, 0.34), axles=(2, 2), form=(0, 0), extra=(0, 0))
def vehicle(p: P) -> list[Part]:
    """A road or rail vehicle, bonnet towards −Y. ``form``: 0 a car (a cabin on the body),
    1 a van or bus (one tall body), 2 a truck (a cab, then a cargo box), 3 a rail carriage on two
    bogies. ``extra``: 1 a roof sign, 2 a light bar, 3 a ladder on the roof, 4 a tank."""
    form, extra = round(p.form), round(p.extra)
    r, ww = p.wheel, 0.22
    z0 = p.gap
    arch = 2 * r - z0 + 0.001 if 2 * r > z0 else 0.0
    out: list[Part] = []
    if form == 3:
        out.append(part("body", box(p.w, p.l, p.body, z=z0 + 0.5)))
        for j, y in enumerate((-p.l * 0.35, p.l * 0.35)):
            out.append(part(f"bogie_{j + 1}", box(p.w * 0.75, 2.6, 0.4, 0, y, z0 + 0.1)))
            for k, dy in enumerate((-0.9, 0.9)):
                for s in (-1, 1):
                    out.append(wheel(f"wheel_{j * 4 + k * 2 + (s + 1) // 2 + 1}", 0.45, 0.15,
                                     s * p.w * 0.3, y + dy, joint=0.9))
        return out
    top = z0 + p.body
    if form == 2:
        cab_l = 2.2
        out.append(part("cab", box(p.w, cab_l, p.body + p.cabin_h, 0, -p.l / 2 + cab_l / 2, z0)))
        out.append(part("chassis", box(p.w * 0.8, p.l - cab_l, 0.3, 0,
                                       p.l / 2 - (p.l - cab_l) / 2, z0)))
        cargo = (box(p.w, p.l - cab_l - 0.1, p.body + p.cabin_h * 1.3, 0,
                     p.l / 2 - (p.l - cab_l - 0.1) / 2, z0 + 0.3) if extra != 4 else
                 hcyl(p.w / 2, p.l - cab_l - 0.3, "y", 0, p.l / 2 - (p.l - cab_l - 0.3) / 2,
                      z0 + 0.3 + p.w / 2))
        out.append(part("cargo", cargo))
    elif form == 1:
        out.append(part("body", box(p.w, p.l, p.body + p.cabin_h, z=z0)))
    else:
        out.append(part("body", box(p.w, p.l, p.body, z=z0)))
        cl = p.l * p.cabin
        out.append(part("cabin", box(p.w * 0.9, cl, p.cabin_h, 0, p.l * p.cabin_at, top)))
    n = max(2, round(p.axles))
    ys = [(-p.l / 2 + r + 0.45) + (p.l - 2 * r - 0.9) * i / (n - 1) for i in range(n)]
    for i, y in enumerate(ys):
        for s, _side in ((-1, "left"), (1, "right")):
            out.append(wheel(f"wheel_{2 * i + (s + 1) // 2 + 1}", r, ww,
                             s * (p.w / 2 - ww / 2 + 0.02), y, joint=arch + 0.02))
    roof = top + p.cabin_h if form in (0, 1) else z0 + p.body + p.cabin_h
    if extra == 1:
        out.append(part("roof_sign", box(0.6, 0.2, 0.16, 0, p.l * p.cabin_at, roof)))
    elif extra == 2:
        out.append(part("light_bar", box(1.2, 0.25, 0.1, 0, p.l * p.cabin_at, roof)))
    elif extra == 3:
        rz = z0 + p.body + p.cabin_h * (1.3 if form == 2 else 1.0) + (0.3 if form == 2 else 0)
        out.append(part("ladder", box(0.5, p.l * 0.6, 0.1, 0, p.l * 0.1, rz)))
    return out


@archetype("two_wheeler", ("bicycle", "motorbike", "scooter"), l=(1.7, 1.8), wheel=(0.33, 0.36),
           seat=(0.8, 0.9))
def two_wheeler(p: P) -> list[Part]:
    r = p.wheel
    yf, yr = -p.l / 2 + r, p.l / 2 - r
    motor = p.opt in ("motorbike", "scooter")
    tube = 0.05 if motor else 0.02
    out = [part("wheel_front", torus(r - tube, tube, 0, yf, r, "yz")),
           part("wheel_rear", torus(r - tube, tube, 0, yr, r, "yz"))]
    sh = p.seat
    if motor:
        out.append(part("engine", box(0.3, p.l * 0.35, 0.3, 0, 0.0, r * 0.6), joint=0.12))
        out.append(part("tank", box(0.3, p.l * 0.3, 0.25, 0, -p.l * 0.12, r * 0.6 + 0.3),
                        joint=0.12))
        engine_top = r * 0.6 + 0.3
        out.append(part("seat", box(0.3, p.l * 0.3, max(0.08, sh - engine_top), 0, p.l * 0.18,
                                    min(engine_top, sh - 0.08)), joint=0.3))
    else:
        out.append(part("frame", box(0.04, p.l * 0.45, 0.04, 0, 0, r + 0.15),
                        box(0.04, 0.04, sh - r - 0.19, 0, p.l * 0.05, r + 0.19), joint=0.05))
        out.append(part("seat", box(0.14, 0.25, 0.05, 0, p.l * 0.05, sh - 0.05)))
    out.append(part("fork", box(0.04, 0.04, sh + 0.15 - r, 0, yf + 0.02, r + tube),
                    joint=tube * 2))
    out.append(part("handlebar", box(0.6 if motor else 0.5, 0.04, 0.04, 0, yf + 0.02,
                                     sh + 0.15 + tube - 0.04 + 0.04)))
    return out


@archetype("helicopter", ("",), l=(9.0, 11.0), rotor=(9.0, 11.0), cabin=(1.6, 2.0))
def helicopter(p: P) -> list[Part]:
    c = p.cabin
    out = [part("skid_left", box(0.08, c * 1.7, 0.08, -c * 0.45), joint=0.05),
           part("skid_right", box(0.08, c * 1.7, 0.08, c * 0.45), joint=0.05),
           part("struts", box(c * 0.9, 0.1, 0.4, 0, -c * 0.4, 0.08),
                box(c * 0.9, 0.1, 0.4, 0, c * 0.4, 0.08), joint=0.1),
           part("cabin", sphere(c / 2, 0, -p.l * 0.2, 0.48 + c * 0.55,
                                (1.0, 1.7, 1.1)), joint=0.15),
           part("tail_boom", box(0.3, p.l * 0.55, 0.35, 0, p.l * 0.2, 0.48 + c * 0.7),
                joint=c * 0.6),
           part("fin", box(0.08, 0.6, 1.0, 0, p.l * 0.45, 0.48 + c * 0.7), joint=0.36),
           part("mast", cyl(0.08, 0.35, 0, -p.l * 0.2, 0.48 + c * 1.1), joint=0.3),
           part("main_rotor", box(p.rotor, 0.3, 0.05, 0, -p.l * 0.2, 0.48 + c * 1.1 + 0.35)),
           part("tail_rotor", box(0.05, 0.2, 1.4, 0.065, p.l * 0.47, 0.48 + c * 0.5))]
    return out


@archetype("airplane", ("",), l=(8.0, 12.0), span=(10.0, 12.0), body=(1.2, 1.6))
def airplane(p: P) -> list[Part]:
    r = p.body / 2
    gear = 0.9
    zc = gear + r
    return [part("gear_front", cyl(0.06, gear + 0.02, 0, -p.l * 0.35, 0), joint=0.1),
            part("gear_left", cyl(0.06, gear + 0.02, -1.2, 0, 0), joint=0.1),
            part("gear_right", cyl(0.06, gear + 0.02, 1.2, 0, 0), joint=0.1),
            part("fuselage", sphere(r, 0, 0, zc, (1.0, p.l / p.body, 1.0))),
            part("wings", box(p.span, 1.6, 0.15, 0, -p.l * 0.05, zc - 0.1), joint=r),
            part("tailplane", box(p.span * 0.35, 0.8, 0.1, 0, p.l * 0.42, zc), joint=r),
            part("fin", box(0.1, 1.0, 1.4, 0, p.l * 0.42, zc + r * 0.3), joint=r)]


@archetype("drone", ("",), span=(0.3, 0.45), h=(0.12, 0.18))
def drone(p: P) -> list[Part]:
    out = [part("body", box(p.span * 0.35, p.span * 0.35, p.h * 0.4, z=p.h * 0.35))]
    for i in range(4):
        a = TAU * (i + 0.5) / 4
        x, y = p.span / 2 * math.cos(a), p.span / 2 * math.sin(a)
        out.append(part(f"arm_{i + 1}", box(0.02, 0.02, p.h * 0.35, x, y)))
        out.append(part(f"rotor_{i + 1}", cyl(p.span * 0.18, 0.01, x, y, p.h * 0.75 + 0.01),
                        joint=0.0))
        out.append(part(f"motor_{i + 1}", cyl(0.015, p.h * 0.4, x, y, p.h * 0.35)))
    return out


@archetype("boat", ("rowing", "sail", "cabin"), l=(3.5, 5.0), w=(1.2, 1.6), hull=(0.5, 0.7))
def boat(p: P) -> list[Part]:
    """A hull with a pointed bow towards −Y, and oars, a mast and sail, or a cabin."""
    hw = p.w / 2
    bow = p.l * 0.25
    outline = [(-hw * 0.7, 0.0), (hw * 0.7, 0.0), (hw, p.hull), (-hw, p.hull)]
    body = prism(outline, p.l - bow).turned((0, 0, 0)).moved((0, bow / 2, 0))
    tip = prism([(-hw * 0.7, 0), (hw * 0.7, 0), (hw, p.hull), (-hw, p.hull)], 0.01).moved(
        (0, -p.l / 2 + bow, 0))
    nose = Mesh(tip.vertices.copy(), tip.faces)
    nose.vertices[nose.vertices[:, 1] < -p.l / 2 + bow, 0] *= 0.0
    nose.vertices[nose.vertices[:, 1] < -p.l / 2 + bow, 1] = -p.l / 2
    out = [part("hull", body), part("bow", nose, joint=0.01)]
    if p.opt == "rowing":
        out.append(part("seat", box(p.w * 0.9, 0.25, 0.04, 0, 0.1, p.hull - 0.04), joint=0.04))
        out.append(part("oar_left", box(2.2, 0.06, 0.04, -hw - 0.5, 0.1, p.hull), joint=0.6))
        out.append(part("oar_right", box(2.2, 0.06, 0.04, hw + 0.5, 0.1, p.hull), joint=0.6))
    elif p.opt == "sail":
        mast = p.l * 1.2
        out.append(part("mast", cyl(0.05, mast, 0, -p.l * 0.1, p.hull)))
        out.append(part("sail", prism([(0.06, 0.3), (p.l * 0.55, 0.3), (0.06, mast * 0.95)],
                                      0.01).turned((0, 0, -math.pi / 2)).moved(
                                          (0, -p.l * 0.1 + 0.0, p.hull)), joint=0.06))
    else:
        out.append(part("cabin", box(p.w * 0.7, p.l * 0.35, p.hull * 1.2, 0, p.l * 0.1, p.hull)))
    return out


# ------------------------------------------------------------------ nature

@archetype("tree", ("round crown", "cone crown", "palm", "columnar", "layered", "bare"),
           h=(5.0, 8.0), trunk=(0.15, 0.25), crown=(1.5, 2.5), gap=(0.35, 0.45))
def tree(p: P) -> list[Part]:
    """A trunk and a crown; ``clear``: the fraction of the height below the crown."""
    base_h = p.h * p.gap
    out = [part("trunk", frustum(p.trunk, p.trunk * 0.6, base_h + p.trunk, sections=10))]
    rest = p.h - base_h
    sink = p.trunk + 0.05
    if p.opt == "cone crown":
        crown = frustum(p.crown, 0.0, rest, z=base_h, sections=12)
    elif p.opt == "palm":
        out[0] = part("trunk", frustum(p.trunk, p.trunk * 0.7, p.h - 0.1, sections=10))
        fronds = [box(0.25, p.crown, 0.04, 0, -p.crown / 2, 0).turned((-0.35, 0, TAU * i / 7))
                  .moved((0, 0, p.h - 0.12)) for i in range(7)]
        out.append(part("crown", *fronds, joint=0.35))
        return out
    elif p.opt == "columnar":
        crown = sphere(p.crown * 0.45, 0, 0, base_h + rest / 2, (1, 1, rest / (p.crown * 0.9)))
    elif p.opt == "layered":
        crown_meshes = [frustum(p.crown * (1 - 0.25 * i), 0.0, rest * 0.45,
                                z=base_h + rest * 0.25 * i, sections=12) for i in range(3)]
        out.append(part("crown", *crown_meshes, joint=sink + rest * 0.3))
        return out
    elif p.opt == "bare":
        branches = [box(0.08, p.crown * 0.8, 0.08, 0, -p.crown * 0.4, 0).turned(
            (-0.6, 0, TAU * i / 5 + 0.4)).moved((0, 0, base_h + rest * 0.1 * (i % 3)))
            for i in range(5)]
        out.append(part("branches", *branches, joint=0.5))
        return out
    else:
        crown = sphere(p.crown, 0, 0, base_h + rest / 2, (1, 1, rest / (2 * p.crown)))
    out.append(part("crown", crown, joint=sink + 0.1))
    return out


@archetype("blob", ("round", "flat", "tall"), w=(0.8, 1.2), d=(0.7, 1.0), h=(0.5, 0.8),
           lumps=(1, 1))
def blob(p: P) -> list[Part]:
    """A rock, bush, hay bale or mound: one or a cluster of ellipsoids resting on the ground
    (``lumps`` > 1 packs smaller ones round a big one, all touching the ground)."""
    n = max(1, round(p.lumps))
    if n == 1:
        sink = p.h * 0.1
        return [part("body", sphere(1.0, 0, 0, 0, (p.w / 2, p.d / 2, (p.h + sink) / 2))
                     .moved((0, 0, (p.h + sink) / 2 - sink)).clip_bottom())]
    out = [part("body", sphere(1.0, 0, 0, 0, (p.w / 3, p.d / 3, p.h / 2)).moved((0, 0, p.h / 2)))]
    for i in range(n - 1):
        a = TAU * i / (n - 1)
        out.append(part(f"lump_{i + 1}", sphere(1.0, 0, 0, 0, (p.w / 4, p.d / 4, p.h / 3)).moved(
            (p.w / 4 * math.cos(a), p.d / 4 * math.sin(a), p.h / 3)), joint=max(p.w, p.d) / 2))
    return out


@archetype("plant", ("leafy", "tall", "flowering"), pot=(0.12, 0.18), pot_h=(0.18, 0.28),
           foliage=(0.25, 0.4), h=(0.6, 1.0))
def plant(p: P) -> list[Part]:
    out = [part("pot", lathe([(0, 0), (p.pot * 0.75, 0), (p.pot, p.pot_h), (0, p.pot_h)]))]
    stem_h = max(0.02, p.h - p.pot_h - 2 * p.foliage * (0.5 if p.opt == "tall" else 0.8))
    out.append(part("stem", cyl(0.015, stem_h, z=p.pot_h, sections=6)))
    top = p.pot_h + stem_h
    if p.opt == "tall":
        out.append(part("foliage", sphere(p.foliage * 0.6, 0, 0, top + (p.h - top) / 2,
                                          (1, 1, (p.h - top) / (1.2 * p.foliage))), joint=0.05))
    else:
        fh = p.h - top
        out.append(part("foliage", sphere(p.foliage, 0, 0, top + fh / 2,
                                          (1, 1, fh / (2 * p.foliage))), joint=0.05))
    if p.opt == "flowering":
        out.append(part("flowers", *[sphere(0.04, p.foliage * 0.6 * math.cos(TAU * i / 5),
                                            p.foliage * 0.6 * math.sin(TAU * i / 5),
                                            top + (p.h - top) * 0.75) for i in range(5)],
                        joint=0.2))
    return out


@archetype("cactus", ("",), h=(1.5, 3.0), r=(0.15, 0.25))
def cactus(p: P) -> list[Part]:
    out = [part("trunk", cyl(p.r, p.h - p.r, sections=10), sphere(p.r, z=p.h - p.r))]
    for s, n in ((-1, "arm_left"), (1, "arm_right")):
        z = p.h * (0.35 if s < 0 else 0.5)
        out.append(part(n, box(p.r * 1.5, p.r * 1.2, p.r * 1.2, s * (p.r + p.r * 0.75), 0, z),
                        cyl(p.r * 0.6, p.h * 0.3, s * (p.r * 2.0), 0, z + p.r * 1.2, sections=8),
                        joint=p.r * 0.6))
    return out


# ------------------------------------------------------------------ sports

@archetype("ball", ("",), r=(0.11, 0.12), stretch=(1.0, 1.0))
def ball(p: P) -> list[Part]:
    """A ball resting on the ground; ``stretch`` > 1 makes it a prolate (rugby) ball lying
    along y."""
    return [part("ball", sphere(p.r, 0, 0, p.r, (1.0, p.stretch, 1.0), rings=10))]


@archetype("goal", ("",), w=(7.32, 7.32), h=(2.44, 2.44), d=(1.5, 2.0), post=(0.06, 0.06))
def goal(p: P) -> list[Part]:
    t = p.post
    return [part("post_left", box(t, t, p.h, -p.w / 2 - t / 2, -p.d / 2 + t / 2)),
            part("post_right", box(t, t, p.h, p.w / 2 + t / 2, -p.d / 2 + t / 2)),
            part("crossbar", box(p.w + 2 * t, t, t, 0, -p.d / 2 + t / 2, p.h)),
            part("ground_bar", box(p.w, t, t, 0, p.d / 2 - t / 2, 0)),
            part("net", box(p.w, 0.01, p.h, 0, p.d / 2 - t - 0.005, t * 0.0 + t), joint=t)]


@archetype("net", ("",), w=(6.0, 10.0), h=(0.9, 2.4), post=(0.05, 0.07), net_h=(0.9, 1.0))
def net(p: P) -> list[Part]:
    return [part("post_left", cyl(p.post, p.h, -p.w / 2 - p.post, 0, sections=10)),
            part("post_right", cyl(p.post, p.h, p.w / 2 + p.post, 0, sections=10)),
            part("net", box(p.w, 0.01, min(p.net_h, p.h * 0.95), 0, 0,
                            p.h - min(p.net_h, p.h * 0.95)))]


@archetype("weights", ("dumbbell", "barbell", "kettlebell"), l=(0.3, 0.4), plate=(0.08, 0.12))
def weights(p: P) -> list[Part]:
    r = p.plate
    if p.opt == "kettlebell":
        return [part("bell", sphere(r, 0, 0, r)),
                part("handle", torus(r * 0.6, r * 0.12, 0, 0, 2 * r + r * 0.3, "xz"),
                     joint=r * 0.6)]
    out = [part("bar", hcyl(0.015, p.l, "x", 0, 0, r))]
    for s, n in ((-1, "plate_left"), (1, "plate_right")):
        out.append(part(n, hcyl(r, 0.04, "x", s * (p.l / 2 - 0.08), 0, r), joint=0.035))
    return out


@archetype("board", ("",), l=(0.8, 2.0), w=(0.2, 0.55), t=(0.02, 0.08), wheels=(0, 0),
           handle=(0, 0))
def board(p: P) -> list[Part]:
    """A flat elongated thing lying along y (skateboard with wheels, surfboard, racket with a
    handle, a yoga mat, a bat)."""
    zb = 0.06 if p.wheels else 0.0
    shape = sphere(1.0, 0, 0, 0, (p.w / 2, p.l / 2 * (1 - p.handle), p.t / 2)).moved(
        (0, p.l * p.handle / 2, zb + p.t / 2)) if p.w < p.l * 0.6 or p.handle else \
        box(p.w, p.l, p.t, z=zb)
    out = [part("deck", shape)]
    if p.handle:
        out.append(part("handle", box(0.035, p.l * p.handle, 0.03, 0, -p.l / 2 + p.l * p.handle / 2,
                                      zb + p.t / 2 - 0.015), joint=0.05))
    if p.wheels:
        for i, (sx, sy) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1))):
            out.append(part(f"wheel_{i + 1}", hcyl(0.03, 0.04, "x", sx * p.w * 0.3,
                                                   sy * p.l * 0.32, 0.03), joint=0.01))
    return out


@archetype("game_table", ("ping pong", "pool", "foosball"), w=(1.5, 2.74), d=(0.8, 1.525),
           h=(0.76, 0.8))
def game_table(p: P) -> list[Part]:
    top_t = 0.05 if p.opt == "ping pong" else 0.15
    out = [*legs4(p.w, p.d, p.h - top_t, 0.08, 0.1),
           part("top", box(p.w, p.d, top_t, z=p.h - top_t))]
    if p.opt == "ping pong":
        out.append(part("net", box(0.01, p.d + 0.1, 0.1525, 0, 0, p.h)))
    elif p.opt == "pool":
        for s, n in ((-1, "rail_front"), (1, "rail_back")):
            out.append(part(n, box(p.w, 0.1, 0.05, 0, s * (p.d / 2 - 0.05), p.h)))
    else:
        for i in range(6):
            out.append(part(f"rod_{i + 1}", hcyl(0.01, p.d + 0.3, "y",
                                                 -p.w / 2 + p.w * (i + 0.5) / 6, 0, p.h + 0.01)))
    return out


# ------------------------------------------------------------------ instruments

@archetype("piano", ("upright", "grand"), w=(1.45, 1.55), d=(0.55, 0.65), h=(1.1, 1.3))
def piano(p: P) -> list[Part]:
    if p.opt == "grand":
        L = p.d * 3.0
        out = [*[part(f"leg_{i + 1}", box(0.1, 0.1, 0.62, x, y)) for i, (x, y) in enumerate(
            ((-p.w / 2 + 0.1, -L / 2 + 0.2), (p.w / 2 - 0.1, -L / 2 + 0.2), (0, L / 2 - 0.2)))],
               part("case", box(p.w, L, 0.35, z=0.62)),
               part("keyboard", box(p.w, 0.3, 0.1, 0, -L / 2 - 0.15, 0.62 + 0.15)),
               part("lid", box(p.w * 0.9, L * 0.8, 0.02, 0, L * 0.05, 0.97).turned(
                   (0.5, 0, 0), (0, -L * 0.35, 0.97)), joint=0.2),
               part("lid_prop", box(0.02, 0.02, 0.5, p.w * 0.3, -L * 0.2, 0.97), joint=0.2)]
        return out
    return [part("case", box(p.w, p.d, p.h, 0, 0.1)),
            part("keyboard", box(p.w, 0.3, 0.1, 0, -p.d / 2 + 0.1 - 0.15, 0.68)),
            part("leg_left", box(0.06, 0.06, 0.68, -p.w / 2 + 0.03, -p.d / 2 + 0.1 - 0.27)),
            part("leg_right", box(0.06, 0.06, 0.68, p.w / 2 - 0.03, -p.d / 2 + 0.1 - 0.27))]


@archetype("stringed", ("lying", "standing"), body=(0.45, 0.5), bout=(0.35, 0.38),
           depth=(0.08, 0.1), neck=(0.45, 0.5), endpin=(0.0, 0.0))
def stringed(p: P) -> list[Part]:
    """A guitar-family body (lower and upper bouts), neck and head. 'lying' on its back with
    the neck along −Y... no: along +X (the player's left); 'standing' upright on its end (or
    on an end pin)."""
    lb, ub = p.bout / 2, p.bout * 0.4
    if p.opt == "standing":
        z0 = p.endpin
        out = [part("body", sphere(1.0, 0, 0, 0, (lb, p.depth / 2, p.body * 0.3)).moved(
            (0, 0, z0 + p.body * 0.3)),
                    sphere(1.0, 0, 0, 0, (ub, p.depth / 2, p.body * 0.22)).moved(
            (0, 0, z0 + p.body * 0.78)), joint=0.0),
               part("neck", box(p.bout * 0.12, p.depth * 0.4, p.neck, 0, 0, z0 + p.body),
                    joint=0.05),
               part("head", box(p.bout * 0.16, p.depth * 0.4, p.neck * 0.2, 0, 0,
                                z0 + p.body + p.neck))]
        if p.endpin > 0:
            out.append(part("endpin", cyl(0.01, z0 + 0.02, sections=6), joint=0.02))
        return out
    zc = p.depth / 2
    return [part("body", sphere(1.0, 0, 0, 0, (p.body * 0.3, lb, p.depth / 2)).moved(
        (-p.body * 0.3, 0, zc)), sphere(1.0, 0, 0, 0, (p.body * 0.22, ub, p.depth / 2)).moved(
        (p.body * 0.22 - 0.0, 0, zc))),
            part("neck", box(p.neck, p.bout * 0.12, p.depth * 0.4, p.body * 0.44 + p.neck / 2, 0,
                             zc - p.depth * 0.2), joint=0.0),
            part("head", box(p.neck * 0.2, p.bout * 0.16, p.depth * 0.4,
                             p.body * 0.44 + p.neck + p.neck * 0.1, 0, zc - p.depth * 0.2))]


@archetype("drum_kit", ("",), bass=(0.25, 0.28), toms=(2, 2))
def drum_kit(p: P) -> list[Part]:
    r = p.bass
    out = [part("bass_drum", hcyl(r, 0.45, "y", 0, 0, r)),
           part("snare", cyl(0.18, 0.14, -0.55, -0.35, 0.6)),
           part("snare_stand", cyl(0.015, 0.6, -0.55, -0.35, 0, sections=6)),
           part("floor_tom", cyl(0.22, 0.4, 0.6, -0.2, 0.2)),
           part("floor_tom_legs", cyl(0.015, 0.2, 0.6, -0.2, 0, sections=6)),
           part("hi_hat_stand", cyl(0.015, 0.95, -0.9, 0.0, 0, sections=6)),
           part("hi_hat", cyl(0.18, 0.03, -0.9, 0.0, 0.95)),
           part("cymbal_stand", cyl(0.015, 1.3, 0.75, 0.35, 0, sections=6)),
           part("cymbal", cyl(0.25, 0.01, 0.75, 0.35, 1.3)),
           part("stool", cyl(0.17, 0.08, 0, 0.75, 0.5), cyl(0.02, 0.5, 0, 0.75, 0, sections=6))]
    for i in range(int(p.toms)):
        x = (-1 + 2 * i) * 0.14
        out.append(part(f"tom_{i + 1}", cyl(0.13, 0.16, x, -0.05, 2 * r + 0.05)))
    out.append(part("tom_mount", cyl(0.015, 0.05, 0, -0.05, 2 * r, sections=6)))
    return out


@archetype("drum", ("",), r=(0.15, 0.3), h=(0.15, 0.6), legs=(0, 0))
def drum(p: P) -> list[Part]:
    z = 0.0
    out = []
    if p.legs > 0:
        out += legs4(p.r * 1.4, p.r * 1.4, p.legs, 0.03)
        z = p.legs
    out.append(part("shell", cyl(p.r, p.h, z=z, sections=20)))
    out.append(part("head", cyl(p.r * 1.02, 0.01, z=z + p.h, sections=20)))
    return out


@archetype("zither", ("on a table", "alone"), l=(1.2, 1.3), w=(0.18, 0.22), t=(0.05, 0.06))
def zither(p: P) -> list[Part]:
    """A qin / guzheng: a long flat body, the head to the player's right (+X), on a low table
    or alone on the floor (on its feet)."""
    z = 0.0
    out = []
    if p.opt == "on a table":
        out += legs4(p.l + 0.1, p.w + 0.25, 0.62, 0.05)
        out.append(part("table_top", box(p.l + 0.1, p.w + 0.25, 0.04, z=0.62)))
        z = 0.66
    else:
        out += [part("foot_left", box(0.04, p.w * 0.5, 0.03, -p.l * 0.3, 0, 0)),
                part("foot_right", box(0.04, p.w * 0.5, 0.03, p.l * 0.3, 0, 0))]
        z = 0.03
    out.append(part("body", box(p.l, p.w, p.t, z=z)))
    out.append(part("bridge", box(0.02, p.w * 0.9, 0.015, p.l * 0.42, 0, z + p.t)))
    return out


@archetype("harp", ("",), h=(1.6, 1.8), d=(0.8, 1.0))
def harp(p: P) -> list[Part]:
    return [part("base", box(0.35, 0.45, 0.1, 0, p.d * 0.3)),
            part("column", box(0.06, 0.06, p.h - 0.1, 0, -p.d / 2 + 0.05, 0.0)),
            part("neck", box(0.06, p.d, 0.1, 0, 0, p.h - 0.1)),
            part("soundboard", box(0.18, 0.12, p.h - 0.25, 0, p.d * 0.3, 0.1).turned(
                (0.35, 0, 0), (0, p.d * 0.3, 0.1)), joint=0.25)]


# ------------------------------------------------------------------ electronics and office

@archetype("screen", ("stand", "wall", "lying"), w=(0.55, 0.7), h=(0.33, 0.42), t=(0.03, 0.05))
def screen(p: P) -> list[Part]:
    """A display: on a stand (monitor, TV), flat on a wall, or lying (tablet, phone)."""
    if p.opt == "lying":
        return [part("body", box(p.w, p.h, p.t)),
                part("screen", box(p.w * 0.9, p.h * 0.9, 0.002, z=p.t))]
    if p.opt == "wall":
        return [part("panel", box(p.w, p.t, p.h)),
                part("screen", box(p.w * 0.94, 0.002, p.h * 0.9, 0, -p.t / 2 - 0.001, p.h * 0.05))]
    neck = p.h * 0.35
    return [part("base", box(p.w * 0.35, 0.2, 0.02)),
            part("neck", box(0.05, 0.04, neck, 0, 0.02, 0.02)),
            part("panel", box(p.w, p.t, p.h, 0, 0.02 - 0.02 - p.t / 2, 0.02 + neck)),
            part("screen", box(p.w * 0.94, 0.002, p.h * 0.9, 0, -p.t - 0.001,
                               0.02 + neck + p.h * 0.05))]


@archetype("laptop", ("",), w=(0.3, 0.38), d=(0.21, 0.26), t=(0.015, 0.02), open_=(1.7, 1.9))
def laptop(p: P) -> list[Part]:
    lid = box(p.w, 0.008, p.d, 0, 0, 0).turned((-(p.open_ - math.pi / 2), 0, 0))
    return [part("base", box(p.w, p.d, p.t)),
            part("keys", box(p.w * 0.85, p.d * 0.45, 0.002, 0, 0.0, p.t)),
            part("lid", lid.moved((0, p.d / 2 + 0.004, p.t)), joint=0.01)]


@archetype("gadget", ("",), w=(0.3, 0.4), d=(0.25, 0.35), h=(0.15, 0.25), feature=(0, 0))
def gadget(p: P) -> list[Part]:
    """A box-bodied device: ``feature`` 1 a speaker cone, 2 a lens, 3 two antennas, 4 a paper
    tray, 5 a dial, 6 a keyboard slope, 7 a slot on top (toaster)."""
    f = round(p.feature)
    out = [part("body", box(p.w, p.d, p.h))]
    if f == 1:
        out.append(part("cone", hcyl(min(p.w, p.h) * 0.35, 0.02, "y", 0, -p.d / 2 - 0.01,
                                     p.h * 0.45)))
    elif f == 2:
        out.append(part("lens", hcyl(min(p.w, p.h) * 0.3, p.d * 0.5, "y", 0, -p.d / 2 - p.d * 0.25,
                                     p.h / 2)))
    elif f == 3:
        for s, n in ((-1, "antenna_left"), (1, "antenna_right")):
            out.append(part(n, cyl(0.005, p.h * 1.2, s * p.w * 0.4, p.d * 0.4, p.h, sections=6)))
    elif f == 4:
        out.append(part("tray", box(p.w * 0.7, p.d * 0.4, 0.02, 0, -p.d / 2 - p.d * 0.2,
                                    p.h * 0.3)))
    elif f == 5:
        out.append(part("dial", hcyl(min(p.w, p.h) * 0.2, 0.02, "y", p.w * 0.25, -p.d / 2 - 0.01,
                                     p.h * 0.5)))
    elif f == 6:
        out.append(part("keys", prism([(-p.w / 2, 0), (p.w / 2, 0), (p.w / 2, 0.001),
                                       (-p.w / 2, p.h * 0.3)], p.d * 0.5, y=-p.d / 2 - p.d * 0.25)))
    elif f == 7:
        out.append(part("lever", box(0.02, 0.03, 0.04, p.w / 2 + 0.01, 0, p.h * 0.6)))
    return out


@archetype("office_chair", ("",), seat_h=(0.44, 0.52), w=(0.48, 0.55), back=(0.5, 0.65))
def office_chair(p: P) -> list[Part]:
    out = []
    for i in range(5):
        a = TAU * i / 5 + math.pi / 2
        out.append(part(f"base_leg_{i + 1}", box(0.3, 0.05, 0.04, 0.15, 0, 0.03).turned(
            (0, 0, a)), joint=0.05))
        out.append(part(f"caster_{i + 1}", sphere(0.03, 0.29 * math.cos(a), 0.29 * math.sin(a),
                                                  0.03), joint=0.04))
    out.append(part("column", cyl(0.03, p.seat_h - 0.08 - 0.05, z=0.05, sections=10), joint=0.02))
    out.append(part("seat", box(p.w, p.w, 0.08, z=p.seat_h - 0.08)))
    out.append(part("back", box(p.w * 0.9, 0.05, p.back, 0, p.w / 2 + 0.025, p.seat_h)))
    return out


# ------------------------------------------------------------------ street and props

@archetype("hydrant", ("",), h=(0.7, 0.9), r=(0.12, 0.15))
def hydrant(p: P) -> list[Part]:
    return [part("base", cyl(p.r * 1.3, 0.06, sections=12)),
            part("body", cyl(p.r, p.h * 0.7, z=0.06, sections=12)),
            part("cap", sphere(p.r, 0, 0, 0.06 + p.h * 0.7, (1, 1, 0.9)), joint=p.r),
            part("nozzle_left", hcyl(p.r * 0.4, p.r * 0.5, "x", -p.r - p.r * 0.25, 0, p.h * 0.5)),
            part("nozzle_right", hcyl(p.r * 0.4, p.r * 0.5, "x", p.r + p.r * 0.25, 0, p.h * 0.5)),
            part("nozzle_front", hcyl(p.r * 0.5, p.r * 0.5, "y", 0, -p.r - p.r * 0.25, p.h * 0.45))]


@archetype("bin", ("round", "square", "wheeled"), w=(0.45, 0.6), h=(0.8, 1.0))
def bin_(p: P) -> list[Part]:
    if p.opt == "round":
        return [part("body", frustum(p.w * 0.45, p.w / 2, p.h - 0.05, sections=16)),
                part("lid", lathe([(0, 0), (p.w / 2 + 0.02, 0), (p.w * 0.3, 0.05), (0, 0.06)],
                                  z=p.h - 0.05, sections=16))]
    z = 0.0
    out = []
    if p.opt == "wheeled":
        out += [wheel("wheel_left", 0.1, 0.05, -p.w / 2 + 0.025, p.w * 0.4 - 0.05, joint=0.1),
                wheel("wheel_right", 0.1, 0.05, p.w / 2 - 0.025, p.w * 0.4 - 0.05, joint=0.1)]
        z = 0.05
    out.append(part("body", box(p.w, p.w * 0.9, p.h - 0.05 - z, z=z)))
    out.append(part("lid", box(p.w + 0.02, p.w * 0.9 + 0.02, 0.05, z=p.h - 0.05)))
    return out


@archetype("post_box", ("",), h=(1.1, 1.4), w=(0.4, 0.5), d=(0.35, 0.45), post=(0.0, 0.0))
def post_box(p: P) -> list[Part]:
    """A mailbox on a post, a newspaper box, a parking meter, a ticket machine: a box, on a
    post when ``post`` > 0, with a slot."""
    out = []
    z = 0.0
    if p.post > 0:
        out.append(part("post", box(0.08, 0.08, p.post)))
        z = p.post
    out.append(part("box", box(p.w, p.d, p.h - z, z=z)))
    out.append(part("slot", box(p.w * 0.6, 0.01, 0.03, 0, -p.d / 2 - 0.005, z + (p.h - z) * 0.7)))
    return out


@archetype("bench", ("backless", "with back", "picnic"), w=(1.5, 1.8), d=(0.4, 0.45),
           seat_h=(0.43, 0.47), back=(0.4, 0.45))
def bench(p: P) -> list[Part]:
    if p.opt == "picnic":
        out = [part("top", box(p.w, 0.75, 0.04, z=0.72)),
               *[part(f"support_{i + 1}", box(0.06, 0.7, 0.72 - 0.0, s * (p.w / 2 - 0.2)))
                 for i, s in enumerate((-1, 1))]]
        for i, y in enumerate((-0.6, 0.6)):
            out.append(part(f"seat_{i + 1}", box(p.w, 0.28, 0.04, 0, y, p.seat_h - 0.04)))
            out.append(part(f"seat_support_{i + 1}", box(p.w * 0.8, 0.05, 0.04, 0, y,
                                                         p.seat_h - 0.08)))
            out += [part(f"seat_leg_{i * 2 + k + 1}", box(0.05, 0.05, p.seat_h - 0.08,
                                                          s * (p.w / 2 - 0.2), y))
                    for k, s in enumerate((-1, 1))]
        return out
    out = [part("seat", box(p.w, p.d, 0.05, z=p.seat_h - 0.05)),
           part("leg_left", box(0.06, p.d * 0.9, p.seat_h - 0.05, -p.w / 2 + 0.12)),
           part("leg_right", box(0.06, p.d * 0.9, p.seat_h - 0.05, p.w / 2 - 0.12))]
    if p.opt == "with back":
        out.append(part("back", box(p.w, 0.04, p.back, 0, p.d / 2 - 0.02, p.seat_h)))
    return out


@archetype("umbrella", ("closed", "open", "patio"), h=(0.9, 2.4), r=(0.5, 1.3))
def umbrella(p: P) -> list[Part]:
    if p.opt == "closed":
        return [part("shaft", cyl(0.01, p.h * 0.3, sections=6)),
                part("canopy", frustum(0.05, 0.0, p.h * 0.7, z=p.h * 0.3, sections=10)),
                ]
    out = []
    if p.opt == "patio":
        out.append(part("base", cyl(0.25, 0.08, sections=16)))
    z0 = 0.08 if p.opt == "patio" else 0.0
    out.append(part("pole", cyl(0.02, p.h - z0 - 0.3, z=z0, sections=8)))
    out.append(part("canopy", frustum(p.r, 0.03, 0.3, z=p.h - 0.3, sections=16)))
    return out


@archetype("luggage", ("suitcase", "briefcase", "chest"), w=(0.4, 0.5), d=(0.22, 0.28),
           h=(0.55, 0.7))
def luggage(p: P) -> list[Part]:
    if p.opt == "chest":
        return [part("box", box(p.w, p.d, p.h * 0.6)),
                part("lid", hcyl(p.d / 2, p.w, "x", 0, 0, p.h * 0.6), joint=p.d / 2),
                part("lock", box(0.06, 0.02, 0.08, 0, -p.d / 2 - 0.01, p.h * 0.5))]
    z = 0.04 if p.opt == "suitcase" else 0.0
    out = [part("shell", box(p.w, p.d, p.h - z, z=z))]
    if p.opt == "suitcase":
        out += [wheel("wheel_left", 0.02, 0.02, -p.w / 2 + 0.04, p.d / 2 - 0.04, joint=0.02),
                wheel("wheel_right", 0.02, 0.02, p.w / 2 - 0.04, p.d / 2 - 0.04, joint=0.02),
                part("handle", box(0.2, 0.02, 0.2, 0, p.d / 2 - 0.03, p.h))]
    else:
        out.append(part("handle", box(0.12, 0.02, 0.04, 0, 0, p.h)))
    return out


@archetype("crate", ("plain", "slatted", "cardboard"), w=(0.4, 0.6), d=(0.3, 0.5),
           h=(0.3, 0.5))
def crate(p: P) -> list[Part]:
    out = [part("body", box(p.w, p.d, p.h))]
    if p.opt == "slatted":
        for i in range(3):
            out.append(part(f"slat_{i + 1}", box(p.w, 0.015, p.h * 0.15, 0, -p.d / 2 - 0.0075,
                                                 p.h * (0.1 + 0.35 * i))))
    elif p.opt == "cardboard":
        out.append(part("tape", box(0.05, p.d, 0.002, z=p.h)))
    return out


@archetype("barrel", ("",), r=(0.28, 0.32), h=(0.85, 0.95))
def barrel(p: P) -> list[Part]:
    prof = [(0, 0), (p.r * 0.85, 0), (p.r, p.h / 2), (p.r * 0.85, p.h), (0, p.h)]
    out = [part("body", lathe(prof, sections=20))]
    for i, z in enumerate((0.2, 0.8)):
        rr = p.r * (0.85 + 0.15 * (1 - abs(z - 0.5) * 2)) + 0.005
        out.append(part(f"hoop_{i + 1}", cyl(rr, 0.03, z=p.h * z, sections=20), joint=rr))
    return out


@archetype("lying", ("plain", "on wheels", "ring"), r=(0.2, 0.3), l=(0.8, 1.2))
def lying(p: P) -> list[Part]:
    """Round things that lie or roll: a log along x on the ground, a cannon's barrel (muzzle
    towards −Y) on a carriage between two wheels, a tyre standing on its tread."""
    if p.opt == "ring":
        t = p.r * 0.35
        return [part("tyre", torus(p.r - t, t, 0, 0, p.r, "yz", sections=24, tube=10))]
    if p.opt == "on wheels":
        wr = p.r * 2.2
        carriage = box(p.r * 2.4, p.l * 0.6, wr * 0.9, 0, p.l * 0.1, wr * 0.4)
        return [wheel("wheel_left", wr, 0.1, -p.r * 1.2 - 0.05, p.l * 0.1, joint=0.0),
                wheel("wheel_right", wr, 0.1, p.r * 1.2 + 0.05, p.l * 0.1, joint=0.0),
                part("carriage", carriage, joint=0.02),
                part("barrel", hcyl(p.r, p.l, "y", 0, 0, wr * 0.4 + wr * 0.9 + p.r),
                     joint=0.0)]
    return [part("log", hcyl(p.r, p.l, "x", 0, 0, p.r))]


@archetype("frame", ("",), w=(0.6, 1.0), h=(0.5, 0.8), t=(0.03, 0.05), border=(0.04, 0.06))
def frame(p: P) -> list[Part]:
    """A wall-hung flat thing (painting, mirror, whiteboard, clock when square): a frame and its
    face; its back at y = +t/2."""
    b = p.border
    return [part("frame", box(p.w, p.t, b), box(p.w, p.t, b, z=p.h - b),
                 box(b, p.t, p.h - 2 * b, -p.w / 2 + b / 2, 0, b),
                 box(b, p.t, p.h - 2 * b, p.w / 2 - b / 2, 0, b)),
            part("face", box(p.w - 2 * b, p.t * 0.5, p.h - 2 * b, 0, p.t * 0.25, b), joint=p.t)]


@archetype("disc_wall", ("",), r=(0.15, 0.22), t=(0.04, 0.06))
def disc_wall(p: P) -> list[Part]:
    """A round wall-hung thing (clock, dartboard, shield): a disc facing −Y and a centre."""
    return [part("disc", hcyl(p.r, p.t, "y", 0, 0, p.r)),
            part("centre", hcyl(p.r * 0.08, 0.01, "y", 0, -p.t / 2 - 0.005, p.r))]


@archetype("ceiling_light", ("pendant", "chandelier", "fan"), drop=(0.4, 0.8), r=(0.2, 0.5))
def ceiling_light(p: P) -> list[Part]:
    """Hangs from the ceiling: its top at z = height (the canopy), built from z = 0 up."""
    h = p.drop + 0.25
    out = [part("canopy", cyl(0.06, 0.03, z=h - 0.03, sections=10)),
           part("rod", cyl(0.008, p.drop, z=h - 0.03 - p.drop, sections=6))]
    zb = h - 0.03 - p.drop
    if p.opt == "pendant":
        out.append(part("shade", frustum(p.r, p.r * 0.3, 0.22, z=zb - 0.22, sections=16)))
    elif p.opt == "chandelier":
        out.append(part("hub", sphere(0.07, z=zb - 0.05), joint=0.04))
        out.append(part("ring", torus(p.r, 0.015, z=zb - 0.1), joint=0.0))
        for i in range(6):
            a = TAU * i / 6
            out.append(part(f"candle_{i + 1}", cyl(0.02, 0.1, p.r * math.cos(a), p.r * math.sin(a),
                                                   zb - 0.1 + 0.014), joint=0.02))
    else:
        out.append(part("motor", cyl(0.1, 0.15, z=zb - 0.15, sections=12)))
        for i in range(4):
            out.append(part(f"blade_{i + 1}", box(p.r * 1.4, 0.12, 0.01, p.r * 0.7 + 0.1, 0,
                                                  zb - 0.12).turned((0, 0, TAU * i / 4)),
                            joint=0.02))
    return out


@archetype("ladder", ("straight", "step"), h=(1.8, 3.0), w=(0.4, 0.5))
def ladder(p: P) -> list[Part]:
    n = max(4, int(p.h / 0.3))
    if p.opt == "step":
        a = 0.25
        out = [part("front_rails", box(0.04, 0.04, p.h, -p.w / 2, -a / 2, 0),
                    box(0.04, 0.04, p.h, p.w / 2, -a / 2, 0)),
               part("back_rails", box(0.04, 0.04, p.h * 0.97, -p.w / 2, a / 2 + 0.04, 0),
                    box(0.04, 0.04, p.h * 0.97, p.w / 2, a / 2 + 0.04, 0))]
        for i in range(n - 1):
            out.append(part(f"step_{i + 1}", box(p.w - 0.04, 0.1, 0.03, 0, -a / 2,
                                                 p.h * (i + 1) / n), joint=0.04))
        return out
    out = [part("rail_left", box(0.05, 0.05, p.h, -p.w / 2)),
           part("rail_right", box(0.05, 0.05, p.h, p.w / 2))]
    for i in range(n - 1):
        out.append(part(f"rung_{i + 1}", hcyl(0.015, p.w - 0.05, "x", 0, 0, p.h * (i + 1) / n)))
    return out


@archetype("cart", ("shopping", "wheelbarrow", "stroller", "wheelchair"), l=(0.8, 1.0),
           w=(0.5, 0.6), h=(0.9, 1.05))
def cart(p: P) -> list[Part]:
    r = 0.07 if p.opt == "shopping" else 0.15
    if p.opt == "wheelbarrow":
        return [wheel("wheel", 0.2, 0.08, 0, -p.l / 2 + 0.2, joint=0.1),
                part("tray", frustum(p.w / 2, p.w * 0.6, 0.3, 0, 0, 0.35, sections=12),
                     joint=0.05),
                part("legs", box(0.04, 0.04, 0.35, -p.w * 0.35, p.l * 0.25),
                     box(0.04, 0.04, 0.35, p.w * 0.35, p.l * 0.25)),
                part("handles", box(0.04, p.l * 0.5, 0.04, -p.w * 0.35, p.l * 0.25, 0.35),
                     box(0.04, p.l * 0.5, 0.04, p.w * 0.35, p.l * 0.25, 0.35), joint=0.1)]
    out = [wheel(f"wheel_{i + 1}", r, 0.04 if r < 0.1 else 0.05, sx * (p.w / 2 - 0.02),
                 sy * (p.l / 2 - r), joint=0.02)
           for i, (sx, sy) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1)))]
    if p.opt == "shopping":
        out.append(part("basket", box(p.w, p.l, p.h * 0.45, 0, 0, p.h * 0.45)))
        out.append(part("frame", box(p.w * 0.9, 0.04, p.h * 0.45 - 2 * r, 0, p.l / 2 - 0.03,
                                     2 * r)))
        out.append(part("handle", box(p.w, 0.04, 0.04, 0, p.l / 2 + 0.02, p.h * 0.9 - 0.04),
                        joint=0.05))
        return out
    # a stroller or a wheelchair: a chassis on the wheels, a post, a seat
    out.append(part("chassis", box(p.w - 0.08, p.l * 0.8, 0.04, 0, 0, 2 * r)))
    z = 2 * r + 0.04
    if p.opt == "stroller":
        out.append(part("seat", box(p.w * 0.8, p.l * 0.6, 0.35, 0, 0, z)))
        out.append(part("hood", sphere(1.0, 0, 0, 0, (p.w * 0.4, p.l * 0.2, 0.25)).moved(
            (0, p.l * 0.2, z + 0.51)), joint=0.26))
        out.append(part("frame", box(p.w * 0.8, 0.04, p.h - 0.04 - z, 0, p.l * 0.4 - 0.02, z)))
        out.append(part("handle", box(p.w * 0.8, 0.04, 0.04, 0, p.l * 0.4 - 0.02, p.h - 0.04)))
    else:
        out.append(part("frame", box(p.w - 0.12, 0.04, 0.46 - z, 0, 0, z)))
        out.append(part("seat", box(p.w - 0.12, p.l * 0.6, 0.06, 0, 0, 0.46)))
        out.append(part("back", box(p.w - 0.12, 0.04, 0.45, 0, p.l * 0.3 - 0.02, 0.52)))
    return out


@archetype("playground", ("swing", "slide", "seesaw"), w=(2.0, 3.0), h=(2.0, 2.5))
def playground(p: P) -> list[Part]:
    if p.opt == "swing":
        out = [part("frame_left", box(0.08, 1.4, 0.08, -p.w / 2, 0, 0).turned(
            (0.0, 0, 0)), box(0.08, 0.08, p.h, -p.w / 2, 0, 0)),
               part("frame_right", box(0.08, 0.08, p.h, p.w / 2, 0, 0), box(0.08, 1.4, 0.08,
                                                                             p.w / 2, 0, 0)),
               part("top_bar", hcyl(0.05, p.w + 0.08, "x", 0, 0, p.h + 0.05))]
        for i, x in enumerate((-p.w / 4, p.w / 4)):
            out.append(part(f"seat_{i + 1}", box(0.45, 0.18, 0.03, x, 0, 0.45)))
            out.append(part(f"chains_{i + 1}", box(0.3, 0.01, p.h - 0.48, x, 0, 0.48)))
        return out
    if p.opt == "seesaw":
        return [part("pivot", prism([(-0.2, 0), (0.2, 0), (0, 0.5)], 0.3)),
                part("plank", box(0.3, p.w * 1.3, 0.05, 0, 0, 0.5)),
                part("handles", box(0.3, 0.04, 0.25, 0, -p.w * 0.55, 0.55),
                     box(0.3, 0.04, 0.25, 0, p.w * 0.55, 0.55))]
    # the chute: a ramp from the ground at −Y up to the ladder's top at +Y
    chute = prism([(-p.w / 2, 0.0), (-p.w / 2 + 0.08, 0.0), (p.w / 2, p.h),
                   (p.w / 2, p.h + 0.05)], 0.5).turned((0, 0, math.pi / 2))
    return [part("ladder", box(0.5, 0.08, p.h, 0, p.w / 2 + 0.04)),
            part("platform", box(0.6, 0.5, 0.05, 0, p.w / 2 + 0.08 + 0.25, p.h)),
            part("slide", chute)]


@archetype("fountain", ("",), r=(1.2, 2.0), h=(1.2, 1.8))
def fountain(p: P) -> list[Part]:
    return [part("basin", lathe([(0, 0), (p.r, 0), (p.r, 0.45), (p.r * 0.9, 0.45),
                                 (p.r * 0.9, 0.15), (0, 0.15)], sections=24)),
            part("column", cyl(0.12, p.h - 0.15 - 0.1, z=0.15, sections=12), joint=0.3),
            part("top_bowl", lathe([(0, 0), (0.1, 0), (p.r * 0.35, 0.1), (0, 0.1)],
                                   z=p.h - 0.1, sections=16))]


@archetype("statue", ("figure", "bust", "obelisk"), h=(2.0, 3.0), base=(0.6, 1.0))
def statue(p: P) -> list[Part]:
    ph = p.h * 0.4
    out = [part("pedestal", box(p.base, p.base, ph))]
    if p.opt == "obelisk":
        out.append(part("shaft", frustum(p.base * 0.35, 0.0, p.h - ph, z=ph, sections=4)))
    elif p.opt == "bust":
        out.append(part("shoulders", box(p.base * 0.7, p.base * 0.35, (p.h - ph) * 0.4, z=ph)))
        out.append(part("head", sphere(1.0, 0, 0, 0, (p.base * 0.18, p.base * 0.2,
                                                     (p.h - ph) * 0.3)).moved(
            (0, 0, ph + (p.h - ph) * 0.7)), joint=0.05))
    else:
        fh = p.h - ph
        out.append(part("legs", box(p.base * 0.3, p.base * 0.2, fh * 0.45, z=ph)))
        out.append(part("torso", box(p.base * 0.42, p.base * 0.25, fh * 0.38, z=ph + fh * 0.45)))
        out.append(part("head", sphere(fh * 0.085, 0, 0, ph + fh * 0.83 + fh * 0.085)))
    return out


@archetype("shelter", ("bus shelter", "booth", "kiosk"), w=(1.2, 3.5), d=(1.2, 1.5),
           h=(2.3, 2.6))
def shelter(p: P) -> list[Part]:
    if p.opt == "booth":
        return [part("base", box(p.w, p.d, 0.1)),
                part("cabin", box(p.w, p.d, p.h - 0.2, z=0.1)),
                part("roof", box(p.w + 0.05, p.d + 0.05, 0.1, z=p.h - 0.1))]
    if p.opt == "kiosk":
        return [part("counter", box(p.w, p.d, 1.1)),
                part("posts", *[box(0.06, 0.06, p.h - 1.1 - 0.15, sx * (p.w / 2 - 0.03),
                                    sy * (p.d / 2 - 0.03), 1.1) for sx in (-1, 1)
                                for sy in (-1, 1)]),
                part("roof", box(p.w + 0.3, p.d + 0.3, 0.15, z=p.h - 0.15))]
    return [part("back_panel", box(p.w, 0.04, p.h - 0.15, 0, p.d / 2 - 0.02)),
            part("side_panel", box(0.04, p.d - 0.04, p.h - 0.15, -p.w / 2 + 0.02, -0.02)),
            part("roof", box(p.w + 0.2, p.d + 0.2, 0.15, z=p.h - 0.15)),
            part("bench", box(p.w * 0.6, 0.35, 0.05, 0.1, p.d / 2 - 0.04 - 0.175, 0.45),
                 box(0.05, 0.3, 0.45, 0.1, p.d / 2 - 0.04 - 0.175))]


@archetype("barrier", ("cone", "bollard", "fence", "jersey"), w=(0.3, 2.0), h=(0.5, 1.2))
def barrier(p: P) -> list[Part]:
    if p.opt == "cone":
        return [part("base", box(p.w, p.w, 0.03)),
                part("cone", frustum(p.w * 0.38, 0.02, p.h - 0.03, z=0.03))]
    if p.opt == "bollard":
        return [part("post", cyl(p.w / 2, p.h - p.w / 2, sections=12)),
                part("top", sphere(p.w / 2, z=p.h - p.w / 2), joint=p.w / 2)]
    if p.opt == "jersey":
        return [part("block", prism([(-0.3, 0), (0.3, 0), (0.1, 0.25), (0.08, p.h),
                                     (-0.08, p.h), (-0.1, 0.25)], p.w).turned((0, 0, math.pi / 2)))]
    return [part("foot_left", box(0.5, 0.1, 0.08, -p.w / 2 + 0.05, 0)),
            part("foot_right", box(0.5, 0.1, 0.08, p.w / 2 - 0.05, 0)),
            part("post_left", box(0.05, 0.05, p.h - 0.08, -p.w / 2 + 0.05, 0, 0.08)),
            part("post_right", box(0.05, 0.05, p.h - 0.08, p.w / 2 - 0.05, 0, 0.08)),
            part("rail", box(p.w - 0.1, 0.03, p.h * 0.3, 0, 0, p.h * 0.6), joint=0.05)]


@archetype("structure", ("house", "tent", "doghouse", "shed"), w=(2.0, 4.0), d=(2.0, 4.0),
           h=(2.0, 3.0))
def structure(p: P) -> list[Part]:
    """A gabled walk-in thing: walls under a roof (a tent is all roof), the door side −Y."""
    if p.opt == "tent":
        return [part("canvas", prism([(-p.w / 2, 0), (p.w / 2, 0), (0, p.h)], p.d))]
    wall_h = p.h * 0.6
    return [part("walls", box(p.w, p.d, wall_h)),
            part("roof", prism([(-p.w / 2 - 0.1, wall_h), (p.w / 2 + 0.1, wall_h), (0, p.h)],
                               p.d + 0.2)),
            part("door", box(min(0.9, p.w * 0.35), 0.03, min(2.0, wall_h * 0.8), 0,
                             -p.d / 2 - 0.015))]

