import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { useLatestLoad } from './useLatestLoad';

/** A list loaded page by page ("加载更多"); page 0 replaces it, later pages append without repeats. */
export function usePagedList<T extends { id: string }>() {
  const [items, setItems] = useState<T[]>([]);
  const [page, setPage] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const latest = useLatestLoad();

  function load(p: number, fetch: () => Promise<{ items: T[]; hasMore: boolean }>, onPage?: (items: T[]) => void) {
    return latest.run(fetch, (res) => {
      onPage?.(res.items);
      setItems((prev) => (p === 0 ? res.items : [...prev, ...res.items.filter((x) => !prev.some((y) => y.id === x.id))]));
      setPage(p);
      setHasMore(res.hasMore);
      setLoaded(true);
    });
  }

  /** Empties the list before showing a different one (another tab or filter). */
  function clear() {
    setItems([]);
    setLoaded(false);
    setHasMore(false);
  }

  return { items, page, hasMore, loaded, loading: latest.loading, error: latest.error, setError: latest.setError, load, clear };
}

/** A paged page's gestures: pulling down reloads the first page, reaching the bottom loads the next. */
export function usePagingGestures(list: { page: number; hasMore: boolean; loading: boolean }, load: (page: number) => Promise<unknown>) {
  usePullDownRefresh(() => {
    void load(0).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (list.hasMore && !list.loading) void load(list.page + 1);
  });
}
