"""Due diligence beyond documents: registry, litigation, sanctions, site visit, references."""
