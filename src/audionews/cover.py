"""A generated square cover (1400 px PNG) for shows that do not name one."""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont

SIZE = 1400


def generate_cover(title: str) -> bytes:
    seed = hashlib.sha256(title.encode("utf-8")).digest()
    top = (20 + seed[0] % 40, 40 + seed[1] % 60, 90 + seed[2] % 80)
    bottom = (200 + seed[3] % 55, 60 + seed[4] % 60, 40 + seed[5] % 40)
    img = Image.new("RGB", (SIZE, SIZE))
    draw = ImageDraw.Draw(img)
    for y in range(SIZE):
        f = y / (SIZE - 1)
        draw.line([(0, y), (SIZE, y)], fill=tuple(round(a + (b - a) * f) for a, b in zip(top, bottom, strict=True)))
    # a waveform of bars: the show's sound, drawn from its name
    bars, width = 28, SIZE * 0.7
    x0 = (SIZE - width) / 2
    for i in range(bars):
        h = 80 + (seed[(i + 6) % len(seed)] / 255) * 420
        x = x0 + i * width / bars
        draw.rounded_rectangle(
            [x, SIZE / 2 - h / 2, x + width / bars * 0.6, SIZE / 2 + h / 2], radius=12, fill=(255, 255, 255)
        )
    font = ImageFont.load_default(size=110)
    draw.text((SIZE / 2, SIZE * 0.86), "audionews", font=font, anchor="mm", fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
