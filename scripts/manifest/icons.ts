/**
 * The Teams app icons, drawn in code: a shield with a check mark.
 * - color.png: 192×192, full colour, on the accent colour (Teams crops it to a rounded square).
 * - outline.png: 32×32, white on transparent only, as Teams requires for the outline icon.
 */
import { encodePng, type RgbaImage } from './png';

type Rgb = readonly [number, number, number];
/** The manifest's accentColor, #0F6CBD. */
export const ACCENT: Rgb = [0x0f, 0x6c, 0xbd];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SUPERSAMPLES = 4;

/** Inside a shield spanning [left, right] × [top, bottom] of the unit square? */
function inShield(x: number, y: number, inset = 0): boolean {
  const top = 0.14 + inset;
  const bottom = 0.9 - inset * 1.6;
  const shoulder = 0.5;
  const halfWidth = 0.33 - inset;
  if (y < top || y > bottom || halfWidth <= 0) return false;
  const width = y <= shoulder ? halfWidth : halfWidth * Math.sqrt((bottom - y) / (bottom - shoulder));
  return Math.abs(x - 0.5) <= width;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function onCheckMark(x: number, y: number, halfStroke: number): boolean {
  return distanceToSegment(x, y, 0.37, 0.5, 0.47, 0.61) <= halfStroke || distanceToSegment(x, y, 0.47, 0.61, 0.65, 0.39) <= halfStroke;
}

/** Renders `shade(x, y)` (unit coordinates → colour + coverage) with anti-aliasing by supersampling. */
function render(size: number, shade: (x: number, y: number) => { rgb: Rgb; alpha: number }): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  const samples = SUPERSAMPLES * SUPERSAMPLES;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLES; sy += 1) {
        for (let sx = 0; sx < SUPERSAMPLES; sx += 1) {
          const { rgb, alpha } = shade((px + (sx + 0.5) / SUPERSAMPLES) / size, (py + (sy + 0.5) / SUPERSAMPLES) / size);
          r += rgb[0] * alpha;
          g += rgb[1] * alpha;
          b += rgb[2] * alpha;
          a += alpha;
        }
      }
      const offset = (py * size + px) * 4;
      // Colour is averaged over covered samples only (straight, not premultiplied, alpha).
      pixels[offset] = a > 0 ? Math.round(r / a) : 0;
      pixels[offset + 1] = a > 0 ? Math.round(g / a) : 0;
      pixels[offset + 2] = a > 0 ? Math.round(b / a) : 0;
      pixels[offset + 3] = Math.round((a / samples) * 255);
    }
  }
  return { width: size, height: size, pixels };
}

export function colorIcon(): Buffer {
  return encodePng(
    render(192, (x, y) => {
      if (onCheckMark(x, y, 0.035) && inShield(x, y)) return { rgb: ACCENT, alpha: 1 };
      if (inShield(x, y)) return { rgb: WHITE, alpha: 1 };
      return { rgb: ACCENT, alpha: 1 };
    }),
  );
}

export function outlineIcon(): Buffer {
  return encodePng(
    render(32, (x, y) => {
      const ring = inShield(x, y) && !inShield(x, y, 0.07);
      return ring || (onCheckMark(x, y, 0.04) && inShield(x, y)) ? { rgb: WHITE, alpha: 1 } : { rgb: WHITE, alpha: 0 };
    }),
  );
}
