"""Announcements to the tools teams already use: Slack, Microsoft Teams and WeCom webhooks, Jira
and Asana issues. `portal.integrations.service.announce` is the entry point."""
