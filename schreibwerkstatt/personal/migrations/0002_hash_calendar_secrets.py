"""Calendar secrets were stored as they are; from now on only their SHA-256 digest is.

Existing subscriptions keep working: each stored secret is replaced by its digest, which is
what services.feed_owner now compares with. There is no way back to the plain secret, so
going back past this migration switches the subscriptions off (people create new ones).
"""

import hashlib

from django.db import migrations


def hash_secrets(apps, schema_editor):
    settings = apps.get_model("personal", "NotificationSettings")
    for row in settings.objects.exclude(feed_secret="").only("pk", "feed_secret"):
        row.feed_secret = hashlib.sha256(row.feed_secret.encode()).hexdigest()
        row.save(update_fields=["feed_secret"])


def switch_off(apps, schema_editor):
    settings = apps.get_model("personal", "NotificationSettings")
    settings.objects.exclude(feed_secret="").update(feed_key=None, feed_secret="", feed_created_at=None)


class Migration(migrations.Migration):
    dependencies = [("personal", "0001_initial")]

    operations = [migrations.RunPython(hash_secrets, switch_off, elidable=False)]
