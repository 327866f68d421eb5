import { useEffect, useRef, useState } from 'react';
import { View, Text } from '@tarojs/components';
import type { NodeView } from '../../../core/api/adminContract';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import { errorText } from '../../../components/lib';
import { GRID_TYPE_LABEL, LEVEL_LABEL } from './labels';

interface Props {
  /** Where browsing starts; without it, at the admin's scope roots. */
  startId?: string;
  selectable: (n: NodeView) => boolean;
  canDrill: (n: NodeView) => boolean;
  value: NodeView | null;
  onChange: (n: NodeView) => void;
  rowClass: string;
  emptyText?: string;
}

/** Drill-down chooser over the org tree: tap a row to choose it, "下级 ›" to open it. */
export default function NodePicker({ startId, selectable, canDrill, value, onChange, rowClass, emptyText = '没有可选的下级' }: Props) {
  const [stack, setStack] = useState<NodeView[]>([]);
  const [children, setChildren] = useState<NodeView[]>([]);
  const [startName, setStartName] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const seq = useRef(0);

  async function open(next: NodeView[]) {
    const mine = ++seq.current;
    setLoading(true);
    setError('');
    try {
      const parentId = next.length ? next[next.length - 1].id : startId;
      const res = await call('admin.org.children', parentId ? { parentId } : {});
      if (mine !== seq.current) return;
      setChildren(res.children);
      setStack(next);
      if (!next.length) setStartName(res.parent?.name ?? '管理范围');
    } catch (e) {
      if (mine === seq.current) setError(errorText(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }

  useEffect(() => {
    void open([]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [startId]);

  return (
    <View className='node-picker'>
      <View className='breadcrumb admin-breadcrumb'>
        <Text className='breadcrumb__item' onClick={() => stack.length && void open([])}>
          {startName || '…'}
        </Text>
        {stack.map((n, i) => (
          <Text key={n.id} className='breadcrumb__item' onClick={() => i < stack.length - 1 && void open(stack.slice(0, i + 1))}>
            {' › '}
            {n.name}
          </Text>
        ))}
      </View>
      <ErrorBox message={error} />
      {loading ? (
        <Text className='loading'>加载中…</Text>
      ) : (
        <View className='node-picker__list'>
          {children.length === 0 && <Text className='muted'>{emptyText}</Text>}
          {children.map((n) => {
            const pick = selectable(n);
            const drill = canDrill(n);
            const on = value?.id === n.id;
            return (
              <View
                key={n.id}
                className={`node-row ${rowClass} ${on ? 'node-row--on' : ''} ${pick ? '' : 'node-row--nav'}`}
                data-id={n.id}
                aria-selected={on}
                onClick={() => (pick ? onChange(n) : drill ? void open([...stack, n]) : undefined)}
              >
                <View className='node-row__main'>
                  <Text className='node-row__name'>
                    {on ? '✓ ' : ''}
                    {n.name}
                  </Text>
                  <Text className='node-row__meta'>
                    {LEVEL_LABEL[n.level]}
                    {n.gridType ? ` · ${GRID_TYPE_LABEL[n.gridType]}` : ''} · {n.id}
                  </Text>
                </View>
                {drill && (
                  <Text
                    className='node-row__drill'
                    onClick={(e) => {
                      e.stopPropagation();
                      void open([...stack, n]);
                    }}
                  >
                    下级 ›
                  </Text>
                )}
              </View>
            );
          })}
        </View>
      )}
      {stack.length > 0 && !loading && (
        <Text className='link node-picker__up' onClick={() => void open(stack.slice(0, -1))}>
          ‹ 返回上一级
        </Text>
      )}
    </View>
  );
}
