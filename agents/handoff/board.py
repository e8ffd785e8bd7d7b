"""The storyboard: one panel per shot, as a PDF (reportlab) or a self-contained HTML page.

A panel shows the shot's key frames (1–6, evenly spread over the shot, first and last
included) at the shot's aspect ratio with the safe-frame guides drawn (action safe 93 %, title
safe 90 % of the width and height, centred), and beside them what a crew reads off a board:
shot id and position, duration, frames and SMPTE timecodes, camera body and lens, aspect and
resolution, the move (drawn as an arrow on the shot's top-down map, `check --plot`'s map),
subjects, action, dialogue, notes and the lighting look. Everything a panel says comes from a
`ShotRow` (`previz.agents.handoff.shotlist`), so the board and the shot list agree.

Where the frames come from is the caller's business (`KeyFrame`): Blender renders clay frames,
or a shot's neural render is read from its folder; each frame says which it is.

Layout: A4 landscape, two panels a page, in scene order; each panel starts with a dark band
(`BAND`) carrying the shot id, so a page rendered to pixels shows one band per shot. Text is set
in Bitstream Vera (shipped with reportlab, so every machine sets the same glyphs); a character
Vera lacks is replaced (``→`` by ``->``, others by ``?``) in the PDF only. Text longer than its
box is cut with ``…`` and the panel says so; the HTML page and the shot list keep all of it.

Deterministic: reportlab's invariant mode (no dates or random ids), PNGs without metadata.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from previz.world import World

from .shotlist import STILL_ANGLE_DEG, STILL_TRAVEL_M, ShotRow, _camera_world, sample_frames

MAX_KEY_FRAMES = 6
#: Safe areas as fractions of the frame's width and height (SMPTE RP 2046-2's classic values).
ACTION_SAFE = 0.93
TITLE_SAFE = 0.90
ACTION_COLOUR = (0, 190, 140)
TITLE_COLOUR = (255, 150, 0)
MOVE_COLOUR = (210, 0, 140)  # the move's arrow on the map: no colour the map itself uses
BAND = (38, 42, 52)  # a panel's title band
MAP_SIZE = (480, 480)
SOURCES = {"clay": "clay (Workbench)", "render": "neural render"}


@dataclass(frozen=True)
class KeyFrame:
    """One key frame of a shot: its Blender frame, the picture (any mode; shown as RGB) and
    where the picture comes from (``clay`` or ``render``)."""

    frame: int
    image: Image.Image
    source: str


@dataclass(frozen=True)
class Panel:
    row: ShotRow
    frames: tuple[KeyFrame, ...]
    map: Image.Image | None = None


def key_frames(frame_start: int, frame_end: int, count: int) -> list[int]:
    """``count`` (1–6) frames spread evenly over ``frame_start..frame_end`` inclusive: the
    middle one for one (rounded up between two), first and last included otherwise; fewer when
    the shot is shorter."""
    if not 1 <= count <= MAX_KEY_FRAMES:
        raise ValueError(f"key frames per shot must be 1 to {MAX_KEY_FRAMES}, got {count}")
    span = frame_end - frame_start
    if count == 1:
        return [frame_start + math.floor(span / 2 + 0.5)]
    n = min(count, span + 1)
    if n == 1:
        return [frame_start]
    return sorted({frame_start + math.floor(i * span / (n - 1) + 0.5) for i in range(n)})


def with_safe_frames(image: Image.Image) -> Image.Image:
    """A copy of ``image`` (RGB) with the action-safe and title-safe rectangles drawn."""
    img = image.convert("RGB")
    draw = ImageDraw.Draw(img)
    w, h = img.size
    line = max(1, round(min(w, h) / 240))
    for fraction, colour in ((ACTION_SAFE, ACTION_COLOUR), (TITLE_SAFE, TITLE_COLOUR)):
        dx, dy = w * (1 - fraction) / 2, h * (1 - fraction) / 2
        draw.rectangle([round(dx), round(dy), round(w - 1 - dx), round(h - 1 - dy)],
                       outline=colour, width=line)
    cx, cy, arm = w / 2, h / 2, max(3, round(min(w, h) / 40))  # centre mark
    draw.line([(cx - arm, cy), (cx + arm, cy)], fill=TITLE_COLOUR, width=line)
    draw.line([(cx, cy - arm), (cx, cy + arm)], fill=TITLE_COLOUR, width=line)
    return img


def safe_rect(size: tuple[int, int], fraction: float) -> tuple[int, int, int, int]:
    """The pixel box `with_safe_frames` draws for ``fraction`` on an image of ``size``."""
    w, h = size
    dx, dy = w * (1 - fraction) / 2, h * (1 - fraction) / 2
    return round(dx), round(dy), round(w - 1 - dx), round(h - 1 - dy)


# The map ---------------------------------------------------------------------------------------


def shot_map(world: World, row: ShotRow, size: tuple[int, int] = MAP_SIZE) -> Image.Image:
    """`check --plot`'s top-down map of the shot (obstacles, paths, the camera's path and what
    it sees at the start, middle and end) with the move drawn over it: an arrow along the
    camera's path when it travels, an arc round the camera when it only pans."""
    from previz.agents.supervisor.check import Report
    from previz.agents.supervisor.plot import map_view, plot_map

    empty = Report([], {})
    img = plot_map(world, empty, row.shot_id, size).convert("RGB")
    view = map_view(world, empty, row.shot_id, size)
    draw = ImageDraw.Draw(img)
    shot = world.shot(row.shot_id)
    cam_world = _camera_world(world)  # skeletons left out: a camera needs none
    cams = [cam_world.evaluate(f).cameras[shot.camera] for f in sample_frames(shot)]
    points = [view.to_pixel(float(c.matrix[0, 3]), float(c.matrix[1, 3])) for c in cams]
    width = max(3, round(size[0] / 120))
    if row.travel_m >= STILL_TRAVEL_M and len(points) > 1:
        draw.line(points, fill=MOVE_COLOUR, width=width, joint="curve")
        _arrow_head(draw, points, MOVE_COLOUR, width * 4)
    elif abs(row.pan_deg) >= STILL_ANGLE_DEG:
        fwd = -cams[0].matrix[:3, 2]
        yaw0 = math.degrees(math.atan2(fwd[1], fwd[0]))
        _pan_arc(draw, points[0], yaw0, row.pan_deg, size[0] / 14, width)
    return img


