"""The categories of the built-in starter library: one small function per proxy.

Conventions for every proxy (checked by the tests): metres, +Z up, standing on z = 0, origin at
the bottom centre of its bounding box, front towards −Y (the side a person uses or looks at: a
chair's open side, a screen, a car's bonnet, a door's handle side). Sizes are typical real
sizes. The shapes are white-box: enough parts to read in silhouette (a chair has legs and a
back), no detail beyond that.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .shapes import Shape


@dataclass(frozen=True)
class Item:
    name: str  # file stem, unique
    category: str
    group: str  # the folder it is written to
    tags: tuple[str, ...]
    support: str
    description: str
    build: Callable[[], Shape]


ITEMS: list[Item] = []


def item(name: str, category: str, group: str, description: str, tags: tuple[str, ...] = (),
         support: str = "floor") -> Callable[[Callable[[], Shape]], Callable[[], Shape]]:
    def register(fn: Callable[[], Shape]) -> Callable[[], Shape]:
        ITEMS.append(Item(name, category, group, tags, support, description, fn))
        return fn
    return register


# ------------------------------------------------------------------ furniture

@item("chair", "chair", "furniture", "a wooden dining chair with four legs and a backrest",
      ("seat", "dining", "wooden"))
def _chair() -> Shape:
    s = Shape().legs(0.45, 0.45, 0.43, 0.04).box(0.45, 0.45, 0.04, z=0.43)
    s.box(0.04, 0.04, 0.45, -0.205, 0.205, 0.47).box(0.04, 0.04, 0.45, 0.205, 0.205, 0.47)
    return s.box(0.45, 0.03, 0.2, 0, 0.21, 0.7)


@item("armchair", "armchair", "furniture", "an upholstered armchair with armrests",
      ("seat", "lounge", "upholstered"))
def _armchair() -> Shape:
    s = Shape().box(0.8, 0.8, 0.42).box(0.8, 0.18, 0.5, 0, 0.31, 0.42)
    return s.box(0.15, 0.8, 0.22, -0.325, 0, 0.42).box(0.15, 0.8, 0.22, 0.325, 0, 0.42)


@item("office_chair", "office chair", "office", "a swivel office chair on a five-star base",
      ("seat", "desk chair", "swivel"))
def _office_chair() -> Shape:
    s = Shape()
    for i in range(5):
        a = i * 2 * math.pi / 5
        s.box(0.32, 0.05, 0.04, 0.15 * math.cos(a), 0.15 * math.sin(a), 0.03, (0, 0, a))
    s.cyl(0.03, 0.4, z=0.05).box(0.5, 0.48, 0.08, z=0.45)
    return s.box(0.46, 0.05, 0.55, 0, 0.24, 0.55)


@item("stool", "stool", "furniture", "a round three-legged stool", ("seat",))
def _stool() -> Shape:
    s = Shape()
    for i in range(3):
        a = i * 2 * math.pi / 3
        s.cyl(0.02, 0.44, 0.12 * math.cos(a), 0.12 * math.sin(a), 0, sections=8)
    return s.cyl(0.17, 0.04, z=0.44)


@item("bar_stool", "bar stool", "furniture", "a tall bar stool with a footrest ring",
      ("seat", "bar", "counter"))
def _bar_stool() -> Shape:
    s = Shape().cyl(0.2, 0.03).cyl(0.03, 0.72, z=0.03).torus(0.16, 0.012, z=0.3)
    return s.cyl(0.19, 0.06, z=0.72)


@item("bench", "bench", "furniture", "a long wooden bench without a back", ("seat",))
def _bench() -> Shape:
    s = Shape().box(1.5, 0.35, 0.05, z=0.4)
    return s.box(0.05, 0.3, 0.4, -0.65).box(0.05, 0.3, 0.4, 0.65)


@item("sofa", "sofa", "furniture", "a three-seat sofa with back cushions and armrests",
      ("couch", "settee", "living room", "seat"))
def _sofa() -> Shape:
    s = Shape().box(2.1, 0.9, 0.42).box(2.1, 0.2, 0.45, 0, 0.35, 0.42)
    return s.box(0.2, 0.9, 0.2, -0.95, 0, 0.42).box(0.2, 0.9, 0.2, 0.95, 0, 0.42)


@item("dining_table", "table", "furniture", "a rectangular wooden dining table for six",
      ("dining", "wooden", "kitchen"))
def _dining_table() -> Shape:
    return Shape().legs(1.8, 0.9, 0.71, 0.07, inset=0.05).box(1.8, 0.9, 0.04, z=0.71)


@item("round_table", "table", "furniture", "a round pedestal table", ("cafe", "dining"))
def _round_table() -> Shape:
    return Shape().cyl(0.3, 0.04).cyl(0.05, 0.69, z=0.04).cyl(0.5, 0.03, z=0.73, sections=24)


@item("coffee_table", "coffee table", "furniture", "a low rectangular coffee table",
      ("living room", "table"))
def _coffee_table() -> Shape:
    return Shape().legs(1.1, 0.6, 0.38, 0.05).box(1.1, 0.6, 0.05, z=0.38)


@item("desk", "desk", "office", "a writing desk with a drawer block on one side",
      ("office", "work table", "table"))
def _desk() -> Shape:
    s = Shape().box(1.4, 0.7, 0.03, z=0.72).box(0.04, 0.65, 0.72, 0.66, 0)
    return s.box(0.42, 0.65, 0.72, -0.47, 0)


@item("bed", "bed", "furniture", "a double bed with a headboard, mattress and pillows",
      ("bedroom", "double bed"))
def _bed() -> Shape:
    s = Shape().box(1.6, 2.05, 0.3, z=0.1).legs(1.6, 2.05, 0.1, 0.08)
    s.box(1.55, 2.0, 0.22, 0, 0, 0.4).box(1.6, 0.06, 1.0, 0, 1.0, 0.0)
    return s.box(0.6, 0.35, 0.12, -0.4, 0.75, 0.62).box(0.6, 0.35, 0.12, 0.4, 0.75, 0.62)


@item("wardrobe", "wardrobe", "furniture", "a tall two-door wardrobe",
      ("closet", "cupboard", "bedroom", "storage"))
def _wardrobe() -> Shape:
    s = Shape().box(1.2, 0.6, 2.0)
    return s.box(0.02, 0.03, 0.3, -0.05, -0.31, 0.9).box(0.02, 0.03, 0.3, 0.05, -0.31, 0.9)


@item("bookshelf", "bookshelf", "furniture", "an open bookshelf with five shelves",
      ("bookcase", "shelves", "storage", "library"))
def _bookshelf() -> Shape:
    s = Shape().box(0.03, 0.3, 1.8, -0.385).box(0.03, 0.3, 1.8, 0.385)
    s.box(0.8, 0.02, 1.8, 0, 0.14)
    for i in range(6):
        s.box(0.74, 0.3, 0.025, 0, 0, i * 0.35)
    return s


@item("cabinet", "cabinet", "furniture", "a low sideboard cabinet with doors",
      ("sideboard", "storage", "cupboard"))
def _cabinet() -> Shape:
    return Shape().legs(1.6, 0.45, 0.12, 0.04).box(1.6, 0.45, 0.7, z=0.12).box(
        0.3, 0.03, 0.02, 0, -0.235, 0.6)


@item("dresser", "dresser", "furniture", "a chest of drawers",
      ("chest of drawers", "bedroom", "storage"))
def _dresser() -> Shape:
    s = Shape().box(0.9, 0.5, 1.0)
    for i in range(4):
        s.box(0.2, 0.03, 0.02, 0, -0.26, 0.15 + i * 0.24)
    return s


@item("nightstand", "nightstand", "furniture", "a small bedside table with a drawer",
      ("bedside table", "bedroom"))
def _nightstand() -> Shape:
    return Shape().legs(0.45, 0.4, 0.15, 0.04).box(0.45, 0.4, 0.4, z=0.15).box(
        0.12, 0.03, 0.02, 0, -0.21, 0.45)


@item("tv_stand", "tv stand", "furniture", "a low media console", ("media console",
                                                                    "living room"))
def _tv_stand() -> Shape:
    return Shape().box(1.6, 0.4, 0.5).box(1.5, 0.05, 0.2, 0, -0.2, 0.2)


@item("floor_lamp", "floor lamp", "lighting", "a standing floor lamp with a conical shade",
      ("lamp", "light", "standing lamp"))
def _floor_lamp() -> Shape:
    return Shape().cyl(0.15, 0.03).cyl(0.015, 1.45, z=0.03).cone(0.22, 0.3, z=1.4)


@item("table_lamp", "table lamp", "lighting", "a small table lamp with a shade",
      ("lamp", "light", "desk lamp"), support="on_object")
def _table_lamp() -> Shape:
    return Shape().cyl(0.08, 0.03).cyl(0.012, 0.3, z=0.03).cyl(0.12, 0.18, z=0.3)


@item("chandelier", "chandelier", "lighting", "a ceiling chandelier with six arms",
      ("ceiling light", "pendant", "light"), support="ceiling")
def _chandelier() -> Shape:
    s = Shape().cyl(0.01, 0.5, z=0.3).sphere(0.08, z=0.3).torus(0.3, 0.015, z=0.25)
    for i in range(6):
        a = i * math.pi / 3
        s.cyl(0.03, 0.08, 0.3 * math.cos(a), 0.3 * math.sin(a), 0.25)
    return s


@item("rug", "rug", "furniture", "a flat rectangular rug", ("carpet", "mat"))
def _rug() -> Shape:
    return Shape().box(2.0, 1.4, 0.01)


@item("coat_rack", "coat rack", "furniture", "a standing coat rack with hooks",
      ("hall stand", "coat stand"))
def _coat_rack() -> Shape:
    s = Shape().cyl(0.22, 0.03).cyl(0.02, 1.75, z=0.03)
    for i in range(4):
        a = i * math.pi / 2
        s.box(0.2, 0.02, 0.02, 0.1 * math.cos(a), 0.1 * math.sin(a), 1.6, (0, 0, a))
    return s


# ------------------------------------------------------------------ kitchen

@item("fridge", "refrigerator", "kitchen", "a tall two-door fridge freezer",
      ("fridge", "kitchen appliance"))
def _fridge() -> Shape:
    s = Shape().box(0.7, 0.7, 1.85)
    return s.box(0.03, 0.04, 0.5, -0.3, -0.37, 1.1).box(0.03, 0.04, 0.3, -0.3, -0.37, 0.4)


@item("stove", "stove", "kitchen", "a kitchen range with four burners and an oven door",
      ("cooker", "oven", "kitchen appliance"))
def _stove() -> Shape:
    s = Shape().box(0.6, 0.6, 0.9).box(0.6, 0.06, 0.12, 0, 0.27, 0.9)
    for x in (-0.14, 0.14):
        for y in (-0.14, 0.1):
            s.cyl(0.08, 0.01, x, y, 0.9)
    return s.box(0.5, 0.02, 0.03, 0, -0.31, 0.7)


@item("kitchen_counter", "kitchen counter", "kitchen", "a kitchen base cabinet with a worktop",
      ("counter", "worktop", "cabinet"))
def _counter() -> Shape:
    return Shape().box(1.2, 0.58, 0.86).box(1.2, 0.62, 0.04, 0, -0.02, 0.86)


@item("kitchen_sink", "sink", "kitchen", "a kitchen sink unit with a tap",
      ("sink", "counter", "tap"))
def _sink() -> Shape:
    s = Shape().box(0.8, 0.6, 0.86).box(0.8, 0.62, 0.04, 0, -0.01, 0.86)
    return s.cyl(0.015, 0.25, 0, 0.22, 0.9).hcyl(0.012, 0.15, "y", 0, 0.16, 1.14)


@item("microwave", "microwave", "kitchen", "a countertop microwave oven",
      ("kitchen appliance", "oven"), support="on_object")
def _microwave() -> Shape:
    return Shape().box(0.5, 0.38, 0.3).box(0.32, 0.02, 0.22, -0.06, -0.195, 0.04)


@item("kettle", "kettle", "kitchen", "an electric kettle on its base", ("kitchen",),
      support="on_object")
def _kettle() -> Shape:
    return Shape().cyl(0.09, 0.02).cyl(0.08, 0.2, z=0.02).box(0.03, 0.12, 0.03, 0, 0.1, 0.17)


@item("mug", "mug", "kitchen", "a coffee mug with a handle", ("cup", "coffee"),
      support="on_object")
def _mug() -> Shape:
    return Shape().cyl(0.04, 0.1).torus(0.03, 0.008, 0.05, 0, 0.05, plane="xz")


@item("plate", "plate", "kitchen", "a dinner plate", ("dish", "tableware"), support="on_object")
def _plate() -> Shape:
    return Shape().cyl(0.07, 0.01).cyl(0.13, 0.012, z=0.01, sections=24)


@item("bowl", "bowl", "kitchen", "a round bowl", ("dish", "tableware"), support="on_object")
def _bowl() -> Shape:
    return Shape().lathe([(0, 0), (0.04, 0), (0.07, 0.03), (0.09, 0.08), (0.08, 0.08),
                          (0.06, 0.035), (0, 0.015)], sections=24)


@item("bottle", "bottle", "kitchen", "a glass wine bottle", ("wine", "glass bottle"),
      support="on_object")
def _bottle() -> Shape:
    return Shape().cyl(0.038, 0.2).cone(0.038, 0.06, z=0.2).cyl(0.013, 0.08, z=0.24)


@item("wine_glass", "wine glass", "kitchen", "a stemmed wine glass", ("glass", "drink"),
      support="on_object")
def _wine_glass() -> Shape:
    return Shape().cyl(0.035, 0.005).cyl(0.004, 0.09, z=0.005).cyl(0.04, 0.09, z=0.095)


@item("cooking_pot", "pot", "kitchen", "a cooking pot with two handles", ("saucepan", "kitchen"),
      support="on_object")
def _pot() -> Shape:
    return Shape().cyl(0.12, 0.15).box(0.32, 0.03, 0.02, z=0.12)


# ------------------------------------------------------------------ office

@item("monitor", "computer monitor", "office", "a flat computer monitor on a stand",
      ("screen", "display", "computer"), support="on_object")
def _monitor() -> Shape:
    return Shape().box(0.22, 0.18, 0.02).box(0.05, 0.04, 0.12, 0, 0.03, 0.02).box(
        0.6, 0.04, 0.36, 0, 0.0, 0.1)


@item("laptop", "laptop", "office", "an open laptop computer", ("computer", "notebook"),
      support="on_object")
def _laptop() -> Shape:
    return Shape().box(0.34, 0.24, 0.02).box(0.34, 0.015, 0.22, 0, 0.12, 0.02,
                                              (-0.3, 0, 0))


@item("keyboard", "keyboard", "office", "a computer keyboard", ("computer",),
      support="on_object")
def _keyboard() -> Shape:
    return Shape().box(0.44, 0.14, 0.025)


@item("filing_cabinet", "filing cabinet", "office", "a four-drawer metal filing cabinet",
      ("storage", "drawers"))
def _filing_cabinet() -> Shape:
    s = Shape().box(0.47, 0.62, 1.32)
    for i in range(4):
        s.box(0.15, 0.03, 0.02, 0, -0.325, 0.25 + i * 0.32)
    return s


@item("whiteboard", "whiteboard", "office", "a wall-mounted whiteboard with a pen tray",
      ("board", "meeting room"), support="wall")
def _whiteboard() -> Shape:
    return Shape().box(1.8, 0.03, 1.2, z=0.05).box(1.0, 0.08, 0.03, 0, -0.04, 0.03)


@item("printer", "printer", "office", "an office printer", ("copier",), support="on_object")
def _printer() -> Shape:
    return Shape().box(0.45, 0.4, 0.25).box(0.3, 0.2, 0.01, 0, -0.25, 0.1)


@item("book", "book", "office", "a closed hardback book", ("novel", "reading"),
      support="on_object")
def _book() -> Shape:
    return Shape().box(0.16, 0.24, 0.035)


@item("trash_bin", "trash bin", "office", "a small round waste paper bin",
      ("bin", "waste basket", "rubbish"))
def _trash_bin() -> Shape:
    return Shape().cyl(0.14, 0.32).torus(0.14, 0.01, z=0.32)


@item("water_cooler", "water cooler", "office", "a water cooler with a bottle on top",
      ("dispenser", "drink"))
def _water_cooler() -> Shape:
    return Shape().box(0.32, 0.32, 0.95).cyl(0.13, 0.45, z=0.95)


# ------------------------------------------------------------------ architecture

@item("door", "door", "architecture", "a single interior door in its frame",
      ("doorway", "entrance"), support="wall")
def _door() -> Shape:
    s = Shape().box(0.06, 0.12, 2.1, -0.48).box(0.06, 0.12, 2.1, 0.48).box(1.02, 0.12, 0.06,
                                                                             z=2.1)
    return s.box(0.9, 0.04, 2.08).sphere(0.03, 0.35, -0.06, 1.0)


@item("double_door", "door", "architecture", "a double entrance door in its frame",
      ("doorway", "entrance", "french doors"), support="wall")
def _double_door() -> Shape:
    s = Shape().box(0.08, 0.15, 2.3, -0.84).box(0.08, 0.15, 2.3, 0.84).box(1.76, 0.15, 0.08,
                                                                            z=2.3)
    s.box(0.79, 0.05, 2.28, -0.4).box(0.79, 0.05, 2.28, 0.4)
    return s.box(0.02, 0.04, 0.3, -0.05, -0.05, 1.0).box(0.02, 0.04, 0.3, 0.05, -0.05, 1.0)


@item("window", "window", "architecture", "a window with a frame, a mullion and a sill",
      ("glazing", "casement"), support="wall")
def _window() -> Shape:
    s = Shape().box(1.2, 0.25, 0.04, 0, -0.05)  # sill
    s.box(1.2, 0.12, 0.06, z=0.04).box(1.2, 0.12, 0.06, z=1.34).box(0.06, 0.12, 1.36, -0.57)
    s.box(0.06, 0.12, 1.36, 0.57).box(0.04, 0.1, 1.3, z=0.1)
    return s.box(1.1, 0.01, 1.24, z=0.1)


@item("wall", "wall", "architecture", "a plain wall segment 4 m long and 2.7 m high",
      ("partition", "wall segment"))
def _wall() -> Shape:
    return Shape().box(4.0, 0.15, 2.7)


@item("wall_doorway", "wall", "architecture", "a wall segment with a door opening",
      ("partition", "doorway", "opening"))
def _wall_doorway() -> Shape:
    return Shape().box(1.5, 0.15, 2.7, -1.25).box(1.5, 0.15, 2.7, 1.25).box(1.0, 0.15, 0.6,
                                                                              z=2.1)


@item("floor_tile", "floor", "architecture", "a 4 x 4 m floor slab", ("ground", "slab",
                                                                      "floor panel"))
def _floor() -> Shape:
    return Shape().box(4.0, 4.0, 0.05)


@item("column", "column", "architecture", "a round column with a base and a capital",
      ("pillar", "post"))
def _column() -> Shape:
    return Shape().box(0.6, 0.6, 0.15).cyl(0.22, 2.7, z=0.15).box(0.6, 0.6, 0.15, z=2.85)


@item("railing", "railing", "architecture", "a 2 m railing with balusters",
      ("balustrade", "handrail", "banister"))
def _railing() -> Shape:
    s = Shape().box(2.0, 0.06, 0.05, z=0.95)
    for i in range(11):
        s.box(0.03, 0.03, 0.95, -0.95 + i * 0.19)
    return s


@item("fence", "fence", "exterior", "a 2.4 m wooden picket fence section",
      ("picket fence", "garden"))
def _fence() -> Shape:
    s = Shape().box(2.4, 0.03, 0.08, 0, 0.03, 0.25).box(2.4, 0.03, 0.08, 0, 0.03, 0.75)
    for i in range(13):
        s.box(0.09, 0.02, 1.0, -1.14 + i * 0.19).prism(
            [(-0.045, 0), (0.045, 0), (0, 0.06)], 0.02, x=-1.14 + i * 0.19)
    return s


@item("stairs", "stairs", "architecture", "a straight flight of 12 stairs",
      ("staircase", "steps"))
def _stairs() -> Shape:
    s = Shape()
    for i in range(12):  # climbing away from the viewer: first step at −Y
        s.box(1.0, 0.28, 0.175 * (i + 1), 0, -1.54 + i * 0.28)
    return s


@item("ladder", "ladder", "architecture", "a leaning step ladder", ("stepladder",))
def _ladder() -> Shape:
    s = Shape()
    for x in (-0.22, 0.22):
        s.box(0.05, 0.05, 2.0, x, 0, 0, (0.25, 0, 0))
    for i in range(6):
        z = 0.25 + i * 0.3
        s.box(0.44, 0.04, 0.03, 0, -z * math.tan(0.25) + 0.0, z)
    return s


@item("garage_door", "garage door", "architecture", "a sectional garage door",
      ("roller door", "garage"), support="wall")
def _garage_door() -> Shape:
    s = Shape()
    for i in range(4):
        s.box(2.5, 0.05, 0.5, 0, 0, i * 0.52)
    return s


# ------------------------------------------------------------------ street

@item("street_lamp", "street lamp", "street", "a street lamp post with an arm",
      ("lamp post", "street light", "light"))
def _street_lamp() -> Shape:
    return Shape().cyl(0.15, 0.3).cyl(0.07, 5.7, z=0.3).box(0.08, 1.2, 0.08, 0, -0.6, 5.9).box(
        0.3, 0.5, 0.12, 0, -1.1, 5.8)


@item("park_bench", "bench", "street", "a park bench with a backrest and armrests",
      ("seat", "park", "garden bench"))
def _park_bench() -> Shape:
    s = Shape().box(1.6, 0.45, 0.05, z=0.43).box(1.6, 0.04, 0.4, 0, 0.22, 0.5)
    for x in (-0.75, 0.75):
        s.box(0.06, 0.5, 0.43, x).box(0.06, 0.45, 0.05, x, 0, 0.65)
    return s


@item("bus_stop", "bus stop", "street", "a bus shelter with a roof, a back panel and a bench",
      ("shelter", "transit"))
def _bus_stop() -> Shape:
    s = Shape().box(3.0, 1.4, 0.08, z=2.4).box(3.0, 0.05, 2.3, 0, 0.6, 0.1)
    s.box(0.05, 1.3, 2.3, -1.45, 0.0, 0.1).box(0.08, 0.08, 2.4, 1.4, -0.6)
    return s.box(0.08, 0.08, 2.4, -1.4, -0.6).box(2.0, 0.4, 0.05, 0, 0.35, 0.45)


@item("traffic_light", "traffic light", "street", "a traffic light on a pole",
      ("traffic signal", "road", "crossing"))
def _traffic_light() -> Shape:
    s = Shape().cyl(0.08, 3.0).box(0.3, 0.25, 0.9, 0, -0.1, 2.9)
    for i in range(3):
        s.hcyl(0.09, 0.05, "y", 0, -0.25, 3.05 + i * 0.28)
    return s


@item("fire_hydrant", "fire hydrant", "street", "a red fire hydrant", ("hydrant",))
def _hydrant() -> Shape:
    return Shape().cyl(0.14, 0.08).cyl(0.11, 0.55, z=0.08).sphere(0.11, z=0.63).hcyl(
        0.05, 0.38, "x", z=0.45)


@item("mailbox", "mailbox", "street", "a pillar mailbox", ("post box", "letter box"))
def _mailbox() -> Shape:
    return Shape().cyl(0.25, 1.4).sphere(0.25, z=1.4, scale=(1, 1, 0.5)).box(
        0.25, 0.02, 0.04, 0, -0.25, 1.15)


@item("street_bin", "trash can", "street", "a public litter bin", ("bin", "rubbish", "litter"))
def _street_bin() -> Shape:
    return Shape().cyl(0.3, 0.9).cyl(0.32, 0.1, z=0.9)


@item("bollard", "bollard", "street", "a short street bollard", ("post",))
def _bollard() -> Shape:
    return Shape().cyl(0.1, 0.9).sphere(0.1, z=0.9, scale=(1, 1, 0.4))


@item("road_sign", "road sign", "street", "a round road sign on a post", ("sign", "traffic"))
def _road_sign() -> Shape:
    return Shape().cyl(0.04, 2.6).hcyl(0.35, 0.03, "y", 0, -0.06, 2.5)


@item("fountain", "fountain", "street", "a round stone fountain with a basin and a tier",
      ("plaza", "water"))
def _fountain() -> Shape:
    return Shape().cyl(1.6, 0.5, sections=32).cyl(0.2, 1.3).cyl(0.6, 0.15, z=1.3).cyl(
        0.1, 0.4, z=1.45)


# ------------------------------------------------------------------ vehicles

def _wheels(s: Shape, xs: tuple[float, ...], ys: tuple[float, ...], r: float,
            w: float) -> Shape:
    for x in xs:
        for y in ys:
            s.hcyl(r, w, "x", x, y, r)
    return s


@item("car", "car", "vehicles", "a four-door sedan car, bonnet towards −Y",
      ("automobile", "sedan", "vehicle"))
def _car() -> Shape:
    s = Shape().box(1.8, 4.5, 0.65, z=0.3).box(1.6, 2.3, 0.55, 0, 0.25, 0.95)
    return _wheels(s, (-0.8, 0.8), (-1.4, 1.4), 0.33, 0.22)


@item("truck", "truck", "vehicles", "a box truck with a cab at the front",
      ("lorry", "delivery truck", "vehicle"))
def _truck() -> Shape:
    s = Shape().box(2.4, 2.0, 2.1, 0, -2.6, 0.5).box(2.5, 5.0, 2.9, 0, 1.0, 0.6)
    return _wheels(s, (-1.0, 1.0), (-2.6, 0.2, 2.6), 0.5, 0.35)


@item("van", "van", "vehicles", "a panel van", ("minivan", "vehicle"))
def _van() -> Shape:
    s = Shape().box(2.0, 5.2, 1.7, 0, 0.25, 0.4).box(2.0, 0.9, 0.8, 0, -2.55, 0.4)
    return _wheels(s, (-0.9, 0.9), (-1.9, 1.8), 0.36, 0.24)


@item("bus", "bus", "vehicles", "a single-deck city bus", ("coach", "public transport",
                                                           "vehicle"))
def _bus() -> Shape:
    s = Shape().box(2.55, 12.0, 2.8, z=0.35)
    return _wheels(s, (-1.1, 1.1), (-3.8, 3.5), 0.5, 0.3)


@item("bicycle", "bicycle", "vehicles", "a bicycle seen from the side", ("bike", "cycle"))
def _bicycle() -> Shape:
    s = Shape().torus(0.34, 0.02, 0, -0.52, 0.36, plane="yz")
    s.torus(0.34, 0.02, 0, 0.52, 0.36, plane="yz")
    s.box(0.04, 0.75, 0.04, 0, 0.0, 0.62).box(0.04, 0.04, 0.4, 0, 0.15, 0.4)
    s.box(0.04, 0.04, 0.5, 0, -0.45, 0.5).box(0.1, 0.25, 0.05, 0, 0.12, 0.85)
    return s.box(0.5, 0.04, 0.04, 0, -0.45, 1.0)


@item("motorcycle", "motorcycle", "vehicles", "a motorcycle", ("motorbike", "bike"))
def _motorcycle() -> Shape:
    s = Shape().hcyl(0.32, 0.15, "x", 0, -0.7, 0.32).hcyl(0.32, 0.18, "x", 0, 0.7, 0.32)
    s.box(0.35, 1.1, 0.45, 0, 0, 0.4).box(0.3, 0.7, 0.12, 0, 0.25, 0.8)
    return s.box(0.75, 0.05, 0.05, 0, -0.55, 1.05)


@item("boat", "boat", "vehicles", "a small rowing boat", ("rowboat", "dinghy"))
def _boat() -> Shape:
    s = Shape().prism([(-0.7, 0.1), (-0.5, 0.0), (0.5, 0.0), (0.7, 0.1), (0.7, 0.55),
                       (-0.7, 0.55)], 3.2)
    return s.prism([(-0.7, 0.55), (0.7, 0.55), (0, 0.25)], 0.6, y=-1.9).box(1.3, 0.25, 0.05,
                                                                            z=0.35)


# ------------------------------------------------------------------ nature

@item("tree", "tree", "nature", "a broadleaf deciduous tree", ("oak", "plant", "foliage"))
def _tree() -> Shape:
    s = Shape().cyl(0.2, 3.0, sections=10)
    return s.sphere(2.0, 0, 0, 4.5, (1, 1, 0.85)).sphere(1.3, 0.9, 0.3, 3.6)


@item("pine_tree", "tree", "nature", "a conifer pine tree", ("fir", "evergreen", "plant"))
def _pine() -> Shape:
    s = Shape().cyl(0.18, 1.5, sections=10)
    for i, r in enumerate((1.8, 1.4, 1.0)):
        s.cone(r, 2.5, z=1.2 + i * 1.6)
    return s


@item("palm_tree", "tree", "nature", "a palm tree with a tall trunk and fronds",
      ("palm", "tropical", "plant"))
def _palm() -> Shape:
    s = Shape().cyl(0.18, 7.0, sections=10)
    for i in range(6):
        a = i * math.pi / 3
        s.box(2.6, 0.5, 0.06, 1.2 * math.cos(a), 1.2 * math.sin(a), 6.8, (0, 0.35, a))
    return s


@item("bush", "bush", "nature", "a rounded shrub", ("shrub", "hedge", "plant"))
def _bush() -> Shape:
    return Shape().sphere(0.6, 0, 0, 0.5, (1.2, 1, 0.85)).sphere(0.45, 0.5, 0.2, 0.4)


@item("potted_plant", "potted plant", "nature", "a house plant in a pot",
      ("plant", "pot", "indoor plant"))
def _potted_plant() -> Shape:
    return Shape().lathe([(0, 0), (0.14, 0), (0.2, 0.35), (0, 0.35)]).cyl(
        0.03, 0.3, z=0.35).sphere(0.35, 0, 0, 0.9, (1, 1, 1.2))


@item("flower_pot", "flower pot", "nature", "a small pot of flowers on a table",
      ("flowers", "plant", "vase"), support="on_object")
def _flower_pot() -> Shape:
    return Shape().cyl(0.07, 0.12).sphere(0.1, 0, 0, 0.2)


@item("rock", "rock", "nature", "a medium rock", ("stone",))
def _rock() -> Shape:
    return Shape().sphere(0.5, 0, 0, 0.3, (1.2, 0.9, 0.7)).sphere(0.3, 0.3, 0.2, 0.35)


@item("boulder", "rock", "nature", "a large boulder", ("stone", "outcrop"))
def _boulder() -> Shape:
    return Shape().sphere(1.5, 0, 0, 1.0, (1.3, 1.0, 0.8)).sphere(1.0, 1.0, -0.5, 0.8)


@item("cliff", "terrain", "nature", "a steep cliff block with a sloped face",
      ("cliff face", "rock wall", "terrain piece"))
def _cliff() -> Shape:
    return Shape().prism([(-3, 0), (3, 0), (3, 6), (-1, 6)], 4.0)


@item("hill", "terrain", "nature", "a low grassy mound", ("mound", "terrain piece", "ground"))
def _hill() -> Shape:
    profile = [(0.0, 0.0)] + [(4.0 * (1 - t / 8), 1.4 * math.sin(math.pi / 2 * t / 8) ** 0.7
                               if t else 0.0) for t in range(8)] + [(0.0, 1.4)]
    return Shape().lathe(profile, sections=24)


@item("terrain_slope", "terrain", "nature", "a ramp-shaped terrain piece",
      ("slope", "ramp", "terrain piece"))
def _slope() -> Shape:
    return Shape().prism([(-2, 0), (2, 0), (2, 1.5)], 4.0)


# ------------------------------------------------------------------ buildings

def _building(storeys: int, w: float, d: float) -> Shape:
    s = Shape().box(w, d, storeys * 3.2)
    for i in range(storeys):
        for j in range(int(w // 3)):
            s.box(1.4, 0.05, 1.5, -w / 2 + 1.5 + j * 3.0, -d / 2, i * 3.2 + 1.0)
    return s


@item("house", "house", "buildings", "a one-storey house with a gable roof and a door",
      ("home", "cottage", "building"))
def _house() -> Shape:
    s = Shape().box(8.0, 6.0, 3.0).prism([(-4.3, 3.0), (4.3, 3.0), (0, 5.5)], 6.4)
    return s.box(1.0, 0.1, 2.1, 0, -3.0).box(1.2, 0.05, 1.2, -2.5, -3.0, 1.0)


@item("building_3", "building", "buildings", "a three-storey apartment building",
      ("apartments", "low-rise"))
def _building_3() -> Shape:
    return _building(3, 15.0, 10.0)


@item("building_8", "building", "buildings", "an eight-storey office building",
      ("office block", "mid-rise"))
def _building_8() -> Shape:
    return _building(8, 20.0, 15.0)


@item("skyscraper", "building", "buildings", "a 30-storey skyscraper tower",
      ("tower", "high-rise"))
def _skyscraper() -> Shape:
    return _building(30, 24.0, 24.0).box(8.0, 8.0, 6.0, z=96.0)


@item("shop", "shop", "buildings", "a small corner shop with an awning",
      ("store", "kiosk", "building"))
def _shop() -> Shape:
    s = Shape().box(6.0, 5.0, 3.5).box(5.0, 0.05, 2.0, 0, -2.5, 0.3)
    return s.box(6.0, 1.2, 0.1, 0, -3.0, 2.8, (0.3, 0, 0))


@item("pavilion", "pavilion", "buildings", "an open garden pavilion: columns under a roof",
      ("gazebo", "bandstand", "shelter"))
def _pavilion() -> Shape:
    s = Shape().cyl(3.2, 0.3, sections=8)
    for i in range(8):
        a = i * math.pi / 4 + math.pi / 8
        s.cyl(0.12, 2.7, 2.7 * math.cos(a), 2.7 * math.sin(a), 0.3, sections=8)
    return s.cyl(3.3, 0.2, z=3.0, sections=8).cone(3.5, 1.8, z=3.2, sections=8)


@item("tent", "tent", "buildings", "a ridge camping tent", ("camping",))
def _tent() -> Shape:
    return Shape().prism([(-1.0, 0), (1.0, 0), (0, 1.2)], 2.2)


# ------------------------------------------------------------------ sports

@item("boxing_ring", "boxing ring", "sports", "a raised boxing ring with corner posts and "
      "three ropes", ("ring", "boxing", "fight"))
def _boxing_ring() -> Shape:
    s = Shape().box(6.1, 6.1, 1.0)
    for sx in (-1, 1):
        for sy in (-1, 1):
            s.cyl(0.08, 1.5, sx * 2.95, sy * 2.95, 1.0, sections=8)
    for i in range(3):
        z = 1.45 + i * 0.4
        for sign in (-1, 1):
            s.box(5.9, 0.04, 0.04, 0, sign * 2.95, z).box(0.04, 5.9, 0.04, sign * 2.95, 0, z)
    return s


@item("basketball_hoop", "basketball hoop", "sports", "a basketball hoop with backboard on a "
      "pole", ("basketball", "hoop", "net"))
def _hoop() -> Shape:
    s = Shape().box(1.0, 1.4, 0.2, 0, 0.6).cyl(0.1, 3.5, 0, 0.9).box(0.1, 0.9, 0.1, 0, 0.5, 3.3)
    s.box(1.8, 0.05, 1.05, 0, 0.05, 2.9)
    return s.torus(0.23, 0.012, 0, -0.2, 3.05).cone(0.22, -0.4, 0, -0.2, 3.04)


@item("basketball", "ball", "sports", "a basketball", ("basketball", "ball"))
def _basketball() -> Shape:
    return Shape().sphere(0.12, z=0.12)


@item("soccer_ball", "ball", "sports", "a football (soccer ball)", ("football", "soccer",
                                                                    "ball"))
def _soccer_ball() -> Shape:
    return Shape().sphere(0.11, z=0.11)


@item("soccer_goal", "goal", "sports", "a football goal frame with a net back",
      ("football", "soccer", "net"))
def _goal() -> Shape:
    s = Shape().box(0.12, 0.12, 2.44, -3.72).box(0.12, 0.12, 2.44, 3.72).box(7.56, 0.12, 0.12,
                                                                              z=2.44)
    return s.box(7.4, 0.02, 2.4, 0, 1.5, 0.0, (0.55, 0, 0))


@item("ping_pong_table", "table tennis table", "sports", "a table tennis table with a net",
      ("ping pong", "table"))
def _ping_pong() -> Shape:
    s = Shape().legs(1.525, 2.74, 0.74, 0.06, inset=0.3).box(1.525, 2.74, 0.03, z=0.73)
    return s.box(1.83, 0.01, 0.15, z=0.76)


@item("punching_bag", "punching bag", "sports", "a free-standing punching bag",
      ("boxing", "heavy bag"))
def _punching_bag() -> Shape:
    return Shape().cyl(0.3, 0.15).cyl(0.04, 0.5, z=0.15).cyl(0.18, 1.0, z=0.6)


# ------------------------------------------------------------------ instruments

@item("upright_piano", "piano", "instruments", "an upright piano with a keyboard and a stool",
      ("keyboard", "music"))
def _upright_piano() -> Shape:
    return Shape().box(1.5, 0.6, 1.25, 0, 0.1).box(1.4, 0.25, 0.06, 0, -0.3, 0.72)


@item("grand_piano", "piano", "instruments", "a grand piano with its lid raised",
      ("concert piano", "music"))
def _grand_piano() -> Shape:
    s = Shape().legs(1.5, 1.9, 0.6, 0.1, inset=0.05).box(1.5, 1.9, 0.35, z=0.6)
    return s.box(1.45, 0.3, 0.1, 0, -1.05, 0.7).box(1.4, 1.7, 0.02, 0.1, 0.1, 1.1,
                                                     (0, 0.5, 0))


@item("drum_kit", "drum kit", "instruments", "a drum kit: bass drum, snare, toms and cymbals",
      ("drums", "percussion", "music"))
def _drums() -> Shape:
    s = Shape().hcyl(0.28, 0.4, "y", 0, 0, 0.28).cyl(0.18, 0.15, -0.45, -0.1, 0.55)
    s.cyl(0.01, 0.55, -0.45, -0.1, 0).cyl(0.12, 0.12, -0.15, 0.0, 0.6).cyl(0.12, 0.12, 0.15,
                                                                           0.0, 0.6)
    for x in (-0.7, 0.7):
        s.cyl(0.01, 1.2, x, 0.1, 0).cyl(0.22, 0.01, x, 0.1, 1.2)
    return s


@item("guitar", "guitar", "instruments", "an acoustic guitar on a stand",
      ("acoustic guitar", "music"))
def _guitar() -> Shape:
    s = Shape().sphere(0.2, 0, 0, 0.3, (1, 0.25, 1.2)).sphere(0.15, 0, 0, 0.55, (1, 0.3, 1))
    return s.box(0.05, 0.03, 0.5, 0, 0, 0.65).box(0.08, 0.03, 0.15, 0, 0, 1.15)


@item("microphone_stand", "microphone", "instruments", "a microphone on a stand",
      ("mic", "stage", "singer"))
def _mic() -> Shape:
    return Shape().cyl(0.15, 0.03).cyl(0.01, 1.5, z=0.03).cyl(0.02, 0.15, 0, 0, 1.53)


@item("cello", "cello", "instruments", "a cello standing on its spike", ("string", "music"))
def _cello() -> Shape:
    s = Shape().cyl(0.01, 0.1).sphere(0.25, 0, 0, 0.4, (1, 0.5, 1.3))
    return s.sphere(0.2, 0, 0, 0.75, (1, 0.5, 1)).box(0.05, 0.04, 0.45, 0, 0, 0.9)


# ------------------------------------------------------------------ props

@item("crate", "crate", "props", "a wooden shipping crate", ("box", "wooden box", "cargo"))
def _crate() -> Shape:
    return Shape().box(0.6, 0.6, 0.6)


@item("barrel", "barrel", "props", "a wooden barrel", ("cask", "drum"))
def _barrel() -> Shape:
    return Shape().cyl(0.26, 0.9).cyl(0.29, 0.4, z=0.25)


@item("suitcase", "suitcase", "props", "a wheeled suitcase with a handle",
      ("luggage", "bag", "travel"))
def _suitcase() -> Shape:
    return Shape().box(0.45, 0.25, 0.65, z=0.04).box(0.25, 0.03, 0.25, 0, 0.08, 0.69)


@item("painting", "painting", "props", "a framed painting", ("picture", "art", "frame"),
      support="wall")
def _painting() -> Shape:
    return Shape().box(0.9, 0.04, 0.7).box(0.8, 0.01, 0.6, 0, -0.02, 0.05)


@item("mirror", "mirror", "props", "a wall mirror", ("looking glass",), support="wall")
def _mirror() -> Shape:
    return Shape().box(0.6, 0.03, 1.0)


@item("wall_clock", "clock", "props", "a round wall clock", ("clock", "time"), support="wall")
def _clock() -> Shape:
    return Shape().hcyl(0.17, 0.05, "y", 0, 0, 0.17)


@item("television", "television", "props", "a wall-mounted flat-screen television",
      ("tv", "screen", "display"), support="wall")
def _tv() -> Shape:
    return Shape().box(1.23, 0.06, 0.71)


@item("umbrella", "umbrella", "props", "a patio umbrella on a base", ("parasol", "sunshade"))
def _umbrella() -> Shape:
    return Shape().cyl(0.25, 0.08).cyl(0.025, 2.3, z=0.08).cone(1.3, 0.5, z=1.95, sections=8)


@item("ceiling_fan", "ceiling fan", "props", "a ceiling fan with four blades",
      ("fan", "ceiling"), support="ceiling")
def _ceiling_fan() -> Shape:
    s = Shape().cyl(0.1, 0.15).cyl(0.015, 0.25, z=0.15)
    for i in range(4):
        a = i * math.pi / 2
        s.box(0.55, 0.12, 0.01, 0.35 * math.cos(a), 0.35 * math.sin(a), 0.05, (0, 0, a))
    return s


@item("candle", "candle", "props", "a pillar candle", ("light",), support="on_object")
def _candle() -> Shape:
    return Shape().cyl(0.035, 0.15).cyl(0.002, 0.015, z=0.15)


@item("tool_box", "toolbox", "props", "a metal toolbox with a handle", ("tools",),
      support="on_object")
def _toolbox() -> Shape:
    return Shape().box(0.45, 0.2, 0.2).box(0.3, 0.02, 0.06, 0, 0, 0.2)


@item("traffic_cone", "traffic cone", "street", "an orange traffic cone", ("cone", "road works"))
def _traffic_cone() -> Shape:
    return Shape().box(0.4, 0.4, 0.03).cone(0.15, 0.7, z=0.03)


# ------------------------------------------------------------------ nouns a director names often

@item("taxi", "taxi", "vehicles", "a four-door taxi cab with a roof sign, bonnet towards −Y",
      ("cab", "taxicab", "yellow cab", "vehicle"))
def _taxi() -> Shape:
    s = Shape().box(1.8, 4.6, 0.65, z=0.3).box(1.6, 2.3, 0.55, 0, 0.25, 0.95)
    s.box(0.6, 0.2, 0.16, 0, 0.1, 1.5)  # the roof sign
    return _wheels(s, (-0.8, 0.8), (-1.4, 1.4), 0.33, 0.22)


@item("helicopter", "helicopter", "vehicles", "a light helicopter on skids: cabin, tail boom, "
      "tail rotor and a two-blade main rotor, nose towards −Y", ("chopper", "aircraft"))
def _helicopter() -> Shape:
    s = Shape().box(0.08, 3.0, 0.08, -0.8, -0.3, 0.0).box(0.08, 3.0, 0.08, 0.8, -0.3, 0.0)
    s.box(0.06, 0.06, 0.4, -0.8, -1.2, 0.08).box(0.06, 0.06, 0.4, 0.8, -1.2, 0.08)
    s.box(0.06, 0.06, 0.4, -0.8, 0.6, 0.08).box(0.06, 0.06, 0.4, 0.8, 0.6, 0.08)
    s.box(1.7, 0.1, 0.08, 0, -1.2, 0.44).box(1.7, 0.1, 0.08, 0, 0.6, 0.44)  # skid struts
    s.sphere(1.0, 0, -0.4, 1.4, (0.85, 1.6, 0.9))  # the cabin
    s.box(0.3, 4.0, 0.35, 0, 3.0, 1.6).box(0.08, 0.6, 1.0, 0, 4.8, 1.6)  # boom and fin
    s.cyl(0.08, 0.35, 0, -0.4, 2.3).box(10.0, 0.3, 0.05, 0, -0.4, 2.65)  # mast and main rotor
    return s.box(0.05, 0.2, 1.4, 0.1, 4.8, 1.4)  # tail rotor


@item("train_carriage", "train carriage", "vehicles", "a passenger railway carriage on two "
      "bogies", ("railway carriage", "train car", "coach", "train", "wagon"))
def _train_carriage() -> Shape:
    s = Shape().box(2.9, 20.0, 2.9, z=1.0)
    for y in (-7.0, 7.0):
        s.box(2.2, 2.6, 0.4, 0, y, 0.6)  # bogie frame
        for dy in (-0.9, 0.9):
            s.hcyl(0.45, 0.15, "x", -0.72, y + dy, 0.45).hcyl(0.45, 0.15, "x", 0.72, y + dy, 0.45)
    return s


@item("violin", "violin", "instruments", "a violin standing on its end, strings towards −Y",
      ("fiddle", "viola", "string instrument", "music"), support="on_object")
def _violin() -> Shape:
    s = Shape().sphere(0.1, 0, 0, 0.1, (1.0, 0.2, 1.0)).sphere(0.08, 0, 0, 0.27, (1, 0.2, 1))
    s.box(0.1, 0.035, 0.04, 0, 0, 0.16)  # the waist between the bouts
    return s.box(0.025, 0.02, 0.22, 0, 0, 0.34).box(0.04, 0.03, 0.05, 0, 0, 0.56)


@item("qin", "qin", "instruments", "a guqin (Chinese zither) lying on a low table, its head "
      "to the player's right", ("guqin", "zither", "guzheng", "koto", "music"))
def _qin() -> Shape:
    s = Shape().legs(1.3, 0.45, 0.62, 0.05).box(1.3, 0.45, 0.04, z=0.62)  # the qin table
    s.box(1.2, 0.2, 0.05, 0, 0, 0.66)  # the body
    return s.box(0.1, 0.05, 0.03, 0.55, 0.0, 0.71).box(0.08, 0.04, 0.02, -0.56, 0.0, 0.71)


@item("fruit_bowl", "fruit bowl", "kitchen", "a bowl heaped with fruit (apples, an orange)",
      ("bowl of fruit", "fruit", "apples", "tableware"), support="on_object")
def _fruit_bowl() -> Shape:
    s = Shape().lathe([(0, 0), (0.06, 0), (0.1, 0.03), (0.13, 0.08), (0.12, 0.08),
                       (0.09, 0.035), (0, 0.015)], sections=24)
    for x, y, r in ((-0.045, -0.03, 0.04), (0.045, -0.025, 0.04), (0.0, 0.045, 0.042),
                    (0.0, 0.0, 0.038)):
        s.sphere(r, x, y, 0.06 + r + (0.03 if (x, y) == (0.0, 0.0) else 0.0))
    return s
