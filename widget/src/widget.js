// The clinic chat widget: one <script> tag, Rasa's socket.io channel.
//
//   <script src="https://bot.clinic.example/widget.js"
//           data-server="https://bot.clinic.example"></script>
//
// Every piece of message text is inserted with textContent / text nodes; links
// are built as <a> elements from validated http(s) URLs. See docs/widget.md
// for every data- option.
import { io } from "socket.io-client";
import css from "./styles.css";
import { fetchSettings, readConfig } from "./config.js";
import { format } from "./i18n.js";
import { tokenize, telHref } from "./linkify.js";
import { theme } from "./color.js";
import { Store, isSessionId, sessionId, uuid4 } from "./storage.js";
import { ANSWER_TIMEOUT_MS, Outbox } from "./outbox.js";
import { Delivered } from "./delivered.js";

/* global __WIDGET_VERSION__ */
const VERSION = typeof __WIDGET_VERSION__ === "string" ? __WIDGET_VERSION__ : "dev";
const MAX_HISTORY = 100;
// The classifier reads 1,000 characters (docs/input-limits.md): a longer message
// is never cut here; the counter shows from WARN_INPUT on and sending waits
// until the visitor has shortened it.
const MAX_INPUT = 1000;
const WARN_INPUT = 800;
const FIRST_CONNECT_GRACE_MS = 6000;
const RECONNECT_GRACE_MS = 10000;
const TYPING_TIMEOUT_MS = 25000;

// ---- DOM helpers (no HTML parsing anywhere) --------------------------------

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child == null || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
// Stroke icons (24x24), in the style of Feather icons (MIT).
const ICONS = {
  chat: ["M21 11.5a8.38 8.38 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.38 8.38 0 0 1-3.8-.9L3 21l1.9-5.7a8.38 8.38 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.38 8.38 0 0 1 3.8-.9h.5a8.48 8.48 0 0 1 8 8v.5z"],
  close: ["M18 6 6 18", "M6 6l12 12"],
  down: ["M6 9l6 6 6-6"],
  send: ["M22 2 11 13", "M22 2 15 22 11 13 2 9z"],
  phone: ["M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72 12.84 12.84 0 0 0 .7 2.81 2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 6 6l1.27-1.27a2 2 0 0 1 2.11-.45 12.84 12.84 0 0 0 2.81.7A2 2 0 0 1 22 16.92z"],
  alert: ["M10.29 3.86 1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0z", "M12 9v4", "M12 17h.01"],
  team: ["M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2", "M9 3a4 4 0 1 0 0 8 4 4 0 0 0 0-8z", "M23 21v-2a4 4 0 0 0-3-3.87", "M16 3.13a4 4 0 0 1 0 7.75"],
  offline: ["M1 1l22 22", "M16.72 11.06A10.94 10.94 0 0 1 19 12.55", "M5 12.55a10.94 10.94 0 0 1 5.17-2.39", "M10.71 5.05A16 16 0 0 1 22.58 9", "M1.42 9a15.91 15.91 0 0 1 4.7-2.88", "M8.53 16.11a6 6 0 0 1 6.95 0", "M12 20h.01"],
  lock: ["M5 11h14a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2z", "M7 11V7a5 5 0 0 1 10 0v4"],
  refresh: ["M23 4v6h-6", "M20.49 15a9 9 0 1 1-2.12-9.36L23 10"],
};

