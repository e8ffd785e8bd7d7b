"""Fidelity: what the shot must show for a director's text, measured from the shot.

`expectations` is the benchmark's prompt language; `measures` computes the defining property of
each action and camera move from the evaluated World (shared by the scorer and the supervisor);
`score` scores a prompt's shot against its expectations.
"""
