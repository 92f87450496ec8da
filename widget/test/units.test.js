// Unit tests of the widget's pure parts: `npm test` (node --test).
import assert from "node:assert/strict";
import { test } from "node:test";
import { tokenize, safeHref, telHref } from "../src/linkify.js";
import { contrast, parseColor, theme } from "../src/color.js";
import { readConfig, parseServer } from "../src/config.js";
import { LANGUAGES, format, stringsFor } from "../src/i18n.js";
import { Store, isSessionId, sessionId, uuid4 } from "../src/storage.js";
import { MAX_SENDS, Outbox } from "../src/outbox.js";
import { Delivered } from "../src/delivered.js";

test("links: http(s) URLs become links, trailing punctuation stays text", () => {
  const tokens = tokenize("Book here: https://willowskin.example/book, or call us.");
  assert.deepEqual(tokens, [
    { type: "text", text: "Book here: " },
    { type: "link", text: "https://willowskin.example/book", href: "https://willowskin.example/book" },
    { type: "text", text: ", or call us." },
  ]);
  assert.equal(tokenize("(see https://example.org/a_(b))")[1].text, "https://example.org/a_(b)");
  assert.equal(tokenize("see https://example.org/x).")[1].text, "https://example.org/x");
});

test("links: no other scheme is ever a link", () => {
  for (const text of ["javascript:alert(1)", "data:text/html,<b>x</b>", "<a href=javascript:alert(1)>x</a>", "ftp://x.example/"]) {
    assert.ok(tokenize(text).every((token) => token.type === "text"), text);
  }
  assert.equal(safeHref("javascript:alert(1)"), null);
  assert.equal(safeHref("https://x.example/a b"), "https://x.example/a%20b");
  const html = '<img src=x onerror="window.__xss=1">';
  assert.deepEqual(tokenize(html), [{ type: "text", text: html }]);
});

test("links: configured phone numbers become tel: links", () => {
  const tokens = tokenize("Call (555) 010-4477 or 911 now; not 9110.", ["(555) 010-4477", "911"]);
  const links = tokens.filter((t) => t.type === "link");
  assert.deepEqual(links.map((l) => l.href), ["tel:5550104477", "tel:911"]);
  assert.equal(tokens.map((t) => t.text).join(""), "Call (555) 010-4477 or 911 now; not 9110.");
  assert.equal(telHref("+44 20 7946 0000"), "tel:+442079460000");
});

test("colours: text on every derived colour meets WCAG AA", () => {
  for (const colour of ["#0b5c6b", "#ffd1dc", "#ffff00", "#777777", "#000", "#e91e63", "rgb(120, 200, 180)"]) {
    const t = theme(colour);
    assert.ok(contrast(parseColor(t.primary), parseColor(t.onPrimary)) >= 4.5, `${colour} on-primary`);
    assert.ok(contrast(parseColor(t.primaryText), [255, 255, 255]) >= 4.5, `${colour} text on white`);
    assert.ok(contrast(parseColor(t.primaryText), [246, 248, 250]) >= 4.5, `${colour} text on surface`);
  }
  assert.equal(parseColor("red; background:url(x)"), null);
  assert.equal(theme("not a colour").primary, "#0b5c6b");
});

test("config: data attributes, defaults and the server URL", () => {
  const config = readConfig({ server: "https://bot.clinic.example/rasa/", title: "Willow", phone: "(555) 010-4477", lang: "de-AT", suggestions: "A | B|" });
  assert.deepEqual(config.server, { origin: "https://bot.clinic.example", path: "/rasa/socket.io", url: "https://bot.clinic.example/rasa" });
  assert.equal(config.lang, "de");
  assert.equal(config.privacyNotice, LANGUAGES.de.privacyNotice);
  assert.deepEqual(config.suggestions, ["A", "B"]);
  const plain = readConfig({}, { scriptSrc: "https://cdn.example/widget.js" });
  assert.equal(plain.server.origin, "https://cdn.example");
  assert.equal(plain.title, LANGUAGES.en.defaultTitle);
  assert.equal(plain.namedTitle, false);
  assert.equal(plain.primaryColor, "#0b5c6b");
  assert.equal(readConfig({ server: "javascript:alert(1)" }).server, null);
  assert.equal(parseServer("http://localhost:5005").path, "/socket.io");
  assert.equal(readConfig({ server: "http://x.example", socketPath: "/chat/socket.io" }).server.path, "/chat/socket.io");
  assert.equal(readConfig({ server: "http://x.example", position: "left" }).position, "left");
});

test("i18n: every language has every string", () => {
  const keys = Object.keys(LANGUAGES.en).sort();
  for (const [lang, strings] of Object.entries(LANGUAGES)) assert.deepEqual(Object.keys(strings).sort(), keys, lang);
  assert.equal(stringsFor("xx").lang, "en");
  assert.equal(format("Call {number}", { number: "911" }), "Call 911");
});

