import { View, Text } from '@tarojs/components';
import './index.css';

export default function DemoBanner({ text = '演示模式：任何人都可以用下列演示账号登录（包括社区管理员），请勿录入真实信息' }: { text?: string }) {
  return (
    <View className='demo-banner'>
      <Text>{text}</Text>
    </View>
  );
}
