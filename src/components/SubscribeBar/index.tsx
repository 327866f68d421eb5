import { useEffect } from 'react';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import { MOMENT_TEMPLATES, remainingLabel, templatesToAsk, type Moment } from '../../core/notify/moments';
import { notices } from '../../stores/notices';
import './index.css';

const ASK_TEXT: Record<Moment, string> = {
  submit: '订阅办理进展',
  follow: '订阅办理进展',
  rateUnsatisfied: '订阅整改结果',
  inbox: '开启新事项微信提醒',
  handled: '继续接收新事项微信提醒',
};

/**
 * How many WeChat notices the user will still get for a moment's templates, and (when none are
 * left) a button that asks for more. Every notice reaches 消息中心 either way.
 */
function SubscribeBar({ moment, className = '', hideButton = false }: { moment: Moment; className?: string; hideButton?: boolean }) {
  useEffect(() => {
    void notices.load();
  }, []);
  const status = notices.status;
  if (!status) return null;
  const templates = MOMENT_TEMPLATES[moment].map((id) => status.templates.find((t) => t.id === id)).filter((t) => !!t);
  const ask = templatesToAsk(status, moment);
  return (
    <View className={`subscribe-bar subscribe-bar-${moment} ${className}`}>
      <View className='subscribe-bar__lines'>
        {templates.map((t) => (
          <Text key={t.id} className={`subscribe-remaining subscribe-remaining-${t.remaining > 0 ? 'on' : 'off'}`}>
            微信通知 · {t.title}：{remainingLabel(t)}
          </Text>
        ))}
        <Text className='subscribe-bar__hint'>所有通知都会进入消息中心。</Text>
      </View>
      {ask.length > 0 && !hideButton && (
        <View className='subscribe-btn' onClick={() => void notices.ask(moment)}>
          <Text>{ASK_TEXT[moment]}</Text>
        </View>
      )}
    </View>
  );
}

export default observer(SubscribeBar);
