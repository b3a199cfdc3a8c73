"""Deep-zoom tiles of a page: a pyramid of static JPEG tiles in one flat folder.

The page is rendered once from its print PDF at the top width (4096 px by default: 381 dpi on a
tabloid page, so 9 pt body type is ~48 px high and stays sharp at 800 % of a whole-page view);
every lower level halves it (Pillow's 2 × 2 box reduce). Each level is cut into square tiles,
named by the level's scale factor, column and row, all in the page's one folder:

```
tiles/page-01/t1_0_0.jpg     full resolution, top-left tile
tiles/page-01/t8_0_1.jpg     1/8 scale, second row
tiles/page-01/t16_0_0.jpg    the smallest level, one tile
```

The viewer reads them through an OpenSeadragon tile source defined inline from pages.json
(`getTileUrl`), so nothing is fetched but tiles and it works from file://. A flat folder is
one directory a page: linking an unchanged page's tiles into a new generation, and removing
the old one, costs one system call a file (the IIIF level-0 path layout, three folders a tile,
made rebuilds of a 24-page issue a second slower). Which tiles exist follows from the page
size alone (`TileGrid`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image

from layout.edition.web.images import encode_jpeg_plain


@dataclass(frozen=True, slots=True)
class Tile:
    """One tile: its level's scale factor, column and row, and its box in that level's pixels."""

    scale: int
    col: int
    row: int
    box: tuple[int, int, int, int]

    @property
    def name(self) -> str:
        """Its file name, in the build cache and in the page's tile folder."""
        return f"t{self.scale}_{self.col}_{self.row}.jpg"


@dataclass(frozen=True, slots=True)
class TileGrid:
    """The pyramid of one page: full size in px, tile size, and the scale factors 1, 2, 4 … up to
    the first level that fits in one tile."""

    width: int
    height: int
    tile_size: int

    @classmethod
    def for_page(cls, width_pt: float, height_pt: float, width_px: int,
                 tile_size: int) -> TileGrid:
        """The grid of a page `width_pt` × `height_pt` rendered `width_px` wide."""
        return cls(width_px, max(1, round(height_pt * width_px / width_pt)), tile_size)

    @property
    def scale_factors(self) -> tuple[int, ...]:
        out, scale = [], 1
        while True:
            out.append(scale)
            w, h = self.level_size(scale)
            if w < self.tile_size and h < self.tile_size:
                return tuple(out)
            scale *= 2

    def level_size(self, scale: int) -> tuple[int, int]:
        """A level's size in px: the full size divided by `scale`, rounded up (as clients do)."""
        return math.ceil(self.width / scale), math.ceil(self.height / scale)

    def tiles(self, scale: int) -> Iterator[Tile]:
        """The tiles of one level, row by row."""
        lw, lh = self.level_size(scale)
        ts = self.tile_size
        for row in range(math.ceil(lh / ts)):
            for col in range(math.ceil(lw / ts)):
                yield Tile(scale, col, row, (col * ts, row * ts, min(lw, (col + 1) * ts),
                                             min(lh, (row + 1) * ts)))

    def all_tiles(self) -> list[Tile]:
        return [t for s in self.scale_factors for t in self.tiles(s)]

    def as_json(self) -> dict:
        """The grid as pages.json records it."""
        return {"width": self.width, "height": self.height, "tile_size": self.tile_size,
                "scale_factors": list(self.scale_factors)}


@dataclass(frozen=True, slots=True)
class EncodedTile:
    tile: Tile
    data: bytes


def page_tiles(pdf: bytes, grid: TileGrid, gray: bool, quality: int) -> list[EncodedTile]:
    """Every tile of the first page of `pdf` (its trim box), encoded."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        tiles = render_tiles(page, grid, gray, quality)
        page.close()
        return tiles
    finally:
        doc.close()


def render_tiles(page, grid: TileGrid, gray: bool, quality: int) -> list[EncodedTile]:
    """Every tile of the pyramid, encoded. The full-size level is rendered one band of tiles
    at a time (a 4096 px colour page whole is ~170 MB of bitmaps; a band is 512 rows, and
    pdfium renders a band to the very pixels of the whole page when the crop is taken from
    its unrounded height); each band, halved, builds the level below, and every further level
    is reduced 2 × 2 from the one above."""
    tl, tb, tr, tt = page.get_trimbox()
    page.set_cropbox(tl, tb, tr, tt)
    scale = grid.width / (tr - tl)
    mode = "L" if gray else "RGB"
    factors = grid.scale_factors
    half = Image.new(mode, grid.level_size(factors[1])) if len(factors) > 1 else None
    out = []
    top_tiles = list(grid.tiles(factors[0]))
    for top in range(0, grid.height, grid.tile_size):
        rows = min(grid.tile_size, grid.height - top)
        band = _band(page, scale, (tt - tb) * scale, (top, rows), (grid.width, gray))
        for tile in (t for t in top_tiles if t.box[1] == top):
            x0, _, x1, y1 = tile.box
            out.append(EncodedTile(tile, encode_jpeg_plain(band.crop((x0, 0, x1, y1 - top)),
                                                           quality)))
        if half is not None:
            half.paste(band.reduce(2), (0, top // 2))
    image = half
    for n, factor in enumerate(factors[1:]):
        want = grid.level_size(factor)
        if n:
            image = image.reduce(2)
            if image.size != want:  # cannot happen with ceil sizes; kept as a guard
                image = image.resize(want, Image.Resampling.BOX)
        for tile in grid.tiles(factor):
            out.append(EncodedTile(tile, encode_jpeg_plain(image.crop(tile.box), quality)))
    return out


def _band(page, scale: float, height: float, rows: tuple[int, int],
          image: tuple[int, bool]) -> Image.Image:
    """Rows `top` … `top + count` of the page rendered at `scale`, exactly `width` wide."""
    top, count = rows
    width, gray = image
    crop = (0, max(0.0, (height - top - count) / scale), 0, top / scale)
    bitmap = page.render(scale=scale, crop=crop, grayscale=gray)
    band = bitmap.to_pil()
    bitmap.close()
    mode = "L" if gray else "RGB"
    if band.mode != mode:
        band = band.convert(mode)
    if band.size == (width, count):
        return band
    canvas = Image.new(mode, (width, count), 255 if gray else (255, 255, 255))
    canvas.paste(band.crop((0, 0, min(width, band.width), min(count, band.height))), (0, 0))
    return canvas
