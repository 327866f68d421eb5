import { useRef, useState } from 'react';
import { useLoad, useRouter, useUnload } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { FileResult, ImportResult, JobView } from '../../../core/api/adminContract';
import { COLUMNS, KIND_NOTE } from '../../../core/importing/columns';
import { call, newRequestId } from '../../../services/api';
import { settle } from '../../../services/jobs';
import { platform } from '../../../services/platform';
import { session } from '../../../stores/session';
import ErrorBox from '../../../components/ErrorBox';
import Chips from '../../../components/Chips';
import { errorText, readParam } from '../../../components/lib';
import AdminGate, { whenAdmin } from '../components/AdminGate';
import { adminStore } from '../components/store';
import { FORMAT_OPTIONS, IMPORT_KIND_LABEL, IMPORT_KIND_OPTIONS, type ImportKind } from '../components/labels';
import '../components/admin.css';
import './index.css';

type Format = 'xlsx' | 'csv';
type Phase = '' | 'choosing' | 'uploading' | 'importing' | 'template' | 'export';
const MAX_BYTES = 20 * 1024 * 1024;
const POLL_MS = 500;
const JOB_ID = /^[A-Za-z0-9_-]{8,64}$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The template's columns, required ones marked, from the table the importer itself reads. */
const kindHint = (k: ImportKind) => `表头：${COLUMNS[k].map((c) => (c.required ? `${c.header}*` : c.header)).join('、')}（*为必填）${KIND_NOTE[k] ? `。${KIND_NOTE[k]}` : ''}`;

