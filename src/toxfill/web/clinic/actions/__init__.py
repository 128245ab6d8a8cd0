"""Every write, one module per aggregate: `verb_object(member, ...)` functions that check the
member's role, ask the core's rules, write in one transaction and record who did it."""
