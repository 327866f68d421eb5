import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';

/** A labelled form field with its own error line. */
export default function Field({ label, error, name, children }: { label: string; error?: string; name?: string; children: ReactNode }) {
  return (
    <View className='field admin-field'>
      <Text className='field__label'>{label}</Text>
      {children}
      {error ? <Text className={`field-error ${name ? `field-error-${name}` : ''}`}>{error}</Text> : null}
    </View>
  );
}
