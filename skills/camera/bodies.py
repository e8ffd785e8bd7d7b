"""Camera bodies: name, sensor size and the lenses a body is used with, declared in the
``camera_body`` vocabulary. A shot plan names one in ``camera_body``."""

from __future__ import annotations
