"""Help requests: share links and 口令 (``links``), the lifecycle commands (``helpdesk``),
the plugins' read view (``helpdata``) and 派单 planning (``dispatch``)."""
