"""The declaration seam: skills declare their vocabularies, and every reader (plan language,
offline reader, LLM schema and prompt, adapters, panels) sees the same names."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from previz.agents import vocabulary as agents_vocabulary
from previz.agents.adapters import MOOD_LOOKS, MOVES, SHOT_CODES
from previz.agents.llm.prompts import system_prompt
from previz.agents.plan import ScenePlan, ShotPlan
from previz.skills.camera.movements import MOVEMENTS
from previz.skills.lighting.presets import PRESETS
from previz.skills.vocabulary import declare, names, synonyms, term, terms


def test_movements_are_declared_in_plan_order():
    # The built-in twenty, in order; movements added in skills/camera/moves/ follow them.
    assert names("movement")[:20] == (
        "static", "pan", "tilt", "dolly_in", "dolly_out", "truck", "pedestal", "crane", "arc",
        "orbit", "bullet_time", "follow", "lead", "over_the_shoulder", "pov", "zoom",
        "dolly_zoom", "drone_flyover", "handheld", "whip_pan")
    assert set(names("camera_move")) == set(MOVEMENTS)


def test_plan_movement_carries_the_skill_and_its_arguments():
    out = term("movement", "dolly_out")
    assert (out.executes, dict(out.params)) == ("dolly", {"distance": -1.0})
    assert MOVES["dolly_in"] == ("dolly", {"distance": 1.0})
    assert "scene" in term("movement", "drone_flyover").tags
    assert set(agents_vocabulary.CONTEXT_MOVES) == {"pan", "tilt", "truck", "pedestal", "crane",
                                                     "arc", "orbit", "zoom", "lead", "follow"}


def test_camera_move_params_are_the_generator_defaults():
    assert dict(term("camera_move", "handheld").params) == {
        "seed": 0, "amplitude": 0.02, "angle_degrees": 0.6, "frequency": 1.2}
    assert dict(term("camera_move", "over_the_shoulder").params) == {
        "over": None, "side": 1.0, "distance": 0.7}


def test_shot_sizes_moods_and_looks():
    assert SHOT_CODES == {"extreme_wide": "ELS", "wide": "LS", "full": "FS", "medium": "MS",
                          "close_up": "CU", "extreme_close_up": "ECU"}
    assert agents_vocabulary.SHOT_FILL["medium"] == 1.6
    assert MOOD_LOOKS == {"neutral": "three_point", "warm": "golden_hour", "cool": "moonlight",
                          "dramatic": "noir", "bright": "high_key", "soft": "overcast"}
    assert set(names("look")) == set(PRESETS)
    assert synonyms("look")["golden_hour"][0] == "golden hour"


def test_actions_keep_the_planner_table_shape():
    assert agents_vocabulary.ACTIONS["walk"]["moves"] is True
    assert agents_vocabulary.ACTIONS["walk"]["speed"] == 1.3
    assert agents_vocabulary.ACTIONS["wave"] == {"moves": False, "duration": 2.0,
                                                 "synonyms": ("waves", "waving", "greets")}
    assert "graze" in names("action")


def test_categories_come_from_declarations():
    sofa = agents_vocabulary.CATEGORY_BY_NAME["sofa"]
    assert (sofa.size, sofa.wall, sofa.synonyms) == ((2.0, 0.9, 0.85), True, ("couch", "settee"))
    # the 57 of the built-in table plus every prop-library category it does not name
    assert len(terms("category")) == len(agents_vocabulary.CATEGORIES) == \
        57 + len(agents_vocabulary._LIBRARY)
    assert len(agents_vocabulary.CATEGORIES) >= 300
    for noun in ("bus", "helicopter", "qin", "fruit_bowl", "fire_hydrant", "drum_kit"):
        assert agents_vocabulary.CATEGORY_BY_NAME[noun].kind == "prop", noun


def test_plan_fields_are_checked_against_the_vocabulary():
    assert ShotPlan(movement="whip_pan", size="close_up").movement == "whip_pan"
    with pytest.raises(ValidationError, match="unknown movement 'dolly'"):
        ShotPlan(movement="dolly")
    with pytest.raises(ValidationError, match="unknown mood 'noir'"):
        ScenePlan(mood="noir")
    with pytest.raises(ValidationError):
        ShotPlan(size=3)


def test_schema_and_prompt_list_the_declared_names():
    schema = ScenePlan.model_json_schema()["$defs"]["ShotPlan"]["properties"]
    assert schema["movement"]["enum"] == list(names("movement"))
    assert schema["movement"]["type"] == "string"
    assert schema["size"]["enum"][0] == "extreme_wide"
    assert "Movements: static, pan, tilt, dolly_in" in system_prompt()


def test_declaring_twice_must_agree():
    same = term("movement", "pan")
    assert declare("movement", "pan", same.synonyms, params=same.params,
                   description=same.description, skill=same.skill, tags=same.tags) is same
    with pytest.raises(ValueError, match="declared twice"):
        declare("movement", "pan", ("swivel",))
    with pytest.raises(ValueError, match="unknown vocabulary"):
        declare("gesture", "shrug")
