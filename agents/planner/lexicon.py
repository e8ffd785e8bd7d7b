"""The reader's own word lists: roles that are people, describing adjectives, and the words of
light. The vocabularies a skill executes (categories, actions, moves, looks) are declared by the
skills; these are only how English names them.

A role noun ("boxer", "referee", "astronaut") is a person to stage: the category vocabulary
keeps a short list of synonyms for the layout, and the reader adds the long tail here. A word in
none of these lists can still reach a category through MiniLM similarity
(`previz.agents.planner.similar`).
"""

from __future__ import annotations

#: Nouns that name a person by role, kin or trade (singular; the reader adds plurals).
PERSON_ROLES = frozenset("""
boxer fighter referee astronaut pilot driver rider cyclist biker jogger sprinter striker
goalkeeper keeper umpire pianist guitarist drummer violinist cellist violist bassist musician
scholar monk nun knight thug gangster bandit cowboy bartender barman barmaid patron customer
passenger fisherman fisher waitress waiter executive ceo manager boss clerk secretary dean
graduate professor lecturer surgeon patient suspect witness lawyer judge juror stuntman stunt
giant traveller traveler hiker climber skier surfer swimmer diver sailor captain farmer
shepherd hunter archer warrior samurai ninja artist wrestler dancer ballerina drummer
singer rapper dj conductor priest bride groom husband wife mother father brother sister
grandfather grandmother uncle aunt cousin neighbour neighbor owner teenager adult lady
gentleman gentlemen ladies elder youngster fan supporter marcher protester demonstrator officer
policeman policewoman cop sheriff firefighter fireman paramedic medic soldier general sergeant
commander agent spy thief burglar robber prisoner inmate guard vendor merchant shopkeeper
cashier baker butcher chef cook maid butler servant mechanic engineer scientist astronomer
reporter journalist photographer cameraman tourist visitor pilgrim player athlete coach runner
cheerleader spectator attendee delegate politician president attacker defender opponent rival
partner colleague companion stranger villain hero heroine
""".split())  # noqa: SIM905
#: Nouns for a child.
CHILD_ROLES = frozenset("""
son daughter boy girl baby infant toddler schoolboy schoolgirl granddaughter grandson youngster
teen teenager
""".split())  # noqa: SIM905
#: Role nouns that mean a child only when said with "young" / "little" in front; the rest are
#: children always.
ALWAYS_CHILD = frozenset(["baby", "infant", "toddler", "schoolboy", "schoolgirl"])
#: Animal names the category vocabulary lacks.
ANIMALS = {"retriever": "dog", "labrador": "dog", "terrier": "dog", "poodle": "dog",
           "spaniel": "dog", "wolf": "dog", "fox": "dog", "heron": "bird", "duck": "bird",
           "swan": "bird", "eagle": "bird", "hawk": "bird", "owl": "bird", "parrot": "bird",
           "sparrow": "bird", "goose": "bird", "geese": "bird", "gull": "bird", "stork": "bird",
           "salmon": "fish", "shark": "fish", "foal": "horse", "donkey": "horse",
           "goat": "sheep", "calf": "cow", "ox": "cow", "oxen": "cow", "kitty": "cat"}

#: Adjectives that describe how something looks (colours, materials, age, build, state): they
#: go to a character's ``appearance`` or an object's ``style``.
LOOKS = frozenset("""
red green blue yellow orange purple pink white black grey gray brown golden silver cyan magenta
beige crimson dark pale bright striped wooden metal metallic steel glass stone brick concrete
leather velvet plastic paper old young elderly tall short heavy tiny huge long round square
tired wet muddy dirty clean shiny rusty broken cosy cozy shabby elegant fancy battered worn
sealed lit tiled cobbled grassy rocky sandy snowy dusty bald bearded blonde blond redheaded
chubby slim thin fat muscular skinny big little small large narrow wide lone
""".split())  # noqa: SIM905
#: Clothes a character may be said to be "in" or "wearing".
CLOTHES = frozenset("""
hoodie coat raincoat jacket dress suit robe robes uniform shirt tshirt t-shirt jeans skirt hat
cap helmet gloves boots sneakers scarf apron armour armor cloak gown tuxedo overalls sweater
jumper vest tracksuit kimono gi belt mask glasses sunglasses shoe shoes
""".split())  # noqa: SIM905

