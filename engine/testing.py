"""Public alias kept for users' own tests: the scenario strategies live in
`engine.checks.strategies` since the package was grouped into wings.
"""

from engine.checks.strategies import *  # noqa: F403
from engine.checks.strategies import __all__ as __all__
