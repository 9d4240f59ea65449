"""Data files of contract intelligence: jurisdictions and section-topic lexicon."""
