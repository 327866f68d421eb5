import { View, Text } from '@tarojs/components';
export default function Index() {
  return <View><Text>网格连心</Text></View>;
}
