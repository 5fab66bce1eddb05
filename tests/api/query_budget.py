"""Query budgets shared by the API's query-count tests."""

# What the user rate limit costs per request with the shared database cache (docs/configuration.md): read the count;
# count the entries (culling); a savepoint around reading and writing the new count. Constant: it does not grow with rows.
THROTTLE_QUERIES = 6
