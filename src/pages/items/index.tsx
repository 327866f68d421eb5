import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { ItemSummary } from '../../core/api/contract';
import { call } from '../../services/api';
import ItemCard from '../../components/ItemCard';
import ErrorBox from '../../components/ErrorBox';
import Empty from '../../components/Empty';
import { errorText } from '../../components/lib';
import LoadMore from '../../components/LoadMore';
import { session } from '../../stores/session';

export default function ItemsPage() {
  const [items, setItems] = useState<ItemSummary[]>([]);
  const [page, setPage] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  const busy = useRef(false);

  async function load(p: number) {
    if (busy.current) return;
    busy.current = true;
    setLoading(true);
    setError('');
    try {
      const res = await call('item.mine', { page: p });
      setItems((prev) => (p === 0 ? res.items : [...prev, ...res.items.filter((i) => !prev.some((x) => x.id === i.id))]));
      setPage(p);
      setHasMore(res.hasMore);
      setLoaded(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      busy.current = false;
      setLoading(false);
    }
  }

  // Reload on every show: the resident comes back here after rating or submitting.
  useDidShow(() => void load(0));
  usePullDownRefresh(() => {
    void load(0).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (hasMore) void load(page + 1);
  });

  return (
    <View className='page items'>
      <ErrorBox message={error} />
      {loaded && items.length === 0 && !error && (
        <Empty text='您还没有反映过事项'>
          {session.me?.household ? (
            <View className='btn btn-primary items-submit' onClick={() => Taro.navigateTo({ url: '/pages/submit/index' })}>
              <Text>反映诉求</Text>
            </View>
          ) : (
            <Text className='hint'>扫描包保干部的联系卡二维码，就可以反映诉求。</Text>
          )}
        </Empty>
      )}
      {items.map((it) => (
        <ItemCard
          key={it.id}
          item={it}
          className='item-row'
          onClick={() => Taro.navigateTo({ url: `/pages/item/index?id=${encodeURIComponent(it.id)}` })}
        />
      ))}
      <LoadMore loading={loading} hasMore={hasMore} onMore={() => load(page + 1)} />
      {!loading && loaded && !hasMore && items.length > 0 && <Text className='load-more muted'>没有更多了</Text>}
    </View>
  );
}
