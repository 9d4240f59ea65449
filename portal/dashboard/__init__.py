"""The managers' dashboard."""
