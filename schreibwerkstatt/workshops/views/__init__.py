"""The workshops' pages, one module per audience: public.py (the calendar and the series
pages), registration.py (a municipality's registration and its participants), organiser.py
(the advisers' pages for series and sessions), feeds.py (calendar feeds and the news about
new dates)."""
