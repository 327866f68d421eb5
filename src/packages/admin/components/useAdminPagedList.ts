import { useDidShow } from '@tarojs/taro';
import { usePagingGestures } from '../../../components/usePagedList';
import { whenAdmin } from './AdminGate';

/**
 * An admin list page's life cycle: the first page loads each time the page shows (once the session
 * is known to be an admin's), pulling down reloads it and reaching the bottom loads the next.
 */
export function useAdminPagedList(list: { page: number; hasMore: boolean; loading: boolean }, load: (page: number) => Promise<unknown>) {
  useDidShow(() => {
    void whenAdmin(() => load(0));
  });
  usePagingGestures(list, load);
}
