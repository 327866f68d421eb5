import { View, Text } from '@tarojs/components';
import type { TimelineView } from '../../core/api/contract';
import PhotoGrid from '../PhotoGrid';
import { listTime } from '../lib';
import './index.css';

/** Every state change with who did it; newest first so the current step is on top. */
export default function Timeline({ events }: { events: TimelineView[] }) {
  if (!events?.length) return <Text className='muted'>暂无记录</Text>;
  const list = [...events].reverse();
  return (
    <View className='timeline'>
      {list.map((e, i) => (
        <View key={`${e.at}-${i}`} className={`timeline-event ${i === 0 ? 'timeline-event--latest' : ''}`}>
          <View className='timeline-event__dot' />
          <View className='timeline-event__body'>
            <View className='timeline-event__head'>
              <Text className='timeline-event__action'>{e.actionLabel}</Text>
              {e.toLabel && <Text className='timeline-event__to'>→ {e.toLabel}</Text>}
            </View>
            <Text className='timeline-event__who'>
              {e.actor}
              {e.actorRoleLabel ? `（${e.actorRoleLabel}）` : ''} · {listTime(e.at)}
            </Text>
            {e.note && <Text className='timeline-event__note'>{e.note}</Text>}
            <PhotoGrid photos={e.photos} />
          </View>
        </View>
      ))}
    </View>
  );
}
