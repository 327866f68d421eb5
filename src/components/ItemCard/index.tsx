import { View, Text } from '@tarojs/components';
import type { ItemSummary } from '../../core/api/contract';
import StateBadge, { OverdueBadge } from '../StateBadge';
import { firstLine, listTime } from '../lib';
import './index.css';

interface Props {
  item: ItemSummary;
  onClick: () => void;
  /** Extra class, e.g. "inbox-row" in the cadre inbox. */
  className?: string;
}

export default function ItemCard({ item, onClick, className = '' }: Props) {
  return (
    <View className={`item-card ${className}`} data-id={item.id} onClick={onClick}>
      <View className='item-card__top'>
        <Text className='item-card__kind'>{item.kindLabel}</Text>
        <Text className='item-card__category'>{item.category}</Text>
        {item.levelLabel && item.level !== 'grid' ? <Text className='item-card__level'>{item.levelLabel}</Text> : null}
        <View className='item-card__badges'>
          {item.overdue && <OverdueBadge />}
          <StateBadge state={item.state} label={item.stateLabel} />
        </View>
      </View>
      <Text className='item-card__desc'>{firstLine(item.description)}</Text>
      <View className='item-card__meta'>
        <Text>{listTime(item.createdAt)}</Text>
        <Text className='item-card__holder'>处理人：{item.holderName || '—'}</Text>
      </View>
      {item.rectifyCount > 0 && <Text className='item-card__rectify'>已整改 {item.rectifyCount} 次</Text>}
    </View>
  );
}
