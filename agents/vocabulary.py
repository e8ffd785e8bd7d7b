"""The built-in controlled vocabulary: object categories, characters, actions, shot sizes,
camera movements and lighting moods that the offline planner understands and the layout solver
knows how to place.

It is data, kept small on purpose: a category says what a thing is (`kind`), how big it usually
is (`size`, metres, width x / depth y / height z), where it rests (`support`) and whether other
things can stand on it (`surface`). The asset index and the skills packages may know more; the
planner asks them through `previz.agents.interfaces` and falls back to this table, so a plan
never depends on an index being present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Support = Literal["floor", "surface", "wall"]
Kind = Literal["set", "prop", "character", "animal"]


@dataclass(frozen=True)
class Category:
    name: str
    kind: Kind
    size: tuple[float, float, float]
    support: Support = "floor"
    surface: bool = False  # other things can stand on its top
    wall: bool = False  # by default placed with its back against a wall (indoors)
    mount_height: float = 0.0  # wall-mounted things: height of the bottom above the floor
    skeleton: str | None = None  # skills skeleton template for characters and animals
    synonyms: tuple[str, ...] = field(default_factory=tuple)
    outdoor: bool = False  # belongs outdoors (used to guess the setting)


_C = Category
CATEGORIES: tuple[Category, ...] = (
    # furniture ---------------------------------------------------------------------------------
    _C("table", "prop", (1.4, 0.8, 0.75), surface=True,
       synonyms=("dining table", "kitchen table", "meeting table", "conference table")),
    _C("coffee_table", "prop", (1.1, 0.6, 0.45), surface=True, synonyms=("coffee table",)),
    _C("desk", "prop", (1.2, 0.6, 0.75), surface=True, synonyms=("writing desk", "office desk")),
    _C("chair", "prop", (0.45, 0.5, 0.9), synonyms=("dining chair", "office chair", "seat")),
    _C("armchair", "prop", (0.85, 0.85, 0.9), synonyms=("arm chair", "easy chair")),
    _C("sofa", "prop", (2.0, 0.9, 0.85), wall=True, synonyms=("couch", "settee")),
    _C("stool", "prop", (0.35, 0.35, 0.65), synonyms=("bar stool",)),
    _C("bench", "prop", (1.5, 0.4, 0.45), synonyms=("park bench",)),
    _C("bed", "prop", (1.6, 2.1, 0.6), surface=True, wall=True, synonyms=("double bed",)),
    _C("nightstand", "prop", (0.45, 0.4, 0.55), surface=True, synonyms=("bedside table",)),
    _C("wardrobe", "prop", (1.2, 0.6, 2.0), wall=True, synonyms=("closet", "armoire")),
    _C("bookshelf", "prop", (1.0, 0.35, 1.9), wall=True, synonyms=("bookcase", "shelf", "shelves")),
    _C("cabinet", "prop", (0.9, 0.45, 0.9), surface=True, wall=True, synonyms=("sideboard",
                                                                              "dresser")),
    _C("counter", "prop", (2.0, 0.6, 0.9), surface=True, wall=True, synonyms=("bar", "kitchen "
                                                                             "counter")),
    _C("fridge", "prop", (0.7, 0.7, 1.8), wall=True, synonyms=("refrigerator",)),
    _C("piano", "prop", (1.5, 0.6, 1.2), wall=True, synonyms=("upright piano",)),
    _C("fireplace", "prop", (1.5, 0.5, 1.2), wall=True, synonyms=("hearth",)),
    _C("tv", "prop", (1.2, 0.1, 0.7), support="surface", synonyms=("television", "screen")),
    _C("lamp", "prop", (0.35, 0.35, 1.6), synonyms=("floor lamp", "standing lamp")),
    _C("plant", "prop", (0.5, 0.5, 1.0), synonyms=("potted plant", "houseplant", "fern")),
    _C("rug", "prop", (2.0, 1.4, 0.01), synonyms=("carpet", "mat")),
    _C("podium", "prop", (0.6, 0.5, 1.2), synonyms=("lectern", "pulpit")),
    _C("box", "prop", (0.5, 0.5, 0.5), surface=True, synonyms=("cardboard box", "crate")),
    _C("suitcase", "prop", (0.45, 0.25, 0.65), synonyms=("luggage", "bag")),
    _C("door", "prop", (0.9, 0.08, 2.05), wall=True, synonyms=("doorway", "entrance")),
    _C("window", "prop", (1.2, 0.08, 1.2), support="wall", wall=True, mount_height=0.9),
    _C("painting", "prop", (0.8, 0.04, 0.6), support="wall", wall=True, mount_height=1.4,
       synonyms=("picture", "portrait", "poster", "mirror")),
    # small things on surfaces ------------------------------------------------------------------
    _C("cup", "prop", (0.08, 0.08, 0.1), support="surface", synonyms=("mug", "glass", "teacup")),
    _C("bottle", "prop", (0.08, 0.08, 0.3), support="surface", synonyms=("wine bottle",)),
    _C("vase", "prop", (0.15, 0.15, 0.3), support="surface", synonyms=("flower vase",)),
    _C("book", "prop", (0.15, 0.22, 0.04), support="surface", synonyms=("notebook",)),
    _C("laptop", "prop", (0.33, 0.23, 0.02), support="surface", synonyms=("computer",)),
    _C("plate", "prop", (0.25, 0.25, 0.02), support="surface", synonyms=("dish",)),
    _C("candle", "prop", (0.06, 0.06, 0.2), support="surface", synonyms=("candlestick",)),
    _C("phone", "prop", (0.08, 0.16, 0.01), support="surface", synonyms=("telephone",)),
    # outdoor -----------------------------------------------------------------------------------
    _C("tree", "prop", (3.0, 3.0, 6.0), outdoor=True, synonyms=("oak", "pine", "trees")),
    _C("car", "prop", (1.8, 4.5, 1.5), outdoor=True, synonyms=("automobile", "sedan", "taxi")),
    _C("truck", "prop", (2.5, 7.0, 3.0), outdoor=True, synonyms=("lorry", "van")),
    _C("street_lamp", "prop", (0.3, 0.3, 4.0), outdoor=True, synonyms=("street lamp",
                                                                       "lamppost")),
    _C("rock", "prop", (1.0, 1.0, 0.6), outdoor=True, synonyms=("boulder", "stone")),
    _C("tent", "prop", (3.0, 3.0, 2.2), outdoor=True, synonyms=("marquee",)),
    _C("barrel", "prop", (0.6, 0.6, 0.9), outdoor=True, synonyms=("keg",)),
    _C("fence", "prop", (3.0, 0.1, 1.2), outdoor=True, synonyms=("railing",)),
    _C("fountain", "prop", (3.0, 3.0, 1.5), outdoor=True, synonyms=()),
    _C("pond", "prop", (6.0, 4.0, 0.05), outdoor=True, synonyms=("lake",)),
    _C("stage", "prop", (6.0, 4.0, 0.8), surface=True, synonyms=("platform",)),
    _C("flag", "prop", (0.6, 0.6, 5.0), outdoor=True, synonyms=("flagpole", "banner")),
    # characters and animals --------------------------------------------------------------------
    _C("person", "character", (0.5, 0.3, 1.75), skeleton="humanoid",
       synonyms=("man", "woman", "people", "officer", "official", "soldier", "guard",
                 "worker", "dancer", "waiter", "detective", "actor", "character", "boy",
                 "girl", "student", "teacher", "doctor", "nurse", "police", "king", "queen",
                 "knight", "monk", "priest", "villager", "pedestrian", "runner", "friend",
                 "couple", "stranger", "guest", "crowd", "figure", "athlete", "player", "chef",
                 "delegate", "tourist", "musician", "singer", "speaker", "host", "hero",
                 "mother", "father", "protester", "spectator")),
    _C("child", "character", (0.4, 0.25, 1.2), skeleton="humanoid",
       synonyms=("kid", "toddler", "children", "kids")),
    _C("dog", "animal", (0.3, 0.8, 0.6), skeleton="quadruped", synonyms=("puppy", "hound")),
    _C("cat", "animal", (0.2, 0.5, 0.3), skeleton="quadruped", synonyms=("kitten",)),
    _C("horse", "animal", (0.6, 2.2, 1.7), skeleton="quadruped", synonyms=("pony", "stallion",
                                                                          "mare")),
    _C("cow", "animal", (0.7, 2.2, 1.5), skeleton="quadruped", synonyms=("cattle", "bull")),
    _C("sheep", "animal", (0.5, 1.2, 0.9), skeleton="quadruped", synonyms=("lamb",)),
    _C("deer", "animal", (0.5, 1.6, 1.4), skeleton="quadruped", synonyms=("stag",)),
    _C("bird", "animal", (0.25, 0.3, 0.25), skeleton="bird", synonyms=("pigeon", "crow",
                                                                       "seagull")),
    _C("fish", "animal", (0.1, 0.4, 0.15), skeleton="fish", synonyms=("goldfish", "carp",
                                                                      "koi", "trout")),
)

CATEGORY_BY_NAME: dict[str, Category] = {c.name: c for c in CATEGORIES}

# Actions a character can perform. `moves` actions take a goal or waypoints; the others play in
# place. The default durations (seconds) are used when the text gives none.
ACTIONS: dict[str, dict] = {
    "walk": {"moves": True, "speed": 1.3, "synonyms": ("walks", "walking", "strolls", "steps",
                                                       "goes", "heads", "approaches", "enters",
                                                       "crosses", "marches", "march", "marching",
                                                       "paces", "parades")},
    "run": {"moves": True, "speed": 3.5, "synonyms": ("runs", "running", "sprints", "rushes",
                                                      "dashes", "races", "chases", "flees")},
    # Birds fly (flapping, at a height) and land; fish swim (`SkillsMotion` in agents/motion.py).
    "fly": {"moves": True, "speed": 5.0, "synonyms": ("flies", "flying", "soars", "glides",
                                                      "flutters", "flaps")},
    "land": {"moves": True, "speed": 4.0, "synonyms": ("lands", "landing", "perches",
                                                       "alights")},
    "swim": {"moves": True, "speed": 0.8, "synonyms": ("swims", "swimming")},
    "stand": {"moves": False, "duration": 3.0, "synonyms": ("stands", "standing", "waits",
                                                            "waiting", "stays")},
    "sit": {"moves": False, "duration": 3.0, "synonyms": ("sits", "sitting", "seated")},
    "turn": {"moves": False, "duration": 1.0, "synonyms": ("turns", "turning", "spins",
                                                           "looks back")},
    "wave": {"moves": False, "duration": 2.0, "synonyms": ("waves", "waving", "greets")},
    "talk": {"moves": False, "duration": 4.0, "synonyms": ("talks", "talking", "speaks",
                                                           "argues", "argue", "discuss",
                                                           "discusses",
                                                           "chat", "chats", "says",
                                                           "converse", "converses")},
    "point": {"moves": False, "duration": 1.5, "synonyms": ("points", "pointing")},
    "nod": {"moves": False, "duration": 1.0, "synonyms": ("nods", "nodding")},
    "jump": {"moves": False, "duration": 1.0, "synonyms": ("jumps", "jumping", "leaps")},
    "dance": {"moves": False, "duration": 4.0, "synonyms": ("dances", "dancing")},
    "fight": {"moves": False, "duration": 4.0, "synonyms": ("fights", "fighting", "punches",
                                                            "struggles")},
    "look": {"moves": False, "duration": 2.0, "synonyms": ("looks", "watches", "stares",
                                                           "gazes", "observes")},
    "pick_up": {"moves": False, "duration": 1.5, "synonyms": ("picks up", "grabs", "lifts",
                                                              "takes")},
    "bark": {"moves": False, "duration": 1.5, "synonyms": ("barks", "growls")},
    "graze": {"moves": False, "duration": 4.0, "synonyms": ("grazes", "eats", "drinks")},
}

SHOT_SIZES: dict[str, tuple[str, ...]] = {
    "extreme_wide": ("extreme wide", "establishing", "extreme long", "aerial"),
    "wide": ("wide shot", "wide", "long shot", "full view"),
    "full": ("full shot", "full body", "full-body"),
    "medium": ("medium shot", "medium", "mid shot", "waist"),
    "close_up": ("close-up", "close up", "closeup", "close"),
    "extreme_close_up": ("extreme close-up", "extreme close up", "macro"),
}
# Fraction of the frame height the subject fills for each shot size (for the default camera).
SHOT_FILL = {"extreme_wide": 0.25, "wide": 0.5, "full": 0.85, "medium": 1.6, "close_up": 4.0,
             "extreme_close_up": 8.0}

# Camera movements (one per movement of `previz.skills.camera`, dolly split in and out). The
# planner takes the longest synonym found, so "whip pan" is not read as "pan" nor "dolly zoom"
# as "zoom"; `CONTEXT_MOVES` are common words that count only next to "camera" or "shot".
MOVEMENTS: dict[str, tuple[str, ...]] = {
    "static": ("static", "locked off", "locked-off", "still camera", "fixed"),
    "pan": ("pan", "pans", "panning"),
    "tilt": ("tilt", "tilts", "tilting"),
    "dolly_in": ("dolly in", "dolly-in", "dollies in", "push in", "push-in", "pushes in",
                 "moves in"),
    "dolly_out": ("dolly out", "dolly-out", "dollies out", "pull out", "pull back",
                  "pulls back", "pulls out"),
    "truck": ("truck", "trucks", "trucking", "tracking", "track", "tracks", "slides", "crab",
              "crabs"),
    "pedestal": ("pedestal", "pedestal up", "pedestal down", "ped up", "ped down"),
    "crane": ("crane", "cranes", "crane shot", "rises", "boom", "boom up", "booms", "jib"),
    "arc": ("arc", "arcs", "arcing", "arc shot", "half circle", "semicircle"),
    "orbit": ("orbit", "orbits", "orbiting", "circles around", "circling", "revolves around"),
    "bullet_time": ("bullet time", "bullet-time", "frozen moment", "time slice"),
    "follow": ("follow", "follows", "following", "chase cam", "tracking shot", "follow shot"),
    "lead": ("lead", "leads", "leading", "leading shot", "lead shot", "walk and talk",
             "backwards tracking"),
    "over_the_shoulder": ("over the shoulder", "over-the-shoulder", "ots", "over her shoulder",
                          "over his shoulder", "over their shoulder"),
    "pov": ("pov", "point of view", "point-of-view", "through her eyes", "through his eyes",
            "through the eyes", "first person", "subjective"),
    "zoom": ("zoom", "zooms", "zoom in", "zooms in", "zoom out", "crash zoom"),
    "dolly_zoom": ("dolly zoom", "dolly-zoom", "vertigo", "vertigo shot", "zolly",
                   "trombone shot"),
    "drone_flyover": ("drone", "drone shot", "flyover", "drone flyover", "aerial flyover"),
    "handheld": ("handheld", "hand-held", "shaky", "shaky cam", "documentary style"),
    "whip_pan": ("whip pan", "whip-pan", "whip pans", "swish pan", "flash pan"),
}
CONTEXT_MOVES = ("pan", "tilt", "truck", "pedestal", "crane", "arc", "orbit", "zoom", "lead",
                 "follow")

MOODS: dict[str, tuple[str, ...]] = {
    "neutral": ("neutral", "even", "flat"),
    "warm": ("warm", "cozy", "cosy", "golden", "sunset", "candlelit", "candle", "fireplace"),
    "cool": ("cool", "cold", "blue", "moonlit", "moonlight", "night"),
    "dramatic": ("dramatic", "noir", "moody", "tense", "dark", "ominous", "horror", "spooky"),
    "bright": ("bright", "sunny", "cheerful", "daylight", "noon", "day"),
    "soft": ("soft", "overcast", "gentle", "diffuse", "calm", "romantic"),
}

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "pair": 2, "couple": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "dozen": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "several": 3, "few": 3, "some": 3, "many": 8, "dozens": 24,
    "hundreds": 200,
}


def category(name: str) -> Category:
    """The built-in category ``name``; unknown names get a generic 0.5 m prop (never fails, so a
    plan from an LLM with a category we do not know still lays out)."""
    found = CATEGORY_BY_NAME.get(name)
    if found is not None:
        return found
    return Category(name, "prop", (0.5, 0.5, 0.5))
