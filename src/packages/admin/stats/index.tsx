import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View, Text, Picker } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { StatsRow, StatsSummary } from '../../../core/stats/contract';
import { PERIOD_LABEL, resolvePeriod, type PeriodInput, type PeriodKind } from '../../../core/stats/periods';
import { AVERAGES, COUNTING_NOTE, RATES, average, duration, percent, rate, type RateKey } from '../../../core/stats/rates';
import type { Counts } from '../../../core/stats/tally';
import { call } from '../../../services/api';
import { session } from '../../../stores/session';
import ErrorBox from '../../../components/ErrorBox';
import { Button, ChipPicker, Field } from '../../../components/Form';
import { readParam } from '../../../components/lib';
import { useLatestLoad } from '../../../components/useLatestLoad';
import '../components/admin.css';
import './index.css';

const STATS_ROLES = ['streetAdmin', 'communityAdmin', 'gridLeader'];
const KINDS: PeriodKind[] = ['month', 'lastMonth', 'quarter', 'year', 'custom'];
const LEVEL_NAME = { street: '街道', community: '社区', grid: '网格' } as const;
const CHILD_NAME = { community: '社区', grid: '网格', person: '人员' } as const;

type SortKey = 'submitted' | RateKey;
const SORTS: { value: SortKey; label: string }[] = [
  { value: 'submitted', label: '按事项数' },
  { value: 'response', label: '按响应率' },
  { value: 'close', label: '按办结率' },
  { value: 'satisfaction', label: '按满意率' },
];

/** The columns of every table: how many, then the three rates people are judged by. */
const COLUMNS: { key: string; label: string; value: (c: Counts) => string }[] = [
  { key: 'submitted', label: '事项', value: (c) => String(c.submitted ?? 0) },
  { key: 'response', label: '响应率', value: (c) => percent(rate(c, 'response')) },
  { key: 'close', label: '办结率', value: (c) => percent(rate(c, 'close')) },
  { key: 'satisfaction', label: '满意率', value: (c) => percent(rate(c, 'satisfaction')) },
];

const COUNT_TILES: { key: keyof Counts; label: string }[] = [
  { key: 'submitted', label: '提交' },
  { key: 'accepted', label: '受理' },
  { key: 'resolved', label: '办结' },
  { key: 'closed', label: '完结' },
  { key: 'rated', label: '已评价' },
  { key: 'rectified', label: '整改' },
  { key: 'overdue', label: '超期' },
  { key: 'escalated', label: '上报' },
  { key: 'whistled', label: '吹哨' },
  { key: 'rejected', label: '退回' },
  { key: 'withdrawn', label: '撤回' },
];

const sortValue = (r: StatsRow, k: SortKey) => (k === 'submitted' ? r.counts.submitted ?? 0 : rate(r.counts, k).value ?? -1);

function periodParam(p: PeriodInput): string {
  return p.kind === 'custom' ? `&kind=custom&from=${p.from ?? ''}&to=${p.to ?? ''}` : `&kind=${p.kind}`;
}

