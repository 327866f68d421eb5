import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { BoardResult } from '../../../core/api/contract';
import { call } from '../../../services/api';
import { session } from '../../../stores/session';
import StateBadge, { OverdueBadge } from '../../../components/StateBadge';
import ErrorBox from '../../../components/ErrorBox';
import Empty from '../../../components/Empty';
import { ChipPicker, Switch } from '../../../components/Form';
import { firstLine, holderRoleText, listTime } from '../../../components/lib';
import { usePagedList } from '../../../components/usePagedList';
import BulkPanel, { type BulkKind, type BulkOutcome } from './BulkPanel';
import GridFilter from './GridFilter';
import { CATEGORY_OPTIONS, CLASS_OPTIONS, GROUP_OPTIONS, LEVEL_OPTIONS, NO_FILTERS, activeCount, boardInput, type Filters } from './filters';
import '../components/admin.css';
import './index.css';
import LoadMore from '../../../components/LoadMore';

type Row = BoardResult['items'][number];
const BOARD_ROLES = ['streetAdmin', 'communityAdmin', 'gridLeader'];

const COUNT_TILES: { key: keyof BoardResult['counts']; label: string; apply: (f: Filters) => Filters }[] = [
  { key: 'open', label: '待办', apply: (f) => ({ ...f, group: 'open', overdue: false }) },
  { key: 'waiting', label: '等待', apply: (f) => ({ ...f, group: 'waiting', overdue: false }) },
  { key: 'closed', label: '已完成', apply: (f) => ({ ...f, group: 'closed', overdue: false }) },
  { key: 'overdue', label: '逾期', apply: (f) => ({ ...f, group: 'all', overdue: true }) },
];

