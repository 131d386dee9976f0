"""Qt item models over domain records; data is pushed in, they never call the API."""
