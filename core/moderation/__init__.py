"""Moderation: the enforcement ladder (``enforcement``) and the admins' commands, appeals
and audit log (``commands``)."""
