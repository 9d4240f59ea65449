"""The relationship after onboarding: internal-owner issues, escalation paths, quarterly reviews."""
