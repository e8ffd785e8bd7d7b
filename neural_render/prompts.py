"""What the video model is told: the prompt and negative prompt of one shot.

Which text wins, first to last:

1. the caller's prompt (``previz render --prompt``, `RenderOptions.prompt`) — verbatim;
2. the shot's own text (``shots[].prompt`` of the World: what the planner composed from what
   the shot shows, or what the user typed over it in the Render or Shots panel or the JSON) —
   verbatim: the user's words are never extended;
3. otherwise (an empty shot prompt) a prompt composed here from what the passes show: each
   entity visible in the shot (its per-entity mask, else its colour in the instance
   segmentation) named by its ``appearance``, the largest on screen first, then the lighting
   look the passes writer read from the World's lights (the manifest's ``lighting.text``,
   `previz.addon.passes.lighting.lighting_look`: "low key light", "warm sunlight"). A passes
   folder written before that field existed gives the appearances alone.

The negative prompt is the shot's own when set, else the backend's entry in `NEGATIVE`: each
model family has the negative text its authors recommend.

Visible means what `previz.agents.fidelity.visibility` means by it (the supervisor and the
scorer agree on it): at least `MIN_PIXELS` pixels and `MIN_SHARE` of the picture in some
sampled frame. No torch here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from previz.world.passes_contract import MASK, PASSES_DIR, SEGMENTATION

from .passes import Passes, colour_codes

MIN_PIXELS = 4
MIN_SHARE = 0.0005
#: At most this many frames of a shot are looked at, evenly spaced, both ends included.
SAMPLE_FRAMES = 9
MAX_PROMPT = 1000

_WAN_NEGATIVE = (
    "bright tones, overexposed, static, blurred details, subtitles, style, artwork, painting, "
    "still picture, overall grey, worst quality, low quality, JPEG compression artifacts, ugly, "
    "deformed, disfigured, extra fingers, poorly drawn hands, poorly drawn face, fused "
    "fingers, messy background, three legs, walking backwards"
)
_SD15_NEGATIVE = (
    "worst quality, low quality, blurry, deformed, disfigured, bad anatomy, extra limbs, "
    "watermark, text, jpeg artifacts"
)
#: backend name → default negative prompt (the Wan 2.1 model card's list, in English; the
#: usual SD1.5 list for AnimateDiff). A tiny backend uses its real family's text.
NEGATIVE: dict[str, str] = {
    "wan-vace": _WAN_NEGATIVE,
    "wan-vace-random": _WAN_NEGATIVE,
    "tiny-wan": _WAN_NEGATIVE,
    "animatediff-controlnet": _SD15_NEGATIVE,
    "tiny-animatediff": _SD15_NEGATIVE,
}


@dataclass(frozen=True)
class ShotText:
    prompt: str
    negative_prompt: str
    source: str  # "option", "shot" or "composed"
    visible: tuple[str, ...]  # entity ids visible in the shot, largest on screen first


def sample_frames(start: int, end: int, most: int = SAMPLE_FRAMES) -> list[int]:
    n = end - start + 1
    if n <= most:
        return list(range(start, end + 1))
    return sorted({start + round(i * (n - 1) / (most - 1)) for i in range(most)})


def visible_entities(passes: Passes) -> tuple[list[str], str]:
    """Entity ids visible in the shot, largest mean screen share first (ties by id), and the
    pass that said so (``"mask"``, ``"segmentation"`` or ``""`` when neither was rendered: then
    nothing is known to be visible)."""
    ids = [str(e.get("id")) for e in passes.manifest.get("entities", [])]
    frames = sample_frames(passes.frame_start, passes.frame_end)
    pixels = passes.width * passes.height
    need = max(MIN_PIXELS, int(MIN_SHARE * pixels))
    counts = {i: np.zeros(len(frames), np.int64) for i in ids}
    root = passes.root / PASSES_DIR
    if (root / MASK).is_dir():
        source = MASK
        with_mask = [eid for eid in ids if (root / MASK / eid).is_dir()]
        labels = passes.mask_labels() if _labels_cheaper(passes, len(with_mask), len(frames)) \
            else None
        if labels is not None:  # the same pixels as the masks (`Passes.load_mask_labels`)
            found, volume = labels
            at = volume[[f - passes.frame_start for f in frames]]
            for k, eid in enumerate(found):
                if eid in counts:
                    counts[eid][:] = (at == k + 1).sum(axis=(1, 2))
        else:
            for eid in with_mask:
                for k, f in enumerate(frames):
                    path = root / MASK / eid / f"{f:04d}.png"
                    counts[eid][k] = int((passes._read(path, "L") > 127).sum())
    elif (root / SEGMENTATION).is_dir() and passes.manifest.get("instance_colors"):
        source = SEGMENTATION
        colours = passes.manifest["instance_colors"]
        for k, f in enumerate(frames):
            code = colour_codes(passes._read(passes.pass_path(SEGMENTATION, f), "RGB"))
            values, n = np.unique(code, return_counts=True)
            seen = dict(zip(values.tolist(), n.tolist(), strict=True))
            for eid in ids:
                c = colours.get(eid)
                if c is not None:
                    counts[eid][k] = seen.get(int(colour_codes(c)), 0)
    else:
        return [], ""
    visible = [i for i in ids if (counts[i] >= need).any()]
    visible.sort(key=lambda i: (-float(counts[i].mean()), i))
    return visible, source


def _labels_cheaper(passes: Passes, masked: int, sampled: int) -> bool:
    """Whether to count the entities' pixels in the label volume (`Passes.mask_labels`: one
    segmentation file a frame and the masks of three frames, kept for the render's condition
    snapshot) rather than in each entity's mask at the sampled frames: when it is already read,
    or when it reads fewer files (a 100-character crowd: 492 files instead of 900)."""
    return MASK in passes._memo or passes.frame_count + 3 * masked < masked * sampled


def compose(passes: Passes, visible: list[str]) -> str:
    """A prompt from what the shot shows: the visible entities' appearances, largest first,
    then the light (``"a woman in a red coat, a crate; low key light"``)."""
    looks = {str(e.get("id")): str(e.get("appearance") or "").strip()
             for e in passes.manifest.get("entities", [])}
    named = ", ".join(dict.fromkeys(looks[i] for i in visible if looks.get(i)))
    lighting = passes.manifest.get("lighting")
    light = str(lighting.get("text") or "").strip() if isinstance(lighting, dict) else ""
    return "; ".join(part for part in (named, light) if part)[:MAX_PROMPT]


def shot_text(passes: Passes, backend: str, prompt: str | None = None,
              negative_prompt: str | None = None) -> ShotText:
    """The prompt and negative prompt ``backend`` receives for this shot (see the module)."""
    shot = passes.shot_settings
    visible, _ = visible_entities(passes)
    if prompt is not None:
        text, source = prompt, "option"
    elif str(shot.get("prompt") or "").strip():
        text, source = str(shot["prompt"]), "shot"
    else:
        text, source = compose(passes, visible), "composed"
    if negative_prompt is None:
        negative_prompt = str(shot.get("negative_prompt") or "") or NEGATIVE.get(backend, "")
    return ShotText(text, negative_prompt, source, tuple(visible))
