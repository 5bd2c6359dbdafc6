"""Calendar and feeds: each call's events with stable identity, the iCalendar writer and body,
and the HTTP server that publishes them."""
