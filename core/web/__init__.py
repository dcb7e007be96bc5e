"""The owner's web console: charts of a group's health, and the group run from a phone.

``app.create_app`` builds the ASGI app; ``console.Console`` holds the sign-in
links and sessions of one engine; ``console.register`` adds ``/后台`` to its
commands. Nothing is imported here, so ``huzhu check`` does not load a web stack.
"""
