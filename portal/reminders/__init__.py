"""Expiry reminders, escalation and lapse: computed set-wise, recorded in a ledger, sent once."""
