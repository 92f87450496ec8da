// The messages the clinic sent outside the visitor's turns (staff replies,
// the handback) that this widget has shown, kept with the transcript.
//
// The server marks each with `ts` (its event's timestamp) and `part` (its
// place among that event's messages). A returning widget names the newest
// `ts` it has shown as `seen` in `session_request`, and the server sends
// again everything from that time on (channels/socketio.py): what was sent
// while no page was open. A message both sent live and replayed, or the
// newest one sent again, is recognised by its ts/part and shown once.

// Recent messages remembered (a replay starts at the newest `seen`).
const REMEMBERED = 50;

export class Delivered {
  constructor(store) {
    this.store = store;
    const saved = store.getJSON("delivered", null);
    this.keys = saved && Array.isArray(saved.keys) ? saved.keys.filter((key) => typeof key === "string").slice(-REMEMBERED) : [];
    this.newest = saved && typeof saved.seen === "number" && Number.isFinite(saved.seen) ? saved.seen : 0;
  }

  /** What `session_request` names as `seen`: the newest timestamp shown, 0 if none. */
  seen() {
    return this.newest;
  }

  /** True when `message` was sent outside a turn and already shown; otherwise
   * (a new one, or a turn's reply, which has no `ts`) false, and it is remembered. */
  repeated(message) {
    const { ts, part } = message || {};
    if (typeof ts !== "number" || !Number.isFinite(ts) || !Number.isInteger(part)) return false;
    const key = `${ts}:${part}`;
    if (this.keys.includes(key)) return true;
    this.keys.push(key);
    if (this.keys.length > REMEMBERED) this.keys.splice(0, this.keys.length - REMEMBERED);
    this.newest = Math.max(this.newest, ts);
    this.store.setJSON("delivered", { seen: this.newest, keys: this.keys });
    return false;
  }

  /** A new session (the server issued another id, or the visitor reset): nothing shown yet. */
  clear() {
    this.keys = [];
    this.newest = 0;
    this.store.remove("delivered");
  }
}
