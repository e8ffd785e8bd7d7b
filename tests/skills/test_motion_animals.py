"""Quadruped gaits on a slope, bird flap / glide / land, fish swim."""

import numpy as np
import pytest

from previz.skills.motion.animals import flap, land, swim
from previz.skills.motion.clip import bake
from previz.skills.motion.locomotion import locomotion
from previz.skills.motion.metrics import foot_skating, ground_contact, world_joint_tracks
from previz.skills.motion.rig import Rig
from previz.skills.motion.terrain import plane
from previz.skills.skeletons import TEMPLATES, make_skeleton
from previz.world import Entity, InputError, World

PAWS = TEMPLATES["quadruped"].contacts


@pytest.mark.parametrize("style", ["walk", "trot", "gallop"])
def test_quadruped_on_a_slope_keeps_its_paws_on_the_ground(style):
    skel = make_skeleton("quadruped")
    slope = plane(slope_y=-0.2)  # climbing 20 % towards −Y
    motion = locomotion(skel, [[0, 0], [1.0, -4], [0, -9]], style=style, terrain=slope)
    ent = bake(motion, Entity(id="dog", kind="animal", skeleton=skel))
    tracks = world_joint_tracks(World(entities=[ent]), "dog", range(1, motion.frames + 1))
    for paw in PAWS:
        c = motion.contacts[paw]
        assert 0.15 < c.mean() < 0.9
        gc = ground_contact(tracks[paw], c, 0.02, slope)
        assert gc.floating_cm < 2.0 and gc.penetration_cm < 2.0, (paw, gc)
        assert foot_skating(tracks[paw], c).max_cm < 0.5
    # The body pitches up the slope: its forward axis (−Y) gains height.
    from previz.world.transforms import euler_xyz

    forward = euler_xyz(*motion.entity_rotation[motion.frames // 2]) @ [0.0, -1.0, 0.0]
    assert forward[2] == pytest.approx(np.sin(np.arctan(0.2)), abs=0.03)


def test_quadruped_gaits_differ_in_their_footfall_pattern():
    skel = make_skeleton("quadruped")

    def together(style, a, b):
        m = locomotion(skel, [[0, 0], [0, -12]], style=style)
        return np.mean(m.contacts[a] == m.contacts[b])

    # Trot: diagonal pairs move together; walk: they do not.
    assert together("trot", "left_front_paw", "right_hind_paw") > 0.9
    assert together("walk", "left_front_paw", "right_hind_paw") < 0.8


def test_bird_flaps_symmetrically_and_glides_with_wings_spread():
    skel = make_skeleton("bird")
    rig = Rig.from_skeleton(skel)
    m = flap(skel, [[0, 0], [0, -20]], altitude=3.0, frequency=5.0)
    g = m.globals(rig)
    lt = g[:, rig.index("left_wingtip"), 2, 3] - m.entity_location[:, 2]
    rt = g[:, rig.index("right_wingtip"), 2, 3] - m.entity_location[:, 2]
    np.testing.assert_allclose(lt, rt, atol=1e-9)
    assert np.ptp(lt) > 0.2
    # Five beats a second: count upward zero crossings of the tip height about its mean.
    x = lt - lt.mean()
    beats = np.count_nonzero((x[:-1] < 0) & (x[1:] >= 0))
    assert abs(beats - 5.0 * m.duration) <= 1.5
    gl = flap(skel, [[0, 0], [0, -20]], glide=True)
    gg = gl.globals(rig)
    span = np.linalg.norm(gg[:, rig.index("left_wingtip"), :3, 3]
                          - gg[:, rig.index("right_wingtip"), :3, 3], axis=1)
    assert span.min() > 0.6 and np.ptp(gg[:, rig.index("left_wingtip"), 2, 3]) < 0.08


def test_bird_lands_standing_on_the_perch():
    skel = make_skeleton("bird")
    rig = Rig.from_skeleton(skel)
    m = land(skel, start=(0.0, 6.0, 3.0), perch=(0.0, 0.0))
    g = m.globals(rig)
    for toe in ("left_toe", "right_toe"):
        p = g[:, rig.index(toe), :3, 3]
        assert p[-1, 2] == pytest.approx(0.008, abs=0.005)
        assert foot_skating(p, m.contacts[toe]).max_cm < 0.05
    assert m.entity_location[0, 2] == pytest.approx(3.0)
    assert np.all(np.diff(m.entity_location[:, 2]) <= 1e-12)  # only ever descends


def test_fish_swims_with_a_wave_that_grows_towards_the_tail():
    skel = make_skeleton("fish")
    rig = Rig.from_skeleton(skel)
    m = swim(skel, [[0, 0], [0, -6]], depth=-1.0, speed=0.8)
    g = m.globals(rig)
    mid = slice(24, m.frames - 24)
    lateral = {j: np.ptp(g[mid, rig.index(j), 0, 3]) for j in ("spine2", "tail", "tail_tip")}
    assert lateral["spine2"] < lateral["tail"] < lateral["tail_tip"]
    assert lateral["tail_tip"] > 0.08
    # The wave travels backwards: the tail tip lags the mid spine (positive lag maximises
    # their correlation).
    a = g[mid, rig.index("spine3"), 0, 3] - g[mid, rig.index("spine3"), 0, 3].mean()
    b = g[mid, rig.index("tail_tip"), 0, 3] - g[mid, rig.index("tail_tip"), 0, 3].mean()
    lags = range(0, 8)
    best = max(lags, key=lambda k: np.dot(a[: len(a) - k], b[k:]))
    assert best >= 1
    np.testing.assert_allclose(m.entity_location[:, 2], -1.0)


def test_animal_motions_refuse_the_wrong_skeleton():
    with pytest.raises(InputError, match="bird"):
        flap(make_skeleton("fish"), [[0, 0], [1, 0]])
    with pytest.raises(InputError, match="no legged locomotion for a fish"):
        locomotion(make_skeleton("fish"), [[0, 0], [1, 0]])
