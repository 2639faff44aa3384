"""casus: a rule-based treaty trigger simulator.

Data flows one way: files -> models -> facts -> engine -> verdict -> rendering.
"""

__version__ = "0.1.0"
