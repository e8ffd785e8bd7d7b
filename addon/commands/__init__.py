"""Command groups of the `previz` command line: one module each, with `register(subparsers)`.

Every module here is imported whenever the command line starts (to build the parser), so at the
top they import only the standard library and `previz.world`. What a command works with — `bpy`
(through the bridge and the passes), the agents, `previz.neural_render` and torch, Ray — is
imported inside the function that runs it: `previz --help` or `previz fmt` must not load Blender
or a model stack, and a missing optional extra fails only the command that needs it.
"""