/** 调度台: every item in the caller's subtree, with counts, filters, and bulk transfer / whistle. */
function BoardPage() {
  const list = usePagedList<Row>();
  const { items, page, hasMore, loading, loaded, error } = list;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [showFilters, setShowFilters] = useState(false);
  const [counts, setCounts] = useState<BoardResult['counts'] | null>(null);
  const [scope, setScope] = useState<BoardResult['scope'] | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulk, setBulk] = useState<BulkKind | null>(null);
  const [outcomes, setOutcomes] = useState<BulkOutcome[]>([]);

  // Counts and scope come with the rows, from the newest answer only (an older, slower one is dropped).
  const load = (f: Filters, p: number) =>
    list.load(
      p,
      () => call('dispatch.board', boardInput(f, p)),
      (r) => {
        setCounts(r.counts);
        setScope(r.scope);
      },
    );

  const allowed = () => !!session.me?.roles.some((r) => BOARD_ROLES.includes(r.role));

  useDidShow(() => {
    void session.ensure().then(() => {
      if (allowed()) void load(filters, 0);
    });
  });
  usePullDownRefresh(() => {
    void load(filters, 0).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (hasMore && !loading) void load(filters, page + 1);
  });

  function apply(next: Filters) {
    setFilters(next);
    setSelected([]);
    list.clear();
    void load(next, 0);
  }
  const patch = (p: Partial<Filters>) => apply({ ...filters, ...p });
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  // The bulk form and its results show above the list: bring them into view, or a tap far down the
  // list (where the bar sits) seems to do nothing.
  const toTop = () => void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => {});

  function openBulk(kind: BulkKind) {
    setBulk(kind);
    toTop();
  }

  function finished(res: BulkOutcome[]) {
    setOutcomes(res);
    setBulk(null);
    setSelected([]);
    toTop();
    void load(filters, 0);
  }

  const me = session.me;
  if (!me) {
    return (
      <View className='page'>
        {session.error ? <ErrorBox message={session.error} /> : <Text className='loading'>加载中…</Text>}
      </View>
    );
  }
  if (!allowed()) {
    return (
      <View className='page'>
        <Empty text='调度台仅对街道、社区管理员和网格长开放' />
      </View>
    );
  }

  const selectedRows = items.filter((i) => selected.includes(i.id));
  const nFilters = activeCount(filters);

  return (
    <View className={`page board ${selected.length ? 'board--selecting' : ''}`}>
      {scope && (
        <Text className='board__scope'>
          {scope.name} · 共 {counts ? counts.open + counts.waiting + counts.closed : 0} 件
        </Text>
      )}
      <View className='board-counts'>
        {COUNT_TILES.map((t) => {
          const on = t.key === 'overdue' ? filters.overdue : filters.group === t.key && !filters.overdue;
          return (
            <View key={t.key} className={`board-count board-count-${t.key} ${on ? 'board-count--on' : ''}`} onClick={() => apply(on ? { ...filters, group: 'all', overdue: false } : t.apply(filters))}>
              <Text className='board-count__n'>{counts ? counts[t.key] : '—'}</Text>
              <Text className='board-count__label'>{t.label}</Text>
            </View>
          );
        })}
      </View>

      <View className='card board-filters'>
        <View className='board-filters__head' onClick={() => setShowFilters(!showFilters)}>
          <Text className='board-filters__title'>筛选{nFilters ? `（${nFilters}）` : ''}</Text>
          <Text className='link'>{showFilters ? '收起' : '展开'}</Text>
        </View>
        {showFilters && (
          <View className='board-filters__body'>
            <ChipPicker label='层级' options={LEVEL_OPTIONS} value={filters.level} onChange={(level) => patch({ level })} chipClass='board-level-chip' />
            <ChipPicker label='状态' options={GROUP_OPTIONS} value={filters.group} onChange={(group) => patch({ group, overdue: false })} chipClass='board-group-chip' />
            <Switch label='只看超期' value={filters.overdue} onChange={(overdue) => patch({ overdue, ...(overdue ? { group: 'all' as const } : {}) })} className='board-overdue' />
            <ChipPicker label='分级' options={CLASS_OPTIONS} value={filters.itemClass} onChange={(itemClass) => patch({ itemClass })} chipClass='board-class-chip' />
            <ChipPicker label='分类' options={CATEGORY_OPTIONS} value={filters.category} onChange={(category) => patch({ category })} chipClass='board-category-chip' />
            {scope && <GridFilter scope={scope} value={filters.gridId} onChange={(gridId) => patch({ gridId })} />}
            {nFilters > 0 && (
              <Text className='link board-filters__clear' onClick={() => apply(NO_FILTERS)}>
                清除筛选
              </Text>
            )}
          </View>
        )}
      </View>

      {outcomes.length > 0 && (
        <View className='card bulk-results'>
          <View className='board-filters__head'>
            <Text className='section-title'>
              批量处理结果：成功 {outcomes.filter((o) => o.ok).length} 件，失败 {outcomes.filter((o) => !o.ok).length} 件
            </Text>
          </View>
          {outcomes.map((o) => (
            <View key={o.id} className={`bulk-result ${o.ok ? 'bulk-result--ok' : 'bulk-result--fail'}`} data-ok={o.ok ? '1' : '0'}>
              <Text className='bulk-result__title'>{o.title}</Text>
              <Text className='bulk-result__msg'>{o.ok ? `✓ ${o.message}` : `✗ ${o.message}`}</Text>
            </View>
          ))}
          <Text className='link' onClick={() => setOutcomes([])}>
            知道了
          </Text>
        </View>
      )}

      {bulk && <BulkPanel kind={bulk} selected={selectedRows} onClose={() => setBulk(null)} onFinished={finished} />}

      <ErrorBox message={error} />
      {loaded && items.length === 0 && !error && <Empty text='没有符合条件的事项' />}
      {items.map((it) => {
        const on = selected.includes(it.id);
        return (
          <View key={it.id} className={`board-row ${on ? 'board-row--on' : ''}`} data-id={it.id}>
            <View className={`board-check ${on ? 'board-check--on' : ''}`} aria-checked={on} role='checkbox' onClick={() => toggle(it.id)}>
              <Text>{on ? '✓' : ''}</Text>
            </View>
            <View className='board-row__body' onClick={() => Taro.navigateTo({ url: `/packages/cadre/handle/index?id=${encodeURIComponent(it.id)}` })}>
              <View className='board-row__top'>
                <Text className='board-row__kind'>{it.kindLabel}</Text>
                <Text className='board-row__category'>{it.category}</Text>
                {it.overdue && <OverdueBadge />}
                <StateBadge state={it.state} label={it.stateLabel} />
              </View>
              <Text className='board-row__desc'>{firstLine(it.description, 30)}</Text>
              <View className='board-row__tags'>
                <Text className='badge badge--red'>{it.levelLabel}</Text>
                <Text className='badge badge--blue'>{it.classLabel}</Text>
                {it.hops > 0 && <Text className='badge'>流转 {it.hops} 次</Text>}
              </View>
              <Text className='board-row__meta'>
                {it.holderName}
                {holderRoleText(it.holderRoleLabel)} · <Text className='board-row__due'>期限 {listTime(it.dueAt)}</Text>
              </Text>
            </View>
          </View>
        );
      })}
      <LoadMore loading={loading} hasMore={hasMore} onMore={() => load(filters, page + 1)} />

      {selected.length > 0 && !bulk && (
        <View className='bulk-bar'>
          <Text className='bulk-bar__count'>已选 {selected.length} 件</Text>
          <Text className='bulk-bar__clear' onClick={() => setSelected([])}>
            取消
          </Text>
          <View className='btn-sm btn-sm--ghost bulk-transfer-btn' onClick={() => openBulk('transfer')}>
            <Text>批量转办</Text>
          </View>
          <View className='btn-sm btn-sm--primary bulk-whistle-btn' onClick={() => openBulk('whistle')}>
            <Text>批量吹哨</Text>
          </View>
        </View>
      )}
    </View>
  );
}

export default observer(BoardPage);
