import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View, Text, Picker } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { StatsDrill, StatsOverview, StatsRow } from '../../../core/stats/contract';
import { PERIOD_LABEL, resolvePeriod, type PeriodInput, type PeriodKind } from '../../../core/stats/periods';
import { AVERAGES, COUNTING_NOTE, RATES, average, duration, percent, rate, type RateKey } from '../../../core/stats/rates';
import type { Counts } from '../../../core/stats/tally';
import { WARNING_TEXT } from '../../../core/stats/warnings';
import { call } from '../../../services/api';
import { settle } from '../../../services/jobs';
import { platform } from '../../../services/platform';
import { errorText } from '../../../components/lib';
import { session } from '../../../stores/session';
import ErrorBox from '../../../components/ErrorBox';
import { Button, ChipPicker, Field } from '../../../components/Form';
import { readParam } from '../../../components/lib';
import { useLatestLoad } from '../../../components/useLatestLoad';
import { F2Chart, rankingElement, trendElement } from './charts';
import { LEVEL_LABEL } from '../components/labels';
import '../components/admin.css';
import './index.css';

const STATS_ROLES = ['streetAdmin', 'communityAdmin', 'gridLeader'];
const KINDS: PeriodKind[] = ['month', 'lastMonth', 'quarter', 'year', 'custom'];
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

/** What a rate's two numbers count, in the words of the count tiles below (rates.ts: each rate's num and den). */
const FRACTION_LABEL: Record<RateKey, [string, string]> = {
  response: ['按时响应', '应响应'],
  solve: ['已解决', '已评价'],
  satisfaction: ['满意', '已评价'],
  close: ['完结', '受理'],
  onTime: ['按期办结', '办结'],
};

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

