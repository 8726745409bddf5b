/**
 * Where the client keeps what must survive a page reload. The subset of the Web Storage API the
 * client uses, so `window.localStorage` fits as is and tests pass a `MemoryStore`.
 */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** An in-memory store: for tests, and the fallback when the browser refuses localStorage. */
export class MemoryStore implements KeyValueStore {
  private readonly items = new Map<string, string>();

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/**
 * localStorage when it can be used, wrapped so that a browser that throws (storage disabled,
 * private mode, quota full) degrades to memory for this page instead of breaking the widget.
 */
export function browserStore(): KeyValueStore {
  const memory = new MemoryStore();
  let local: Storage | null = null;
  try {
    local = window.localStorage;
    const probe = '__balie_probe__';
    local.setItem(probe, probe);
    local.removeItem(probe);
  } catch {
    local = null;
  }
  return {
    getItem(key) {
      try {
        return local ? local.getItem(key) : memory.getItem(key);
      } catch {
        return memory.getItem(key);
      }
    },
    setItem(key, value) {
      try {
        if (local) {
          local.setItem(key, value);
          return;
        }
      } catch {
        // Quota or policy: keep it for this page at least.
      }
      memory.setItem(key, value);
    },
    removeItem(key) {
      try {
        local?.removeItem(key);
      } catch {
        // Nothing to do: the memory copy below is removed either way.
      }
      memory.removeItem(key);
    },
  };
}