function Table({ title, rows, sort, onOpen, className }: { title: string; rows: StatsRow[]; sort?: SortKey; onOpen?: (r: StatsRow) => void; className: string }) {
  const sorted = sort ? [...rows].sort((a, b) => sortValue(b, sort) - sortValue(a, sort)) : rows;
  return (
    <View className={`stats-table ${className}`}>
      <View className='stats-table__head'>
        <Text className='stats-table__name'>{title}</Text>
        {COLUMNS.map((c) => (
          <Text key={c.key} className='stats-table__num'>
            {c.label}
          </Text>
        ))}
      </View>
      {sorted.length === 0 && <Text className='hint'>本期没有数据</Text>}
      {sorted.map((r, i) => (
        <View key={r.id} className={`stats-table__row ${onOpen ? 'stats-table__row--link' : ''}`} data-id={r.id} onClick={() => onOpen?.(r)}>
          <Text className='stats-table__name'>
            {sort ? <Text className='stats-table__rank'>{i + 1}</Text> : null}
            {r.name}
            {onOpen ? <Text className='row__arrow'> ›</Text> : null}
          </Text>
          {COLUMNS.map((c) => (
            <Text key={c.key} className={`stats-table__num stats-col-${c.key}`}>
              {c.value(r.counts)}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

function Trend({ trend }: { trend: StatsSummary['trend'] }) {
  const max = Math.max(1, ...trend.points.map((p) => Math.max(p.counts.submitted ?? 0, p.counts.resolved ?? 0)));
  const label = (k: string) => (trend.by === 'day' ? k.slice(8, 10) : `${Number(k.slice(5, 7))}月`);
  return (
    <View className='stats-trend'>
      <View className='stats-trend__legend'>
        <Text className='stats-trend__key stats-trend__key--in'>提交</Text>
        <Text className='stats-trend__key stats-trend__key--out'>办结</Text>
        <Text className='muted stats-trend__by'>{trend.by === 'day' ? '按日' : '按月'}，最高 {max} 件</Text>
      </View>
      <View className='stats-trend__plot'>
        {trend.points.map((p) => (
          <View key={p.key} className='stats-trend__col' data-key={p.key} data-submitted={p.counts.submitted ?? 0}>
            <View className='stats-trend__bars'>
              <View className='stats-trend__bar stats-trend__bar--in' style={{ height: `${((p.counts.submitted ?? 0) / max) * 100}%` }} />
              <View className='stats-trend__bar stats-trend__bar--out' style={{ height: `${((p.counts.resolved ?? 0) / max) * 100}%` }} />
            </View>
            <Text className='stats-trend__label'>{label(p.key)}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

/** 统计: the rates of a period for the caller's street, community or grid, by child, category and department. */
function StatsPage() {
  const params = useRouter().params;
  const nodeId = readParam(params.nodeId);
  const initialKind = (KINDS as string[]).includes(readParam(params.kind)) ? (readParam(params.kind) as PeriodKind) : 'month';
  const [kind, setKind] = useState<PeriodKind>(initialKind);
  const [from, setFrom] = useState(readParam(params.from));
  const [to, setTo] = useState(readParam(params.to));
  const [rangeError, setRangeError] = useState('');
  const [sort, setSort] = useState<SortKey>('submitted');
  const [data, setData] = useState<StatsSummary | null>(null);
  const { loading, error, run } = useLatestLoad();

  const allowed = () => !!session.me?.roles.some((r) => STATS_ROLES.includes(r.role));

  const load = (p: PeriodInput) => run(() => call('stats.summary', { ...(nodeId ? { nodeId } : {}), period: p }), setData);
  const current = (): PeriodInput => (kind === 'custom' ? { kind, from, to } : { kind });

  useDidShow(() => {
    void session.ensure().then(() => {
      if (allowed() && (kind !== 'custom' || (from && to))) void load(current());
    });
  });
  usePullDownRefresh(() => {
    void load(current()).finally(() => Taro.stopPullDownRefresh());
  });

  function choose(k: PeriodKind) {
    setKind(k);
    setRangeError('');
    if (k !== 'custom') void load({ kind: k });
  }

  function queryRange() {
    const p: PeriodInput = { kind: 'custom', from, to };
    // The same check the server makes, so a bad range is explained before any call.
    const r = resolvePeriod(p, new Date());
    if ('error' in r) return setRangeError(r.error);
    setRangeError('');
    void load(p);
  }

  const open = (id: string) => Taro.navigateTo({ url: `/packages/admin/stats/index?nodeId=${encodeURIComponent(id)}${periodParam(current())}` });

  if (!session.me) {
    return (
      <View className='page'>
        <ErrorBox message={session.error} />
        {!session.error && <Text className='loading'>加载中…</Text>}
      </View>
    );
  }
  if (!allowed()) {
    return (
      <View className='page'>
        <View className='card admin-denied'>
          <Text className='admin-denied__title'>您没有查看统计的权限</Text>
          <Text className='hint'>统计仅对街道、社区管理员和网格长开放。</Text>
        </View>
      </View>
    );
  }

  const t = data?.totals ?? {};
  const drillable = data && data.children.level !== 'person';

  return (
    <View className='page stats-page'>
      <View className='card'>
        {data && (
          <View className='breadcrumb stats-trail'>
            {data.trail.map((n, i) => (
              <Text key={n.id}>
                {i > 0 ? ' › ' : ''}
                {i < data.trail.length - 1 ? (
                  <Text className='breadcrumb__item' onClick={() => open(n.id)}>
                    {n.name}
                  </Text>
                ) : (
                  <Text className='breadcrumb__current'>{n.name}</Text>
                )}
              </Text>
            ))}
          </View>
        )}
        <View className='admin-head'>
          <Text className='admin-head__title stats-scope'>{data ? `${data.scope.name} · ${LEVEL_NAME[data.scope.level]}统计` : '统计'}</Text>
        </View>
        {data && (
          <Text className='admin-head__meta stats-period'>
            {data.period.label}：{data.period.from} 至 {data.period.to}
          </Text>
        )}
        <ChipPicker label='统计期' options={KINDS.map((k) => ({ value: k, label: PERIOD_LABEL[k] }))} value={kind} onChange={choose} chipClass='stats-kind-chip' />
        {kind === 'custom' && (
          <View className='stats-range'>
            <Field label='开始日期' className='stats-range__field'>
              <Picker mode='date' value={from} end={to || undefined} onChange={(e) => setFrom(String(e.detail.value))}>
                <View className={`input stats-date stats-date-from ${from ? '' : 'stats-date--empty'}`}>{from || '选择开始日期'}</View>
              </Picker>
            </Field>
            <Field label='结束日期' className='stats-range__field'>
              <Picker mode='date' value={to} start={from || undefined} onChange={(e) => setTo(String(e.detail.value))}>
                <View className={`input stats-date stats-date-to ${to ? '' : 'stats-date--empty'}`}>{to || '选择结束日期'}</View>
              </Picker>
            </Field>
            <ErrorBox message={rangeError} />
            <Button onClick={queryRange} busy={loading} className='stats-query-btn'>
              查询
            </Button>
          </View>
        )}
        <ErrorBox message={error} />
      </View>

      {loading && !data && <Text className='loading'>加载中…</Text>}

      {data && (
        <>
          <View className='card stats-rates'>
            <Text className='section-title'>三率与办结</Text>
            <View className='stats-tiles'>
              {RATES.map((d) => {
                const r = rate(t, d);
                return (
                  <View key={d.key} className={`stats-tile stats-rate-${d.key}`}>
                    <Text className='stats-tile__value'>{percent(r)}</Text>
                    <Text className='stats-tile__label'>{d.label}</Text>
                    <Text className='stats-tile__frac'>
                      {r.num} / {r.den}
                    </Text>
                  </View>
                );
              })}
              {AVERAGES.map((d) => (
                <View key={d.key} className={`stats-tile stats-avg-${d.key}`}>
                  <Text className='stats-tile__value stats-tile__value--small'>{duration(average(t, d))}</Text>
                  <Text className='stats-tile__label'>{d.label}</Text>
                </View>
              ))}
            </View>
            <View className='stats-counts'>
              {COUNT_TILES.map((c) => (
                <Text key={c.key} className={`badge stats-count-${c.key}`}>
                  {c.label} {t[c.key] ?? 0}
                </Text>
              ))}
            </View>
          </View>

          <View className='card'>
            <Text className='section-title'>趋势</Text>
            <Trend trend={data.trend} />
          </View>

          <View className='card'>
            <Text className='section-title'>按{CHILD_NAME[data.children.level]}{data.children.level === 'person' ? '排名' : ''}</Text>
            <ChipPicker options={SORTS} value={sort} onChange={setSort} chipClass='stats-sort-chip' />
            <Table
              title={CHILD_NAME[data.children.level]}
              rows={data.children.rows}
              sort={sort}
              className='stats-children'
              onOpen={drillable ? (r) => open(r.id) : undefined}
            />
            {drillable && <Text className='muted'>点击{CHILD_NAME[data.children.level]}查看下一级</Text>}
          </View>

          <View className='card'>
            <Text className='section-title'>按事项分类</Text>
            <Table title='分类' rows={data.categories} className='stats-categories' />
          </View>

          {data.departments.length > 0 && (
            <View className='card'>
              <Text className='section-title'>按职能部门</Text>
              <Table title='部门' rows={data.departments} className='stats-departments' />
            </View>
          )}

          <View className='card stats-defs'>
            <Text className='section-title'>指标口径</Text>
            {RATES.map((d) => (
              <View key={d.key} className='stats-def'>
                <Text className='stats-def__name'>{d.label}</Text>
                <Text className='stats-def__text'>{d.text}</Text>
              </View>
            ))}
            {AVERAGES.map((d) => (
              <View key={d.key} className='stats-def'>
                <Text className='stats-def__name'>{d.label}</Text>
                <Text className='stats-def__text'>{d.text}</Text>
              </View>
            ))}
            <Text className='muted stats-def__note'>{COUNTING_NOTE}</Text>
            <Text className='muted'>数据来自随每次办理同步记录的计数（读取 {data.documents} 份计数），不逐条扫描事项。</Text>
          </View>
        </>
      )}
    </View>
  );
}

export default observer(StatsPage);
