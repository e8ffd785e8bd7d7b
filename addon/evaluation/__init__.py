"""The fidelity benchmark's Blender side: run prompts through the pipeline and Blender, render
sampled frames, write the gallery (`previz eval`). Scoring itself is pure
(`previz.agents.fidelity`)."""
