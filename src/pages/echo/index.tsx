import Taro, { useLoad } from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { EchoEntryView } from '../../core/engage/contract';
import { call } from '../../services/api';
import { session } from '../../stores/session';
import ErrorBox from '../../components/ErrorBox';
import Empty from '../../components/Empty';
import { Stars } from '../../components/StarRating';
import { fmtTime } from '../../components/lib';
import { usePagedList, usePagingGestures } from '../../components/usePagedList';
import './index.css';
import LoadMore from '../../components/LoadMore';

/**
 * 回音壁 (echo wall): closed items whose residents agreed to show them, with what was done and how it
 * was rated. Public: anyone may open it from the home page without a household or a role. The
 * server sends it already redacted (no name, phone, room or account) and only approved photos.
 */
function EchoPage() {
  const list = usePagedList<EchoEntryView>();
  const { items, page, hasMore, loading, loaded, error } = list;
  const load = (p: number) =>
    list.load(p, async () => {
      const r = await call('echoWall.list', { page: p });
      return { items: r.entries, hasMore: r.hasMore };
    });

  useLoad(() => {
    // A visitor still needs a (guest) session to call the function; no sign-in is asked for.
    void session.ensure().finally(() => load(0));
  });
  usePagingGestures(list, load);

  return (
    <View className='page echo'>
      <Text className='hint echo-intro'>这里展示居民同意公开的已办结事项：办了什么、居民怎么评价。已隐去姓名、电话、门牌号等个人信息。</Text>
      <ErrorBox message={error} />
      {loaded && items.length === 0 && !error && <Empty text='还没有公开的办结事项' />}
      {items.map((e) => (
        <View key={e.id} className='card echo-entry' data-id={e.id}>
          <View className='echo-entry__head'>
            <Text className='echo-entry__tag'>{e.kindLabel}</Text>
            <Text className='echo-entry__tag echo-entry__category'>{e.category}</Text>
            <Text className='echo-entry__where'>
              {e.communityName} · {e.gridName}
            </Text>
          </View>
          <Text className='echo-entry__label'>居民反映</Text>
          <Text className='echo-entry__text echo-entry__desc'>{e.text}</Text>
          <Text className='echo-entry__label'>办理结果</Text>
          <Text className='echo-entry__text echo-entry__resolution'>{e.resolution || '—'}</Text>
          {e.photos.length > 0 && (
            <View className='echo-entry__photos'>
              {e.photos.map((p) => (
                <Image key={p.key} className='echo-entry__photo' src={p.url} mode='aspectFill' onClick={() => void Taro.previewImage({ urls: e.photos.map((x) => x.url), current: p.url })} />
              ))}
            </View>
          )}
          <View className='echo-entry__rating'>
            <View className='echo-entry__stars'>
              <Stars n={e.rating.stars} />
            </View>
            <Text className='echo-entry__solved'>{e.rating.solved ? '已解决' : '未解决'}</Text>
          </View>
          {e.rating.comment ? <Text className='echo-entry__text echo-entry__comment'>“{e.rating.comment}”</Text> : null}
          <Text className='echo-entry__meta'>
            {fmtTime(e.closedAt, 'YYYY-MM-DD')} 办结 · 用时 {e.days < 1 ? '不到 1' : e.days} 天
          </Text>
        </View>
      ))}
      <LoadMore loading={loading} hasMore={hasMore} onMore={() => load(page + 1)} />
    </View>
  );
}

export default observer(EchoPage);
