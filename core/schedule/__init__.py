"""Time: the persistent scheduler (``scheduler``) and the pacing of the bot's own posts
(``pacing``: quiet hours, hourly cap)."""
