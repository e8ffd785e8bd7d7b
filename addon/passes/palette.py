"""Colours of the segmentation passes: stable instance colours and the ADE20K class palette.

Why ADE20K: the semantic-segmentation ControlNets (SD 1.5 ``control_v11p_sd15_seg`` and the video
models that reuse its annotator) were trained on images coloured with the ADE20K palette of the
150-class benchmark (as in MMSegmentation's ``ADE20KDataset``), so a class the model knows must be
painted in exactly that colour. A World's ``semantic_class`` is matched to an ADE20K name (after
lower-casing, a few synonyms below); a class ADE20K does not have gets a colour derived from its
name, the same way instance colours are derived from ids.

Why hashed instance colours: an entity keeps its colour in every frame, shot and run, whatever
else is in the World (a colour from the entity's position in a list would change when an entity
is added). Pure numpy, no bpy.
"""

from __future__ import annotations

import colorsys
import hashlib

import numpy as np

#: The 150 ADE20K classes (SceneParse150 order, as in MMSegmentation), index = class id.
ADE20K_CLASSES: tuple[str, ...] = (
    "wall", "building", "sky", "floor", "tree", "ceiling", "road", "bed", "windowpane", "grass",
    "cabinet", "sidewalk", "person", "earth", "door", "table", "mountain", "plant", "curtain",
    "chair", "car", "water", "painting", "sofa", "shelf", "house", "sea", "mirror", "rug",
    "field", "armchair", "seat", "fence", "desk", "rock", "wardrobe", "lamp", "bathtub",
    "railing", "cushion", "base", "box", "column", "signboard", "chest of drawers", "counter",
    "sand", "sink", "skyscraper", "fireplace", "refrigerator", "grandstand", "path", "stairs",
    "runway", "case", "pool table", "pillow", "screen door", "stairway", "river", "bridge",
    "bookcase", "blind", "coffee table", "toilet", "flower", "book", "hill", "bench",
    "countertop", "stove", "palm", "kitchen island", "computer", "swivel chair", "boat", "bar",
    "arcade machine", "hovel", "bus", "towel", "light", "truck", "tower", "chandelier", "awning",
    "streetlight", "booth", "television receiver", "airplane", "dirt track", "apparel", "pole",
    "land", "bannister", "escalator", "ottoman", "bottle", "buffet", "poster", "stage", "van",
    "ship", "fountain", "conveyer belt", "canopy", "washer", "plaything", "swimming pool",
    "stool", "barrel", "basket", "waterfall", "tent", "bag", "minibike", "cradle", "oven",
    "ball", "food", "step", "tank", "trade name", "microwave", "pot", "animal", "bicycle",
    "lake", "dishwasher", "screen", "blanket", "sculpture", "hood", "sconce", "vase",
    "traffic light", "tray", "ashcan", "fan", "pier", "crt screen", "plate", "monitor",
    "bulletin board", "shower", "radiator", "glass", "clock", "flag",
)

