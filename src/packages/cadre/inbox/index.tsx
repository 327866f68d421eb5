import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { ItemSummary } from '../../../core/api/contract';
import { call } from '../../../services/api';
import { session } from '../../../stores/session';
import ItemCard from '../../../components/ItemCard';
import SubscribeBar from '../../../components/SubscribeBar';
import { notices } from '../../../stores/notices';
import ErrorBox from '../../../components/ErrorBox';
import Empty from '../../../components/Empty';
import { usePagedList } from '../../../components/usePagedList';
import './index.css';
import LoadMore from '../../../components/LoadMore';

type Filter = 'todo' | 'waiting' | 'done';
// The server maps these to the workflow table's groups: open, waiting (评价、审批、挂起、申诉), closed.
const TABS: { value: Filter; label: string; empty: string; next: string }[] = [
  { value: 'todo', label: '待办', empty: '没有待办的事项', next: '有事项交给您办理时会列在这里，并在微信和消息中心提醒您。' },
  { value: 'waiting', label: '等待', empty: '没有等待居民评价、审批或挂起中的事项', next: '已办结待居民评价、挂起待审批或已挂起的事项会列在这里。' },
  { value: 'done', label: '已完成', empty: '还没有已完成的事项', next: '居民已评价，或已撤回、已退回的事项会列在这里，可随时查看。' },
];
/** Roles that may record an item for a resident (item.onBehalf) and open the 调度台 (dispatch.board). */
const ON_BEHALF_ROLES = ['cadre', 'gridWorker', 'gridLeader', 'buildingLeader', 'unitLeader', 'communityAdmin'];
const BOARD_ROLES = ['streetAdmin', 'communityAdmin', 'gridLeader'];
/** Who may open 包保住户 (cadre.households decides per household). */
const HOUSEHOLD_ROLES = ['cadre', 'gridLeader'];
/** Grid staff carry a contact card; department staff and admins usually do not. */
const CARD_ROLES = ['cadre', 'gridWorker', 'gridLeader', 'buildingLeader', 'unitLeader'];

function InboxPage() {
  const [filter, setFilter] = useState<Filter>('todo');
  // Replies to a tab the user already left are ignored (usePagedList keeps only the newest).
  const list = usePagedList<ItemSummary>();
  const { items, page, hasMore, loading, loaded, error } = list;
  const [subscribed, setSubscribed] = useState(false);

  const load = (f: Filter, p: number) => list.load(p, () => call('cadre.inbox', { filter: f, page: p }));

  useDidShow(() => {
    void session.ensure().then((me) => {
      if (me?.canHandle) void load(filter, 0);
    });
  });
  usePullDownRefresh(() => {
    void Promise.all([session.refresh(), load(filter, 0)]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (hasMore && !loading) void load(filter, page + 1);
  });

  // WeChat shows the subscribe dialog only inside a tap, so ask on the cadre's first tap here.
  function subscribe() {
    if (subscribed) return;
    setSubscribed(true);
    // Asks only when no 新事项 notice is left (subscription ledger, issue 8), then reports the answer.
    void notices.ask('inbox');
  }

  function switchTab(f: Filter) {
    subscribe();
    if (f === filter) return;
    setFilter(f);
    list.clear();
    void load(f, 0);
  }

  const me = session.me;
  if (!me) {
    return (
      <View className='page'>
        {session.error ? <ErrorBox message={session.error} /> : <Text className='loading'>加载中…</Text>}
      </View>
    );
  }
  if (!me.canHandle) {
    return (
      <View className='page'>
        <Empty text='您还不是干部或部门工作人员'>
          <Text className='hint'>请使用社区或街道发放的邀请码绑定身份。</Text>
          <View className='btn btn-ghost' onClick={() => Taro.navigateTo({ url: '/pages/login/index' })}>
            <Text>去登录</Text>
          </View>
        </Empty>
      </View>
    );
  }

  const tab = TABS.find((t) => t.value === filter)!;
  return (
    <View className='page inbox'>
      <View className='inbox-tabs'>
        {TABS.map((t) => (
          <View
            key={t.value}
            className={`inbox-tab inbox-tab-${t.value} ${t.value === filter ? 'inbox-tab--active' : ''}`}
            onClick={() => switchTab(t.value)}
          >
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>

      <View className='inbox__links'>
        {me.hasCard ? (
          <View className='inbox__mycard inbox-mycard' onClick={() => Taro.navigateTo({ url: '/packages/cadre/card/index' })}>
            <Text>我的联系卡 ›</Text>
          </View>
        ) : (
          // A link to a page that only says "no card" helps nobody: say how to get one instead.
          me.roles.some((r) => CARD_ROLES.includes(r.role)) && <Text className='hint inbox-nocard'>您还没有干部联系卡，请社区管理员在“社区管理 › 人员与角色”中为您制卡。</Text>
        )}
        {me.roles.some((r) => ON_BEHALF_ROLES.includes(r.role)) && (
          <View className='inbox__mycard inbox-onbehalf' onClick={() => Taro.navigateTo({ url: '/packages/cadre/onbehalf/index' })}>
            <Text>代居民登记 ›</Text>
          </View>
        )}
        {me.roles.some((r) => HOUSEHOLD_ROLES.includes(r.role)) && (
          <View className='inbox__mycard inbox-households' onClick={() => Taro.navigateTo({ url: '/packages/cadre/households/index' })}>
            <Text>包保住户 ›</Text>
          </View>
        )}
        {me.roles.some((r) => BOARD_ROLES.includes(r.role)) && (
          <View className='inbox__mycard inbox-board' onClick={() => Taro.navigateTo({ url: '/packages/admin/board/index' })}>
            <Text>调度台 ›</Text>
          </View>
        )}
      </View>

      <SubscribeBar moment='inbox' />

      <ErrorBox message={error} />
      {loaded && items.length === 0 && !error && (
        <Empty text={tab.empty}>
          <Text className='hint inbox-empty-next'>{tab.next}</Text>
        </Empty>
      )}
      {items.map((it) => (
        <ItemCard
          key={it.id}
          item={it}
          className='inbox-row'
          onClick={() => {
            subscribe();
            Taro.navigateTo({ url: `/packages/cadre/handle/index?id=${encodeURIComponent(it.id)}` });
          }}
        />
      ))}
      <LoadMore loading={loading} hasMore={hasMore} onMore={() => load(filter, page + 1)} />
    </View>
  );
}

export default observer(InboxPage);
