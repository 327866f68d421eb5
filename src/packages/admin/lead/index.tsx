import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { LeadList, LeadRow } from '../../../core/engage/contract';
import { call } from '../../../services/api';
import { session } from '../../../stores/session';
import ErrorBox from '../../../components/ErrorBox';
import Empty from '../../../components/Empty';
import { Button, ChipPicker } from '../../../components/Form';
import { errorText, fmtTime, listTime, readParam } from '../../../components/lib';
import { usePagedList, usePagingGestures } from '../../../components/usePagedList';
import '../components/admin.css';
import './index.css';
import LoadMore from '../../../components/LoadMore';

type View_ = 'led' | 'open';
const VIEWS: { value: View_; label: string }[] = [
  { value: 'led', label: '本月领办' },
  { value: 'open', label: '可领办事项' },
];

/** 'YYYY-MM' plus n months. */
function addMonths(m: string, n: number): string {
  const [y, mm] = m.split('-').map(Number);
  const d = new Date(Date.UTC(y, mm - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * 书记领办: a secretary's monthly list of the items they (and other secretaries of the subtree) took
 * on, with state and days open; and the open items of the subtree to take on. Community and
 * street admins see the lists too; only secretaries lead (the server decides).
 */
function LeadPage() {
  const nodeId = readParam(useRouter().params.nodeId);
  const [view, setView] = useState<View_>('led');
  const [month, setMonth] = useState('');
  const [info, setInfo] = useState<Omit<LeadList, 'rows' | 'hasMore'> | null>(null);
  const [rows, setRows] = useState<Record<string, LeadRow>>({});
  const [busy, setBusy] = useState('');
  const [actionError, setActionError] = useState('');
  const list = usePagedList<LeadRow>();
  const { items, page, hasMore, loading, loaded, error } = list;

  const load = (p: number, v: View_ = view, m: string = month) =>
    list.load(
      p,
      async () => {
        const { rows: got, hasMore: more, ...info } = await call('lead.list', { view: v, ...(m ? { month: m } : {}), ...(nodeId ? { nodeId } : {}), page: p });
        return { items: got, hasMore: more, info };
      },
      // From the newest answer only, with the rows.
      (r) => {
        setInfo(r.info);
        if (!m) setMonth(r.info.month);
        setRows({});
      },
    );

  useDidShow(() => {
    void session.ensure().then(() => load(0));
  });
  usePagingGestures(list, load);

  async function lead(r: LeadRow) {
    if (busy) return;
    setBusy(r.id);
    setActionError('');
    try {
      const next = await call('item.lead', { id: r.id });
      setRows((m) => ({ ...m, [r.id]: next }));
    } catch (e) {
      setActionError(errorText(e));
    } finally {
      setBusy('');
    }
  }

  const thisMonth = fmtTime(new Date().toISOString(), 'YYYY-MM');
  const switchTo = (v: View_, m = month) => {
    setView(v);
    setMonth(m);
    list.clear();
    void load(0, v, m);
  };

  return (
    <View className='page lead-page'>
      {info && <Text className='hint'>{info.scope.name}</Text>}
      <ChipPicker options={VIEWS} value={view} chipClass='lead-view-chip' onChange={(v) => switchTo(v)} />
      {view === 'led' && month && (
        <View className='card lead-month'>
          <Text className='link lead-prev' onClick={() => switchTo('led', addMonths(month, -1))}>‹ 上月</Text>
          <Text className='lead-month__label'>{month.replace('-', '年')}月</Text>
          <Text className={`link lead-next ${month >= thisMonth ? 'btn--disabled' : ''}`} onClick={() => month < thisMonth && switchTo('led', addMonths(month, 1))}>
            下月 ›
          </Text>
        </View>
      )}
      {view === 'led' && info?.counts && (
        <View className='card lead-counts'>
          {[
            ['领办', info.counts.total],
            ['已办结', info.counts.finished],
            ['办理中', info.counts.open],
          ].map(([label, n]) => (
            <View key={label as string}>
              <Text className='lead-count__n'>{n}</Text>
              <Text className='lead-count__label'>{label}</Text>
            </View>
          ))}
        </View>
      )}
      <ErrorBox message={error || actionError} />
      {loaded && items.length === 0 && !error && <Empty text={view === 'led' ? '本月还没有领办事项' : '没有待办的事项'} />}
      {items.map((raw) => {
        const r = rows[raw.id] ?? raw;
        return (
          <View key={r.id} className='card lead-row' data-id={r.id}>
            <View className='admin-head'>
              <Text className='section-title'>
                {r.kindLabel} · {r.category}
              </Text>
              <Text className={`badge ${r.finished ? 'badge--green' : r.overdue ? 'badge--red' : 'badge--orange'} lead-row__state`}>
                {r.stateLabel}
                {r.overdue ? ' · 超期' : ''}
              </Text>
            </View>
            <Text className='lead-row__desc' onClick={() => Taro.navigateTo({ url: `/pages/item/index?id=${encodeURIComponent(r.id)}` })}>
              {r.description}
            </Text>
            <Text className='muted'>
              经办：{r.holderName || '—'} · 提交于 {listTime(r.createdAt, { date: true })} ·{' '}
              <Text className='lead-row__days'>{r.finished ? `用时 ${r.daysOpen} 天` : `已 ${r.daysOpen} 天`}</Text>
            </Text>
            {r.lead ? (
              <Text className='muted lead-row__by'>
                {r.lead.name} {listTime(r.lead.at, { date: true })} 领办{r.lead.note ? `：${r.lead.note}` : ''}
              </Text>
            ) : info?.canLead ? (
              <Button size='small' className='lead-btn' busy={busy === r.id} onClick={() => void lead(r)}>
                领办
              </Button>
            ) : null}
          </View>
        );
      })}
      <LoadMore loading={loading} hasMore={hasMore} onMore={() => load(page + 1)} />
    </View>
  );
}

export default observer(LeadPage);
