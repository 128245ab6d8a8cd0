"""The patient link: a token in, one patient's passport, plan and reports out."""