function Trend({ trend }: { trend: StatsOverview['trend'] }) {
  const max = Math.max(0, ...trend.points.map((p) => Math.max(p.counts.submitted ?? 0, p.counts.resolved ?? 0)));
  const total = trend.points.reduce((n, p) => n + (p.counts.submitted ?? 0), 0);
  return (
    <View className='stats-trend' data-total={total}>
      <F2Chart id='stats-trend-chart' className='stats-chart' version={JSON.stringify(trend)} element={() => trendElement(trend)} />
      <Text className='muted stats-trend__by'>
        {trend.by === 'day' ? '按日' : '按月'}：共提交 {total} 件，单{trend.by === 'day' ? '日' : '月'}最高 {max} 件
      </Text>
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
  const [data, setData] = useState<StatsOverview | null>(null);
  const [drill, setDrill] = useState<StatsDrill | null>(null);
  const [drillError, setDrillError] = useState('');
  const [exporting, setExporting] = useState('');
  const [exported, setExported] = useState<{ name: string; url: string } | null>(null);
  const [exportError, setExportError] = useState('');
  const alive = useRef(true);
  const { loading, error, run } = useLatestLoad();

  const allowed = () => !!session.me?.roles.some((r) => STATS_ROLES.includes(r.role));

  const scopeArg = nodeId ? { nodeId } : {};
  const load = (p: PeriodInput) =>
    run(() => call('stats.overview', { ...scopeArg, period: p }), (d) => {
      setData(d);
      setDrill(null);
      setExported(null);
    });

  /** 下钻 by one category or department: which children it came from. */
  async function openDrill(by: { category?: string; departmentId?: string }) {
    setDrillError('');
    try {
      setDrill(await call('stats.drill', { ...scopeArg, period: current(), dimension: 'children', ...by }));
    } catch (e) {
      setDrillError(errorText(e));
    }
  }

  /** 统计分析报告: made by a background job; small ones answer at once. */
  async function exportReport() {
    setExportError('');
    setExported(null);
    setExporting('正在生成报告…');
    alive.current = true;
    try {
      const res = await call('stats.export', { ...scopeArg, period: current() });
      const file = await settle(res, (j) => setExporting(`${j.message ?? '生成中'}（${j.processed}/${j.total}）`), () => alive.current, (id) => call('stats.job', { id }));
      const f = file as { name: string; url: string };
      setExported(f);
      await platform.openFile(f.url, f.name);
    } catch (e) {
      setExportError(errorText(e));
    } finally {
      setExporting('');
    }
  }
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
        {/* The levels above, to go back up; the title below names this one (not twice). */}
        {data && data.trail.length > 1 && (
          <View className='breadcrumb stats-trail'>
            {data.trail.slice(0, -1).map((n, i) => (
              <Text key={n.id}>
                {i > 0 ? ' › ' : ''}
                <Text className='breadcrumb__item' onClick={() => open(n.id)}>
                  {n.name}
                </Text>
              </Text>
            ))}
            <Text> ›</Text>
          </View>
        )}
        <View className='admin-head'>
          <Text className='admin-head__title stats-scope'>{data ? `${data.scope.name} · ${LEVEL_LABEL[data.scope.level]}统计` : '统计'}</Text>
        </View>
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
        {data && (
          <Text className='admin-head__meta stats-period'>
            {data.period.label}：{data.period.from} 至 {data.period.to}
          </Text>
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
                      <Text className='stats-tile__part'>
                        {FRACTION_LABEL[d.key][0]} {r.num} /
                      </Text>{' '}
                      <Text className='stats-tile__part'>
                        {FRACTION_LABEL[d.key][1]} {r.den}
                      </Text>
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

          <View className='card stats-warnings'>
            <Text className='section-title'>预警</Text>
            {data.warnings.items.length === 0 ? (
              <Text className='hint stats-warnings__none'>本期没有分类在网格内明显上升（对比 {data.warnings.previous.from} 至 {data.warnings.previous.to}）</Text>
            ) : (
              <>
                <Text className='muted'>对比上期 {data.warnings.previous.from} 至 {data.warnings.previous.to}</Text>
                {data.warnings.items.map((w) => (
                  <View key={`${w.gridId}:${w.category}`} className='stats-warning' data-grid={w.gridId} data-category={w.category}>
                    <Text className='stats-warning__flag'>预警</Text>
                    <Text className='stats-warning__text'>
                      {w.gridName} · {w.category}：本期 {w.count} 件，上期 {w.previous} 件{w.ratio ? `（${Math.round(w.ratio * 10) / 10} 倍）` : '（新出现）'}
                    </Text>
                  </View>
                ))}
              </>
            )}
            <Text className='muted stats-def__note'>{WARNING_TEXT}</Text>
          </View>

          <View className='card'>
            <Text className='section-title'>按{CHILD_NAME[data.children.level]}排名</Text>
            <ChipPicker options={SORTS} value={sort} onChange={setSort} chipClass='stats-sort-chip' />
            {data.children.rows.length > 0 && (
              <F2Chart
                id='stats-rank-chart'
                className='stats-chart stats-chart--rank'
                version={`${sort}:${JSON.stringify(data.children.rows)}`}
                element={() => rankingElement(data.children.rows, sort)}
              />
            )}
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
            <Table title='分类' rows={data.categories} className='stats-categories' onOpen={drillable ? (r) => void openDrill({ category: r.id }) : undefined} />
            {drillable && <Text className='muted'>点击分类查看各{CHILD_NAME[data.children.level]}的分布</Text>}
          </View>

          {data.departments.length > 0 && (
            <View className='card'>
              <Text className='section-title'>按职能部门</Text>
              <Table title='部门' rows={data.departments} className='stats-departments' onOpen={drillable ? (r) => void openDrill({ departmentId: r.id }) : undefined} />
            </View>
          )}

          {(drill || drillError) && (
            <View className='card stats-drill'>
              <ErrorBox message={drillError} />
              {drill && (
                <>
                  <Text className='section-title'>
                    {drill.filter.category ?? drill.filter.departmentName} · 按{CHILD_NAME[drill.level ?? 'grid']}
                  </Text>
                  <Table title={CHILD_NAME[drill.level ?? 'grid']} rows={drill.rows} sort='submitted' className='stats-drill-rows' />
                  <Text className='link stats-drill__close' onClick={() => setDrill(null)}>
                    收起
                  </Text>
                </>
              )}
            </View>
          )}

          <View className='card stats-export'>
            <Text className='section-title'>统计分析报告</Text>
            <Text className='hint'>按组织的各项比率、按分类统计、超期与不满意事项清单（xlsx）。</Text>
            <Button onClick={() => void exportReport()} busy={!!exporting} className='stats-export-btn'>
              导出统计分析报告
            </Button>
            {exporting && <Text className='muted stats-export__progress'>{exporting}</Text>}
            {exported && <Text className='muted stats-export__done'>已生成：{exported.name}</Text>}
            <ErrorBox message={exportError} />
          </View>

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
