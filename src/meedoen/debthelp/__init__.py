"""The debt-help pathway (schuldhulpverlening): registration, intake, stabilisation, admission, settlement, aftercare."""
