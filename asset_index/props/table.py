"""The category table of the prop library: one row per category — its archetype, gallery group,
synonyms, support type, semantic class and the parameter ranges its variants are drawn from.

Adding a category is adding a row. Ranges are real-world sizes in metres (a dining chair's seat
0.43–0.47 m high, a basketball rim at 3.05 m, a bus 12 m long); a row overrides the archetype's
defaults and may restrict its options (``opts``). The planner reads names and synonyms from
here through `previz.asset_index.props.lookup`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    name: str  # the category, lower case, words separated by spaces
    archetype: str
    group: str  # folder and contact sheet
    synonyms: tuple[str, ...] = ()
    support: str = "floor"  # floor | wall | ceiling | on_object
    cls: str = ""  # semantic class (default: the name)
    opts: tuple[str, ...] = ()  # the archetype options its variants use (default: all)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def semantic_class(self) -> str:
        return (self.cls or self.name).replace(" ", "_")


ROWS: list[Row] = []


def C(name: str, archetype: str, group: str, synonyms: tuple[str, ...] = (), *,
      support: str = "floor", cls: str = "", opts: tuple[str, ...] = (),
      **ranges: tuple[float, float]) -> None:
    ROWS.append(Row(name, archetype, group, synonyms, support, cls, opts, ranges))


# ------------------------------------------------------------------ furniture: seats
F = "furniture"
C("chair", "chair", F, ("dining chair", "wooden chair", "seat"))
C("kitchen chair", "chair", F, ("cafe chair",), cls="chair", opts=("slatted back", "open back"))
C("school chair", "chair", F, ("classroom chair", "student chair"), cls="chair",
  seat_h=(0.4, 0.44), w=(0.38, 0.44), d=(0.38, 0.42), back=(0.3, 0.38))
C("folding chair", "chair", F, ("camping chair",), cls="chair", leg=(0.025, 0.03),
  seat_t=(0.02, 0.03))
C("high chair", "chair", F, ("baby chair", "highchair"), cls="chair", seat_h=(0.6, 0.75),
  w=(0.4, 0.45), d=(0.4, 0.45), opts=("with arms",))
C("throne", "chair", F, ("royal chair", "king's chair"), seat_h=(0.5, 0.55), w=(0.7, 0.9),
  d=(0.6, 0.7), back=(1.1, 1.4), leg=(0.08, 0.1), opts=("with arms",))
C("patio chair", "chair", F, ("garden chair", "outdoor chair", "lawn chair"), cls="chair",
  w=(0.55, 0.6), d=(0.55, 0.6), seat_h=(0.4, 0.44), opts=("with arms", "slatted back"))
C("dining armchair", "chair", F, ("carver chair", "captain's chair"), cls="chair",
  w=(0.52, 0.58), opts=("with arms",))
C("stool", "stool", F, ("milking stool", "step stool"))
C("bar stool", "stool", F, ("counter stool", "barstool"), cls="stool", h=(0.72, 0.78),
  opts=("with footrest", "four legs"))
C("piano stool", "stool", F, ("piano bench seat",), cls="stool", h=(0.48, 0.52), r=(0.17, 0.2),
  opts=("four legs",))
C("sofa", "upholstered", F, ("couch", "settee", "three-seater"))
C("loveseat", "upholstered", F, ("two-seater", "small sofa"), cls="sofa", w=(1.4, 1.6),
  seats=(2, 2))
C("armchair", "upholstered", F, ("easy chair", "club chair", "arm chair"), w=(0.8, 0.95),
  d=(0.8, 0.9), seats=(1, 1))
C("recliner", "upholstered", F, ("reclining chair", "lazy boy"), w=(0.85, 0.95), d=(0.9, 1.0),
  seats=(1, 1), back=(0.55, 0.65), arm=(0.2, 0.25))
C("ottoman", "upholstered", F, ("pouf", "footstool", "hassock"), w=(0.5, 0.8), d=(0.5, 0.7),
  base=(0.28, 0.32), seats=(1, 1), back=(0, 0), arm=(0, 0))
C("chaise longue", "upholstered", F, ("daybed", "chaise lounge", "fainting couch"),
  w=(0.7, 0.8), d=(1.6, 1.8), seats=(1, 1), arm=(0.12, 0.15), opts=("low arms",))
C("futon", "upholstered", F, ("sofa bed",), cls="sofa", w=(1.8, 2.0), arm=(0.08, 0.1),
  seats=(2, 2), opts=("low arms",))
C("bench", "bench", F, ("wooden bench",), opts=("backless", "with back"))
C("church pew", "bench", F, ("pew",), cls="bench", w=(2.5, 3.5), seat_h=(0.44, 0.46),
  back=(0.45, 0.5), opts=("with back",))
C("bean bag", "blob", F, ("beanbag", "beanbag chair"), w=(0.8, 1.0), d=(0.8, 1.0),
  h=(0.6, 0.75), opts=("round", "flat"))
# ------------------------------------------------------------------ furniture: tables
C("table", "table", F, ("dining table", "kitchen table", "wooden table"))
C("coffee table", "table", F, ("low table", "cocktail table"), w=(0.9, 1.2), d=(0.5, 0.7),
  h=(0.4, 0.46))
C("side table", "table", F, ("end table", "lamp table", "occasional table"), w=(0.45, 0.6),
  d=(0.45, 0.6), h=(0.5, 0.6), leg=(0.035, 0.045))
C("conference table", "table", F, ("meeting table", "boardroom table"), w=(2.8, 4.0),
  d=(1.1, 1.4), leg=(0.08, 0.1))
C("console table", "table", F, ("hall table", "sofa table"), w=(1.0, 1.4), d=(0.3, 0.4),
  h=(0.75, 0.8))
C("workbench", "table", F, ("work bench", "carpenter's bench"), w=(1.5, 2.0), d=(0.6, 0.8),
  h=(0.85, 0.92), top=(0.05, 0.07), leg=(0.08, 0.1), opts=("square legs",))
C("folding table", "table", F, ("trestle table", "card table"), w=(0.8, 1.8), d=(0.6, 0.75),
  leg=(0.025, 0.03), opts=("round legs",))
C("round table", "pedestal_table", F, ("pedestal table", "circular table"), cls="table")
C("cafe table", "pedestal_table", F, ("bistro table", "cafe table"), cls="table",
  r=(0.3, 0.38))
C("bar table", "pedestal_table", F, ("high table", "standing table", "cocktail table tall"),
  cls="table", h=(1.02, 1.1), r=(0.3, 0.4))
C("picnic table", "bench", F, ("picnic bench", "park table"), opts=("picnic",))
C("desk", "desk", F, ("writing desk", "office desk", "computer desk"))
C("school desk", "desk", F, ("pupil desk", "student desk"), cls="desk", w=(0.6, 0.7),
  d=(0.45, 0.5), h=(0.68, 0.72), opts=("legs",))
C("reception desk", "desk", F, ("front desk", "check-in counter"), w=(1.8, 2.4), d=(0.8, 0.9),
  h=(1.05, 1.1), opts=("panel ends",))
C("teacher's desk", "desk", F, ("teacher desk",), cls="desk", w=(1.4, 1.6),
  opts=("drawer block", "panel ends"))
C("dressing table", "desk", F, ("vanity table", "vanity"), w=(1.0, 1.2), d=(0.45, 0.5),
  opts=("drawer block", "legs"))
# ------------------------------------------------------------------ furniture: beds, storage
C("bed", "bed", F, ("double bed", "queen bed"))
C("single bed", "bed", F, ("twin bed",), cls="bed", w=(0.9, 1.0))
C("king bed", "bed", F, ("king-size bed",), cls="bed", w=(1.8, 2.0), l=(2.05, 2.15))
C("cot", "bed", F, ("camp bed", "crib", "cradle"), w=(0.6, 0.75), l=(1.2, 1.4), frame=(0.15, 0.2),
  mattress=(0.1, 0.12), leg=(0.3, 0.45), head=(0.9, 1.0), opts=("head and footboard",))
C("hospital bed", "bed", F, ("medical bed", "gurney"), w=(0.9, 1.0), l=(2.1, 2.2),
  leg=(0.4, 0.5), opts=("head and footboard",))
C("wardrobe", "case", F, ("closet", "armoire"), w=(1.0, 1.6), d=(0.55, 0.62), h=(1.9, 2.2),
  opts=("doors", "doors and drawers"))
C("cabinet", "case", F, ("cupboard", "storage cabinet"))
C("sideboard", "case", F, ("buffet", "credenza"), w=(1.5, 2.0), d=(0.42, 0.5), h=(0.75, 0.85),
  leg=(0.1, 0.15), doors=(3, 4))
C("dresser", "case", F, ("chest of drawers", "commode"), w=(0.8, 1.2), d=(0.45, 0.5),
  h=(0.8, 1.2), opts=("drawers",))
C("nightstand", "case", F, ("bedside table", "night table"), w=(0.4, 0.5), d=(0.35, 0.42),
  h=(0.5, 0.6), leg=(0.1, 0.15), drawers=(1, 2), doors=(1, 1))
C("tv stand", "case", F, ("media console", "tv cabinet", "entertainment unit"), w=(1.4, 1.8),
  d=(0.38, 0.45), h=(0.45, 0.55), doors=(2, 3))
C("locker", "case", F, ("school locker", "gym locker"), w=(0.3, 0.4), d=(0.45, 0.5),
  h=(1.8, 1.9), doors=(1, 1), opts=("doors",))
C("chest", "luggage", F, ("trunk", "treasure chest", "toy chest", "blanket box"),
  w=(0.8, 1.0), d=(0.45, 0.55), h=(0.5, 0.6), opts=("chest",))
C("bookshelf", "shelf", F, ("bookcase", "book shelf", "shelves"))
C("shelving unit", "shelf", F, ("storage shelves", "metal shelving", "rack"), w=(0.9, 1.2),
  d=(0.4, 0.5), h=(1.8, 2.0), side=(0.03, 0.04), opts=("open",))
C("display shelf", "shelf", F, ("display case shelf", "etagere"), w=(0.6, 0.8), h=(1.2, 1.6),
  n=(3, 4))
C("shoe rack", "shelf", F, ("shoe shelf",), w=(0.6, 0.9), d=(0.25, 0.3), h=(0.4, 0.6),
  n=(2, 3), opts=("open",))
C("wine rack", "shelf", F, ("bottle rack",), w=(0.5, 0.8), d=(0.25, 0.3), h=(0.8, 1.2),
  n=(5, 7), opts=("open",))
C("wall shelf", "shelf", F, ("floating shelf",), support="wall", w=(0.6, 1.0), d=(0.18, 0.25),
  h=(0.3, 0.45), n=(2, 2), opts=("open",))
C("coat rack", "floor_lamp", F, ("hat stand", "coat stand"), h=(1.7, 1.85), shade=(0.2, 0.25),
  shade_h=(0.1, 0.15), opts=("cone shade",))
C("clothes rack", "net", F, ("garment rack", "clothing rail"), w=(1.0, 1.5), h=(1.5, 1.7),
  post=(0.02, 0.025), net_h=(0.05, 0.05))
C("screen divider", "frame", F, ("room divider", "folding screen", "partition"),
  w=(1.5, 2.0), h=(1.7, 1.9), t=(0.03, 0.04))
C("rug", "crate", F, ("carpet", "mat", "area rug"), w=(1.6, 3.0), d=(1.2, 2.0), h=(0.01, 0.015),
  opts=("plain",))
C("fireplace", "case", F, ("hearth", "mantelpiece"), w=(1.3, 1.6), d=(0.4, 0.5), h=(1.1, 1.3),
  opts=("doors",), doors=(1, 1))
C("mirror", "frame", F, ("wall mirror", "looking glass"), support="wall", w=(0.5, 0.8),
  h=(0.7, 1.2))
C("painting", "frame", F, ("picture", "portrait", "canvas", "framed picture", "artwork"),
  support="wall")
C("poster", "frame", F, ("framed poster", "print"), support="wall", w=(0.5, 0.7), h=(0.7, 1.0),
  t=(0.01, 0.02), border=(0.01, 0.02))
C("clock", "disc_wall", F, ("wall clock",), support="wall")
C("grandfather clock", "case", F, ("longcase clock", "tall clock"), w=(0.45, 0.55),
  d=(0.25, 0.3), h=(1.9, 2.1), extra=(2, 2))
C("curtain", "frame", F, ("drapes", "curtains"), support="wall", w=(1.2, 2.0), h=(2.0, 2.4),
  t=(0.04, 0.06), border=(0.05, 0.08))
C("door", "frame", F, ("interior door", "doorway"), support="wall", w=(0.8, 0.9),
  h=(2.0, 2.1), t=(0.04, 0.05), border=(0.05, 0.07))
C("window", "frame", F, ("window frame", "casement"), support="wall", w=(0.9, 1.4),
  h=(1.0, 1.4), t=(0.06, 0.1), border=(0.05, 0.08))

# ------------------------------------------------------------------ lighting
L = "lighting"
C("floor lamp", "floor_lamp", L, ("standing lamp", "lamp", "reading lamp"))
C("table lamp", "floor_lamp", L, ("desk lamp", "bedside lamp"), support="on_object",
  h=(0.4, 0.6), base=(0.07, 0.1), shade=(0.12, 0.18), shade_h=(0.15, 0.2))
C("pendant lamp", "ceiling_light", L, ("pendant light", "hanging lamp"), support="ceiling",
  opts=("pendant",))
C("chandelier", "ceiling_light", L, ("crystal chandelier",), support="ceiling",
  opts=("chandelier",), r=(0.3, 0.5))
C("ceiling fan", "ceiling_light", L, ("fan",), support="ceiling", opts=("fan",),
  r=(0.5, 0.65), drop=(0.2, 0.35))
C("lantern", "vessel", L, ("oil lamp", "hurricane lamp", "paper lantern"), support="on_object",
  r0=(0.07, 0.09), r1=(0.09, 0.12), r2=(0.05, 0.07), h=(0.3, 0.4), opts=("with lid",))
C("candle", "vessel", L, ("pillar candle", "taper"), support="on_object", r0=(0.02, 0.04),
  r1=(0.02, 0.04), r2=(0.02, 0.04), h=(0.1, 0.25), opts=("plain",))
C("candelabra", "tripod", L, ("candlestick holder", "candelabrum"), support="on_object",
  h=(0.35, 0.5), spread=(0.08, 0.1), opts=("light",))
C("spotlight", "tripod", L, ("stage light", "studio light", "film light", "floodlight"),
  h=(1.6, 2.2), spread=(0.45, 0.55), opts=("light",))
C("torch", "vessel", L, ("tiki torch", "brazier"), r0=(0.02, 0.03), r1=(0.03, 0.04),
  r2=(0.08, 0.1), h=(1.2, 1.6), belly=(0.1, 0.2), shoulder=(0.8, 0.85), opts=("plain",))

# ------------------------------------------------------------------ kitchen appliances
K = "kitchen"
C("refrigerator", "case", K, ("fridge", "fridge freezer"), w=(0.6, 0.9), d=(0.65, 0.75),
  h=(1.7, 1.9), doors=(1, 2), opts=("doors",))
C("stove", "case", K, ("cooker", "range", "oven range", "hob"), w=(0.6, 0.9), d=(0.6, 0.65),
  h=(0.88, 0.92), doors=(1, 1), extra=(1, 1), opts=("doors",))
C("oven", "case", K, ("wall oven",), w=(0.58, 0.6), d=(0.55, 0.6), h=(0.58, 0.9),
  doors=(1, 1), opts=("doors",))
C("dishwasher", "case", K, ("dish washer",), w=(0.6, 0.6), d=(0.58, 0.62), h=(0.82, 0.86),
  doors=(1, 1), opts=("doors",))
C("washing machine", "case", K, ("washer", "laundry machine"), w=(0.6, 0.6), d=(0.55, 0.62),
  h=(0.84, 0.86), extra=(2, 2))
C("dryer", "case", K, ("tumble dryer", "clothes dryer"), w=(0.6, 0.6), d=(0.58, 0.62),
  h=(0.84, 0.86), extra=(2, 2))
C("kitchen counter", "case", K, ("counter", "worktop", "kitchen unit"), w=(1.8, 2.4),
  d=(0.6, 0.65), h=(0.9, 0.92), doors=(3, 4), opts=("doors", "doors and drawers"))
C("kitchen island", "case", K, ("island counter",), w=(1.6, 2.2), d=(0.9, 1.0), h=(0.9, 0.92),
  doors=(2, 3))
C("bar counter", "desk", K, ("bar", "pub counter", "serving counter"), w=(2.5, 4.0),
  d=(0.6, 0.7), h=(1.05, 1.12), opts=("panel ends",))
C("kitchen sink", "case", K, ("sink", "sink unit"), w=(0.8, 1.2), d=(0.6, 0.65),
  h=(0.9, 0.92), doors=(2, 2), opts=("doors",))
C("microwave", "gadget", K, ("microwave oven",), support="on_object", w=(0.45, 0.55),
  d=(0.35, 0.42), h=(0.26, 0.32), feature=(5, 5))
C("toaster", "gadget", K, (), support="on_object", w=(0.25, 0.3), d=(0.15, 0.2),
  h=(0.18, 0.21), feature=(7, 7))
C("coffee machine", "gadget", K, ("espresso machine", "coffee maker"), support="on_object",
  w=(0.25, 0.35), d=(0.3, 0.4), h=(0.3, 0.4), feature=(5, 5))
C("blender", "vessel", K, ("mixer", "food processor"), support="on_object", r0=(0.07, 0.09),
  r1=(0.07, 0.08), r2=(0.08, 0.09), h=(0.35, 0.42), opts=("with lid", "with handle"))
C("kettle", "vessel", K, ("electric kettle", "tea kettle"), support="on_object", r0=(0.08, 0.1),
  r1=(0.1, 0.11), r2=(0.05, 0.06), h=(0.2, 0.25), opts=("with handle",), spout=(0.06, 0.08))
C("teapot", "vessel", K, ("tea pot",), support="on_object", r0=(0.05, 0.06), r1=(0.08, 0.1),
  r2=(0.04, 0.05), h=(0.13, 0.16), opts=("with handle", "with lid"), spout=(0.08, 0.1))
C("cooking pot", "vessel", K, ("pot", "saucepan", "stockpot", "cauldron"), support="on_object",
  r0=(0.1, 0.14), r1=(0.1, 0.14), r2=(0.1, 0.14), h=(0.12, 0.2), opts=("with lid", "with handle"))
C("frying pan", "dish", K, ("pan", "skillet", "wok"), support="on_object", r=(0.12, 0.16),
  h=(0.04, 0.06), rim=(0.8, 0.85))
C("cutting board", "crate", K, ("chopping board", "bread board"), support="on_object",
  w=(0.3, 0.45), d=(0.2, 0.3), h=(0.015, 0.03), opts=("plain",))
C("knife block", "crate", K, ("knife stand",), support="on_object", w=(0.1, 0.15),
  d=(0.15, 0.2), h=(0.2, 0.25), opts=("plain", "slatted"))
C("water cooler", "vessel", K, ("water dispenser",), r0=(0.15, 0.17), r1=(0.15, 0.17),
  r2=(0.14, 0.15), h=(1.0, 1.1), belly=(0.1, 0.1), shoulder=(0.65, 0.7), opts=("with lid",))
C("trash can", "bin", K, ("bin", "garbage can", "rubbish bin", "waste bin", "dustbin"),
  w=(0.3, 0.45), h=(0.5, 0.75), opts=("round", "square"))

# ------------------------------------------------------------------ tableware
T = "tableware"
C("plate", "dish", T, ("dinner plate", "dish"), support="on_object")
C("saucer", "dish", T, ("side plate",), support="on_object", r=(0.07, 0.08), h=(0.015, 0.02))
C("tray", "dish", T, ("serving tray", "platter"), support="on_object", r=(0.18, 0.25),
  h=(0.02, 0.03), rim=(0.92, 0.95))
C("pizza", "dish", T, ("pizza pie",), support="on_object", r=(0.14, 0.2), h=(0.015, 0.025),
  rim=(0.95, 0.98))
C("cake", "vessel", T, ("birthday cake", "layer cake"), support="on_object", r0=(0.1, 0.14),
  r1=(0.1, 0.14), r2=(0.1, 0.14), h=(0.08, 0.15), opts=("plain",))
C("bowl", "vessel", T, ("soup bowl", "salad bowl", "rice bowl"), support="on_object",
  r0=(0.03, 0.04), r1=(0.07, 0.09), r2=(0.07, 0.09), h=(0.05, 0.07), belly=(0.7, 0.8),
  shoulder=(0.95, 1.0), opts=("plain",))
C("fruit bowl", "bowl_with", T, ("bowl of fruit", "fruit basket", "fruit"),
  support="on_object")
C("bread basket", "bowl_with", T, ("basket of bread", "bread rolls"), support="on_object",
  fruit=(0.04, 0.05), opts=("mixed",))
C("cup", "vessel", T, ("mug", "coffee cup", "teacup", "coffee mug"), support="on_object",
  opts=("with handle",))
C("glass", "vessel", T, ("tumbler", "drinking glass", "water glass"), support="on_object",
  r0=(0.028, 0.032), r1=(0.035, 0.04), r2=(0.038, 0.042), h=(0.1, 0.14), opts=("plain",))
C("wine glass", "stemware", T, ("goblet", "champagne glass", "stemware"), support="on_object")
C("cocktail glass", "stemware", T, ("martini glass",), support="on_object", bowl_r=(0.055, 0.06),
  bowl_h=(0.05, 0.06))
C("bottle", "vessel", T, ("water bottle", "glass bottle"), support="on_object", r0=(0.035, 0.04),
  r1=(0.035, 0.04), r2=(0.012, 0.015), h=(0.25, 0.3), belly=(0.05, 0.1), shoulder=(0.6, 0.65),
  neck=(0.25, 0.3), opts=("plain",))
C("wine bottle", "vessel", T, ("bottle of wine", "champagne bottle"), support="on_object",
  r0=(0.037, 0.04), r1=(0.037, 0.04), r2=(0.012, 0.014), h=(0.3, 0.32), belly=(0.05, 0.05),
  shoulder=(0.62, 0.66), neck=(0.25, 0.3), opts=("plain",))
C("beer bottle", "vessel", T, ("bottle of beer",), support="on_object", r0=(0.03, 0.032),
  r1=(0.03, 0.032), r2=(0.012, 0.013), h=(0.22, 0.24), belly=(0.05, 0.05),
  shoulder=(0.55, 0.6), neck=(0.25, 0.3), opts=("plain",))
C("can", "vessel", T, ("soda can", "tin can", "beer can"), support="on_object", r0=(0.032, 0.033),
  r1=(0.033, 0.034), r2=(0.03, 0.031), h=(0.115, 0.125), belly=(0.05, 0.1),
  shoulder=(0.9, 0.95), opts=("plain",))
C("jar", "vessel", T, ("jam jar", "mason jar", "cookie jar"), support="on_object",
  r0=(0.04, 0.06), r1=(0.045, 0.065), r2=(0.04, 0.05), h=(0.1, 0.18), opts=("with lid",))
C("pitcher", "vessel", T, ("jug", "water jug", "milk jug"), support="on_object",
  r0=(0.05, 0.06), r1=(0.07, 0.08), r2=(0.06, 0.07), h=(0.2, 0.25), opts=("with handle",))
C("vase", "vessel", T, ("flower vase", "urn"), support="on_object", r0=(0.04, 0.06),
  r1=(0.07, 0.1), r2=(0.035, 0.05), h=(0.25, 0.4), opts=("plain",))
C("salt shaker", "vessel", T, ("pepper shaker", "pepper mill", "salt cellar"),
  support="on_object", r0=(0.02, 0.022), r1=(0.02, 0.024), r2=(0.016, 0.018), h=(0.08, 0.12),
  opts=("plain", "with lid"))
C("thermos", "vessel", T, ("flask", "vacuum flask"), support="on_object", r0=(0.035, 0.04),
  r1=(0.035, 0.04), r2=(0.03, 0.035), h=(0.25, 0.32), opts=("with lid",))

# ------------------------------------------------------------------ office
OF = "office"
C("office chair", "office_chair", OF, ("desk chair", "swivel chair", "computer chair"),
  cls="chair")
C("filing cabinet", "case", OF, ("file cabinet",), w=(0.4, 0.5), d=(0.6, 0.65), h=(0.7, 1.3),
  opts=("drawers",))
C("whiteboard", "frame", OF, ("white board", "dry erase board"), support="wall", w=(1.2, 1.8),
  h=(0.9, 1.2), t=(0.02, 0.03), border=(0.02, 0.03))
C("blackboard", "frame", OF, ("chalkboard",), support="wall", w=(1.8, 3.0), h=(1.0, 1.2),
  t=(0.02, 0.03), border=(0.03, 0.05))
C("notice board", "frame", OF, ("bulletin board", "cork board", "pinboard"), support="wall",
  w=(0.6, 1.2), h=(0.45, 0.9), t=(0.02, 0.03), border=(0.02, 0.03))
C("lectern", "case", OF, ("podium", "pulpit", "rostrum"), w=(0.5, 0.65), d=(0.45, 0.55),
  h=(1.1, 1.25), opts=("doors",), doors=(1, 1))
C("book", "crate", OF, ("novel", "notebook", "hardback"), support="on_object", w=(0.15, 0.2),
  d=(0.22, 0.28), h=(0.02, 0.05), opts=("plain",))
C("stack of books", "crate", OF, ("pile of books", "books"), support="on_object", w=(0.18, 0.22),
  d=(0.24, 0.3), h=(0.15, 0.3), opts=("slatted",))
C("binder", "crate", OF, ("ring binder", "folder", "file box"), support="on_object",
  w=(0.05, 0.08), d=(0.28, 0.3), h=(0.3, 0.32), opts=("plain",))
C("paper stack", "crate", OF, ("stack of paper", "paper", "documents"), support="on_object",
  w=(0.21, 0.22), d=(0.29, 0.3), h=(0.02, 0.06), opts=("plain",))
C("globe", "tripod", OF, ("world globe",), support="on_object", h=(0.35, 0.5), spread=(0.1, 0.12),
  opts=("microphone",))
C("shredder", "gadget", OF, ("paper shredder",), w=(0.35, 0.4), d=(0.25, 0.3), h=(0.55, 0.65))
C("photocopier", "case", OF, ("copier", "copy machine"), w=(0.6, 0.7), d=(0.65, 0.7),
  h=(1.1, 1.2), opts=("drawers",), drawers=(2, 3))
C("safe", "case", OF, ("strongbox", "vault"), w=(0.4, 0.6), d=(0.4, 0.55), h=(0.5, 0.9),
  doors=(1, 1), opts=("doors",))
C("cubicle partition", "frame", OF, ("office partition", "cubicle wall"), w=(1.2, 1.6),
  h=(1.2, 1.6), t=(0.05, 0.06))
C("stapler", "crate", OF, (), support="on_object", w=(0.04, 0.05), d=(0.15, 0.2), h=(0.05, 0.07),
  opts=("plain",))
C("pen holder", "vessel", OF, ("pencil cup",), support="on_object", r0=(0.035, 0.04),
  r1=(0.035, 0.04), r2=(0.035, 0.04), h=(0.1, 0.12), opts=("plain",))
C("easel", "tripod", OF, ("painting easel", "art easel"), h=(1.5, 1.8), spread=(0.35, 0.4),
  opts=("music stand",))
C("cash register", "gadget", OF, ("till", "checkout register"), support="on_object",
  w=(0.35, 0.45), d=(0.35, 0.45), h=(0.25, 0.3), feature=(6, 6))
C("typewriter", "gadget", OF, (), support="on_object", w=(0.4, 0.45), d=(0.35, 0.4),
  h=(0.12, 0.15), feature=(6, 6))

# ------------------------------------------------------------------ electronics
E = "electronics"
C("television", "screen", E, ("tv", "tv set", "flat screen"), w=(1.0, 1.45), h=(0.58, 0.82),
  opts=("stand", "wall"))
C("computer monitor", "screen", E, ("monitor", "display", "screen"), support="on_object")
C("laptop", "laptop", E, ("notebook computer", "computer"), support="on_object")
C("tablet", "screen", E, ("ipad", "tablet computer"), support="on_object", w=(0.17, 0.25),
  h=(0.24, 0.3), t=(0.006, 0.008), opts=("lying",))
C("smartphone", "screen", E, ("phone", "mobile phone", "cell phone"), support="on_object",
  w=(0.07, 0.078), h=(0.145, 0.16), t=(0.007, 0.009), opts=("lying",))
C("desktop computer", "gadget", E, ("computer tower", "pc", "workstation"), w=(0.18, 0.22),
  d=(0.4, 0.48), h=(0.38, 0.45), feature=(0, 0))
C("keyboard", "gadget", E, ("computer keyboard",), support="on_object", w=(0.44, 0.46),
  d=(0.13, 0.15), h=(0.02, 0.03), feature=(0, 0))
C("computer mouse", "ball", E, ("mouse",), support="on_object", r=(0.02, 0.022),
  stretch=(2.5, 2.8))
C("printer", "gadget", E, ("laser printer", "inkjet printer"), support="on_object",
  w=(0.4, 0.5), d=(0.35, 0.45), h=(0.2, 0.3), feature=(4, 4))
C("speaker", "gadget", E, ("loudspeaker", "hifi speaker", "monitor speaker"), w=(0.2, 0.3),
  d=(0.2, 0.3), h=(0.3, 0.9), feature=(1, 1))
C("radio", "gadget", E, ("transistor radio", "clock radio"), support="on_object",
  w=(0.25, 0.35), d=(0.1, 0.14), h=(0.15, 0.2), feature=(1, 1))
C("boombox", "gadget", E, ("ghetto blaster", "stereo"), support="on_object", w=(0.5, 0.6),
  d=(0.15, 0.2), h=(0.25, 0.3), feature=(1, 1))
C("router", "gadget", E, ("wifi router", "modem"), support="on_object", w=(0.2, 0.25),
  d=(0.12, 0.15), h=(0.03, 0.04), feature=(3, 3))
C("projector", "gadget", E, ("video projector", "beamer"), support="on_object", w=(0.3, 0.35),
  d=(0.22, 0.28), h=(0.1, 0.12), feature=(2, 2))
C("camera", "gadget", E, ("photo camera", "dslr"), support="on_object", w=(0.13, 0.15),
  d=(0.07, 0.08), h=(0.09, 0.11), feature=(2, 2))
C("film camera", "tripod", E, ("movie camera", "video camera", "camera on tripod"),
  opts=("camera",))
C("game console", "gadget", E, ("video game console", "playstation", "xbox"),
  support="on_object", w=(0.27, 0.39), d=(0.26, 0.3), h=(0.06, 0.1))
C("amplifier", "gadget", E, ("guitar amp", "amp"), w=(0.45, 0.6), d=(0.25, 0.3), h=(0.4, 0.55),
  feature=(1, 1))
C("server rack", "case", E, ("server cabinet", "data rack"), w=(0.6, 0.6), d=(1.0, 1.1),
  h=(1.9, 2.0), doors=(1, 1), opts=("doors",))
C("arcade machine", "case", E, ("arcade cabinet", "video arcade game"), w=(0.65, 0.75),
  d=(0.7, 0.85), h=(1.7, 1.85), extra=(3, 3))
C("vending machine", "case", E, ("snack machine", "drinks machine"), w=(0.9, 1.0),
  d=(0.75, 0.85), h=(1.8, 1.9), extra=(4, 4))
C("atm", "case", E, ("cash machine", "cashpoint", "bank machine"), w=(0.6, 0.7), d=(0.6, 0.7),
  h=(1.5, 1.65), extra=(3, 3))
C("jukebox", "case", E, ("music box",), w=(0.8, 0.9), d=(0.6, 0.7), h=(1.4, 1.6), extra=(4, 4))
C("microphone stand", "tripod", E, ("microphone", "mic", "mic stand"), opts=("microphone",))
C("satellite dish", "umbrella", E, ("dish antenna",), h=(1.0, 1.5), r=(0.4, 0.6),
  opts=("patio",))
C("security camera", "gadget", E, ("cctv camera", "surveillance camera"), support="wall",
  w=(0.1, 0.12), d=(0.2, 0.25), h=(0.1, 0.12), feature=(2, 2))
C("telephone", "gadget", E, ("desk phone", "landline"), support="on_object", w=(0.2, 0.22),
  d=(0.2, 0.22), h=(0.08, 0.1), feature=(6, 6))
C("sewing machine", "gadget", E, (), support="on_object", w=(0.4, 0.45), d=(0.18, 0.22),
  h=(0.28, 0.32), feature=(5, 5))
C("record player", "gadget", E, ("turntable", "gramophone"), support="on_object",
  w=(0.42, 0.46), d=(0.34, 0.38), h=(0.1, 0.14), feature=(5, 5))

# ------------------------------------------------------------------ street furniture
S = "street"
C("street lamp", "street_lamp", S, ("lamp post", "lamppost", "street light", "streetlight"))
C("traffic light", "traffic_light", S, ("traffic signal", "stoplight", "traffic lights"))
C("road sign", "sign", S, ("street sign", "sign", "signpost"), opts=("rectangle", "triangle",
                                                                    "round"))
C("stop sign", "sign", S, (), opts=("octagon",))
C("speed limit sign", "sign", S, ("speed sign",), opts=("round",))
C("fire hydrant", "hydrant", S, ("hydrant", "fireplug"))
C("trash bin", "bin", S, ("street bin", "litter bin", "public bin"), w=(0.45, 0.6),
  h=(0.8, 1.0), opts=("round", "square"))
C("wheelie bin", "bin", S, ("garbage bin", "recycling bin", "refuse bin"), w=(0.55, 0.6),
  h=(1.0, 1.1), opts=("wheeled",))
C("dumpster", "bin", S, ("skip", "waste container"), w=(1.8, 2.0), h=(1.2, 1.4),
  opts=("wheeled", "square"))
C("park bench", "bench", S, ("garden bench", "public bench"), cls="bench", opts=("with back",))
C("mailbox", "post_box", S, ("letterbox", "mail box"), h=(1.1, 1.25), w=(0.2, 0.25),
  d=(0.45, 0.5), post=(0.9, 1.0))
C("post box", "post_box", S, ("pillar box", "postbox", "collection box"), h=(1.3, 1.6),
  w=(0.45, 0.55), d=(0.45, 0.55))
C("newspaper box", "post_box", S, ("news box", "newspaper stand"), h=(1.0, 1.1),
  w=(0.45, 0.5), d=(0.4, 0.45))
C("parking meter", "post_box", S, ("meter",), h=(1.3, 1.5), w=(0.2, 0.25), d=(0.15, 0.2),
  post=(0.9, 1.1))
C("ticket machine", "case", S, ("ticket kiosk", "payment machine"), w=(0.6, 0.75),
  d=(0.4, 0.5), h=(1.6, 1.8), extra=(3, 3))
C("bus stop", "shelter", S, ("bus shelter", "tram stop"), opts=("bus shelter",),
  w=(2.5, 4.0), d=(1.3, 1.6), h=(2.4, 2.7))
C("phone booth", "shelter", S, ("telephone box", "phone box", "telephone booth"),
  opts=("booth",), w=(0.9, 1.0), d=(0.9, 1.0), h=(2.3, 2.5))
C("kiosk", "shelter", S, ("newsstand", "food stand", "market stall", "stall"),
  opts=("kiosk",), w=(1.8, 3.0), d=(1.2, 1.8))
C("traffic cone", "barrier", S, ("cone", "safety cone", "pylon"), opts=("cone",),
  w=(0.3, 0.4), h=(0.5, 0.75))
C("bollard", "barrier", S, ("post", "street bollard"), opts=("bollard",), w=(0.15, 0.25),
  h=(0.8, 1.0))
C("road barrier", "barrier", S, ("barricade", "police barrier", "crowd barrier"),
  opts=("fence",), w=(1.5, 2.5), h=(1.0, 1.2))
C("jersey barrier", "barrier", S, ("concrete barrier",), opts=("jersey",), w=(2.0, 3.0),
  h=(0.8, 0.9))
C("bike rack", "net", S, ("bicycle rack", "cycle stand"), w=(0.6, 1.0), h=(0.8, 0.9),
  post=(0.025, 0.03), net_h=(0.05, 0.06))
C("fountain", "fountain", S, ("water fountain", "fountain basin"))
C("statue", "statue", S, ("sculpture", "monument", "memorial"), opts=("figure", "bust"))
C("obelisk", "statue", S, ("column monument",), opts=("obelisk",), h=(4.0, 8.0))
C("billboard", "net", S, ("advertising board", "hoarding"), w=(4.0, 6.0), h=(5.0, 7.0),
  post=(0.15, 0.2), net_h=(2.5, 3.0))
C("flagpole", "sign", S, ("flag", "flag pole", "banner"), h=(5.0, 8.0), panel=(0.9, 1.2),
  post=(0.04, 0.05), opts=("rectangle",))
C("utility pole", "street_lamp", S, ("telephone pole", "power pole", "electricity pole"),
  h=(8.0, 10.0), base=(0.15, 0.18), arm=(0.5, 0.6), opts=("arm",))
C("planter", "plant", S, ("flower box", "large planter"), pot=(0.3, 0.45), pot_h=(0.4, 0.6),
  foliage=(0.3, 0.45), h=(0.9, 1.3))
C("manhole", "dish", S, ("manhole cover", "drain cover"), r=(0.3, 0.35), h=(0.02, 0.03),
  rim=(0.98, 0.99))
C("street clock", "sign", S, ("post clock", "station clock"), h=(3.0, 4.0), panel=(0.6, 0.8),
  post=(0.08, 0.1), opts=("round",))
C("guardrail", "barrier", S, ("crash barrier", "railing"), opts=("fence",), w=(3.0, 4.0),
  h=(0.7, 0.8))
C("fence", "barrier", S, ("picket fence", "wooden fence", "fence panel"), opts=("fence",),
  w=(2.0, 3.0), h=(1.0, 1.8))
C("gate", "frame", S, ("garden gate", "iron gate"), w=(1.0, 3.0), h=(1.2, 2.0),
  t=(0.05, 0.06), border=(0.06, 0.08))

# ------------------------------------------------------------------ vehicles
V = "vehicles"
C("car", "vehicle", V, ("automobile", "sedan", "saloon", "hatchback"))
C("taxi", "vehicle", V, ("cab", "taxicab", "yellow cab"), extra=(1, 1))
C("police car", "vehicle", V, ("cop car", "patrol car", "squad car"), extra=(2, 2))
C("sports car", "vehicle", V, ("race car", "supercar", "coupe"), l=(4.3, 4.6), w=(1.9, 2.0),
  body=(0.5, 0.55), gap=(0.12, 0.14), cabin=(0.35, 0.4), cabin_h=(0.4, 0.45))
C("suv", "vehicle", V, ("jeep", "four by four", "4x4", "off-roader"), l=(4.5, 5.0),
  w=(1.85, 2.0), body=(0.75, 0.85), gap=(0.22, 0.26), cabin=(0.6, 0.65),
  cabin_h=(0.65, 0.75), wheel=(0.36, 0.4), cabin_at=(0.1, 0.12))
C("pickup truck", "vehicle", V, ("pickup", "pick-up"), l=(5.2, 5.8), w=(1.9, 2.0),
  body=(0.75, 0.85), gap=(0.25, 0.3), cabin=(0.35, 0.4), cabin_h=(0.7, 0.75),
  cabin_at=(-0.1, -0.08), wheel=(0.38, 0.42))
C("limousine", "vehicle", V, ("limo", "stretch limousine"), l=(6.5, 8.0), cabin=(0.6, 0.65),
  cabin_at=(0.05, 0.08))
C("van", "vehicle", V, ("minivan", "delivery van", "panel van", "camper van"), l=(4.8, 5.5),
  w=(1.9, 2.0), body=(0.9, 1.0), gap=(0.2, 0.25), cabin_h=(1.0, 1.2), form=(1, 1))
C("ambulance", "vehicle", V, (), l=(5.5, 6.5), w=(2.0, 2.1), body=(0.9, 1.0), gap=(0.22, 0.26),
  cabin_h=(1.3, 1.5), form=(1, 1), extra=(2, 2))
C("bus", "vehicle", V, ("city bus", "coach", "double-decker", "school bus"), l=(10.0, 12.5),
  w=(2.5, 2.55), body=(1.2, 1.4), gap=(0.3, 0.35), cabin_h=(1.6, 1.8), wheel=(0.5, 0.52),
  form=(1, 1))
C("truck", "vehicle", V, ("lorry", "delivery truck", "box truck"), l=(7.0, 9.0), w=(2.4, 2.5),
  body=(1.0, 1.2), gap=(0.35, 0.45), cabin_h=(1.2, 1.4), wheel=(0.5, 0.52), form=(2, 2),
  axles=(2, 3))
C("fire truck", "vehicle", V, ("fire engine",), l=(8.0, 10.0), w=(2.45, 2.5), body=(1.0, 1.1),
  gap=(0.35, 0.4), cabin_h=(1.3, 1.4), wheel=(0.5, 0.52), form=(2, 2), extra=(3, 3))
C("tanker truck", "vehicle", V, ("tanker", "fuel truck", "oil tanker"), l=(9.0, 12.0),
  w=(2.45, 2.5), body=(1.0, 1.1), gap=(0.4, 0.45), cabin_h=(1.2, 1.3), wheel=(0.5, 0.52),
  form=(2, 2), axles=(3, 3), extra=(4, 4))
C("garbage truck", "vehicle", V, ("refuse truck", "dustcart", "bin lorry"), l=(8.0, 9.5),
  w=(2.45, 2.5), body=(1.1, 1.2), gap=(0.35, 0.4), cabin_h=(1.4, 1.6), wheel=(0.5, 0.52),
  form=(2, 2), axles=(3, 3))
C("tram", "vehicle", V, ("streetcar", "trolley car", "light rail"), l=(18.0, 25.0),
  w=(2.4, 2.65), body=(2.6, 2.8), gap=(0.3, 0.35), form=(3, 3))
C("train carriage", "vehicle", V, ("railway carriage", "train car", "passenger car", "train",
                                   "wagon"), l=(20.0, 24.0), w=(2.8, 3.0), body=(2.8, 3.0),
  gap=(0.4, 0.45), form=(3, 3))
C("locomotive", "vehicle", V, ("engine", "steam engine", "train engine"), l=(15.0, 20.0),
  w=(2.9, 3.1), body=(3.0, 3.3), gap=(0.45, 0.5), form=(3, 3))
C("tractor", "vehicle", V, ("farm tractor",), l=(3.5, 4.2), w=(2.0, 2.3), body=(0.9, 1.0),
  gap=(0.45, 0.5), cabin=(0.35, 0.4), cabin_h=(1.0, 1.1), cabin_at=(0.12, 0.15),
  wheel=(0.6, 0.75))
C("golf cart", "vehicle", V, ("golf buggy",), l=(2.3, 2.6), w=(1.2, 1.3), body=(0.5, 0.55),
  gap=(0.12, 0.15), cabin=(0.5, 0.55), cabin_h=(1.0, 1.1), wheel=(0.22, 0.25))
C("go-kart", "vehicle", V, ("kart", "go kart"), l=(1.8, 2.0), w=(1.2, 1.4), body=(0.25, 0.3),
  gap=(0.05, 0.06), cabin=(0.3, 0.35), cabin_h=(0.3, 0.35), wheel=(0.13, 0.14))
C("forklift", "vehicle", V, ("fork lift", "lift truck"), l=(2.8, 3.2), w=(1.1, 1.2),
  body=(0.9, 1.0), gap=(0.1, 0.12), cabin=(0.5, 0.55), cabin_h=(1.1, 1.2),
  wheel=(0.3, 0.33))
C("trailer", "vehicle", V, ("caravan", "camper trailer"), l=(4.5, 7.0), w=(2.2, 2.4),
  body=(1.6, 1.9), gap=(0.3, 0.4), cabin_h=(0.4, 0.5), form=(1, 1), axles=(2, 2))
C("bicycle", "two_wheeler", V, ("bike", "cycle", "push bike"), opts=("bicycle",))
C("motorcycle", "two_wheeler", V, ("motorbike", "motor bike", "dirt bike"), l=(2.0, 2.2),
  wheel=(0.3, 0.34), seat=(0.78, 0.85), opts=("motorbike",))
C("scooter", "two_wheeler", V, ("moped", "vespa", "motor scooter"), l=(1.7, 1.9),
  wheel=(0.22, 0.26), seat=(0.75, 0.8), opts=("scooter",))
C("helicopter", "helicopter", V, ("chopper", "heli"))
C("airplane", "airplane", V, ("plane", "aeroplane", "aircraft", "light aircraft"))
C("drone", "drone", V, ("quadcopter", "uav"), support="floor")
C("rowboat", "boat", V, ("rowing boat", "dinghy", "boat"), opts=("rowing",))
C("sailboat", "boat", V, ("sailing boat", "yacht", "sail boat"), l=(5.0, 8.0), w=(1.8, 2.5),
  hull=(0.7, 1.0), opts=("sail",))
C("motorboat", "boat", V, ("speedboat", "motor boat", "launch"), l=(5.0, 7.0), w=(2.0, 2.4),
  hull=(0.8, 1.0), opts=("cabin",))
C("canoe", "boat", V, ("kayak", "dugout"), l=(4.0, 5.0), w=(0.7, 0.9), hull=(0.3, 0.4),
  opts=("rowing",))
C("ship", "boat", V, ("ferry", "cargo ship", "steamer"), l=(30.0, 60.0), w=(8.0, 12.0),
  hull=(4.0, 6.0), opts=("cabin",))
C("skateboard", "board", V, ("skate board",), l=(0.78, 0.82), w=(0.2, 0.22), t=(0.015, 0.02),
  wheels=(1, 1))
C("kick scooter", "board", V, ("push scooter", "razor scooter"), l=(0.7, 0.8), w=(0.12, 0.14),
  t=(0.03, 0.04), wheels=(1, 1))
C("stroller", "cart", V, ("pram", "pushchair", "buggy", "baby carriage"), opts=("stroller",))
C("wheelchair", "cart", V, ("wheel chair",), opts=("wheelchair",), l=(0.9, 1.0), w=(0.6, 0.7))
C("shopping cart", "cart", V, ("trolley", "shopping trolley"), opts=("shopping",))
C("wheelbarrow", "cart", V, ("barrow",), opts=("wheelbarrow",), l=(1.3, 1.5), w=(0.6, 0.7))

# ------------------------------------------------------------------ sports
SP = "sports"
C("basketball hoop", "hoop", SP, ("hoop", "basket", "basketball basket", "backboard"))
C("soccer goal", "goal", SP, ("goal", "football goal", "goalposts"))
C("handball goal", "goal", SP, ("futsal goal",), w=(3.0, 3.0), h=(2.0, 2.0), d=(0.8, 1.0),
  post=(0.08, 0.08))
C("hockey goal", "goal", SP, ("ice hockey goal", "hockey net"), w=(1.83, 1.83), h=(1.22, 1.22),
  d=(1.0, 1.1), post=(0.05, 0.05))
C("tennis net", "net", SP, (), w=(12.8, 12.8), h=(1.07, 1.07), net_h=(0.914, 1.0))
C("volleyball net", "net", SP, ("net", "sports net"), w=(9.5, 10.0), h=(2.43, 2.55),
  net_h=(1.0, 1.0))
C("badminton net", "net", SP, (), w=(6.1, 6.1), h=(1.55, 1.55), net_h=(0.76, 0.76))
C("basketball", "ball", SP, ("ball",), r=(0.119, 0.121))
C("soccer ball", "ball", SP, ("football",), r=(0.11, 0.112))
C("american football", "ball", SP, ("gridiron ball",), r=(0.085, 0.09), stretch=(1.6, 1.65))
C("rugby ball", "ball", SP, (), r=(0.095, 0.1), stretch=(1.5, 1.55))
C("tennis ball", "ball", SP, (), r=(0.033, 0.034))
C("volleyball", "ball", SP, (), r=(0.105, 0.107))
C("baseball", "ball", SP, ("softball",), r=(0.036, 0.048))
C("golf ball", "ball", SP, (), r=(0.0213, 0.0214))
C("beach ball", "ball", SP, ("inflatable ball",), r=(0.2, 0.3))
C("bowling ball", "ball", SP, (), r=(0.108, 0.109))
C("medicine ball", "ball", SP, ("exercise ball", "gym ball", "yoga ball"), r=(0.15, 0.33))
C("ping pong ball", "ball", SP, ("table tennis ball",), r=(0.02, 0.02))
C("billiard ball", "ball", SP, ("pool ball", "snooker ball"), r=(0.026, 0.029))
C("ping pong table", "game_table", SP, ("table tennis table",), w=(2.74, 2.74),
  d=(1.525, 1.525), h=(0.76, 0.76), opts=("ping pong",))
C("pool table", "game_table", SP, ("billiard table", "snooker table"), w=(2.2, 3.6),
  d=(1.2, 1.9), h=(0.76, 0.8), opts=("pool",))
C("foosball table", "game_table", SP, ("table football",), w=(1.4, 1.5), d=(0.75, 0.8),
  h=(0.9, 0.95), opts=("foosball",))
C("dumbbell", "weights", SP, ("hand weight",), l=(0.3, 0.4), plate=(0.06, 0.1),
  opts=("dumbbell",))
C("barbell", "weights", SP, ("weight bar",), l=(1.8, 2.2), plate=(0.2, 0.225), opts=("barbell",))
C("kettlebell", "weights", SP, (), plate=(0.08, 0.12), opts=("kettlebell",))
C("weight bench", "bench", SP, ("gym bench", "exercise bench"), w=(1.1, 1.3), d=(0.3, 0.35),
  opts=("backless",))
C("punching bag", "vessel", SP, ("heavy bag", "boxing bag", "punch bag"), r0=(0.17, 0.2),
  r1=(0.17, 0.2), r2=(0.15, 0.17), h=(1.0, 1.5), opts=("plain",))
C("treadmill", "game_table", SP, ("running machine",), w=(0.8, 0.9), d=(1.8, 2.0),
  h=(0.2, 0.25), opts=("pool",))
C("exercise bike", "two_wheeler", SP, ("stationary bike", "spin bike"), l=(1.0, 1.2),
  wheel=(0.25, 0.28), seat=(0.8, 0.9), opts=("bicycle",))
C("yoga mat", "crate", SP, ("exercise mat", "gym mat"), w=(0.6, 0.65), d=(1.7, 1.85),
  h=(0.004, 0.006), opts=("plain",))
C("surfboard", "board", SP, ("surf board", "paddleboard"), l=(1.8, 3.0), w=(0.5, 0.6),
  t=(0.06, 0.08))
C("snowboard", "board", SP, (), l=(1.4, 1.6), w=(0.25, 0.3), t=(0.02, 0.03))
C("tennis racket", "board", SP, ("racket", "badminton racket", "racquet"), support="on_object",
  l=(0.65, 0.69), w=(0.25, 0.27), t=(0.02, 0.025), handle=(0.4, 0.45))
C("baseball bat", "board", SP, ("bat", "cricket bat"), l=(0.8, 0.9), w=(0.06, 0.1),
  t=(0.06, 0.07), handle=(0.45, 0.5))
C("hockey stick", "board", SP, ("field hockey stick",), l=(0.9, 1.5), w=(0.08, 0.12),
  t=(0.025, 0.03), handle=(0.8, 0.85))
C("trampoline", "drum", SP, ("rebounder",), r=(1.2, 1.8), h=(0.05, 0.08), legs=(0.7, 0.9))
C("hurdle", "barrier", SP, ("track hurdle",), opts=("fence",), w=(1.2, 1.2), h=(0.76, 1.07))
C("podium", "crate", SP, ("winners podium", "victory podium", "dais"), w=(1.0, 3.0),
  d=(0.8, 1.0), h=(0.3, 0.6), opts=("plain",))
C("dartboard", "disc_wall", SP, ("dart board",), support="wall", r=(0.225, 0.23),
  t=(0.035, 0.04))
C("swing set", "playground", SP, ("swing", "swings"), opts=("swing",))
C("slide", "playground", SP, ("playground slide",), opts=("slide",), w=(2.0, 3.0),
  h=(1.2, 1.8))
C("seesaw", "playground", SP, ("teeter totter", "see-saw"), opts=("seesaw",))

# ------------------------------------------------------------------ instruments
IN = "instruments"
C("piano", "piano", IN, ("upright piano", "pianoforte"), opts=("upright",))
C("grand piano", "piano", IN, ("concert grand", "baby grand"), cls="piano", opts=("grand",))
C("guitar", "stringed", IN, ("acoustic guitar", "classical guitar"), body=(0.48, 0.5),
  bout=(0.36, 0.38), depth=(0.09, 0.11), neck=(0.45, 0.5))
C("electric guitar", "stringed", IN, ("electric", "stratocaster"), body=(0.42, 0.45),
  bout=(0.32, 0.34), depth=(0.04, 0.05), neck=(0.45, 0.48))
C("bass guitar", "stringed", IN, ("bass", "electric bass"), body=(0.45, 0.48), bout=(0.34, 0.36),
  depth=(0.04, 0.05), neck=(0.65, 0.7))
C("ukulele", "stringed", IN, ("uke",), body=(0.25, 0.3), bout=(0.17, 0.2), depth=(0.06, 0.07),
  neck=(0.22, 0.26))
C("violin", "stringed", IN, ("fiddle",), support="on_object", body=(0.35, 0.36),
  bout=(0.2, 0.21), depth=(0.04, 0.045), neck=(0.22, 0.24))
C("viola", "stringed", IN, (), support="on_object", body=(0.39, 0.42), bout=(0.23, 0.25),
  depth=(0.045, 0.05), neck=(0.24, 0.26))
C("cello", "stringed", IN, ("violoncello",), body=(0.75, 0.77), bout=(0.43, 0.45),
  depth=(0.22, 0.24), neck=(0.4, 0.44), endpin=(0.3, 0.4), opts=("standing",))
C("double bass", "stringed", IN, ("contrabass", "upright bass"), body=(1.1, 1.15),
  bout=(0.65, 0.7), depth=(0.3, 0.32), neck=(0.6, 0.65), endpin=(0.2, 0.3), opts=("standing",))
C("mandolin", "stringed", IN, ("lute", "bouzouki"), body=(0.28, 0.32), bout=(0.25, 0.3),
  depth=(0.1, 0.12), neck=(0.3, 0.35))
C("banjo", "stringed", IN, (), body=(0.3, 0.32), bout=(0.32, 0.34), depth=(0.07, 0.08),
  neck=(0.5, 0.55))
C("pipa", "stringed", IN, ("chinese lute", "erhu"), body=(0.5, 0.55), bout=(0.3, 0.32),
  depth=(0.05, 0.06), neck=(0.35, 0.4), opts=("standing",))
C("qin", "zither", IN, ("guqin", "zither", "chinese zither"))
C("guzheng", "zither", IN, ("koto", "gayageum"), l=(1.6, 1.65), w=(0.3, 0.35), t=(0.08, 0.1))
C("harp", "harp", IN, ("concert harp", "lyre"))
C("drum kit", "drum_kit", IN, ("drums", "drum set", "drumkit"))
C("snare drum", "drum", IN, ("snare", "side drum"), support="floor", r=(0.17, 0.18),
  h=(0.14, 0.16), legs=(0.5, 0.55))
C("bass drum", "drum", IN, ("kick drum",), r=(0.25, 0.3), h=(0.35, 0.45))
C("timpani", "drum", IN, ("kettle drum", "kettledrum"), r=(0.33, 0.4), h=(0.4, 0.5),
  legs=(0.35, 0.4))
C("djembe", "vessel", IN, ("bongo", "conga", "hand drum"), r0=(0.1, 0.12), r1=(0.09, 0.1),
  r2=(0.15, 0.18), h=(0.6, 0.75), belly=(0.3, 0.35), shoulder=(0.55, 0.6), opts=("plain",))
C("taiko", "barrel", IN, ("taiko drum", "japanese drum"), r=(0.3, 0.45), h=(0.5, 0.7))
C("gong", "sign", IN, ("tam-tam",), h=(1.4, 1.8), panel=(0.8, 1.0), post=(0.04, 0.05),
  opts=("round",))
C("xylophone", "game_table", IN, ("marimba", "vibraphone", "glockenspiel"), w=(1.2, 2.0),
  d=(0.5, 0.8), h=(0.8, 0.9), opts=("foosball",))
C("keyboard stand", "table", IN, ("synthesizer", "electric keyboard", "synth", "digital piano"),
  w=(1.0, 1.3), d=(0.3, 0.35), h=(0.75, 0.85), top=(0.08, 0.12), leg=(0.04, 0.05),
  opts=("square legs",))
C("organ", "case", IN, ("church organ", "pipe organ", "harmonium"), w=(1.4, 2.0), d=(0.7, 0.9),
  h=(1.3, 2.5), opts=("drawers",), drawers=(2, 3))
C("music stand", "tripod", IN, ("sheet music stand",), h=(1.1, 1.4), spread=(0.25, 0.3),
  opts=("music stand",))
C("accordion", "crate", IN, ("squeezebox", "concertina"), support="on_object", w=(0.45, 0.5),
  d=(0.2, 0.25), h=(0.4, 0.48), opts=("slatted",))
C("trumpet", "vessel", IN, ("horn", "bugle", "trombone", "saxophone", "tuba"),
  support="on_object", r0=(0.01, 0.012), r1=(0.015, 0.02), r2=(0.06, 0.12), h=(0.45, 0.9),
  belly=(0.3, 0.4), shoulder=(0.7, 0.8), opts=("plain",))

# ------------------------------------------------------------------ nature
N = "nature"
C("tree", "tree", N, ("deciduous tree", "trees"), crown=(1.3, 2.2),
  opts=("round crown", "columnar", "round crown"))
C("oak tree", "tree", N, ("oak",), cls="tree", h=(8.0, 14.0), trunk=(0.3, 0.5),
  crown=(3.5, 5.0), opts=("round crown",))
C("maple tree", "tree", N, ("maple", "sycamore"), cls="tree", h=(8.0, 12.0), trunk=(0.25, 0.4),
  crown=(3.0, 4.0), opts=("round crown",))
C("birch tree", "tree", N, ("birch", "aspen", "poplar"), cls="tree", h=(8.0, 14.0),
  trunk=(0.12, 0.2), crown=(1.2, 2.0), opts=("columnar",))
C("pine tree", "tree", N, ("pine", "fir", "spruce", "conifer", "evergreen"), cls="tree",
  h=(8.0, 15.0), trunk=(0.2, 0.35), crown=(2.0, 3.0), gap=(0.15, 0.25),
  opts=("cone crown", "layered"))
C("christmas tree", "tree", N, ("xmas tree",), cls="tree", h=(1.8, 2.5), trunk=(0.05, 0.07),
  crown=(0.6, 0.8), gap=(0.08, 0.1), opts=("layered", "cone crown"))
C("palm tree", "tree", N, ("palm", "coconut palm"), cls="tree", h=(6.0, 12.0),
  trunk=(0.15, 0.22), crown=(2.5, 3.5), opts=("palm",))
C("cypress", "tree", N, ("cypress tree", "cedar", "juniper"), cls="tree", h=(8.0, 15.0),
  trunk=(0.2, 0.3), crown=(0.8, 1.2), gap=(0.08, 0.12), opts=("columnar",))
C("willow tree", "tree", N, ("willow", "weeping willow"), cls="tree", h=(8.0, 12.0),
  trunk=(0.3, 0.45), crown=(4.0, 5.0), gap=(0.25, 0.3), opts=("round crown",))
C("cherry tree", "tree", N, ("cherry blossom", "sakura", "apple tree", "fruit tree"),
  cls="tree", h=(4.0, 7.0), trunk=(0.15, 0.25), crown=(2.0, 3.0), opts=("round crown",))
C("olive tree", "tree", N, ("olive",), cls="tree", h=(4.0, 7.0), trunk=(0.25, 0.35),
  crown=(2.0, 3.0), gap=(0.3, 0.4), opts=("round crown",))
C("acacia", "tree", N, ("acacia tree", "umbrella tree", "baobab"), cls="tree", h=(6.0, 10.0),
  trunk=(0.25, 0.4), crown=(4.0, 5.5), gap=(0.6, 0.7), opts=("round crown",))
C("dead tree", "tree", N, ("bare tree", "leafless tree", "dead wood"), cls="tree",
  h=(4.0, 8.0), trunk=(0.2, 0.3), crown=(2.0, 3.0), opts=("bare",))
C("sapling", "tree", N, ("young tree", "small tree"), cls="tree", h=(1.5, 3.0),
  trunk=(0.03, 0.05), crown=(0.5, 0.8))
C("bamboo", "tree", N, ("bamboo clump", "bamboo grove"), cls="tree", h=(4.0, 8.0),
  trunk=(0.05, 0.08), crown=(0.6, 1.0), gap=(0.5, 0.6), opts=("columnar",))
C("cactus", "cactus", N, ("saguaro", "cacti"))
C("bush", "blob", N, ("shrub", "shrubbery"), lumps=(4, 6), w=(1.0, 1.8), d=(1.0, 1.6),
  h=(0.8, 1.4))
C("hedge", "crate", N, ("hedgerow", "privet hedge"), w=(2.0, 4.0), d=(0.6, 0.9), h=(1.0, 1.8),
  opts=("plain",))
C("rock", "blob", N, ("stone",), w=(0.5, 1.0), d=(0.4, 0.8), h=(0.3, 0.6))
C("boulder", "blob", N, ("large rock", "big stone"), w=(1.5, 3.0), d=(1.2, 2.5), h=(1.0, 2.0))
C("pebble", "blob", N, ("small stone",), support="floor", w=(0.05, 0.1), d=(0.04, 0.08),
  h=(0.02, 0.05))
C("log", "lying", N, ("fallen log", "tree trunk", "firewood"), r=(0.15, 0.3), l=(1.0, 3.0),
  opts=("plain",))
C("tree stump", "vessel", N, ("stump",), r0=(0.35, 0.5), r1=(0.3, 0.4), r2=(0.3, 0.4),
  h=(0.3, 0.5), belly=(0.1, 0.2), shoulder=(0.9, 0.95), opts=("plain",))
C("hay bale", "barrel", N, ("haystack", "bale of hay", "straw bale"), r=(0.6, 0.75),
  h=(1.2, 1.5))
C("mushroom", "vessel", N, ("toadstool",), support="floor", r0=(0.01, 0.02), r1=(0.015, 0.025),
  r2=(0.05, 0.08), h=(0.06, 0.12), belly=(0.5, 0.6), shoulder=(0.75, 0.8), opts=("plain",))
C("potted plant", "plant", N, ("plant", "houseplant", "house plant", "pot plant"))
C("fern", "plant", N, ("potted fern",), pot=(0.12, 0.15), foliage=(0.35, 0.45), h=(0.5, 0.7),
  opts=("leafy",))
C("flower pot", "plant", N, ("flowers", "pot of flowers"), support="on_object",
  pot=(0.06, 0.1), pot_h=(0.08, 0.12), foliage=(0.08, 0.12), h=(0.25, 0.35),
  opts=("flowering",))
C("bonsai", "plant", N, ("bonsai tree",), support="on_object", pot=(0.12, 0.18),
  pot_h=(0.06, 0.08), foliage=(0.15, 0.2), h=(0.3, 0.45))
C("indoor palm", "plant", N, ("potted palm", "rubber plant", "ficus"), pot=(0.18, 0.22),
  pot_h=(0.3, 0.35), foliage=(0.35, 0.5), h=(1.5, 2.0), opts=("tall",))
C("sunflower", "plant", N, ("flower", "tulip", "rose"), pot=(0.03, 0.04), pot_h=(0.02, 0.03),
  foliage=(0.1, 0.15), h=(1.0, 1.8), opts=("flowering",))
C("campfire", "blob", N, ("bonfire", "camp fire", "fire pit"), lumps=(5, 6), w=(0.8, 1.2),
  d=(0.8, 1.2), h=(0.4, 0.6))
C("snowman", "statue", N, (), h=(1.2, 1.8), base=(0.5, 0.7), opts=("bust",))

# ------------------------------------------------------------------ props
PR = "props"
C("suitcase", "luggage", PR, ("luggage", "trolley case", "travel case"), opts=("suitcase",))
C("briefcase", "luggage", PR, ("attache case", "portfolio"), w=(0.42, 0.46), d=(0.1, 0.12),
  h=(0.32, 0.35), opts=("briefcase",))
C("backpack", "luggage", PR, ("rucksack", "school bag", "knapsack"), w=(0.3, 0.35),
  d=(0.18, 0.22), h=(0.45, 0.55), opts=("briefcase",))
C("handbag", "luggage", PR, ("purse", "bag", "tote bag"), support="on_object", w=(0.28, 0.35),
  d=(0.1, 0.14), h=(0.2, 0.28), opts=("briefcase",))
C("crate", "crate", PR, ("wooden crate", "box"), opts=("slatted", "plain"))
C("cardboard box", "crate", PR, ("carton", "moving box", "package", "parcel"),
  opts=("cardboard",))
C("gift box", "crate", PR, ("present", "gift"), support="on_object", w=(0.15, 0.3),
  d=(0.15, 0.3), h=(0.1, 0.2), opts=("cardboard",))
C("pallet", "crate", PR, ("shipping pallet", "wooden pallet"), w=(1.2, 1.2), d=(0.8, 1.0),
  h=(0.14, 0.15), opts=("slatted",))
C("barrel", "barrel", PR, ("keg", "cask", "wine barrel"))
C("oil drum", "vessel", PR, ("drum", "steel drum", "oil barrel"), r0=(0.28, 0.29),
  r1=(0.29, 0.3), r2=(0.28, 0.29), h=(0.85, 0.88), opts=("with lid",))
C("bucket", "vessel", PR, ("pail", "mop bucket"), r0=(0.1, 0.12), r1=(0.12, 0.14),
  r2=(0.14, 0.16), h=(0.25, 0.3), opts=("with handle",))
C("watering can", "vessel", PR, (), r0=(0.08, 0.1), r1=(0.1, 0.12), r2=(0.06, 0.08),
  h=(0.25, 0.3), spout=(0.25, 0.3), opts=("with handle",))
C("fire extinguisher", "vessel", PR, ("extinguisher",), r0=(0.07, 0.08), r1=(0.07, 0.08),
  r2=(0.03, 0.04), h=(0.5, 0.6), belly=(0.05, 0.1), shoulder=(0.85, 0.9), opts=("with handle",))
C("gas canister", "vessel", PR, ("gas cylinder", "propane tank", "oxygen tank"),
  r0=(0.12, 0.15), r1=(0.12, 0.15), r2=(0.05, 0.06), h=(0.6, 1.2), belly=(0.05, 0.05),
  shoulder=(0.85, 0.9), opts=("with lid",))
C("umbrella", "umbrella", PR, ("parasol", "brolly"), opts=("open", "closed"))
C("patio umbrella", "umbrella", PR, ("beach umbrella", "sun umbrella", "market umbrella"),
  h=(2.2, 2.6), r=(1.2, 1.5), opts=("patio",))
C("ladder", "ladder", PR, ("step ladder", "stepladder"))
C("toolbox", "luggage", PR, ("tool box", "tool chest"), support="on_object", w=(0.45, 0.55),
  d=(0.2, 0.25), h=(0.2, 0.25), opts=("briefcase",))
C("anvil", "crate", PR, ("blacksmith's anvil",), w=(0.2, 0.25), d=(0.5, 0.7), h=(0.3, 0.4),
  opts=("plain",))
C("tent", "structure", PR, ("camping tent", "pup tent", "marquee"), opts=("tent",))
C("house", "structure", PR, ("cottage", "cabin", "hut"), w=(6.0, 10.0), d=(6.0, 9.0),
  h=(6.0, 8.0), opts=("house",))
C("shed", "structure", PR, ("garden shed", "tool shed", "outhouse"), w=(2.0, 3.0),
  d=(1.5, 2.5), h=(2.2, 2.6), opts=("shed",))
C("doghouse", "structure", PR, ("kennel", "dog kennel"), w=(0.7, 1.0), d=(0.8, 1.1),
  h=(0.8, 1.0), opts=("doghouse",))
C("birdhouse", "structure", PR, ("bird box", "nest box"), support="on_object", w=(0.15, 0.2),
  d=(0.15, 0.2), h=(0.25, 0.3), opts=("house",))
C("birdcage", "vessel", PR, ("bird cage", "cage"), support="on_object", r0=(0.15, 0.2),
  r1=(0.15, 0.2), r2=(0.05, 0.08), h=(0.45, 0.6), belly=(0.1, 0.1), shoulder=(0.7, 0.8),
  opts=("with handle",))
C("aquarium", "case", PR, ("fish tank",), support="on_object", w=(0.6, 1.2), d=(0.3, 0.45),
  h=(0.35, 0.5), extra=(4, 4))
C("hourglass", "stemware", PR, ("sand timer", "egg timer"), support="on_object",
  foot=(0.05, 0.06), stem=(0.08, 0.1), bowl_r=(0.04, 0.05), bowl_h=(0.08, 0.1))
C("trophy", "stemware", PR, ("cup trophy", "award", "prize cup"), support="on_object",
  foot=(0.06, 0.08), stem=(0.1, 0.15), bowl_r=(0.08, 0.12), bowl_h=(0.12, 0.18))
C("chess board", "crate", PR, ("chessboard", "board game", "checkers"), support="on_object",
  w=(0.4, 0.5), d=(0.4, 0.5), h=(0.02, 0.04), opts=("plain",))
C("gravestone", "statue", PR, ("tombstone", "headstone", "grave"), h=(0.8, 1.2),
  base=(0.6, 0.8), opts=("obelisk",))
C("coffin", "luggage", PR, ("casket",), w=(0.6, 0.7), d=(2.0, 2.1), h=(0.5, 0.6),
  opts=("briefcase",))
C("cannon", "lying", PR, ("artillery gun",), r=(0.12, 0.18), l=(1.8, 2.6),
  opts=("on wheels",))
C("bbq grill", "vessel", PR, ("barbecue", "grill", "kettle grill"), r0=(0.05, 0.06),
  r1=(0.28, 0.32), r2=(0.05, 0.06), h=(0.9, 1.0), belly=(0.6, 0.65), shoulder=(0.75, 0.8),
  opts=("with lid",))
C("sandbag", "blob", PR, ("sand bag", "sack", "grain sack"), w=(0.6, 0.7), d=(0.35, 0.4),
  h=(0.15, 0.2), opts=("flat",))
C("tire", "lying", PR, ("tyre", "car tire"), r=(0.3, 0.36), l=(0.2, 0.25), opts=("ring",))
C("vacuum cleaner", "cart", PR, ("hoover", "vacuum"), opts=("shopping",), l=(0.35, 0.4),
  w=(0.28, 0.32), h=(0.9, 1.1))
C("ironing board", "table", PR, ("iron board",), w=(1.2, 1.4), d=(0.35, 0.4), h=(0.8, 0.9),
  top=(0.02, 0.03), leg=(0.025, 0.03), opts=("round legs",))
C("hammock", "net", PR, ("hammock stand",), w=(2.5, 3.0), h=(1.2, 1.4), post=(0.05, 0.06),
  net_h=(0.4, 0.5))
C("deck chair", "upholstered", PR, ("sun lounger", "lounger", "beach chair", "lounge chair"),
  w=(0.6, 0.7), d=(1.7, 1.9), base=(0.25, 0.3), cushion=(0.04, 0.06), back=(0.5, 0.6),
  arm=(0, 0), seats=(1, 1), back_t=(0.05, 0.08))
C("mannequin stand", "tripod", PR, ("dress form", "tailor's dummy"), h=(1.5, 1.7),
  spread=(0.25, 0.3), opts=("light",))
C("well", "fountain", PR, ("water well", "wishing well"), r=(0.6, 0.8), h=(1.0, 1.3))
C("scarecrow", "statue", PR, (), h=(1.6, 1.9), base=(0.15, 0.2), opts=("figure",))
C("sword stand", "sign", PR, ("weapon rack",), h=(1.0, 1.2), panel=(0.4, 0.5), post=(0.02, 0.03),
  opts=("rectangle",))

# ------------------------------------------------------------------ set dressing the planner names
C("stage", "crate", PR, ("platform", "riser", "stage platform"), w=(4.0, 8.0), d=(3.0, 5.0),
  h=(0.6, 1.0), opts=("plain",))
C("pond", "dish", N, ("pool of water", "lake", "puddle"), r=(2.0, 3.5), h=(0.05, 0.08),
  rim=(0.9, 0.95))
C("column", "barrel", PR, ("pillar", "colonnade column"), r=(0.25, 0.4), h=(3.0, 4.5))
C("sculpture", "statue", PR, ("abstract sculpture", "art piece"), h=(1.5, 2.5),
  base=(0.5, 0.8), opts=("bust", "obelisk"))
