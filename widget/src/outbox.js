// The visitor's messages until the server has dealt with them.
//
// Each message gets an id of its own (sent as metadata.message_id). The
// server acknowledges a message once its turn is over, after every reply
// (channels/socketio.py). A message without an acknowledgement (no answer
// within ANSWER_TIMEOUT_MS, or the socket dropped, e.g. its server was
// killed) is sent again with the same id, at most MAX_SENDS times in all:
// the assistant runs it once and answers a re-send with the replies it gave
// the first time (components/exactly_once.py). Those replies carry
// `reply_to` and their place `n` in the turn, so one already shown is not
// shown twice.
import { uuid4 } from "./storage.js";

// Longer than a normal turn (the action server's timeout is 6 s); a turn
// queued behind a killed server's lock waits up to 60 s, and a re-send while
// it waits only queues behind it.
export const ANSWER_TIMEOUT_MS = 30000;
export const MAX_SENDS = 4;
// Replies remembered for this many recent messages.
const REMEMBERED = 50;

export class Outbox {
  constructor(newId = uuid4) {
    this.newId = newId;
    this.turns = [];
    this.shown = new Map(); // message id -> the `n` of its replies already shown
  }

  /** A new message to send; `extra` is kept on the turn (the widget's row). */
  add(text, extra = {}) {
    const turn = { ...extra, id: this.newId(), text, sends: 0, waiting: false };
    this.turns.push(turn);
    this.remember(turn.id);
    return turn;
  }

  /** The messages to send now that the socket is (again) ready. */
  due() {
    return this.turns.filter((turn) => !turn.waiting);
  }

  /** The payload of `user_uttered` for one more send of `turn`. */
  sending(turn, sessionId) {
    turn.sends += 1;
    turn.waiting = true;
    return { message: turn.text, session_id: sessionId, metadata: { message_id: turn.id } };
  }

  /** The send of `turn` was acknowledged (`ok`) or not: "done", "again" or
   * "failed"; "dropped" when the visitor reset the conversation meanwhile. */
  settled(turn, ok) {
    if (!this.turns.includes(turn)) return "dropped";
    turn.waiting = false;
    if (!ok && turn.sends < MAX_SENDS) return "again";
    this.turns = this.turns.filter((other) => other !== turn);
    return ok ? "done" : "failed";
  }

  /** True when `message` is a reply already shown (it came again for a re-send). */
  repeated(message) {
    const id = message && message.reply_to;
    if (typeof id !== "string" || !Number.isInteger(message.n)) return false;
    const shown = this.remember(id);
    if (shown.has(message.n)) return true;
    shown.add(message.n);
    return false;
  }

  remember(id) {
    let shown = this.shown.get(id);
    if (!shown) {
      shown = new Set();
      this.shown.set(id, shown);
      if (this.shown.size > REMEMBERED) this.shown.delete(this.shown.keys().next().value);
    }
    return shown;
  }

  clear() {
    this.turns = [];
    this.shown.clear();
  }
}
