"""The rulebook's decisions (RULES.md §1–§6), one module per section: triage, actions,
imaging, biopsy, NOMS, Patchell, treatment notes, and the findings they share."""
