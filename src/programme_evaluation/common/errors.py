"""The one base of every error whose message is the whole story for the user.

A pipeline step catches this base alone and prints the message without a traceback; the step
need not import (and so load) every module that may raise one.
"""


class PipelineError(Exception):
    """An expected failure: bad input, a configuration mistake, a report that cannot be made."""


class ConfigError(PipelineError, ValueError):
    """A configuration mistake, named by its file and key."""
