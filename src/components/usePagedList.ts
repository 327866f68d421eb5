import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { useLatestLoad } from './useLatestLoad';

/**
 * A list loaded page by page ("加载更多"); page 0 replaces it, later pages append without repeats.
 * Only the newest request's answer is applied; whatever else a page shows from that answer (counts,
 * scope, header text) belongs in `onPage`, which runs on that same newest answer, never in `fetch`.
 */
export function usePagedList<T extends { id: string }>() {
  const [items, setItems] = useState<T[]>([]);
  const [page, setPage] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const latest = useLatestLoad();

  function load<R extends { items: T[]; hasMore: boolean }>(p: number, fetch: () => Promise<R>, onPage?: (res: R) => void) {
    return latest.run(fetch, (res) => {
      onPage?.(res);
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
