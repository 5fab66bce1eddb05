"""Reach in the database: the register loaded into tables, runs, non-users, and the proactive service."""

from .register import (RegisterLoad, RegisterAddress, RegisterHousehold, RegisterPerson, RegisterIncome,
                       RegisterBenefit, RegisterSchemeUse)
from .runs import ReachRun, NonUser
from .proactive import OptOut, OfferBatch, Offer, GrantDecision

__all__ = ["RegisterLoad", "RegisterAddress", "RegisterHousehold", "RegisterPerson", "RegisterIncome",
           "RegisterBenefit", "RegisterSchemeUse", "ReachRun", "NonUser", "OptOut", "OfferBatch", "Offer",
           "GrantDecision"]
