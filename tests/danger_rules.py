"""The emergency rule in triage.yaml that each danger sign's yes relies on, whatever the
treatment: the page tests and the browser tests name their cases by it."""

EMERGENCY_RULES = {
    "breathing": "trouble-breathing-or-swallowing",
    "swelling": "severe-allergic-reaction",
    "sight-loss": "sudden-vision-loss",
    "eyes-after-filler": "filler-vessel-eye-or-brain",
    "skin": "filler-vessel-skin",
    "stroke": "stroke-signs",
    "faint": "allergic-reaction-pattern",
}
