"""KPI self-reports: definitions (four built in, more by admins), reporting periods per vendor,
reports with values and an optional supporting document, validated by staff."""
