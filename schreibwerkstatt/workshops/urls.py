from django.urls import path  # noqa: F401  (the sections below add their paths)

app_name = "workshops"

urlpatterns = [
    # The calendar and the series pages (views/public.py) -----------------------------------
    # A municipality's registration and its participants (views/registration.py) ------------
    # The organisers' pages (views/organiser.py) ---------------------------------------------
    # Calendar feeds and the news about new dates (views/feeds.py) ----------------------------
]
