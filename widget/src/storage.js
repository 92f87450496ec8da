// localStorage with a memory fallback (private browsing, storage blocked), and
// the visitor's session id.

// The server accepts UUIDs only (channels/socketio.py) and issues a new one otherwise.
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class Store {
  constructor(prefix, backend) {
    this.prefix = prefix;
    this.memory = new Map();
    this.backend = null;
    try {
      const candidate = backend || globalThis.localStorage;
      const probe = `${prefix}:probe`;
      candidate.setItem(probe, "1");
      candidate.removeItem(probe);
      this.backend = candidate;
    } catch (error) {
      this.backend = null;
    }
  }

  get(key) {
    const full = `${this.prefix}:${key}`;
    try {
      if (this.backend) return this.backend.getItem(full);
    } catch (error) {
      /* fall through to memory */
    }
    return this.memory.has(full) ? this.memory.get(full) : null;
  }

  set(key, value) {
    const full = `${this.prefix}:${key}`;
    this.memory.set(full, value);
    try {
      if (this.backend) this.backend.setItem(full, value);
    } catch (error) {
      /* quota exceeded: the memory copy still works for this page */
    }
  }

  remove(key) {
    const full = `${this.prefix}:${key}`;
    this.memory.delete(full);
    try {
      if (this.backend) this.backend.removeItem(full);
    } catch (error) {
      /* ignore */
    }
  }

  getJSON(key, fallback) {
    try {
      const raw = this.get(key);
      return raw == null ? fallback : JSON.parse(raw);
    } catch (error) {
      return fallback;
    }
  }

  setJSON(key, value) {
    this.set(key, JSON.stringify(value));
  }
}

/** A random UUID v4 (crypto.randomUUID where available). */
export function uuid4(cryptoImpl = globalThis.crypto) {
  if (cryptoImpl && typeof cryptoImpl.randomUUID === "function") {
    try {
      return cryptoImpl.randomUUID();
    } catch (error) {
      /* insecure context: build one from getRandomValues */
    }
  }
  const bytes = cryptoImpl.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isSessionId(value) {
  return typeof value === "string" && SESSION_ID.test(value);
}

/** The stored session id, or a new one (stored). */
export function sessionId(store) {
  const existing = store.get("session");
  if (isSessionId(existing)) return existing;
  const fresh = uuid4();
  store.set("session", fresh);
  return fresh;
}
