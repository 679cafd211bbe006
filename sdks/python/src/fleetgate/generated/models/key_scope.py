from enum import StrEnum


class KeyScope(StrEnum):
    GLOBAL = "global"
    SUBACCOUNT = "subaccount"

    def __str__(self) -> str:
        return str(self.value)
