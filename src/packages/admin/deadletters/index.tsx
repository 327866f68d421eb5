import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { DeadLetterView } from '../../../core/api/notifyContract';
import { call } from '../../../services/api';
import { session } from '../../../stores/session';
import ErrorBox from '../../../components/ErrorBox';
import Empty from '../../../components/Empty';
import { fmtTime } from '../../../components/lib';
import { usePagedList } from '../../../components/usePagedList';
import AdminGate from '../components/AdminGate';
import { useAdminPagedList } from '../components/useAdminPagedList';
import '../components/admin.css';
import LoadMore from '../../../components/LoadMore';

/**
 * WeChat's reasons may end in a JSON object of field → rule ({"phrase4":"只能是 5 个以内汉字"}): shown
 * as 字段 phrase4：只能是 5 个以内汉字, the template field the admin looks up in the MP console.
 */
function readableError(message: string): string {
  const m = /^(.*?)(\{.*\})\s*$/.exec(message);
  if (!m) return message;
  try {
    const fields = JSON.parse(m[2]) as unknown;
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return message;
    const parts = Object.entries(fields as Record<string, unknown>).map(([k, v]) => `字段 ${k}：${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return parts.length ? `${m[1]}${parts.join('；')}` : message;
  } catch {
    return message;
  }
}

/**
 * Dead letters: WeChat subscription messages that failed for good (a permanent error, or every
 * retry failed) for items in the admin's subtree. The notice is still in the recipient's 消息中心,
 * and the item still in the holder's inbox; this page is for fixing the cause (template ids, pages).
 */
function DeadLettersPage() {
  const list = usePagedList<DeadLetterView>();
  const { items, page, hasMore, loading, loaded, error } = list;
  const load = (p: number) =>
    list.load(p, async () => {
      const r = await call('admin.deadLetters', { page: p });
      return { items: r.letters, hasMore: r.hasMore };
    });

  useAdminPagedList(list, load);

  return (
    <AdminGate>
      {() => (
        <View className='page deadletters'>
          <Text className='hint admin-intro'>以下微信通知没有送达。通知仍在收件人的消息中心里，事项仍在经办人的待办中；请检查模板配置或页面路径。</Text>
          <ErrorBox message={error} />
          {loaded && items.length === 0 && !error && <Empty text='没有未送达的通知' />}
          {items.map((d) => (
            <View key={d.id} className='card deadletter-row' onClick={() => Taro.navigateTo({ url: `/pages/item/index?id=${encodeURIComponent(d.itemId)}` })}>
              <Text className='section-title'>{d.templateTitle}</Text>
              <Text className='deadletter-row__who'>收件人：{d.recipient} · {d.summary}</Text>
              <Text className='deadletter-row__error field-error'>{readableError(d.error)}</Text>
              <Text className='muted'>
                {/* 0: refused before any send (e.g. the message broke its template's rules), not "tried 0 times". */}
                {d.attempts > 0 ? `尝试 ${d.attempts} 次` : '未发出'} · {fmtTime(d.at, 'YYYY-MM-DD HH:mm')}
              </Text>
            </View>
          ))}
          <LoadMore loading={loading} hasMore={hasMore} onMore={() => load(page + 1)} />
        </View>
      )}
    </AdminGate>
  );
}

export default observer(DeadLettersPage);
