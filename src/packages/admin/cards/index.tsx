import { useState } from 'react';
import { useLoad, useRouter } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { FileResult, NodeView, WorkGroupView } from '../../../core/api/adminContract';
import { CardPdfInput } from '../../../core/adminSchemas';
import { parse } from '../../../core/schemas';
import { call } from '../../../services/api';
import { settle } from '../../../services/jobs';
import { platform } from '../../../services/platform';
import ErrorBox from '../../../components/ErrorBox';
import Chips from '../../../components/Chips';
import { errorText, readParam } from '../../../components/lib';
import AdminGate, { whenAdmin } from '../components/AdminGate';
import NodePicker from '../components/NodePicker';
import { adminStore } from '../components/store';
import '../components/admin.css';

type Mode = 'grid' | 'workGroup';
const MODES = [
  { value: 'grid' as const, label: '按网格' },
  { value: 'workGroup' as const, label: '按工作组' },
];

function CardsPage() {
  const params = useRouter().params;
  const paramGrid = readParam(params.gridId);
  const paramGroup = readParam(params.workGroupId);
  const [mode, setMode] = useState<Mode>(paramGroup && !paramGrid ? 'workGroup' : 'grid');
  const [groups, setGroups] = useState<WorkGroupView[]>([]);
  const [grid, setGrid] = useState<NodeView | null>(null);
  const [gridId, setGridId] = useState(paramGrid);
  const [scopeRoot, setScopeRoot] = useState('');
  const [workGroupId, setWorkGroupId] = useState(paramGroup);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [file, setFile] = useState<(FileResult & { count: number }) | null>(null);

  useLoad(() => {
    void whenAdmin(async () => {
      const roots = await adminStore.loadScope();
      if (roots.length === 1) setScopeRoot(roots[0].id);
      // Work groups are per community: offer them when the scope is one community.
      const community = roots.find((r) => r.level === 'community');
      if (community) {
        const res = await call('admin.workGroups.list', { communityId: community.id }).catch(() => null);
        if (res) setGroups(res.groups);
      }
      if (paramGrid) {
        const res = await call('admin.org.children', { parentId: paramGrid }).catch(() => null);
        if (res?.parent) setGrid(res.parent);
      }
    });
  });

  function pickGrid(n: NodeView) {
    setGrid(n);
    setGridId(n.id);
    setFile(null);
    setError('');
  }

  async function open(f: FileResult) {
    try {
      await platform.openFile(f.url, f.name);
    } catch {
      setError('文件已生成，但无法打开，请稍后重试');
    }
  }

  async function makePdf() {
    if (busy) return;
    setError('');
    setFile(null);
    const input = mode === 'grid' ? { gridId } : { workGroupId: workGroupId.trim() };
    if (mode === 'grid' && !gridId) return setError('请先选择网格');
    if (mode === 'workGroup' && !workGroupId.trim()) return setError('请填写工作组编号');
    const checked = parse(CardPdfInput, input);
    if (!checked.ok) return setError(checked.message);
    setBusy(true);
    try {
      // Many cards are drawn in the background; settle waits for the job.
      const res = await settle(await call('admin.card.pdf', checked.value));
      setFile(res);
      if (res.count > 0) await open(res);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AdminGate>
      {() => (
        <View className='page admin-cards'>
          <View className='card'>
            <Text className='section-title'>打印范围</Text>
            <Chips options={MODES} value={mode} onChange={(m) => { setMode(m); setFile(null); setError(''); }} chipClass='cards-mode-chip' />
            {mode === 'grid' ? (
              <View className='cards-grid'>
                <Text className='hint'>
                  {gridId ? `已选网格：${grid?.name ?? ''}（${gridId}）` : '请选择一个网格，生成本网格所有包保干部的联系卡。'}
                </Text>
                <NodePicker
                  startId={scopeRoot || undefined}
                  selectable={(n) => n.level === 'grid'}
                  canDrill={(n) => n.level === 'street' || n.level === 'community'}
                  value={grid ?? (gridId ? ({ id: gridId } as NodeView) : null)}
                  onChange={pickGrid}
                  rowClass='cards-grid-row'
                  emptyText='没有网格'
                />
              </View>
            ) : (
              <View className='cards-group'>
                {groups.length > 0 && (
                  <Chips
                    options={groups.map((g) => ({ value: g.id, label: `${g.name}（${g.memberIds.length}人）` }))}
                    value={workGroupId}
                    onChange={(g) => { setWorkGroupId(g); setFile(null); }}
                    chipClass='cards-group-chip'
                  />
                )}
                <Text className='field__label cards-group-label'>工作组编号</Text>
                <Input
                  className='input cards-workgroup-input'
                  value={workGroupId}
                  maxlength={48}
                  placeholder='如：JH01-01-WG01'
                  onInput={(e) => setWorkGroupId(e.detail.value)}
                />
                <Text className='hint'>生成该工作组全部组员的联系卡。</Text>
              </View>
            )}
          </View>

          <ErrorBox message={error} />
          {file && (
            <View className='card cards-result'>
              <Text className='pdf-count'>{file.count > 0 ? `已生成 ${file.count} 张联系卡` : '这个范围内没有可打印的联系卡'}</Text>
              <Text className='muted'>{file.name}</Text>
              {file.count > 0 && (
                <View className='btn btn-ghost pdf-open-btn' onClick={() => void open(file)}>
                  <Text>再次打开 PDF</Text>
                </View>
              )}
            </View>
          )}
          <View className={`btn btn-primary pdf-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void makePdf()}>
            <Text>{busy ? '正在生成…' : '生成联系卡 PDF'}</Text>
          </View>
          <Text className='hint'>每张卡含干部姓名、单位、职务、电话和二维码，居民扫码即可向干部反映诉求。</Text>
        </View>
      )}
    </AdminGate>
  );
}

export default observer(CardsPage);
