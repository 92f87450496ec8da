// The clinic's settings from the server (config.js fetchSettings) against a
// real local HTTP server and Node's own fetch: when they cannot be had, the
// widget starts with neutral defaults and no phone number of its own making.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { fetchSettings, parseServer, readConfig } from "../src/config.js";

const CLINIC = { title: "Willow Skin Clinic", phone: "(555) 010-4477", emergencyNumber: "911", privacyNotice: "Stored." };
let server;
let base;
const hanging = [];

before(async () => {
  server = createServer((request, response) => {
    if (request.url === "/ok/webhooks/socketio/settings") {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ ...CLINIC, server: "https://evil.example", socketPath: "/x", lang: 3 }));
    } else if (request.url === "/refused/webhooks/socketio/settings") {
      response.writeHead(403, { "Content-Type": "application/json" });
      response.end(JSON.stringify(CLINIC)); // what a refusal says is never used
    } else if (request.url === "/broken/webhooks/socketio/settings") {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end("<html>not json");
    } else {
      hanging.push(response); // never answers
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  for (const response of hanging) response.destroy();
  server.close();
});

function neutral(config) {
  assert.equal(config.title, "Chat with us");
  assert.equal(config.namedTitle, false);
  assert.equal(config.phone, "");
  assert.equal(config.emergencyNumber, "");
  assert.match(config.privacyNotice, /stored/i); // the widget's own generic notice
}

test("settings: the clinic's facts, nothing that could move the widget to another server", async () => {
  const settings = await fetchSettings(parseServer(`${base}/ok`));
  assert.deepEqual(settings, CLINIC);
  const config = readConfig({ ...settings, server: `${base}/ok` });
  assert.equal(config.server.url, `${base}/ok`);
  assert.equal(config.title, CLINIC.title);
  assert.equal(config.namedTitle, true);
  assert.equal(config.phone, CLINIC.phone);
  // A data attribute of the page wins over the server's value.
  assert.equal(readConfig({ ...settings, server: base, phone: "(555) 000-1111" }).phone, "(555) 000-1111");
});

test("settings: a server that cannot be reached, refuses or answers nonsense gives neutral defaults", async () => {
  const closed = createServer();
  await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const down = `http://127.0.0.1:${closed.address().port}`;
  await new Promise((resolve) => closed.close(resolve));
  for (const url of [down, `${base}/refused`, `${base}/broken`]) {
    const settings = await fetchSettings(parseServer(url));
    assert.deepEqual(settings, {}, url);
    neutral(readConfig({ ...settings, server: url }));
  }
});

test("settings: a server that never answers is given up after the timeout", async () => {
  const started = Date.now();
  const settings = await fetchSettings(parseServer(`${base}/silent`), { timeoutMs: 200 });
  assert.deepEqual(settings, {});
  assert.ok(Date.now() - started < 2000);
  neutral(readConfig({ ...settings, server: `${base}/silent` }));
});

test("settings: the crisis, abuse and on-call lines' numbers become a list to link (stop 45)", () => {
  const config = readConfig({ ...CLINIC, callNumbers: "988| 1-800-799-7233 ||(555) 010-4499" });
  assert.deepEqual(config.callNumbers, ["988", "1-800-799-7233", "(555) 010-4499"]);
  assert.deepEqual(readConfig({}).callNumbers, []); // no server: no number of the widget's own making
});
