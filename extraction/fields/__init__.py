"""Field extractors, one module per family of fields; each returns FieldValues with evidence."""