def _arrow_head(draw: ImageDraw.ImageDraw, points: list[tuple[float, float]],
                colour: tuple[int, int, int], length: float) -> None:
    """A filled head at the path's end, pointing along its last stretch of ``length`` px."""
    tip = np.array(points[-1])
    back = next((np.array(p) for p in reversed(points[:-1])
                 if np.linalg.norm(tip - np.array(p)) >= length / 2), np.array(points[0]))
    d = tip - back
    if np.linalg.norm(d) < 1e-6:
        return
    d /= np.linalg.norm(d)
    n = np.array([-d[1], d[0]])
    base = tip - d * length
    draw.polygon([tuple(tip), tuple(base + n * length * 0.45), tuple(base - n * length * 0.45)],
                 fill=colour)


def _pan_arc(draw: ImageDraw.ImageDraw, centre: tuple[float, float], yaw0: float, pan: float,
             radius: float, width: int) -> None:
    """An arc round the camera from where it looks first, ``pan`` degrees (positive: left,
    counter-clockwise seen from above), with a head at the end. Image angles run clockwise
    because the image's y points down."""
    sweep = max(-350.0, min(350.0, pan))
    a0, a1 = -yaw0, -(yaw0 + sweep)
    x, y = centre
    box = [x - radius, y - radius, x + radius, y + radius]
    draw.arc(box, min(a0, a1), max(a0, a1), fill=MOVE_COLOUR, width=width)
    steps = [a1 + (a0 - a1) * t for t in (0.12, 0.0)]
    pts = [(x + radius * math.cos(math.radians(a)), y + radius * math.sin(math.radians(a)))
           for a in steps]
    _arrow_head(draw, pts, MOVE_COLOUR, width * 4)


# What a panel says -----------------------------------------------------------------------------