#: Time-of-day words → `LightingPlan.time_of_day`.
TIME_OF_DAY = (("golden hour", "golden_hour"), ("magic hour", "golden_hour"),
               ("sunset", "golden_hour"), ("sunrise", "dawn"), ("dawn", "dawn"),
               ("daybreak", "dawn"), ("morning", "morning"), ("midday", "noon"),
               ("noon", "noon"), ("afternoon", "afternoon"), ("dusk", "dusk"),
               ("twilight", "dusk"), ("evening", "dusk"), ("after dark", "night"),
               ("midnight", "night"), ("a m", "night"), ("night", "night"))
#: Words for the colour of light → kelvin (the first found wins, so specific before general).
TEMPERATURES = (("candlelight", 1900.0), ("candle", 1900.0), ("sodium", 2000.0),
                ("firelight", 1900.0), ("oil lamp", 2000.0), ("tungsten", 3200.0),
                ("incandescent", 2800.0), ("golden", 3000.0), ("orange", 2500.0),
                ("warm", 3000.0), ("fluorescent", 4200.0), ("overcast", 6500.0),
                ("grey sky", 6500.0), ("gray sky", 6500.0), ("daylight", 5600.0),
                ("cool", 6500.0), ("cold", 7000.0), ("blue", 8000.0))
#: The colour of the sun and sky at a time of day (`LightingPlan.time_of_day`), when the text
#: names no colour of its own: a low sun is warm, midday daylight neutral, the sky after sunset
#: blue. Night has none (the lamps the text names set it).
TIME_KELVIN = {"golden_hour": 2800.0, "dawn": 3000.0, "morning": 5000.0, "noon": 5600.0,
               "afternoon": 5600.0, "dusk": 8000.0}
#: Fog and mist scatter a grey daylight.
FOG_KELVIN = 6500.0
#: Things that drive or fly when the text makes them the subject of a move ("a taxi pulls
#: up", "a helicopter follows the car"): categories and the words a text names them by.
VEHICLES = frozenset("""
car taxi cab bus coach truck lorry van jeep suv motorcycle motorbike scooter boat ship yacht
ferry tram train ambulance tractor helicopter drone plane airplane aircraft bicycle bike
""".split())  # noqa: SIM905
#: Words that say a vehicle moves, said after one ("a fishing boat motors out", "the bike
#: accelerates away"): its drive (a flyer's fly).
VEHICLE_VERBS = {"motors": "drive", "accelerates": "drive", "speeds": "drive", "sails": "drive",
                 "pulls": "drive", "reverses": "drive", "leaves": "drive", "departs": "drive",
                 "arrives": "drive", "moves": "drive", "drives": "drive", "rolls": "drive"}
#: Vehicles that fly.
FLYERS = frozenset(("helicopter", "drone", "plane", "airplane", "aircraft"))
#: Fog and haze words → `LightingPlan.fog` density.
FOG = (("thick fog", 0.8), ("dense fog", 0.8), ("heavy fog", 0.8), ("light fog", 0.25),
       ("thin mist", 0.2), ("fog", 0.5), ("mist", 0.35), ("haze", 0.3), ("hazy", 0.3),
       ("smoke", 0.3))
#: Words that make an object a practical light when they are near it in the text.
PRACTICAL_WORDS = frozenset(("light", "lit", "glows", "glow", "glowing", "burning", "on",
                             "lights", "only", "pool", "pools", "gives", "shine", "shines"))
LIGHT_CATEGORIES = frozenset(("lamp", "candle", "street_lamp", "fireplace", "tv", "lantern",
                              "table_lamp", "neon_sign", "floodlight", "bulb", "pendant_lamp",
                              "chandelier", "torch"))
