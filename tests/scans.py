"""Scans made by the tests: PDF pages rendered to images (optionally turned and speckled) and
saved as an image-only PDF or as PNG files, the way a scanner or a phone leaves a back issue."""

from __future__ import annotations

import io
import random
from pathlib import Path


def page_images(pdf: Path, dpi: int, *, turn: float = 0.0, noise: float = 0.0, seed: int = 1) -> list:
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(str(pdf))
    images = []
    rng = random.Random(seed)
    for index in range(len(document)):
        image = document[index].render(scale=dpi / 72).to_pil().convert("L")
        if turn:
            image = image.rotate(turn, resample=Image.BICUBIC, expand=False, fillcolor=255)
        if noise:
            pixels = image.load()
            width, height = image.size
            for _ in range(int(noise * width * height)):
                x, y = rng.randrange(width), rng.randrange(height)
                pixels[x, y] = rng.choice((0, 255))
        images.append(image)
    document.close()
    return images


def image_only_pdf(images: list, dpi: int) -> bytes:
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()
