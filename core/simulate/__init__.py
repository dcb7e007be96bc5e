"""``huzhu simulate``: a synthetic help group played through the real engine.

Installed as ``huzhu.simulate``. See ``run.simulate`` for one configuration and
``report`` for the side-by-side table, ``--json`` and the plot.
"""

from huzhu.simulate.agents import MIX, PROFILES, Agent, Kind, Profile
from huzhu.simulate.metrics import KEYS, gini, measure
from huzhu.simulate.run import DEFAULT_CONFIGS, Run, preset_yaml, simulate

__all__ = [
    "DEFAULT_CONFIGS",
    "KEYS",
    "MIX",
    "PROFILES",
    "Agent",
    "Kind",
    "Profile",
    "Run",
    "gini",
    "measure",
    "preset_yaml",
    "simulate",
]
