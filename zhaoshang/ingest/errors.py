class IngestError(Exception):
    """A document that cannot be ingested; the message (Chinese) is shown to the user as is."""
