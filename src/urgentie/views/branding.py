"""The app's favicon, drawn in code so no icon is fetched from a CDN.

Streamlit turns ``:material/…:`` page icons into a favicon URL on Google's font CDN, which fails
offline (and leaks every visit). A small image made here is served by Streamlit itself.
"""

from __future__ import annotations

import streamlit as st
from PIL import Image, ImageDraw

PRIMARY = "#1f4e79"
ACCENT = "#e07b39"


@st.cache_resource
def favicon() -> Image.Image:
    """A 64×64 map pin: dark blue pin, orange dot."""
    size = 64
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((12, 4, 52, 44), fill=PRIMARY)
    draw.polygon([(16, 34), (48, 34), (32, 62)], fill=PRIMARY)
    draw.ellipse((24, 16, 40, 32), fill=ACCENT)
    return image
