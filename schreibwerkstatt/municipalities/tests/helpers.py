from django.urls import reverse


def object_url(name: str, obj) -> str:
    """The municipalities page `name` of a membership, invitation or support access."""
    return reverse(f"municipalities:{name}", kwargs={"slug": obj.municipality.slug, "pk": obj.pk})
