"""previz.agents.handoff — what a previz hands on to the crew, as plain data.

`shotlist` turns a World (and, when there is one, the plan and the supervisor's report that made
it) into one `ShotRow` per shot in scene order: ids, frame ranges and SMPTE timecodes, camera
body and lens, the move, subjects, action, dialogue, notes, lighting look and aspect ratio. The
storyboard (`previz board`), the shot list (`previz shotlist`) and the editorial timeline read
the same rows, so they never disagree about what a shot is. `board` lays the rows out as a
storyboard (PDF through reportlab, or one self-contained HTML page) with the key frames and maps
its caller gives it. Imports neither bpy nor torch.
"""

from .shotlist import (
    DialogueLine,
    ShotRow,
    aspect_name,
    dialogue_beside,
    load_dialogue,
    load_report,
    report_beside,
    rows_csv,
    rows_json,
    shot_rows,
    timecode,
)

__all__ = ["DialogueLine", "ShotRow", "aspect_name", "dialogue_beside", "load_dialogue",
           "load_report", "report_beside", "rows_csv", "rows_json", "shot_rows", "timecode"]
