import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { EchoReviewView } from '../../../core/engage/contract';
import type { EchoOp } from '../../../core/engage/schemas';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import Empty from '../../../components/Empty';
import { Stars } from '../../../components/StarRating';
import { Button, ChipPicker, TextInput } from '../../../components/Form';
import { errorText, fmtTime, readParam } from '../../../components/lib';
import { usePagedList } from '../../../components/usePagedList';
import AdminGate from '../components/AdminGate';
import { useAdminPagedList } from '../components/useAdminPagedList';
import '../components/admin.css';
import './index.css';
import LoadMore from '../../../components/LoadMore';

type Filter = 'all' | 'pendingPhotos' | 'hidden';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'pendingPhotos', label: '照片待审核' },
  { value: 'hidden', label: '已隐藏' },
];
const PHOTO_STATUS = { pending: '待审核', approved: '已公开', hidden: '已隐藏' } as const;

/** One entry with its moderation controls; every change goes through echoWall.moderate (logged, audited). */
function EntryCard({ e, onChanged }: { e: EchoReviewView; onChanged: (next: EchoReviewView) => void }) {
  const [words, setWords] = useState('');
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');

  async function act(op: EchoOp, extra: { words?: string[]; photo?: string } = {}) {
    if (busy) return;
    setBusy(op + (extra.photo ?? ''));
    setError('');
    try {
      onChanged(await call('echoWall.moderate', { id: e.id, version: e.version, op, ...extra }));
      if (op === 'redact') setWords('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy('');
    }
  }

  const list = words.split(/[,，、\s]+/).map((w) => w.trim()).filter(Boolean);
  return (
    <View className={`card echo-review ${e.hidden ? 'echo-review--hidden' : ''}`} data-id={e.id}>
      <View className='admin-head'>
        <Text className='section-title'>
          {e.kindLabel} · {e.category}
        </Text>
        <Text className={`badge ${e.hidden ? 'badge--grey' : 'badge--green'} echo-review__state`}>{e.hidden ? '已隐藏' : '公开中'}</Text>
      </View>
      <Text className='muted'>
        {e.communityName} · {e.gridName} · {fmtTime(e.closedAt, 'YYYY-MM-DD')} 办结
      </Text>
      <Text className='echo-review__label'>居民反映</Text>
      <Text className='echo-review__text echo-review__desc'>{e.text}</Text>
      <Text className='echo-review__label'>办理结果</Text>
      <Text className='echo-review__text'>{e.resolution || '—'}</Text>
      <View>
        <Stars n={e.rating.stars} />
        <Text className='muted'>{e.rating.comment ? `“${e.rating.comment}”` : ''}</Text>
      </View>
      {e.photos.length > 0 && (
        <View className='echo-review__photos'>
          {e.photos.map((p) => (
            <View key={p.key} className={`echo-review__photo echo-photo-${p.key}`} data-status={p.status}>
              <Image className='echo-review__img' src={p.url} mode='aspectFill' />
              <Text className='muted'>
                {p.stage === 'before' ? '居民照片' : '办结照片'} · {PHOTO_STATUS[p.status]}
              </Text>
              {p.status !== 'approved' && (
                <Text className='btn-sm btn-sm--primary echo-photo-approve' onClick={() => void act('photoApprove', { photo: p.key })}>
                  {busy === `photoApprove${p.key}` ? '处理中…' : '通过'}
                </Text>
              )}
              {p.status !== 'hidden' && (
                <Text className='btn-sm btn-sm--danger echo-photo-hide' onClick={() => void act('photoHide', { photo: p.key })}>
                  {busy === `photoHide${p.key}` ? '处理中…' : '隐藏'}
                </Text>
              )}
            </View>
          ))}
        </View>
      )}
      <TextInput
        label='隐去文字'
        hint='填写要隐去的词（可用逗号分隔多个），公开内容中会显示为＊'
        value={words}
        onChange={setWords}
        maxlength={100}
        inputClass='echo-redact-input'
        placeholder='例如：东门'
      />
      <View className='admin-actions'>
        <Button kind='ghost' size='small' className='echo-redact-btn' busy={busy === 'redact'} disabled={!list.length} onClick={() => void act('redact', { words: list })}>
          隐去这些词
        </Button>
        {e.hidden ? (
          <Button kind='ghost' size='small' className='echo-show-btn' busy={busy === 'show'} onClick={() => void act('show')}>
            恢复显示
          </Button>
        ) : (
          <Button kind='danger' size='small' className='echo-hide-btn' busy={busy === 'hide'} onClick={() => void act('hide')}>
            从回音壁隐藏
          </Button>
        )}
      </View>
      <ErrorBox message={error} />
      <View className='echo-review__log'>
        {e.log.map((l, i) => (
          <Text key={i} className='echo-review__log-line'>
            {fmtTime(l.at, 'MM-DD HH:mm')} {l.name} {l.action}：{l.detail}
          </Text>
        ))}
      </View>
    </View>
  );
}

/**
 * 回音壁审核 (community and street admins, their subtree): what the public wall shows of each
 * closed item, with hide/show, hiding words and approving or hiding photos. Every change is
 * recorded on the entry (who, when) and in the audit log.
 */
function EchoReviewPage() {
  const nodeId = readParam(useRouter().params.nodeId);
  const [filter, setFilter] = useState<Filter>('all');
  const [scopeName, setScopeName] = useState('');
  const list = usePagedList<EchoReviewView>();
  const { items, page, hasMore, loading, loaded, error } = list;
  const [entries, setEntries] = useState<Record<string, EchoReviewView>>({});
  const load = (p: number, f: Filter = filter) =>
    list.load(
      p,
      async () => {
        const r = await call('echoWall.review', { ...(nodeId ? { nodeId } : {}), filter: f, page: p });
        return { items: r.entries, hasMore: r.hasMore, scopeName: r.scope.name };
      },
      // From the newest answer only, with the rows.
      (r) => {
        setScopeName(r.scopeName);
        setEntries({});
      },
    );

  useAdminPagedList(list, load);

  return (
    <AdminGate>
      {() => (
        <View className='page echo-review-page'>
          <Text className='hint admin-intro'>{scopeName ? `${scopeName}：` : ''}居民同意公开、已办结的事项。系统已自动隐去姓名、电话、房号；照片需审核通过后才公开。每次处理都会记录处理人和时间。</Text>
          <ChipPicker options={FILTERS} value={filter} chipClass='echo-filter-chip' onChange={(f) => { setFilter(f); list.clear(); void load(0, f); }} />
          <ErrorBox message={error} />
          {loaded && items.length === 0 && !error && <Empty text='没有符合条件的条目' />}
          {items.map((e) => (
            <EntryCard key={e.id} e={entries[e.id] ?? e} onChanged={(next) => setEntries((m) => ({ ...m, [next.id]: next }))} />
          ))}
          <LoadMore loading={loading} hasMore={hasMore} onMore={() => load(page + 1)} />
        </View>
      )}
    </AdminGate>
  );
}

export default observer(EchoReviewPage);
