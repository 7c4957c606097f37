"""The code generator: models, operation declarations and resource namespaces from the spec.

`python -m tools.generate` (or `nox -s generate`) rewrites the generated modules from the
spec files in the repository and `overrides.yaml`; `--check` fails when that would change
anything. Hand-written modules are never touched.
"""
