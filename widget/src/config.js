// Reads the widget's settings: the clinic's from the server, overridden by
// the embedding <script> tag's data attributes.
import { DEFAULT_PRIMARY, parseColor } from "./color.js";
import { stringsFor } from "./i18n.js";

function clean(value, max = 500) {
  if (typeof value !== "string") return "";
  return value.replace(/\s+/g, " ").trim().slice(0, max);
}

/**
 * The server URL splits into what socket.io-client needs: the origin to
 * connect to and the socket.io path. "https://bot.example/rasa" means the
 * socket lives at https://bot.example/rasa/socket.io (a reverse proxy prefix),
 * not the socket.io namespace "/rasa".
 */
export function parseServer(value, fallbackBase) {
  let url;
  try {
    url = new URL(value || fallbackBase);
  } catch (error) {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const prefix = url.pathname.replace(/\/+$/, "");
  return { origin: url.origin, path: `${prefix}/socket.io`, url: `${url.origin}${prefix}` };
}

// What the server's settings may set (channels/widget_settings.py names them
// as the data attributes); never data-server or data-socket-path.
const SERVER_SETTINGS = ["title", "phone", "emergencyNumber", "callNumbers", "privacyNotice"];
export const SETTINGS_TIMEOUT_MS = 5000;

/**
 * The clinic's settings from `<server>/webhooks/socketio/settings`, or {} when
 * they cannot be had (server down, refused origin, bad answer): the widget
 * then starts with its neutral defaults and never makes up a phone number.
 */
export async function fetchSettings(server, { fetchImpl = globalThis.fetch, timeoutMs = SETTINGS_TIMEOUT_MS } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const answer = await fetchImpl(`${server.url}/webhooks/socketio/settings`, {
      credentials: "omit",
      signal: controller.signal,
    });
    if (!answer.ok) return {};
    const body = await answer.json();
    const settings = {};
    for (const key of SERVER_SETTINGS) {
      if (body && typeof body[key] === "string") settings[key] = body[key];
    }
    return settings;
  } catch (error) {
    return {};
  } finally {
    clearTimeout(timer);
  }
}

export function readConfig(dataset, { pageLang = "", scriptSrc = "", pageUrl = "" } = {}) {
  const data = dataset || {};
  const { lang, strings } = stringsFor(clean(data.lang) || pageLang || "en");
  let fallback = "";
  try {
    fallback = new URL(scriptSrc || pageUrl).origin;
  } catch (error) {
    fallback = "";
  }
  const server = parseServer(clean(data.server), fallback);
  const socketPath = clean(data.socketPath);
  if (server && socketPath.startsWith("/")) server.path = socketPath;

  const title = clean(data.title, 80);
  const color = clean(data.primaryColor, 40);
  let suggestions = strings.suggestionsDefault;
  if (typeof data.suggestions === "string") {
    suggestions = data.suggestions
      .split("|")
      .map((item) => clean(item, 80))
      .filter(Boolean)
      .slice(0, 6);
  }
  return {
    server,
    lang,
    strings,
    title: title || strings.defaultTitle,
    namedTitle: Boolean(title),
    primaryColor: parseColor(color) ? color : DEFAULT_PRIMARY,
    privacyNotice: clean(data.privacyNotice, 1000) || strings.privacyNotice,
    phone: clean(data.phone, 40),
    emergencyNumber: clean(data.emergencyNumber, 20),
    // The crisis, abuse and on-call lines' numbers ("988|(555) 010-4499"): linked where a message gives them.
    callNumbers: (typeof data.callNumbers === "string" ? data.callNumbers.split("|") : [])
      .map((item) => clean(item, 40))
      .filter(Boolean)
      .slice(0, 8),
    greeting: clean(data.greeting, 300),
    suggestions,
    position: clean(data.position) === "left" ? "left" : "right",
  };
}