function icon(name, className) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "2");
  svg.setAttribute("stroke-linecap", "round");
  svg.setAttribute("stroke-linejoin", "round");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  if (className) svg.setAttribute("class", className);
  for (const d of ICONS[name]) {
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

/** Appends a template's text with {name} placeholders replaced by nodes. */
function appendTemplate(parent, template, nodes) {
  const parts = template.split(/(\{\w+\})/);
  for (const part of parts) {
    const key = /^\{(\w+)\}$/.exec(part);
    if (key && nodes[key[1]]) parent.append(nodes[key[1]]);
    else if (part) parent.append(document.createTextNode(part));
  }
  return parent;
}

function initials(title) {
  const words = title.split(/\s+/).filter((w) => /^[\p{L}\p{N}]/u.test(w));
  return words
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join("");
}

function normaliseReplies(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((item) => item && typeof item.title === "string" && item.title.trim())
    .map((item) => ({
      title: item.title.slice(0, 120),
      payload: typeof item.payload === "string" && item.payload ? item.payload.slice(0, MAX_INPUT) : item.title.slice(0, 120),
    }))
    .slice(0, 10);
}

function validEntry(entry) {
  if (!entry || typeof entry !== "object") return false;
  if (entry.k === "u" || entry.k === "b") return typeof entry.t === "string";
  if (entry.k === "h") return entry.h && typeof entry.h === "object";
  return false;
}

// ---- the widget --------------------------------------------------------------

export class ChatWidget {
  constructor(config) {
    this.config = config;
    this.s = config.strings;
    this.store = new Store(`clinic-chat:${config.server.url}`);
    this.sessionId = sessionId(this.store);
    const saved = this.store.getJSON("transcript", []);
    this.transcript = Array.isArray(saved) ? saved.filter(validEntry).slice(-MAX_HISTORY) : [];
    this.privacyAccepted = this.store.get("privacy") === "1";
    this.privacyForced = false;
    this.socket = null;
    this.state = "idle";
    this.ready = false;
    this.everConnected = false;
    this.failures = 0;
    this.outbox = new Outbox();
    this.delivered = new Delivered(this.store);
    this.unread = 0;
    this.lastAsked = null; // the row of the visitor's latest message (scrollToEnd)
    this.isOpen = false;
    this.timers = {};
    // The clinic's numbers, and the crisis, abuse and on-call lines' (tel: links where a message gives them).
    this.phones = [config.phone, config.emergencyNumber, ...(config.callNumbers || [])].filter(Boolean);
  }

  // -- building ---------------------------------------------------------------

  mount(parent = document.body) {
    const { s, config } = this;
    this.host = el("div", { id: "clinic-chat-widget", "data-version": VERSION });
    const shadow = this.host.attachShadow({ mode: "open" });
    this.shadow = shadow;
    if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.append(el("style", { text: css }));
    }

    const colours = theme(config.primaryColor);
    this.root = el("div", { class: `cc-root cc-state-idle${config.position === "left" ? " cc-left" : ""}`, lang: config.lang });
    this.root.style.setProperty("--cc-primary", colours.primary);
    this.root.style.setProperty("--cc-on-primary", colours.onPrimary);
    this.root.style.setProperty("--cc-primary-text", colours.primaryText);
    this.root.style.setProperty("--cc-tint", colours.tint);

    // header
    const avatarText = config.namedTitle ? initials(config.title) : "";
    this.statusText = el("span", { text: s.statusConnecting });
    this.closeButton = el("button", { type: "button", class: "cc-icon-btn cc-close", "aria-label": s.closeChat, onclick: () => this.close() }, [icon("close")]);
    const header = el("header", { class: "cc-header" }, [
      el("div", { class: "cc-avatar", "aria-hidden": "true" }, [avatarText || icon("chat")]),
      el("div", { class: "cc-heading" }, [
        el("h2", { class: "cc-title", id: "cc-title", text: config.title }),
        el("p", { class: "cc-status" }, [el("span", { class: "cc-dot", "aria-hidden": "true" }), this.statusText]),
      ]),
      this.closeButton,
    ]);

    this.reconnectBar = el("div", { class: "cc-reconnecting", role: "status", hidden: true }, [icon("refresh"), el("span", { text: s.reconnecting })]);

    // transcript: the live region
    this.log = el("div", {
      class: "cc-log",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions",
      "aria-label": s.conversation,
      tabindex: "0",
    });

    // offline card
    this.offline = el("div", { class: "cc-offline", role: "alert", hidden: true });

    // composer
    this.input = el("textarea", {
      id: "cc-input",
      class: "cc-input",
      rows: "1",
      placeholder: s.inputPlaceholder,
      "aria-describedby": "cc-count",
      autocomplete: "off",
      enterkeyhint: "send",
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener("input", () => {
      this.autosize();
      this.updateCount();
    });
    this.counter = el("p", { class: "cc-count", id: "cc-count", "aria-live": "polite", hidden: true });
    this.sendButton = el("button", { type: "submit", class: "cc-send", "aria-label": s.send }, [icon("send")]);
    this.composer = el(
      "form",
      {
        class: "cc-composer",
        onsubmit: (event) => {
          event.preventDefault();
          this.submit();
        },
      },
      [
        el("label", { class: "cc-sr", for: "cc-input", text: s.inputLabel }),
        this.input,
        this.sendButton,
        this.counter,
      ]
    );

    const footerItems = [el("button", { type: "button", class: "cc-link-btn", text: s.privacyLink, onclick: () => this.showPrivacy() })];
    if (config.emergencyNumber) {
      const tel = telHref(config.emergencyNumber);
      const number = tel ? el("a", { href: tel, text: config.emergencyNumber }) : el("strong", { text: config.emergencyNumber });
      footerItems.push(appendTemplate(el("span", { class: "cc-emergency" }), s.emergencyLine, { number }));
    }
    this.footer = el("div", { class: "cc-footer" }, footerItems);

    // privacy notice
    this.privacyButton = el("button", { type: "button", class: "cc-primary-btn", text: s.privacyOk, onclick: () => this.acceptPrivacy() });
    this.scrim = el("div", { class: "cc-scrim", hidden: true });
    this.sheet = el("div", { class: "cc-sheet", role: "group", "aria-labelledby": "cc-privacy-title", hidden: true }, [
      el("div", { class: "cc-sheet-head" }, [icon("lock"), el("h3", { id: "cc-privacy-title", text: s.privacyTitle })]),
      el("p", { class: "cc-privacy-text", text: config.privacyNotice }),
      this.privacyButton,
    ]);

    this.main = el("div", { class: "cc-main" }, [this.log, this.offline, this.composer, this.footer, this.scrim, this.sheet]);
    this.panel = el(
      "section",
      { class: "cc-panel", id: "cc-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "cc-title", hidden: true },
      [header, this.reconnectBar, this.main]
    );

    this.badge = el("span", { class: "cc-badge", "aria-hidden": "true", hidden: true });
    this.launcher = el(
      "button",
      { type: "button", class: "cc-launcher", "aria-controls": "cc-panel", "aria-expanded": "false", onclick: () => this.toggle() },
      [icon("chat", "cc-when-closed"), icon("down", "cc-when-open"), this.badge]
    );

    this.root.append(this.panel, this.launcher);
    this.root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.isOpen) {
        event.preventDefault();
        event.stopPropagation();
        if (this.privacyForced) this.hidePrivacy();
        else this.close();
      }
    });
    shadow.append(this.root);
    parent.append(this.host);
    this.fitToViewport();

    this.renderAll();
    this.updateLauncher();
    this.setState("idle");
    // A returning visitor connects at once, so that replies the clinic team
    // sends while the panel is closed still arrive (and show as unread).
    if (this.transcript.length) this.connect();
    return this;
  }

  /**
   * On a phone whose keyboard is up, the full-screen panel (styles.css: below
   * 480 px wide or 500 px high) fits the part of the screen left above it, so
   * the message box and the latest messages stay in view. Pinch zoom is left alone.
   */
  fitToViewport() {
    const viewport = window.visualViewport;
    if (!viewport) return;
    const fit = () => {
      const log = this.log;
      const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
      const covered = Math.abs(viewport.scale - 1) < 0.01 && window.innerHeight - viewport.height > 1;
      this.root.classList.toggle("cc-fit", covered);
      if (covered) {
        this.root.style.setProperty("--cc-vv-height", `${Math.round(viewport.height)}px`);
        this.root.style.setProperty("--cc-vv-top", `${Math.round(viewport.offsetTop)}px`);
      }
      if (atEnd) log.scrollTop = log.scrollHeight;
    };
    viewport.addEventListener("resize", fit);
    viewport.addEventListener("scroll", fit);
  }

  // -- open / close -------------------------------------------------------------

  toggle() {
    if (this.isOpen) this.close();
    else this.open();
  }

  open() {
    if (this.isOpen) return;
    this.isOpen = true;
    this.panel.hidden = false;
    this.root.classList.add("cc-open");
    this.unread = 0;
    this.updateLauncher();
    this.connect();
    this.renderPrivacy();
    this.scrollToEnd();
    if (this.privacyVisible()) this.privacyButton.focus();
    else this.input.focus();
  }

  close() {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.privacyForced = false;
    this.panel.hidden = true;
    this.root.classList.remove("cc-open");
    this.updateLauncher();
    this.launcher.focus();
  }

  updateLauncher() {
    const { s, config } = this;
    this.launcher.setAttribute("aria-expanded", String(this.isOpen));
    let label = format(s.openChat, { title: config.title });
    if (this.isOpen) label = s.closeChat;
    else if (this.unread) label = format(s.openChatUnread, { title: config.title, count: this.unread });
    this.launcher.setAttribute("aria-label", label);
    this.badge.hidden = this.isOpen || !this.unread;
    this.badge.textContent = this.unread > 9 ? "9+" : String(this.unread);
  }

  // -- privacy notice -------------------------------------------------------------

  privacyVisible() {
    return !this.privacyAccepted || this.privacyForced;
  }

  renderPrivacy() {
    const visible = this.privacyVisible();
    this.sheet.hidden = !visible;
    this.scrim.hidden = !visible;
    for (const node of [this.log, this.offline, this.composer, this.footer]) {
      if (visible) node.setAttribute("inert", "");
      else node.removeAttribute("inert");
    }
  }

  acceptPrivacy() {
    this.privacyAccepted = true;
    this.privacyForced = false;
    this.store.set("privacy", "1");
    this.renderPrivacy();
    this.input.focus();
  }

  showPrivacy() {
    this.privacyForced = true;
    this.renderPrivacy();
    this.privacyButton.focus();
  }

  hidePrivacy() {
    this.privacyForced = false;
    if (!this.privacyAccepted) return;
    this.renderPrivacy();
    this.input.focus();
  }

  // -- connection -------------------------------------------------------------------

  connect() {
    if (this.socket) return;
    const { server } = this.config;
    const socket = io(server.origin, {
      path: server.path,
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      timeout: 8000,
    });
    this.socket = socket;
    this.setState("connecting");
    this.startTimer("grace", FIRST_CONNECT_GRACE_MS, () => {
      if (!this.ready) this.setState("offline");
    });

    socket.on("connect", () => {
      // `seen`: the server sends again what the clinic wrote while this page was closed (delivered.js).
      socket.emit("session_request", { session_id: this.sessionId, seen: this.delivered.seen() });
    });
    socket.on("session_confirm", (confirmed) => {
      const id = typeof confirmed === "string" ? confirmed : confirmed && confirmed.session_id;
      if (isSessionId(id) && id !== this.sessionId) {
        this.delivered.clear();
        this.sessionId = id;
        this.store.set("session", id);
      }
      this.ready = true;
      this.everConnected = true;
      this.failures = 0;
      this.stopTimer("grace");
      this.setState("online");
      this.flush();
    });
    socket.on("bot_uttered", (message) => this.receive(message));
    socket.on("disconnect", (reason) => {
      this.ready = false;
      this.hideTyping();
      if (reason === "io client disconnect") return;
      if (reason === "io server disconnect") socket.connect();
      this.setState(this.everConnected ? "reconnecting" : "connecting");
      this.startTimer("grace", this.everConnected ? RECONNECT_GRACE_MS : FIRST_CONNECT_GRACE_MS, () => {
        if (!this.ready) this.setState("offline");
      });
    });
    socket.on("connect_error", () => {
      this.failures += 1;
      if (this.failures >= (this.everConnected ? 3 : 2)) this.setState("offline");
    });
  }

  retry() {
    if (!this.socket) return this.connect();
    this.failures = 0;
    this.setState(this.everConnected ? "reconnecting" : "connecting");
    this.socket.disconnect();
    this.socket.connect();
    this.startTimer("grace", FIRST_CONNECT_GRACE_MS, () => {
      if (!this.ready) this.setState("offline");
    });
  }

  startTimer(name, ms, fn) {
    this.stopTimer(name);
    this.timers[name] = setTimeout(fn, ms);
  }

  stopTimer(name) {
    clearTimeout(this.timers[name]);
    delete this.timers[name];
  }

  setState(state) {
    if (state === "offline" && this.ready) return;
    this.state = state;
    this.root.className = this.root.className.replace(/cc-state-\w+/, `cc-state-${state}`);
    const { s } = this;
    this.statusText.textContent = {
      idle: s.statusOnline,
      connecting: s.statusConnecting,
      online: s.statusOnline,
      reconnecting: s.statusReconnecting,
      offline: s.statusOffline,
    }[state];
    this.reconnectBar.hidden = state !== "reconnecting";
    if (state === "offline") this.renderOffline();
    this.offline.hidden = state !== "offline";
    // The offline card and the reconnecting bar take room from the log: keep
    // the newest message in view.
    if (state === "offline" || state === "reconnecting") this.scrollToEnd();
  }

  renderOffline() {
    const { s, config } = this;
    const body = el("div", { class: "cc-offline-body" }, [el("strong", { text: s.offlineTitle })]);
    const actions = el("div", { class: "cc-offline-actions" });
    const tel = telHref(config.phone);
    if (config.phone) {
      body.append(el("p", {}, [`${s.offlineCall} `, tel ? el("a", { href: tel, text: config.phone }) : el("strong", { text: config.phone }), "."]));
      if (tel) actions.append(el("a", { class: "cc-phone", href: tel }, [icon("phone"), format(s.callNumber, { number: config.phone })]));
    } else {
      body.append(el("p", { text: s.offlineLater }));
    }
    actions.append(el("button", { type: "button", class: "cc-retry", text: s.retry, onclick: () => this.retry() }));
    body.append(actions);
    this.offline.replaceChildren(icon("offline"), body);
  }

  // -- sending --------------------------------------------------------------------------

  submit() {
    const text = this.input.value;
    if (!text.trim()) {
      this.input.focus();
      return;
    }
    if (text.trim().length > MAX_INPUT) {
      // Never cut: the text stays in the box and the counter says why it waits.
      this.updateCount(true);
      this.input.focus();
      return;
    }
    this.input.value = "";
    this.autosize();
    this.updateCount();
    this.send(text);
    this.input.focus();
  }

  /** The counter under the box: characters left from WARN_INPUT on, a warning over MAX_INPUT. */
  updateCount(refused = false) {
    const count = this.input.value.trim().length;
    const over = count > MAX_INPUT;
    this.counter.hidden = count < WARN_INPUT;
    const text = over
      ? format(this.s.inputTooLong, { count: count.toLocaleString(this.config.lang), max: MAX_INPUT.toLocaleString(this.config.lang) })
      : format(this.s.inputLeft, { left: MAX_INPUT - count });
    // Announced when it turns into the warning (and on a refused send), not on every key.
    if (over !== this.counterOver || refused) {
      this.counter.setAttribute("role", over ? "alert" : "status");
    }
    this.counterOver = over;
    if (this.counter.textContent !== text || refused) this.counter.textContent = text;
    this.counter.classList.toggle("cc-count-over", over);
    this.composer.classList.toggle("cc-too-long", over);
    if (over) this.input.setAttribute("aria-invalid", "true");
    else this.input.removeAttribute("aria-invalid");
    this.sendButton.setAttribute("aria-disabled", over ? "true" : "false");
  }

  send(payload, shown) {
    const text = String(payload).trim().slice(0, MAX_INPUT);
    if (!text) return;
    this.clearReplies();
    const entry = { k: "u", t: (shown || text).slice(0, MAX_INPUT) };
    const row = this.add(entry);
    const turn = this.outbox.add(text, { row, entry });
    this.connect();
    if (this.ready) this.emit(turn);
    else this.markWaiting(turn, this.s.notSent);
  }

  /** One send of `turn`; without an acknowledgement it is sent again (outbox.js). */
  emit(turn) {
    const payload = this.outbox.sending(turn, this.sessionId);
    this.socket.timeout(ANSWER_TIMEOUT_MS).emit("user_uttered", payload, (error, ack) => {
      // The server did not read it (over the conversation's rate, or too long;
      // channels/socketio.py): not sent again by itself, but marked, with a
      // button, so that no message looks sent that was lost.
      if (!error && ack && typeof ack === "object" && ack.read === false) {
        if (this.outbox.settled(turn, true) === "dropped") return;
        this.markNotRead(turn, ack.reason);
        if (!this.outbox.turns.some((other) => other.waiting)) this.hideTyping();
        return;
      }
      const next = this.outbox.settled(turn, !error);
      if (next === "again" && this.ready) this.emit(turn);
      else if (next === "again") this.markWaiting(turn, this.s.notSent);
      else if (next === "failed") this.markWaiting(turn, this.s.notAnswered);
    });
    this.showTyping();
  }

  markWaiting(turn, text) {
    this.unmark(turn);
    turn.row.classList.add("cc-pending");
    turn.note = el("span", { class: "cc-note", text });
    turn.row.append(turn.note);
  }

  markNotRead(turn, reason) {
    this.unmark(turn);
    if (!turn.entry) return;
    turn.entry.x = reason === "too_long" ? "long" : "fast";
    if (turn.text !== turn.entry.t) turn.entry.s = turn.text;
    this.save();
    this.renderNotRead(turn.row, turn.entry);
  }

  /** The note under a visitor's message the server did not read, with "Send again". */
  renderNotRead(row, entry) {
    const { s } = this;
    row.classList.add("cc-not-read");
    const note = el("div", { class: "cc-note cc-not-read-note" }, [
      el("span", { text: entry.x === "long" ? s.notReadLong : s.notReadFast }),
      el("button", {
        type: "button",
        class: "cc-again",
        text: s.sendAgain,
        // Sent again as the newest message (moved, not copied), next to its answer.
        onclick: (event) => {
          const index = this.transcript.indexOf(entry);
          if (index >= 0) this.transcript.splice(index, 1);
          row.remove();
          this.send(entry.s || entry.t, entry.t);
          this.keepFocus(event);
        },
      }),
    ]);
    row.append(note);
  }

  unmark(turn) {
    turn.row.classList.remove("cc-pending");
    if (turn.note) turn.note.remove();
  }

  /** On (re)connection: the messages not sent yet, or sent without an answer. */
  flush() {
    for (const turn of this.outbox.due()) {
      this.unmark(turn);
      this.emit(turn);
    }
  }

  // -- receiving ---------------------------------------------------------------------------

  receive(message) {
    if (!message || typeof message !== "object" || this.outbox.repeated(message) || this.delivered.repeated(message)) return;
    this.hideTyping();
    let added = 0;
    const replies = normaliseReplies(message.quick_replies || message.buttons);
    const text = typeof message.text === "string" ? message.text.trim() : "";
    // Only the newest set of buttons is shown: it is what the assistant offers now.
    if (replies.length) this.clearReplies();
    if (text || replies.length) {
      this.add(replies.length ? { k: "b", t: text, r: replies } : { k: "b", t: text });
      added += 1;
    }
    const attachment = message.attachment;
    if (attachment && typeof attachment === "object" && attachment.payload && typeof attachment.payload.src === "string") {
      this.add({ k: "b", t: attachment.payload.src });
      added += 1;
    }
    const custom = message.custom;
    if (custom && typeof custom === "object" && custom.handoff && typeof custom.handoff === "object") {
      const handoff = custom.handoff;
      this.add({
        k: "h",
        h: {
          urgent: handoff.urgent === true,
          reason: typeof handoff.reason === "string" ? handoff.reason.slice(0, 40) : "",
          ticket: typeof handoff.ticket === "string" || typeof handoff.ticket === "number" ? String(handoff.ticket).slice(0, 64) : "",
        },
      });
      added += 1;
    }
    if (added && !this.isOpen) {
      this.unread += added;
      this.updateLauncher();
    }
  }

  // -- transcript ------------------------------------------------------------------------------

  add(entry) {
    this.transcript.push(entry);
    if (this.transcript.length > MAX_HISTORY) this.transcript.splice(0, this.transcript.length - MAX_HISTORY);
    this.save();
    const previous = this.transcript[this.transcript.length - 2];
    const row = this.renderEntry(entry, previous);
    if (entry.k === "u") this.lastAsked = row;
    this.log.insertBefore(row, this.typingRow && this.typingRow.isConnected ? this.typingRow : null);
    this.scrollToEnd();
    return row;
  }

  save() {
    this.store.setJSON("transcript", this.transcript);
  }

  clearReplies() {
    let changed = false;
    for (const entry of this.transcript) {
      if (entry.r) {
        delete entry.r;
        changed = true;
      }
    }
    if (changed) this.save();
    for (const group of this.log.querySelectorAll(".cc-replies")) group.remove();
  }

  renderAll() {
    this.log.replaceChildren();
    const { s, config } = this;
    const greeting = config.greeting || (config.namedTitle ? format(s.greetingNamed, { title: config.title }) : s.greeting);
    const fresh = this.transcript.length === 0;
    const suggestions = fresh ? config.suggestions.map((title) => ({ title, payload: title })) : [];
    const welcome = el("div", { class: "cc-row cc-bot cc-welcome" }, [
      el("div", { class: "cc-bubble" }, [
        el("span", { class: "cc-sr", text: `${s.assistant} ` }),
        greeting,
        suggestions.length ? `\n${s.greetingPick}` : "",
      ]),
    ]);
    if (suggestions.length) welcome.append(this.renderReplies(suggestions));
    this.log.append(welcome);
    let previous = { k: "b" };
    for (const entry of this.transcript) {
      this.log.append(this.renderEntry(entry, previous));
      previous = entry;
    }
  }

  renderEntry(entry, previous) {
    const { s } = this;
    if (entry.k === "h") return this.renderHandoff(entry.h);
    const who = entry.k === "u" ? "cc-user" : "cc-bot";
    const follow = previous && previous.k === entry.k ? " cc-follow" : "";
    const row = el("div", { class: `cc-row ${who}${follow}` });
    if (entry.t) {
      const bubble = el("div", { class: "cc-bubble" }, [el("span", { class: "cc-sr", text: `${entry.k === "u" ? s.you : s.assistant} ` })]);
      this.appendText(bubble, entry.t);
      row.append(bubble);
    }
    if (entry.r && entry.r.length) row.append(this.renderReplies(entry.r));
    if (entry.k === "u" && entry.x) this.renderNotRead(row, entry);
    return row;
  }

  appendText(parent, text) {
    for (const token of tokenize(text, this.phones)) {
      if (token.type === "link") {
        const link = el("a", { href: token.href, text: token.text, class: token.tel ? "cc-tel" : null });
        if (!token.tel) {
          link.target = "_blank";
          link.rel = "noopener noreferrer";
          link.append(el("span", { class: "cc-sr", text: ` ${this.s.link}` }));
        }
        parent.append(link);
      } else {
        parent.append(document.createTextNode(token.text));
      }
    }
  }

  renderReplies(replies) {
    const group = el("div", { class: "cc-replies", role: "group", "aria-label": this.s.suggestions });
    for (const reply of replies) {
      group.append(
        el("button", {
          type: "button",
          class: "cc-reply",
          text: reply.title,
          onclick: (event) => {
            this.send(reply.payload, reply.title);
            this.keepFocus(event);
          },
        })
      );
    }
    return group;
  }

  /** A button pressed from the keyboard (Enter or Space: a click of detail 0)
   * that went away with its press leaves the focus in the message box, not
   * on the page's body (where a screen reader starts again from the top). A
   * tap does not, so that a phone's keyboard does not come up over the answer. */
  keepFocus(event) {
    if (event && event.detail === 0 && this.isOpen) this.input.focus();
  }

  renderHandoff(handoff) {
    const { s, config } = this;
    const urgent = handoff.urgent === true;
    const body = el("div", { class: "cc-handoff-body" }, [el("strong", { class: "cc-handoff-title", text: urgent ? s.urgentTitle : s.handoffTitle })]);
    if (urgent) {
      const number = config.emergencyNumber;
      const tel = telHref(number);
      body.append(
        number
          ? appendTemplate(el("p"), s.urgentBody, { number: el("strong", { text: number }) })
          : el("p", { text: s.urgentBodyNoNumber })
      );
      if (tel) body.append(el("a", { class: "cc-call", href: tel }, [icon("phone"), format(s.callNumber, { number })]));
    } else {
      body.append(el("p", { text: s.handoffBody }));
    }
    if (handoff.ticket) body.append(el("p", { class: "cc-ref", text: format(s.reference, { ticket: handoff.ticket }) }));
    return el("div", { class: `cc-handoff${urgent ? " cc-urgent" : ""}`, "data-reason": handoff.reason || "" }, [
      icon(urgent ? "alert" : "team"),
      body,
    ]);
  }

  // -- typing ------------------------------------------------------------------------------------

  showTyping() {
    if (!this.typingRow) {
      this.typingRow = el("div", { class: "cc-row cc-bot cc-typing", "aria-hidden": "true" }, [
        el("div", { class: "cc-bubble" }, [el("span"), el("span"), el("span")]),
      ]);
    }
    this.log.append(this.typingRow);
    this.scrollToEnd();
    this.startTimer("typing", TYPING_TIMEOUT_MS, () => this.hideTyping());
  }

  hideTyping() {
    this.stopTimer("typing");
    if (this.typingRow) this.typingRow.remove();
  }

  // -- misc ----------------------------------------------------------------------------------------

  autosize() {
    this.input.style.height = "auto";
    this.input.style.height = `${Math.min(this.input.scrollHeight + 3, 128)}px`;
  }

  scrollToEnd() {
    const end = this.log.scrollHeight - this.log.clientHeight;
    // A reply longer than the log (several answers to one message) is read
    // from its start: the scroll stops with the visitor's own message at the top.
    const asked = this.lastAsked && this.lastAsked.isConnected ? this.lastAsked : null;
    const top = asked ? asked.getBoundingClientRect().top - this.log.getBoundingClientRect().top + this.log.scrollTop - 8 : end;
    this.log.scrollTop = Math.max(0, Math.min(end, top));
  }

  /** Forgets this visitor: new session id, empty transcript, notice shown again. */
  reset() {
    if (this.socket) {
      this.socket.disconnect();
      this.socket = null;
    }
    this.ready = false;
    this.everConnected = false;
    this.outbox.clear();
    this.delivered.clear();
    for (const key of ["session", "transcript", "privacy"]) this.store.remove(key);
    this.sessionId = uuid4();
    this.store.set("session", this.sessionId);
    this.transcript = [];
    this.privacyAccepted = false;
    this.renderAll();
    this.setState("idle");
    if (this.isOpen) {
      this.connect();
      this.renderPrivacy();
      this.privacyButton.focus();
    }
  }
}

// ---- bootstrapping --------------------------------------------------------------------------------

async function start() {
  if (window.ClinicChat && window.ClinicChat.widget) return;
  const script =
    document.currentScript ||
    document.querySelector("script[data-server][src*='widget']") ||
    document.querySelector("script[src*='widget.js']");
  const dataset = script ? { ...script.dataset } : {};
  const context = {
    pageLang: document.documentElement.lang,
    scriptSrc: script && script.src,
    pageUrl: location.href,
  };
  const { server } = readConfig(dataset, context);
  if (!server) {
    console.error("clinic chat widget: data-server must be an http(s) URL");
    return;
  }
  // The clinic's own settings, which the page's data attributes override.
  const settings = await fetchSettings(server);
  if (window.ClinicChat && window.ClinicChat.widget) return; // the tag was included twice
  const config = readConfig({ ...settings, ...dataset }, context);
  const widget = new ChatWidget(config);
  const api = {
    version: VERSION,
    widget,
    open: () => widget.open(),
    close: () => widget.close(),
    toggle: () => widget.toggle(),
    reset: () => widget.reset(),
  };
  window.ClinicChat = api;
  if (document.body) widget.mount();
  else document.addEventListener("DOMContentLoaded", () => widget.mount(), { once: true });
}

start();
