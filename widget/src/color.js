// Colours derived from the clinic's primary colour so that every text meets
// WCAG AA (4.5:1) whatever colour the clinic picks.

export const DEFAULT_PRIMARY = "#0b5c6b";

/** [r, g, b] (0-255) for #rgb, #rrggbb or rgb(r, g, b); null otherwise. */
export function parseColor(value) {
  const text = String(value || "").trim().toLowerCase();
  let match = /^#([0-9a-f]{3})$/.exec(text);
  if (match) return match[1].split("").map((c) => parseInt(c + c, 16));
  match = /^#([0-9a-f]{6})$/.exec(text);
  if (match) return [0, 2, 4].map((i) => parseInt(match[1].slice(i, i + 2), 16));
  match = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/.exec(text);
  if (match) {
    const rgb = match.slice(1, 4).map(Number);
    return rgb.every((v) => v <= 255) ? rgb : null;
  }
  return null;
}

export function toHex(rgb) {
  return `#${rgb.map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, "0")).join("")}`;
}

function channel(value) {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function luminance(rgb) {
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

export function contrast(a, b) {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}

function mix(rgb, target, amount) {
  return rgb.map((v, i) => v + (target[i] - v) * amount);
}

const WHITE = [255, 255, 255];
const INK = [17, 24, 39];
const BLACK = [0, 0, 0];

/**
 * The theme for a primary colour:
 *  primary      background of the header, the visitor's bubbles, the launcher
 *  onPrimary    text on primary: white, else near-black, else black (one of
 *               white and black always reaches 4.5:1)
 *  primaryText  primary used as text/borders on white and light grey
 *               (darkened until it reaches 4.5:1 against #f6f8fa)
 *  tint         a very light primary for hover backgrounds
 */
export function theme(value) {
  const primary = parseColor(value) || parseColor(DEFAULT_PRIMARY);
  let onPrimary = [WHITE, INK].find((candidate) => contrast(primary, candidate) >= 4.5);
  if (!onPrimary) onPrimary = contrast(primary, WHITE) >= contrast(primary, BLACK) ? WHITE : BLACK;
  const lightSurface = [246, 248, 250];
  let text = primary;
  for (let step = 0; step < 40 && contrast(text, lightSurface) < 4.6; step += 1) {
    text = mix(text, [0, 0, 0], 0.08);
  }
  return {
    primary: toHex(primary),
    onPrimary: toHex(onPrimary),
    primaryText: toHex(text),
    tint: toHex(mix(primary, WHITE, 0.9)),
  };
}
