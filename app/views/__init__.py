"""What each audience may see; read-only. Built from explicit lists of what may be shown,
never by dumping stored state and deleting keys."""
