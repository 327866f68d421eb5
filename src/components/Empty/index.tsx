import { View, Text } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.css';

export default function Empty({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <View className='empty'>
      <Text className='empty__text'>{text}</Text>
      {children}
    </View>
  );
}
