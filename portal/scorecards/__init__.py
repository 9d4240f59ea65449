"""Scorecards: choosing a vendor (selection) and watching it (performance, SLA breaches)."""