#: Lights that are named to give light: lit wherever the text names them ("two neon signs",
#: "a single bare bulb", "floodlight towers").
SELF_LIT = frozenset(("neon_sign", "floodlight", "bulb", "pendant_lamp", "chandelier"))
#: Lights that are on after dark unless the text says otherwise ("street lamps" at night).
LIT_AFTER_DARK = frozenset(("street_lamp", "lamp", "lantern", "table_lamp", "torch"))
#: Words that say a light is off.
UNLIT_WORDS = frozenset(("off", "unlit", "dark", "broken", "dead"))


def role_category(word: str, young: bool = False) -> str | None:
    """The category of a role noun (singular or plural), or None."""
    from .grammar import singular

    base = singular(word)
    if base in ANIMALS:
        return ANIMALS[base]
    if base in ALWAYS_CHILD or (young and base in CHILD_ROLES):
        return "child"
    if base in CHILD_ROLES and base not in PERSON_ROLES:
        return "child"
    if base in PERSON_ROLES or base in MEMBER_ROLES:
        return "person"
    return None


#: Nouns for a group of people by its size ("a couple sits", "a string quartet plays").
ENSEMBLES = {"couple": 2, "pair": 2, "duo": 2, "trio": 3, "quartet": 4, "quintet": 5,
             "sextet": 6, "septet": 7, "octet": 8}
#: Roles one member of a group already named takes ("two knights … the attacker … the
#: defender", "eight sprinters … the winner"): said with "the", they pick a member out of the
#: group instead of adding a person.
MEMBER_ROLES = frozenset("""
attacker defender winner loser leader challenger champion victim favourite favorite
""".split())  # noqa: SIM905
#: Words that pick one member of a group by place or order ("the first violinist", "the
#: far player", "the older one").
MEMBER_MARKS = frozenset("""
first second third fourth last far near nearer older younger taller shorter other
""".split())  # noqa: SIM905
#: Words before a thing that say what kind of it it is but leave the thing what it is: "six
#: folding chairs" are chairs, "a round table" a table, "pine trees" trees. The reader keeps the
#: head's category and the word as the object's style (a more specific library model is then a
#: matter of style, and the shot's segmentation names the thing by what it is).
DESCRIPTORS = frozenset("""
folding round fishing bedside caf athletics high low pine oak birch maple willow cherry small
big large long tall wooden metal stone plastic old new little tiny huge
""".split())  # noqa: SIM905

