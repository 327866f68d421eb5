import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { MessageView } from '../../core/api/notifyContract';
import { call } from '../../services/api';
import { h5SubscribeMode, isWeapp, SUBSCRIBE_DIALOG_KEY } from '../../services/platform';
import { appStore } from '../../stores/app';
import { notices } from '../../stores/notices';
import { session } from '../../stores/session';
import ErrorBox from '../../components/ErrorBox';
import Empty from '../../components/Empty';
import SubscribeBar from '../../components/SubscribeBar';
import { errorText, fmtTime } from '../../components/lib';
import { usePagedList, usePagingGestures } from '../../components/usePagedList';
import './index.css';
import LoadMore from '../../components/LoadMore';

/** 消息中心: every notice, whether or not a WeChat message went out; tapping one opens its item. */
function MessagesPage() {
  const list = usePagedList<MessageView>();
  const { items, page, hasMore, loading, loaded, error } = list;
  const [dialog, setDialog] = useState<'ask' | 'auto' | null>(null);

  const load = (p: number) =>
    list.load(
      p,
      async () => {
        const r = await call('message.list', { page: p });
        return { items: r.messages, hasMore: r.hasMore, unread: r.unread };
      },
      (r) => notices.setUnread(r.unread), // the newest answer's count only
    );

  useDidShow(() => {
    void session.ensure();
    void load(0);
    if (!isWeapp) {
      void appStore.loadDemo();
      void h5SubscribeMode().then(setDialog);
    }
  });
  usePagingGestures(list, load);

  async function open(m: MessageView) {
    if (!m.read) {
      try {
        const r = await call('message.read', { ids: [m.id] });
        notices.setUnread(r.unread);
      } catch {
        // opening the item matters more than the dot
      }
    }
    Taro.navigateTo({ url: m.url });
  }

  async function readAll() {
    try {
      const r = await call('message.read', { all: true });
      notices.setUnread(r.unread);
      await load(0);
    } catch (e) {
      list.setError(errorText(e));
    }
  }

  function switchDialog() {
    const next = dialog === 'auto' ? 'ask' : 'auto';
    Taro.setStorageSync(SUBSCRIBE_DIALOG_KEY, next);
    setDialog(next);
  }

  const staff = !!session.me?.canHandle;
  return (
    <View className='page messages'>
      <SubscribeBar moment={staff ? 'inbox' : 'follow'} />
      <View className='messages__head'>
        <Text className='messages__unread'>{notices.unread > 0 ? `${notices.unread} 条未读` : '没有未读消息'}</Text>
        {notices.unread > 0 && (
          <Text className='link messages-read-all' onClick={() => void readAll()}>
            全部已读
          </Text>
        )}
      </View>
      <ErrorBox message={error} />
      {loaded && items.length === 0 && !error && <Empty text='还没有消息' />}
      {items.map((m) => (
        <View key={m.id} className={`card message-row ${m.read ? 'message-row--read' : 'message-row--unread'}`} onClick={() => void open(m)}>
          <View className='message-row__top'>
            {!m.read && <View className='message-row__dot' />}
            <Text className='message-row__title'>{m.title}</Text>
            <Text className='message-row__time'>{fmtTime(m.at, 'MM-DD HH:mm')}</Text>
          </View>
          <Text className='message-row__summary'>{m.summary}</Text>
          <Text className='message-row__body'>{m.body}</Text>
          <Text className={`message-row__delivery message-delivery-${m.delivery}`}>{m.deliveryLabel}</Text>
        </View>
      ))}
      <LoadMore loading={loading} hasMore={hasMore} onMore={() => load(page + 1)} />
      {/* A tester's switch for the simulated WeChat dialog: in demo mode only, never before a pilot's residents. */}
      {!isWeapp && appStore.demo && dialog && (
        <Text className='muted messages__dialog' onClick={switchDialog}>
          演示设置 · 模拟的微信订阅弹窗：{dialog === 'auto' ? '自动允许' : '每次询问'}（点此切换）
        </Text>
      )}
    </View>
  );
}

export default observer(MessagesPage);