#: The ADE20K palette (RGB), same order as `ADE20K_CLASSES`.
ADE20K_PALETTE: tuple[tuple[int, int, int], ...] = (
    (120, 120, 120), (180, 120, 120), (6, 230, 230), (80, 50, 50), (4, 200, 3), (120, 120, 80),
    (140, 140, 140), (204, 5, 255), (230, 230, 230), (4, 250, 7), (224, 5, 255), (235, 255, 7),
    (150, 5, 61), (120, 120, 70), (8, 255, 51), (255, 6, 82), (143, 255, 140), (204, 255, 4),
    (255, 51, 7), (204, 70, 3), (0, 102, 200), (61, 230, 250), (255, 6, 51), (11, 102, 255),
    (255, 7, 71), (255, 9, 224), (9, 7, 230), (220, 220, 220), (255, 9, 92), (112, 9, 255),
    (8, 255, 214), (7, 255, 224), (255, 184, 6), (10, 255, 71), (255, 41, 10), (7, 255, 255),
    (224, 255, 8), (102, 8, 255), (255, 61, 6), (255, 194, 7), (255, 122, 8), (0, 255, 20),
    (255, 8, 41), (255, 5, 153), (6, 51, 255), (235, 12, 255), (160, 150, 20), (0, 163, 255),
    (140, 140, 140), (250, 10, 15), (20, 255, 0), (31, 255, 0), (255, 31, 0), (255, 224, 0),
    (153, 255, 0), (0, 0, 255), (255, 71, 0), (0, 235, 255), (0, 173, 255), (31, 0, 255),
    (11, 200, 200), (255, 82, 0), (0, 255, 245), (0, 61, 255), (0, 255, 112), (0, 255, 133),
    (255, 0, 0), (255, 163, 0), (255, 102, 0), (194, 255, 0), (0, 143, 255), (51, 255, 0),
    (0, 82, 255), (0, 255, 41), (0, 255, 173), (10, 0, 255), (173, 255, 0), (0, 255, 153),
    (255, 92, 0), (255, 0, 255), (255, 0, 245), (255, 0, 102), (255, 173, 0), (255, 0, 20),
    (255, 184, 184), (0, 31, 255), (0, 255, 61), (0, 71, 255), (255, 0, 204), (0, 255, 194),
    (0, 255, 82), (0, 10, 255), (0, 112, 255), (51, 0, 255), (0, 194, 255), (0, 122, 255),
    (0, 255, 163), (255, 153, 0), (0, 255, 10), (255, 112, 0), (143, 255, 0), (82, 0, 255),
    (163, 255, 0), (255, 235, 0), (8, 184, 170), (133, 0, 255), (0, 255, 92), (184, 0, 255),
    (255, 0, 31), (0, 184, 255), (0, 214, 255), (255, 0, 112), (92, 255, 0), (0, 224, 255),
    (112, 224, 255), (70, 184, 160), (163, 0, 255), (153, 0, 255), (71, 255, 0), (255, 0, 163),
    (255, 204, 0), (255, 0, 143), (0, 255, 235), (133, 255, 0), (255, 0, 235), (245, 0, 255),
    (255, 0, 122), (255, 245, 0), (10, 190, 212), (214, 255, 0), (0, 204, 255), (20, 0, 255),
    (255, 255, 0), (0, 153, 255), (0, 41, 255), (0, 255, 204), (41, 0, 255), (41, 255, 0),
    (173, 0, 255), (0, 245, 255), (71, 0, 255), (122, 0, 255), (0, 255, 184), (0, 92, 255),
    (184, 255, 0), (0, 133, 255), (255, 214, 0), (25, 194, 194), (102, 255, 0), (92, 0, 255),
)

#: Common names that ADE20K spells differently (World class → ADE20K class).
SYNONYMS: dict[str, str] = {
    "dog": "animal", "cat": "animal", "horse": "animal", "bird": "animal", "cow": "animal",
    "animal": "animal", "man": "person", "woman": "person", "child": "person", "human": "person",
    "character": "person", "couch": "sofa", "window": "windowpane", "statue": "sculpture",
    "street lamp": "streetlight", "lamp post": "streetlight", "lamp-post": "streetlight",
    "cup": "glass", "mug": "glass", "tv": "television receiver",
    "television": "television receiver",
    "trash can": "ashcan", "bin": "ashcan", "rubbish bin": "ashcan", "dresser": "chest of drawers",
    "bike": "bicycle", "motorbike": "minibike", "plane": "airplane", "ground": "earth",
    "pillar": "column", "picture": "painting", "carpet": "rug", "sea water": "sea",
}

BACKGROUND = (0, 0, 0)


def ade20k_class(semantic_class: str) -> str | None:
    """The ADE20K class name a World class maps to, or None when ADE20K has none."""
    name = " ".join(semantic_class.strip().lower().replace("_", " ").split())
    if name in _INDEX:
        return name
    alias = SYNONYMS.get(name) or SYNONYMS.get(name.replace(" ", "-"))
    return alias


def semantic_color(semantic_class: str) -> tuple[int, int, int]:
    """The class colour: ADE20K's where the class exists, else a stable colour from the name."""
    ade = ade20k_class(semantic_class)
    if ade is not None:
        return ADE20K_PALETTE[_INDEX[ade]]
    return hashed_color("class:" + semantic_class.strip().lower())


def instance_color(entity_id: str) -> tuple[int, int, int]:
    """A stable colour for an entity id: the same id gets the same colour in every run."""
    return hashed_color("id:" + entity_id)


def hashed_color(key: str) -> tuple[int, int, int]:
    """A saturated, bright colour from SHA-256 of ``key`` (never near black, the background).

    Hue takes 16 bits of the hash, saturation and value are kept in [0.55, 1] and [0.6, 1] so
    that colours stay distinct from black and from each other in a thumbnail."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    hue = int.from_bytes(digest[0:2], "big") / 65536.0
    sat = 0.55 + 0.45 * digest[2] / 255.0
    val = 0.6 + 0.4 * digest[3] / 255.0
    r, g, b = colorsys.hsv_to_rgb(hue, sat, val)
    return (round(r * 255), round(g * 255), round(b * 255))


def color_table(colors: list[tuple[int, int, int]]) -> np.ndarray:
    """A lookup table for label images: row 0 is the background, row i+1 is ``colors[i]``."""
    return np.array([BACKGROUND, *colors], dtype=np.uint8).reshape(-1, 3)


_INDEX = {name: i for i, name in enumerate(ADE20K_CLASSES)}