#: Things the library has no model of, that directors name as set dressing: their usual size
#: (width x, depth y, height z, metres). The reader plans them as a proxy named and classed
#: after the noun (the supervisor then reports ``unknown_asset``), at this size; a noun in
#: neither list is sized by its nearest library category (`previz.agents.planner.similar`).
STRUCTURES: dict[str, tuple[float, float, float]] = {
    "building": (20.0, 20.0, 30.0), "tower": (16.0, 16.0, 60.0), "skyscraper": (24.0, 24.0, 60.0),
    "lighthouse": (6.0, 6.0, 25.0), "pavilion": (6.0, 6.0, 4.5), "gazebo": (4.0, 4.0, 3.5),
    "grandstand": (40.0, 10.0, 10.0), "bleachers": (20.0, 6.0, 4.0),
    "jetty": (2.5, 20.0, 0.6), "pier": (4.0, 25.0, 1.0), "dock": (4.0, 20.0, 0.8),
    "church": (14.0, 24.0, 18.0), "castle": (30.0, 30.0, 20.0), "temple": (16.0, 20.0, 12.0),
    "mattress": (1.4, 2.0, 0.25), "envelope": (0.23, 0.12, 0.01), "remote": (0.05, 0.18, 0.025),
    "sword": (0.12, 1.1, 0.06), "neon_sign": (2.0, 0.15, 0.8),
    "float": (3.0, 8.0, 4.0), "parade_float": (3.0, 8.0, 4.0), "floodlight": (2.0, 2.0, 30.0),
    "light_tower": (2.0, 2.0, 30.0), "wall": (6.0, 0.4, 2.5), "brick_wall": (6.0, 0.4, 2.5),
    "island": (2.2, 1.0, 0.9), "kitchen_island": (2.2, 1.0, 0.9), "cliff": (30.0, 30.0, 30.0),
    "shelter": (4.0, 1.6, 2.6), "hut": (4.0, 4.0, 3.0), "stall": (2.5, 2.0, 2.4),
    "drum": (0.6, 0.6, 0.7), "stone_lantern": (0.6, 0.6, 1.4), "lantern": (0.25, 0.25, 0.4),
    "pendant_lamp": (0.4, 0.4, 0.4),
}
#: Structures with open sides that people sit or stand in: something said to be in one is
#: on its raised floor, `OPEN_FLOOR` m high — the proxy is then that floor, not a box that
#: hides who is inside (`previz.agents.planner.offline`).
#: Structures one stands on, not a pose ("a fisherman on a wooden jetty casts his line"): a
#: character said to be on one is placed on its top.
WALKWAYS = frozenset({"jetty", "pier", "dock"})
#: Who stands in front of a goal ("the goalkeeper dives the wrong way").
KEEPERS = frozenset({"goalkeeper", "keeper", "goalie", "goaltender", "goalkeepers"})
OPEN_STRUCTURES = frozenset({"pavilion", "gazebo", "bandstand"})
OPEN_FLOOR = 0.4
#: Nouns that name no thing to place: events, parts, directions, amounts, film words. A head
#: noun in this list is never planned as a prop (the not-understood report still names it when
#: nothing else used it).
NOT_PROPS = frozenset("""
kick kicks rally sprint final finish line lines way pace head length circle semicircle half
formation time lap lane lanes block blocks baseline baselines top edge corner corners side sides
middle centre center front back rest end shot shots cut take fill beat beats parade march
procession ceremony duel brawl fight combination punch punches jab cross hook uppercut run
run-up dunk penalty game match race view angle frame close-up wide medium frames seconds second
metres metre meters meter minutes degree degrees altitude height distance speed direction
glow light lights lighting shadow shadows rain drizzle fog mist haze sky sun moon horizon
air water ground floor ceiling wall walls surface grid city street streets couple pair group
crowd trio quartet line row rows each other one ones all both thing things everything something
camera drone lens tripod rail dolly crane morning evening night dusk dawn noon afternoon
sunset sunrise hour step steps paces pass work shift home stack pile series set kind sort
number lot lots dozens hundreds couple few key deep make right left steady own slow again
low high rim kerb curb shopfront shopfronts facade cobbles asphalt pavement lakeshore shore
bank horizon sea ocean view reaction everything something nothing anything north south east
west above below ahead behind whole advance third sidewalk sidewalks level straight surrounded
older younger taller shorter others foot feet chest shift piece panel panels solo apart tube
tubes tungsten sunlight daylight moonlight caf athletics
""".split())  # noqa: SIM905
#: Place words a set answers that its own synonyms do not list: word → (set, parameters).
SET_WORDS: dict[str, tuple[str, dict]] = {
    "coastline": ("beach", {}), "shoreline": ("beach", {}), "sea": ("beach", {}),
    "seafront": ("beach", {}), "harbour": ("beach", {}), "harbor": ("beach", {}),
    "riverbank": ("pond", {"width": 60.0, "length": 10.0}),
    "river": ("pond", {"width": 60.0, "length": 10.0}),
    "forest": ("forest_clearing", {}), "woods": ("forest_clearing", {}),
    "woodland": ("forest_clearing", {}),
    "stadium": ("football_pitch", {}),
}
#: What stands on a plaza's podium, by the word the text uses (the plaza's ``building``).
PLAZA_BUILDINGS = {"church": "church", "cathedral": "cathedral", "palace": "palace",
                   "temple": "temple", "town hall": "town_hall", "city hall": "town_hall",
                   "museum": "museum", "hall": "hall"}
#: Two-word names of things the vocabularies lack (the second word singular) → the noun the
#: plan calls them (a library word when the library has one: "guard rail" is its railing).
COMPOUNDS = {"neon sign": "neon_sign", "pendant light": "pendant_lamp",
             "pendant lamp": "pendant_lamp", "bare bulb": "bulb", "light bulb": "bulb",
             "floodlight tower": "floodlight",
             "light tower": "floodlight", "parade float": "parade_float",
             "guard rail": "railing", "brick wall": "wall", "stone wall": "wall",
             "kitchen island": "island", "central island": "island", "remote control": "remote",
             "tv remote": "remote"}
