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
shepherd hunter archer warrior samurai ninja martial artist wrestler dancer ballerina drummer
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
jumper vest tracksuit kimono gi belt mask glasses sunglasses
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
                ("incandescent", 2800.0), ("golden", 3000.0), ("warm", 3000.0),
                ("fluorescent", 4200.0), ("daylight", 5600.0), ("overcast", 6500.0),
                ("cool", 6500.0), ("cold", 7000.0), ("blue", 8000.0))
#: Fog and haze words → `LightingPlan.fog` density.
FOG = (("thick fog", 0.8), ("dense fog", 0.8), ("heavy fog", 0.8), ("light fog", 0.25),
       ("thin mist", 0.2), ("fog", 0.5), ("mist", 0.35), ("haze", 0.3), ("hazy", 0.3),
       ("smoke", 0.3))
#: Words that make an object a practical light when they are near it in the text.
PRACTICAL_WORDS = frozenset(("light", "lit", "glows", "glow", "glowing", "burning", "on",
                             "lights", "only", "pool", "pools", "gives", "shine", "shines"))
LIGHT_CATEGORIES = frozenset(("lamp", "candle", "street_lamp", "fireplace", "tv"))


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
    if base in PERSON_ROLES:
        return "person"
    return None
