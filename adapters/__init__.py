"""The bridge between nonebot2 and the core; the only package that imports nonebot.

Load it into any nonebot bot with ``nonebot.load_plugin("huzhu.adapters.bridge")``.
"""
