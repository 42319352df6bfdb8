"""HTTP blueprints: sign-in, the facilitator's console and projector, the phone's pages."""
