"""Benchmarks of the navigator: `python -m bench.run` (make bench) and `python -m bench.loadtest`.

Every function measures on the current machine and returns plain dicts; `bench.report` turns them into
`bench/results.md` and `bench/results.json`. Nothing here asserts a timing: the smoke test only runs
each function on a tiny size so the code keeps working.
"""
