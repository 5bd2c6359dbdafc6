"""Calls as the rest of the tracker sees them: one view of a call with its derived state, one
filter value, and the queries that read them."""
