import re


def accessible_svg(content: str, name: str) -> str:
    """The chart `name` of a page: an image labelled by its title and description, without
    inline styles (the CSP forbids them)."""
    svg = re.search(r"<svg[^>]*>.*?</svg>", content, re.S).group(0)
    assert 'role="img"' in svg and f'aria-labelledby="{name}-title {name}-desc"' in svg
    assert f'<title id="{name}-title">' in svg and f'<desc id="{name}-desc">' in svg
    assert "style=" not in svg
    return svg