#: Nouns a one-word thing before them only describes ("a stone well", "a brick wall").
NOUN_HEADS = frozenset(("well", "wall", "gate", "pier", "jetty", "path", "floor", "house",
                        "building", "bridge", "road"))
#: Things a word implies the director did not name ("a cyclist" rides a bicycle, "the
#: bedside lamp" stands on a nightstand, "a football stadium" has stands): planned when the
#: text names none of them.
IMPLIED = {"cyclist": "bicycle", "guitarist": "guitar", "bedside": "nightstand",
           "stadium": "grandstand"}
#: Collective words for a group named by its members ("the police" are the officers).
ALIASES = {"police": ("officer", "policeman", "policewoman", "cop"),
           "crew": ("sailor", "worker"), "band": ("musician",)}
#: Describing words that are no looks (order, place, manner): never a thing's name.
ADJECTIVES = frozenset("""
already alone together same further sideways overhead underground continuous central main
final whole entire empty busy quiet dim bare single double narrow straight steady slow fast
open closed full half only own various several next previous distant nearby local public
private modern ancient famous favourite favorite real fake huge enormous massive giant grand
""".split())  # noqa: SIM905
#: Verbs the reader's action table lacks that follow a subject noun ("a man comes home", "a
#: guqin laid on a low table"): never a thing's name.
COMMON_VERBS = frozenset("""
come comes go goes get gets leave leaves arrive arrives explode explodes lay lays laid set sets
sit sits stand stands wait waits make makes take takes give gives keep keeps turn turns reach
reaches pass passes appear appears hang hangs lie lies rest rests grow grows
""".split())  # noqa: SIM905
#: Nouns in -ing (the reader otherwise takes an -ing word for a verb).
ING_NOUNS = frozenset("""
building ceiling painting railing clearing ring king string wedding landing carving
clothing bedding awning dwelling sibling stocking pudding offering
""".split())  # noqa: SIM905
#: Parts a thing named before has ("the doors" of a bus or a wardrobe): said with "the" and no
#: such thing of their own, they are that thing's.
PARTS = {"door": ("bus", "car", "taxi", "truck", "van", "wardrobe", "cabinet", "fridge",
                  "train_carriage", "tram", "ambulance"),
         "wheel": ("car", "bus", "bicycle", "motorcycle", "truck", "taxi", "van"),
         "window": ("bus", "car", "taxi", "train_carriage", "tram"),
         "drawer": ("desk", "cabinet", "nightstand", "dresser")}
#: Things a character sits on (plan categories and the words a text names them by): a sit with
#: none of them in the plan gets a seat of its own (`_Reader._seats`).
SEATS = frozenset("""
chair chairs armchair sofa couch settee bench stool bed rug mat cushion throne pew seat saddle
swing swings bar_stool piano_bench
""".split())  # noqa: SIM905
#: Playing done seated, and the seat it is done on when the text names none ("a pianist plays a
#: grand piano": on a bench at it; "a drummer plays a fill": on a stool at the kit), with the
#: words of the instrument the seat stands at.
PLAYED_SEATED: dict[str, tuple[str, tuple[str, ...]]] = {
    "play_piano": ("bench", ("piano", "grand_piano", "upright_piano", "keyboard")),
    "drum": ("stool", ("drum_kit", "kit", "drumkit")),
}
#: Riders by their word, and what they ride when the text names nothing ("a cyclist" rides the
#: bicycle `IMPLIED` gives them): they sit on it, and where they go it drives.
RIDERS = {"cyclist": "bicycle", "biker": "motorcycle", "motorcyclist": "motorcycle"}
#: Things held in the hand though wider than a hand-held thing (`offline.HAND_HELD`): an open
#: umbrella is held above the head.
HELD_OVERHEAD = frozenset(("umbrella", "parasol", "brolly"))
#: Words too vague to name a library model of their own (`vocabulary.VAGUE`) that the plan
#: calls by the category they are a synonym of ("a mat" is the rug, "the bar" the counter); a
#: "screen" keeps its word (a paper screen or a screen on a wall).
VAGUE_NAMES = {"mat": "rug", "bar": "counter", "bag": "suitcase"}
