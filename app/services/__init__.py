"""One function per user action: load, ask `facilitation/`, store, announce after commit."""
