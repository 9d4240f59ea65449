"""Financial health from the approved financial statements."""
