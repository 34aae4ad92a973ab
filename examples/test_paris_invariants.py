"""Property tests of the Paris-summit model, written as a user of the library would.

Each test states something that should hold for *every* combination of
parameter values inside their stated ranges, and hypothesis searches the
ranges for a counter-example. Run them with ``pytest examples/test_paris_invariants.py``.

The invariants:

- the model is valid everywhere in the ranges: probabilities in [0, 1] summing to 1;
- every actor's expected payoff lies between its worst and best outcome;
- exact and float arithmetic agree, and pick the same strategy;
- each decision maker (Europe, the US) picks what is best for itself;
- the US accepts Europe at the table whenever Europe's commitment is worth more to
  it than the leverage it gives up (``level * us_alliance >= us_leverage``);
- a stronger deterrent never makes deploying a force worse for Europe.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paris_summit import OPTIONS, paris_summit

import decisiontree as dt
from decisiontree import strategies as dt_st
from decisiontree import testing as dt_testing

US_DECIDES = paris_summit("decision")
US_BY_CHANCE = paris_summit("chance")
FORCE = "Spend + reassurance force"
ACCEPT, REBUFF = "US accepts Europe", "US rebuffs Europe"

# One evaluation takes milliseconds, but a busy machine can miss hypothesis's default
# 200 ms deadline; the number of examples comes from the active hypothesis profile.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

both_variants = pytest.mark.parametrize(
    "tree", [US_DECIDES, US_BY_CHANCE], ids=["us-decides", "us-by-chance"]
)


@both_variants
@relaxed
@given(data=st.data())
def test_probabilities_are_valid_everywhere_in_the_ranges(tree, data):
    values = data.draw(dt_st.parameter_values(tree))
    dt_testing.assert_probabilities_sum_to_one(tree, values)


@both_variants
@relaxed
@given(data=st.data())
def test_every_actor_gets_between_its_worst_and_best_outcome(tree, data):
    values = data.draw(dt_st.parameter_values(tree))
    dt_testing.assert_value_within_payoff_bounds(tree, values)


@both_variants
@settings(relaxed, max_examples=30)
@given(data=st.data())
def test_exact_and_float_evaluation_agree(tree, data):
    values = data.draw(dt_st.parameter_values(tree, exact=True))
    dt_testing.assert_exact_matches_float(tree, values)


@relaxed
@given(dt_st.parameter_values(US_DECIDES))
def test_europe_and_the_us_each_choose_what_is_best_for_them(values):
    dt_testing.assert_choices_optimal(dt.evaluate(US_DECIDES, values))


@relaxed
@given(dt_st.parameter_values(US_DECIDES))
def test_the_us_accepts_europe_when_its_commitment_outweighs_the_lost_leverage(values):
    result = dt.evaluate(US_DECIDES, values)
    for option, (level, _, _) in OPTIONS.items():
        if level * values["us_alliance"] >= values["us_leverage"]:
            assert result.policy[(option,)] == ACCEPT, (option, values)


@relaxed
@given(dt_st.parameter_values(US_DECIDES))
def test_the_us_never_accepts_unless_accepting_is_at_least_as_good_for_the_us(values):
    result = dt.evaluate(US_DECIDES, values)
    for option in OPTIONS:
        if result.policy[(option,)] == ACCEPT:
            us = {label: value["US"] for label, value in result.option_values((option,)).items()}
            assert us[ACCEPT] >= us[REBUFF]


@relaxed
@given(dt_st.parameter_values(US_BY_CHANCE), st.floats(0, 1))
def test_a_stronger_deterrent_never_makes_deploying_worse_for_europe(values, step):
    stronger = dict(values)
    deterrence = US_BY_CHANCE.parameter("deterrence")
    stronger["deterrence"] = values["deterrence"] + step * (float(deterrence.high) - values["deterrence"])
    before = dt.evaluate(US_BY_CHANCE, values).option_values()[FORCE]["Europe"]
    after = dt.evaluate(US_BY_CHANCE, stronger).option_values()[FORCE]["Europe"]
    assert after >= before - 1e-9
