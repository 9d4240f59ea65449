"""The risk register per vendor, with risks proposed automatically from what the portal knows."""