function jobIdFor(): string {
  const id = newRequestId();
  return JOB_ID.test(id) ? id : `job_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

function ImportPage() {
  const paramNode = readParam(useRouter().params.nodeId);
  const [kind, setKind] = useState<ImportKind>('households');
  const [format, setFormat] = useState<Format>('xlsx');
  const [nodeId, setNodeId] = useState(paramNode);
  const [phase, setPhase] = useState<Phase>('');
  const [fileName, setFileName] = useState('');
  const [job, setJob] = useState<JobView | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [resultKind, setResultKind] = useState<ImportKind>('households');
  const [error, setError] = useState('');
  const [exported, setExported] = useState<FileResult | null>(null);
  const alive = useRef(true);

  useUnload(() => {
    alive.current = false;
  });

  useLoad(() => {
    void whenAdmin(async () => {
      const roots = await adminStore.loadScope();
      if (!paramNode && roots[0]) setNodeId(roots[0].id);
    });
  });

  async function open(f: FileResult) {
    try {
      await platform.openFile(f.url, f.name);
    } catch {
      setError('文件已生成，但无法打开，请稍后重试');
    }
  }

  async function template() {
    if (phase) return;
    setError('');
    setPhase('template');
    try {
      await open(await call('admin.template', { kind, format }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPhase('');
    }
  }

  async function exportData() {
    if (phase) return;
    setError('');
    setExported(null);
    if (!nodeId) return setError('尚未给您分配管理范围，无法导出');
    setPhase('export');
    try {
      const f = await settle(await call('admin.export', { kind, format, nodeId }), undefined, () => alive.current);
      setExported(f);
      await open(f);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPhase('');
    }
  }

  async function runImport() {
    if (phase) return;
    setError('');
    setResult(null);
    setJob(null);
    setPhase('choosing');
    let done = false;
    try {
      // Must be the first await: the browser opens a file picker only inside the tap.
      const file = await platform.chooseSpreadsheet();
      if (!file) return;
      const ext = (/\.(xlsx|csv)$/i.exec(file.name)?.[1] ?? '').toLowerCase() as Format | '';
      if (!ext) throw new Error('请选择 .xlsx 或 .csv 文件');
      if (file.size > MAX_BYTES) throw new Error('文件超过 20MB，请拆分后分批导入');
      if (file.size === 0) throw new Error('文件是空的，请检查后重新选择');
      // The file's own type decides how it is read.
      setFormat(ext);
      setFileName(file.name);
      setPhase('uploading');
      const me = await session.ensure();
      const fileID = await platform.uploadFile(file, me?.openid ?? 'anon');
      if (!alive.current) return;
      setPhase('importing');
      const jobId = jobIdFor();
      const importKind = kind;
      // Poll progress while the import call runs; stop as soon as it answers.
      const poll = (async () => {
        while (!done && alive.current) {
          await sleep(POLL_MS);
          if (done || !alive.current) break;
          try {
            const j = await call('admin.job', { id: jobId });
            if (!done && alive.current) setJob(j);
          } catch {
            // The job may not exist yet; keep waiting for the import's own answer.
          }
        }
      })();
      try {
        // A large file continues in the background; settle waits for that job's result.
        const res = await settle(
          await call('admin.import', { kind: importKind, format: ext, fileID, jobId }),
          (j) => alive.current && setJob(j),
          () => alive.current,
        );
        done = true;
        if (alive.current) {
          // The result replaces the progress bar at once; the poller notices `done` and stops.
          setJob(null);
          setPhase('');
          setResult(res);
          setResultKind(importKind);
        }
      } finally {
        done = true;
        void poll;
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      done = true;
      setPhase('');
    }
  }

  const pct = job && job.total > 0 ? Math.min(100, Math.round((job.processed / job.total) * 100)) : 0;
  const busy = !!phase;

  return (
    <AdminGate>
      {() => (
        <View className='page admin-import'>
          <View className='card'>
            <Text className='section-title'>数据类型</Text>
            <Chips options={IMPORT_KIND_OPTIONS} value={kind} onChange={setKind} chipClass='import-kind-chip' disabled={busy} />
            <Text className='hint import-kind-hint'>{kindHint(kind)}</Text>
            <Text className='field__label import-format-label'>文件格式</Text>
            <Chips options={FORMAT_OPTIONS} value={format} onChange={setFormat} chipClass='import-format-chip' disabled={busy} />
          </View>

          <View className='card'>
            <Text className='section-title'>导入</Text>
            <Text className='hint'>先下载模板，按模板填写后导入。整个文件校验通过才会写入；有任何错误都不会修改数据。</Text>
            <View className={`btn btn-ghost template-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void template()}>
              <Text>{phase === 'template' ? '正在生成模板…' : `下载${IMPORT_KIND_LABEL[kind]}模板`}</Text>
            </View>
            <View className={`btn btn-primary import-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void runImport()}>
              <Text>
                {phase === 'choosing' ? '请选择文件…' : phase === 'uploading' ? '正在上传…' : phase === 'importing' ? '正在导入…' : `选择文件并导入${IMPORT_KIND_LABEL[kind]}`}
              </Text>
            </View>

            {(phase === 'uploading' || phase === 'importing') && (
              <View className='import-progress' data-processed={job?.processed ?? 0} data-total={job?.total ?? 0}>
                <Text className='muted'>{fileName}</Text>
                <View className='progress'>
                  <View className='progress__bar' style={{ width: `${phase === 'uploading' ? 0 : pct}%` }} />
                </View>
                <Text className='progress__text'>
                  {phase === 'uploading'
                    ? '正在上传文件…'
                    : job && job.total > 0
                      ? `已处理 ${job.processed} / ${job.total} 行（${pct}%）`
                      : '正在读取文件…'}
                </Text>
                {job?.message && <Text className='muted import-progress__msg'>{job.message}</Text>}
                {job?.interrupted && (
                  // 已中断: the run stopped; start it again now instead of waiting for the jobs trigger.
                  <View className='btn btn-ghost import-resume' onClick={() => void call('admin.job.resume', { id: job.id }).then((j) => alive.current && setJob(j), (e) => setError(errorText(e)))}>
                    <Text>继续导入</Text>
                  </View>
                )}
              </View>
            )}

            <ErrorBox message={error} />

            {result && (
              <View className={`import-result ${result.ok ? 'import-result--ok' : 'import-result--bad'}`} data-ok={result.ok ? '1' : '0'}>
                {result.ok ? (
                  <View className='success-box'>
                    <Text>
                      {IMPORT_KIND_LABEL[resultKind]}导入完成：新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}
                    </Text>
                  </View>
                ) : (
                  <View className='import-errors'>
                    <View className='import-errors__head' role='alert'>
                      <Text>文件有错误，未做任何修改</Text>
                    </View>
                    <Text className='hint'>
                      共 {result.total} 处错误{result.total > result.errors.length ? `，以下列出前 ${result.errors.length} 处` : ''}。请修改文件后重新导入。
                    </Text>
                    <View className='table-row table-row--head'>
                      <Text className='table-row__row'>行</Text>
                      <Text className='table-row__col'>列</Text>
                      <Text className='table-row__msg'>说明</Text>
                    </View>
                    {result.errors.map((er, i) => (
                      <View key={`${er.row}-${er.column}-${i}`} className='table-row import-error-row' data-row={er.row}>
                        <Text className='table-row__row'>{er.row > 0 ? `第${er.row}行` : '文件'}</Text>
                        <Text className='table-row__col'>{er.column || '—'}</Text>
                        <Text className='table-row__msg'>{er.message}</Text>
                      </View>
                    ))}
                  </View>
                )}
              </View>
            )}
          </View>

          <View className='card'>
            <Text className='section-title'>导出</Text>
            {adminStore.roots.length > 1 && (
              <Chips options={adminStore.roots.map((r) => ({ value: r.id, label: r.name }))} value={nodeId} onChange={setNodeId} chipClass='export-root-chip' />
            )}
            <Text className='hint'>
              导出{adminStore.roots.find((r) => r.id === nodeId)?.name ?? nodeId}的{IMPORT_KIND_LABEL[kind]}数据（{format === 'xlsx' ? 'Excel' : 'CSV'}），可修改后再导入。
            </Text>
            <View className={`btn btn-ghost export-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void exportData()}>
              <Text>{phase === 'export' ? '正在导出…' : `导出${IMPORT_KIND_LABEL[kind]}`}</Text>
            </View>
            {exported && (
              <Text className='link export-again' onClick={() => void open(exported)}>
                已导出 {exported.name}，点此再次打开
              </Text>
            )}
          </View>
        </View>
      )}
    </AdminGate>
  );
}

export default observer(ImportPage);
