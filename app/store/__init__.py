"""Content rows and who has answered: the ballot box and the roll. Never emits, never
decides: the rules of the method stay in `facilitation/`."""
