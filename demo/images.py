"""Illustrations for the demo stories, drawn locally with Pillow (no network, no stock)."""

import random
from io import BytesIO

from PIL import Image, ImageDraw

PALETTE = ["#0b6e69", "#f2a541", "#e4572e", "#1d2a3a", "#76b041", "#5c7aa6", "#f4efe6"]
SIZE = (1600, 900)


def _network(draw, rng, width, height):
    points = [(rng.randint(80, width - 80), rng.randint(80, height - 80)) for _ in range(26)]
    for index, (x, y) in enumerate(points):
        for other in points[index + 1 : index + 4]:
            draw.line([(x, y), other], fill=PALETTE[3], width=4)
    for x, y in points:
        radius = rng.randint(18, 46)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=rng.choice(PALETTE[:6]))


def _circles(draw, rng, width, height):
    for _ in range(40):
        x, y = rng.randint(0, width), rng.randint(0, height)
        radius = rng.randint(30, 160)
        draw.ellipse(
            [x - radius, y - radius, x + radius, y + radius],
            outline=rng.choice(PALETTE[:6]),
            width=rng.randint(6, 18),
        )


def _bars(draw, rng, width, height):
    count = 14
    gap = width // count
    for index in range(count):
        bar_height = rng.randint(height // 6, height - 120)
        x = index * gap + 30
        draw.rectangle([x, height - bar_height, x + gap - 50, height], fill=PALETTE[index % 6])


def _map(draw, rng, width, height):
    for _ in range(18):
        x, y = rng.randint(0, width), rng.randint(0, height)
        polygon = [
            (x + rng.randint(-220, 220), y + rng.randint(-160, 160))
            for _ in range(rng.randint(4, 7))
        ]
        draw.polygon(polygon, fill=rng.choice(PALETTE[:6]), outline=PALETTE[6])
    for _ in range(8):
        x, y = rng.randint(100, width - 100), rng.randint(100, height - 100)
        draw.ellipse([x - 16, y - 16, x + 16, y + 16], fill=PALETTE[6], outline=PALETTE[3], width=6)


def _blocks(draw, rng, width, height):
    cell = 100
    for x in range(0, width, cell):
        for y in range(0, height, cell):
            if rng.random() < 0.55:
                draw.rectangle([x + 8, y + 8, x + cell - 8, y + cell - 8], fill=rng.choice(PALETTE))


MOTIFS = {
    "network": _network,
    "circles": _circles,
    "bars": _bars,
    "map": _map,
    "blocks": _blocks,
}


def draw_illustration(motif, seed):
    """Return PNG bytes of a 1600x900 illustration; the same motif and seed give the same image."""
    rng = random.Random(seed)
    image = Image.new("RGB", SIZE, PALETTE[6])
    MOTIFS[motif](ImageDraw.Draw(image), rng, *SIZE)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
