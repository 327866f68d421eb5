import { View, Text } from '@tarojs/components';
import './index.css';

export default function DemoBanner({ text = '演示模式：以下为演示账号，仅用于体验' }: { text?: string }) {
  return (
    <View className='demo-banner'>
      <Text>{text}</Text>
    </View>
  );
}
