"""The strategy builder's pages, one module per section of a strategy (urls.py names
them). Views stay thin: forms validate, the access helpers in strategies/rules.py find the
objects (404/403), strategies/services.py writes."""
