"""spinemets faces: pure renderers of an assessment: text, Markdown, JSON, SBAR, FHIR, labels."""
