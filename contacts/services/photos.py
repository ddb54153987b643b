"""Photos of people, to recognise them at the door."""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

LONGEST_SIDE = 800


def photo_normalised(uploaded) -> ContentFile:
    """The photo as a plain JPEG at most 800 pixels across: turned upright, and without what
    a phone writes into the file (where and when it was taken)."""
    with Image.open(uploaded) as image:
        upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    buffer = BytesIO()
    upright.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="photo.jpg")
