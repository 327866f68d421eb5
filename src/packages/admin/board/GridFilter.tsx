import { useEffect, useState } from 'react';
import { Text } from '@tarojs/components';
import type { NodeView } from '../../../core/api/adminContract';
import type { BoardResult } from '../../../core/api/contract';
import { call } from '../../../services/api';
import { ChipPicker } from '../../../components/Form';
import { errorText } from '../../../components/lib';
import { FieldError } from '../../../components/Form';

/** 网格 filter: a community's grids; a street admin first picks the community. */
export default function GridFilter({ scope, value, onChange }: { scope: BoardResult['scope']; value: string; onChange: (gridId: string) => void }) {
  const [communities, setCommunities] = useState<NodeView[]>([]);
  const [communityId, setCommunityId] = useState(scope.level === 'community' ? scope.nodeId : '');
  const [grids, setGrids] = useState<NodeView[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    if (scope.level !== 'street') return;
    call('admin.org.children', { parentId: scope.nodeId })
      .then((r) => setCommunities(r.children.filter((n) => n.level === 'community')))
      .catch((e) => setError(errorText(e)));
  }, [scope.nodeId, scope.level]);

  useEffect(() => {
    if (!communityId) return setGrids([]);
    call('admin.org.children', { parentId: communityId })
      .then((r) => setGrids(r.children.filter((n) => n.level === 'grid')))
      .catch((e) => setError(errorText(e)));
  }, [communityId]);

  if (scope.level === 'grid') return null;
  return (
    <>
      {scope.level === 'street' && (
        <ChipPicker
          label='社区'
          options={[{ value: 'all', label: '全部社区' }, ...communities.map((c) => ({ value: c.id, label: c.name }))]}
          value={communityId || 'all'}
          onChange={(c) => {
            setCommunityId(c === 'all' ? '' : c);
            onChange('');
          }}
          chipClass='board-community-chip'
        />
      )}
      {communityId && (
        <ChipPicker
          label='网格'
          options={[{ value: 'all', label: '全部网格' }, ...grids.map((g) => ({ value: g.id, label: g.name }))]}
          value={value || 'all'}
          onChange={(g) => onChange(g === 'all' ? '' : g)}
          chipClass='board-grid-chip'
        />
      )}
      <FieldError message={error} />
    </>
  );
}
