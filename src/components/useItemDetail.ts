import { useState } from 'react';
import type { ItemView } from '../core/api/contract';
import { call } from '../services/api';
import { errorText } from './lib';

/** Loads one item's detail; pages replace it with what a command returns. */
export function useItemDetail(id: string) {
  const [item, setItem] = useState<ItemView | null>(null);
  const [loadError, setLoadError] = useState('');

  async function load() {
    if (!id) {
      setLoadError('缺少事项编号');
      return;
    }
    try {
      setItem(await call('item.detail', { id }));
      setLoadError('');
    } catch (e) {
      setLoadError(errorText(e));
    }
  }

  return { item, setItem, loadError, load };
}
