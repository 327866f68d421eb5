import { useRef, useState } from 'react';
import { errorText } from './lib';

/**
 * Loads where only the newest request counts: switching tabs or filters quickly must never let an
 * older, slower answer overwrite the newer one.
 */
export function useLatestLoad() {
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const seq = useRef(0);

  async function run<T>(fetch: () => Promise<T>, apply: (value: T) => void): Promise<void> {
    const mine = ++seq.current;
    setLoading(true);
    setError('');
    try {
      const value = await fetch();
      if (mine === seq.current) apply(value);
    } catch (e) {
      if (mine === seq.current) setError(errorText(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }

  return { loading, error, setError, run };
}
