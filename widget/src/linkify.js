// Splits message text into plain-text and link tokens. The widget turns tokens
// into text nodes and <a> elements; message text is never parsed as HTML.

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'"\]}>*_]$/;

function trimUrl(candidate) {
  let url = candidate;
  for (;;) {
    if (url.endsWith(")")) {
      const open = url.split("(").length - 1;
      const close = url.split(")").length - 1;
      if (close > open) {
        url = url.slice(0, -1);
        continue;
      }
      break;
    }
    if (TRAILING.test(url)) {
      url = url.slice(0, -1);
      continue;
    }
    break;
  }
  return url;
}

/** A safe absolute http(s) URL for an href, or null. */
export function safeHref(value) {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (error) {
    return null;
  }
}

/** A tel: href for a phone number as written ("(555) 010-4477" -> "tel:5550104477"). */
export function telHref(number) {
  const digits = String(number || "").replace(/[^\d+]/g, "");
  return digits.replace(/\+/g, "").length >= 2 ? `tel:${digits}` : null;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function splitPhones(text, phones) {
  const wanted = phones.filter((phone) => phone && telHref(phone));
  if (!wanted.length) return [{ type: "text", text }];
  const pattern = new RegExp(
    `(^|[^\\w+])(${wanted.map(escapeRegExp).sort((a, b) => b.length - a.length).join("|")})(?![\\w])`,
    "g"
  );
  const tokens = [];
  let last = 0;
  let match;
  while ((match = pattern.exec(text))) {
    const start = match.index + match[1].length;
    if (start > last) tokens.push({ type: "text", text: text.slice(last, start) });
    tokens.push({ type: "link", text: match[2], href: telHref(match[2]), tel: true });
    last = start + match[2].length;
  }
  if (last < text.length) tokens.push({ type: "text", text: text.slice(last) });
  return tokens;
}

/**
 * Tokens of a message: {type: "text", text} and {type: "link", text, href}.
 * http(s) URLs become links; so do the clinic's configured phone numbers.
 */
export function tokenize(text, phones = []) {
  const source = String(text == null ? "" : text);
  const tokens = [];
  let last = 0;
  let match;
  URL_PATTERN.lastIndex = 0;
  while ((match = URL_PATTERN.exec(source))) {
    const url = trimUrl(match[0]);
    const href = safeHref(url);
    if (!href || url.length <= "https://".length) continue;
    if (match.index > last) tokens.push(...splitPhones(source.slice(last, match.index), phones));
    tokens.push({ type: "link", text: url, href });
    last = match.index + url.length;
    URL_PATTERN.lastIndex = last;
  }
  if (last < source.length) tokens.push(...splitPhones(source.slice(last), phones));
  return tokens.filter((token) => token.text !== "");
}
