"""The built-in controlled vocabulary: object categories, characters, actions, shot sizes,
camera movements and lighting moods that the offline planner understands and the layout solver
knows how to place.

Only the categories are declared here (the layout solver is what places them); the actions,
shot sizes, movements and moods are declared by the skills that execute them
(`previz.skills.vocabulary`) and read here into the tables the planner has always used, so a
movement added to the camera skills reaches the planner without an edit in this file.

It is data, kept small on purpose: a category says what a thing is (`kind`), how big it usually
is (`size`, metres, width x / depth y / height z), where it rests (`support`) and whether other
things can stand on it (`surface`). The asset index and the skills packages may know more; the
planner asks them through `previz.agents.interfaces` and falls back to this table, so a plan
never depends on an index being present.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from previz.skills.vocabulary import Term, declare, synonyms, terms

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

    @classmethod
    def of(cls, term: Term) -> Category:
        """The category a ``category`` declaration describes."""
        return cls(term.name, synonyms=term.synonyms, **term.params)


def declare_category(name: str, kind: Kind, size: tuple[float, float, float], *,
                     synonyms: tuple[str, ...] = (), **data: Any) -> Term:
    """Declare an object, character or animal category (``data``: the other `Category`
    fields) in the ``category`` vocabulary."""
    return declare("category", name, synonyms, params={"kind": kind, "size": size, **data},
                   description=f"{kind} {size[0]:g} x {size[1]:g} x {size[2]:g} m")


_C = declare_category
_DECLARED = (
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

# Every prop-library category the table above does not name, declared from the library's own
# table (`previz.asset_index.props`: names, synonyms, support, first variant's size), so the
# planner reads "a bus", "a helicopter", "a qin" or "a fruit bowl" and the realiser places the
# library's model. A word already declared above keeps its category. Words that are also common
# verbs, body parts or camera language ("can", "chest", "palm", "swing", "pan", "camera") stay
# out: "the camera pans with Mara" names no prop, and a category whose own name is such a word
# (the library's "camera", "drone", "well", "safe") is left to the asset search.
VAGUE = frozenset((
    "engine", "post", "present", "gift", "light", "fire", "drum", "board", "bat", "bass", "horn",
    "box", "bag", "stand", "meter", "range", "mixer", "trolley", "display", "screen", "fan",
    "sign", "cabin", "hut", "cottage", "house", "skip", "coach", "wagon", "launch", "basket",
    "bar", "cage", "vault", "art piece", "prize cup", "award", "figure", "track hurdle", "cone",
    "rack", "mat", "stall", "can", "chest", "trunk", "palm", "olive", "rose", "swing", "swings",
    "slide", "safe", "well", "tire", "log", "shed", "sink", "till", "print", "canvas", "grave",
    "grill", "pitcher", "mouse", "cycle", "spotlight", "stage light", "floodlight",
    "studio light", "film light", "camera", "film camera", "movie camera", "video camera",
    "camera on tripod", "drone", "pan"))
_SUPPORT_OF = {"floor": "floor", "on_object": "surface", "wall": "wall"}
_SURFACES = ("table", "pedestal_table", "desk", "case", "game_table")
_OUTDOOR = ("street", "vehicles", "nature")


def _camera_words() -> frozenset[str]:
    """Every word of the camera's own language (movements and shot sizes, their synonyms)."""
    out = {"camera", "cameras", "shot", "shots", "lens", "frame"}
    for kind in ("movement", "shot_size"):
        for t in terms(kind):
            for phrase in (t.name.replace("_", " "), *t.synonyms):
                out.update(phrase.lower().split())
    return frozenset(out)


