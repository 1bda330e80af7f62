"""What the model reveals: formal power and how unequally anything is shared."""

from coproduction.analysis.power import (
    banzhaf,
    dummy_players,
    gini,
    shapley_shubik,
    veto_players,
)

__all__ = ["banzhaf", "dummy_players", "gini", "shapley_shubik", "veto_players"]
