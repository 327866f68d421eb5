import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import FieldError from '../../../components/Form/FieldError';

/** A labelled form field with its own error line (which an ErrorBox on the page then leaves out). */
export default function Field({ label, error, name, children }: { label: string; error?: string; name?: string; children: ReactNode }) {
  return (
    <View className='field admin-field'>
      <Text className='field__label'>{label}</Text>
      {children}
      <FieldError message={error} className={name ? `field-error-${name}` : ''} />
    </View>
  );
}