def _library_categories() -> tuple[Term, ...]:
    from previz.asset_index.props import ROWS
    from previz.asset_index.props.sizes import sizes

    taken = {w for t in _DECLARED for w in (t.name.replace("_", " "), *t.synonyms)}
    camera = _camera_words()

    def vague(word: str) -> bool:
        return word in VAGUE or (" " not in word and word in camera)

    size_of = sizes()
    out = []
    for row in ROWS:
        if row.name in taken or row.support not in _SUPPORT_OF or vague(row.name):
            continue
        words = tuple(w for w in row.synonyms if w not in taken and not vague(w))
        taken |= {row.name, *words}
        out.append(_C(row.name.replace(" ", "_"), "prop", size_of[row.name],
                      support=_SUPPORT_OF[row.support], synonyms=words,
                      surface=row.archetype in _SURFACES and row.support == "floor",
                      wall=row.support == "wall" or row.archetype == "shelf",
                      mount_height=1.2 if row.support == "wall" else 0.0,
                      outdoor=row.group in _OUTDOOR))
    return tuple(out)


_LIBRARY = _library_categories()

CATEGORIES: tuple[Category, ...] = tuple(Category.of(t) for t in terms("category"))
CATEGORY_BY_NAME: dict[str, Category] = {c.name: c for c in CATEGORIES}

# Actions a character can perform (declared by `previz.skills.motion.actions`). `moves` actions
# take a goal or waypoints; the others play in place. The default durations (seconds) are used
# when the text gives none.
ACTIONS: dict[str, dict] = {
    t.name: {"moves": "moves" in t.tags, **t.params, "synonyms": t.synonyms}
    for t in terms("action")
}

# Shot sizes (declared by `previz.skills.camera.vocabulary`) and the fraction of the frame
# height the subject fills for each (for the default camera).
SHOT_SIZES: dict[str, tuple[str, ...]] = synonyms("shot_size")
SHOT_FILL = {t.name: t.params["fill"] for t in terms("shot_size")}

# Camera movements (declared next to each generator of `previz.skills.camera`, dolly split in
# and out). The planner takes the longest synonym found, so "whip pan" is not read as "pan" nor
# "dolly zoom" as "zoom"; `CONTEXT_MOVES` are common words that count only next to "camera" or
# "shot".
MOVEMENTS: dict[str, tuple[str, ...]] = synonyms("movement")
CONTEXT_MOVES = tuple(t.name for t in terms("movement") if "context" in t.tags)

# Lighting moods (declared by `previz.skills.lighting.presets`, each lit by one of its looks).
MOODS: dict[str, tuple[str, ...]] = synonyms("mood")

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
    """The built-in category ``name``; a name that is another category's synonym ("mug",
    "mirror", "ball", "lamppost") or a prop-library word gets that category's size, support and
    placement under its own name (a plan says "mirror" and the layout hangs it on a wall);
    unknown names get a generic 0.5 m prop (never fails, so a plan from an LLM with a category
    we do not know still lays out)."""
    found = CATEGORY_BY_NAME.get(name)
    if found is not None:
        return found
    like = _category_of_word(name)
    if like is not None:
        return replace(like, name=name, synonyms=())
    return Category(name, "prop", (0.5, 0.5, 0.5))


def _category_of_word(name: str) -> Category | None:
    """The declared category a word names: a synonym, else the library category it looks up
    to (singular or plural, with or without its spaces: "guard rail" is the guardrail)."""
    word = " ".join(name.lower().replace("_", " ").replace("-", " ").split())
    found = _SYNONYMS.get(word)
    if found is not None:
        return found
    from previz.asset_index.props import lookup

    for w in (word, word.replace(" ", "")):
        row = lookup(w)
        if row is not None:
            hit = CATEGORY_BY_NAME.get(row.replace(" ", "_")) or _SYNONYMS.get(row)
            if hit is not None:
                return hit
    return None


#: Every category name and synonym (lower case, spaces) → its category; the first declared
#: keeps a word two declare.
_SYNONYMS: dict[str, Category] = {}
for _c in CATEGORIES:
    for _w in (_c.name.replace("_", " "), *_c.synonyms):
        _SYNONYMS.setdefault(" ".join(_w.lower().split()), _c)