test("session: a random UUID v4 kept in storage", () => {
  const backing = new Map();
  const fake = { getItem: (k) => (backing.has(k) ? backing.get(k) : null), setItem: (k, v) => backing.set(k, String(v)), removeItem: (k) => backing.delete(k) };
  const store = new Store("t", fake);
  const first = sessionId(store);
  assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(sessionId(new Store("t", fake)), first);
  const noRandomUUID = { getRandomValues: (a) => globalThis.crypto.getRandomValues(a) };
  assert.match(uuid4(noRandomUUID), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(!isSessionId("../../etc"));
  assert.ok(!isSessionId("aaaaaaaa"), "only UUIDs, as the server requires");
  assert.ok(isSessionId(first));
  const broken = new Store("t", { setItem() { throw new Error("blocked"); } });
  broken.set("a", "1");
  assert.equal(broken.get("a"), "1");
});

test("outbox: a message without an acknowledgement is sent again with its id, at most MAX_SENDS times", () => {
  let count = 0;
  const outbox = new Outbox(() => `id-${++count}`);
  const turn = outbox.add("does it hurt", { row: "r" });
  assert.equal(turn.row, "r");
  assert.deepEqual(outbox.due(), [turn]);
  const payload = outbox.sending(turn, "session");
  assert.deepEqual(payload, { message: "does it hurt", session_id: "session", metadata: { message_id: "id-1" } });
  assert.deepEqual(outbox.due(), []); // waiting for its acknowledgement
  for (let send = 1; send < MAX_SENDS; send += 1) {
    assert.equal(outbox.settled(turn, false), "again");
    assert.deepEqual(outbox.sending(turn, "session").metadata, { message_id: "id-1" });
  }
  assert.equal(outbox.settled(turn, false), "failed");
  assert.deepEqual(outbox.due(), []);
  const next = outbox.add("thanks");
  outbox.sending(next, "session");
  assert.equal(outbox.settled(next, true), "done");
  assert.deepEqual(outbox.turns, []);
  const forgotten = outbox.add("my phone is ...");
  outbox.sending(forgotten, "session");
  outbox.clear(); // the visitor reset the conversation
  assert.equal(outbox.settled(forgotten, false), "dropped");
  assert.deepEqual(outbox.due(), []);
});

test("outbox: a reply that comes again for a re-sent message is recognised; others are not", () => {
  const outbox = new Outbox(() => "m1");
  outbox.add("hi");
  assert.equal(outbox.repeated({ text: "Hello", reply_to: "m1", n: 0 }), false);
  assert.equal(outbox.repeated({ text: "How can I help?", reply_to: "m1", n: 1 }), false);
  assert.equal(outbox.repeated({ text: "Hello", reply_to: "m1", n: 0 }), true);
  assert.equal(outbox.repeated({ text: "How can I help?", reply_to: "m1", n: 1 }), true);
  assert.equal(outbox.repeated({ text: "a staff message" }), false);
  assert.equal(outbox.repeated({ text: "a staff message" }), false);
  assert.equal(outbox.repeated({ text: "odd", reply_to: "m1", n: "0" }), false);
});

test("Delivered: a message sent outside a turn is shown once, and `seen` survives a page load", () => {
  const backend = new Map();
  const storage = { getItem: (k) => (backend.has(k) ? backend.get(k) : null), setItem: (k, v) => backend.set(k, String(v)), removeItem: (k) => backend.delete(k) };
  const delivered = new Delivered(new Store("t", storage));
  assert.equal(delivered.seen(), 0);
  assert.equal(delivered.repeated({ text: "turn reply", reply_to: "m", n: 0 }), false); // not its concern
  assert.equal(delivered.repeated({ text: "Dana: hi", ts: 1700000000.25, part: 0 }), false);
  assert.equal(delivered.repeated({ text: "second paragraph", ts: 1700000000.25, part: 1 }), false);
  assert.equal(delivered.repeated({ text: "Dana: hi", ts: 1700000000.25, part: 0 }), true);
  const reloaded = new Delivered(new Store("t", storage));
  assert.equal(reloaded.seen(), 1700000000.25);
  assert.equal(reloaded.repeated({ text: "second paragraph", ts: 1700000000.25, part: 1 }), true);
  assert.equal(reloaded.repeated({ text: "newer", ts: 1700000001.5, part: 0 }), false);
  assert.equal(reloaded.seen(), 1700000001.5);
  reloaded.clear();
  assert.equal(new Delivered(new Store("t", storage)).seen(), 0);
});

test("linkify: the crisis and on-call numbers the server names are tel: links, as text (stop 45)", () => {
  const tokens = tokenize("call or text 988 (the Suicide & Crisis Lifeline), or text START to 88788", ["911", "988"]);
  assert.deepEqual(
    tokens.filter((token) => token.type === "link").map((token) => token.href),
    ["tel:988"]
  );
  assert.equal(tokens.map((token) => token.text).join(""), "call or text 988 (the Suicide & Crisis Lifeline), or text START to 88788");
});
