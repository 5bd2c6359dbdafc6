"""E-mail subscriptions: addresses and filters, digests of what is new and what changed, sending over SMTP."""
