from enum import StrEnum


class Plan(StrEnum):
    ENTERPRISE = "enterprise"
    PROFESSIONAL = "professional"
    STARTER = "starter"
    TRIAL = "trial"

    def __str__(self) -> str:
        return str(self.value)
