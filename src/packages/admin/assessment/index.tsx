import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { AssessmentResult } from '../../../core/engage/contract';
import { ASSESSMENT_METRICS, ASSESSMENT_PERIOD_KINDS, ASSESSMENT_PERIOD_LABEL, METRIC_LABEL, type AssessmentPeriodKind } from '../../../core/engage/assessment';
import { percent } from '../../../core/stats/rates';
import type { FileResult } from '../../../core/api/adminContract';
import { call } from '../../../services/api';
import { settle } from '../../../services/jobs';
import { platform } from '../../../services/platform';
import { session } from '../../../stores/session';
import ErrorBox from '../../../components/ErrorBox';
import Empty from '../../../components/Empty';
import { Button, ChipPicker } from '../../../components/Form';
import { errorText, readParam } from '../../../components/lib';
import { useLatestLoad } from '../../../components/useLatestLoad';
import '../components/admin.css';
import './index.css';

const KIND_OPTIONS = ASSESSMENT_PERIOD_KINDS.map((k) => ({ value: k, label: ASSESSMENT_PERIOD_LABEL[k] }));

/**
 * 五考排名: cadres and grid workers of the scope, ranked by the weighted score of their platform
 * statistics and 民主测评 for a month, quarter, half-year or year; xlsx export (jobs function).
 */
function AssessmentPage() {
  const nodeId = readParam(useRouter().params.nodeId);
  const [kind, setKind] = useState<AssessmentPeriodKind>('month');
  const [key, setKey] = useState('');
  const [data, setData] = useState<AssessmentResult | null>(null);
  const [exporting, setExporting] = useState('');
  const [exportError, setExportError] = useState('');
  const latest = useLatestLoad();

  const load = (k: AssessmentPeriodKind = kind, periodKey = key) =>
    latest.run(
      () => call('assessment.list', { kind: k, ...(periodKey ? { key: periodKey } : {}), ...(nodeId ? { nodeId } : {}) }),
      (r) => {
        setData(r);
        setKey(r.period.key);
      },
    );

  useDidShow(() => {
    void session.ensure().then(() => load());
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  async function exportXlsx() {
    if (exporting) return;
    setExporting('正在生成…');
    setExportError('');
    try {
      const f = await settle<FileResult>(
        await call('assessment.export', { kind, ...(key ? { key } : {}), ...(nodeId ? { nodeId } : {}) }),
        (j) => setExporting(j.total ? `正在生成 ${j.processed}/${j.total}` : j.message ?? '正在生成…'),
      );
      await platform.openFile(f.url, f.name || '五考排名.xlsx');
    } catch (e) {
      setExportError(errorText(e));
    } finally {
      setExporting('');
    }
  }

  const periodOptions = (data?.periods ?? []).map((p) => ({ value: p.key, label: p.label }));
  return (
    <View className='page assessment-page'>
      <View className='card'>
        <Text className='section-title'>{data ? `${data.scope.name} · ${data.period.label}` : '五考排名'}</Text>
        <ChipPicker label='考核周期' options={KIND_OPTIONS} value={kind} chipClass='assess-kind-chip' onChange={(k) => { setKind(k); setKey(''); void load(k, ''); }} />
        {periodOptions.length > 0 && (
          <ChipPicker label='考核期' options={periodOptions} value={key} chipClass='assess-period-chip' onChange={(k) => { setKey(k); void load(kind, k); }} />
        )}
        <Button kind='ghost' className='assess-export-btn' busy={!!exporting} busyText={exporting} onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
        <ErrorBox message={exportError} />
      </View>
      <ErrorBox message={latest.error} />
      {latest.loading && !data && <Text className='loading'>加载中…</Text>}
      {data && (
        <View className='card assess-list'>
          {data.rows.length === 0 && <Empty text='该范围内没有包保干部或网格员' />}
          {data.rows.map((r) => (
            <View key={r.personId} className='assess-row' data-id={r.personId}>
              <Text className='assess-row__rank'>{r.rank ?? '—'}</Text>
              <View className='assess-row__who'>
                <Text className='assess-row__name'>
                  {r.name} <Text className='muted'>{r.roleLabel} · {r.gridName}</Text>
                </Text>
                <Text className='assess-row__metrics'>
                  {ASSESSMENT_METRICS.map((m) => `${METRIC_LABEL[m]} ${m === 'democratic' ? (r.avgStars === null ? '—' : `${r.avgStars}星(${r.evaluations}人)`) : percent(r.metrics[m])}`).join(' · ')}
                </Text>
              </View>
              <Text className='assess-row__score'>{r.score === null ? '—' : r.score.toFixed(1)}</Text>
            </View>
          ))}
        </View>
      )}
      {data && (
        <View className='card'>
          <Text className='section-title'>权重</Text>
          <View className='assess-weights'>
            {ASSESSMENT_METRICS.map((m) => (
              <Text key={m} className='badge'>
                {METRIC_LABEL[m]} {data.weights[m]}
              </Text>
            ))}
          </View>
          <Text className='assess-note'>{data.note}（权重在“街道设置”中修改）</Text>
        </View>
      )}
    </View>
  );
}

export default observer(AssessmentPage);