def panel_fields(row: ShotRow) -> list[tuple[str, str]]:
    """The panel's labelled lines, in the order they are set (the PDF and the HTML share
    them)."""
    dialogue = "\n".join(d.label() for d in row.dialogue)
    move = row.move if row.move == row.move_measured else f"{row.move} ({row.move_measured})"
    return [
        ("Camera", f"{row.camera_body.replace('_', ' ')}, {row.lens}"),
        ("Frame", f"{row.aspect} ({row.resolution[0]}x{row.resolution[1]})"),
        ("Move", move),
        ("Light", row.lighting_look.replace("_", " ")),
        ("Subjects", ", ".join(row.subjects) or "nothing in frame"),
        ("Action", row.action),
        ("Dialogue", dialogue or "-"),
        ("Notes", "\n".join(row.notes) or "-"),
    ]


def band_text(row: ShotRow, total: int) -> tuple[str, str]:
    """The title band's left (shot id and position) and right (time) text."""
    fps = f"{row.fps:g}"
    left = f"{row.shot_id}   ({row.order}/{total})"
    right = (f"{row.duration_s:.2f} s  ·  {row.frames} fr @ {fps} fps  ·  "
             f"{row.frame_start}-{row.frame_end}  ·  TC {row.timecode_in} - {row.timecode_out}")
    return left, right


def frame_caption(row: ShotRow, frame: int) -> str:
    from .shotlist import timecode

    return f"f {frame}  ·  {timecode(frame - 1, row.fps)}"


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


# PDF ---------------------------------------------------------------------------------------------

PAGE_MARGIN = 24.0
HEADER_H = 30.0
FOOTER_H = 16.0
PANELS_PER_PAGE = 2
PANEL_GAP = 10.0
BAND_H = 16.0
FRAMES_W = 540.0
MIN_TEXT_H = 40.0  # room kept under the frames for subjects, action, dialogue, notes
MAX_TEXT_SHARE = 0.45  # of the panel's body, when that text is long
GAP = 6.0
CAPTION_H = 10.0
TEXT_SIZE = 7.5
LEADING = 9.0
MAP_PT = 176.0  # the map's largest side; smaller when the text under it needs room
LABEL_W = 44.0
FONT, BOLD = "PrevizVera", "PrevizVera-Bold"
REPLACE = {"→": "->", "✓": "ok"}


def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))


def _vera(text: str) -> str:
    """``text`` with the characters Vera has no glyph for replaced."""
    from reportlab.pdfbase import pdfmetrics

    glyphs = pdfmetrics.getFont(FONT).face.charToGlyph
    out = []
    for ch in text:
        if ch in REPLACE:
            out.append(REPLACE[ch])
        elif ch in "\n\t" or ord(ch) in glyphs:
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


