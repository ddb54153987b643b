import logging


class RefusalsOnOneLine(logging.Filter):
    """A refusal (a 403, a 404) is the app working as it should: one line in the log, not a
    traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
