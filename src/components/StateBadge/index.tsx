import { Text } from '@tarojs/components';
import type { ItemState } from '../../core/types';
import { STATE_LABEL } from '../../core/labels';
import './index.css';

export default function StateBadge({ state, label }: { state: ItemState; label?: string }) {
  return <Text className={`item-state state-badge state-${state}`}>{label || STATE_LABEL[state] || state}</Text>;
}

export function OverdueBadge() {
  return <Text className='overdue-badge'>逾期</Text>;
}
