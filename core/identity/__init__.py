"""One member across platforms (bindings) and groups that stand together (alliances)."""