def board_pdf(panels: Sequence[Panel], title: str, subtitle: str = "") -> bytes:
    """The storyboard as PDF bytes: A4 landscape, `PANELS_PER_PAGE` panels a page."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    _fonts()
    page_w, page_h = landscape(A4)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(page_w, page_h), invariant=1, pageCompression=1)
    c.setTitle(_vera(title or "Storyboard"))
    c.setAuthor("Previz")
    c.setCreator("previz board")
    c.setSubject(_vera(subtitle))
    pages = max(1, math.ceil(len(panels) / PANELS_PER_PAGE))
    usable = page_h - 2 * PAGE_MARGIN - HEADER_H - FOOTER_H
    panel_h = (usable - PANEL_GAP * (PANELS_PER_PAGE - 1)) / PANELS_PER_PAGE
    width = page_w - 2 * PAGE_MARGIN
    for page in range(pages):
        _page_frame(c, page, pages, title, subtitle, page_w, page_h)
        top = page_h - PAGE_MARGIN - HEADER_H
        for panel in panels[page * PANELS_PER_PAGE:(page + 1) * PANELS_PER_PAGE]:
            _panel(c, panel, len(panels), PAGE_MARGIN, top, width, panel_h)
            top -= panel_h + PANEL_GAP
        c.showPage()
    c.save()
    return buf.getvalue()


def _page_frame(c, page: int, pages: int, title: str, subtitle: str, page_w: float,  # type: ignore[no-untyped-def]
                page_h: float) -> None:
    y = page_h - PAGE_MARGIN - 13
    c.setFillColorRGB(0.1, 0.1, 0.12)
    c.setFont(BOLD, 13)
    c.drawString(PAGE_MARGIN, y, _fit(c, _vera(title or "Storyboard"), BOLD, 13,
                                      page_w - 2 * PAGE_MARGIN - 80))
    c.setFont(FONT, 8)
    c.drawRightString(page_w - PAGE_MARGIN, y + 3, f"page {page + 1} / {pages}")
    if subtitle:
        c.drawString(PAGE_MARGIN, y - 11, _fit(c, _vera(subtitle), FONT, 8,
                                               page_w - 2 * PAGE_MARGIN))
    c.setStrokeColorRGB(0.6, 0.6, 0.6)
    c.setLineWidth(0.5)
    c.line(PAGE_MARGIN, page_h - PAGE_MARGIN - HEADER_H + 4, page_w - PAGE_MARGIN,
           page_h - PAGE_MARGIN - HEADER_H + 4)
    # Footer: what the coloured rectangles on the frames are.
    fy = PAGE_MARGIN - 6
    c.setFont(FONT, 6.5)
    x = PAGE_MARGIN
    for colour, text in ((ACTION_COLOUR, f"action safe {ACTION_SAFE:.0%}"),
                         (TITLE_COLOUR, f"title safe {TITLE_SAFE:.0%}"),
                         (MOVE_COLOUR, "camera move on the map (blue: camera path and view)")):
        c.setStrokeColorRGB(*(v / 255 for v in colour))
        c.setLineWidth(1.2)
        c.rect(x, fy, 10, 6, stroke=1, fill=0)
        c.setFillColorRGB(0.25, 0.25, 0.25)
        c.drawString(x + 14, fy + 0.5, text)
        x += 24 + c.stringWidth(text, FONT, 6.5)
    c.drawRightString(page_w - PAGE_MARGIN, fy + 0.5,
                      "previz board  ·  the same fields as `previz shotlist`")


def _panel(c, panel: Panel, total: int, x0: float, top: float, width: float,  # type: ignore[no-untyped-def]
           height: float) -> None:
    """Title band across; left: the key frames, and under them subjects, action, dialogue and
    notes; right: the map, and under it camera, frame, move and light."""
    from reportlab.lib.utils import ImageReader

    row = panel.row
    c.setFillColorRGB(*(v / 255 for v in BAND))
    c.rect(x0, top - BAND_H, width, BAND_H, stroke=0, fill=1)
    left, right = band_text(row, total)
    c.setFillColorRGB(1, 1, 1)
    c.setFont(BOLD, 9.5)
    c.drawString(x0 + 6, top - BAND_H + 4.5, _vera(left))
    c.setFont(FONT, 8)
    sources = sorted({SOURCES.get(k.source, k.source) for k in panel.frames})
    c.drawRightString(x0 + width - 6, top - BAND_H + 4.5,
                      _vera(right + (f"  ·  {' + '.join(sources)}" if sources else "")))
    c.setStrokeColorRGB(*(v / 255 for v in BAND))
    c.setLineWidth(0.6)
    c.rect(x0, top - height, width, height, stroke=1, fill=0)

    body_top = top - BAND_H - GAP
    bottom = top - height + GAP
    fields = panel_fields(row)
    lx, lw = x0 + GAP, FRAMES_W - GAP
    # The frames take what the text under them leaves: all its lines when they are few, at
    # least `MIN_TEXT_H` and at most `MAX_TEXT_SHARE` of the panel otherwise.
    text_h = len(_lines(fields[4:], lw)) * LEADING + GAP
    text_h = min(max(text_h, MIN_TEXT_H), MAX_TEXT_SHARE * (body_top - bottom))
    below = _frames(c, panel, lx, body_top, lw, body_top - bottom - text_h, ImageReader)
    _text(c, fields[4:], lx, below - GAP, lw, bottom)
    rx = x0 + FRAMES_W + 2 * GAP
    rw = x0 + width - GAP - rx
    y = body_top
    if panel.map is not None:
        need = len(_lines(fields[:4], rw)) * LEADING + GAP
        side = max(60.0, min(rw, MAP_PT, body_top - bottom - need))
        mx = rx + (rw - side) / 2
        c.drawImage(ImageReader(panel.map.convert("RGB")), mx, y - side, side, side)
        c.setStrokeColorRGB(0.6, 0.6, 0.6)
        c.rect(mx, y - side, side, side, stroke=1, fill=0)
        y -= side + GAP
    _text(c, fields[:4], rx, y, rw, bottom)


def _grid(n: int, aspect: float, width: float, height: float) -> tuple[int, float, float]:
    """Columns and picture size (pt) that show ``n`` frames of ``aspect`` largest inside
    ``width`` × ``height`` (captions and gaps included)."""
    best = (1, 0.0, 0.0)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        w = (width - GAP * (cols - 1)) / cols
        h = w / aspect
        room = (height - GAP * (rows - 1)) / rows - CAPTION_H
        if h > room:
            h = max(room, 1.0)
            w = h * aspect
        if w > best[1] + 1e-6:
            best = (cols, w, h)
    return best


def _frames(c, panel: Panel, x0: float, top: float, width: float, height: float,  # type: ignore[no-untyped-def]
            image_reader) -> float:
    """Draw the key frames from ``top`` down; returns the y under the captions."""
    n = len(panel.frames)
    if n == 0:
        c.setFont(FONT, 8)
        c.setFillColorRGB(0.4, 0.4, 0.4)
        c.drawString(x0, top - 12, "no frames")
        return top - 16
    w_px, h_px = panel.row.resolution
    cols, img_w, img_h = _grid(n, w_px / h_px, width, height)
    y = top
    for i, key in enumerate(panel.frames):
        r, col = divmod(i, cols)
        x = x0 + col * (img_w + GAP)
        y = top - r * (img_h + CAPTION_H + GAP) - img_h
        c.drawImage(image_reader(with_safe_frames(key.image)), x, y, img_w, img_h)
        c.setStrokeColorRGB(0.3, 0.3, 0.3)
        c.setLineWidth(0.5)
        c.rect(x, y, img_w, img_h, stroke=1, fill=0)
        c.setFillColorRGB(0.2, 0.2, 0.2)
        c.setFont(FONT, 6.5)
        c.drawString(x, y - 7.5, _vera(frame_caption(panel.row, key.frame)))
    return y - CAPTION_H


def _lines(fields: list[tuple[str, str]], width: float) -> list[tuple[str, str]]:
    """(label, text) per set line: each value wrapped to ``width`` less the label column; the
    label on its first line only."""
    from reportlab.lib.utils import simpleSplit

    out: list[tuple[str, str]] = []
    for label, value in fields:
        wrapped: list[str] = []
        for para in _vera(value).split("\n"):
            wrapped += simpleSplit(para, FONT, TEXT_SIZE, width - LABEL_W) or [""]
        out += [(label if k == 0 else "", line) for k, line in enumerate(wrapped)]
    return out


def _text(c, fields: list[tuple[str, str]], x: float, top: float, width: float,  # type: ignore[no-untyped-def]
          bottom: float) -> float:
    """Set ``label value`` lines from ``top`` down, wrapped to ``width``; when they do not all
    fit above ``bottom`` the last that fits ends with ``… (see the shot list)``. Returns the y
    under the last line."""
    lines = _lines(fields, width)
    room = max(0, int((top - bottom - TEXT_SIZE) // LEADING) + 1)
    if len(lines) > room:
        lines = lines[:room]
        if lines:
            label, last = lines[-1]
            lines[-1] = (label, _cut(last, width - LABEL_W, c))
    y = top - TEXT_SIZE
    for label, line in lines:
        if label:
            c.setFillColorRGB(0.35, 0.35, 0.4)
            c.setFont(BOLD, TEXT_SIZE)
            c.drawString(x, y, label)
        c.setFillColorRGB(0.08, 0.08, 0.1)
        c.setFont(FONT, TEXT_SIZE)
        c.drawString(x + LABEL_W, y, line)
        y -= LEADING
    return y


def _fit(c, text: str, font: str, size: float, width: float) -> str:  # type: ignore[no-untyped-def]
    """``text`` cut at a word with ``…`` to fit ``width``."""
    if c.stringWidth(text, font, size) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1 and c.stringWidth(" ".join(words) + " …", font, size) > width:
        words.pop()
    return " ".join(words) + " …"


def _cut(line: str, width: float, c) -> str:  # type: ignore[no-untyped-def]
    text = line.rstrip() + " … (see the shot list)"
    while c.stringWidth(text, FONT, TEXT_SIZE) > width and len(line) > 1:
        line = line[:-1]
        text = line.rstrip() + " … (see the shot list)"
    return text


# HTML --------------------------------------------------------------------------------------------

CSS = """
body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:24px;color:#15161a;background:#fff}
h1{font-size:20px;margin:0 0 4px} .sub{color:#555;font-size:12px;margin-bottom:14px}
.panel{border:1px solid #262a34;margin:0 0 18px;break-inside:avoid}
.band{background:#262a34;color:#fff;display:flex;justify-content:space-between;
padding:4px 8px;font-size:13px} .band b{font-size:14px}
.body{display:flex;gap:12px;padding:8px} .frames{display:flex;flex-wrap:wrap;gap:8px;flex:0 0 58%}
.frames figure{margin:0;width:calc(33% - 6px)} .c1 figure{width:100%}
.c2 figure{width:calc(50% - 4px)} .frames figure img{width:100%;display:block;
border:1px solid #444} figcaption{font-size:11px;color:#333} .info{flex:1;font-size:12px}
.info img.map{width:220px;float:right;margin:0 0 6px 8px;border:1px solid #999}
dt{font-weight:bold;color:#555} dd{margin:0 0 6px 0;white-space:pre-wrap}
.legend{font-size:11px;color:#444} .swatch{display:inline-block;width:12px;height:8px;
border:2px solid;margin:0 4px 0 10px}
"""


def board_html(panels: Sequence[Panel], title: str, subtitle: str = "") -> str:
    """The storyboard as one HTML page: every picture inlined as a ``data:image/png`` URI, no
    external file, script or font."""
    def esc(text: str) -> str:
        return html.escape(text, quote=True)

    def uri(image: Image.Image) -> str:
        return "data:image/png;base64," + base64.b64encode(_png(image)).decode("ascii")

    def rgb(c: tuple[int, int, int]) -> str:
        return f"rgb({c[0]},{c[1]},{c[2]})"

    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{esc(title or 'Storyboard')}</title><style>{CSS}</style></head><body>",
           f"<h1>{esc(title or 'Storyboard')}</h1>"]
    if subtitle:
        out.append(f'<div class="sub">{esc(subtitle)}</div>')
    out.append(
        '<div class="legend">'
        f'<span class="swatch" style="border-color:{rgb(ACTION_COLOUR)}"></span>action safe '
        f'{ACTION_SAFE:.0%}<span class="swatch" style="border-color:{rgb(TITLE_COLOUR)}"></span>'
        f'title safe {TITLE_SAFE:.0%}<span class="swatch" style="border-color:'
        f'{rgb(MOVE_COLOUR)}"></span>camera move on the map</div><br>')
    for panel in panels:
        row = panel.row
        left, right = band_text(row, len(panels))
        sources = " + ".join(sorted({SOURCES.get(k.source, k.source) for k in panel.frames}))
        out.append(f'<section class="panel" id="shot-{esc(row.shot_id)}">')
        out.append(f'<div class="band"><b>{esc(left)}</b><span>{esc(right)}'
                   f'{esc("  ·  " + sources) if sources else ""}</span></div>')
        cols = {1: 1, 2: 2, 4: 2}.get(len(panel.frames), 3)
        out.append(f'<div class="body"><div class="frames c{cols}">')
        for key in panel.frames:
            out.append(f'<figure><img alt="{esc(row.shot_id)} frame {key.frame}" '
                       f'src="{uri(with_safe_frames(key.image))}"><figcaption>'
                       f"{esc(frame_caption(row, key.frame))}</figcaption></figure>")
        out.append('</div><div class="info">')
        if panel.map is not None:
            out.append(f'<img class="map" alt="top-down map of {esc(row.shot_id)}" '
                       f'src="{uri(panel.map.convert("RGB"))}">')
        out.append("<dl>")
        for label, value in panel_fields(row):
            out.append(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>")
        out.append("</dl></div></div></section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
