"""The project's error types: bad input is reported, never a crash."""


class InputError(ValueError):
    """Input that cannot be used, with a message that says what and where.

    ``where`` locates the problem for the user: a file name, a sheet, a row, a
    column, or a setting name. ``str(error)`` gives the full message.
    """

    def __init__(self, message: str, *, where: str = "") -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)
