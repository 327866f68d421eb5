// Which error messages a field already shows, per scope (a page, or one <Form> on it), so the message
// above the button leaves out what a field says: each error is said once. Pure (no Taro), tested alone.

type Listener = () => void;

export function createShownErrors() {
  const scopes = new Map<unknown, Map<string, number>>();
  const listeners = new Set<Listener>();
  const notify = () => listeners.forEach((l) => l());

  return {
    /** A field shows `message` in each of `inScopes`; call the returned function when it stops. */
    add(inScopes: readonly unknown[], message: string): () => void {
      if (!message) return () => {};
      for (const s of inScopes) {
        const counts = scopes.get(s) ?? new Map<string, number>();
        counts.set(message, (counts.get(message) ?? 0) + 1);
        scopes.set(s, counts);
      }
      notify();
      return () => {
        for (const s of inScopes) {
          const counts = scopes.get(s);
          if (!counts) continue;
          const n = (counts.get(message) ?? 0) - 1;
          if (n > 0) counts.set(message, n);
          else counts.delete(message);
          if (!counts.size) scopes.delete(s);
        }
        notify();
      };
    },
    /** Whether a field in `scope` shows `message`. */
    has(scope: unknown, message: string): boolean {
      return !!message && !!scopes.get(scope)?.get(message);
    },
    subscribe(l: Listener): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export const shownErrors = createShownErrors();
