import { useState } from 'react';
import type { ItemView } from '../core/api/contract';
import { call } from '../services/api';
import { errorCode, errorText } from './lib';

const FINAL_CODES = ['NOT_FOUND', 'FORBIDDEN', 'INVALID_INPUT'];

/** Loads one item's detail; pages replace it with what a command returns. */
export function useItemDetail(id: string) {
  const [item, setItem] = useState<ItemView | null>(null);
  const [loadError, setLoadError] = useState('');
  /** The load failed for good (no such item, or not the caller's): retrying cannot help. */
  const [loadFinal, setLoadFinal] = useState(false);

  async function load() {
    if (!id) {
      setLoadError('缺少事项编号');
      setLoadFinal(true);
      return;
    }
    try {
      setItem(await call('item.detail', { id }));
      setLoadError('');
    } catch (e) {
      setLoadError(errorText(e));
      setLoadFinal(FINAL_CODES.includes(errorCode(e)));
    }
  }

  /** A command lost to a newer change: reload so the person sees what happened, and say so. */
  async function staleMessage(e: unknown): Promise<string | undefined> {
    const code = errorCode(e);
    if (code !== 'CONFLICT' && code !== 'INVALID_STATE') return undefined;
    await load();
    return `${errorText(e)}（已刷新为最新状态）`;
  }

  return { item, setItem, loadError, loadFinal, load, staleMessage };
}
